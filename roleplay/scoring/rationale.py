"""Words for an element score: its structured credits rendered in the debate language.

The scorecard stores credits (ids and points, roleplay.scoring.scorecard.Credit); this
module turns them into the ``rationale`` sentence with the ``score-*`` messages of the
catalogue (roleplay/i18n/locales/*/scoring.ftl), naming the issues (their titles), options (labels), instruments,
contradictions and the budget responsible. Rendering is the only language-dependent step,
so ``render(..., "en")`` on a zh card's credits gives the en card's rationale.
"""

from __future__ import annotations

from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.i18n.catalog import t
from roleplay.scoring.scorecard import Credit


def _pts(n: int) -> str:
    return f"({n:+d})"


def _issue(scenario: Scenario, iid: str | None, lang: Lang) -> str:
    try:
        return scenario.issue(iid or "").title.in_(lang)
    except KeyError:
        return iid or "?"


def _option(scenario: Scenario, iid: str | None, oid: str | None, lang: Lang) -> str:
    try:
        return scenario.issue(iid or "").option(oid or "").label.in_(lang)
    except KeyError:
        return oid or "?"


def _name(rubric: Rubric, mid: str | None, lang: Lang) -> str:
    try:
        return rubric.instrument(mid or "").name.in_(lang)
    except KeyError:
        try:
            return rubric.mechanism(mid or "").name.in_(lang)
        except KeyError:
            return mid or "?"


def consensus_name(consensus: str, lang: Lang) -> str:
    """A consensus level (roleplay.scoring.scorecard.Consensus: none, weak, majority,
    strong, unanimous) in words (message ``score-consensus``: 無共識, 弱共識 ...)."""
    return t("score-consensus", lang, consensus=consensus)


def phrase(c: Credit, scenario: Scenario, rubric: Rubric, lang: Lang) -> str:
    """One credit in words (message ``score-<kind>``; ``open`` / ``no_deal`` credits are
    rendered by :func:`render`)."""
    fill = {
        "pts": _pts(c.points),
        "issue": _issue(scenario, c.issue, lang),
        "option": _option(scenario, c.issue, c.option, lang),
        "instrument": _name(rubric, c.instrument, lang),
        "contradiction": _name(rubric, c.contradiction, lang),
        "eased_by": _name(rubric, c.eased_by, lang),
        "pct": f"{round((c.over or 0) * 100):d}",
    }
    if c.kind == "verdict":
        fill["verdict"] = scenario.issue(c.issue or "").option(c.option or "").verdict
    return t(f"score-{c.kind}", lang, **fill)


def render(parts: list[Credit], score: int, scenario: Scenario, rubric: Rubric, lang: Lang) -> str:
    """The rationale sentence of one element (messages ``score-*``): its credits in order,
    then the floor or cap if either applied, then the score. Raises nothing for unknown ids
    (shows the id)."""
    kinds = {c.kind for c in parts}
    if "no_deal" in kinds:
        return t("score-no-deal", lang)
    if "open" in kinds:
        names = t("score-list", lang).join(_issue(scenario, c.issue, lang) for c in parts if c.kind == "open")
        return t("score-open", lang, issues=names)
    bits = [phrase(c, scenario, rubric, lang) for c in parts] or [t("score-nothing", lang)]
    raw = sum(c.points for c in parts)
    n = str(score)
    if score > max(raw, 0):
        bits.append(t("score-floor", lang, n=n))
    elif score > raw:
        bits.append(t("score-min", lang, n=n))
    elif score < raw:
        bits.append(t("score-cap", lang, n=n))
    bits.append(t("score-score", lang, n=n))
    return t("score-sentence", lang, text=t("score-sep", lang).join(bits))
