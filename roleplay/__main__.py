"""``python -m roleplay``: the CLI."""

from roleplay.cli.main import main

main()
