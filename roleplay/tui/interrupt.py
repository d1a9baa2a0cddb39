"""A Backend wrapper that lets the facilitator cut the current turn short.

The engine's :class:`~roleplay.debate.engine.DebateControl` acts *between* turns; a streaming LLM
turn can take many seconds. :class:`Interruptible` races the wrapped backend against an
abort signal, so Skip and End stop generation at once: the inner generator's task is
cancelled (closing its HTTP stream) and the turn ends as ``skipped``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from roleplay.debate.backend import Backend, BackendItem, TurnRequest, TurnResult


class Interruptible:
    """Wraps ``inner``; :meth:`abort` ends the turn under way (if any) as ``skipped``."""

    def __init__(self, inner: Backend):
        self.inner = inner
        self.label = inner.label
        self.concurrent = getattr(inner, "concurrent", True)
        self._abort: asyncio.Event | None = None
        self._reason = ""

    @property
    def fatal(self) -> Exception | None:
        """The wrapped backend's ``fatal``."""
        return self.inner.fatal

    @property
    def busy(self) -> bool:
        """True while a turn is under way."""
        return self._abort is not None

    def abort(self, reason: str) -> bool:
        """End the turn under way, recorded with ``reason``. Returns False if none was."""
        if self._abort is None:
            return False
        self._reason = reason
        self._abort.set()
        return True

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Yield the inner backend's items until it ends or :meth:`abort` is called."""
        self._abort = abort = asyncio.Event()
        gen = self.inner.take_turn(request)
        stop = asyncio.ensure_future(abort.wait())
        step: asyncio.Future | None = None
        try:
            while True:
                step = asyncio.ensure_future(anext(gen))
                await asyncio.wait({step, stop}, return_when=asyncio.FIRST_COMPLETED)
                if not step.done():
                    step.cancel()
                    with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                        await step
                    yield TurnResult(status="skipped", error=self._reason)
                    return
                try:
                    item = step.result()
                except StopAsyncIteration:
                    return
                yield item
        finally:
            stop.cancel()
            if step is not None and not step.done():
                step.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await step
            self._abort = None
            with contextlib.suppress(RuntimeError):
                await gen.aclose()
