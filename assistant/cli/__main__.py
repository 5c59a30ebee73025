"""`python -m assistant.cli`: the `assistant` command."""

from assistant.cli import main

main()
