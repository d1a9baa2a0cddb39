"""The debate commands: ``run``, ``validate``, ``personas``, ``scenarios``, ``show``, ``score``,
``schema`` (registered on roleplay.cli.app.app)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.text import Text as RichText

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
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import Lang, ui_lang


@app.command(help="cli-cmd-run")
def run(
    scenario: str | None = typer.Argument(None, help="cli-opt-scenario"),
    seed: int | None = typer.Option(None, help="cli-opt-seed"),
    lang: str | None = lang_option(),
    rounds: int | None = rounds_option(),
    out: Path = typer.Option(Path("transcripts"), help="cli-opt-out"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="cli-opt-quiet"),
    # --- LLM backends (roleplay.llm, issue #3) ---
    model: str | None = typer.Option(
        None,
        "--model",
        help="cli-opt-model",
    ),
    base_url: str | None = typer.Option(
        None,
        "--base-url",
        help="cli-opt-base-url",
    ),
    context_tokens: int | None = typer.Option(
        None,
        "--context-tokens",
        help="cli-opt-context-tokens",
    ),
    call_timeout: float | None = typer.Option(
        None,
        "--call-timeout",
        help="cli-opt-call-timeout",
    ),
    connect_timeout: float | None = typer.Option(
        None,
        "--connect-timeout",
        help="cli-opt-connect-timeout",
    ),
    turn_deadline: float | None = typer.Option(
        None,
        "--turn-deadline",
        help="cli-opt-turn-deadline",
    ),
    max_tokens: int | None = typer.Option(None, "--max-tokens", help="cli-opt-max-tokens"),
    retries: int | None = typer.Option(
        None,
        "--retries",
        help="cli-opt-retries",
    ),
    cache: Path | None = typer.Option(None, "--cache", help="cli-opt-cache"),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="cli-opt-dry-run",
    ),
    price: float | None = typer.Option(
        None,
        "--price",
        min=0,
        help="cli-opt-price",
    ),
    price_out: float | None = typer.Option(
        None,
        "--price-out",
        min=0,
        help="cli-opt-price-out",
    ),
    moderator_model: str | None = typer.Option(
        None,
        "--moderator-model",
        help="cli-opt-moderator-model",
    ),
    resume: Path | None = typer.Option(
        None,
        "--resume",
        help="cli-opt-resume",
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
    lang_ = setup.lang
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
            exit_130_on_interrupt(t("cli-interrupted-run", lang_, folder=str(folder))),
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
        err_console.print(t("cli-events-kept", lang_, folder=str(folder)), markup=False)
        raise  # printed as ``error: ...`` by the ErrorGroup
    console.print(t("cli-saved", lang_, path=str(folder)), markup=False)
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
        lang = setup.lang
        err_console.print(
            t("cli-resuming", ui_lang(), folder=str(folder), n=n_turns), highlight=False, markup=False
        )
        with exit_130_on_interrupt(t("cli-interrupted-run", lang, folder=str(folder))):
            asyncio.run(resume_to_folder(folder, run_, keep, setup, backends, sinks=[printer], judge=judge))
    console.print(t("cli-saved", lang, path=str(folder)), markup=False)
    if printer.status == "failed":
        raise typer.Exit(1)


@contextmanager
def _no_lock() -> Iterator[None]:
    """No lock (the folder is missing: loading it gives the message)."""
    yield


@app.command(help="cli-cmd-validate")
def validate(paths: list[Path] = typer.Argument(..., help="cli-opt-validate-paths")) -> None:
    """Check persona and scenario files; print one line per file."""
    from roleplay.formats.validation import validate_file

    bad = 0
    for p in paths:
        try:
            kind = validate_file(p)
            console.print(RichText(t("cli-ok", ui_lang(), path=str(p), kind=kind), style="green"))
        except RoleplayError as e:
            bad += 1
            print_error(e)
    if bad:
        raise typer.Exit(2)


@app.command(help="cli-cmd-personas")
def personas() -> None:
    """List the bundled personas."""
    from rich.table import Table

    from roleplay.cli.console import wrapped
    from roleplay.formats.catalog import bundled_personas, load_persona

    lang = ui_lang()
    heads = ("cli-col-id", "cli-col-name-zh", "cli-col-name-en", "cli-col-role")
    table = Table(*(t(h, lang) for h in heads), header_style="bold")
    for pid, path in bundled_personas().items():
        p = load_persona(path)
        names = (p.name.in_(zh_of(lang)), p.name.en, p.role.in_(lang))
        table.add_row(pid, *(wrapped(x) for x in names), style=p.color)
    console.print(table)


@app.command(help="cli-cmd-scenarios")
def scenarios() -> None:
    """List the bundled scenarios."""
    from rich.table import Table

    from roleplay.cli.console import wrapped
    from roleplay.formats.catalog import bundled_scenarios
    from roleplay.formats.scenario import Scenario
    from roleplay.formats.yamlfile import load_model

    lang = ui_lang()
    heads = ("cli-col-id", "cli-col-lang", "cli-col-rounds", "cli-col-title")
    table = Table(*(t(h, lang) for h in heads), header_style="bold")
    for sid, path in bundled_scenarios().items():
        s = load_model(path, Scenario)
        title = wrapped(f"{s.title.in_(zh_of(lang))}\n{s.title.en}")
        table.add_row(sid, s.lang, str(len(s.agenda)), title)
    console.print(table)


def zh_of(lang: Lang) -> Lang:
    """The Chinese script a listing's Chinese column is shown in: ``zh-Hans`` when the ui
    language is Simplified, else ``zh-Hant`` (the data's own script)."""
    return "zh-Hans" if lang == "zh-Hans" else "zh-Hant"


def _load(run_dir: Path):
    """Load a run folder, warning about lines it had to skip (hand-edited or damaged)."""
    from roleplay.runs.transcript import load_run

    run = load_run(run_dir)
    for problem in run.skipped:
        from rich.text import Text

        line = t("cli-warning", ui_lang(), path=str(run_dir / "events.jsonl"), problem=problem)
        err_console.print(Text(line, style="yellow"), soft_wrap=True)
    return run


@app.command(help="cli-cmd-show")
def show(run_dir: Path = typer.Argument(..., help="cli-opt-run-dir")) -> None:
    """Print a saved run's transcript (Markdown) to the terminal."""
    from roleplay.cli.console import markdown_view
    from roleplay.runs.report import markdown

    console.print(markdown_view(bounded_lines(markdown(_load(run_dir)))))


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
            line = line[:limit] + t("cli-left-out", ui_lang(), n=len(line) - limit)
        out.append(line)
    return "\n".join(out)


@app.command(help="cli-cmd-score")
def score(
    run_dir: Path = typer.Argument(..., help="cli-opt-run-dir"),
    write: bool = typer.Option(True, help="cli-opt-write"),
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
        lang = run.started.lang
        paths = {"scorecard": str(run_dir / "scorecard.json"), "transcript": str(run_dir / "transcript.md")}
        console.print(t("cli-rewritten", lang, **paths), markup=False)
        if kept:
            console.print(t("cli-kept-edited", lang, path=str(kept)), markup=False)


@app.command(help="cli-cmd-schema")
def schema(kind: str = typer.Argument(..., help="cli-opt-schema-kind")) -> None:
    """Print a JSON Schema so editors can validate files."""
    import json

    from roleplay.formats.validation import json_schema

    console.print_json(json.dumps(json_schema(kind), ensure_ascii=False))
