"""How much a persona values a package: the one utility used by the offline negotiator,
the vote and the scorecard's satisfaction figures.

Multi-issue additive utility (Raiffa 1982; Faratin, Sierra & Jennings 1998):

- **option utility** u(p, o) in [-1, 1]: the option's ``stakes[p]`` if the scenario sets
  one, else the mean over the option's settings of the persona's instrument value
  (stance score -2..2, neutral 0 when unmentioned, plus a parameter fit of -0.3..+0.3,
  plus the negotiator's seeded ``bias``), divided by :data:`SCALE`; an option with no
  settings is worth 0. Persuasion ``shift`` (by issue and option) is added last.
- **issue weight** w(p, i): (max - min of u over the issue's options) x (0.5 + the
  persona's weight on the issue's element), normalised to sum 1 over the issues; an
  issue whose options are all alike to a persona hardly matters to it.
- **package value** V(p, P) in [0, 1]: sum over issues of w x (u of the chosen option,
  or :data:`OPEN_UTILITY` for an open issue, clipped to the issue's range) rescaled so
  the persona's worst settlement is 0 and its best is 1; minus ``budget_weight`` x the
  share by which the package's cost exceeds the scenario's budget; 0 if the package
  breaks one of the persona's red lines.

A persona supports a package only at or above its ``reservation`` value (roleplay.debate.vote).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field

from roleplay.debate.move import PackageItem
from roleplay.debate.package import over_budget
from roleplay.formats.issues import Issue, Option
from roleplay.formats.memo import Store, remember
from roleplay.formats.persona import Persona, RedLine
from roleplay.formats.rubric import Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Strict

Bias = dict[str, float]
"""Per-instrument additions to stance scores (the offline negotiator's seeded temperament
and facilitator news); scorecards use no bias."""

Shift = dict[str, dict[str, float]]
"""issue id -> option id -> an addition to the option's utility (persuasion by claims)."""

SCALE = 2.3
"""Largest |instrument value| (stance 2 + fit 0.3): option utilities are divided by it."""

OPEN_UTILITY = 0.0
"""What an open issue is worth to a persona before clipping to its options' range: an
undecided question is worth no more than the persona's least-liked option it can accept
as neutral (0)."""

FIT_RANGE = 0.3
"""A parameter value at the persona's preferred setting adds +0.3; at the far end, -0.3."""


def item_value(p: Persona, rubric: Rubric, item: PackageItem, bias: Bias | None = None) -> float:
    """Value of one instrument setting to ``p``: stance score -2..2 (0 when ``p`` does not
    mention the instrument) + ``bias`` + a fit of -0.3..+0.3 by how close the value is to
    the persona's ``preferred`` setting (over the parameter's range)."""
    return _setting_value(p, rubric, item.instrument, item.value, bias)


def _setting_value(p: Persona, rubric: Rubric, iid: str, value: float | None, bias: Bias | None) -> float:
    st = p.stances.get(iid)
    v = (bias or {}).get(iid, 0.0)
    if st is None:
        return v
    v += float(st.score)
    param = rubric.instrument(iid).parameter
    if param and st.preferred is not None and value is not None and param.max > param.min:
        fit = 1 - abs(value - st.preferred) / (param.max - param.min)
        v += 2 * FIT_RANGE * fit - FIT_RANGE
    return v


def option_utility(p: Persona, rubric: Rubric, option: Option, bias: Bias | None = None) -> float:
    """u(p, o) in [-1, 1] (see the module docstring); ``stakes`` wins over stances."""
    if p.id in option.stakes:
        return option.stakes[p.id]
    if not option.settings:
        return 0.0
    vals = [
        _setting_value(p, rubric, s.instrument, _value(rubric, s.instrument, s.value), bias)
        for s in option.settings
    ]
    return max(-1.0, min(1.0, sum(vals) / len(vals) / SCALE))


def _value(rubric: Rubric, iid: str, value: float | None) -> float | None:
    param = rubric.instrument(iid).parameter
    if param is None:
        return None
    return value if value is not None else param.default


class Preferences(Strict):
    """A persona's preferences over one scenario's issues.

    Fields:
        weights: issue id -> weight (sums to 1).
        utilities: issue id -> option id -> utility in [-1, 1] (shift included).
    """

    persona: str
    weights: dict[str, float] = Field(default_factory=dict)
    utilities: dict[str, dict[str, float]] = Field(default_factory=dict)

    def best(self, issue: str) -> str:
        """The option of ``issue`` this persona likes most (ties: the first listed)."""
        u = self.utilities[issue]
        return max(u, key=u.__getitem__)  # max keeps the first of equal keys

    def worst(self, issue: str) -> str:
        """The option of ``issue`` this persona likes least (ties: the last listed)."""
        u = self.utilities[issue]
        return min(reversed(u), key=u.__getitem__)  # min keeps the first of equal keys

    def ranked_issues(self) -> list[str]:
        """Issue ids by weight, heaviest first (ties: scenario order): its priorities."""
        w = self.weights
        return sorted(w, key=lambda i: -w[i])  # a stable sort keeps scenario order on ties


PREFS_MEMO_MAX = 2048
"""The memo of :func:`preferences` is emptied past this many entries (a batch runs many
debates in one process: each seed's mood bias makes new keys)."""

_PREFS: Store = {}


def preferences(
    p: Persona,
    scenario: Scenario,
    rubric: Rubric,
    bias: Bias | None = None,
    shift: Shift | None = None,
    element_boost: dict[str, float] | None = None,
) -> Preferences:
    """Build :class:`Preferences` for ``p`` over ``scenario``'s issues.

    ``element_boost`` adds to the persona's element weights (e.g. an export-control move
    raising everyone's concern for ``security``), capped at 1.

    Memoised (a pure function of its arguments; the persona, scenario and rubric are never
    changed once loaded): keyed by their identities (kept alive with the value, so an id is
    never reused while memoised) and the contents of ``bias``, ``shift`` and
    ``element_boost``; the returned Preferences is shared, and never changed by its users.
    """
    bias_key = tuple((bias or {}).items())
    extra = (
        bias_key,
        tuple((i, tuple(row.items())) for i, row in (shift or {}).items()),
        tuple((element_boost or {}).items()),
    )

    def build() -> Preferences:
        base = _option_utilities(p, scenario, rubric, bias, bias_key)
        return _build_preferences(p, scenario, base, shift, element_boost)

    return remember(_PREFS, PREFS_MEMO_MAX, (p, scenario, rubric), build, extra)


_BASE: Store = {}


def _option_utilities(
    p: Persona, scenario: Scenario, rubric: Rubric, bias: Bias | None, bias_key: tuple[Any, ...]
) -> list[dict[str, float]]:
    """Per issue of ``scenario`` (in order), option id -> :func:`option_utility` with
    ``bias``, before persuasion: remembered like :func:`preferences` (a persona's turns
    differ in persuasion, not in these), ``bias_key`` being ``bias``'s items."""
    return remember(
        _BASE,
        PREFS_MEMO_MAX,
        (p, scenario, rubric),
        lambda: [
            {o.id: option_utility(p, rubric, o, bias) for o in issue.options} for issue in scenario.issues
        ],
        bias_key,
    )


def _build_preferences(
    p: Persona,
    scenario: Scenario,
    base: list[dict[str, float]],
    shift: Shift | None,
    element_boost: dict[str, float] | None,
) -> Preferences:
    utilities: dict[str, dict[str, float]] = {}
    raw: dict[str, float] = {}
    boost = element_boost or {}
    for issue, row in zip(scenario.issues, base, strict=True):
        u = dict(row)
        for oid, d in (shift or {}).get(issue.id, {}).items():
            if oid in u:
                u[oid] = max(-1.0, min(1.0, u[oid] + d))
        utilities[issue.id] = u
        ew = min(1.0, p.weights.get(issue.element, 0.5) + boost.get(issue.element, 0.0))
        raw[issue.id] = (max(u.values()) - min(u.values())) * (0.5 + ew)
    total = sum(raw.values())
    weights = {i: (w / total if total > 0 else 1 / len(raw)) for i, w in raw.items()}
    return Preferences(persona=p.id, weights=weights, utilities=utilities)


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


def issue_value(prefs: Preferences, issue: Issue, option: str | None) -> float:
    """How good the choice ``option`` (None: open) on ``issue`` is to the persona, 0 (its
    worst option) .. 1 (its best)."""
    u = prefs.utilities[issue.id]
    lo, hi = min(u.values()), max(u.values())
    if hi <= lo:
        return 1.0 if option is not None else 0.0
    x = u[option] if option is not None else max(lo, min(hi, OPEN_UTILITY))
    return (x - lo) / (hi - lo)


def red_lines_in_play(p: Persona, scenario: Scenario) -> list[RedLine]:
    """The persona's red lines that this scenario can touch: those naming an instrument
    some option uses (a red line on an instrument nobody can table cannot be broken)."""
    return list(_lines_in_play(p, scenario))


_LINES: Store = {}


def _lines_in_play(p: Persona, scenario: Scenario) -> tuple[RedLine, ...]:
    """:func:`red_lines_in_play`, memoised per (persona, scenario) object (neither is
    changed once loaded; both are kept with the value, so an id is never reused while
    memoised; emptied past :data:`PREFS_MEMO_MAX` entries)."""

    def build() -> tuple[RedLine, ...]:
        used = set(scenario.instruments_in_play())
        return tuple(rl for rl in p.red_lines if rl.instrument in used)

    return remember(_LINES, PREFS_MEMO_MAX, (p, scenario), build)


def breaks_red_line(p: Persona, scenario: Scenario, rubric: Rubric, settles: dict[str, str]) -> bool:
    """True if the settlement breaks one of the persona's red lines in play
    (:func:`red_lines_in_play`; the rule of :func:`broken_red_lines`)."""
    lines = _lines_in_play(p, scenario)
    return bool(lines) and _breaks(lines, scenario, rubric, settles)


def package_value(
    p: Persona, prefs: Preferences, scenario: Scenario, rubric: Rubric, settles: dict[str, str]
) -> float:
    """V(p, package) in [0, 1] (see the module docstring). 0 if a red line in play
    (:func:`red_lines_in_play`) is broken.

    Remembered (a negotiator weighs the same few packages many times a debate) by the
    identities of ``p``, ``prefs``, ``scenario`` and ``rubric`` (none is changed once built;
    all are kept with the value, so an id is never reused while remembered) and the
    settlement in its order; emptied past :data:`VALUE_MEMO_MAX` entries."""

    def build() -> float:
        if breaks_red_line(p, scenario, rubric, settles):
            return 0.0
        v = sum(prefs.weights[i.id] * issue_value(prefs, i, settles.get(i.id)) for i in scenario.issues)
        v -= p.budget_weight * over_budget(scenario, settles)
        return max(0.0, min(1.0, v))

    return remember(_VALUES, VALUE_MEMO_MAX, (p, prefs, scenario, rubric), build, tuple(settles.items()))


VALUE_MEMO_MAX = 16384
"""Most package values :func:`package_value` remembers."""

_VALUES: Store = {}


def _breaks(lines: Sequence[RedLine], scenario: Scenario, rubric: Rubric, settles: dict[str, str]) -> bool:
    """True if the settlement breaks one of ``lines`` (as :func:`broken_red_lines`, without
    building the package's items)."""
    values: dict[str, float | None] = {}
    for issue in scenario.issues:
        oid = settles.get(issue.id)
        if oid is not None:
            for st in issue.option(oid).settings:
                values.setdefault(st.instrument, _value(rubric, st.instrument, st.value))
    for rl in lines:
        if (rl.kind == "forbid") == (rl.instrument in values) and rl.kind in ("forbid", "require"):
            return True
        v = values.get(rl.instrument)
        if rl.kind in ("max", "min") and v is not None and rl.value is not None:
            if (rl.kind == "max" and v > rl.value) or (rl.kind == "min" and v < rl.value):
                return True
    return False


def ideal_settlement(prefs: Preferences, scenario: Scenario) -> dict[str, str]:
    """The persona's favourite option on every issue."""
    return {i.id: prefs.best(i.id) for i in scenario.issues}


def satisfaction(p: Persona, scenario: Scenario, rubric: Rubric, settles: dict[str, str]) -> float:
    """Satisfaction of ``p`` with a package, 0..1 rounded to 2 decimals: the package value
    with no bias and no persuasion (what the persona file and scenario say)."""
    return round(package_value(p, preferences(p, scenario, rubric), scenario, rubric, settles), 2)
