"""The pace of a live debate in the TUI: speech streamed at a readable rate, a minimum time per
turn, and a speed the facilitator changes with keys while it runs.

The engine and ``roleplay run`` never see this: only the TUI wraps its non-human seats in
:class:`Paced`, so the CLI stays as fast as it was (issue #12: "the CLI stays fast unless asked").
Pause, step and inject act at the engine's gate before each turn (roleplay.debate.control),
which a paced turn reaches exactly as an instant one does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

from roleplay.debate.backend import Backend, BackendItem, Delta, TurnRequest, TurnResult, Wrapped

READABLE_CHARS_PER_S = 30.0
"""Default streaming rate, characters a second: about the speed an LLM streams Chinese or English
text (20-60 characters a second for hosted chat models), and slow enough that a room reads
along. Speed keys multiply it."""

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""The speed factors the ``+``/``-`` keys step through; 1.0 is the starting speed."""

CHUNK_CHARS = 2
"""Characters per streamed piece (about one token of Chinese text)."""

TICK_S = 0.05
"""Longest single sleep, seconds: a speed change takes effect within one tick."""


class Pace:
    """How fast a live TUI debate goes.

    Args:
        chars_per_s: streaming rate at speed 1.0, characters a second; None shows speech at
            once (instant, as ``roleplay run`` does).
        min_turn_s: each paced turn lasts at least this many seconds at speed 1.0 (``--pace``).
        speed: the starting factor, one of :data:`SPEEDS`.

    Raises:
        ValueError: a negative ``min_turn_s``, a rate that is not positive, or an unknown speed.
    """

    def __init__(
        self, chars_per_s: float | None = READABLE_CHARS_PER_S, min_turn_s: float = 0.0, speed: float = 1.0
    ):
        if min_turn_s < 0:
            raise ValueError(f"pace must be 0 or more seconds, not {min_turn_s}")
        if chars_per_s is not None and chars_per_s <= 0:
            raise ValueError(f"streaming rate must be positive, not {chars_per_s}")
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}, not {speed}")
        self.chars_per_s, self.min_turn_s, self.speed = chars_per_s, min_turn_s, speed

    @classmethod
    def instant(cls) -> Pace:
        """No streaming delay and no minimum turn time."""
        return cls(chars_per_s=None)

    @property
    def rate(self) -> float | None:
        """The streaming rate now, characters a second (None: instant)."""
        return None if self.chars_per_s is None else self.chars_per_s * self.speed

    @property
    def min_turn(self) -> float:
        """The minimum turn time now, seconds."""
        return self.min_turn_s / self.speed

    def faster(self) -> float:
        """Step to the next higher speed (stays at the top); returns the new speed."""
        i = SPEEDS.index(self.speed)
        self.speed = SPEEDS[min(i + 1, len(SPEEDS) - 1)]
        return self.speed

    def slower(self) -> float:
        """Step to the next lower speed (stays at the bottom); returns the new speed."""
        i = SPEEDS.index(self.speed)
        self.speed = SPEEDS[max(i - 1, 0)]
        return self.speed


class Paced(Wrapped):
    """A Backend wrapper that streams ``inner``'s speech no faster than ``pace.rate`` and makes
    each turn last at least ``pace.min_turn`` seconds. A backend that streams slower than the
    rate (an LLM) is passed through untouched; Notices and the TurnResult are not delayed
    except by the minimum turn time, which is waited before the TurnResult."""

    def __init__(self, inner: Backend, pace: Pace):
        super().__init__(inner)
        self.pace = pace

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Yield the inner items, speech split into pieces on the pace's schedule."""
        t0 = time.perf_counter()
        due = t0  # when the next piece may be shown
        async for item in self.inner.take_turn(request):
            if not isinstance(item, Delta) or self.pace.rate is None:
                if isinstance(item, TurnResult):
                    await _wait_until(lambda: t0 + self.pace.min_turn)
                yield item
                continue
            due = max(due, time.perf_counter() - 0.25)  # a slow stream is not made to burst
            text = item.text
            for i in range(0, len(text), CHUNK_CHARS):
                piece = text[i : i + CHUNK_CHARS]
                rate = self.pace.rate
                if rate is not None:
                    due += len(piece) / rate
                    await _wait_until(lambda d=due: d)
                yield Delta(text=piece)


async def _wait_until(deadline: Callable[[], float]) -> None:
    """Sleep in ticks until ``deadline()`` (re-read every tick, so speed changes apply)."""
    while (left := deadline() - time.perf_counter()) > 0:
        await asyncio.sleep(min(left, TICK_S))
