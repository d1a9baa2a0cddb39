"""CLI commands for teachers and authors (registered on roleplay.cli.main.app): ``roleplay kit``
writes a scenario's teaching kit (roleplay.runs.kit); ``roleplay new`` writes a starter
scenario, persona or workshop (roleplay.runs.starter)."""

from __future__ import annotations

from pathlib import Path

import typer

from roleplay.cli.app import app, console, lang_option
from roleplay.errors import InputError


@app.command(help="cli-cmd-kit")
def kit(
    scenario: str = typer.Argument(..., help="cli-opt-scenario-kit"),
    run: Path | None = typer.Option(None, "--run", help="cli-opt-kit-run"),
    out: Path | None = typer.Option(None, "--out", help="cli-opt-kit-out"),
    lang: str | None = lang_option("cli-opt-lang-kit"),
    fmt: str | None = typer.Option(None, "--format", "-f", help="cli-opt-kit-format"),
    force: bool = typer.Option(False, "--force", help="cli-opt-force-kit"),
) -> None:
    """Write a teaching kit: learning objectives, role cards, 45/90-minute run sheets, debrief."""
    from roleplay.formats.catalog import resolve_scenario
    from roleplay.runs.kit import FORMATS, LANGS, write_kit

    if fmt is not None and fmt not in FORMATS:
        raise InputError("error-format-md-html", fmt=fmt)
    if run is not None and not (run / "events.jsonl").is_file():
        raise InputError("error-not-run-folder", run=run)
    name = Path(scenario).stem if scenario.endswith((".yaml", ".yml")) else scenario
    resolve_scenario(scenario)
    folder = out or Path.cwd() / f"kit-{name}"
    paths = write_kit(
        scenario,
        folder,
        langs=(lang,) if lang else LANGS,  # type: ignore[arg-type]  # checked by lang_option
        formats=(fmt,) if fmt else FORMATS,
        run_dir=run,
        force=force,
    )
    for p in paths:
        console.print(str(p))


@app.command(help="cli-cmd-new")
def new(
    kind: str = typer.Argument(..., help="cli-opt-new-kind"),
    name: str = typer.Argument(..., help="cli-opt-new-name"),
    source: str | None = typer.Option(None, "--from", help="cli-opt-new-from"),
    force: bool = typer.Option(False, "--force", help="cli-opt-force-file"),
) -> None:
    """Write a commented starter file: ./NAME.yaml (scenario, workshop) or ./personas/NAME.yaml."""
    from roleplay.runs.starter import write_starter

    path = write_starter(kind, name, Path.cwd(), source=source, force=force)
    console.print(str(path))
