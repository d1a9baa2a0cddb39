"""Bilingual text and indicator-term models shared by every data file."""

from __future__ import annotations

from typing import Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from roleplay.errors import InputError

Lang = Literal["zh", "en"]
"""Debate language: ``zh`` is Traditional Chinese (the article's script), ``en`` English."""


def check_lang(value: str | None) -> Lang | None:
    """``value`` as a :data:`Lang` (None stays None: the scenario's language).

    Raises:
        InputError: neither ``zh`` nor ``en`` (the message names ``--lang``).
    """
    if value not in (None, "zh", "en"):
        raise InputError(f"--lang must be zh or en, not '{value}'")
    return cast("Lang | None", value)


class Strict(BaseModel):
    """Base for every model that crosses a boundary: unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")


class Text(Strict):
    """A phrase in both languages: ``zh`` (Traditional Chinese) and ``en``."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_(self, lang: Lang) -> str:
        """Return the text in ``lang`` ("zh" or "en")."""
        return self.zh if lang == "zh" else self.en


class Terms(Strict):
    """Indicator terms used to find a mechanism in speech: Traditional Chinese,
    Simplified Chinese and English. Matching is case-insensitive substring search."""

    zh_hant: list[str] = Field(min_length=1)
    zh_hans: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    def all(self) -> list[str]:
        """Every term in every script, longest first (so longer phrases win quotes)."""
        return sorted({*self.zh_hant, *self.zh_hans, *self.en}, key=len, reverse=True)
