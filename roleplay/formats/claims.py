"""The claim library (``rubric/claims.yaml``): the arguments personas make and answer.

A claim is one argument grounded in the article: its text (zh, en), the passage and the
exact figures behind it, what it argues for (``favours``: include or exclude an
instrument, or set its value higher or lower) and which other claims it answers
(``rebuts``). Claims are about instruments, not about one scenario's issues, so they
reach every scenario whose options use those instruments (a facilitator's new scenario
included). Argumentation-based negotiation after Rahwan et al., "Argumentation-based
negotiation" (Knowledge Engineering Review, 2003) and Walton's argumentation schemes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from roleplay.formats.text import Strict, Text

Direction = Literal["include", "exclude", "more", "less"]
"""What a claim argues for an instrument: put it in the package, keep it out, set its
value higher, set it lower."""


class Target(Strict):
    """One thing a claim argues for: ``direction`` applied to ``instrument``."""

    instrument: str
    direction: Direction = "include"


class Claim(Strict):
    """One argument.

    Fields:
        id: slug, unique in the library.
        text: the argument as a persona says it (both languages, our own words; Chinese
            terms of the article kept in the English).
        section: the article heading it comes from, as printed.
        quote: the passage behind it, verbatim from the article (checked by a test).
        figures: numbers or named facts in ``text`` that the quote carries exactly
            (e.g. "217", "78%", "NSF"); each must appear in ``quote`` and in both texts.
        favours: what it argues for (at least one target).
        rebuts: ids of the claims it answers.
        voices: persona ids who may make it (empty: any persona it serves).
        strength: 1 (an opinion the article voices) .. 3 (a figure or a documented case).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    text: Text
    section: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    figures: list[str] = Field(default_factory=list)
    favours: list[Target] = Field(min_length=1)
    rebuts: list[str] = Field(default_factory=list)
    voices: list[str] = Field(default_factory=list)
    strength: int = Field(default=2, ge=1, le=3)


class ClaimsFile(Strict):
    """Shape of ``rubric/claims.yaml``."""

    claims: list[Claim] = Field(min_length=1)
