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
from pathlib import Path
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


_HAN = "\u3400-\u9fff\uf900-\ufaff"
"""Chinese characters (CJK Unified Ideographs, Extension A, Compatibility Ideographs)."""
_CJK = _HAN + "\u3000-\u303f\uff00-\uffef「」『』“”‘’"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_AFTER = re.compile(rf"(?<=[{_CJK}])\s*([,:;?!])")
"""Half-width punctuation after a Chinese character (a time like 3:00 or 1,000 follows a
digit, so it is never matched)."""
_BEFORE = re.compile(rf"(?<=[A-Za-z0-9%])([,:;?!])(?=[{_HAN}「『（])")
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
    return _prose_spacing(_BEFORE.sub(lambda m: _FULL[m.group(1)], text))


_SPACE_AFTER = re.compile(rf"(?<=[。？！，；：、）」』”’])[ \t]+(?=[{_HAN}「『“‘（])")
"""Spaces after full-width punctuation before Chinese text (``大门？ 请各方``, ``（部委） 有``):
full-width punctuation carries its own space (GB/T 15834, 《重訂標點符號手冊》)."""
_SPACE_BEFORE = re.compile(rf"(?<=[{_HAN}])[ \t]+(?=[（「『“])")
"""Spaces between Chinese text and a full-width opening mark (``中央部委 （部委）``)."""


def spacing(text: str) -> str:
    """Chinese spacing (review D6, D7): no space after full-width punctuation before Chinese
    text, nor between Chinese text and a full-width opening bracket or quotation mark; code
    spans in backticks, and spaces around Latin text, stay as they are. Applied by
    :func:`fullwidth` and to every rendered Chinese catalogue message (a parameter that ends a
    sentence meets the message's next one there)."""
    return "".join(part if i % 2 else _prose_spacing(part) for i, part in enumerate(_CODE.split(text)))


def _prose_spacing(text: str) -> str:
    """:func:`spacing` on text with no code span."""
    return _SPACE_BEFORE.sub("", _SPACE_AFTER.sub("", text))


@lru_cache(maxsize=4)
def _opencc(config: str) -> Any:
    """OpenCC's converter ``config`` (``tw2sp``, ``t2s``, ``s2t``, ``s2twp``), built once: loading
    its dictionaries takes ~0.1 s, so only commands that meet Chinese in another script pay."""
    from opencc import OpenCC

    return OpenCC(config)


Kind = Literal["prose", "ui"]
"""What a text is, for :func:`localize`: ``prose`` (persona, scenario, claim, rubric and debate
text, and the catalogue's debate, documents, kit and scoring files) or ``ui`` (the
catalogue's cli, tui, errors and common files: a program's words)."""

_WORDS = Path(__file__).with_name("zh-Hans.yaml")
"""The converter's word lists (data, not Python): ``keep_in_prose``, ``zhu_words``, ``ui_terms``."""


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    """:data:`_WORDS`, read once."""
    import yaml

    return cast(dict[str, Any], yaml.safe_load(_WORDS.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _keep() -> re.Pattern[str]:
    """Words ``tw2sp`` reads as computing terms but that mean something else in policy prose
    (``keep_in_prose`` of :data:`_WORDS`: 核心→内核 "kernel", 執行→运行, 建立→创建, 整合→集成,
    貼上→粘贴, 新增→添加…): in prose these convert character by character (``t2s``)."""
    return re.compile("(" + "|".join(map(re.escape, _words()["keep_in_prose"])) + ")")


@lru_cache(maxsize=1)
def _zhu() -> re.Pattern[str]:
    """A 著 that is zhù (``zhu_words``: 显著, 著作, 著名…) as group 1, or any other 著."""
    return re.compile("(" + "|".join(map(re.escape, _words()["zhu_words"])) + ")|著")


def zhe(text: str) -> str:
    """Simplified ``text`` with every 著 that is not zhù written 着 (跟著→跟着, 隨著→随着,
    存在著→存在着, 著眼→着眼; 显著, 著作, 著名… stay): OpenCC's ``t2s`` keeps 著 because the
    Traditional character stands for both, while mainland usage writes 着 for zhe/zháo/zhuó
    (《通用规范汉字表》, 2013). The words of ``zhu_words`` in :data:`_WORDS` decide."""
    if "著" not in text:
        return text
    return _zhu().sub(lambda m: m.group(1) or "着", text)


@lru_cache(maxsize=1)
def _ui_terms() -> tuple[re.Pattern[str], dict[str, str]]:
    """``ui_terms`` of :data:`_WORDS` as one pattern, longest key first, and its table."""
    table = cast(dict[str, str], _words()["ui_terms"])
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys))), table


@lru_cache(maxsize=8192)
def simplified(text: str, kind: Kind = "prose") -> str:
    """``text`` in Simplified Chinese with mainland terms (OpenCC ``tw2sp``: 晶片→芯片,
    網路→网络, 資訊→信息), 著 written 着 where it is not zhù (:func:`zhe`). ``prose`` keeps the
    words of ``keep_in_prose`` (converted by character); ``ui`` converts them as ``tw2sp`` does
    (執行→运行, 建立→创建, 批次→批量) and then writes the Taiwan computing words tw2sp does not
    know in their mainland form (``ui_terms``: 情境→场景, 預設→默认, 印出→输出, longest first).
    Text already Simplified, and Latin text, come back unchanged."""
    if kind == "ui":
        pattern, table = _ui_terms()
        out = cast(str, _opencc("tw2sp").convert(text))
        return zhe(pattern.sub(lambda m: table[m.group(0)], out))
    parts = _keep().split(text)
    return zhe(
        "".join(
            cast(str, _opencc("t2s" if i % 2 else "tw2sp").convert(part))
            for i, part in enumerate(parts)
            if part
        )
    )


_MARKS: dict[Lang, tuple[tuple[str, str], tuple[str, str]]] = {
    "zh-Hant": (("「", "」"), ("『", "』")),
    "zh-Hans": (("“", "”"), ("‘", "’")),
}
"""Outer and inner quotation marks: 「」 then 『』 (Taiwan and Hong Kong usage, 《重訂標點符號手冊》),
“” then ‘’ (mainland usage, GB/T 15834-2011 §4.1)."""


def quotes(text: str, lang: Lang) -> str:
    """``text`` with its quotation marks in ``lang``'s style, by nesting depth: a quotation
    inside a quotation takes the inner marks (``「甲「乙」」`` -> ``「甲『乙』」`` in zh-Hant,
    ``“甲‘乙’”`` in zh-Hans). zh-Hant reads 「」 and 『』 as marks (a “” quoted from the article
    stays as written); zh-Hans reads 「」, 『』 and “” alike, so the article's own “” nest too.
    Each line counts on its own; a closing mark with nothing open is read at the outer level.
    Unchanged for ``en``."""
    if lang == "en":
        return text
    hans = lang == "zh-Hans"  # any other Chinese spelling (the ``zh`` alias) reads as zh-Hant
    outer, inner = _MARKS["zh-Hans" if hans else "zh-Hant"]
    opens, closes = ("「『“", "」』”") if hans else ("「『", "」』")
    if not any(c in text for c in opens):
        return text
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in opens:
            out.append((outer, inner)[depth % 2][0])
            depth += 1
        elif ch in closes:
            depth = max(depth - 1, 0)
            out.append((outer, inner)[depth % 2][1])
        else:
            if ch == "\n":
                depth = 0
            out.append(ch)
    return "".join(out)


_HANZI = re.compile(f"[{_HAN}]")


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
    return quotes(zhe(cast(str, _opencc("t2s").convert(text))), lang) if lang == "zh-Hans" else text


def localize(text: str, lang: Lang, kind: Kind = "prose") -> str:
    """Traditional-Chinese or English ``text`` in ``lang``: unchanged for ``en``; full-width
    punctuation (:func:`fullwidth`) and the language's quotation marks (:func:`quotes`) for
    both Chinese scripts; then Simplified (:func:`simplified`, with ``kind``'s vocabulary:
    ``prose`` or ``ui``) for ``zh-Hans``. This is the one place text changes script."""
    if lang == "en":
        return text
    text = fullwidth(text)
    return quotes(simplified(text, kind) if lang == "zh-Hans" else text, lang)


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
