"""The message catalogue: every user-facing string, by id, in Project Fluent files.

Messages live in ``roleplay/i18n/locales/<locale>/<area>.ftl`` (``en`` and ``zh-Hant``; one
file per area of the program, so a fix to one phrase is one line in one file). Simplified
Chinese is not a third set of files: the ``zh-Hans`` catalogue is the ``zh-Hant`` files
converted by :func:`roleplay.i18n.lang.localize` (OpenCC) when they are loaded, like every
other Chinese text; parameters are converted one by one, except :class:`Verbatim` ones.

Why Fluent (``fluent.runtime``, Mozilla's Project Fluent): messages are ids with named
parameters; plural and other selections are written in the data, per language, with CLDR
plural rules (via Babel), so English can say "1 run"/"2 runs" while Chinese says "2 次";
and a language may phrase a message its own way without any change to the Python.
See https://projectfluent.org/fluent/guide/ .

Functions the messages may call, besides Fluent's ``NUMBER``:

- ``YUAN($amount)``: an amount in 億元 (10^8 yuan, the scenarios' unit): ``1000億元`` in
  Chinese, ``100 billion yuan`` in English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from roleplay.cache_files import pickled
from roleplay.i18n.lang import Kind, Lang, localize, quotes, spacing

LOCALES = Path(__file__).parent / "locales"
"""Folder of the catalogue: one sub-folder per written locale (``en``, ``zh-Hant``)."""

WRITTEN: dict[Lang, str] = {"en": "en", "zh-Hant": "zh-Hant", "zh-Hans": "zh-Hant"}
"""The locale folder each language's catalogue is made from (``zh-Hans`` converts ``zh-Hant``)."""


UI_FILES = frozenset({"cli.ftl", "tui.ftl", "errors.ftl", "common.ftl"})
"""The catalogue files that hold a program's words (commands, options, the TUI's controls,
errors): converted to Simplified as UI text (``kind="ui"`` of
:func:`~roleplay.i18n.lang.localize`: 執行→运行, 情境→场景, 預設→默认); the others (debate,
documents, kit, scoring) are prose, converted as persona and scenario text is."""


def kind_of(name: str) -> Kind:
    """``ui`` for a file of :data:`UI_FILES`, else ``prose``."""
    return "ui" if name in UI_FILES else "prose"


class CatalogError(Exception):
    """A message id that is missing, or a message rendered without a parameter it uses.
    A programming error (a test renders every message), never a user's."""


def yuan(amount: float, written: str) -> str:
    """An amount in 億元 (10^8 yuan) as words: ``1000億元`` (Chinese), ``100 billion yuan``
    (English; below 1 billion, ``500 million yuan``). ``amount`` is a number, any sign."""
    if written != "en":
        return f"{amount:g}億元"
    if abs(amount) >= 10:
        return f"{amount / 10:,.4g} billion yuan".replace(".0 ", " ")
    return f"{amount * 100:,.4g} million yuan"


def _function_yuan(lang: Lang) -> Any:
    def YUAN(amount: Any) -> str:
        value = getattr(amount, "value", amount)
        return localize(yuan(float(value), WRITTEN[lang]), lang)

    return YUAN


def _parsed(source: str, parse: Any) -> Any:
    """``parse(source)`` (a Fluent resource), kept on disk by the checksum of the source and
    the parser's version (roleplay.cache_files, kind ``fluent``): Fluent's pure-Python parser
    takes ~0.1 s a locale, a pickle ~10 ms, and every command pays it (issue #11: no
    measurable slowdown)."""
    from importlib.metadata import version

    from fluent.syntax import ast

    return pickled("fluent", (version("fluent.syntax"), source), lambda: parse(source), check=ast.Resource)


@lru_cache(maxsize=4)
def bundle(lang: Lang) -> Any:
    """The (empty) Fluent bundle of ``lang`` (``en``, ``zh-Hant`` or ``zh-Hans``); the files
    of its locale folder (:data:`WRITTEN`) are added as their messages are first asked for
    (:func:`load_file`), so a command pays only for the areas it speaks (``errors.ftl``,
    the largest, only when an error is shown)."""
    from fluent.runtime import FluentBundle

    return FluentBundle([lang], functions={"YUAN": _function_yuan(lang)}, use_isolating=False)


@lru_cache(maxsize=64)
def load_file(lang: Lang, name: str) -> None:
    """Add the locale file ``name`` to :func:`bundle` ``(lang)``, once. Chinese files are set
    in Chinese typography and, for ``zh-Hans``, converted to Simplified as they are read
    (:func:`~roleplay.i18n.lang.localize`; Fluent's syntax is ASCII and stays as it is).

    Raises:
        CatalogError: the file does not parse.
    """
    from fluent.runtime import FluentResource
    from fluent.syntax import ast

    path = LOCALES / WRITTEN[lang] / name
    source = path.read_text(encoding="utf-8")
    resource = _parsed(source if lang == "en" else localize(source, lang, kind_of(name)), FluentResource)
    for entry in resource.body:
        if isinstance(entry, ast.Junk):
            raise CatalogError(f"{path}: does not parse near: {(entry.content or '')[:80]!r}")
    bundle(lang).add_resource(resource)


@lru_cache(maxsize=2)
def homes(written: str) -> dict[str, str]:
    """Message id -> the file of ``written``'s locale folder that defines it (read from the
    files' ``id =`` lines, without parsing them).

    Raises:
        CatalogError: an id defined in two files.
    """
    found: dict[str, str] = {}
    for path in sorted((LOCALES / written).glob("*.ftl")):
        for ident in _ID_LINE.findall(path.read_text(encoding="utf-8")):
            if ident in found:
                raise CatalogError(f"{path}: message '{ident}' is already defined in {found[ident]}")
            found[ident] = path.name
    return found


_ID_LINE = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*)\s*=", re.M)


def has(msg_id: str) -> bool:
    """True when ``msg_id`` is a message of the catalogue (both locales define the same ids:
    tests/test_catalog.py)."""
    return msg_id in homes("en")


def t(msg_id: str, lang: Lang, /, **params: Any) -> str:
    """The message ``msg_id`` in ``lang``, with ``params`` filled in: numbers stay numbers
    (plurals select on them); text is put in ``lang``'s script and typography
    (:func:`~roleplay.i18n.lang.localize`: a persona's name from the data, say), except
    :class:`Verbatim` text and paths, shown as given; a list is joined by the language's list
    separator. Attributes are addressed as ``id.attr``.

    A run asks for the same few hundred messages over a thousand times, so results are kept
    (:func:`_render`, at most :data:`MEMO_SIZE`) when every parameter is of a type whose equal
    values always render alike (:data:`_MEMO_TYPES`); the key holds the language and each
    parameter's name, exact type and value (``Verbatim("x")`` and ``"x"`` render differently).

    Raises:
        CatalogError: no such message, or the message needs a parameter not given.
    """
    key = _memo_key(params)
    if key is None:
        return _format(msg_id, lang, params)
    return _render(msg_id, lang, key)


MEMO_SIZE = 4096
"""Most rendered messages :func:`t` keeps (a six-round run asks for ~400 distinct ones)."""

_MEMO_TYPES: frozenset[type] = frozenset({str, int, bool, float, type(None)})
"""Parameter types (exactly these, plus :class:`Verbatim` and paths) whose equal values
render alike. A ``float`` is also keyed by its ``repr`` (``0.0`` equals ``-0.0``)."""


def _memo_key(params: dict[str, Any]) -> tuple | None:
    """``params`` as a hashable key ``((name, type, repr-or-None, value), ...)`` sorted by
    name, or None when some value is of a type :func:`t` does not memoise."""
    items: list[tuple[str, type, str | None, Any]] = []
    for k in sorted(params):
        v = params[k]
        kind = type(v)
        if kind is float:
            items.append((k, kind, repr(v), v))
        elif kind in _MEMO_TYPES or kind is Verbatim:
            items.append((k, kind, None, v))
        elif isinstance(v, PurePath):
            items.append((k, kind, str(v), v))
        else:
            return None
    return tuple(items)


@lru_cache(maxsize=MEMO_SIZE)
def _render(msg_id: str, lang: Lang, key: tuple) -> str:
    """:func:`_format` of the parameters held in ``key`` (:func:`_memo_key`), remembered."""
    return _format(msg_id, lang, {k: v for k, _kind, _exact, v in key})


def _format(msg_id: str, lang: Lang, params: dict[str, Any]) -> str:
    """The work of :func:`t`, without the memo."""
    ident, _, attr = msg_id.partition(".")
    home = homes(WRITTEN[lang]).get(ident)
    if home is None:
        raise CatalogError(f"no message '{ident}' in the {lang} catalogue ({LOCALES})")
    load_file(lang, home)
    b = bundle(lang)
    message = b.get_message(ident)
    pattern = message.attributes.get(attr) if attr else message.value
    if pattern is None:
        raise CatalogError(f"message '{msg_id}' has no {'attribute ' + attr if attr else 'value'}")
    args = {k: _arg(v, lang) for k, v in params.items()}
    text, errors = b.format_pattern(pattern, args)
    if errors:
        raise CatalogError(f"message '{msg_id}' ({lang}): {'; '.join(map(str, errors))}")
    return str(text) if lang == "en" else quotes(spacing(str(text)), lang)


def _arg(value: Any, lang: Lang) -> Any:
    """A parameter of :func:`t` as Fluent gets it: :class:`Verbatim` text and paths as given,
    other text localized, a list or tuple joined by the language's ``list-sep`` (``、`` in
    Chinese, ``, `` in English: review D5) after each item is, numbers as they are."""
    if isinstance(value, (Verbatim, PurePath)):
        return str(value)
    if isinstance(value, str):
        return localize(value, lang)
    if isinstance(value, (list, tuple)):
        return t("list-sep", lang).join(str(_arg(v, lang)) for v in value)
    return value


class Verbatim(str):
    """A parameter of :func:`t` shown exactly as given in every language: a path, a URL, an
    id or text a user wrote. It is neither converted to Simplified nor re-punctuated (a file
    named 測試.yaml must stay findable). ``pathlib`` paths are always verbatim."""
