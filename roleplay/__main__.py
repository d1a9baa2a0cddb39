"""``python -m roleplay``: the CLI."""

from .cli import main

main()
