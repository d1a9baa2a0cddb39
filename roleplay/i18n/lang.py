"""The three output languages, their aliases, and the one text converter between scripts.

A debate, a command's output and the TUI are in one of three languages:

- ``zh-Hant``: Traditional Chinese, the article's script and the bundled data's;
- ``zh-Hans``: Simplified Chinese, converted from ``zh-Hant`` by OpenCC's ``tw2sp``
  configuration (phrase-aware, with mainland terms: 晶片→芯片, 網路→网络);
- ``en``: English.

Bilingual data (persona, scenario, claim and rubric text) holds a ``zh`` (Traditional) and
an ``en`` column; :func:`source` names the column a language reads, and :func:`localize`
turns Traditional text into the language's typography and script. ``zh`` is accepted
everywhere as an alias of ``zh-Hant`` (files and runs written before the three languages).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any, Literal, cast

from pydantic import BeforeValidator

Source = Literal["zh", "en"]
"""A column of bilingual data: ``zh`` (Traditional Chinese) or ``en``."""

_ALIASES: dict[str, Lang] = {
    "zh": "zh-Hant",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
}
"""Accepted spellings, lower-cased with ``_`` read as ``-`` (so POSIX locales such as
``zh_CN`` and ``en_US`` work too)."""


def as_lang(value: str) -> Lang | None:
    """``value`` as a :data:`Lang`, or None when it is no known spelling.

    Case and ``_``/``-`` do not matter, and a POSIX locale's encoding is dropped:
    ``zh_CN.UTF-8`` -> ``zh-Hans``, ``ZH`` -> ``zh-Hant``, ``en_US`` -> ``en``.
    """
    key = value.strip().split(".", 1)[0].split("@", 1)[0].replace("_", "-").lower()
    return _ALIASES.get(key)


def _validate(value: Any) -> Any:
    if isinstance(value, str):
        return as_lang(value) or value  # an unknown value fails the Literal with pydantic's message
    return value


Lang = Annotated[Literal["zh-Hant", "zh-Hans", "en"], BeforeValidator(_validate)]
"""An output language (BCP 47 tags with ISO 15924 script subtags). In a pydantic model it
reads every alias (``zh`` in a scenario file or an older run) and writes the canonical tag."""

LANGS: tuple[Lang, ...] = ("zh-Hant", "zh-Hans", "en")
"""Every output language, in the order help texts list them."""


def source(lang: Lang) -> Source:
    """The bilingual-data column ``lang`` reads: ``zh`` for both Chinese scripts."""
    return "en" if lang == "en" else "zh"


def is_zh(lang: str) -> bool:
    """True for either Chinese script (and the ``zh`` alias)."""
    return lang != "en"


_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef「」『』“”‘’"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_AFTER = re.compile(rf"(?<=[{_CJK}])\s*([,:;?!])")
"""Half-width punctuation after a Chinese character (a time like 3:00 or 1,000 follows a
digit, so it is never matched)."""
_BEFORE = re.compile(r"(?<=[A-Za-z0-9%])([,:;?!])(?=[\u3400-\u9fff\uf900-\ufaff「『（])")
"""Half-width punctuation between a Latin letter or digit and a Chinese character (``P1,核心``,
``NLP;但``): the sentence is Chinese, so is its punctuation (``1,000`` and ``3:00`` never match)."""
_CODE = re.compile(r"(`[^`\n]*`)")
"""A code span (a command, a file line to type): its punctuation is the user's to type as is."""
_PAREN = re.compile(rf"(?<=[{_CJK}])\(([^()\n]*)\)|\(([^()\n]*[{_CJK}][^()\n]*)\)")
"""Parentheses opened after a Chinese character, or around text with Chinese in it."""


@lru_cache(maxsize=8192)
def fullwidth(text: str) -> str:
    """Chinese typography: half-width ``, : ; ? ! ( )`` written after a Chinese character
    (and parentheses around Chinese text), or between Latin text and a Chinese character
    (``P1,核心``), become full-width ``，：；？！（）``. Latin text, numbers (``3:00``,
    ``1,000``) and code spans in backticks stay as they are. The article itself writes
    half-width punctuation (its source is a PDF extraction); quotations are shown in the
    typography of the surrounding text, with their words unchanged. Remembered (a run asks
    for the same persona and instrument names thousands of times)."""
    return "".join(part if i % 2 else _prose_fullwidth(part) for i, part in enumerate(_CODE.split(text)))


def _prose_fullwidth(text: str) -> str:
    """:func:`fullwidth` on text with no code span."""
    text = _PAREN.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)
    text = _AFTER.sub(lambda m: _FULL[m.group(1)], text)
    return _BEFORE.sub(lambda m: _FULL[m.group(1)], text)


@lru_cache(maxsize=4)
def _opencc(config: str) -> Any:
    """OpenCC's converter ``config`` (``tw2sp``, ``t2s``, ``s2t``, ``s2twp``), built once: loading
    its dictionaries takes ~0.1 s, so only commands that meet Chinese in another script pay."""
    from opencc import OpenCC

    return OpenCC(config)


_KEEP = re.compile("(核心|文件|執行|建立|批次|效能)")
"""Words ``tw2sp`` reads as computing terms (核心→内核 "kernel", 文件→文档, 執行→运行,
建立→创建, 批次→批量, 效能→性能) but that mean core, document, carry out, establish, batch
(首批次, a policy term) and effectiveness in policy prose (核心技術, 立場文件, 政策執行,
探索建立…制度, 效能對比): these are converted character by character (``t2s``)."""


@lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """``text`` in Simplified Chinese with mainland terms (OpenCC ``tw2sp``: 晶片→芯片,
    網路→网络, 資訊→信息; except the words of :data:`_KEEP`). Text already Simplified, and
    Latin text, come back unchanged."""
    parts = _KEEP.split(text)
    return "".join(
        cast(str, _opencc("t2s" if i % 2 else "tw2sp").convert(part)) for i, part in enumerate(parts) if part
    )


_HANZI = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def script_forms(text: str) -> list[str]:
    """``text`` as typed, then in Traditional (OpenCC ``s2t``, and ``s2twp`` with Taiwan terms:
    芯片→晶片) and in Simplified (``t2s``, and :func:`simplified` with mainland terms), without
    repeats: what a search tries so that a query in either script finds text written in the
    other. ``产业链`` -> [``产业链``, ``產業鏈``]; text with no Chinese comes back alone."""
    if not _HANZI.search(text):
        return [text]
    forms = [text, *(cast(str, _opencc(c).convert(text)) for c in ("s2t", "s2twp", "t2s")), simplified(text)]
    return list(dict.fromkeys(forms))


def article_text(text: str, lang: Lang) -> str:
    """Words quoted from the article (a passage, a section title) in ``lang``'s script: the
    article was published in Simplified Chinese with mainland terms (芯片, 網絡, 信息: our copy is
    the same text in Traditional characters), so ``zh-Hans`` converts it character by character
    (OpenCC ``t2s``), which gives back its published wording; :func:`simplified`'s term
    conversion would misquote it (探索建立 → 探索创建). Chinese typography as :func:`localize`;
    unchanged for ``en`` (English views show the Chinese original as it is)."""
    if lang == "en":
        return text
    text = fullwidth(text)
    return cast(str, _opencc("t2s").convert(text)) if lang == "zh-Hans" else text


def localize(text: str, lang: Lang) -> str:
    """Traditional-Chinese or English ``text`` in ``lang``: unchanged for ``en``; full-width
    punctuation (:func:`fullwidth`) for both Chinese scripts; then Simplified (:func:`simplified`)
    for ``zh-Hans``. This is the one place text changes script."""
    if lang == "en":
        return text
    text = fullwidth(text)
    return simplified(text) if lang == "zh-Hans" else text


def ui_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The language of ``--help``, error messages and a command's own words when no
    ``--lang`` is given: ``ROLEPLAY_LANG`` if set (any spelling :func:`as_lang` reads), else
    the POSIX locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, the order of POSIX
    setlocale), Chinese locales picking their script (``zh_CN`` -> ``zh-Hans``, ``zh_TW`` ->
    ``zh-Hant``); English otherwise (``C``, ``POSIX``, any other language, and an unknown
    ``ROLEPLAY_LANG``, which :func:`bad_ui_lang` reports). Raises nothing: errors render in it.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("ROLEPLAY_LANG", "").strip()
    if chosen:
        return as_lang(chosen) or "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if value:
            lang = as_lang(value)
            if lang is None and value.lower().startswith("zh"):
                lang = "zh-Hant"
            return lang or "en"
    return "en"


def bad_ui_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """``ROLEPLAY_LANG`` when it is set to no known language (the CLI refuses it: exit 2),
    else None."""
    env = os.environ if environ is None else environ
    chosen = env.get("ROLEPLAY_LANG", "").strip()
    return chosen if chosen and as_lang(chosen) is None else None
