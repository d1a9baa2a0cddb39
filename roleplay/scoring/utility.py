"""How much a persona likes a package: the one utility used by the offline negotiator and
by the scorecard's satisfaction figures.

utility(package) = sum over items of (stance score -2..2 + parameter fit -0.3..+0.3)
                 + sum over the six elements the package touches of 0.5 * weight.
A package that breaks a red line is worth nothing to that persona (satisfaction 0).
"""

from __future__ import annotations

from roleplay.debate.move import PackageItem
from roleplay.formats.persona import Persona, RedLine
from roleplay.formats.rubric import Rubric

Bias = dict[str, float]
"""Per-instrument additions to stance scores (the offline negotiator's seeded temperament);
scorecards use no bias."""


def item_value(p: Persona, rubric: Rubric, item: PackageItem, bias: Bias | None = None) -> float:
    """Value of one item to ``p``: stance score (+ ``bias``) plus how close the setting is to its wish."""
    st = p.stances.get(item.instrument)
    if st is None:
        return 0.0
    v = float(st.score) + (bias or {}).get(item.instrument, 0.0)
    param = rubric.instrument(item.instrument).parameter
    if param and st.preferred is not None and item.value is not None and param.max > param.min:
        fit = 1 - abs(item.value - st.preferred) / (param.max - param.min)
        v += 0.6 * fit - 0.3
    return v


def broken_red_lines(p: Persona, items: list[PackageItem]) -> list[RedLine]:
    """The red lines of ``p`` that ``items`` break (see roleplay.formats.persona.RedLine)."""
    by_id = {i.instrument: i for i in items}
    out = []
    for rl in p.red_lines:
        it = by_id.get(rl.instrument)
        if (rl.kind == "forbid" and it is not None) or (rl.kind == "require" and it is None):
            out.append(rl)
        elif rl.kind in ("max", "min") and it is not None and it.value is not None and rl.value is not None:
            if (rl.kind == "max" and it.value > rl.value) or (rl.kind == "min" and it.value < rl.value):
                out.append(rl)
    return out


def utility(p: Persona, rubric: Rubric, items: list[PackageItem], bias: Bias | None = None) -> float:
    """Raw utility of a package to ``p`` (unbounded; compare, do not display)."""
    total = sum(item_value(p, rubric, i, bias) for i in items)
    touched = {e for i in items for e in rubric.instrument(i.instrument).elements}
    return total + sum(0.5 * p.weights.get(e, 0.0) for e in touched)


def ideal_items(p: Persona, rubric: Rubric, pool: list[str], bias: Bias | None = None) -> list[PackageItem]:
    """The best package ``p`` could ask for from instrument ids ``pool``: every instrument
    it values positively, at its preferred setting (or the default)."""
    out = []
    for iid in pool:
        st = p.stances.get(iid)
        if st is None or st.score + (bias or {}).get(iid, 0.0) <= 0:
            continue
        param = rubric.instrument(iid).parameter
        value = None if param is None else (st.preferred if st.preferred is not None else param.default)
        out.append(PackageItem(instrument=iid, value=value))
    return out


def satisfaction(
    p: Persona, rubric: Rubric, items: list[PackageItem], pool: list[str], bias: Bias | None = None
) -> float:
    """Satisfaction of ``p`` with a package, 0 (worst possible from ``pool`` or a red line
    broken) .. 1 (its ideal package from ``pool``), rounded to 2 decimals."""
    if broken_red_lines(p, items):
        return 0.0
    b = bias or {}
    full = list(dict.fromkeys([*pool, *(i.instrument for i in items)]))
    best = utility(p, rubric, ideal_items(p, rubric, full, b), b)
    worst_items = [
        PackageItem(instrument=i, value=None)
        for i in full
        if p.stances.get(i) and p.stances[i].score + b.get(i, 0.0) < 0
    ]
    worst = utility(p, rubric, worst_items, b) if worst_items else 0.0
    if best <= worst:
        return 0.5
    return round(min(1.0, max(0.0, (utility(p, rubric, items, b) - worst) / (best - worst))), 2)
