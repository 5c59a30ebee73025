"""The `assistant` command: a thin layer over library functions, one module per command group.

Each command imports what it needs when it runs, so that `assistant --help` starts fast. Bad
input ends with a Chinese message naming the file and line, and exit code 2; never a traceback
(`chinese.ChineseGroup.main` catches usage errors and `UserError`s).
"""

from __future__ import annotations

# Each module registers its commands on `app`.
from assistant.cli import ask, check, corpus, draft, index, llm  # noqa: E402,F401
from assistant.cli._app import app


def main() -> None:
    app()
