"""LLM batches on one event loop: many debates at once, with a bound per server.

An LLM debate spends its time waiting for servers, so a batch whose seats (or judge) are
models runs its seeds as tasks on one asyncio loop (issue #14 item 6) instead of in worker
processes: at most ``concurrency`` debates at once, and at most ``per_server`` turns (or
judge calls) in flight on any one server, whichever debate they belong to. A server is the
scheme, host and port of a seat's base URL (or its provider's name when it has none), so
two seats on one local server share its bound. Offline batches keep the process pool
(roleplay.runs.batch). Each seed runs as ``roleplay.runs.batch.run_seed`` does: its folder
emptied, its own backends, errors kept in ``error.txt`` and reported, never raised. (The
batch runner passes in its ``prepare_seed`` and ``SeedOutcome``, so this module does not
import it back.)
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from roleplay.runs.batch_folder import ERROR_FILE, last_event

if TYPE_CHECKING:
    from roleplay.debate.backend import Backend, BackendItem, TurnRequest
    from roleplay.debate.setup import DebateSetup
    from roleplay.llm.judge import Judge, JudgeRequest, JudgeResult
    from roleplay.runs.batch import BatchSpec, SeedJob, SeedOutcome

    Prepare = Callable[[BatchSpec, int], tuple[DebateSetup, dict[str, Backend], Judge | None]]

PER_SERVER = 4
"""Default bound on turns in flight per server across the batch's debates."""


def server_of(backend: object) -> str | None:
    """The server a backend calls (``scheme://host:port`` of its base URL, or its provider's
    name), or None for a backend that calls none (offline, human). Credentials in the URL
    are left out."""
    spec = getattr(backend, "spec", None)
    if spec is None:
        return None
    if not spec.base_url:
        return str(spec.provider)
    u = urlsplit(spec.base_url)
    return f"{u.scheme}://{u.hostname}:{u.port or ''}"


class Bounded:
    """A backend (or judge) whose turns hold its server's semaphore while they run; every
    other attribute is the wrapped backend's."""

    def __init__(self, inner: Any, limit: asyncio.Semaphore):
        self._inner, self._limit = inner, limit
        self.label = inner.label

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    @property
    def fatal(self) -> Exception | None:
        """The wrapped backend's fatal error, if any."""
        return getattr(self._inner, "fatal", None)

    def prepare(self) -> None:
        """Prepare the wrapped backend (see roleplay.debate.engine.prepare_backends)."""
        prep = getattr(self._inner, "prepare", None)
        if callable(prep):
            prep()

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The wrapped backend's turn, run while holding its server's slot."""
        async with self._limit:
            async for item in self._inner.take_turn(request):
                yield item

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """The wrapped judge's call, run while holding its server's slot."""
        async with self._limit:
            return await self._inner.judge(request)


def bound(backend: Any, limits: dict[str, asyncio.Semaphore], per_server: int) -> Any:
    """``backend`` wrapped in :class:`Bounded` with its server's semaphore (one per server,
    created on first use in ``limits``), or unchanged when it calls no server."""
    server = server_of(backend)
    if server is None:
        return backend
    return Bounded(backend, limits.setdefault(server, asyncio.Semaphore(per_server)))


async def run_seed_async(
    job: SeedJob,
    limits: dict[str, asyncio.Semaphore],
    per_server: int,
    prepare: Prepare,
    outcome: type[SeedOutcome],
) -> SeedOutcome:
    """Run one seed into its (emptied) folder on the running loop, its backends bounded per
    server. Never raises: errors become an outcome and ``error.txt``."""
    from roleplay.debate.engine import new_run_id
    from roleplay.debate.session import run_to_folder

    t0 = time.perf_counter()
    folder = Path(job.folder)
    shutil.rmtree(folder, ignore_errors=True)
    try:
        setup, backends, judge = prepare(job.spec, job.seed)
        seats: dict[str, Backend] = {pid: bound(b, limits, per_server) for pid, b in backends.items()}
        await run_to_folder(
            setup,
            seats,
            folder,
            new_run_id(),
            judge=bound(judge, limits, per_server) if judge is not None else None,
            moderator_label=judge.label if judge else "offline",
        )
        last = last_event(folder) or {}
        status = last.get("status", "error")
        return outcome(
            seed=job.seed,
            status=status,
            scored=status != "failed" and bool(last.get("scorecard")),
            seconds=time.perf_counter() - t0,
        )
    except Exception as e:  # a seed must report, not stop the batch
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ERROR_FILE).write_text(f"{type(e).__name__}: {e}\n", encoding="utf-8")
        return outcome(
            seed=job.seed, status="error", error=f"{type(e).__name__}: {e}", seconds=time.perf_counter() - t0
        )


async def run_jobs_async(
    jobs: list[SeedJob],
    *,
    prepare: Prepare,
    outcome: type[SeedOutcome],
    concurrency: int,
    per_server: int = PER_SERVER,
    on_done: Callable[[SeedOutcome], None] | None = None,
) -> list[SeedOutcome]:
    """Run ``jobs`` on the running loop, ``concurrency`` debates at once; outcomes in the
    order they finished, ``on_done`` called after each."""
    limits: dict[str, asyncio.Semaphore] = {}
    slots = asyncio.Semaphore(max(1, concurrency))
    done: list[SeedOutcome] = []

    async def one(job: SeedJob) -> None:
        async with slots:
            result = await run_seed_async(job, limits, max(1, per_server), prepare, outcome)
        done.append(result)
        if on_done is not None:
            on_done(result)

    await asyncio.gather(*(one(j) for j in jobs))
    return done


def run_jobs(
    jobs: list[SeedJob],
    *,
    prepare: Prepare,
    outcome: type[SeedOutcome],
    concurrency: int,
    per_server: int = PER_SERVER,
    on_done: Callable[[SeedOutcome], None] | None = None,
) -> list[SeedOutcome]:
    """:func:`run_jobs_async` on a new event loop (for the synchronous batch runner)."""
    return asyncio.run(
        run_jobs_async(
            jobs,
            prepare=prepare,
            outcome=outcome,
            concurrency=concurrency,
            per_server=per_server,
            on_done=on_done,
        )
    )
