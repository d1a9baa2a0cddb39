"""Batch seeds as Ray tasks (``roleplay batch … --executor ray``; issue #13).

Ray is an optional extra (``pip install 'roleplay[ray]'``), imported only here and only
when asked for. Without ``address`` a local Ray instance is started with ``cpus`` CPUs and
shut down afterwards; with one (``ray://host:10001`` or ``auto``) the driver joins that
cluster, whose nodes must have the same roleplay version installed.

Where runs are written: **workers send finished runs back to the driver**, which writes
them into the batch folder. A worker runs its seed into a temporary folder of its own node
and returns the folder's files as bytes (a run folder is tens of kilobytes), so a cluster
needs no shared file system, the batch folder has one writer (the driver: its manifest,
locks and resume rules hold as with the process pool), and a seed folder is only ever
written whole: ``events.jsonl`` last, so a driver killed while writing leaves the seed
unfinished, and resume redoes it (``roleplay.runs.batch_folder.is_finished``).

Offline seeds go in chunks (a task per chunk, sized to give each CPU about four chunks,
so the scheduling cost of a task, ~1 ms locally, is spread over many debates while the
last chunks still balance). A task whose worker dies is retried by Ray
(:data:`RETRIES`); if it still fails, its seeds are reported as lost and stay unfinished
for resume. The same seed gives the same debate on Ray as in the process pool: a seed
depends only on the batch spec and its number.

LLM seats (or an LLM judge) run on async Ray actors (:class:`SeedActor`), each a
roleplay.runs.batch_loop.SeedLoop on its own event loop: its share of ``--concurrency``
debates at once and its share of ``--per-server`` calls in flight per model server, the
shares adding up to the batch's figures, so the bound per server holds across the cluster
(there are at most ``--per-server`` actors). The driver hands each actor a seed when it has
room (so a slow actor takes fewer) and writes the runs sent back, as for offline seeds.
Each actor breaks ties between a pool's idle servers starting at a different server
(:class:`~roleplay.llm.pool.Gates` ``offset``), so that actors with one debate each still
spread over the pool; each actor takes a failing server out of its own rotation, and the
driver prints each server taken out once. An actor that dies loses only the seeds it was
running (reported, left unfinished for resume).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roleplay.errors import InputError, msg
from roleplay.llm.pool import PER_SERVER, OutHook
from roleplay.runs.batch import (
    Progress,
    Runner,
    SeedJob,
    SeedOutcome,
    all_offline,
    pending_jobs,
    run_seed,
)
from roleplay.runs.batch_manifest import BatchSpec
from roleplay.runs.outdir import reset_run_folder

RETRIES = 2
"""How many times Ray reruns a chunk whose worker process died (Ray's ``max_retries``)."""

CHUNKS_PER_CPU = 4
"""Chunks per CPU: enough to balance the tail of a batch, few enough to keep Ray's
per-task overhead small next to the debates (see bench/ray_bench.py)."""

MAX_CHUNK = 50
"""No chunk holds more seeds than this, so progress moves and a lost worker costs little."""


def import_ray() -> Any:
    """The ``ray`` module.

    Raises:
        InputError: Ray is not installed (the message says how to install it).
    """
    try:
        import ray
    except ImportError as e:
        raise InputError("error-ray-missing") from e
    return ray


def chunks(jobs: list[SeedJob], cpus: int) -> list[list[SeedJob]]:
    """``jobs`` cut into consecutive chunks: about :data:`CHUNKS_PER_CPU` per CPU, each of
    at least 1 and at most :data:`MAX_CHUNK` seeds (``cpus`` >= 1)."""
    if not jobs:
        return []
    size = max(1, min(MAX_CHUNK, math.ceil(len(jobs) / (max(1, cpus) * CHUNKS_PER_CPU))))
    return [jobs[k : k + size] for k in range(0, len(jobs), size)]


def folder_files(folder: Path) -> dict[str, bytes]:
    """A run folder's files by relative POSIX path, as bytes (what a worker sends back)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run_chunk_here(jobs: list[SeedJob]) -> list[tuple[SeedOutcome, dict[str, bytes]]]:
    """Run each job into a fresh temporary folder and return (outcome, files): the run
    folder's files by relative POSIX path, as bytes. This is the body of a Ray task; it
    never raises for a failed debate (``run_seed`` turns errors into outcomes)."""
    out = []
    for job in jobs:
        with tempfile.TemporaryDirectory(prefix=f"roleplay-seed-{job.seed}-") as tmp:
            folder = Path(tmp) / "run"
            outcome = run_seed(job.model_copy(update={"folder": str(folder)}))
            files = folder_files(folder)
        out.append((outcome, files))
    return out


def shares(total: int, n: int) -> list[int]:
    """``total`` split into ``n`` (>= 1) near-equal whole shares that add up to it, the
    larger first: ``shares(5, 2) == [3, 2]``."""
    return [total // n + (k < total % n) for k in range(n)]


class SeedActor:
    """The body of an async Ray actor for LLM seeds: a SeedLoop (roleplay.runs.batch_loop)
    on the actor's own event loop, with ``concurrency`` debates at once and ``per_server``
    calls in flight per server; ``offset``: where its pools start breaking ties."""

    def __init__(self, concurrency: int, per_server: int, offset: int = 0):
        from roleplay.runs.batch import run_seed_async
        from roleplay.runs.batch_loop import SeedLoop

        self.out: dict[str, str] = {}
        self.loop = SeedLoop(run_seed_async, concurrency, per_server, on_out=self._note)
        self.loop.gates.offset = offset

    def _note(self, server: str, why: str) -> None:
        self.out.setdefault(server, why)

    async def run(self, job: SeedJob) -> tuple[SeedOutcome, dict[str, bytes], dict[str, str]]:
        """Run ``job`` into a temporary folder; (outcome, the folder's files, the servers
        this actor has taken out of rotation so far with why). Never raises for a failed
        debate."""
        with tempfile.TemporaryDirectory(prefix=f"roleplay-seed-{job.seed}-") as tmp:
            folder = Path(tmp) / "run"
            outcome = await self.loop.one(job.model_copy(update={"folder": str(folder)}))
            files = folder_files(folder)
        return outcome, files, dict(self.out)


def write_back(folder: Path, files: dict[str, bytes]) -> None:
    """Write a run sent back by a worker into its seed folder (emptied of a run's files
    first, as ``run_seed`` empties it: roleplay.runs.outdir.reset_run_folder): every file,
    then ``events.jsonl`` last, so the seed counts as finished only once it is whole.

    Raises:
        InputError: a path in ``files`` that would leave ``folder``; a seed folder that
            is a symlink or holds files roleplay did not make.
    """
    reset_run_folder(folder)
    base = folder.resolve()
    last = "events.jsonl"
    for rel in sorted(files, key=lambda r: r == last):
        target = (folder / rel).resolve()
        if base not in target.parents:
            raise InputError("error-ray-outside", name=repr(rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel])


CONNECT_S = 5.0
"""Seconds to open a TCP connection to a cluster's head before Ray is asked to join it."""


def check_reachable(address: str, timeout: float = CONNECT_S) -> None:
    """Open (and close) a TCP connection to the head named by ``--address`` — ``HOST:PORT``
    (the GCS, default port 6379) or ``ray://HOST:PORT`` (Ray Client, default 10001); ``auto``
    and ``local`` are left to Ray. Ray's own ``ray.init`` retries an unreachable head for
    minutes, printing its internal logs; this check answers in at most ``timeout`` seconds.

    Raises:
        InputError: the host cannot be resolved or the port does not answer.
    """
    import socket
    from urllib.parse import urlsplit

    if address in ("auto", "local"):
        return
    client = address.startswith("ray://")
    try:
        parts = urlsplit(address if "://" in address else f"gcs://{address}")
        host, port = parts.hostname, parts.port or (10001 if client else 6379)
    except ValueError as e:
        raise InputError("error-ray-address-detail", address=address, detail=e) from e
    if not host:
        raise InputError("error-ray-address", address=address)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        raise InputError(
            "error-ray-no-head", address=address, host=host, port=port, detail=e.strerror or e
        ) from e


def start_ray(ray: Any, cpus: int, address: str | None) -> bool:
    """Start a local Ray instance with ``cpus`` CPUs, or join the cluster at ``address``,
    unless Ray is already running in this process; True when this call started it (the
    caller shuts it down).

    Raises:
        InputError: the cluster cannot be reached or Ray cannot start.
    """
    if address:
        check_reachable(address)
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    try:
        ray.init(
            address=address,
            num_cpus=None if address else cpus,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise InputError("error-ray-start", address=address or msg("error-ray-local"), detail=e) from e
    return True


def run_seeds_ray(
    jobs: list[SeedJob],
    *,
    cpus: int,
    address: str | None = None,
    on_done: Progress | None = None,
    on_lost: Callable[[list[int], str], None] | None = None,
) -> list[SeedOutcome]:
    """Run ``jobs`` as Ray tasks and write each finished run into its folder.

    ``cpus``: CPUs of the local instance (ignored with ``address``); ``on_done`` is called
    for each outcome as its chunk comes back; ``on_lost(seeds, reason)`` for a chunk that
    failed after :data:`RETRIES` retries (those seeds stay unfinished). Returns the
    outcomes in the order they came back. Ctrl-C cancels the queued tasks and re-raises.

    Raises:
        InputError: Ray is not installed, or the cluster at ``address`` cannot be joined.
    """
    ray = import_ray()
    if not jobs:
        return []
    started = start_ray(ray, cpus, address)
    task = ray.remote(max_retries=RETRIES, retry_exceptions=False)(run_chunk_here)
    width = cpus if not address else max(1, int(ray.cluster_resources().get("CPU", cpus)))
    pending = {task.remote(c): [j.seed for j in c] for c in chunks(jobs, width)}
    folders = {j.seed: Path(j.folder) for j in jobs}
    done: list[SeedOutcome] = []
    try:
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                seeds = pending.pop(ref)
                try:
                    results = ray.get(ref)
                except ray.exceptions.RayError as e:
                    if on_lost:
                        on_lost(seeds, f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
                    continue
                for outcome, files in results:
                    write_back(folders[outcome.seed], files)
                    done.append(outcome)
                    if on_done:
                        on_done(outcome)
    except BaseException:
        for ref in pending:
            ray.cancel(ref, force=True)
        raise
    finally:
        if started:
            ray.shutdown()
    return done


def run_llm_seeds_ray(
    jobs: list[SeedJob],
    *,
    cpus: int,
    concurrency: int,
    per_server: int = PER_SERVER,
    address: str | None = None,
    on_done: Progress | None = None,
    on_lost: Callable[[list[int], str], None] | None = None,
    on_out: OutHook | None = None,
) -> list[SeedOutcome]:
    """Run LLM ``jobs`` on async Ray actors (:class:`SeedActor`, one CPU each) and write each
    finished run into its folder.

    Actors: at most ``cpus`` (the cluster's CPUs with ``address``), ``concurrency``,
    ``per_server`` and the number of jobs; ``concurrency`` debates and ``per_server`` calls
    per server are split among them (:func:`shares`). The driver keeps each actor's own
    number of debates in flight, plus one queued. ``on_done`` per outcome; ``on_lost(seeds,
    reason)`` for seeds whose actor died (they stay unfinished); ``on_out(server, why)``
    once per server taken out of rotation. Ctrl-C kills the actors and re-raises.

    Raises:
        InputError: Ray is not installed, or the cluster at ``address`` cannot be joined.
    """
    ray = import_ray()
    if not jobs:
        return []
    started = start_ray(ray, cpus, address)
    width = cpus if not address else max(1, int(ray.cluster_resources().get("CPU", cpus)))
    n = max(1, min(width, concurrency, per_server, len(jobs)))
    debates, bounds = shares(max(n, concurrency), n), shares(max(n, per_server), n)
    cls = ray.remote(num_cpus=1, max_restarts=0)(SeedActor)
    actors = [cls.remote(debates[k], bounds[k], k) for k in range(n)]
    queue = list(reversed(jobs))
    folders = {j.seed: Path(j.folder) for j in jobs}
    pending: dict[Any, tuple[int, int]] = {}  # call -> (actor, seed)
    load = [0] * n
    alive = set(range(n))
    seen_out: set[str] = set()
    done: list[SeedOutcome] = []

    def feed(k: int) -> None:
        while queue and k in alive and load[k] < debates[k] + 1:
            job = queue.pop()
            pending[actors[k].run.remote(job)] = (k, job.seed)
            load[k] += 1

    try:
        for k in range(n):
            feed(k)
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                k, seed = pending.pop(ref)
                load[k] -= 1
                try:
                    outcome, files, out = ray.get(ref)
                except ray.exceptions.RayError as e:
                    alive.discard(k)
                    if on_lost:
                        on_lost([seed], f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
                    if not alive and queue and on_lost:
                        on_lost(sorted(j.seed for j in queue), "no Ray actor is left to run them")
                        queue.clear()
                    continue
                write_back(folders[outcome.seed], files)
                done.append(outcome)
                if on_done:
                    on_done(outcome)
                for server, why in out.items():
                    if server not in seen_out:
                        seen_out.add(server)
                        if on_out:
                            on_out(server, why)
                feed(k)
    finally:
        for a in actors:
            ray.kill(a)
        if started:
            ray.shutdown()
    return done


def run_batch_on_ray(
    spec: BatchSpec,
    seeds: list[int],
    root: Path,
    *,
    cpus: int,
    address: str | None = None,
    on_done: Progress | None = None,
    on_lost: Callable[[list[int], str], None] | None = None,
    per_server: int = PER_SERVER,
    on_out: OutHook | None = None,
) -> list[SeedOutcome]:
    """The unfinished seeds of ``seeds`` (batch folder ``root``) on Ray: offline batches as
    tasks (:func:`run_seeds_ray`), batches with LLM seats or an LLM judge on actors
    (:func:`run_llm_seeds_ray`, ``cpus`` debates at once).

    Raises:
        InputError: ``cpus`` below 1, or Ray missing or unreachable.
    """
    if cpus < 1:
        raise InputError("error-concurrency", value=cpus)
    import_ray()
    jobs = pending_jobs(spec, seeds, root)
    if not all_offline(spec):
        return run_llm_seeds_ray(
            jobs,
            cpus=cpus,
            concurrency=cpus,
            per_server=per_server,
            address=address,
            on_done=on_done,
            on_lost=on_lost,
            on_out=on_out,
        )
    return run_seeds_ray(jobs, cpus=cpus, address=address, on_done=on_done, on_lost=on_lost)


def ray_runner(
    cpus: int,
    address: str | None = None,
    on_lost: Callable[[list[int], str], None] | None = None,
    per_server: int = PER_SERVER,
    on_out: OutHook | None = None,
) -> Runner:
    """A ``runner`` for roleplay.runs.batch.run_batch that runs the seeds on Ray
    (:func:`run_batch_on_ray` with these settings)."""

    def run(spec: BatchSpec, seeds: list[int], root: Path, on_done: Progress | None) -> list[SeedOutcome]:
        return run_batch_on_ray(
            spec,
            seeds,
            root,
            cpus=cpus,
            address=address,
            on_done=on_done,
            on_lost=on_lost,
            per_server=per_server,
            on_out=on_out,
        )

    return run
