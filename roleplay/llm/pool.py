"""A pool of model servers behind one seat (issue #13 item 3).

A seat that names several OpenAI-compatible servers for one model
(``openai-compatible:qwen@http://gpu1:8000/v1,http://gpu2:8000/v1``, see
roleplay.llm.spec) is a :class:`PooledBackend`: one :class:`~roleplay.llm.backend.LLMBackend`
per server (each with its own key, which goes only to its own host), and a turn goes to
the server with the fewest calls in flight (ties: the first listed) that is below the
per-server limit; when every server is at its limit, the turn waits for a free slot.

The counts live in :class:`Gates`, one per event loop of a batch, shared by every seat and
debate on that loop (roleplay.runs.batch_loop hands them out), so ``--per-server`` bounds
each server across the whole batch. A seat used outside a batch counts in its event loop's Gates, with
the default limit (:data:`PER_SERVER`), so the seats of one debate share their rotation.

A server whose turn failed without a word of speech because of the server (connection
refused or never answered, a 5xx or dropped link after the caller's retries, a rejected
key or an unknown model: :func:`endpoint_fault`) is taken out of rotation for the rest of
the loop's batch, with a message naming it (``scheme://host:port``, never a key: the
error texts come masked from roleplay.llm.caller), and the turn is tried again on another
server. A rate limit (429) is not a failure of the server: that turn fails as it does
today. When every server is out, the seat fails as a single server fails today: the turn
fails and the seat becomes ``fatal`` (the debate stops; resume redoes the seed).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from roleplay.debate.backend import BackendItem, Notice, TurnRequest, TurnResult
from roleplay.errors import PermanentBackendError, TransientBackendError, msg

if TYPE_CHECKING:
    from roleplay.llm.backend import LLMBackend
    from roleplay.llm.judge import JudgeRequest, JudgeResult
    from roleplay.llm.spec import BackendSpec

PER_SERVER = 4
"""Default bound on calls in flight per server (``--per-server``)."""

OutHook = Callable[[str, str], None]
"""Called once per server taken out of rotation: (server, why)."""


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


class Gates:
    """Calls in flight per server (at most ``limit`` each) and the servers out of rotation,
    for every seat on one event loop. Single-threaded (asyncio): no lock is needed.

    Args:
        limit: calls in flight per server (>= 1; ``--per-server``).
        on_out: called once for each server taken out, with (server, why).

    ``offset``: ties between equally busy servers are broken in the listed order starting
    at this position (0: the first listed); Ray actors of one batch each start elsewhere.
    """

    def __init__(self, limit: int = PER_SERVER, on_out: OutHook | None = None):
        self.limit = max(1, limit)
        self.on_out = on_out
        self.in_flight: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self.out: dict[str, str] = {}
        self.offset = 0
        self._changed: asyncio.Event | None = None

    def _wake(self) -> None:
        changed, self._changed = self._changed, None
        if changed is not None:
            changed.set()

    async def pick(self, servers: Sequence[str], *, rotation: bool = True) -> str | None:
        """Take a slot on the server of ``servers`` with the fewest calls in flight (ties:
        the first listed, counting from ``offset``) among those in rotation and below the limit, waiting while all are
        full; None when every one is out of rotation. ``rotation=False`` ignores the
        out-of-rotation list (a seat with a single server keeps calling it). The caller
        must :meth:`release` the slot."""
        k = self.offset % max(1, len(servers))
        order = [*servers[k:], *servers[:k]]
        while True:
            live = [s for s in order if not rotation or s not in self.out]
            if not live:
                return None
            free = [s for s in live if self.in_flight.get(s, 0) < self.limit]
            if free:
                best = min(free, key=lambda s: self.in_flight.get(s, 0))
                self.in_flight[best] = self.in_flight.get(best, 0) + 1
                self.most[best] = max(self.most.get(best, 0), self.in_flight[best])
                return best
            if self._changed is None:
                self._changed = asyncio.Event()
            await self._changed.wait()

    def release(self, server: str) -> None:
        """Give back a slot taken by :meth:`pick`."""
        self.in_flight[server] = max(0, self.in_flight.get(server, 0) - 1)
        self._wake()

    def take_out(self, server: str, why: str) -> None:
        """Take ``server`` out of rotation (``on_out`` is called the first time only)."""
        if server not in self.out:
            self.out[server] = why
            if self.on_out is not None:
                self.on_out(server, why)
        self._wake()


def endpoint_fault(member: Any, result: TurnResult) -> str | None:
    """Why ``member``'s server should leave the rotation after a turn that gave ``result``,
    or None. Only a ``failed`` turn (no speech shown, so it can be tried again elsewhere)
    counts, and only when the fault is the server's: the seat became fatal (server never
    answered, key rejected, model unknown) or its last call ended in a transient fault
    other than a rate limit (5xx, dropped link, timeout) after the caller's retries."""
    if result.status != "failed":
        return None
    err = getattr(member, "last_error", None)
    if member.fatal is not None:
        return str(err or member.fatal)  # the fault itself, not what it would do to a lone seat
    if isinstance(err, TransientBackendError) and err.status != 429:
        return str(err)
    return None


_LOOP_GATES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Gates] = weakref.WeakKeyDictionary()


def loop_gates() -> Gates:
    """The running loop's own Gates (:data:`PER_SERVER`), shared by every pooled seat on it
    that no batch gave gates to: the seats of one debate share their servers' rotation."""
    loop = asyncio.get_running_loop()
    gates = _LOOP_GATES.get(loop)
    if gates is None:
        gates = _LOOP_GATES[loop] = Gates()
    return gates


class PoolExhausted(PermanentBackendError):
    """Every server of a seat's pool is out of rotation."""


def endpoint_specs(spec: str, *, base_url: str | None = None, **knobs: Any) -> list[BackendSpec]:
    """One BackendSpec per server of a pooled seat spec (``PROVIDER:MODEL@URL1,URL2[#KNOBS]``,
    or a plain spec with ``base_url`` a comma-joined list), each parsed from its own URL so
    that each keeps its own credentials and key variable.

    Raises:
        InputError: as roleplay.llm.spec.parse_spec.
    """
    from roleplay.llm.spec import POOL_SEP, parse_spec

    pooled = parse_spec(spec, base_url=base_url, **knobs)
    if not pooled.pool:
        return [pooled]
    head, sep, fragment = spec.strip().partition("#")
    urls = head.partition("@http")[2]
    raw = f"http{urls}" if urls else (base_url or "")
    tail = f"{sep}{fragment}"
    return [
        parse_spec(f"{pooled.provider}:{pooled.model}@{u}{tail}", **knobs)
        for u in POOL_SEP.split(raw.strip())
    ]


class PooledBackend:
    """A seat played by one model on several servers (see the module docstring).

    Args:
        label: the seat's label (``provider:model@URL1,URL2``), the same whichever server
            answers, so transcripts do not depend on the spread.
        members: one backend per server, in the order the user listed them.
        gates: the loop's shared Gates (a batch sets them: roleplay.runs.batch_loop.bound);
            default: those of the running loop (:func:`loop_gates`).
    """

    def __init__(self, label: str, members: list[LLMBackend], gates: Gates | None = None):
        self.label = label
        self.members: dict[str, LLMBackend] = {}
        for m in members:
            self.members[server_of(m) or m.label] = m
        self.spec = members[0].spec
        self._gates = gates
        self.concurrent = True
        self.fatal: PermanentBackendError | None = None

    @property
    def gates(self) -> Gates:
        """The Gates this seat counts its calls in (see ``gates`` above)."""
        return self._gates or loop_gates()

    @gates.setter
    def gates(self, value: Gates) -> None:
        self._gates = value

    def prepare(self) -> None:
        """Build every server's client for the running loop (see LLMBackend.prepare)."""
        for m in self.members.values():
            m.prepare()

    def _out(self, server: str, why: str) -> Notice:
        self.gates.take_out(server, why)
        return Notice(
            kind="fault",
            detail=str(msg("error-pool-out", server=server, why=why)),
        )

    def _exhausted(self) -> PoolExhausted:
        reasons = "; ".join(f"{s}: {self.gates.out.get(s, '?')}" for s in self.members)
        return PoolExhausted("error-pool-exhausted", label=self.label, reasons=reasons)

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """The turn on the least busy server in rotation; tried again on another after a
        server fault (:func:`endpoint_fault`); failed and fatal when none is left."""
        if self.fatal is not None:
            yield Notice(kind="fault", detail=f"{self.fatal} (not called again)")
            yield TurnResult(status="failed", error=str(self.fatal))
            return
        while True:
            server = await self.gates.pick(list(self.members))
            if server is None:
                self.fatal = self._exhausted()
                yield TurnResult(status="failed", error=str(self.fatal))
                return
            member = self.members[server]
            result = TurnResult(status="failed", error=f"{member.label}: the turn gave no result")
            try:
                async for item in member.take_turn(request):
                    if isinstance(item, TurnResult):
                        result = item
                    else:
                        yield item
            finally:
                self.gates.release(server)
            why = endpoint_fault(member, result)
            if why is None:
                yield result
                return
            yield self._out(server, why)

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """Score on the least busy server in rotation; a server that failed the call and has
        never answered in this debate (or became fatal) is taken out and the call tried on
        another; with none left, the result carries the pool's error."""
        from roleplay.llm.judge import JudgeResult

        while True:
            server = await self.gates.pick(list(self.members))
            if server is None:
                return JudgeResult(error=str(self._exhausted()))
            member = self.members[server]
            try:
                res = await member.judge(request)
            finally:
                self.gates.release(server)
            if res.error and (member.fatal is not None or not member.caller.answered):
                self._out(server, str(member.fatal or res.error))
                continue
            return res
