"""The Scorecard: how an outcome realises the article's mechanisms."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from roleplay.debate.move import Proposal
from roleplay.formats.text import Strict


class Evidence(Strict):
    """A quoted phrase from a real turn (``turn`` is a turn id in the same transcript)."""

    turn: str
    quote: str = Field(min_length=1)


class ElementScore(Strict):
    """Score of one of the six elements: 0 (absent) .. 4 (fully realised), or None if unscored."""

    element: str
    score: int | None = Field(default=None, ge=0, le=4)
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)


class ContradictionEffect(Strict):
    """Whether the outcome eases or worsens one structural contradiction, and through what."""

    contradiction: str
    effect: Literal["eases", "worsens", "mixed", "untouched"]
    via: list[str] = Field(default_factory=list, description="instrument ids")


class PathMatch(Strict):
    """A strategy path the outcome follows, with the instruments that follow it."""

    path: str
    instruments: list[str]


Consensus = Literal["none", "weak", "majority", "strong", "unanimous"]


class Scorecard(Strict):
    """The moderator's scorecard for a round or a whole debate.

    Fields:
        scorer: ``deterministic`` or ``llm:<model>``.
        round: the round scored (0 = whole debate).
        package: the package scored (adopted at the end; the leading one mid-debate).
        adopted: True only when the final vote adopted ``package``.
        consensus / support_share: share of voters supporting ``package`` (0..1).
        satisfaction: per persona, 0 (package hits only red lines) .. 1 (its ideal package).
        n_scored: elements with a score (an LLM judge may leave some unscored).
    """

    scorer: str = "deterministic"
    round: int = 0
    package: Proposal | None = None
    adopted: bool = False
    elements: list[ElementScore]
    contradictions: list[ContradictionEffect]
    paths: list[PathMatch]
    consensus: Consensus
    support_share: float = Field(ge=0, le=1)
    satisfaction: dict[str, float]
    n_scored: int = 0

    def total(self) -> int:
        """Sum of scored element scores (0..24)."""
        return sum(e.score or 0 for e in self.elements)
