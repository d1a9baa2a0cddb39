"""The human seat: a Backend whose moves come from a person typing in the TUI.

``HumanSeat(ask)`` calls ``await ask(request)`` for each turn; the TUI answers with a
:class:`~roleplay.debate.move.Move` (from its form) or None to pass. ``ask`` lives on the UI side
and only posts a message and awaits a future, so this backend never touches a widget.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable

from roleplay.debate.backend import BackendItem, Delta, TurnRequest, TurnResult
from roleplay.debate.move import Move, Usage

Ask = Callable[[TurnRequest], Awaitable[Move | None]]


class HumanSeat:
    """A Backend for a persona played by a person (``label`` ``human``)."""

    label = "human"
    fatal: Exception | None = None
    concurrent = False  # one person: never two forms at once, even in a simultaneous round

    def __init__(self, ask: Ask):
        self.ask = ask

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Wait for the person's move; yield its speech as one Delta, then the result.

        A pass (None) is a ``skipped`` turn. Cancelling the task cancels the wait.
        """
        t0 = time.perf_counter()
        move = await self.ask(request)
        if move is None:
            yield TurnResult(status="skipped", error="the human seat passed")
            return
        yield Delta(text=move.speech)
        yield TurnResult(move=move, usage=Usage(latency_s=time.perf_counter() - t0))
