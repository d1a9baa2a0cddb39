"""What two runs' outcomes differ in, issue by issue and instrument by instrument, and the
first turn where their paths parted (``roleplay compare A B``, issue #12 "compare that
teaches"). Labels follow run A's language; words live in the catalogue (``documents.ftl``).
"""

from __future__ import annotations

from typing import Any

from roleplay.debate.move import Proposal, Turn
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Lang
from roleplay.runs.report import instrument_setting
from roleplay.runs.transcript import Run
from roleplay.runs.words import Words, join


def _label(scenario: Scenario, iid: str, oid: str | None, lang: Lang, w: Words) -> str:
    if oid is None:
        return w.open
    try:
        return scenario.issue(iid).option(oid).label.in_(lang)
    except KeyError:
        return oid


def _setting(rubric: Rubric, iid: str, value: float | None, lang: Lang) -> str:
    """A compared setting: ``✓`` for an instrument without a value, else as in the transcript."""
    return "✓" if value is None else instrument_setting(rubric, lang, iid, value)


def _package(run: Run) -> Proposal | None:
    card = run.ended.scorecard if run.ended is not None else None
    return card.package if card is not None else None


def issue_rows(a: Run, b: Run) -> list[dict[str, Any]]:
    """One row per issue of A's scenario (then any only B has): ``{name, a, b, differs}``, the
    option each final package chose (or "left open")."""
    lang, w = a.started.lang, Words(a.started.lang)
    outs = []
    for run in (a, b):
        card = run.ended.scorecard if run.ended is not None else None
        outs.append({o.issue: o.option for o in card.outcomes} if card else {})
    sa, sb = a.started.scenario, b.started.scenario
    ids = [i.id for i in sa.issues] + [i.id for i in sb.issues if i.id not in {x.id for x in sa.issues}]
    rows = []
    for iid in ids:
        sc = sa if any(i.id == iid for i in sa.issues) else sb
        x, y = outs[0].get(iid), outs[1].get(iid)
        rows.append(
            {
                "name": sc.issue(iid).title.in_(lang),
                "a": _label(sa, iid, x, lang, w),
                "b": _label(sb, iid, y, lang, w),
                "differs": x != y,
            }
        )
    return rows


def instrument_rows(a: Run, b: Run) -> list[dict[str, Any]]:
    """One row per instrument in either final package: ``{name, a, b, differs}``, its value
    with units (or "not in the package")."""
    lang, w, rubric = a.started.lang, Words(a.started.lang), a.started.rubric
    pa, pb = _package(a), _package(b)
    va = {i.instrument: i.value for i in pa.items} if pa else {}
    vb = {i.instrument: i.value for i in pb.items} if pb else {}
    rows = []
    for iid in [*va, *(i for i in vb if i not in va)]:
        try:
            name = rubric.instrument(iid).name.in_(lang)
        except KeyError:
            name = iid
        rows.append(
            {
                "name": name,
                "a": _setting(rubric, iid, va[iid], lang) if iid in va else w.absent,
                "b": _setting(rubric, iid, vb[iid], lang) if iid in vb else w.absent,
                "differs": (iid in va) != (iid in vb) or va.get(iid) != vb.get(iid),
            }
        )
    return rows


def decisions(t: Turn) -> dict[str, object]:
    """What a turn decided, for comparing runs: speaker, status, the package it tabled or
    revised (settles and items), its stances (proposal, position) and its claims. Speech
    wording is left out: two LLM runs never word a turn alike."""
    m = t.move
    prop = None
    if m is not None and m.proposal is not None:
        p = m.proposal
        prop = (p.id, sorted(p.settles.items()), [(i.instrument, i.value) for i in p.items], p.withdrawn)
    return {
        "speaker": t.persona,
        "status": t.status,
        "proposal": prop,
        "stances": [(s.proposal, s.position) for s in m.stances] if m else [],
        "claims": list(m.claims) if m else [],
    }


def parted(a: Run, b: Run) -> dict[str, Any]:
    """The first turn (1-based ``n``) where the runs' decisions differ: ``{n, a, b, what}``
    (turn ids and the kinds of difference), ``{n, ended}`` when one run is a prefix of the
    other, or ``{n: None}`` when they never part."""
    ta, tb = a.turns(), b.turns()
    for n, (x, y) in enumerate(zip(ta, tb, strict=False), 1):
        dx, dy = decisions(x), decisions(y)
        what = [k for k in dx if dx[k] != dy[k]]
        if what:
            return {"n": n, "a": x.id, "b": y.id, "what": what}
    if len(ta) != len(tb):
        return {"n": min(len(ta), len(tb)), "ended": "A" if len(ta) < len(tb) else "B"}
    return {"n": None}


def parted_text(a: Run, b: Run) -> list[str]:
    """:func:`parted` as sentences in A's language."""
    lang = a.started.lang
    w = Words(lang)
    p = parted(a, b)
    if p["n"] is None:
        return [w.never]
    if "ended" in p:
        return [w("ended", n=p["n"], which=p["ended"])]
    return [
        w("parted-at", n=p["n"], a=p["a"], b=p["b"]),
        w("parted-why", what=join([w("what", what=k) for k in p["what"]], lang)),
    ]


def divergence_view(a: Run, b: Run) -> dict[str, Any]:
    """The template context for the comparison's teaching part: ``D`` (words, as
    :class:`~roleplay.runs.words.Words`), ``issue_rows``, ``instrument_rows``, ``parted``
    (sentences)."""
    return {
        "D": Words(a.started.lang),
        "issue_rows": issue_rows(a, b),
        "instrument_rows": instrument_rows(a, b),
        "parted": parted_text(a, b),
    }
