"""CLI command ``roleplay tui`` (registered on roleplay.cli.main.app).

``roleplay tui SCENARIO`` runs a debate live in the terminal UI; ``roleplay tui RUN_DIR``
replays a saved run folder (one holding ``events.jsonl``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from roleplay.cli.app import app, err_console, lang_option, print_error, rounds_option
from roleplay.errors import InputError
from roleplay.formats.text import check_lang
from roleplay.runs.transcript import EVENTS


@app.command(help="cli-cmd-tui")
def tui(
    target: str = typer.Argument(..., help="cli-opt-tui-target"),
    seed: int | None = typer.Option(None, help="cli-opt-seed"),
    lang: str | None = lang_option("cli-opt-lang-tui"),
    rounds: int | None = rounds_option(),
    model: str | None = typer.Option(None, help="cli-opt-model"),
    base_url: str | None = typer.Option(None, "--base-url", help="cli-opt-tui-base-url"),
    cache: Path | None = typer.Option(None, "--cache", help="cli-opt-tui-cache"),
    human: list[str] = typer.Option([], help="cli-opt-human"),
    pace: float = typer.Option(0.0, "--pace", help="cli-opt-pace"),
    start_paused: bool = typer.Option(False, "--start-paused", help="cli-opt-start-paused"),
    instant: bool = typer.Option(False, "--instant", help="cli-opt-instant"),
    out: Path = typer.Option(Path("transcripts"), help="cli-opt-out"),
    theme: str = typer.Option("dark", help="cli-opt-theme"),
    end: bool = typer.Option(False, "--end", help="cli-opt-end"),
) -> None:
    """Watch and steer a debate in the terminal UI, or replay a saved run."""
    from roleplay.tui import LiveApp, live_app, replay_app
    from roleplay.tui.app import DebateApp

    path = Path(target)
    if path.is_dir() and (path / EVENTS).is_file():
        from roleplay.tui.run_index import RunIndex

        tui_app: DebateApp = replay_app(
            RunIndex.open(path), path, lang=check_lang(lang), theme=theme, at_end=end
        )
    elif path.is_dir():
        raise InputError("error-tui-folder", path=path, name=EVENTS)
    else:
        from roleplay.debate.session import new_run_folder, prepare
        from roleplay.llm.options import run_options

        setup, backends = prepare(
            target,
            seed=seed,
            lang=check_lang(lang),
            rounds=rounds,
            model=model,
            base_url=base_url,
            **run_options(cache),
        )
        from roleplay.tui.pace import Pace

        if pace < 0:
            raise InputError("error-pace", pace=pace)
        speed = Pace(chars_per_s=None if instant else Pace().chars_per_s, min_turn_s=pace)
        run_id, folder = new_run_folder(out, setup.scenario.id)
        tui_app = live_app(
            setup, backends, folder, run_id, human=human, theme=theme, pace=speed, start_paused=start_paused
        )
    tui_app.run()
    if tui_app.error:
        print_error(tui_app.error)
        raise typer.Exit(1)
    if isinstance(tui_app, LiveApp) and tui_app.engine is not None:
        from roleplay.i18n.catalog import t

        err_console.print(t("cli-run-folder", tui_app.setup.lang, path=str(tui_app.folder)), markup=False)
