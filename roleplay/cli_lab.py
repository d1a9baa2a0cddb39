"""CLI commands for workshops, batches, exports and the run library (registered on roleplay.cli.app)."""
