"""Batch experiments: one scenario over many seeds, run concurrently, resumable, with an
aggregate report.

Layout of a batch folder (default ``transcripts/batch-<scenario>-<model>``)::

    batch.json          what the batch is (scenario, model, lang, rounds, ...) and a content
                        fingerprint of its scenario and personas; a rerun must match both
                        (roleplay.runs.batch_manifest)
    seed-0001/ ...      one run folder per seed (events.jsonl, scorecard.json, transcript.md)
    report.json         the aggregate (roleplay.runs.batch_report.BatchReport)
    report.md           the same, readable

A seed is *finished* when the last line of its ``events.jsonl`` is ``debate_ended``; a
rerun skips finished seeds and redoes the rest from scratch (their folders are emptied
first), so a batch killed at any point finishes on the next run without redoing work.
Offline debates are CPU-bound, so ``concurrency`` > 1 uses a process pool; every worker
builds its own backends (and judge) from the BatchSpec, as they cannot be pickled. Debates
with LLM seats wait on servers, so they run as tasks on one event loop with a bound per
server (roleplay.runs.batch_loop).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.errors import InputError
from roleplay.formats.text import Strict
from roleplay.runs.batch_folder import ERROR_FILE, batch_setup, is_finished, last_event, seed_folder
from roleplay.runs.batch_manifest import BatchSpec, check_manifest

if TYPE_CHECKING:
    from roleplay.debate.backend import Backend
    from roleplay.debate.setup import DebateSetup
    from roleplay.llm.judge import Judge
    from roleplay.runs.batch_report import BatchReport

MAX_SEEDS = 100_000


class SeedJob(Strict):
    """One debate to run in a worker: the batch spec, the seed and its folder."""

    spec: BatchSpec
    seed: int
    folder: str


class SeedOutcome(Strict):
    """What a worker reports back: ``status`` is the DebateEnded status, or ``error``
    when the run raised (the message is also written to ``error.txt``)."""

    seed: int
    status: str
    scored: bool = False
    error: str | None = None
    seconds: float = 0.0


def parse_seeds(text: str) -> list[int]:
    """``"1-50"``, ``"7"``, ``"1,3,10-12"`` -> sorted unique seeds (0 or more, at most
    ``MAX_SEEDS`` of them).

    Raises:
        InputError: anything else, a negative seed, a range that runs backwards, or more
            than ``MAX_SEEDS`` seeds (checked before any list is built).
    """
    ranges = []
    for part in text.replace(" ", "").split(","):
        if part.startswith("-") and re.fullmatch(r"-\d+(-\d*)?", part):
            raise InputError("error-seeds-negative", part=part)
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise InputError("error-seeds-form", part=part)
        lo, hi = int(m[1]), int(m[2] if m[2] is not None else m[1])
        if hi < lo:
            raise InputError("error-seeds-backwards", part=part, hi=hi, lo=lo)
        ranges.append((lo, hi))
    count = sum(hi - lo + 1 for lo, hi in ranges)
    if count > MAX_SEEDS:
        raise InputError(
            "error-seeds-too-many", text=text, count=f"{count:,}", limit=f"{MAX_SEEDS:,}", max=str(MAX_SEEDS)
        )
    return sorted({s for lo, hi in ranges for s in range(lo, hi + 1)})


def default_out(root: Path, scenario_id: str, model: str | None) -> Path:
    """``<root>/batch-<scenario>-<model>``: the same command resumes the same folder."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model or "default")
    return Path(root) / f"batch-{scenario_id}-{slug}"


def judge_spec(spec: BatchSpec) -> str:
    """The batch's judge: ``--moderator-model``, else the scenario's ``moderator_backend``
    (``offline``: no LLM judge)."""
    return spec.moderator_model or batch_setup(spec).scenario.moderator_backend


def prepare_seed(spec: BatchSpec, seed: int) -> tuple[DebateSetup, dict[str, Backend], Judge | None]:
    """(setup, backends, judge or None) for one seed: the cached setup with ``seed``,
    fresh backends and judge sharing one retry budget (``roleplay.llm.options``).

    Raises:
        InputError: a bad scenario or backend spec (as ``roleplay.debate.session.prepare``).
    """
    from roleplay.debate.backends import backend_specs, make_backend, make_judge
    from roleplay.llm.options import run_options

    setup = batch_setup(spec).model_copy(update={"seed": seed})
    specs, opts = backend_specs(setup.scenario, spec.model), run_options(None)
    backends = {pid: make_backend(s, base_url=spec.base_url, **opts) for pid, s in specs.items()}
    return setup, backends, make_judge(judge_spec(spec), base_url=spec.base_url, **opts)


Wrap = Callable[[dict[str, "Backend"], "Judge | None"], tuple[dict[str, "Backend"], "Judge | None"]]
"""Rewraps a seed's backends and judge before its debate (e.g. a bound per server)."""


async def run_seed_async(job: SeedJob, wrap: Wrap | None = None) -> SeedOutcome:
    """Run one seed into its folder (emptied of a run's own files; a symlink or foreign
    files are refused: roleplay.runs.outdir) on the running loop; ``wrap`` may rewrap its
    backends and judge first. Never raises: errors become an outcome and ``error.txt``."""
    from roleplay.debate.engine import new_run_id
    from roleplay.debate.session import run_to_folder
    from roleplay.runs.outdir import reset_run_folder

    t0 = time.perf_counter()
    folder = Path(job.folder)
    try:
        reset_run_folder(folder)
        setup, backends, judge = prepare_seed(job.spec, job.seed)
        label = judge.label if judge else "offline"
        if wrap is not None:
            backends, judge = wrap(backends, judge)
        await run_to_folder(setup, backends, folder, new_run_id(), judge=judge, moderator_label=label)
        last = last_event(folder) or {}
        status = last.get("status", "error")
        return SeedOutcome(
            seed=job.seed,
            status=status,
            scored=status != "failed" and bool(last.get("scorecard")),
            seconds=time.perf_counter() - t0,
        )
    except Exception as e:  # a seed must report, not stop the batch
        if folder.is_dir() and not folder.is_symlink():
            (folder / ERROR_FILE).write_text(f"{type(e).__name__}: {e}\n", encoding="utf-8")
        return SeedOutcome(
            seed=job.seed, status="error", error=f"{type(e).__name__}: {e}", seconds=time.perf_counter() - t0
        )


def run_seed(job: SeedJob) -> SeedOutcome:
    """:func:`run_seed_async` on a new event loop. Never raises. Top-level so that a
    process pool can pickle it."""
    return asyncio.run(run_seed_async(job))


Progress = Callable[[SeedOutcome], None]
Runner = Callable[["BatchSpec", list[int], Path, Progress | None], object]
"""Runs a batch's unfinished seeds (spec, seeds, batch folder, progress callback)."""


def _ignore_sigint() -> None:
    """Worker initializer: Ctrl-C is the parent's to handle (it terminates the workers), and
    the worker dies with its parent, even one killed with SIGKILL (issue #10): see
    :func:`die_with_parent`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()


def die_with_parent(poll_s: float = 0.5) -> None:
    """Make this (worker) process end when its parent does: on Linux the kernel sends it
    SIGKILL (``prctl(PR_SET_PDEATHSIG)``, prctl(2)); elsewhere, and as a fallback, a daemon
    thread polls the parent's pid every ``poll_s`` seconds and exits when it changes."""
    import os
    import sys
    import threading

    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def all_offline(spec: BatchSpec) -> bool:
    """True when every seat of the batch plays on the offline engine and there is no LLM judge."""
    from roleplay.debate.backends import backend_specs

    seats = set(backend_specs(batch_setup(spec).scenario, spec.model).values())
    return seats == {"offline"} and judge_spec(spec) == "offline"


@contextmanager
def worker_pool(concurrency: int, warm_up: SeedJob | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """A process pool of ``concurrency`` workers, started at once (so that they fork
    before any UI thread exists), or None for ``concurrency`` 1 (run in this process).

    ``warm_up``, if given, is run here first: the workers then fork with the scenario
    loaded and the templates compiled, which roughly halves a short offline batch.

    On any exception (Ctrl-C included) queued seeds are cancelled and the workers are
    terminated; the seeds they were running stay unfinished and are redone on resume.

    Raises:
        InputError: ``concurrency`` below 1.
    """
    if concurrency < 1:
        raise InputError("error-concurrency", value=concurrency)
    if concurrency == 1:
        yield None
        return
    if warm_up is not None:
        run_seed(warm_up)
    pool = ProcessPoolExecutor(max_workers=concurrency, initializer=_ignore_sigint)
    try:
        list(pool.map(int, range(concurrency)))
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
        raise
    pool.shutdown(wait=True)


def pending_jobs(spec: BatchSpec, seeds: list[int], root: Path) -> list[SeedJob]:
    """Jobs for the seeds of ``seeds`` whose folders are not finished."""
    return [
        SeedJob(spec=spec, seed=s, folder=str(seed_folder(root, s)))
        for s in seeds
        if not is_finished(seed_folder(root, s))
    ]


def pool_plan(spec: BatchSpec, seeds: list[int], root: Path, concurrency: int) -> tuple[int, SeedJob | None]:
    """(workers, warm-up job) for ``worker_pool``: no more workers than pending seeds, and
    the first pending seed as warm-up when the batch is offline and runs in a pool. A batch
    with LLM seats gets no pool: it runs on one event loop (roleplay.runs.batch_loop)."""
    if not all_offline(spec):
        return min(concurrency, 1), None  # (below 1 still reaches worker_pool's check)
    jobs = pending_jobs(spec, seeds, root)
    n = min(concurrency, max(1, len(jobs)))
    return n, jobs[0] if n > 1 and all_offline(spec) else None


def run_seeds(
    spec: BatchSpec,
    seeds: list[int],
    root: Path,
    *,
    pool: ProcessPoolExecutor | None = None,
    on_done: Progress | None = None,
    concurrency: int = 1,
    per_server: int | None = None,
    on_out: Callable[[str, str], None] | None = None,
) -> list[SeedOutcome]:
    """Run every unfinished seed of ``seeds`` (finished ones are skipped), in ``pool`` or,
    without one, in this process (a batch with LLM seats: ``concurrency`` debates at once on
    one event loop, at most ``per_server`` turns in flight per server, see
    roleplay.runs.batch_loop; ``on_out(server, why)`` once per pool server taken out of
    rotation). Returns the outcomes of the runs made now, in the order they finished;
    ``on_done`` is called after each."""
    jobs = pending_jobs(spec, seeds, root)
    if pool is None and concurrency > 1 and not all_offline(spec):
        from roleplay.runs.batch_loop import PER_SERVER, run_jobs

        bound = per_server or PER_SERVER
        return run_jobs(
            jobs,
            run=run_seed_async,
            concurrency=concurrency,
            per_server=bound,
            on_done=on_done,
            on_out=on_out,
        )
    done: list[SeedOutcome] = []
    if pool is None:
        for job in jobs:
            done.append(run_seed(job))
            on_done and on_done(done[-1])
        return done
    pending: set[Future] = {pool.submit(run_seed, j) for j in jobs}
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for f in finished:
            done.append(f.result())
            on_done and on_done(done[-1])
    return done


def run_batch(
    spec: BatchSpec,
    seeds: list[int],
    root: Path,
    *,
    concurrency: int = 1,
    on_done: Progress | None = None,
    runner: Runner | None = None,
    force: bool = False,
) -> BatchReport:
    """Check the manifest, run the unfinished seeds, write and return the report, holding
    the batch folder's writer lock throughout (:func:`batch_lock`).

    ``runner`` runs the seeds instead of the process pool of ``concurrency`` workers
    (e.g. roleplay.runs.batch_ray.ray_runner: Ray tasks).

    Raises:
        InputError: a bad scenario or backend spec, a folder holding another batch or
            things roleplay did not make (unless ``force``), another batch writing to the
            same folder, or ``concurrency`` below 1; whatever ``runner`` raises.
    """
    prepare_seed(spec, seeds[0])
    with batch_lock(root, spec, seeds, force):
        if runner is not None:
            runner(spec, seeds, root, on_done)
        else:
            with worker_pool(*pool_plan(spec, seeds, root, concurrency)) as pool:
                run_seeds(spec, seeds, root, pool=pool, on_done=on_done, concurrency=concurrency)
        from roleplay.runs.batch_report import aggregate, write_report

        report = aggregate(spec, seeds, root)
        write_report(root, report)
    return report


@contextmanager
def batch_lock(root: Path, spec: BatchSpec, seeds: list[int], force: bool = False) -> Iterator[None]:
    """Make the batch folder ready and hold its writer lock: refuse a folder roleplay did
    not make, take the lock (a second batch on the same folder is refused), check the
    manifest and the unfinished seeds' folders (roleplay.runs.outdir).

    Raises:
        InputError: as :func:`run_batch`.
    """
    from roleplay.runs.batch_folder import check_seed_folders
    from roleplay.runs.batch_manifest import _check_root
    from roleplay.runs.locks import folder_lock
    from roleplay.runs.outdir import MARKER

    root = Path(root)
    _check_root(root, force)
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / MARKER).touch()
    except OSError as e:
        raise InputError("error-out-batch-unwritable", path=root, detail=e.strerror) from e
    with folder_lock(root, "batch"):
        check_manifest(root, spec, force)
        check_seed_folders(root, seeds, force)
        yield
