"""Helpers for driving the TUI in tests and benchmarks (not used by the app itself).

- :class:`StreamingFake`: a Backend that plays the offline negotiator's move but streams
  its speech as tokens at a fixed rate, like an LLM, and reports token usage.
- :func:`wait_until`: let a Pilot-driven app run until a condition holds (no bare sleeps).
- :func:`type_text`: type any text, full-width punctuation included, as a terminal sends it.
- :func:`long_run`: write a run folder of any length (for replay benchmarks).
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from roleplay.debate.backend import BackendItem, Delta, TurnRequest, TurnResult
from roleplay.debate.engine import run_debate
from roleplay.debate.events import (
    BackendNotice,
    DebateEnded,
    Event,
    ModeratorSpoke,
    RoundScored,
    RoundStarted,
    TextDelta,
    TurnCompleted,
    TurnStarted,
    dump_event,
)
from roleplay.debate.move import Usage
from roleplay.formats.text import Lang
from roleplay.offline.negotiator import decide
from roleplay.runs.transcript import EVENTS


class StreamingFake:
    """Stream the offline move's speech at ``rate`` tokens per second (``chars`` characters
    a token), then yield its TurnResult with usage. ``gate``, if set, is awaited before
    each token, so a test can hold a turn mid-stream."""

    def __init__(
        self,
        rate: float = 200.0,
        chars: int = 2,
        label: str = "fake-stream",
        gate: asyncio.Event | None = None,
    ):
        self.rate, self.chars, self.label, self.gate = rate, chars, label, gate
        self.tokens_sent = 0
        self.fatal: Exception | None = None

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Yield Delta tokens on a timer (absolute schedule, so the rate holds), then the result."""
        t0 = time.perf_counter()
        move = decide(request)
        text = move.speech
        n = 0
        for i in range(0, len(text), self.chars):
            if self.gate is not None:
                await self.gate.wait()
            n += 1
            delay = t0 + n / self.rate - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))
            self.tokens_sent += 1
            yield Delta(text=text[i : i + self.chars])
        yield TurnResult(
            move=move,
            usage=Usage(prompt_tokens=1000, completion_tokens=n, latency_s=time.perf_counter() - t0, calls=1),
        )


async def wait_until(
    pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0, what: str = ""
) -> None:
    """Process the app's messages until ``condition()`` is true.

    Raises:
        TimeoutError: it did not become true within ``timeout`` seconds (``what`` names it).
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what or condition}")
        await pilot.pause(0.01)


def key_name(ch: str) -> str:
    """The key name a terminal driver gives ``ch`` (e.g. ``fullwidth_colon`` for ``：``)."""
    if ch.isalnum():
        return ch
    try:
        return unicodedata.name(ch).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return ch


async def type_text(pilot: Pilot, text: str) -> None:
    """Send ``text`` as key events carrying their characters, the way the terminal driver
    does. (``Pilot.press`` drops characters such as ``：`` and ``，`` whose key name is not a
    Unicode name, so it cannot type Chinese punctuation.)"""
    for ch in text:
        pilot.app.post_message(events.Key(key_name(ch), ch))
    await pilot.pause()


async def long_run(
    folder: Path, turns: int, scenario: str = "patient-capital", lang: Lang | None = None
) -> Path:
    """Write a run folder of about ``turns`` persona turns (rounded up to a whole round).

    The offline engine runs the scenario once; its negotiation rounds are then repeated,
    renumbered, until the run is long enough, and the vote and the ending close it. The
    result is a realistic ``events.jsonl`` for replay benchmarks and window tests.
    """
    from roleplay.debate.session import prepare

    setup, backends = prepare(scenario, lang=lang)
    base = [e async for e in run_debate(setup, backends, run_id="long0001")]
    groups: list[list[Event]] = []
    for e in base[1:]:
        if isinstance(e, RoundStarted) or not groups:
            groups.append([])
        groups[-1].append(e)
    head, tail = groups[:-1], groups[-1]
    middle = [g for g in head if g[0].phase == "negotiation"] or head
    body = [g for g in head if g[0].phase in ("opening", "proposal")]
    count = sum(isinstance(e, TurnCompleted) for g in [*body, tail] for e in g)
    while count < turns:
        g = middle[len(body) % len(middle)]
        body.append(g)
        count += sum(isinstance(e, TurnCompleted) for e in g)
    out: list[Event] = [base[0]]
    n_turn = 0
    for rn, g in enumerate([*body, tail], 1):
        for e in g:
            e, n_turn = _renumber(e, rn, n_turn)
            out.append(e)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / EVENTS, "w", encoding="utf-8", newline="\n") as fh:
        for seq, e in enumerate(out):
            e.seq = seq
            fh.write(dump_event(e) + "\n")
    return folder


def _renumber(e: Event, rn: int, n_turn: int) -> tuple[Event, int]:
    """A copy of ``e`` moved to round ``rn``; turn ids count on from ``n_turn``."""

    def tid(old: str) -> str:
        return f"r{rn}-t{n_turn}-{old.split('-', 2)[2]}"

    if isinstance(e, RoundStarted):
        return e.model_copy(update={"round": rn, "note": e.note.model_copy(update={"round": rn})}), n_turn
    if isinstance(e, TurnStarted):
        n_turn += 1
        return e.model_copy(update={"round": rn, "turn": tid(e.turn)}), n_turn
    if isinstance(e, (TextDelta, BackendNotice)):
        return e.model_copy(update={"turn": tid(e.turn)}), n_turn
    if isinstance(e, TurnCompleted):
        return e.model_copy(
            update={"turn": e.turn.model_copy(update={"id": tid(e.turn.id), "round": rn})}
        ), n_turn
    if isinstance(e, ModeratorSpoke):
        return e.model_copy(update={"note": e.note.model_copy(update={"round": rn})}), n_turn
    if isinstance(e, RoundScored):
        return e.model_copy(
            update={"round": rn, "scorecard": e.scorecard.model_copy(update={"round": rn})}
        ), n_turn
    if isinstance(e, DebateEnded):
        return e.model_copy(update={"rounds": rn, "turns": n_turn}), n_turn
    return e, n_turn
