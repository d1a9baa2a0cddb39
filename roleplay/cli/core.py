"""The debate commands: ``run``, ``validate``, ``personas``, ``scenarios``, ``show``, ``score``,
``schema`` (registered on roleplay.cli.app.app)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from roleplay.cli.app import (
    app,
    check_out_dir,
    console,
    err_console,
    exit_130_on_interrupt,
    lang_option,
    print_error,
    rounds_option,
)
from roleplay.errors import RoleplayError
from roleplay.formats.text import check_lang


@app.command()
def run(
    scenario: str = typer.Argument(..., help="bundled scenario id (see `roleplay scenarios`) or a YAML path"),
    seed: int | None = typer.Option(None, help="random seed (default: the scenario's)"),
    lang: str | None = lang_option(),
    rounds: int | None = rounds_option(),
    out: Path = typer.Option(Path("transcripts"), help="folder for run folders"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print only the scorecard and the folder"),
    # --- LLM backends (roleplay.llm, issue #3) ---
    model: str | None = typer.Option(
        None,
        "--model",
        help="backend for every persona: offline, openai:MODEL, "
        "deepseek:MODEL, ollama:MODEL or openai-compatible:MODEL",
    ),
    base_url: str | None = typer.Option(
        None, "--base-url", help="server URL, e.g. http://127.0.0.1:8000/v1 (needed by openai-compatible)"
    ),
    cache: Path | None = typer.Option(
        None, "--cache", help="sqlite file of model replies; a rerun with the same seed makes no calls"
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="print every prompt of the first round and exit (no model is called, no key is needed)",
    ),
    moderator_model: str | None = typer.Option(
        None,
        "--moderator-model",
        help="an LLM judge that scores the "
        "debate beside the deterministic scorer (default: the "
        "scenario's moderator_backend; offline = no judge)",
    ),
) -> None:
    """Run a whole debate and save it as a transcript folder."""
    from roleplay.cli.console import ConsolePrinter
    from roleplay.debate.session import new_run_folder, prepare, run_to_folder

    if dry_run:
        from roleplay.llm.preview import preview_scenario, preview_text

        console.print(
            preview_text(
                preview_scenario(
                    scenario, seed=seed, lang=check_lang(lang), rounds=rounds, model=model, base_url=base_url
                )
            ),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return
    from roleplay.debate.backends import make_judge
    from roleplay.llm.options import run_options

    opts = run_options(cache)
    setup, backends = prepare(
        scenario, seed=seed, lang=check_lang(lang), rounds=rounds, model=model, base_url=base_url, **opts
    )
    judge_spec = moderator_model or setup.scenario.moderator_backend
    judge = make_judge(judge_spec, base_url=base_url, **opts)
    check_out_dir(out)
    run_id, folder = new_run_folder(out, setup.scenario.id)
    printer = ConsolePrinter(console, quiet=quiet)
    try:
        with exit_130_on_interrupt(f"interrupted; every finished turn is kept in {folder}"):
            asyncio.run(
                run_to_folder(
                    setup,
                    backends,
                    folder,
                    run_id,
                    sinks=[printer],
                    judge=judge,
                    moderator_label=judge.label if judge else "offline",
                )
            )
    except RoleplayError:
        err_console.print(f"the events so far are kept in {folder}")
        raise  # printed as ``error: ...`` by the ErrorGroup
    console.print(f"saved: {folder}")
    if printer.status == "failed":
        raise typer.Exit(1)


@app.command()
def validate(paths: list[Path] = typer.Argument(..., help="persona or scenario YAML files")) -> None:
    """Check persona and scenario files; print one line per file."""
    from roleplay.formats.validation import validate_file

    bad = 0
    for p in paths:
        try:
            kind = validate_file(p)
            console.print(f"[green]ok[/]  {p} ({kind})")
        except RoleplayError as e:
            bad += 1
            print_error(e)
    if bad:
        raise typer.Exit(2)


@app.command()
def personas() -> None:
    """List the bundled personas."""
    from rich.table import Table

    from roleplay.formats.catalog import bundled_personas, load_persona

    t = Table("id", "中文", "English", "role", header_style="bold")
    for pid, path in bundled_personas().items():
        p = load_persona(path)
        t.add_row(pid, p.name.zh, p.name.en, p.role.en, style=p.color)
    console.print(t)


@app.command()
def scenarios() -> None:
    """List the bundled scenarios."""
    from rich.table import Table

    from roleplay.formats.catalog import bundled_scenarios
    from roleplay.formats.scenario import Scenario
    from roleplay.formats.yamlfile import load_model

    t = Table("id", "lang", "rounds", "title", header_style="bold")
    for sid, path in bundled_scenarios().items():
        s = load_model(path, Scenario)
        t.add_row(sid, s.lang, str(len(s.agenda)), f"{s.title.zh}\n{s.title.en}")
    console.print(t)


def _load(run_dir: Path):
    """Load a run folder, warning about lines it had to skip (hand-edited or damaged)."""
    from roleplay.runs.transcript import load_run

    run = load_run(run_dir)
    for problem in run.skipped:
        from rich.text import Text

        err_console.print(
            Text.assemble(("warning: ", "yellow"), f"{run_dir / 'events.jsonl'}: {problem}"), soft_wrap=True
        )
    return run


@app.command()
def show(run_dir: Path = typer.Argument(..., help="a run folder")) -> None:
    """Print a saved run's transcript (Markdown) to the terminal."""
    from rich.markdown import Markdown

    from roleplay.runs.report import markdown

    console.print(Markdown(markdown(_load(run_dir))))


@app.command()
def score(
    run_dir: Path = typer.Argument(..., help="a run folder"),
    write: bool = typer.Option(True, help="rewrite scorecard.json and transcript.md"),
) -> None:
    """Re-score a saved run with the deterministic scorer and print the scorecard."""
    from roleplay.cli.console import print_scorecard
    from roleplay.scoring.rescore import rescore

    run = _load(run_dir)
    card = rescore(run)
    print_scorecard(console, run, card)
    if write:
        from roleplay.runs.report import keep_edited, write_markdown
        from roleplay.runs.transcript import write_scorecard

        kept = keep_edited(run_dir, run)
        write_scorecard(run_dir, run, card)
        write_markdown(run_dir, run)
        console.print(f"rewritten: {run_dir / 'scorecard.json'}, {run_dir / 'transcript.md'}")
        if kept:
            console.print(f"your edited transcript.md was kept as {kept}")


@app.command()
def schema(kind: str = typer.Argument(..., help="persona | scenario | workshop | event | scorecard")) -> None:
    """Print a JSON Schema so editors can validate files."""
    import json

    from roleplay.formats.validation import json_schema

    console.print_json(json.dumps(json_schema(kind), ensure_ascii=False))
