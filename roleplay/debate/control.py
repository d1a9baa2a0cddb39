"""DebateControl: the facilitator's handle on a running engine (pause, step, inject, skip,
stop)."""

from __future__ import annotations

import asyncio


class DebateControl:
    """Facilitator controls shared with a running engine (the TUI's handle on it).

    ``pause()`` / ``resume()`` hold the engine before the next turn (or the next sealed
    batch of a ``simultaneous`` round, which has one gate); ``step()`` lets one turn, or
    one whole sealed batch, through while paused; ``inject(text)`` adds a facilitator message that every
    persona sees from its next turn; ``skip(pid)`` skips that persona's next turn;
    ``stop()`` ends the debate after the current turn and scores it.
    """

    def __init__(self) -> None:
        self._running = asyncio.Event()
        self._running.set()
        self._steps = 0
        self.injected: list[str] = []
        self.skips: set[str] = set()
        self.stopped = False
        self.stop_reason = "stopped by the facilitator"

    def pause(self) -> None:
        """Hold the engine before the next turn."""
        self._running.clear()

    def resume(self) -> None:
        """Let the engine run on."""
        self._running.set()

    @property
    def paused(self) -> bool:
        """True while paused."""
        return not self._running.is_set()

    def step(self) -> None:
        """While paused, let exactly one more turn (or one sealed batch) run."""
        self._steps += 1
        self._running.set()

    def inject(self, text: str) -> None:
        """Queue a facilitator message for every persona's next turn."""
        self.injected.append(text)

    def skip(self, pid: str) -> None:
        """Skip ``pid``'s next turn."""
        self.skips.add(pid)

    def stop(self, reason: str = "stopped by the facilitator") -> None:
        """End after the current turn; the debate is scored as it stands. ``reason`` is
        recorded in DebateEnded (e.g. "time limit of 600 s reached")."""
        self.stopped = True
        self.stop_reason = reason
        self._running.set()

    async def gate(self) -> None:
        """Wait while paused; consume one step if stepping. Always yields to the event
        loop once, so a UI or a Ctrl-C handler gets a turn between persona turns."""
        await asyncio.sleep(0)
        await self._running.wait()
        if self._steps:
            self._steps -= 1
            if self._steps == 0:
                self._running.clear()
