"""When a debate stops early: the stop rules, kept apart from the engine that applies them.

Like roleplay.debate.turns for who speaks next, these are pure functions of what has happened
so far. The engine asks :func:`before_turn` before each persona turn and :func:`after_turn`
after it; a returned :class:`Stop` ends the debate after the current round's summary and
score. The rules, in the order they are checked:

- before a turn: the facilitator pressed stop (status ``stopped``, with its reason); the
  scenario's turn cap is reached (``stopped``);
- after a turn: the backend that played it is ``fatal`` (a rejected key, an exhausted quota:
  ``failed``); as many turns in a row have failed as there are seats (``failed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from roleplay.debate.move import Turn

EndStatus = Literal["finished", "stopped", "failed"]


class Stop(NamedTuple):
    """Why the debate ends before its agenda does."""

    status: Literal["stopped", "failed"]
    reason: str


def before_turn(turns: int, max_turns: int, stop_reason: str | None = None) -> Stop | None:
    """The stop due before the next turn, if any.

    Args:
        turns: persona turns taken so far. max_turns: the scenario's cap.
        stop_reason: the facilitator's reason if stop was pressed, else None.
    """
    if stop_reason is not None:
        return Stop("stopped", stop_reason)
    if turns >= max_turns:
        return Stop("stopped", f"turn cap of {max_turns} reached")
    return None


def after_turn(persona: str, fatal: object | None, history: Sequence[Turn], seats: int) -> Stop | None:
    """The stop due after ``persona``'s turn, if any.

    Args:
        fatal: the backend's ``fatal`` error (None while it can still be called).
        history: every turn so far, the one just taken last. seats: seated personas.
    """
    if fatal is not None:
        return Stop("failed", f"{persona}: {fatal}")
    streak = failure_streak(history)
    if streak >= seats:
        last = history[-1].error or "unknown"
        return Stop("failed", f"the last {streak} turns all failed (every seat once); last error: {last}")
    return None


def failure_streak(history: Sequence[Turn]) -> int:
    """How many of the latest turns in a row failed (skipped turns do not count either way)."""
    n = 0
    for t in reversed(history):
        if t.status == "skipped":
            continue
        if t.status != "failed":
            break
        n += 1
    return n
