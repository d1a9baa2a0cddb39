"""Persona files (``personas/*.yaml``): who sits at the table and what each wants."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from roleplay.errors import msg
from roleplay.formats.text import Lang, Strict, Text


class InstrumentStance(Strict):
    """A persona's stance on one instrument.

    Fields:
        score: -2 (red-line opposition) .. +2 (core demand); 0 is indifference.
        reason: why, in the persona's own voice; quoted by the offline engine.
        preferred: the parameter value this persona wants (instrument units), if any.
    """

    score: int = Field(ge=-2, le=2)
    reason: Text
    preferred: float | None = None


class RedLine(Strict):
    """A condition that makes a persona oppose any package, whatever else it offers.

    kinds: ``forbid`` (the instrument must not be in the package), ``require`` (it must
    be), ``max`` / ``min`` (its parameter must stay at or below / at or above ``value``).
    """

    kind: Literal["forbid", "require", "max", "min"]
    instrument: str
    value: float | None = None
    text: Text


class Style(Strict):
    """How a persona speaks: tone, signature phrases, and lines that open a turn.

    ``openers`` and ``closers`` are picked without repetition by the offline engine;
    ``signature_terms`` are the article terms this persona reaches for.
    """

    tone: Text
    signature_terms: list[Text] = Field(min_length=1)
    openers: list[Text] = Field(min_length=3)
    closers: list[Text] = Field(min_length=3)


class Source(Strict):
    """An article passage a persona's position comes from (section heading + short quote)."""

    section: str
    quote: str
    supports: Text | str = Field(
        description="what this passage grounds, in a few words: zh and en (a plain string, as "
        "persona files written before the three languages have it, is shown as is in every language)"
    )

    def supports_in(self, lang: Lang) -> str:
        """:attr:`supports` in ``lang`` (:meth:`Text.in_`); a plain string as written."""
        return self.supports.in_(lang) if isinstance(self.supports, Text) else self.supports


class Persona(Strict):
    """A persona (角色): one seat in the debate.

    Fields:
        kind: ``domestic`` (Chinese actor) or ``external`` (e.g. the US agency).
        weights: importance of each of the six elements, 0..1 each (need not sum to 1).
        stances: its stance on the instruments it cares about; an instrument it does not
            mention is neutral (score 0), so a new persona states only what matters to it.
        reservation: the least a package must be worth to it, 0..1 of the way from its
            worst to its best settlement of the scenario's issues; below it, it votes
            against and may walk out (roleplay.scoring.utility).
        budget_weight: how much a package's cost over the scenario's budget hurts it, 0..1.
        private: interests this persona keeps to itself; never put into another
            persona's prompt or into speech.
        flexibility: how fast it concedes, 0 (never) .. 1 (fast); used by the offline engine.
        color: a Textual/Rich colour name for the TUI and console.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    short: Text
    role: Text
    kind: Literal["domestic", "external"] = "domestic"
    goals: list[Text] = Field(min_length=1)
    weights: dict[str, float]
    stances: dict[str, InstrumentStance] = Field(default_factory=dict)
    red_lines: list[RedLine] = Field(default_factory=list)
    private: list[Text] = Field(default_factory=list)
    style: Style
    sources: list[Source] = Field(default_factory=list)
    flexibility: float = Field(default=0.5, ge=0, le=1)
    reservation: float = Field(default=0.45, ge=0, le=1)
    budget_weight: float = Field(default=0.3, ge=0, le=1)
    color: str = "white"

    @field_validator("weights")
    @classmethod
    def _weights_range(cls, v: dict[str, float]) -> dict[str, float]:
        for k, w in v.items():
            if not 0 <= w <= 1:
                raise ValueError(str(msg("error-weight-range", id=repr(k), value=w)))
        return v
