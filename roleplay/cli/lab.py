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

from roleplay.cli.app import app, console, err_console, exit_130_on_interrupt, lang_option, rounds_option
from roleplay.errors import msg
from roleplay.formats.text import check_lang

workshop_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Scripted workshop exercises: staged debates with interventions and debriefs.",
)
app.add_typer(workshop_app, name="workshop")

OUT_HELP = "folder for run folders"
BASE_URL_HELP = "server URL of the LLM seats, e.g. http://127.0.0.1:8000/v1 (needed by openai-compatible)"


@workshop_app.command("run")
def workshop_run(
    file: str | None = typer.Argument(None, help="a workshop YAML, or a bundled workshop id (article-paths)"),
    out: Path = typer.Option(Path("transcripts"), help=OUT_HELP),
    tui: bool = typer.Option(
        False, "--tui", help="run the stages in the terminal UI (human seats played live)"
    ),
    model: str | None = typer.Option(None, help="backend for every non-human seat (e.g. offline)"),
    base_url: str | None = typer.Option(None, "--base-url", help=BASE_URL_HELP),
    quiet: bool = typer.Option(True, "--quiet/--verbose", "-q/-v", help="print only each stage's result"),
    resume: Path | None = typer.Option(
        None,
        "--resume",
        help="continue this interrupted (headless) workshop folder from its last finished turn",
    ),
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
    with exit_130_on_interrupt(
        f"interrupted; finished stages and turns are kept under {where}; continue with "
        f"`roleplay workshop run --resume <its folder>`"
    ):
        if resume is not None:
            root, summary = asyncio.run(resume_workshop(resume, on_stage=on_stage))
        else:
            assert file is not None
            root, summary = asyncio.run(
                run_workshop(file, out, model=model, base_url=base_url, runner=runner, on_stage=on_stage)
            )
    for r in summary.stages:
        console.print(_stage_line(r, root), soft_wrap=True)
    console.print(f"saved: {root}", soft_wrap=True)


def _stage_line(r, root: Path) -> str:
    """One line per workshop stage: status (and why it was cut short), size, total, folder."""
    total = "unscored" if r.total is None else f"total {r.total}/24 ({r.n_scored}/6 elements scored)"
    status = f"{r.status}: {r.reason}" if r.cut_short else r.status
    size = f"{r.rounds}/{r.planned_rounds} rounds, {r.turns} turns"
    short = ", scored as it stood" if r.cut_short and r.total is not None else ""
    return f"{r.n}. {r.id}: {status}; {size}; {total}{short} → {root / r.folder}"


@workshop_app.command("validate")
def workshop_validate(
    file: str = typer.Argument(..., help="a workshop YAML, or a bundled workshop id"),
) -> None:
    """Check a workshop file against its scenarios, personas and the rubric."""
    from roleplay.formats.workshop import load_workshop

    ws = load_workshop(file)
    console.print(f"[green]ok[/]  {file} (workshop '{ws.id}', {len(ws.stages)} stages)")


@app.command()
def batch(
    scenario: str = typer.Argument(..., help="bundled scenario id or a YAML path"),
    seeds: str = typer.Option("1-50", help="seeds to run, e.g. 1-50 or 1,3,10-12"),
    model: str | None = typer.Option(None, help="backend spec for every seat (default: the scenario's)"),
    lang: str | None = lang_option(),
    rounds: int | None = rounds_option(),
    concurrency: int = typer.Option(
        2,
        help="debates at once (offline: processes, or CPUs of a local Ray instance; LLM seats: "
        "tasks on one event loop, or on Ray actors)",
    ),
    executor: str = typer.Option(
        "process",
        help="process (a local process pool) or ray (Ray tasks or actors; pip install 'roleplay[ray]')",
    ),
    address: str | None = typer.Option(
        None,
        help="with --executor ray: a Ray cluster to join (e.g. ray://head:10001); default: a local instance",
    ),
    out: Path | None = typer.Option(
        None,
        help="batch folder (default: transcripts/batch-<scenario>-<model>); "
        "rerun with the same folder to resume",
    ),
    base_url: str | None = typer.Option(None, "--base-url", help=BASE_URL_HELP),
    per_server: int | None = typer.Option(
        None,
        "--per-server",
        min=1,
        help="LLM seats: at most this many turns in flight on one server, each server of a pool "
        "included (default 4)",
    ),
    moderator_model: str | None = typer.Option(
        None,
        "--moderator-model",
        help="an LLM judge that scores "
        "each debate beside the deterministic scorer (default: the "
        "scenario's moderator_backend; offline = no judge)",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="replace seed folders (and a folder) roleplay did not make; never follows a link",
    ),
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
        with exit_130_on_interrupt(
            f"interrupted; finished seeds are kept. Rerun the same command to resume ({root})."
        ):
            _run_with_progress(spec, wanted, root, concurrency, executor, address, per_server or PER_SERVER)
        report = aggregate(spec, wanted, root, seeds)
        j, m = write_report(root, report)
    t = report.total
    mean = "—" if t.mean is None else f"{t.mean:.2f}"
    console.print(
        f"scored {report.n_scored}/{report.n_total} runs; mean total {mean}/24 (n = {t.n_scored}/{t.n_total}); "
        f"adopted a package in {report.adopted_runs}/{report.n_scored}"
        + (f"; judged {report.judge.n_judged}/{report.judge.n_total} runs" if report.judge else "")
    )
    _print_failed(report.failed)
    console.print(f"report: {m} and {j.name}", soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


def _print_failed(failed: list, most: int = 20) -> None:
    """List failed or unfinished seeds with their reasons (the first ``most``; report.md has all)."""
    if not failed:
        return
    console.print(f"{len(failed)} runs failed or unfinished, left out of every figure:")
    for f in failed[:most]:
        console.print(
            f"  seed {f.seed} ({f.folder}): {f.reason}", markup=False, highlight=False, soft_wrap=True
        )
    if len(failed) > most:
        console.print(f"  … and {len(failed) - most} more (see report.md)")


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
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    from contextlib import nullcontext

    workers = (
        worker_pool(*pool_plan(spec, wanted, root, concurrency)) if executor == "process" else nullcontext()
    )
    with workers as pool:
        done = sum(is_finished(seed_folder(root, s)) for s in wanted)
        with Progress(*columns, console=console) as bar:
            label = f"{sid} (resumed: {before} done before)" if before else sid
            task = bar.add_task(label, total=len(wanted), completed=done)

            def tick(o) -> None:
                nonlocal failed
                failed += not o.scored
                bar.update(task, advance=1, description=label + (f" ({failed} failed)" if failed else ""))

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
                        f"seeds {', '.join(map(str, seeds))} were lost with their Ray worker ({why}); "
                        "rerun the same command to resume them",
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


@app.command()
def export(
    run_dir: Path = typer.Argument(..., help="a run folder"),
    format: str = typer.Option("html", "--format", "-f", help="md or html"),
    out: Path | None = typer.Option(
        None,
        help="file to write, or a folder to write <run folder>.<format> "
        "into (default: RUN_DIR/export.<format>)",
    ),
    force: bool = typer.Option(False, "--force", help="replace the output file if it exists"),
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
    console.print(f"saved: {path}", soft_wrap=True)


def _warn_skipped(run_dir: Path, run) -> None:
    """Say which lines of a run's events.jsonl were unreadable and left out."""
    if run.skipped:
        n = len(run.skipped)
        err_console.print(
            f"warning: {run_dir / 'events.jsonl'}: {n} unreadable line{'s' if n != 1 else ''} left "
            f"out: " + "; ".join(run.skipped),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def compare(
    run_a: Path = typer.Argument(..., help="first run folder"),
    run_b: Path = typer.Argument(..., help="second run folder"),
    format: str = typer.Option("html", "--format", "-f", help="html or md"),
    out: Path | None = typer.Option(
        None, help="file to write, or a folder to write it into (default: compare-<A>-<B>.<format>)"
    ),
    force: bool = typer.Option(False, "--force", help="replace the output file if it exists"),
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
    console.print(f"saved: {path}", soft_wrap=True)


@app.command("list")
def list_runs(
    out: Path = typer.Option(Path("transcripts"), help="the folder of runs (as given to --out)"),
    scenario: str | None = typer.Option(None, help="only runs of this scenario id"),
    rebuild: bool = typer.Option(False, help="rebuild the index from the run folders first"),
) -> None:
    """List saved runs (newest first) through the library index."""
    from rich.table import Table

    from roleplay.runs.library import Library

    with Library(out, rebuild=rebuild) as lib:
        runs, skipped = lib.runs(scenario), lib.skipped
        _note_read_only(lib)
    t = Table(header_style="bold", caption="total: final score /24 (✔ package adopted)")
    for name, opts in (
        ("started UTC", {"no_wrap": True}),
        ("scenario", {"no_wrap": True}),
        ("lang", {}),
        ("seed", {"justify": "right"}),
        ("status", {}),
        ("total", {"no_wrap": True}),
        ("folder", {"overflow": "fold", "ratio": 1}),
    ):
        t.add_column(name, **opts)
    for r in runs:
        total = "—" if r.total is None else f"{r.total}/24" + (" ✔" if r.adopted else "")
        t.add_row(r.started[:16].replace("T", " "), r.scenario, r.lang, str(r.seed), r.status, total, r.path)
    console.print(t)
    console.print(f"{len(runs)} runs under {out}")
    for r in runs:
        if r.dropped:
            err_console.print(
                f"warning: {out / r.path / 'events.jsonl'}: lines left out: {r.dropped}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    _print_skipped(skipped)


def _note_read_only(lib) -> None:
    """Say (on stderr) that the index could not be saved, when the folder is read-only."""
    if lib.read_only:
        err_console.print(f"note: {lib.read_only}", markup=False, highlight=False, soft_wrap=True)


def _print_skipped(skipped: list[str]) -> None:
    """Name every run folder the library could not read, and why."""
    if skipped:
        err_console.print(f"skipped {len(skipped)} unreadable run folder{'s' if len(skipped) != 1 else ''}:")
        for line in skipped:
            err_console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def search(
    text: str = typer.Argument(..., help="a word or phrase, in Chinese or English"),
    out: Path = typer.Option(Path("transcripts"), help="the folder of runs (as given to --out)"),
    limit: int = typer.Option(50, help="at most this many hits"),
) -> None:
    """Find speeches and moderator notes containing TEXT in saved runs."""
    from rich.table import Table

    from roleplay.runs.library import Library

    with Library(out) as lib:
        hits, skipped = lib.search(text, limit), lib.skipped
        _note_read_only(lib)
    t = Table(header_style="bold", expand=True)
    for name, opts in (
        ("folder", {"overflow": "fold", "ratio": 1}),
        ("turn", {"no_wrap": True}),
        ("speaker", {}),
        ("text", {"ratio": 2}),
    ):
        t.add_column(name, **opts)
    for h in hits:
        t.add_row(h.path, h.turn, h.speaker, h.snippet)
    console.print(t)
    console.print(f"{len(hits)} hits" + (f" (first {limit})" if len(hits) == limit else ""))
    _print_skipped(skipped)
