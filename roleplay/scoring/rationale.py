"""Words for an element score: its structured credits rendered in zh or en.

The scorecard stores credits (ids and points, roleplay.scoring.scorecard.Credit); this
module turns them into the ``rationale`` sentence with the small label table
:data:`PHRASES`, naming the issues (their titles), options (labels), instruments,
contradictions and the budget responsible. Rendering is the only language-dependent step,
so ``render(..., "en")`` on a zh card's credits gives the en card's rationale.
"""

from __future__ import annotations

from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.i18n.lang import localize, source
from roleplay.scoring.scorecard import Credit

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "decide": "「{issue}」議定為「{option}」{pts}",
        "verdict": "文章{verdict}{pts}",
        "recommended": "主張此選項",
        "neutral": "對此選項未置可否",
        "discouraged": "反對此選項",
        "instrument": "「{option}」的{instrument}兼顧本要素{pts}",
        "budget": "方案成本超出預算{pct}%,違背避免重複投資浪費{pts}",
        "conflict": "{instrument}加劇{eased_by}所緩解的「{contradiction}」{pts}",
        "open": "方案未議定:{issues};問題未獲回答,各要素0分",
        "no_deal": "表決未通過任何方案(無協議),各要素0分",
        "nothing": "方案沒有議題或工具落實本要素",
        "floor": "各議題均已議定,本要素至少{n}分",
        "cap": "上限{n}分",
        "min": "不低於{n}分",
        "score": "得{n}分",
        "sep": ";",
        "list": "、",
        "end": "。",
    },
    "en": {
        "decide": "{issue}: settled as '{option}' {pts}",
        "verdict": "the article {verdict} {pts}",
        "recommended": "recommends it",
        "neutral": "is neutral on it",
        "discouraged": "argues against it",
        "instrument": "{instrument} (in '{option}') also serves this element {pts}",
        "budget": "cost {pct}% over budget, against 避免重複投資浪費 {pts}",
        "conflict": "{instrument} worsens '{contradiction}', which {eased_by} eases {pts}",
        "open": "left open: {issues}; the question is not answered, 0 on every element",
        "no_deal": "no package passed the vote (no deal), 0 on every element",
        "nothing": "no issue or instrument of the package realises this element",
        "floor": "every issue settled, so at least {n}",
        "cap": "capped at {n}",
        "min": "no lower than {n}",
        "score": "score {n}",
        "sep": "; ",
        "list": ", ",
        "end": ".",
    },
}
"""zh / en phrases, one per credit kind plus the connecting words."""


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


def phrase(c: Credit, scenario: Scenario, rubric: Rubric, lang: Lang) -> str:
    """One credit in words (``open`` / ``no_deal`` credits are rendered by :func:`render`)."""
    P = PHRASES[source(lang)]
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
        verdict = scenario.issue(c.issue or "").option(c.option or "").verdict
        fill["verdict"] = P[verdict]
    return P[c.kind].format(**fill)


def render(parts: list[Credit], score: int, scenario: Scenario, rubric: Rubric, lang: Lang) -> str:
    """The rationale sentence of one element: its credits in order, then the floor or cap
    if either applied, then the score. Raises nothing for unknown ids (shows the id)."""
    P = PHRASES[source(lang)]
    kinds = {c.kind for c in parts}
    if "no_deal" in kinds:
        return localize(P["no_deal"] + P["end"], lang)
    if "open" in kinds:
        names = P["list"].join(_issue(scenario, c.issue, lang) for c in parts if c.kind == "open")
        return localize(P["open"].format(issues=names) + P["end"], lang)
    bits = [phrase(c, scenario, rubric, lang) for c in parts] or [P["nothing"]]
    raw = sum(c.points for c in parts)
    if score > max(raw, 0):
        bits.append(P["floor"].format(n=score))
    elif score > raw:
        bits.append(P["min"].format(n=score))
    elif score < raw:
        bits.append(P["cap"].format(n=score))
    bits.append(P["score"].format(n=score))
    return localize(P["sep"].join(bits) + P["end"], lang)
