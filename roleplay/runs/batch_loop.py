"""LLM batches on one event loop: many debates at once, with a bound per server.

An LLM debate spends its time waiting for servers, so a batch whose seats (or judge) are
models runs its seeds as tasks on one asyncio loop (issue #14 item 6) instead of in worker
processes: at most ``concurrency`` debates at once, and at most ``per_server`` turns (or
judge calls) in flight on any one server, whichever debate they belong to. A server is the
scheme, host and port of a seat's base URL (or its provider's name when it has none), so
two seats on one local server share its bound. Offline batches keep the process pool
(roleplay.runs.batch). Each seed runs through ``roleplay.runs.batch.run_seed_async`` (the
one seed runner: its folder reset, its own backends, errors kept in ``error.txt`` and
reported, never raised), with its backends and judge wrapped in the bound; the batch runner
passes that function in, so this module does not import it back. A seat with a pool of
servers (roleplay.llm.pool) takes the loop's gates and spreads its calls over its servers,
each within the same bound.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from roleplay.debate.backend import Wrapped
from roleplay.llm.pool import PER_SERVER, Gates, OutHook, PooledBackend, server_of

if TYPE_CHECKING:
    from roleplay.debate.backend import Backend, BackendItem, TurnRequest
    from roleplay.llm.judge import Judge, JudgeRequest, JudgeResult
    from roleplay.runs.batch import SeedJob, SeedOutcome

    RunSeed = Callable[..., Awaitable[SeedOutcome]]

__all__ = [
    "PER_SERVER",
    "Bounded",
    "SeedLoop",
    "bound",
    "run_jobs",
    "run_jobs_async",
    "server_of",
    "wrap_all",
]


class Bounded(Wrapped):
    """A backend (or judge) whose turns hold a slot of its server in the loop's
    :class:`~roleplay.llm.pool.Gates` while they run; every other attribute is the wrapped
    backend's."""

    def __init__(self, inner: Any, gates: Gates, server: str):
        super().__init__(inner)
        self._gates, self._server = gates, server

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The wrapped backend's turn, run while holding its server's slot."""
        await self._gates.pick([self._server], rotation=False)
        try:
            async for item in self.inner.take_turn(request):
                yield item
        finally:
            self._gates.release(self._server)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """The wrapped judge's call, run while holding its server's slot."""
        await self._gates.pick([self._server], rotation=False)
        try:
            judge: Any = self.inner  # a Judge here (bound() wraps judges too)
            return await judge.judge(request)
        finally:
            self._gates.release(self._server)


def bound(backend: Any, gates: Gates) -> Any:
    """``backend`` bounded by the loop's ``gates``: a pooled seat gets them (it picks its
    server per call), any other backend that calls a server is wrapped in :class:`Bounded`,
    one that calls none is returned unchanged."""
    if isinstance(backend, PooledBackend):
        backend.gates = gates
        return backend
    server = server_of(backend)
    if server is None:
        return backend
    return Bounded(backend, gates, server)


def wrap_all(
    backends: dict[str, Backend], judge: Judge | None, gates: Gates
) -> tuple[dict[str, Backend], Judge | None]:
    """A seed's backends and judge, each bounded by the loop's gates (:func:`bound`)."""
    seats: dict[str, Backend] = {pid: bound(b, gates) for pid, b in backends.items()}
    return seats, bound(judge, gates) if judge is not None else None


class SeedLoop:
    """Seeds run on one event loop: at most ``concurrency`` debates at once, and at most
    ``per_server`` calls in flight per server across them (one :class:`Gates`). The batch
    runner and each Ray actor (roleplay.runs.batch_ray) hold one.

    Args:
        run: the seed runner (roleplay.runs.batch.run_seed_async).
        on_out: called once per pool server taken out of rotation, with (server, why).
    """

    def __init__(
        self, run: RunSeed, concurrency: int, per_server: int = PER_SERVER, on_out: OutHook | None = None
    ):
        self.run = run
        self.gates = Gates(max(1, per_server), on_out)
        self.slots = asyncio.Semaphore(max(1, concurrency))

    async def one(self, job: SeedJob) -> SeedOutcome:
        """Run ``job`` once a debate slot is free; never raises for a failed debate."""
        async with self.slots:
            return await self.run(job, lambda b, j: wrap_all(b, j, self.gates))


async def run_jobs_async(
    jobs: list[SeedJob],
    *,
    run: RunSeed,
    concurrency: int,
    per_server: int = PER_SERVER,
    on_done: Callable[[SeedOutcome], None] | None = None,
    on_out: OutHook | None = None,
) -> list[SeedOutcome]:
    """Run ``jobs`` on the running loop (a :class:`SeedLoop`); outcomes in the order they
    finished, ``on_done`` called after each."""
    loop = SeedLoop(run, concurrency, per_server, on_out)
    done: list[SeedOutcome] = []

    async def one(job: SeedJob) -> None:
        result = await loop.one(job)
        done.append(result)
        if on_done is not None:
            on_done(result)

    await asyncio.gather(*(one(j) for j in jobs))
    return done


def run_jobs(
    jobs: list[SeedJob],
    *,
    run: RunSeed,
    concurrency: int,
    per_server: int = PER_SERVER,
    on_done: Callable[[SeedOutcome], None] | None = None,
    on_out: OutHook | None = None,
) -> list[SeedOutcome]:
    """:func:`run_jobs_async` on a new event loop (for the synchronous batch runner)."""
    return asyncio.run(
        run_jobs_async(
            jobs, run=run, concurrency=concurrency, per_server=per_server, on_done=on_done, on_out=on_out
        )
    )
