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


@app.command()
def tui(
    target: str = typer.Argument(..., help="a scenario id or YAML path (live), or a run folder (replay)"),
    seed: int | None = typer.Option(None, help="random seed (default: the scenario's)"),
    lang: str | None = lang_option("zh or en (default: the scenario's, or the run's)"),
    rounds: int | None = rounds_option(),
    model: str | None = typer.Option(
        None,
        help="backend for every persona: offline, openai:MODEL, "
        "deepseek:MODEL, ollama:MODEL or openai-compatible:MODEL",
    ),
    base_url: str | None = typer.Option(None, "--base-url", help="server URL (needed by openai-compatible)"),
    cache: Path | None = typer.Option(None, "--cache", help="sqlite file of model replies"),
    human: list[str] = typer.Option(
        [], help="persona id played by a person at the keyboard (repeat for several seats, in turn)"
    ),
    pace: float = typer.Option(
        0.0, "--pace", help="live: each turn lasts at least SECONDS (speed keys + and - scale it)"
    ),
    start_paused: bool = typer.Option(
        False, "--start-paused", help="live: announce round 1, then wait for space or n"
    ),
    instant: bool = typer.Option(
        False, "--instant", help="live: show speech at once instead of streaming it at a readable rate"
    ),
    out: Path = typer.Option(Path("transcripts"), help="folder for run folders"),
    theme: str = typer.Option("dark", help="dark or light"),
    end: bool = typer.Option(False, "--end", help="replay: open at the end of the run"),
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
        err_console.print(f"run folder: {tui_app.folder}")
