"""The scoring rules: how a settlement of the scenario's issues scores on the six elements.

Pure functions of (scenario, rubric, settlement); nothing here reads speech or language,
so the same outcome scores the same in zh and en. Every rule is a named constant or a
small function below, documented in ``docs/scoring.md`` and pinned by tests/test_scoring.py.

Per element (六大要素, article section "新型舉國體制的六大要素"), a settlement that settles
every issue scores the sum of its credits (:class:`roleplay.scoring.scorecard.Credit`):

1. ``decide``: each settled issue gives :data:`DECIDE_POINTS` to its ``element``;
2. ``verdict``: plus :data:`VERDICT_POINTS` of the option's verdict (the article's
   prescription, roleplay.formats.issues) on that element;
3. ``instrument``: an option that is not discouraged credits each *other* element its
   instruments realise :data:`SPILL_POINTS`, at most once per element per issue, and an
   instrument credits an element at most once in the package (duplicated instruments earn
   nothing twice: 避免重複投資浪費);
4. ``budget``: cost over the scenario's budget costs the ``resources`` element
   :data:`OVER_BUDGET_POINTS`, or :data:`FAR_OVER_POINTS` when more than
   :data:`FAR_OVER_SHARE` over (避免重複投資浪費);
5. ``conflict``: an instrument that worsens a contradiction another instrument of the
   package eases costs :data:`CONFLICT_POINTS` on each of its elements (once per element);

then clipped to 0..:data:`ELEMENT_MAX` and raised to :data:`SETTLED_FLOOR` on every element
that is some issue's ``element``. An outcome that leaves the question open (no deal, or
any issue open) scores 0 on every element. Hence every full settlement totals at least the
number of distinct issue elements (>= 1) and every open outcome totals 0: open < settled,
by construction.

Contradictions eased / worsened (五大結構性矛盾): an instrument of a recommended or neutral
option eases what ``instruments.yaml`` says it eases; an instrument of a discouraged option
worsens what it says it worsens (the article's own logic: an instrument it recommends never
worsens the contradiction it is recommended for).
"""

from __future__ import annotations

from roleplay.debate.package import open_issues, over_budget
from roleplay.formats.issues import Issue, Option, Verdict
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.scoring.scorecard import ContradictionEffect, Credit, Effect, PathMatch

DECIDE_POINTS = 2
"""Credit to an issue's element for settling it at all (the question answered)."""

VERDICT_POINTS: dict[Verdict, int] = {"recommended": 1, "neutral": 0, "discouraged": -1}
"""Added on the issue's element by the article's verdict on the option chosen."""

SPILL_POINTS = 1
"""Credit to each other element an instrument of a non-discouraged option realises."""

# The element that pays for cost over budget (國家戰略資源: 避免重複投資浪費).
BUDGET_ELEMENT = "resources"

OVER_BUDGET_POINTS = -1
"""On :data:`BUDGET_ELEMENT` when the settlement costs more than the budget."""

FAR_OVER_SHARE = 0.25
"""Over budget by strictly more than this share of the budget is "far over"."""

FAR_OVER_POINTS = -2
"""On :data:`BUDGET_ELEMENT` when far over budget (instead of :data:`OVER_BUDGET_POINTS`)."""

CONFLICT_POINTS = -1
"""On each element of an instrument that worsens a contradiction another instrument eases."""

ELEMENT_MIN = 0
ELEMENT_MAX = 4
"""Element scores are clipped to ELEMENT_MIN..ELEMENT_MAX."""

SETTLED_FLOOR = 1
"""Least score, in a settlement that settles every issue, of each element that is some
issue's ``element``: a decision taken is worth something, so any full settlement beats any
open outcome (which scores 0)."""


def chosen(scenario: Scenario, settles: dict[str, str]) -> list[tuple[Issue, Option]]:
    """The (issue, option) pairs of ``settles`` in scenario order; unknown issue or option
    ids are ignored (a package never scores for a decision the scenario does not ask)."""
    out = []
    for issue in scenario.issues:
        oid = settles.get(issue.id)
        if oid is not None and any(o.id == oid for o in issue.options):
            out.append((issue, issue.option(oid)))
    return out


def clean(scenario: Scenario, settles: dict[str, str]) -> dict[str, str]:
    """``settles`` restricted to the scenario's issue and option ids."""
    return {i.id: o.id for i, o in chosen(scenario, settles)}


def budget_points(over: float) -> int:
    """Points on :data:`BUDGET_ELEMENT` for a settlement ``over`` the budget (share of the
    budget; 0 = within it): 0, :data:`OVER_BUDGET_POINTS`, or :data:`FAR_OVER_POINTS`."""
    if over > FAR_OVER_SHARE:
        return FAR_OVER_POINTS
    if over > 0:
        return OVER_BUDGET_POINTS
    return 0


def clip(raw: int, floor: int) -> int:
    """``raw`` capped at ELEMENT_MAX and raised to ``floor`` (ELEMENT_MIN, or
    SETTLED_FLOOR on an issue's element in a full settlement)."""
    return max(floor, min(ELEMENT_MAX, raw))


def effects(
    pairs: list[tuple[Issue, Option]], rubric: Rubric
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(eases, worsens): contradiction id -> instrument ids, each once, in package order.
    Instruments of a discouraged option count only for ``worsens``, of any other option
    only for ``eases`` (article section "五大結構性矛盾")."""
    eases: dict[str, list[str]] = {}
    worsens: dict[str, list[str]] = {}
    for _, opt in pairs:
        bad = opt.verdict == "discouraged"
        for iid in opt.instrument_ids():
            ins = rubric.instrument(iid)
            for c in ins.worsens if bad else ins.eases:
                bucket = (worsens if bad else eases).setdefault(c, [])
                if iid not in bucket:
                    bucket.append(iid)
    return eases, worsens


def _spill(pairs: list[tuple[Issue, Option]], rubric: Rubric) -> list[tuple[str, Credit]]:
    used: set[tuple[str, str]] = set()
    out = []
    for issue, opt in pairs:
        if opt.verdict == "discouraged":
            continue
        by_element: dict[str, list[str]] = {}
        for iid in opt.instrument_ids():
            for e in rubric.instrument(iid).elements:
                if e != issue.element and (iid, e) not in used:
                    by_element.setdefault(e, []).append(iid)
        for e, iids in by_element.items():
            used.update((i, e) for i in iids)
            out.append(
                (
                    e,
                    Credit(
                        kind="instrument",
                        points=SPILL_POINTS,
                        issue=issue.id,
                        option=opt.id,
                        instrument=iids[0],
                    ),
                )
            )
    return out


def _conflicts(pairs: list[tuple[Issue, Option]], rubric: Rubric) -> list[tuple[str, Credit]]:
    eases, _ = effects(pairs, rubric)
    out, hit = [], set()
    for issue, opt in pairs:
        if opt.verdict != "discouraged":
            continue
        for iid in opt.instrument_ids():
            ins = rubric.instrument(iid)
            # instruments.yaml never lists one contradiction under both eases and worsens
            # of one instrument (a test checks it), so the easing one is another instrument
            clash = next(((c, v) for c in ins.worsens for v in eases.get(c, [])), None)
            if clash is None:
                continue
            for e in ins.elements:
                if (iid, e) in hit:
                    continue
                hit.add((iid, e))
                cr = Credit(
                    kind="conflict",
                    points=CONFLICT_POINTS,
                    issue=issue.id,
                    option=opt.id,
                    instrument=iid,
                    contradiction=clash[0],
                    eased_by=clash[1],
                )
                out.append((e, cr))
    return out


def element_credits(
    scenario: Scenario, rubric: Rubric, settles: dict[str, str] | None
) -> dict[str, list[Credit]]:
    """element id -> its credits, for every element of the rubric in order.

    ``settles`` None is no deal (one ``no_deal`` credit each); a settlement with open
    issues gives one ``open`` credit per open issue on every element (0 points)."""
    out: dict[str, list[Credit]] = {m.id: [] for m in rubric.elements}
    if settles is None:
        for parts in out.values():
            parts.append(Credit(kind="no_deal", points=0))
        return out
    settles = clean(scenario, settles)
    left = open_issues(scenario, settles)
    if left:
        for parts in out.values():
            parts.extend(Credit(kind="open", points=0, issue=i) for i in left)
        return out
    pairs = chosen(scenario, settles)
    found: list[tuple[str, Credit]] = []
    for issue, opt in pairs:
        found.append(
            (issue.element, Credit(kind="decide", points=DECIDE_POINTS, issue=issue.id, option=opt.id))
        )
        found.append(
            (
                issue.element,
                Credit(kind="verdict", points=VERDICT_POINTS[opt.verdict], issue=issue.id, option=opt.id),
            )
        )
    found += _spill(pairs, rubric)
    over = over_budget(scenario, settles)
    if budget_points(over):
        found.append((BUDGET_ELEMENT, Credit(kind="budget", points=budget_points(over), over=round(over, 4))))
    found += _conflicts(pairs, rubric)
    for e, cr in found:
        if e in out:
            out[e].append(cr)
    return out


def floors(scenario: Scenario, settles: dict[str, str] | None) -> set[str]:
    """Elements raised to :data:`SETTLED_FLOOR`: the issues' elements when ``settles``
    settles every issue; none for no deal or an open settlement."""
    if settles is None or open_issues(scenario, clean(scenario, settles)):
        return set()
    return {i.element for i in scenario.issues}


def element_scores(
    scenario: Scenario, rubric: Rubric, settles: dict[str, str] | None
) -> dict[str, tuple[int, list[Credit]]]:
    """element id -> (score 0..4, credits), for the six elements in rubric order."""
    lift = floors(scenario, settles)
    return {
        e: (clip(sum(c.points for c in parts), SETTLED_FLOOR if e in lift else ELEMENT_MIN), parts)
        for e, parts in element_credits(scenario, rubric, settles).items()
    }


def total(scenario: Scenario, rubric: Rubric, settles: dict[str, str] | None) -> int:
    """Sum of the element scores of a settlement (0..24); None = no deal."""
    return sum(s for s, _ in element_scores(scenario, rubric, settles).values())


def contradiction_effects(
    scenario: Scenario, rubric: Rubric, settles: dict[str, str] | None
) -> list[ContradictionEffect]:
    """Each of the five contradictions: eases / worsens / mixed / untouched, with the
    instruments responsible (easing ones first; see :func:`effects`) and the chosen options
    that ease it themselves (``Option.eases``, not on a discouraged option)."""
    pairs = chosen(scenario, settles or {})
    eases, worsens = effects(pairs, rubric)
    out = []
    for c in rubric.contradictions:
        e, w = eases.get(c.id, []), worsens.get(c.id, [])
        o = [f"{i.id}:{opt.id}" for i, opt in pairs if opt.verdict != "discouraged" and c.id in opt.eases]
        effect: Effect = "mixed" if (e or o) and w else "eases" if e or o else "worsens" if w else "untouched"
        out.append(ContradictionEffect(contradiction=c.id, effect=effect, via=e + w, options=o))
    return out


def paths_followed(scenario: Scenario, rubric: Rubric, settles: dict[str, str] | None) -> list[PathMatch]:
    """The strategy paths (五大策略路徑) an instrument of a chosen option maps to, in rubric
    order, each with those instruments in package order."""
    insts = list(dict.fromkeys(i for _, o in chosen(scenario, settles or {}) for i in o.instrument_ids()))
    out = []
    for p in rubric.paths:
        via = [i for i in insts if p.id in rubric.instrument(i).paths]
        if via:
            out.append(PathMatch(path=p.id, instruments=via))
    return out
