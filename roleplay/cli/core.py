"""The debate commands: ``run``, ``validate``, ``personas``, ``scenarios``, ``show``, ``score``,
``schema`` (registered on roleplay.cli.app.app)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
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
    scenario: str | None = typer.Argument(
        None, help="bundled scenario id (see `roleplay scenarios`) or a YAML path"
    ),
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
        None,
        "--base-url",
        help="server of the ollama and openai-compatible seats that name none, e.g. "
        "http://127.0.0.1:8000/v1 (a seat's own MODEL@URL wins; openai and deepseek seats "
        "always call their own hosts)",
    ),
    context_tokens: int | None = typer.Option(
        None,
        "--context-tokens",
        help="context window of every LLM seat in tokens (default: what the server reports, "
        "else 8192 for openai-compatible and 4096 for ollama; env ROLEPLAY_CONTEXT_TOKENS)",
    ),
    call_timeout: float | None = typer.Option(
        None,
        "--call-timeout",
        help="seconds to wait for a reply's first byte and between its chunks "
        "(default 45; env ROLEPLAY_CALL_TIMEOUT_S)",
    ),
    connect_timeout: float | None = typer.Option(
        None,
        "--connect-timeout",
        help="seconds to open a connection (default 5; env ROLEPLAY_CONNECT_TIMEOUT_S)",
    ),
    turn_deadline: float | None = typer.Option(
        None,
        "--turn-deadline",
        help="seconds for one whole turn, retries and repair included (default 120; env ROLEPLAY_TURN_DEADLINE_S)",
    ),
    max_tokens: int | None = typer.Option(
        None, "--max-tokens", help="reply cap per call in tokens (default 900; env ROLEPLAY_MAX_TOKENS)"
    ),
    retries: int | None = typer.Option(
        None,
        "--retries",
        help="retries allowed over the whole debate (default 30; env ROLEPLAY_RETRY_BUDGET)",
    ),
    cache: Path | None = typer.Option(
        None, "--cache", help="sqlite file of model replies; a rerun with the same seed makes no calls"
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="print every prompt of the first round and an estimate of each LLM seat's tokens for "
        "the whole debate, then exit (no model is called, no key is needed)",
    ),
    price: float | None = typer.Option(
        None,
        "--price",
        min=0,
        help="with --dry-run: price per million prompt tokens, to estimate each seat's cost",
    ),
    price_out: float | None = typer.Option(
        None,
        "--price-out",
        min=0,
        help="with --dry-run: price per million completion tokens (default: --price)",
    ),
    moderator_model: str | None = typer.Option(
        None,
        "--moderator-model",
        help="an LLM judge that scores the "
        "debate beside the deterministic scorer (default: the "
        "scenario's moderator_backend; offline = no judge)",
    ),
    resume: Path | None = typer.Option(
        None,
        "--resume",
        help="continue this interrupted run folder from its last finished turn "
        "(with the options it was started with)",
    ),
) -> None:
    """Run a whole debate and save it as a transcript folder (or resume one with --resume)."""
    from roleplay.cli.console import ConsolePrinter
    from roleplay.debate.session import new_run_folder, prepare, run_to_folder
    from roleplay.errors import InputError
    from roleplay.runs.locks import folder_lock
    from roleplay.runs.resume import dump_options, write_options

    if resume is not None:
        if scenario is not None:
            raise InputError("error-run-scenario-and-resume")
        _resume(resume, quiet)
        return
    if scenario is None:
        raise InputError("error-run-no-scenario")
    if not dry_run and (price is not None or price_out is not None):
        flag = "--price" if price is not None else "--price-out"
        raise InputError("error-price-needs-dry-run", flag=flag)
    if dry_run:
        from roleplay.llm.preview import (
            REPLY_TOKENS,
            dry_setup,
            estimate_debate,
            estimate_text,
            first_round_prompts,
            preview_text,
        )

        setup, specs = dry_setup(scenario, seed=seed, lang=check_lang(lang), rounds=rounds, model=model)
        estimates = estimate_debate(setup, specs, base_url=base_url, price_in=price, price_out=price_out)
        text = preview_text(first_round_prompts(setup, specs, base_url=base_url))
        text += "\n" + estimate_text(estimates, REPLY_TOKENS)
        console.print(text, markup=False, highlight=False, soft_wrap=True)
        return
    from roleplay.debate.backends import make_judge
    from roleplay.llm.options import run_options

    opts = run_options(
        cache,
        retries,
        context_tokens=context_tokens,
        call_timeout_s=call_timeout,
        connect_timeout_s=connect_timeout,
        turn_deadline_s=turn_deadline,
        max_tokens=max_tokens,
    )
    setup, backends = prepare(
        scenario, seed=seed, lang=check_lang(lang), rounds=rounds, model=model, base_url=base_url, **opts
    )
    judge_spec = moderator_model or setup.scenario.moderator_backend
    judge = make_judge(judge_spec, base_url=base_url, **opts)
    check_out_dir(out)
    run_id, folder = new_run_folder(out, setup.scenario.id)
    printer = ConsolePrinter(console, quiet=quiet)
    try:
        folder.mkdir(exist_ok=False)
    except FileExistsError as e:
        raise InputError("error-run-folder-exists", path=folder) from e
    write_options(
        folder,
        dump_options(
            rounds=rounds, model=model, base_url=base_url, moderator_model=moderator_model, cache=cache
        ),
    )
    try:
        with (
            folder_lock(folder, "run"),
            exit_130_on_interrupt(
                f"interrupted; every finished turn is kept in {folder}; continue it with "
                f"`roleplay run --resume {folder}`"
            ),
        ):
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


def _resume(folder: Path, quiet: bool) -> None:
    """``roleplay run --resume FOLDER``: continue a run from its last finished turn
    (roleplay.runs.resume), printing the new turns."""
    from roleplay.cli.console import ConsolePrinter
    from roleplay.debate.backends import backend_specs, make_backend, make_judge
    from roleplay.errors import InputError
    from roleplay.llm.options import run_options
    from roleplay.runs.locks import folder_lock
    from roleplay.runs.resume import load_for_resume, resume_to_folder, setup_of

    if folder.is_symlink():
        raise InputError("error-resume-symlink", path=folder)
    with folder_lock(folder, "run", wait=0) if folder.is_dir() else _no_lock():
        run_, keep, opts = load_for_resume(folder)
        setup = setup_of(run_.started, opts.rounds)
        ropts = run_options(Path(opts.cache) if opts.cache else None)
        specs = backend_specs(setup.scenario, opts.model)
        backends = {pid: make_backend(s, base_url=opts.base_url, **ropts) for pid, s in specs.items()}
        judge = make_judge(
            opts.moderator_model or setup.scenario.moderator_backend, base_url=opts.base_url, **ropts
        )
        printer = ConsolePrinter(console, quiet=quiet)
        n_turns = len([e for e in run_.events[:keep] if getattr(e, "type", "") == "turn_completed"])
        err_console.print(f"resuming {folder} after {n_turns} finished turns", highlight=False)
        with exit_130_on_interrupt(
            f"interrupted; every finished turn is kept in {folder}; continue it with "
            f"`roleplay run --resume {folder}`"
        ):
            asyncio.run(resume_to_folder(folder, run_, keep, setup, backends, sinks=[printer], judge=judge))
    console.print(f"saved: {folder}")
    if printer.status == "failed":
        raise typer.Exit(1)


@contextmanager
def _no_lock() -> Iterator[None]:
    """No lock (the folder is missing: loading it gives the message)."""
    yield


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

    console.print(Markdown(bounded_lines(markdown(_load(run_dir)))))


SHOWN_LINE_CHARS = 20_000
"""Longest line ``show`` renders; Rich's wrapping is superlinear in a line's length, so a
longer line (e.g. a 10 MB brief) is cut, saying how much is left out (issue #10)."""


def bounded_lines(text: str, limit: int = SHOWN_LINE_CHARS) -> str:
    """``text`` with every line longer than ``limit`` characters cut to ``limit`` and a
    note of how many characters were left out (the run folder keeps them all)."""
    if len(text) <= limit:
        return text
    out = []
    for line in text.split("\n"):
        if len(line) > limit:
            line = (
                f"{line[:limit]} … [{len(line) - limit:,} more characters left out here; see transcript.md]"
            )
        out.append(line)
    return "\n".join(out)


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
