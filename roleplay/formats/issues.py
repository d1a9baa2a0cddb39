"""The scenario's question as issues (議題): the decisions a package must settle.

Each issue has 2-5 options; an option is a set of instrument settings (the instruments of
``rubric/instruments.yaml`` stay the vocabulary of options), a yearly cost and the
article's verdict on it. A package (roleplay.debate.move.Proposal) settles an issue by
choosing one of its options, or leaves it open. Rules that use these models:

- persona utility over options: roleplay.scoring.utility (derived from the persona's
  instrument stances unless the option sets ``stakes`` for that persona);
- the scorer: roleplay.scoring.scorer (``verdict`` is the article's prescription:
  recommended / neutral / discouraged; an open issue earns nothing).

Design after multi-issue negotiation (Raiffa, *The Art and Science of Negotiation*, 1982;
Faratin, Sierra & Jennings, "Negotiation decision functions", 1998): issues with options,
weights over issues, utilities over options, a reservation value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from roleplay.errors import msg
from roleplay.formats.text import Strict, Text
from roleplay.i18n.catalog import t

if TYPE_CHECKING:
    from roleplay.formats.rubric import Rubric

Verdict = Literal["recommended", "neutral", "discouraged"]
"""The article's prescription for an option: what its text argues for, is silent or
two-sided on, or argues against (quote the passage in the option's ``note``)."""


class Setting(Strict):
    """One instrument an option puts in the package, at ``value`` (instrument units) if the
    instrument has a parameter; None takes the instrument's default."""

    instrument: str
    value: float | None = None


class Option(Strict):
    """One way to settle an issue.

    Fields:
        id: slug, unique within the issue.
        label: a short name (both languages).
        settings: the instruments this option puts in the package (may be empty: an
            option such as "keep today's rules" adds nothing).
        cost: yearly fiscal cost in 億元 (100 million yuan); counted against the scenario's
            ``budget`` (the article's 避免重複投資浪費).
        verdict: the article's prescription (see :data:`Verdict`).
        note: why the article rates it so, in our own words.
        stakes: persona id -> utility -1..1, overriding the utility derived from that
            persona's instrument stances (use where the article speaks for a persona).
        eases: contradiction ids (rubric/article.yaml) this option itself eases when chosen,
            for an option whose remedy is what it leaves out (guidance funds leaving
            secondary markets ease 守門員兼任裁判員); instruments' own effects come from
            rubric/instruments.yaml. Ignored on a discouraged option.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    label: Text
    settings: list[Setting] = Field(default_factory=list)
    cost: float = Field(default=0.0, ge=0)
    verdict: Verdict = "neutral"
    note: Text | None = None
    stakes: dict[str, float] = Field(default_factory=dict)
    eases: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _stakes_range(self) -> Option:
        for pid, u in self.stakes.items():
            if not -1 <= u <= 1:
                raise ValueError(str(msg("error-stake-range", id=pid, value=u)))
        return self

    def instrument_ids(self) -> list[str]:
        """The instrument ids this option puts in the package, in order."""
        return [s.instrument for s in self.settings]


class Issue(Strict):
    """One decision the scenario's question asks for.

    Fields:
        id: slug, unique within the scenario.
        title / question: what is being decided (both languages).
        element: the id of the six elements (rubric/article.yaml) this decision mainly
            realises; the scorer credits the chosen option there.
        section: the article heading that bears on it, as printed.
        quote: a passage of the article (verbatim) that bears on it.
        options: 2-5 ways to settle it, each id once.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    title: Text
    question: Text
    element: str
    section: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    options: list[Option] = Field(min_length=2, max_length=5)

    @model_validator(mode="after")
    def _unique_options(self) -> Issue:
        ids = [o.id for o in self.options]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(str(msg("error-option-repeated", ids=", ".join(dup))))
        return self

    def option(self, oid: str) -> Option:
        """The option with id ``oid``; raises KeyError."""
        for o in self.options:
            if o.id == oid:
                return o
        raise KeyError(oid)


def _label(msg_id: str) -> Text:
    """A bilingual label from the catalogue (``zh`` column: the Traditional message)."""
    return Text(zh=t(msg_id, "zh-Hant"), en=t(msg_id, "en"))


def issues_from_instruments(ids: list[str], rubric: Rubric) -> list[Issue]:
    """Yes/no issues for a scenario that names only ``focus_instruments``: for each
    instrument, "adopt it" (at its default setting; recommended when the instrument lies on
    one of the article's strategy paths, else neutral) or "leave it out" (neutral). Title,
    question, element and section come from ``rubric/instruments.yaml``.

    Raises:
        KeyError: an id that is not an instrument (catalog checks ids first).
    """
    out = []
    for iid in ids:
        ins = rubric.instrument(iid)
        adopt = Option(
            id="adopt",
            label=_label("score-adopt"),
            settings=[Setting(instrument=iid)],
            verdict="recommended" if ins.paths else "neutral",
        )
        out.append(
            Issue(
                id=iid,
                title=ins.name,
                question=ins.description,
                element=ins.elements[0],
                section=ins.section,
                quote=ins.section,
                options=[adopt, Option(id="leave_out", label=_label("score-leave-out"))],
            )
        )
    return out
