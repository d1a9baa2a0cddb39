"""The speed-ups of the offline engine and the scorer remember pure answers: a remembered
answer is the answer computed afresh, and no memo grows past its bound in a long batch."""

from __future__ import annotations

import random

import pytest

from roleplay.debate.package import cost, option_costs
from roleplay.formats.catalog import load_scenario
from roleplay.offline import arguments
from roleplay.scoring import scorer, utility


@pytest.fixture(scope="module")
def loaded():
    return load_scenario("chip-controls")


def _random_bias(rng: random.Random, rubric) -> dict[str, float]:
    return {i.id: round(rng.uniform(-0.6, 0.6), 3) for i in rubric.instruments}


def test_remembered_preferences_and_values_equal_fresh_ones(loaded):
    sc, personas, rubric = loaded
    rng = random.Random(7)
    for p in personas:
        bias = _random_bias(rng, rubric)
        shift = {sc.issues[0].id: {sc.issues[0].options[-1].id: 0.15}}
        first = utility.preferences(p, sc, rubric, bias, shift, {"security": 0.3})
        again = utility.preferences(p, sc, rubric, dict(bias), shift, {"security": 0.3})
        assert again is first  # remembered
        utility._PREFS.clear()
        utility._BASE.clear()
        fresh = utility.preferences(p, sc, rubric, bias, shift, {"security": 0.3})
        assert fresh is not first and fresh == first
        settles = {i.id: rng.choice(i.options).id for i in sc.issues}
        v = utility.package_value(p, first, sc, rubric, settles)
        utility._VALUES.clear()
        assert utility.package_value(p, fresh, sc, rubric, settles) == v


def test_best_worst_and_ranking_keep_their_tie_rules():
    prefs = utility.Preferences(
        persona="x",
        weights={"a": 0.25, "b": 0.5, "c": 0.25},
        utilities={"a": {"o1": 0.2, "o2": 0.5, "o3": 0.5, "o4": 0.2}},
    )
    assert prefs.best("a") == "o2"  # ties: the first listed
    assert prefs.worst("a") == "o4"  # ties: the last listed
    assert prefs.ranked_issues() == ["b", "a", "c"]  # ties: scenario order


def test_claim_rows_equal_single_effects(loaded):
    sc, _, rubric = loaded
    for issue in sc.issues:
        for option in issue.options:
            row = arguments.effects_row(rubric, issue, option)
            assert row == tuple(arguments.effect(c, issue, option) for c in rubric.claims)
            at = arguments.positions(rubric)
            assert all(row[at[id(c)]] == arguments.effect(c, issue, option) for c in rubric.claims)


def test_costs_table_and_bad_ids(loaded):
    sc, _, _ = loaded
    settles = {i.id: i.options[0].id for i in sc.issues}
    assert cost(sc, settles) == sum(sc.issue(i).option(o).cost for i, o in settles.items())
    assert len(option_costs(sc)) == sum(len(i.options) for i in sc.issues)
    with pytest.raises(KeyError, match="nope"):
        cost(sc, {sc.issues[0].id: "nope"})


def test_memos_stay_bounded(loaded, monkeypatch):
    sc, personas, rubric = loaded
    monkeypatch.setattr(utility, "PREFS_MEMO_MAX", 5)
    monkeypatch.setattr(utility, "VALUE_MEMO_MAX", 5)
    monkeypatch.setattr(scorer, "JUDGED_MEMO", 5)
    rng = random.Random(3)
    p = personas[0]
    for _ in range(40):  # a batch: every seed brings a new mood bias
        prefs = utility.preferences(p, sc, rubric, _random_bias(rng, rubric))
        settles = {i.id: rng.choice(i.options).id for i in sc.issues}
        utility.package_value(p, prefs, sc, rubric, settles)
        scorer._judged(sc, rubric, settles, rng.choice(["en", "zh-Hant"]))
    assert len(utility._PREFS) <= 6 and len(utility._BASE) <= 6
    assert len(utility._VALUES) <= 6
    assert len(scorer._JUDGED) <= 6
