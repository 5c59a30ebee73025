"""Run the `assistant` command in this process (typer's CliRunner), with the real corpus and files.

Settings come from the keywords given and JXMB_CORPUS_DIR only: the machine's JXMB_ variables are
removed and the command runs in an empty folder, away from any `.env`. An exception escaping the
command fails the test (a user would have seen a traceback).
"""

import os

import pytest
from typer.testing import CliRunner

from tests.conftest import CORPUS


@pytest.fixture(scope="session", autouse=True)
def wide_consoles():
    """A wide terminal, so that table cells are not folded across lines."""
    from assistant.cli._app import err, out

    widths = out.width, err.width
    out.width = err.width = 240
    yield
    out.width, err.width = widths


@pytest.fixture
def cli(monkeypatch, tmp_path_factory):
    from assistant.cli import app
    from assistant.settings import get_settings

    def run(*args, cwd=None, **env):
        for key in [key for key in os.environ if key.startswith("JXMB_")]:
            monkeypatch.delenv(key)
        for key, value in {"JXMB_CORPUS_DIR": str(CORPUS), **env}.items():
            monkeypatch.setenv(key, value)
        monkeypatch.chdir(cwd or tmp_path_factory.mktemp("cwd"))
        get_settings.cache_clear()
        try:
            return CliRunner().invoke(app, [str(arg) for arg in args], prog_name="assistant",
                                      catch_exceptions=False)
        finally:
            get_settings.cache_clear()

    return run


@pytest.fixture(scope="session")
def cli_data_dir(built_index_dir, tmp_path_factory):
    """A copy of the real-corpus index shared by the CLI tests that only read it."""
    import shutil

    target = tmp_path_factory.mktemp("cli_index") / "data"
    shutil.copytree(built_index_dir, target)
    return target
