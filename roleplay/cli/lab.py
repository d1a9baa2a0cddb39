"""CLI commands for workshops, batches, exports and the run library (registered on roleplay.cli.main.app).

``roleplay workshop run FILE`` · ``roleplay workshop validate FILE`` · ``roleplay batch SCENARIO``
· ``roleplay export RUN_DIR`` · ``roleplay compare RUN_A RUN_B`` · ``roleplay list`` ·
``roleplay search TEXT``. User errors are printed by roleplay.cli.app's ErrorGroup (input errors exit 2).
"""

# Slightly over ~300 lines: one module per command group; the workshop, batch, export and
# library commands are small and read best together.

from __future__ import annotations

import asyncio
from pathlib import Path

import typer
from rich.text import Text as RichText

from roleplay.cli.app import app, console, err_console, exit_130_on_interrupt, lang_option, rounds_option
from roleplay.cli.help import HelpGroup, HelpTyper
from roleplay.errors import msg
from roleplay.formats.text import check_lang
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import Lang, ui_lang
from roleplay.tui.wrap import Wrapped

workshop_app = HelpTyper(
    cls=HelpGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="cli-cmd-workshop",
)
app.add_typer(workshop_app, name="workshop")

OUT_HELP = "cli-opt-out"
BASE_URL_HELP = "cli-opt-base-url-short"


@workshop_app.command("run", help="cli-cmd-workshop-run")
def workshop_run(
    file: str | None = typer.Argument(None, help="cli-opt-workshop-file"),
    out: Path = typer.Option(Path("transcripts"), help=OUT_HELP),
    tui: bool = typer.Option(False, "--tui", help="cli-opt-workshop-tui"),
    model: str | None = typer.Option(None, help="cli-opt-workshop-model"),
    base_url: str | None = typer.Option(None, "--base-url", help=BASE_URL_HELP),
    quiet: bool = typer.Option(True, "--quiet/--verbose", "-q/-v", help="cli-opt-workshop-quiet"),
    resume: Path | None = typer.Option(None, "--resume", help="cli-opt-workshop-resume"),
) -> None:
    """Run every stage of a workshop, one run folder per stage, plus a workshop summary
    (or continue one with --resume)."""
    from roleplay.cli.console import ConsolePrinter
    from roleplay.errors import InputError
    from roleplay.formats.workshop import in_lang
    from roleplay.runs.workshop_run import resume_workshop, run_workshop, tui_runner

    if (file is None) == (resume is None):
        raise InputError("error-workshop-file-or-resume")
    if resume is not None and tui:
        raise InputError("error-workshop-resume-tui")

    def on_stage(ps, folder):
        console.rule(f"{ps.n}. {in_lang(ps.stage.title, ps.setup.lang) if ps.stage.title else ps.stage.id}")
        return [] if tui else [ConsolePrinter(console, quiet=quiet)]

    runner = tui_runner() if tui else None
    where = resume or out
    with exit_130_on_interrupt(t("cli-interrupted-workshop", ui_lang(), folder=str(where))):
        if resume is not None:
            root, summary = asyncio.run(resume_workshop(resume, on_stage=on_stage))
        else:
            assert file is not None
            root, summary = asyncio.run(
                run_workshop(file, out, model=model, base_url=base_url, runner=runner, on_stage=on_stage)
            )
    lang = ui_lang()
    for r in summary.stages:
        console.print(_stage_line(r, root, lang), soft_wrap=True, markup=False)
    console.print(t("cli-saved", lang, path=str(root)), soft_wrap=True, markup=False)


def _stage_line(r, root: Path, lang: Lang | None = None) -> str:
    """One line per workshop stage, in ``lang`` (default: the ui language): status (and why
    it was cut short), size, total, folder."""
    lang = lang or ui_lang()
    status = t("cli-status", lang, status=r.status)
    if r.cut_short:
        status = t("cli-stage-status-cut", lang, status=status, reason=r.reason)
    total = (
        t("cli-stage-unscored", lang)
        if r.total is None
        else t("cli-stage-total", lang, total=r.total, scored=r.n_scored, cut="yes" if r.cut_short else "no")
    )
    size = t("cli-stage-size", lang, rounds=r.rounds, planned=r.planned_rounds, turns=r.turns)
    return t(
        "cli-stage-line",
        lang,
        n=r.n,
        id=r.id,
        status=status,
        size=size,
        total=total,
        folder=str(root / r.folder),
    )


@workshop_app.command("validate", help="cli-cmd-workshop-validate")
def workshop_validate(
    file: str = typer.Argument(..., help="cli-opt-workshop-file"),
) -> None:
    """Check a workshop file against its scenarios, personas and the rubric."""
    from roleplay.formats.workshop import load_workshop

    ws = load_workshop(file)
    line = t("cli-workshop-ok", ui_lang(), path=file, id=ws.id, n=len(ws.stages))
    console.print(RichText(line, style="green"))


@app.command(help="cli-cmd-batch")
def batch(
    scenario: str = typer.Argument(..., help="cli-opt-scenario"),
    seeds: str = typer.Option("1-50", help="cli-opt-batch-seeds"),
    model: str | None = typer.Option(None, help="cli-opt-batch-model"),
    lang: str | None = lang_option(),
    rounds: int | None = rounds_option(),
    concurrency: int = typer.Option(2, help="cli-opt-concurrency"),
    executor: str = typer.Option("process", help="cli-opt-executor"),
    address: str | None = typer.Option(None, help="cli-opt-address"),
    out: Path | None = typer.Option(None, help="cli-opt-batch-out"),
    base_url: str | None = typer.Option(None, "--base-url", help=BASE_URL_HELP),
    per_server: int | None = typer.Option(
        None,
        "--per-server",
        min=1,
        help="cli-opt-per-server",
    ),
    moderator_model: str | None = typer.Option(None, "--moderator-model", help="cli-opt-batch-judge"),
    force: bool = typer.Option(False, "--force", help="cli-opt-batch-force"),
) -> None:
    """Run one scenario over many seeds; resumable; writes report.json and report.md.

    Exits 1 when any seed failed (a backend failure, no turn succeeded, a crash): such
    runs are listed apart and left out of every figure."""
    from roleplay.formats.catalog import load_scenario
    from roleplay.runs.batch import BatchSpec, batch_lock, default_out, parse_seeds, prepare_seed
    from roleplay.runs.batch_loop import PER_SERVER
    from roleplay.runs.batch_report import aggregate, write_report

    wanted = parse_seeds(seeds)
    sid = load_scenario(scenario)[0].id
    spec = BatchSpec(
        scenario=str(scenario),
        scenario_id=sid,
        model=model,
        lang=check_lang(lang),
        rounds=rounds,
        base_url=base_url,
        moderator_model=moderator_model,
    )
    prepare_seed(spec, wanted[0])  # bad scenario or backend spec: fail before any folder is written
    _check_executor(spec, executor, address)
    _check_per_server(spec, per_server)
    root = out or default_out(Path("transcripts"), sid, model)
    with batch_lock(root, spec, wanted, force):
        with exit_130_on_interrupt(t("cli-interrupted-batch", ui_lang(), folder=str(root))):
            _run_with_progress(spec, wanted, root, concurrency, executor, address, per_server or PER_SERVER)
        report = aggregate(spec, wanted, root, seeds)
        j, m = write_report(root, report)
    lang = ui_lang()
    tot = report.total
    judged = (
        t("cli-batch-judged", lang, n=report.judge.n_judged, total=report.judge.n_total)
        if report.judge
        else ""
    )
    summary = t(
        "cli-batch-summary",
        lang,
        scored=report.n_scored,
        total=report.n_total,
        mean="—" if tot.mean is None else f"{tot.mean:.2f}",
        n=tot.n_scored,
        n_total=tot.n_total,
        adopted=report.adopted_runs,
        judged=judged,
    )
    console.print(summary, markup=False)
    _print_failed(report.failed, lang)
    console.print(t("cli-batch-report", lang, md=str(m), json=j.name), soft_wrap=True, markup=False)
    if report.failed:
        raise typer.Exit(1)


def _print_failed(failed: list, lang: Lang, most: int = 20) -> None:
    """List failed or unfinished seeds with their reasons (the first ``most``; report.md has all)."""
    if not failed:
        return
    console.print(t("cli-batch-failed", lang, n=len(failed)), markup=False)
    for f in failed[:most]:
        line = t("cli-batch-failed-seed", lang, seed=f.seed, folder=str(f.folder), reason=f.reason)
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if len(failed) > most:
        console.print(t("cli-batch-failed-more", lang, n=len(failed) - most), markup=False)


def _check_per_server(spec, per_server: int | None) -> None:
    """Refuse ``--per-server`` on a batch with no LLM seat or judge, where it would be
    silently ignored (raises InputError)."""
    from roleplay.errors import InputError
    from roleplay.runs.batch import all_offline

    if per_server is not None and all_offline(spec):
        raise InputError("error-per-server-offline")


def _check_executor(spec, executor: str, address: str | None) -> None:
    """Refuse an unknown executor, ``--address`` without Ray, or Ray where it is not
    installed, before anything is written (raises InputError)."""
    from roleplay.errors import InputError
    from roleplay.runs.batch_ray import import_ray

    if executor not in ("process", "ray"):
        raise InputError("error-executor", value=repr(executor))
    if executor == "process":
        if address:
            raise InputError("error-address-needs-ray")
        return
    import_ray()


def _run_with_progress(
    spec,
    wanted: list[int],
    root: Path,
    concurrency: int,
    executor: str = "process",
    address: str | None = None,
    per_server: int = 4,
) -> None:
    """Run the batch's unfinished seeds under a Rich progress bar (started after the
    worker processes, so that they never fork with the bar's thread running)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from roleplay.runs.batch import is_finished, pool_plan, run_seeds, seed_folder, worker_pool

    before = sum(is_finished(seed_folder(root, s)) for s in wanted)
    sid, failed = spec.scenario_id, 0
    lang = ui_lang()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn(t("cli-batch-eta", lang)),
        TimeRemainingColumn(),
    )
    from contextlib import nullcontext

    workers = (
        worker_pool(*pool_plan(spec, wanted, root, concurrency)) if executor == "process" else nullcontext()
    )
    with workers as pool:
        done = sum(is_finished(seed_folder(root, s)) for s in wanted)
        with Progress(*columns, console=console) as bar:
            label = t("cli-batch-resumed", lang, id=sid, n=before) if before else sid
            task = bar.add_task(label, total=len(wanted), completed=done)

            def tick(o) -> None:
                nonlocal failed
                failed += not o.scored
                note = t("cli-batch-n-failed", lang, n=failed) if failed else ""
                bar.update(task, advance=1, description=label + note)

            def out(server: str, why: str) -> None:
                bar.console.print(
                    str(msg("error-pool-warning", server=server, why=why)),
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )

            if executor == "ray":
                from roleplay.runs.batch_ray import run_batch_on_ray

                def lost(seeds: list[int], why: str) -> None:
                    bar.console.print(
                        t("cli-batch-lost", lang, seeds=", ".join(map(str, seeds)), why=why),
                        markup=False,
                        highlight=False,
                    )

                run_batch_on_ray(
                    spec,
                    wanted,
                    root,
                    cpus=concurrency,
                    address=address,
                    on_done=tick,
                    on_lost=lost,
                    per_server=per_server,
                    on_out=out,
                )
            else:
                run_seeds(
                    spec,
                    wanted,
                    root,
                    pool=pool,
                    on_done=tick,
                    concurrency=concurrency,
                    per_server=per_server,
                    on_out=out,
                )


@app.command(help="cli-cmd-export")
def export(
    run_dir: Path = typer.Argument(..., help="cli-opt-run-dir"),
    format: str = typer.Option("html", "--format", "-f", help="cli-opt-export-format"),
    out: Path | None = typer.Option(None, help="cli-opt-export-out"),
    force: bool = typer.Option(False, "--force", help="cli-opt-force-output"),
) -> None:
    """Export a run for teaching: styled transcript, scorecard, score plot, debrief, article passages."""
    from roleplay.runs.export import check_format, export_run, output_path
    from roleplay.runs.outdir import check_new_file, check_not_run_data, write_file
    from roleplay.runs.transcript import load_run

    fmt = check_format(format)
    run = load_run(run_dir)
    _warn_skipped(run_dir, run)
    target = output_path(out, run_dir / f"export.{format}", f"{run_dir.resolve().name}.{format}")
    check_not_run_data(target)
    check_new_file(target, force)  # before the work, so a refusal is quick
    path = write_file(target, export_run(run, run_dir, fmt), force)
    console.print(t("cli-saved", run.started.lang, path=str(path)), soft_wrap=True, markup=False)


def _warn_skipped(run_dir: Path, run) -> None:
    """Say which lines of a run's events.jsonl were unreadable and left out."""
    if run.skipped:
        path, lines = str(run_dir / "events.jsonl"), "; ".join(run.skipped)
        err_console.print(
            t("cli-warn-unreadable", ui_lang(), path=path, n=len(run.skipped), lines=lines),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


@app.command(help="cli-cmd-compare")
def compare(
    run_a: Path = typer.Argument(..., help="cli-opt-run-a"),
    run_b: Path = typer.Argument(..., help="cli-opt-run-b"),
    format: str = typer.Option("html", "--format", "-f", help="cli-opt-compare-format"),
    out: Path | None = typer.Option(None, help="cli-opt-compare-out"),
    force: bool = typer.Option(False, "--force", help="cli-opt-force-output"),
) -> None:
    """Compare two runs side by side: scores, packages, satisfaction, plots and transcripts."""
    from roleplay.runs.export import check_format, compare_runs, output_path
    from roleplay.runs.outdir import check_new_file, check_not_run_data, write_file
    from roleplay.runs.transcript import load_run

    fmt = check_format(format)
    a, b = load_run(run_a), load_run(run_b)
    _warn_skipped(run_a, a)
    _warn_skipped(run_b, b)
    name = f"compare-{run_a.resolve().name}-{run_b.resolve().name}.{format}"
    target = output_path(out, Path(name), name)
    check_not_run_data(target)
    check_new_file(target, force)
    path = write_file(target, compare_runs(a, b, fmt), force)
    console.print(t("cli-saved", ui_lang(), path=str(path)), soft_wrap=True, markup=False)


@app.command("list", help="cli-cmd-list")
def list_runs(
    out: Path = typer.Option(Path("transcripts"), help="cli-opt-library"),
    scenario: str | None = typer.Option(None, help="cli-opt-list-scenario"),
    rebuild: bool = typer.Option(False, help="cli-opt-rebuild"),
) -> None:
    """List saved runs (newest first) through the library index."""
    from rich.table import Table

    from roleplay.runs.library import Library

    with Library(out, rebuild=rebuild) as lib:
        runs, skipped = lib.runs(scenario), lib.skipped
        _note_read_only(lib)
    lang = ui_lang()
    table = Table(header_style="bold", caption=t("cli-list-caption", lang))
    for name, opts in (
        ("cli-col-started", {"no_wrap": True}),
        ("cli-col-scenario", {"no_wrap": True}),
        ("cli-col-lang", {}),
        ("cli-col-seed", {"justify": "right"}),
        ("cli-col-status", {}),
        ("cli-col-total", {"no_wrap": True}),
        ("cli-col-folder", {"overflow": "fold", "ratio": 1}),
    ):
        table.add_column(t(name, lang), **opts)
    for r in runs:
        total = "—" if r.total is None else f"{r.total}/24" + (" ✔" if r.adopted else "")
        status = t("cli-status", lang, status=r.status)
        table.add_row(
            r.started[:16].replace("T", " "), r.scenario, r.lang, str(r.seed), status, total, r.path
        )
    console.print(table)
    console.print(t("cli-runs-under", lang, n=len(runs), folder=str(out)), markup=False)
    for r in runs:
        if r.dropped:
            err_console.print(
                t("cli-warn-dropped", lang, path=str(out / r.path / "events.jsonl"), lines=r.dropped),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    _print_skipped(skipped)


def _note_read_only(lib) -> None:
    """Say (on stderr) that the index could not be saved, when the folder is read-only."""
    if lib.read_only:
        note = t("cli-note", ui_lang(), text=str(lib.read_only))
        err_console.print(note, markup=False, highlight=False, soft_wrap=True)


def _print_skipped(skipped: list[str]) -> None:
    """Name every run folder the library could not read, and why."""
    if skipped:
        err_console.print(t("cli-skipped", ui_lang(), n=len(skipped)), markup=False)
        for line in skipped:
            err_console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


@app.command(help="cli-cmd-search")
def search(
    text: str = typer.Argument(..., help="cli-opt-search-text"),
    out: Path = typer.Option(Path("transcripts"), help="cli-opt-library"),
    limit: int = typer.Option(50, help="cli-opt-limit"),
) -> None:
    """Find speeches and moderator notes containing TEXT in saved runs."""
    from rich.table import Table

    from roleplay.runs.library import Library

    with Library(out) as lib:
        hits, skipped = lib.search(text, limit), lib.skipped
        _note_read_only(lib)
    lang = ui_lang()
    table = Table(header_style="bold", expand=True)
    for name, opts in (
        ("cli-col-folder", {"overflow": "fold", "ratio": 1}),
        ("cli-col-turn", {"no_wrap": True}),
        ("cli-col-speaker", {}),
        ("cli-col-text", {"ratio": 2}),
    ):
        table.add_column(t(name, lang), **opts)
    for h in hits:
        table.add_row(h.path, h.turn, Wrapped(h.speaker), highlighted(h.snippet, h.match))
    console.print(table)
    capped = "yes" if len(hits) == limit else "no"
    console.print(t("cli-hits", lang, n=len(hits), capped=capped, limit=limit), markup=False)
    _print_skipped(skipped)


def highlighted(snippet: str, match: str) -> Wrapped:
    """A search result's snippet with every occurrence of the matched words (any case)
    shown in bold reverse video, so the reader sees why the text was found; wrapped the way
    Chinese is set (roleplay.tui.wrap), so a table cell never cuts it with "…"."""
    text = RichText(snippet)
    if match:
        text.highlight_words([match], style="bold reverse", case_sensitive=False)
    return Wrapped(text)
