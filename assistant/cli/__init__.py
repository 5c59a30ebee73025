"""The `assistant` command: a thin layer over library functions, one module per command group.

Bad input ends with a Chinese message naming the file and line, and exit code 2;
never a traceback.
"""

from __future__ import annotations

import sys

# Each module registers its commands on `app`.
from assistant.cli import ask, check, corpus, draft, index, llm  # noqa: E402,F401
from assistant.cli._app import app, err
from assistant.errors import UserError


def main() -> None:
    try:
        app()
    except UserError as exc:
        err.print(f"[red]错误[/red]：{exc.user_message()}", markup=True, highlight=False)
        sys.exit(2)


