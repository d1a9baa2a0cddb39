"""Packages as settlements of the scenario's issues (roleplay.formats.issues).

A package settles an issue by naming one of its options (``Proposal.settles``); its
instruments are the union of the chosen options' settings, so instruments stay the
vocabulary that claims, red lines and the rubric speak. These pure functions convert
between the two views and total a package's cost.
"""

from __future__ import annotations

from roleplay.debate.move import PackageItem
from roleplay.formats.memo import memo
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario


def items_for(scenario: Scenario, rubric: Rubric, settles: dict[str, str]) -> list[PackageItem]:
    """The instruments of a settlement, in issue order; an instrument set by two chosen
    options keeps the first setting. A ``None`` value takes the instrument's default.

    Raises:
        KeyError: an issue or option id that the scenario does not have.
    """
    out: dict[str, PackageItem] = {}
    for issue in scenario.issues:
        oid = settles.get(issue.id)
        if oid is None:
            continue
        for s in issue.option(oid).settings:
            if s.instrument in out:
                continue
            param = rubric.instrument(s.instrument).parameter
            value = None if param is None else (s.value if s.value is not None else param.default)
            out[s.instrument] = PackageItem(instrument=s.instrument, value=value)
    return list(out.values())


def settles_from_items(scenario: Scenario, items: list[PackageItem]) -> dict[str, str]:
    """Read a settlement off a list of instruments (for a backend that tabled instruments
    only): for each issue, the option whose settings are all in ``items`` and closest in
    value, preferring the option with most settings; issues with no match stay open."""
    have = {i.instrument: i.value for i in items}
    out: dict[str, str] = {}
    for issue in scenario.issues:
        best: tuple[int, float, str] | None = None
        for o in issue.options:
            if not o.settings or any(s.instrument not in have for s in o.settings):
                continue
            gap = sum(
                abs((have[s.instrument] or 0) - (s.value or 0))
                for s in o.settings
                if s.value is not None and have[s.instrument] is not None
            )
            key = (len(o.settings), -gap, o.id)
            if best is None or key[:2] > best[:2]:
                best = key
        if best is not None:
            out[issue.id] = best[2]
    return out


def cost(scenario: Scenario, settles: dict[str, str]) -> float:
    """Yearly cost of a settlement in 億元 (sum of the chosen options' ``cost``).

    Raises:
        KeyError: an issue or option id that the scenario does not have.
    """
    costs = option_costs(scenario)
    try:
        return sum(costs[i, o] for i, o in settles.items())
    except KeyError:
        return sum(scenario.issue(i).option(o).cost for i, o in settles.items())  # names the bad id


def option_costs(scenario: Scenario) -> dict[tuple[str, str], float]:
    """(issue id, option id) -> the option's ``cost``, built once per scenario object (a
    loaded scenario is never changed: roleplay.formats.memo)."""

    def build() -> dict[tuple[str, str], float]:
        out: dict[tuple[str, str], float] = {}
        for i in scenario.issues:
            for o in i.options:
                out.setdefault((i.id, o.id), o.cost)  # the first, as Scenario.issue / Issue.option find
        return out

    return memo(scenario, "option_costs", build)


def open_issues(scenario: Scenario, settles: dict[str, str]) -> list[str]:
    """Ids of the scenario's issues the settlement leaves open, in scenario order."""
    return [i.id for i in scenario.issues if i.id not in settles]


def over_budget(scenario: Scenario, settles: dict[str, str]) -> float:
    """How far the settlement's cost exceeds the scenario's budget, as a share of the
    budget (0 when within it or when the scenario sets no budget)."""
    if scenario.budget is None:
        return 0.0
    return max(0.0, cost(scenario, settles) - scenario.budget) / scenario.budget
