"""Scenario files (``scenarios/*.yaml``): the policy question, the seats and the agenda."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from roleplay.errors import msg
from roleplay.formats.issues import Issue
from roleplay.formats.memo import memo
from roleplay.formats.text import Lang, Strict, Text

Phase = Literal["opening", "proposal", "negotiation", "vote"]
"""Agenda phases: opening statements, proposals, negotiation/rebuttal, final vote."""

SpeakerPolicy = Literal["fixed", "challenged", "simultaneous"]
"""Who speaks when within a round (roleplay.debate.turns):

- ``fixed``: the round's order (``speakers`` or the scenario's ``speaker_order``);
- ``challenged``: the moderator gives the floor to the persona whose position was most
  challenged and not yet answered (deterministic; ties by the fixed order); each persona
  still speaks once per round;
- ``simultaneous``: sealed moves: everyone sees the table as it stood at the round's
  start (opening statements, sealed ballots); LLM seats are called concurrently.
"""

PassRule = Literal["majority", "two_thirds", "unanimous"]
"""How many of the voters must support a package for it to pass (roleplay.debate.vote)."""


class RoundSpec(Strict):
    """One round of the agenda.

    Fields:
        phase: what moves are allowed (only ``proposal`` and ``negotiation`` rounds may
            table or revise a proposal; ``vote`` rounds only cast stances).
        speakers: the order for this round; default is the scenario's ``speaker_order``.
        allow_repeat: let one persona speak twice in a row (e.g. a rebuttal pair).
        policy: who speaks when in this round (default: the scenario's ``speaker_policy``;
            see :data:`SpeakerPolicy`).
    """

    phase: Phase
    title: Text | None = None
    speakers: list[str] | None = None
    allow_repeat: bool = False
    policy: SpeakerPolicy | None = None


class Scenario(Strict):
    """A debate scenario (情境).

    Fields:
        personas: persona ids seated (each must exist in ``personas/``).
        speaker_order: default turn order; must list exactly the seated personas.
        voters: who votes in the final round; default all seated personas.
        agenda: the rounds, in order; at least one, and the last should be a ``vote``.
        max_rounds: round cap; rounds past it are not run (``--rounds`` overrides).
        max_turns: hard cap on persona turns in the whole debate.
        issues: the decisions the question asks for (roleplay.formats.issues.Issue), up to 8
            (3-6 recommended); a package settles each one or leaves it open. Without
            issues, each of ``focus_instruments`` becomes a yes/no issue
            (roleplay.formats.issues.issues_from_instruments).
        budget: yearly budget in 億元 for the options' costs; a package over it loses
            utility for cost-minded personas and score (None: no budget line).
        pass_rule: how many voters must support a package for it to pass.
        speaker_policy: default speaker policy of every round.
        focus_instruments: extra instrument ids on the table (default: those of the options).
        seed: default random seed for the offline engine.
        backend / persona_backends / moderator_backend: backend specs (``offline`` default).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text
    question: Text
    brief: Text
    personas: list[str] = Field(min_length=2)
    speaker_order: list[str] | None = None
    voters: list[str] | None = None
    agenda: list[RoundSpec] = Field(min_length=1)
    lang: Lang = "zh-Hant"
    max_rounds: int = Field(default=12, ge=1, le=200)
    max_turns: int = Field(default=200, ge=1, le=5000)
    seed: int = Field(default=0, strict=True)
    issues: list[Issue] = Field(default_factory=list, max_length=8)
    budget: float | None = Field(default=None, gt=0)
    pass_rule: PassRule = "majority"
    speaker_policy: SpeakerPolicy = "fixed"
    focus_instruments: list[str] = Field(default_factory=list)
    sections: list[str] = Field(default_factory=list, description="article headings it draws on")
    backend: str = "offline"
    persona_backends: dict[str, str] = Field(default_factory=dict)
    moderator_backend: str = "offline"

    @model_validator(mode="after")
    def _seats(self) -> Scenario:
        if len(set(self.personas)) != len(self.personas):
            dup = sorted({p for p in self.personas if self.personas.count(p) > 1})
            raise ValueError(str(msg("error-persona-repeated", ids=list(dup))))
        seated = set(self.personas)
        if self.speaker_order is not None and sorted(self.speaker_order) != sorted(self.personas):
            only_order = sorted(set(self.speaker_order) - seated)
            only_seated = sorted(seated - set(self.speaker_order))
            diff = "; ".join(
                [str(msg("error-only-in-order", ids=list(only_order)))] * bool(only_order)
                + [str(msg("error-only-in-personas", ids=list(only_seated)))] * bool(only_seated)
            )
            raise ValueError(
                str(msg("error-speaker-order-diff", diff=diff) if diff else msg("error-speaker-order"))
            )
        if self.voters is not None and not self.voters:
            raise ValueError(str(msg("error-voters-empty")))
        for name, ids in (("voters", self.voters or []), ("persona_backends", list(self.persona_backends))):
            extra = [p for p in ids if p not in seated]
            if extra:
                raise ValueError(str(msg("error-not-seated", key=name, ids=list(extra))))
        if not self.issues and len(self.focus_instruments) < 2:
            raise ValueError(str(msg("error-no-issues")))
        iids = [i.id for i in self.issues]
        dup_issues = sorted({i for i in iids if iids.count(i) > 1})
        if dup_issues:
            raise ValueError(str(msg("error-issue-repeated", ids=list(dup_issues))))
        phases = [r.phase for r in self.agenda]
        if "vote" in phases[:-1]:
            raise ValueError(str(msg("error-vote-not-last", round=str(phases.index("vote") + 1))))
        if phases[-1] == "vote" and "proposal" not in phases:
            raise ValueError(str(msg("error-vote-without-proposal", fix="{phase: proposal}")))
        for n, r in enumerate(self.agenda, 1):
            extra = [p for p in (r.speakers or []) if p not in seated]
            if extra:
                raise ValueError(str(msg("error-speakers-not-seated", round=str(n), ids=list(extra))))
        return self

    def issue(self, iid: str) -> Issue:
        """The issue with id ``iid``; raises KeyError."""
        for i in self.issues:
            if i.id == iid:
                return i
        raise KeyError(iid)

    def instruments_in_play(self) -> list[str]:
        """Every instrument the options use, then ``focus_instruments``, each once."""

        def build() -> tuple[str, ...]:
            ids = [s.instrument for i in self.issues for o in i.options for s in o.settings]
            return tuple(dict.fromkeys([*ids, *self.focus_instruments]))

        return list(memo(self, "in_play", build))

    def order(self) -> list[str]:
        """The default speaking order (``speaker_order`` or ``personas``)."""
        return list(self.speaker_order or self.personas)

    def voter_ids(self) -> list[str]:
        """Who votes in ``vote`` rounds."""
        return list(self.voters or self.personas)
