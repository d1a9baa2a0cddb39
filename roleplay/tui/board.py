"""What the side panel shows, folded from debate events (no Textual here).

A :class:`Board` starts from the ``DebateStarted`` event and takes every later event in
order through :meth:`Board.apply`. Live mode feeds it events as they come; replay folds
the events up to the cursor, so the scoreboard is as it stood at that point.
"""

from __future__ import annotations

from roleplay.debate.events import (
    DebateEnded,
    DebateStarted,
    Event,
    RoundScored,
    RoundStarted,
    TurnCompleted,
    TurnStarted,
)
from roleplay.debate.move import Position, Proposal, Usage
from roleplay.scoring.scorecard import Scorecard


class Board:
    """Roster stances, the latest scorecard, round progress and usage counters.

    Fields:
        total_rounds: rounds on the agenda (0 if unknown).
        round / phase: the round under way (0 before the first).
        speaking: persona id whose turn is under way, or None.
        stances: persona id -> proposal id -> latest position.
        votes: persona id -> proposal id -> position cast in a vote round.
        table: proposals on the table after the latest turn.
        card: the latest scorecard (a round's, then the final one), or None.
        usage: summed token and time usage of every finished turn.
        status: None while running; the DebateEnded status after it.
    """

    def __init__(self, started: DebateStarted, total_rounds: int = 0):
        self.started = started
        self.total_rounds = total_rounds
        self.round, self.phase = 0, ""
        self.speaking: str | None = None
        self.stances: dict[str, dict[str, Position]] = {p.id: {} for p in started.personas}
        self.votes: dict[str, dict[str, Position]] = {}
        self.table: list[Proposal] = []
        self.card: Scorecard | None = None
        self.usage = Usage()
        self.turns = 0
        self.status: str | None = None

    def apply(self, e: Event) -> None:
        """Fold one event into the board (events must come in order)."""
        if isinstance(e, RoundStarted):
            self.round, self.phase = e.round, e.phase
            self.total_rounds = max(self.total_rounds, e.round)
        elif isinstance(e, TurnStarted):
            self.speaking = e.persona
        elif isinstance(e, TurnCompleted):
            self._turn_done(e)
        elif isinstance(e, RoundScored):
            self.card = e.scorecard
        elif isinstance(e, DebateEnded):
            self.status = e.status
            self.speaking = None
            self.card = e.scorecard or self.card

    def _turn_done(self, e: TurnCompleted) -> None:
        t = e.turn
        self.speaking = None
        self.turns += 1
        self.table = e.table
        if t.move is not None:
            mine = self.stances.setdefault(t.persona, {})
            if t.move.proposal is not None:
                mine[t.move.proposal.id] = "support"  # an author supports its own proposal (table.apply_move)
            for s in t.move.stances:
                mine[s.proposal] = s.position
            if t.phase == "vote" and t.move.stances:
                self.votes[t.persona] = {s.proposal: s.position for s in t.move.stances}
        u = t.usage
        self.usage = Usage(
            prompt_tokens=self.usage.prompt_tokens + u.prompt_tokens,
            completion_tokens=self.usage.completion_tokens + u.completion_tokens,
            latency_s=self.usage.latency_s + u.latency_s,
            calls=self.usage.calls + u.calls,
        )

    def focus_ids(self, limit: int = 3) -> list[str]:
        """Proposal ids to show stances on: the scored package first, then the newest, at most ``limit``."""
        ids = [p.id for p in self.table]
        lead = self.card.package.id if self.card and self.card.package else None
        ordered = ([lead] if lead in ids else []) + [i for i in reversed(ids) if i != lead]
        return ordered[:limit]
