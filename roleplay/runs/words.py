"""The words of the documents a run produces (transcript, exports, comparison, kit, workshop
summary), taken from the message catalogue (``roleplay/i18n/locales/*/documents.ftl`` and
``kit.ftl``) for the templates; and a setting of an instrument as words (units in the
language: ``1000億元``, ``7年``, ``100 billion yuan``, ``7 years``).

Templates get a :class:`Words` for the document's language: ``L.scorecard`` is the message
``doc-scorecard``, ``L("round", n=2)`` the message ``doc-round`` with ``$n``, and
``L[position]`` picks a message by a value (``doc-support``). No template branches on the
language: a language that phrases a thing differently does so in its ``.ftl`` file.
"""

from __future__ import annotations

import re
from typing import Any

from roleplay.formats.text import parse_lang
from roleplay.i18n.catalog import Verbatim, has, t
from roleplay.i18n.lang import Lang, fullwidth, is_zh, quotes


class Words:
    """Catalogue messages ``<prefix>-<key>`` in one language, for templates.

    ``w.key`` and ``w["key"]`` render the message without parameters (``_`` in a key reads
    as ``-``: ``w.not_adopted`` is ``doc-not-adopted``); ``w("key", **params)`` with them.

    Raises:
        InputError: ``lang`` is no language (:func:`~roleplay.formats.text.parse_lang`).
        AttributeError: ``w.key`` with no message ``<prefix>-<key>`` (jinja's StrictUndefined
            then names it). roleplay.i18n.catalog.CatalogError: ``w["key"]`` or ``w("key")``
            with no such message, or a parameter missing.
    """

    def __init__(self, lang: Lang | str, prefix: str = "doc") -> None:
        self.lang: Lang = parse_lang(lang, "lang")  # also an alias (``zh``) from older callers
        self.prefix = prefix

    def _id(self, key: str) -> str:
        return f"{self.prefix}-{key.replace('_', '-')}"

    def __getattr__(self, key: str) -> str:
        if key.startswith("_") or not has(self._id(key)):
            raise AttributeError(key)  # so that hasattr() (jinja asks) is False
        return t(self._id(key), self.lang)

    def __getitem__(self, key: str) -> str:
        return t(self._id(key), self.lang)

    def __call__(self, key: str, /, **params: Any) -> str:
        return t(self._id(key), self.lang, **params)


def backends_text(backends: dict[str, str], names: dict[str, str], lang: Lang) -> str:
    """The backends of a run's seats as words (review C7): ``离线规则引擎（各席位）`` when every
    seat has one backend, else ``部委：离线规则引擎、链主：openai:gpt-4o`` with the seats'
    names; ``offline`` is named in words (message ``backend``), other backends by their id
    (a spec a user typed, shown verbatim). ``backends`` maps persona id (and ``moderator``,
    left out: the judge has its own line) to a backend id; ``names`` maps persona id to name."""
    seats = {k: v for k, v in backends.items() if k != "moderator"}
    label = {v: t("backend", lang, spec=Verbatim(v)) for v in seats.values()}
    if len(set(seats.values())) == 1:
        return t("doc-every-seat", lang, backend=Verbatim(label[next(iter(seats.values()))]))
    return join(
        [
            t("doc-seat-backend", lang, seat=names.get(k, k), backend=Verbatim(label[v]))
            for k, v in seats.items()
        ],
        lang,
    )


_TURN_ID = re.compile(r"^r(\d+)-t\d+-(.+)$")
"""A turn id as the engine writes it: ``r<round>-t<turn>-<persona id>`` (``r1-t2-soe``)."""


def turn_label(turn_id: str, names: dict[str, str], lang: Lang) -> str:
    """A turn id as a reader says it (review C10): ``r1-t2-soe`` -> ``第1轮·链主`` /
    ``round 1 · SOE`` (message ``doc-turn-label``; ``names`` maps persona id to its short
    name). An id of another shape, or of a persona not in ``names``, comes back as is: ids
    stay ids in the JSON files."""
    m = _TURN_ID.match(turn_id)
    if m is None or m[2] not in names:
        return turn_id
    return t("doc-turn-label", lang, round=int(m[1]), seat=names[m[2]])


def join(items: list[str], lang: Lang, sep: str = "list-sep") -> str:
    """``items`` joined with the language's separator (``list-sep``: ``, `` or ``、``;
    ``sep="item-sep"``: ``; `` or ``；``)."""
    return t("list-sep" if sep == "list-sep" else f"doc-{sep}", lang).join(items)


def typeset(document: str, lang: Lang) -> str:
    """A whole rendered document in its language's typography: full-width punctuation after
    Chinese text (:func:`~roleplay.i18n.lang.fullwidth`: the template's own ``:`` and ``( )``,
    and notes recorded before the three languages) in both Chinese scripts, and the script's
    quotation marks by nesting (:func:`~roleplay.i18n.lang.quotes`: a template's own 「」 are
    “” in zh-Hans); English unchanged.

    The script is not converted here: every piece of a ``zh-Hans`` document is already
    Simplified (``t``, ``Text.in_``, ``localize``), and OpenCC ``tw2sp`` is not idempotent
    (it turns Simplified 轮结束 into 轮結束), so a second pass would break it."""
    return quotes(fullwidth(document), lang) if is_zh(lang) else document
