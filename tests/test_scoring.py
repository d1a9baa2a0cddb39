"""The deterministic scorer (issue #9, point 9): every rule pinned on small scenarios built
here, so that changing any constant or comparison in roleplay.scoring makes a test fail.

Test scenario T (budget 60 億元):
- ``fund`` (patient_capital): angel [public_angel] 40 recommended; guide
  [industry_guidance_fund] 30 discouraged; capped [industry_guidance_fund] 10 neutral;
  none [] 0 neutral.
- ``demand`` (demand): list [demand_list, procurement] 20 recommended; roadmap
  [roadmap_whitepaper] 5 neutral.
- ``chain`` (industrial_policy): fair [chain_leader_selection] 0 recommended; grant
  [ex_ante_subsidy] 30 neutral; buy [procurement] 0 neutral; consortium
  [innovation_consortium, rd_super_deduction] 10 neutral; firstunit [first_unit_subsidy]
  50 discouraged.
"""

from __future__ import annotations

import itertools

import pytest
from test_catalog import traditional_only

from roleplay.debate.move import Move, Proposal, Stance, Turn
from roleplay.debate.package import items_for
from roleplay.debate.setup import DebateSetup
from roleplay.debate.table import Table
from roleplay.formats.catalog import load_rubric
from roleplay.formats.claims import Claim, Target
from roleplay.formats.persona import InstrumentStance, Persona, Style
from roleplay.formats.scenario import Scenario
from roleplay.formats.text import Text
from roleplay.scoring import rules
from roleplay.scoring.rationale import render
from roleplay.scoring.scorer import consensus_level, evidence, score
from roleplay.scoring.utility import satisfaction

RUBRIC = load_rubric()
ELEMENTS = ["demand", "resources", "industrial_policy", "patient_capital", "institutions", "security"]


def T(zh: str, en: str | None = None) -> Text:
    return Text(zh=zh, en=en or zh)


def option(oid, insts, cost, verdict):
    return {
        "id": oid,
        "label": {"zh": f"選{oid}", "en": f"opt {oid}"},
        "settings": [{"instrument": i} for i in insts],
        "cost": cost,
        "verdict": verdict,
    }


def issue(iid, element, options):
    return {
        "id": iid,
        "title": {"zh": f"議題{iid}", "en": f"issue {iid}"},
        "question": {"zh": "問?", "en": "q?"},
        "element": element,
        "section": "§",
        "quote": "引文",
        "options": options,
    }


def scenario(issues, budget=60.0, pass_rule="majority", personas=("a", "b", "c")) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "t",
            "title": {"zh": "測", "en": "t"},
            "question": {"zh": "問", "en": "q"},
            "brief": {"zh": "簡", "en": "b"},
            "personas": list(personas),
            "agenda": [{"phase": "proposal"}, {"phase": "vote"}],
            "issues": issues,
            "budget": budget,
            "pass_rule": pass_rule,
        }
    )


ISSUES = [
    issue(
        "fund",
        "patient_capital",
        [
            option("angel", ["public_angel"], 40, "recommended"),
            option("guide", ["industry_guidance_fund"], 30, "discouraged"),
            option("capped", ["industry_guidance_fund"], 10, "neutral"),
            option("none", [], 0, "neutral"),
        ],
    ),
    issue(
        "demand",
        "demand",
        [
            option("list", ["demand_list", "procurement"], 20, "recommended"),
            option("roadmap", ["roadmap_whitepaper"], 5, "neutral"),
        ],
    ),
    issue(
        "chain",
        "industrial_policy",
        [
            option("fair", ["chain_leader_selection"], 0, "recommended"),
            option("grant", ["ex_ante_subsidy"], 30, "neutral"),
            option("buy", ["procurement"], 0, "neutral"),
            option("consortium", ["innovation_consortium", "rd_super_deduction"], 10, "neutral"),
            option("firstunit", ["first_unit_subsidy"], 50, "discouraged"),
        ],
    ),
]
SC = scenario(ISSUES)

# A second scenario where every option is discouraged or far over budget, and the budget
# penalty lands on an issue's own element: the floor holds it at 1.
GRIM = scenario(
    [
        issue(
            "g1",
            "resources",
            [option("x", ["industry_guidance_fund"], 50, "discouraged"), option("y", [], 90, "discouraged")],
        ),
        issue(
            "g2",
            "institutions",
            [
                option("a", ["fair_access"], 0, "neutral"),
                option("b", ["sandbox_negative_list"], 0, "discouraged"),
            ],
        ),
    ],
    budget=10.0,
)


def S(fund=None, demand=None, chain=None) -> dict[str, str]:
    d = {"fund": fund, "demand": demand, "chain": chain}
    return {k: v for k, v in d.items() if v is not None}


def vec(sc, settles) -> list[int]:
    got = rules.element_scores(sc, RUBRIC, settles)
    return [got[e][0] for e in ELEMENTS]


# ------------------------------------------------------------------ element scores


@pytest.mark.parametrize(
    "settles, expected",
    [
        # demand, resources, industrial_policy, patient_capital, institutions, security
        pytest.param(S("angel", "list", "fair"), [3, 1, 3, 3, 0, 0], id="all-recommended-at-budget"),
        pytest.param(S("guide", "roadmap", "grant"), [2, 0, 2, 1, 0, 0], id="discouraged-fund-5pct-over"),
        pytest.param(S("guide", "list", "fair"), [3, 1, 3, 1, 0, 0], id="conflict-floored-at-1"),
        pytest.param(S("capped", "list", "fair"), [3, 1, 3, 2, 0, 0], id="neutral-guidance-no-conflict"),
        pytest.param(S("none", "list", "buy"), [4, 1, 2, 2, 0, 0], id="duplicate-procurement-credits-once"),
        pytest.param(S("none", "list", "consortium"), [3, 2, 2, 2, 0, 0], id="two-instruments-one-credit"),
        pytest.param(S("none", "roadmap", "consortium"), [2, 1, 2, 2, 0, 0], id="consortium-spill"),
        pytest.param(S("guide", "roadmap", "firstunit"), [2, 0, 1, 1, 0, 0], id="all-discouraged-far-over"),
        pytest.param(S("angel", "list", "consortium"), [3, 1, 2, 3, 0, 0], id="17pct-over-eats-one-spill"),
        pytest.param(S("angel", "list", "grant"), [3, 0, 2, 3, 0, 0], id="50pct-over-eats-two"),
        pytest.param(S("angel", "list"), [0] * 6, id="one-issue-open"),
        pytest.param({}, [0] * 6, id="everything-open"),
        pytest.param(None, [0] * 6, id="no-deal"),
    ],
)
def test_element_scores(settles, expected):
    assert vec(SC, settles) == expected


def test_credits_of_the_recommended_package():
    got = {
        e: [(c.kind, c.points, c.issue, c.option, c.instrument) for c in p]
        for e, (_, p) in rules.element_scores(SC, RUBRIC, S("angel", "list", "fair")).items()
    }
    assert got == {
        "demand": [("decide", 2, "demand", "list", None), ("verdict", 1, "demand", "list", None)],
        "resources": [("instrument", 1, "demand", "list", "procurement")],
        "industrial_policy": [("decide", 2, "chain", "fair", None), ("verdict", 1, "chain", "fair", None)],
        "patient_capital": [("decide", 2, "fund", "angel", None), ("verdict", 1, "fund", "angel", None)],
        "institutions": [],
        "security": [],
    }


def test_conflict_credit_names_the_clash():
    parts = rules.element_scores(SC, RUBRIC, S("guide", "list", "fair"))["patient_capital"][1]
    conflict = [c for c in parts if c.kind == "conflict"]
    assert [(c.points, c.instrument, c.contradiction, c.eased_by) for c in conflict] == [
        (-1, "industry_guidance_fund", "c2_policy_symbiosis", "chain_leader_selection")
    ]


@pytest.mark.parametrize(
    "verdict, expected",
    [
        pytest.param("recommended", 3, id="rec"),
        pytest.param("neutral", 2, id="neutral"),
        pytest.param("discouraged", 1, id="disc"),
    ],
)
def test_verdict_points_on_the_issue_element(verdict, expected):
    sc = scenario([issue("i", "institutions", [option("a", [], 0, verdict), option("b", [], 0, "neutral")])])
    assert rules.element_scores(sc, RUBRIC, {"i": "a"})["institutions"][0] == expected


def test_two_issues_on_one_element_are_capped_at_4():
    sc = scenario(
        [
            issue(f"i{n}", "institutions", [option("a", [], 0, "recommended"), option("b", [], 0, "neutral")])
            for n in (1, 2)
        ]
    )
    s, parts = rules.element_scores(sc, RUBRIC, {"i1": "a", "i2": "a"})["institutions"]
    assert (s, sum(c.points for c in parts)) == (4, 6)
    assert render(parts, s, sc, RUBRIC, "en").endswith(
        "the article recommends it (+1); capped at 4; score 4."
    )
    assert render(parts, s, sc, RUBRIC, "zh-Hant").endswith("文章主張此選項（+1）；上限4分；得4分。")
    assert rules.element_scores(sc, RUBRIC, {"i1": "b", "i2": "b"})["institutions"][0] == 4
    assert rules.element_scores(sc, RUBRIC, {"i1": "a", "i2": "b"})["institutions"][0] == 4


def test_discouraged_options_credit_no_other_element():
    sc = scenario(
        [
            issue(
                "i",
                "security",
                [
                    option("a", ["military_civil"], 0, "discouraged"),
                    option("b", ["military_civil"], 0, "neutral"),
                ],
            )
        ]
    )
    assert vec(sc, {"i": "a"}) == [0, 0, 0, 0, 0, 1]
    assert vec(sc, {"i": "b"}) == [0, 1, 0, 1, 0, 2]


def test_an_instrument_credits_an_element_once_in_the_package():
    sc = scenario(
        [
            issue(
                "i1",
                "industrial_policy",
                [
                    option("a", ["innovation_consortium", "rd_super_deduction"], 0, "neutral"),
                    option("b", [], 0, "neutral"),
                ],
            ),
            issue(
                "i2",
                "institutions",
                [option("a", ["rd_super_deduction"], 0, "neutral"), option("b", [], 0, "neutral")],
            ),
        ]
    )
    # i1 credits resources once (both instruments); i2's rd_super_deduction may not again,
    # but credits industrial_policy, which i1 took as its own element
    assert vec(sc, {"i1": "a", "i2": "a"}) == [0, 1, 3, 0, 2, 0]


def test_a_conflicting_instrument_costs_each_element_once():
    sc = scenario(
        [
            issue(
                "h1",
                "security",
                [option("g", ["industry_guidance_fund"], 0, "discouraged"), option("n", [], 0, "neutral")],
            ),
            issue(
                "h2",
                "resources",
                [option("g", ["industry_guidance_fund"], 0, "discouraged"), option("n", [], 0, "neutral")],
            ),
            issue(
                "h3",
                "institutions",
                [option("f", ["fair_access"], 0, "neutral"), option("n", [], 0, "neutral")],
            ),
            issue(
                "h4",
                "patient_capital",
                [option("a", ["public_angel"], 0, "recommended"), option("n", [], 0, "neutral")],
            ),
        ]
    )
    assert vec(sc, {"h1": "g", "h2": "g", "h3": "f", "h4": "a"}) == [0, 1, 1, 2, 2, 1]
    assert vec(sc, {"h1": "g", "h2": "g", "h3": "f", "h4": "n"}) == [0, 1, 1, 1, 2, 1]
    assert vec(sc, {"h1": "g", "h2": "g", "h3": "n", "h4": "n"}) == [0, 1, 0, 2, 2, 1]


def test_unknown_ids_are_ignored():
    assert rules.clean(SC, {"fund": "zzz", "nope": "x", "demand": "list"}) == {"demand": "list"}
    assert vec(SC, {"fund": "zzz", "demand": "list", "chain": "fair"}) == [0] * 6


@pytest.mark.parametrize(
    "over, points",
    [
        pytest.param(0.0, 0, id="within"),
        pytest.param(0.0001, -1, id="just-over"),
        pytest.param(0.25, -1, id="exactly-25pct"),
        pytest.param(0.2501, -2, id="beyond-25pct"),
        pytest.param(3.0, -2, id="far-over"),
    ],
)
def test_budget_points(over, points):
    assert rules.budget_points(over) == points


@pytest.mark.parametrize(
    "budget, resources",
    [
        pytest.param(70.0, 2, id="under"),
        pytest.param(60.0, 2, id="at-budget"),
        pytest.param(48.0, 1, id="25pct-over"),
        pytest.param(47.9, 0, id="over-25pct"),
        pytest.param(None, 2, id="no-budget-line"),
    ],
)
def test_budget_on_resources(budget, resources):
    sc = SC.model_copy(update={"budget": budget})
    settles = S("capped", "list", "grant")  # 10 + 20 + 30 = 60
    assert rules.element_scores(sc, RUBRIC, settles)["resources"][0] == resources


@pytest.mark.parametrize(
    "raw, floor, expected",
    [
        pytest.param(-3, 0, 0, id="negative"),
        pytest.param(-3, 1, 1, id="negative-floored"),
        pytest.param(2, 1, 2, id="inside"),
        pytest.param(4, 0, 4, id="at-max"),
        pytest.param(7, 1, 4, id="over-max"),
    ],
)
def test_clip(raw, floor, expected):
    assert rules.clip(raw, floor) == expected


def test_floor_only_on_issue_elements_of_full_settlements():
    assert rules.floors(SC, S("angel", "list", "fair")) == {"patient_capital", "demand", "industrial_policy"}
    assert rules.floors(SC, S("angel", "list")) == set()
    assert rules.floors(SC, None) == set()


# ------------------------------------------------------------------ the question left open


def all_settlements(sc: Scenario):
    choices = [[None, *(o.id for o in i.options)] for i in sc.issues]
    for combo in itertools.product(*choices):
        yield {i.id: o for i, o in zip(sc.issues, combo, strict=True) if o is not None}


@pytest.mark.parametrize("sc", [pytest.param(SC, id="T"), pytest.param(GRIM, id="grim")])
def test_open_outcomes_score_below_every_full_settlement(sc):
    full, opened = [], [rules.total(sc, RUBRIC, None)]
    for s in all_settlements(sc):
        (full if len(s) == len(sc.issues) else opened).append(rules.total(sc, RUBRIC, s))
    assert len(full) == (4 * 2 * 5 if sc is SC else 4)
    assert max(opened) < min(full)
    assert (max(opened), min(full)) == (0, 4 if sc is SC else 2)


@pytest.mark.parametrize(
    "settles, expected",
    [
        # demand, resources, industrial_policy, patient_capital, institutions, security
        pytest.param({"g1": "x", "g2": "a"}, [0, 1, 1, 0, 2, 0], id="floored-resources-and-conflict"),
        pytest.param({"g1": "y", "g2": "b"}, [0, 1, 0, 0, 1, 0], id="floor-only"),
    ],
)
def test_grim_scores(settles, expected):
    assert vec(GRIM, settles) == expected


def test_totals_spread_with_outcomes():
    best = rules.total(SC, RUBRIC, S("angel", "list", "fair"))
    worst = rules.total(SC, RUBRIC, S("guide", "roadmap", "firstunit"))
    assert (best, worst) == (10, 4)
    totals = sorted(rules.total(SC, RUBRIC, s) for s in all_settlements(SC) if len(s) == 3)
    assert totals[-1] - totals[0] >= 6


# ------------------------------------------------------------------ contradictions and paths


@pytest.mark.parametrize(
    "settles, expected",
    [
        pytest.param(
            S("guide", "list", "fair"),
            {
                "c1_demand_signal": ("eases", ["demand_list", "procurement"]),
                "c2_policy_symbiosis": ("mixed", ["chain_leader_selection", "industry_guidance_fund"]),
                "c3_chain_division": ("eases", ["demand_list", "chain_leader_selection"]),
                "c4_rd_burden": ("eases", ["procurement"]),
                "c5_patient_capital_lag": ("worsens", ["industry_guidance_fund"]),
            },
            id="discouraged-guide-worsens",
        ),
        pytest.param(
            S("capped", "roadmap", "grant"),
            {
                "c1_demand_signal": ("eases", ["roadmap_whitepaper"]),
                "c2_policy_symbiosis": ("untouched", []),
                "c3_chain_division": ("untouched", []),
                "c4_rd_burden": ("eases", ["ex_ante_subsidy"]),
                "c5_patient_capital_lag": ("untouched", []),
            },
            id="neutral-guidance-worsens-nothing",
        ),
        pytest.param(
            S("guide", "roadmap", "firstunit"),
            {
                "c1_demand_signal": ("eases", ["roadmap_whitepaper"]),
                "c2_policy_symbiosis": ("worsens", ["industry_guidance_fund"]),
                "c3_chain_division": ("untouched", []),
                "c4_rd_burden": ("untouched", []),
                "c5_patient_capital_lag": ("worsens", ["industry_guidance_fund"]),
            },
            id="discouraged-first-unit-eases-nothing",
        ),
        pytest.param(
            None,
            {
                c: ("untouched", [])
                for c in (
                    "c1_demand_signal",
                    "c2_policy_symbiosis",
                    "c3_chain_division",
                    "c4_rd_burden",
                    "c5_patient_capital_lag",
                )
            },
            id="no-deal",
        ),
    ],
)
def test_contradiction_effects(settles, expected):
    got = {c.contradiction: (c.effect, c.via) for c in rules.contradiction_effects(SC, RUBRIC, settles)}
    assert got == expected


def test_paths_followed():
    got = [
        (p.path, p.instruments) for p in rules.paths_followed(SC, RUBRIC, S("angel", "list", "consortium"))
    ]
    assert got == [
        ("p1_demand_mechanism", ["demand_list", "procurement"]),
        ("p2_market_government", ["procurement"]),
        ("p3_resource_coordination", ["innovation_consortium", "rd_super_deduction"]),
        ("p4_patient_capital", ["public_angel", "rd_super_deduction"]),
    ]
    assert rules.paths_followed(SC, RUBRIC, S("guide")) == []


def test_the_rubric_never_lets_a_recommended_instrument_worsen():
    for ins in RUBRIC.instruments:
        assert not set(ins.eases) & set(ins.worsens), ins.id
        if ins.paths:  # on one of the article's strategy paths: recommended by it
            assert ins.worsens == [], ins.id
    assert RUBRIC.instrument("chain_leader_selection").worsens == []
    assert "c2_policy_symbiosis" in RUBRIC.instrument("chain_leader_selection").eases
    assert RUBRIC.instrument("ex_ante_subsidy").worsens == []
    assert RUBRIC.instrument("industry_guidance_fund").worsens == [
        "c5_patient_capital_lag",
        "c2_policy_symbiosis",
    ]


# ------------------------------------------------------------------ the whole scorecard


def persona(pid: str, stances: dict[str, int] | None = None) -> Persona:
    t = T("x")
    return Persona(
        id=pid,
        name=T(f"人{pid}", f"P {pid}"),
        short=t,
        role=t,
        goals=[t],
        weights={e: 0.5 for e in ELEMENTS},
        stances={k: InstrumentStance(score=v, reason=t) for k, v in (stances or {}).items()},
        style=Style(tone=t, signature_terms=[t], openers=[t, t, t], closers=[t, t, t]),
    )


PERSONAS = [persona("a", {"public_angel": 2}), persona("b", {"industry_guidance_fund": 2}), persona("c")]

CLAIMS = [
    Claim(
        id="angel_early",
        text=T("公益天使投資要投早投小。", "Public angel money should invest early and small."),
        section="§",
        quote="投早、投小",
        favours=[Target(instrument="public_angel")],
    ),
    Claim(
        id="angel_more",
        text=T("天使基金規模要更大。", "The angel fund should be bigger."),
        section="§",
        quote="q",
        favours=[Target(instrument="public_angel", direction="more")],
    ),
    Claim(
        id="no_guide",
        text=T("引導基金不該進二級市場。", "Guidance funds must stay out of secondary markets."),
        section="§",
        quote="q",
        favours=[Target(instrument="industry_guidance_fund", direction="exclude")],
    ),
    Claim(
        id="no_angel",
        text=T("天使投資不該由國家做。", "The state should not be an angel investor."),
        section="§",
        quote="q",
        favours=[Target(instrument="public_angel", direction="exclude")],
    ),
    Claim(
        id="angel_fast",
        text=T("天使投資要快。", "Angel money must be fast."),
        section="§",
        quote="q",
        favours=[Target(instrument="public_angel")],
    ),
    Claim(
        id="demand_signal",
        text=T("需求清單給出國家需求信號。", "Demand lists send the national demand signal."),
        section="§",
        quote="q",
        favours=[Target(instrument="demand_list")],
    ),
    Claim(
        id="buy_it",
        text=T("政府採購讓初創有訂單。", "Procurement gives start-ups orders."),
        section="§",
        quote="q",
        favours=[Target(instrument="procurement")],
    ),
    Claim(
        id="angel_late",
        text=T("天使投資寬容失敗。", "Angel money tolerates failure."),
        section="§",
        quote="q",
        favours=[Target(instrument="public_angel")],
    ),
]
RUB = RUBRIC.model_copy(update={"claims": CLAIMS})

PKG = Proposal(
    id="P1",
    author="a",
    title="t",
    settles=S("angel", "list", "fair"),
    items=items_for(SC, RUBRIC, S("angel", "list", "fair")),
)
PKG2 = Proposal(
    id="P2",
    author="b",
    title="u",
    settles=S("guide", "roadmap", "grant"),
    items=items_for(SC, RUBRIC, S("guide", "roadmap", "grant")),
)
PKG3 = Proposal(
    id="P3",
    author="c",
    title="v",
    settles=S("angel", "list"),
    items=items_for(SC, RUBRIC, S("angel", "list")),
)


def setup(lang="zh", sc=SC) -> DebateSetup:
    return DebateSetup(scenario=sc, personas=PERSONAS, rubric=RUB, seed=0, lang=lang)


def say(
    n: int, who: str, claims: list[str], lang: str, extra: str = "回到「國家戰略資源」的支持邏輯,方向不會錯。"
) -> Turn:
    texts = [next(c for c in CLAIMS if c.id == cid).text.in_(lang) for cid in claims]
    return Turn(
        id=f"t{n}",
        round=1,
        phase="negotiation",
        persona=who,
        move=Move(speech=extra + "".join(texts), claims=claims),
    )


def history(lang: str) -> list[Turn]:
    return [
        say(1, "a", ["angel_early", "no_guide"], lang),
        say(2, "a", ["angel_more"], lang),
        say(3, "b", ["no_angel", "demand_signal", "angel_early"], lang),
        say(4, "c", ["angel_late", "buy_it"], lang),
        Turn(
            id="t5",
            round=1,
            phase="negotiation",
            persona="c",
            move=Move(speech="沒說出來", claims=["angel_fast", "angel_more", "ghost"]),
        ),
    ]


def vote(pos: dict[str, dict[str, str]]) -> dict[str, dict[str, Stance]]:
    return {v: {p: Stance(proposal=p, position=x, reason="r") for p, x in d.items()} for v, d in pos.items()}


def test_final_card_of_an_adopted_package():
    table = Table(proposals=[PKG, PKG2])
    votes = vote(
        {
            "a": {"P1": "support", "P2": "oppose"},
            "b": {"P1": "support", "P2": "support"},
            "c": {"P1": "oppose", "P2": "support"},
        }
    )
    card = score(setup(), history("zh"), table, votes, 0, final=True)
    assert (card.package.id, card.adopted, card.deal, card.tie_break) == ("P1", True, True, True)
    assert [e.score for e in card.elements] == [3, 1, 3, 3, 0, 0] and card.total() == 10
    assert (card.consensus, card.support_share) == ("majority", 0.67)
    assert [(o.issue, o.option, o.verdict, o.cost) for o in card.outcomes] == [
        ("fund", "angel", "recommended", 40),
        ("demand", "list", "recommended", 20),
        ("chain", "fair", "recommended", 0),
    ]
    assert (card.open_issues, card.cost, card.budget, card.over_budget, card.settled()) == (
        [],
        60,
        60,
        0,
        True,
    )
    assert [(s.proposal, s.supporters, s.passes) for s in card.standings] == [
        ("P1", ["a", "b"], True),
        ("P2", ["b", "c"], True),
    ]
    settles = S("angel", "list", "fair")
    assert card.satisfaction == {p.id: satisfaction(p, SC, RUB, settles) for p in PERSONAS}
    assert card.satisfaction["a"] == 1.0


def test_no_deal_scores_zero_and_names_it():
    table = Table(proposals=[PKG, PKG2])
    votes = vote(
        {
            "a": {"P1": "support", "P2": "oppose"},
            "b": {"P1": "oppose", "P2": "support"},
            "c": {"P1": "oppose", "P2": "oppose"},
        }
    )
    card = score(setup("en"), history("en"), table, votes, 0, final=True)
    assert (card.package, card.adopted, card.deal, card.tie_break) == (None, False, False, False)
    assert card.total() == 0 and card.consensus == "none" and card.support_share == 0
    assert card.open_issues == ["fund", "demand", "chain"] and [o.option for o in card.outcomes] == [None] * 3
    assert card.elements[0].rationale == "no package passed the vote (no deal), 0 on every element."
    assert all(e.evidence == [] for e in card.elements)
    assert card.satisfaction == {p.id: satisfaction(p, SC, RUB, {}) for p in PERSONAS}
    assert all(c.effect == "untouched" for c in card.contradictions) and card.paths == []


def test_two_thirds_rule_decides_the_same_votes_differently():
    sc = SC.model_copy(update={"pass_rule": "two_thirds"})
    votes = vote({"a": {"P1": "support"}, "b": {"P1": "support"}, "c": {"P1": "oppose"}})
    assert score(setup(sc=sc), [], Table(proposals=[PKG]), votes, 0, final=True).deal
    votes["b"]["P1"] = Stance(proposal="P1", position="oppose", reason="r")
    assert not score(setup(sc=sc), [], Table(proposals=[PKG]), votes, 0, final=True).deal


def test_mid_debate_scores_the_leading_package_unadopted():
    st = vote({"a": {"P1": "support"}, "b": {"P2": "support", "P1": "support"}, "c": {"P2": "support"}})
    card = score(setup(), [], Table(proposals=[PKG, PKG2], stances=st), {}, 2, final=False)
    assert (card.package.id, card.adopted, card.deal, card.round, card.tie_break) == (
        "P1",
        False,
        True,
        2,
        True,
    )
    # nothing passes: the best-ranked (most supporters, then fewest open issues) is scored
    st = vote({"a": {"P3": "support"}, "b": {"P1": "support"}})
    card = score(setup(), [], Table(proposals=[PKG3, PKG], stances=st), {}, 1, final=False)
    assert (card.package.id, card.deal, card.support_share, card.consensus) == ("P1", False, 0.33, "weak")
    assert card.total() == 10


def test_mid_debate_reads_the_latest_stances_not_votes():
    st = vote({"a": {"P1": "support"}, "b": {"P1": "support"}})
    votes = vote({v: {"P2": "support"} for v in "abc"})
    card = score(setup(), [], Table(proposals=[PKG, PKG2], stances=st), votes, 3, final=False)
    assert (card.package.id, card.adopted, card.deal) == ("P1", False, True)


def test_a_final_without_votes_scores_the_leader_unadopted():
    st = vote({"a": {"P1": "support"}, "b": {"P1": "support"}})
    card = score(setup(), [], Table(proposals=[PKG], stances=st), {}, 0, final=True)
    assert (card.package.id, card.adopted, card.deal) == ("P1", False, True)
    empty = score(setup(), [], Table(), {}, 0, final=True)
    assert (empty.package, empty.total(), empty.consensus, empty.standings) == (None, 0, "none", [])


def test_an_open_package_scores_zero_and_names_the_open_issue():
    votes = vote({v: {"P3": "support"} for v in "abc"})
    card = score(setup("en"), [], Table(proposals=[PKG3]), votes, 0, final=True)
    assert card.adopted and card.total() == 0 and card.open_issues == ["chain"] and not card.settled()
    assert (
        card.elements[3].rationale
        == "left open: issue chain; the question is not answered, 0 on every element."
    )


def test_a_package_tabled_as_instruments_only_is_read_as_a_settlement():
    bare = PKG.model_copy(update={"settles": {}})
    votes = vote({v: {"P1": "support"} for v in "abc"})
    card = score(setup(), [], Table(proposals=[bare]), votes, 0, final=True)
    assert card.total() == 10 and card.consensus == "unanimous"


@pytest.mark.parametrize(
    "share, label",
    [
        pytest.param(0, "none", id="0"),
        pytest.param(0.25, "weak", id="quarter"),
        pytest.param(0.5, "weak", id="half"),
        pytest.param(0.51, "majority", id="over-half"),
        pytest.param(0.74, "majority", id="under-3q"),
        pytest.param(0.75, "strong", id="3q"),
        pytest.param(0.99, "strong", id="almost"),
        pytest.param(1, "unanimous", id="all"),
    ],
)
def test_consensus_levels(share, label):
    assert consensus_level(share) == label


# ------------------------------------------------------------------ evidence and language


def test_evidence_quotes_only_claim_texts_found_in_speech():
    table = Table(proposals=[PKG])
    votes = vote({v: {"P1": "support"} for v in "abc"})
    for lang in ("zh", "en"):
        hist = history(lang)
        card = score(setup(lang), hist, table, votes, 0, final=True)
        by = {e.element: [(ev.turn, ev.claim) for ev in e.evidence] for e in card.elements}
        # distinct personas first (a, b, c), each claim once, turn order; exclude-claims never
        assert by["patient_capital"] == [("t1", "angel_early"), ("t2", "angel_more"), ("t4", "angel_late")]
        assert by["demand"] == [("t3", "demand_signal"), ("t4", "buy_it")]
        assert by["resources"] == [("t4", "buy_it")]
        assert by["industrial_policy"] == [] and by["security"] == []
        texts = {c.id: c.text.in_(lang) for c in CLAIMS}
        speech = {t.id: t.move.speech for t in hist}
        for e in card.elements:
            for ev in e.evidence:
                assert ev.quote == texts[ev.claim] and ev.quote in speech[ev.turn]
                assert "回到" not in ev.quote and "Back to" not in ev.quote


def test_evidence_order_and_limit():
    hist = history("zh")
    got = [(e.turn, e.claim) for e in evidence(hist, RUB, ["public_angel"], "zh")]
    assert got == [("t1", "angel_early"), ("t2", "angel_more"), ("t4", "angel_late")]
    assert evidence(hist, RUB, [], "zh") == []
    assert evidence(hist[-1:], RUB, ["public_angel"], "zh") == []  # claimed but not said
    assert [e.claim for e in evidence(hist, RUB, ["public_angel", "demand_list", "procurement"], "zh")] == [
        "angel_early",
        "demand_signal",
        "angel_late",
    ]


def test_same_card_in_zh_and_en():
    table = Table(proposals=[PKG, PKG2])
    votes = vote({"a": {"P1": "support"}, "b": {"P1": "support", "P2": "support"}, "c": {"P2": "support"}})
    cards = {lang: score(setup(lang), history(lang), table, votes, 0, final=True) for lang in ("zh", "en")}

    def neutral(card):
        d = card.model_dump()
        for e in d["elements"]:
            e.pop("rationale")
            for ev in e["evidence"]:
                ev.pop("quote")
        return d

    assert neutral(cards["zh"]) == neutral(cards["en"])
    for zh, en in zip(cards["zh"].elements, cards["en"].elements, strict=True):
        assert render(zh.parts, zh.score, SC, RUB, "en") == en.rationale
        assert render(en.parts, en.score, SC, RUB, "zh-Hant") == zh.rationale
        hans = render(en.parts, en.score, SC, RUB, "zh-Hans")
        assert hans != zh.rationale and not traditional_only(hans), hans


# ------------------------------------------------------------------ rationale words


def test_rationale_names_issues_options_and_instruments():
    s, parts = rules.element_scores(SC, RUBRIC, S("guide", "list", "fair"))["patient_capital"]
    assert render(parts, s, SC, RUBRIC, "en") == (
        "issue fund: settled as 'opt guide' (+2); the article argues against it (-1); "
        "Government industry guidance funds trading in secondary markets worsens "
        "'Market and profit logic neglected; government-business symbiosis', which "
        "Choosing chain-leader firms through fair competition eases (-1); every issue settled, so at least 1; score 1."
    )
    assert render(parts, s, SC, RUBRIC, "zh-Hant") == (
        "「議題fund」議定為「選guide」（+2）；文章反對此選項（-1）；"
        "政府產業引導基金（進入二級市場）加劇在公平競爭中挑選鏈主企業所緩解的「對市場與利潤規律尊重不夠，出現『政商伴生』」（-1）；"
        "各議題均已議定，本要素至少1分；得1分。"
    )


@pytest.mark.parametrize(
    "settles, element, en",
    [
        pytest.param(
            S("angel", "list", "consortium"),
            "resources",
            "Government procurement with two-way supply-demand contracts (in 'opt list') also serves this element (+1); Innovation consortia and alliances (in 'opt consortium') also serves this element (+1); cost 17% over budget, against 避免重複投資浪費 (-1); score 1.",
            id="budget",
        ),
        pytest.param(
            S("angel", "list", "fair"),
            "institutions",
            "no issue or instrument of the package realises this element; score 0.",
            id="nothing",
        ),
        pytest.param(
            S("none", "list", "buy"),
            "demand",
            "issue demand: settled as 'opt list' (+2); the article recommends it (+1); Government procurement with two-way supply-demand contracts (in 'opt buy') also serves this element (+1); score 4.",
            id="spill-to-demand",
        ),
        pytest.param(
            S("angel", "list", "grant"),
            "resources",
            "Government procurement with two-way supply-demand contracts (in 'opt list') also serves this element (+1); Ex-ante grants (in 'opt grant') also serves this element (+1); cost 50% over budget, against 避免重複投資浪費 (-2); score 0.",
            id="far-over",
        ),
        pytest.param(
            S("guide", "roadmap", "firstunit"),
            "resources",
            "cost 42% over budget, against 避免重複投資浪費 (-2); no lower than 0; score 0.",
            id="clipped-at-0",
        ),
        pytest.param(
            S("capped", "list", "fair"),
            "patient_capital",
            "issue fund: settled as 'opt capped' (+2); the article is neutral on it (+0); score 2.",
            id="neutral",
        ),
    ],
)
def test_rationale_phrases(settles, element, en):
    s, parts = rules.element_scores(SC, RUBRIC, settles)[element]
    assert render(parts, s, SC, RUBRIC, "en") == en


def test_an_option_that_eases_a_contradiction_by_what_it_leaves_out_is_named():
    """Guidance funds leaving secondary markets carries no instrument, yet it is the
    article's remedy for 守門員兼任裁判員: the bundled option says so (``eases``) and the
    scorecard names it under that contradiction; a discouraged option's ``eases`` count for
    nothing, and an unknown contradiction id is a clear error naming the field."""
    from roleplay.errors import FileFormatError
    from roleplay.formats.catalog import check_scenario, load_scenario

    pc = load_scenario("patient-capital")[0]
    settles = {"guidance_funds": "exit_secondary"}
    c5 = next(
        c
        for c in rules.contradiction_effects(pc, RUBRIC, settles)
        if c.contradiction == "c5_patient_capital_lag"
    )
    assert (c5.effect, c5.options, c5.via) == ("eases", ["guidance_funds:exit_secondary"], [])
    issue = pc.issue("guidance_funds")
    bad = [
        o.model_copy(update={"verdict": "discouraged"}) if o.id == "exit_secondary" else o
        for o in issue.options
    ]
    worse = pc.model_copy(update={"issues": [issue.model_copy(update={"options": bad})]})
    c5 = next(
        c
        for c in rules.contradiction_effects(worse, RUBRIC, settles)
        if c.contradiction == "c5_patient_capital_lag"
    )
    assert c5.effect == "untouched"
    typo = [
        o.model_copy(update={"eases": ["c5_patient_capital"]}) if o.id == "exit_secondary" else o
        for o in issue.options
    ]
    wrong = pc.model_copy(update={"issues": [issue.model_copy(update={"options": typo}), *pc.issues[1:]]})
    with pytest.raises(FileFormatError) as e:
        check_scenario(wrong, RUBRIC, list(wrong.personas), "scenarios/patient-capital.yaml")
    assert "eases.0" in str(e.value) and "c5_patient_capital_lag" in str(e.value)
