"""The web app in a real browser: `python app.py` started on a free 127.0.0.1 port with its
data folder and a copy of the corpus in tmp (approvals never touch the repo's corpus),
driven by Playwright with Debian's chromium. One screenshot per flow in test-artifacts/."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 240


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, built_index_dir):
    """The app's URL and its folders; the app runs offline (no LLM endpoint)."""
    root = tmp_path_factory.mktemp("app")
    corpus_dir = root / "corpus"
    data_dir = root / "data"
    shutil.copytree(CORPUS, corpus_dir)
    shutil.copytree(built_index_dir, data_dir)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JXMB_")}
    env.update({"JXMB_DATA_DIR": str(data_dir), "JXMB_CORPUS_DIR": str(corpus_dir), "JXMB_APP_HOST": "127.0.0.1",
                "JXMB_APP_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False",
                "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1"})
    log_path = root / "app.log"
    with open(log_path, "wb") as log:
        # cwd in tmp: no .env of the developer's machine is read.
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=root, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"app.py exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer within {STARTUP_SECONDS}s:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        yield {"url": url, "data_dir": data_dir, "corpus_dir": corpus_dir, "log": log_path}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("没有 /usr/bin/chromium：请用 make test 运行（会用 apt-get 安装 chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def page(request, browser, app_server):
    """A fresh browser profile (empty localStorage) on the app, with downloads allowed. A failed
    test leaves a screenshot of where it stopped."""
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, accept_downloads=True, locale="zh-CN")
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(app_server["url"])
    page.wait_for_selector("#mode-banner")
    yield page
    if getattr(request.node, "failed_call", False):
        screenshot(page, f"FAILED_{request.node.name}")
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`make test` runs two workers) the browser tests share one worker: they share
    one app server, and two browsers at once would only slow each other."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
