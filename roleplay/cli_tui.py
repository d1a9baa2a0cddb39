"""CLI command ``roleplay tui`` (registered on roleplay.cli.app)."""
