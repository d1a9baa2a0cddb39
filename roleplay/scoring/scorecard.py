"""The Scorecard: how an outcome (the adopted package, or no deal) answers the scenario's
question against the article's prescriptions. Rules: roleplay.scoring.rules (points),
roleplay.scoring.scorer (outcome, evidence), roleplay.scoring.rationale (words).

Everything except ``ElementScore.rationale`` and ``Evidence.quote`` is language-neutral
(ids and numbers), so the same debate in zh and en gives the same card up to those two
rendered texts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from roleplay.debate.move import Proposal, Standing
from roleplay.formats.issues import Verdict
from roleplay.formats.text import Strict

CreditKind = Literal["decide", "verdict", "instrument", "budget", "conflict", "open", "no_deal"]
"""What a :class:`Credit` is for (see roleplay.scoring.rules): ``decide`` an issue settled
on its element; ``verdict`` the article's verdict on the option chosen; ``instrument`` an
instrument of the option realising another element; ``budget`` cost over the scenario's
budget; ``conflict`` an instrument worsening a contradiction another one eases; ``open`` /
``no_deal`` (0 points) why the outcome scores nothing."""


Effect = Literal["eases", "worsens", "mixed", "untouched"]
"""What an outcome does to one structural contradiction."""


class Credit(Strict):
    """One structured reason behind an element score: ``points`` (may be negative or 0)
    and the ids responsible. ``over`` is the share over budget (0.3 = 30% over) for a
    ``budget`` credit; ``eased_by`` the instrument that eases ``contradiction`` in a
    ``conflict`` credit."""

    kind: CreditKind
    points: int
    issue: str | None = None
    option: str | None = None
    instrument: str | None = None
    contradiction: str | None = None
    eased_by: str | None = None
    over: float | None = None


class Evidence(Strict):
    """A quote from a real turn (``turn`` is a turn id in the same transcript).

    For the deterministic scorer ``quote`` is the text of claim ``claim``
    (rubric/claims.yaml) in the debate language, found verbatim in that turn's speech."""

    turn: str
    quote: str = Field(min_length=1)
    claim: str | None = None


class ElementScore(Strict):
    """Score of one of the six elements: 0 (absent) .. 4 (fully realised), or None if unscored.

    ``parts``: the credits it is made of (their sum, clipped to 0..4 and raised to the
    settled floor, is ``score``); ``rationale``: ``parts`` rendered in the debate language
    (roleplay.scoring.rationale.render)."""

    element: str
    score: int | None = Field(default=None, ge=0, le=4)
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)
    parts: list[Credit] = Field(default_factory=list)


class ContradictionEffect(Strict):
    """Whether the outcome eases or worsens one structural contradiction, and through what."""

    contradiction: str
    effect: Effect
    via: list[str] = Field(default_factory=list, description="instrument ids")
    options: list[str] = Field(
        default_factory=list,
        description="'issue:option' ids of chosen options that ease it themselves (Option.eases)",
    )


class PathMatch(Strict):
    """A strategy path the outcome follows, with the instruments that follow it."""

    path: str
    instruments: list[str]


class IssueOutcome(Strict):
    """How the scored package settles one issue: ``option`` None = left open (or no deal);
    ``verdict`` the article's verdict on that option; ``cost`` its yearly cost in 億元."""

    issue: str
    option: str | None = None
    verdict: Verdict | None = None
    cost: float = 0.0


Consensus = Literal["none", "weak", "majority", "strong", "unanimous"]


class Scorecard(Strict):
    """The moderator's scorecard for a round or a whole debate.

    Fields:
        scorer: ``deterministic`` or ``llm:<model>``.
        round: the round scored (0 = whole debate).
        package: the package scored: the adopted one at the end (None: no deal); mid-debate
            the one the vote rule would adopt now, else the best-ranked.
        adopted: True only when the final vote adopted ``package``.
        deal: the vote rule passes ``package`` (final: same as ``adopted``; mid-debate: it
            would pass on the latest stances). False = no deal.
        tie_break: the rule's tie-break (fewest open issues, then tabled first) decided.
        standings: every package's standing under the rule (roleplay.debate.vote).
        outcomes: per issue of the scenario, the option the package chose (None: open).
        open_issues: ids of the issues left open (all of them when there is no package).
        cost / budget / over_budget: the package's yearly cost in 億元, the scenario's
            budget (None: no budget line), and the share over it (0.3 = 30% over).
        consensus / support_share: share of voters supporting ``package`` (0..1; 0 and
            ``none`` when there is no package).
        satisfaction: per persona, 0 (its worst settlement or a broken red line) .. 1
            (its ideal), on the package's settlement (no deal: the empty settlement).
        n_scored: elements with a score (an LLM judge may leave some unscored).
    """

    scorer: str = "deterministic"
    round: int = 0
    package: Proposal | None = None
    adopted: bool = False
    deal: bool = False
    tie_break: bool = False
    standings: list[Standing] = Field(default_factory=list)
    outcomes: list[IssueOutcome] = Field(default_factory=list)
    open_issues: list[str] = Field(default_factory=list)
    cost: float = 0.0
    budget: float | None = None
    over_budget: float = 0.0
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

    def settled(self) -> bool:
        """True when the scored package settles every issue (the question is answered)."""
        return self.package is not None and not self.open_issues
