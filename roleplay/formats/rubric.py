"""The article as data: six elements, five contradictions, five strategy paths, instruments.

Source: 梅陽、牛昊、姜涵, 新型舉國體制嵌入人工智能企業創新生態系統 (中國科學院院刊).
The element/contradiction/path texts live in ``rubric/article.yaml`` and the policy
instruments in ``rubric/instruments.yaml``; both are written in the project's own words
with the article's Chinese terms kept beside the English.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from roleplay.errors import msg
from roleplay.formats.claims import Claim
from roleplay.formats.memo import memo
from roleplay.formats.text import Strict, Terms, Text
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import Lang, localize, source

MechanismKind = Literal["element", "contradiction", "path"]


class Mechanism(Strict):
    """One of the article's 16 mechanisms.

    Fields:
        id: stable slug, e.g. ``demand`` (element), ``c1_demand_signal`` (contradiction).
        kind: ``element`` (六大要素), ``contradiction`` (五大結構性矛盾) or ``path`` (五大策略路徑).
        function: for elements, the role in the running logic (運行邏輯), e.g. 導向 orientation.
        section: the article heading this comes from, in Chinese as printed.
        passage: a short quotation from the article, shown when the mechanism is cited.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: MechanismKind
    name: Text
    function: Text | None = None
    description: Text
    terms: Terms
    section: str = Field(min_length=1)
    passage: str = Field(min_length=1)


class Parameter(Strict):
    """The one tunable setting of an instrument (e.g. super-deduction rate in %).

    Show values with :func:`format_setting` (or :func:`format_unit`, which picks ``unit_zh`` in Chinese).

    ``min`` <= ``default`` <= ``max``; values in proposals are clamped to this range.
    """

    name: Text
    unit: str = Field(min_length=1, description="unit in English, e.g. 'years', '%'")
    unit_zh: str | None = Field(default=None, description="unit in Chinese (Traditional); default: unit")
    min: float
    max: float
    default: float

    @model_validator(mode="after")
    def _range(self) -> Parameter:
        if not self.min <= self.default <= self.max:
            raise ValueError(
                str(msg("error-default-range", default=self.default, min=self.min, max=self.max))
            )
        return self


class Instrument(Strict):
    """A policy instrument named in the article (政策工具).

    Fields:
        elements: ids of the six elements it realises.
        paths: ids of the strategy paths it follows.
        eases / worsens: ids of contradictions it eases or worsens.
        parameter: its tunable setting, if any.
        section: the article heading it comes from.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    description: Text
    terms: Terms
    elements: list[str] = Field(min_length=1)
    paths: list[str] = Field(default_factory=list)
    eases: list[str] = Field(default_factory=list)
    worsens: list[str] = Field(default_factory=list)
    parameter: Parameter | None = None
    section: str = Field(min_length=1)


class ArticleFile(Strict):
    """Shape of ``rubric/article.yaml``."""

    title: Text
    source: str
    elements: list[Mechanism] = Field(min_length=6, max_length=6)
    contradictions: list[Mechanism] = Field(min_length=5, max_length=5)
    paths: list[Mechanism] = Field(min_length=5, max_length=5)


class InstrumentsFile(Strict):
    """Shape of ``rubric/instruments.yaml``."""

    instruments: list[Instrument] = Field(min_length=15)


class Rubric(Strict):
    """The loaded, cross-checked rubric: mechanisms by kind and the instrument catalogue.

    Built by :func:`roleplay.formats.catalog.load_rubric`, which checks every id reference.
    """

    title: Text
    source: str
    elements: list[Mechanism]
    contradictions: list[Mechanism]
    paths: list[Mechanism]
    instruments: list[Instrument]
    claims: list[Claim] = Field(default_factory=list)

    def claim(self, cid: str) -> Claim:
        """Return the claim with id ``cid``; raises KeyError if there is none."""
        return self.claim_index[cid]

    @property
    def claim_index(self) -> dict[str, Claim]:
        """Claims by id (built once per rubric object, see roleplay.formats.memo)."""
        return memo(self, "claims", lambda: {c.id: c for c in self.claims})

    def mechanism(self, mid: str) -> Mechanism:
        """Return the mechanism with id ``mid``; raises KeyError if there is none."""
        for m in (*self.elements, *self.contradictions, *self.paths):
            if m.id == mid:
                return m
        raise KeyError(mid)

    def instrument(self, iid: str) -> Instrument:
        """Return the instrument with id ``iid``; raises KeyError if there is none."""
        return memo(self, "instruments", lambda: {i.id: i for i in self.instruments})[iid]

    def mechanism_ids(self) -> set[str]:
        """All 16 mechanism ids."""
        return {m.id for m in (*self.elements, *self.contradictions, *self.paths)}


YUAN_UNIT = "100 million yuan"
"""How a parameter's English ``unit`` ends when it is an amount in units of 10^8 yuan (rubric/instruments.yaml:
``× 100 million yuan``)."""


def format_unit(param: Parameter, lang: Lang) -> str:
    """The unit of ``param`` as it follows a number: its ``unit_zh`` in Chinese (in the
    language's script and typography: 億元, 年, 個/年); in English its ``unit``, after a space
    (`` years``) unless it starts with ``%``, ``/`` or ``‰``."""
    if source(lang) == "zh":
        return localize(param.unit_zh or param.unit, lang)
    u = param.unit
    return u if u[:1] in ("%", "/", "‰") else " " + u


def format_setting(value: float | None, param: Parameter | None, lang: Lang) -> str:
    """An instrument's setting with its unit in ``lang``, wherever one is shown (console,
    transcript, exports, kit): ``—`` without a value; the bare number without a parameter;
    an amount in 億元 in words (common.ftl ``amount``: ``1000億元``, ``100 billion yuan``);
    years with a plural (``years``: ``7年``, ``1 year``); any other value as ``{value:g}`` and
    :func:`format_unit` (``20%``, ``30個/年``)."""
    if value is None:
        return "—"
    if param is None:
        return f"{value:g}"
    if param.unit.endswith(YUAN_UNIT):
        return t("amount", lang, amount=value)
    if param.unit == "years":
        return t("years", lang, n=value)
    return f"{value:g}{format_unit(param, lang)}"
