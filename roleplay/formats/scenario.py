"""Scenario files (``scenarios/*.yaml``): the policy question, the seats and the agenda."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from roleplay.formats.text import Lang, Strict, Text

Phase = Literal["opening", "proposal", "negotiation", "vote"]
"""Agenda phases: opening statements, proposals, negotiation/rebuttal, final vote."""


class RoundSpec(Strict):
    """One round of the agenda.

    Fields:
        phase: what moves are allowed (only ``proposal`` and ``negotiation`` rounds may
            table or revise a proposal; ``vote`` rounds only cast stances).
        speakers: the order for this round; default is the scenario's ``speaker_order``.
        allow_repeat: let one persona speak twice in a row (e.g. a rebuttal pair).
    """

    phase: Phase
    title: Text | None = None
    speakers: list[str] | None = None
    allow_repeat: bool = False


class Scenario(Strict):
    """A debate scenario (情境).

    Fields:
        personas: persona ids seated (each must exist in ``personas/``).
        speaker_order: default turn order; must list exactly the seated personas.
        voters: who votes in the final round; default all seated personas.
        agenda: the rounds, in order; at least one, and the last should be a ``vote``.
        max_rounds: round cap; rounds past it are not run (``--rounds`` overrides).
        max_turns: hard cap on persona turns in the whole debate.
        focus_instruments: instrument ids on the table for this question.
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
    lang: Lang = "zh"
    max_rounds: int = Field(default=12, ge=1, le=200)
    max_turns: int = Field(default=200, ge=1, le=5000)
    seed: int = Field(default=0, strict=True)
    focus_instruments: list[str] = Field(min_length=2)
    sections: list[str] = Field(default_factory=list, description="article headings it draws on")
    backend: str = "offline"
    persona_backends: dict[str, str] = Field(default_factory=dict)
    moderator_backend: str = "offline"

    @model_validator(mode="after")
    def _seats(self) -> Scenario:
        if len(set(self.personas)) != len(self.personas):
            dup = sorted({p for p in self.personas if self.personas.count(p) > 1})
            raise ValueError(f"personas lists {', '.join(dup)} more than once; list each once")
        seated = set(self.personas)
        if self.speaker_order is not None and sorted(self.speaker_order) != sorted(self.personas):
            only_order = sorted(set(self.speaker_order) - seated)
            only_seated = sorted(seated - set(self.speaker_order))
            diff = "; ".join(
                x
                for x in (
                    f"only in speaker_order: {', '.join(only_order)}" if only_order else "",
                    f"only in personas: {', '.join(only_seated)}" if only_seated else "",
                )
                if x
            )
            raise ValueError(
                "speaker_order must list exactly the personas in 'personas', once each"
                + (f" ({diff})" if diff else "")
            )
        if self.voters is not None and not self.voters:
            raise ValueError(
                "voters is an empty list; list who votes, or remove the key to let every seated persona vote"
            )
        for name, ids in (("voters", self.voters or []), ("persona_backends", list(self.persona_backends))):
            extra = [p for p in ids if p not in seated]
            if extra:
                raise ValueError(f"{name} names {', '.join(extra)}, not seated in 'personas'")
        phases = [r.phase for r in self.agenda]
        if "vote" in phases[:-1]:
            raise ValueError(
                f"agenda round {phases.index('vote') + 1} is a vote before the last round; "
                "put the vote last (one final vote per debate)"
            )
        if phases[-1] == "vote" and "proposal" not in phases:
            raise ValueError(
                "the agenda ends in a vote but has no proposal round; add {phase: proposal} before it"
            )
        for n, r in enumerate(self.agenda, 1):
            extra = [p for p in (r.speakers or []) if p not in seated]
            if extra:
                raise ValueError(
                    f"agenda round {n} speakers name {', '.join(extra)}, not seated in 'personas'"
                )
        return self

    def order(self) -> list[str]:
        """The default speaking order (``speaker_order`` or ``personas``)."""
        return list(self.speaker_order or self.personas)

    def voter_ids(self) -> list[str]:
        """Who votes in ``vote`` rounds."""
        return list(self.voters or self.personas)
