"""Bilingual text and indicator-term models shared by every data file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from roleplay.errors import InputError
from roleplay.i18n.lang import Lang, as_lang, localize, source

__all__ = ["Lang", "Strict", "Terms", "Text", "check_lang", "parse_lang"]


def parse_lang(value: str, what: str = "--lang") -> Lang:
    """``value`` as a :data:`Lang` (any spelling roleplay.i18n.lang.as_lang reads).

    Raises:
        InputError: an unknown spelling; the message names ``what`` (the option, field or
            variable) and the accepted values.
    """
    lang = as_lang(value)
    if lang is None:
        raise InputError("error-bad-lang", what=what, value=value)
    return lang


def check_lang(value: str | None) -> Lang | None:
    """``value`` as a :data:`Lang` (None stays None: the scenario's language); aliases such
    as ``zh`` (= ``zh-Hant``) and ``zh_CN`` (= ``zh-Hans``) are read (roleplay.i18n.lang).

    Raises:
        InputError: an unknown language (the message names ``--lang`` and the choices).
    """
    return None if value is None else parse_lang(value)


class Strict(BaseModel):
    """Base for every model that crosses a boundary: unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")


class Text(Strict):
    """A phrase in both data languages: ``zh`` (Traditional Chinese, as the article writes it)
    and ``en``. :meth:`in_` gives it in any of the three output languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def in_(self, lang: Lang) -> str:
        """The text in ``lang``: the ``en`` column for English; the ``zh`` column for Chinese,
        in Chinese typography and, for ``zh-Hans``, Simplified (roleplay.i18n.lang.localize)."""
        return self.en if lang == "en" else localize(self.zh, lang)

    def column(self, lang: Lang) -> str:
        """The stored column ``lang`` reads (``zh`` or ``en``), unconverted: for matching and
        hashing, where the text must be the same in every Chinese script."""
        return self.zh if source(lang) == "zh" else self.en


class Terms(Strict):
    """Indicator terms used to find a mechanism in speech: Traditional Chinese,
    Simplified Chinese and English. Matching is case-insensitive substring search."""

    zh_hant: list[str] = Field(min_length=1)
    zh_hans: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    def all(self) -> list[str]:
        """Every term in every script, longest first (so longer phrases win quotes)."""
        return sorted({*self.zh_hant, *self.zh_hans, *self.en}, key=len, reverse=True)
