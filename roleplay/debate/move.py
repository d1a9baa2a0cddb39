"""A turn's structured output (Move), shared by the offline engine and LLM backends."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from roleplay.formats.text import Strict, Text

Position = Literal["support", "oppose", "amend"]


class PackageItem(Strict):
    """One instrument in a proposal, with its parameter value (instrument units) if any."""

    instrument: str
    value: float | None = None


class Proposal(Strict):
    """A policy package on the table (政策方案).

    Fields:
        id: ``P1``, ``P2``, ... assigned by the engine in tabling order.
        version: 1 when tabled; each revision by its author adds 1.
        author: persona id.
        items: the instruments, each at most once.
    """

    id: str = ""
    version: int = 1
    author: str = ""
    title: str = Field(min_length=1)
    items: list[PackageItem] = Field(min_length=1)
    rationale: str = ""

    def instrument_ids(self) -> list[str]:
        """The instrument ids in this package, in order."""
        return [i.instrument for i in self.items]


class Stance(Strict):
    """A persona's position on one proposal on the table.

    ``amend`` carries ``add`` (items to add or re-set) and ``drop`` (instrument ids to remove).
    """

    proposal: str
    position: Position
    reason: str = Field(min_length=1)
    add: list[PackageItem] = Field(default_factory=list)
    drop: list[str] = Field(default_factory=list)


class Move(Strict):
    """What one persona does in one turn.

    Fields:
        speech: what it says aloud (the debate language).
        proposal: a new or revised package (revision: same ``id`` as the author's earlier one).
        stances: a stance on proposals on the table (vote rounds: support or oppose only).
        mechanisms: rubric mechanism ids the turn invokes.
    """

    speech: str = Field(min_length=1)
    proposal: Proposal | None = None
    stances: list[Stance] = Field(default_factory=list)
    mechanisms: list[str] = Field(default_factory=list)


class Usage(Strict):
    """Token and time accounting for one turn (tokens as reported by the server)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    calls: int = 0


TurnStatus = Literal["ok", "failed", "skipped", "incomplete"]


class Turn(Strict):
    """A finished turn as kept in the transcript.

    ``raw`` keeps a model's unparsed reply when ``status`` is ``failed``;
    ``reasoning`` keeps reasoning text apart from speech (never shown as speech).
    """

    id: str
    round: int
    phase: str
    persona: str
    move: Move | None = None
    status: TurnStatus = "ok"
    error: str | None = None
    raw: str | None = None
    reasoning: str | None = None
    backend: str = "offline"
    usage: Usage = Field(default_factory=Usage)


class ModeratorNote(Strict):
    """Something the moderator (or a facilitator) says: announcements and summaries."""

    kind: Literal["announce", "summary", "vote_result", "facilitator", "notice"]
    text: str
    round: int = 0
    at_turn: int = Field(default=0, description="persona turns finished when it was said")
    title: Text | None = None
