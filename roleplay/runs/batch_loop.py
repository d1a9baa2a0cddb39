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
passes that function in, so this module does not import it back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from roleplay.debate.backend import Wrapped

if TYPE_CHECKING:
    from roleplay.debate.backend import Backend, BackendItem, TurnRequest
    from roleplay.llm.judge import Judge, JudgeRequest, JudgeResult
    from roleplay.runs.batch import SeedJob, SeedOutcome

    RunSeed = Callable[..., Awaitable[SeedOutcome]]

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


class Bounded(Wrapped):
    """A backend (or judge) whose turns hold its server's semaphore while they run; every
    other attribute is the wrapped backend's."""

    def __init__(self, inner: Any, limit: asyncio.Semaphore):
        super().__init__(inner)
        self._limit = limit

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The wrapped backend's turn, run while holding its server's slot."""
        async with self._limit:
            async for item in self.inner.take_turn(request):
                yield item

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """The wrapped judge's call, run while holding its server's slot."""
        async with self._limit:
            judge: Any = self.inner  # a Judge here (bound() wraps judges too)
            return await judge.judge(request)


def bound(backend: Any, limits: dict[str, asyncio.Semaphore], per_server: int) -> Any:
    """``backend`` wrapped in :class:`Bounded` with its server's semaphore (one per server,
    created on first use in ``limits``), or unchanged when it calls no server."""
    server = server_of(backend)
    if server is None:
        return backend
    return Bounded(backend, limits.setdefault(server, asyncio.Semaphore(per_server)))


def wrap_all(
    backends: dict[str, Backend], judge: Judge | None, limits: dict[str, asyncio.Semaphore], per_server: int
) -> tuple[dict[str, Backend], Judge | None]:
    """A seed's backends and judge, each bounded by its server's semaphore (:func:`bound`)."""
    seats: dict[str, Backend] = {pid: bound(b, limits, per_server) for pid, b in backends.items()}
    return seats, bound(judge, limits, per_server) if judge is not None else None


async def run_jobs_async(
    jobs: list[SeedJob],
    *,
    run: RunSeed,
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
            result = await run(job, lambda b, j: wrap_all(b, j, limits, max(1, per_server)))
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
) -> list[SeedOutcome]:
    """:func:`run_jobs_async` on a new event loop (for the synchronous batch runner)."""
    return asyncio.run(
        run_jobs_async(
            jobs,
            run=run,
            concurrency=concurrency,
            per_server=per_server,
            on_done=on_done,
        )
    )
