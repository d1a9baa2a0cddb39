"""A turn's structured output (Move), shared by the offline engine and LLM backends."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from roleplay.formats.text import Strict, Text

Position = Literal["support", "oppose", "amend"]

Act = Literal[
    "state", "argue", "rebut", "concede", "trade", "threaten", "explain_vote", "propose", "revise", "react"
]
"""Dialogue acts a turn can perform (after the acts of argumentation-based negotiation,
Rahwan et al. 2003): state a position, argue with evidence, rebut a named speaker's
claim, concede a point, offer a trade, threaten to walk out, explain a vote, table a
proposal, revise one's own proposal, react to facilitator news."""


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
        items: the instruments, each at most once (derived from ``settles`` by the
            engine when ``settles`` is given).
        settles: issue id -> option id for each issue the package settles; an issue not
            named is left open (roleplay.formats.issues).
        withdrawn: its author took it off the table (a revision with ``withdrawn`` True);
            a withdrawn package is not voted on (roleplay.debate.vote).
    """

    id: str = ""
    version: int = 1
    author: str = ""
    title: str = Field(min_length=1)
    items: list[PackageItem] = Field(default_factory=list)
    rationale: str = ""
    settles: dict[str, str] = Field(default_factory=dict)
    withdrawn: bool = False

    @model_validator(mode="after")
    def _not_empty(self) -> Proposal:
        if not self.items and not self.settles:
            raise ValueError("a package must settle at least one issue ('settles': issue id -> option id)")
        return self

    def instrument_ids(self) -> list[str]:
        """The instrument ids in this package, in order."""
        return [i.instrument for i in self.items]


class Stance(Strict):
    """A persona's position on one proposal on the table.

    ``amend`` carries ``settle`` (issue id -> the option it asks for) and/or, in instrument
    terms, ``add`` (items to add or re-set) and ``drop`` (instrument ids to remove). A trade
    also names ``give``: issue id -> the option of the proposal it would accept in return
    ("we accept X if P2 drops Y").
    """

    proposal: str
    position: Position
    reason: str = Field(min_length=1)
    add: list[PackageItem] = Field(default_factory=list)
    drop: list[str] = Field(default_factory=list)
    settle: dict[str, str] = Field(default_factory=dict)
    give: dict[str, str] = Field(default_factory=dict)


class Answer(Strict):
    """The earlier claim a turn answers: whose, in which turn, and how.

    ``how``: ``rebut`` (a counter-claim), ``concede`` (gives ground on that issue),
    ``trade`` (accepts it in exchange for something else) or ``hold`` (acknowledges it
    and keeps its position, e.g. a red line).
    """

    turn: str
    persona: str
    claim: str
    how: Literal["rebut", "concede", "trade", "hold"]


class Move(Strict):
    """What one persona does in one turn.

    Fields:
        speech: what it says aloud (the debate language).
        proposal: a new or revised package (revision: same ``id`` as the author's earlier one).
        stances: a stance on proposals on the table (vote rounds: support or oppose only).
        mechanisms: rubric mechanism ids the turn invokes.
        claims: ids of the claims (rubric/claims.yaml) the speech makes, in order.
        answers: the earlier claim of another persona this turn answers, if any.
        acts: the dialogue acts performed, in order (see :data:`Act`).
        walkout: the persona says it will walk away from every package on the table.
    """

    speech: str = Field(min_length=1)
    proposal: Proposal | None = None
    stances: list[Stance] = Field(default_factory=list)
    mechanisms: list[str] = Field(default_factory=list)
    claims: list[str] = Field(default_factory=list)
    answers: Answer | None = None
    acts: list[Act] = Field(default_factory=list)
    walkout: bool = False


class Usage(Strict):
    """Token and time accounting for one turn (tokens as reported by the server).

    ``cached_tokens``: of the prompt tokens, those the server read from its prefix cache
    (OpenAI's ``usage.prompt_tokens_details.cached_tokens``; 0 when the server does not say).
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
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


class Standing(Strict):
    """Where one package stands with the voters (computed by roleplay.debate.vote).

    Fields:
        proposal: its id; supporters / opponents: voter ids, in voter order;
        open: ids of the issues it leaves open; passes: whether it meets the pass rule;
        order: its tabling index (0 = tabled first).
    """

    proposal: str
    supporters: list[str]
    opponents: list[str]
    open: list[str]
    passes: bool
    order: int


class ModeratorNote(Strict):
    """Something the moderator (or a facilitator) says: announcements and summaries.

    Structured fields (all optional, so older ``events.jsonl`` files still parse; the
    bench and the TUI read these instead of parsing ``text``):
        policy: ``announce``: the round's speaker policy (fixed / challenged / simultaneous).
        pass_rule: ``announce`` of a vote round and ``vote_result``: the scenario's rule.
        standings: ``summary`` (latest stances) and ``vote_result`` (vote-round stances):
            each package's standing with the voters, in tabling order.
        leading: ``summary``: the package roleplay.debate.vote.decide would adopt now
            (None: nothing would pass now); ``vote_result``: the adopted package.
        best: the best-ranked package by roleplay.debate.vote.rank_key, passing or not
            (None: empty table).
        adopted: ``vote_result``: the adopted package id, None for no deal / no vote.
        outcome: ``vote_result``: ``adopted``, ``no_deal`` (a vote, nothing passed) or
            ``unvoted`` (the debate ended before its vote).
        tie_break: ``vote_result``: True when the tie-break (not the count) decided.
    """

    kind: Literal["announce", "summary", "vote_result", "facilitator", "notice"]
    text: str
    round: int = 0
    at_turn: int = Field(default=0, description="persona turns finished when it was said")
    title: Text | None = None
    policy: Literal["fixed", "challenged", "simultaneous"] | None = None
    pass_rule: Literal["majority", "two_thirds", "unanimous"] | None = None
    standings: list[Standing] | None = None
    leading: str | None = None
    best: str | None = None
    adopted: str | None = None
    outcome: Literal["adopted", "no_deal", "unvoted"] | None = None
    tie_break: bool | None = None
