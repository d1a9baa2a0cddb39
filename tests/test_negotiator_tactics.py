"""Pinned tactics of the offline negotiator: aspiration over rounds, the vote margin and the
reservation value, seeded per debate."""

from __future__ import annotations

import pytest
from negotiation_fixtures import persona, rubric_with, scenario

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import Move, Proposal, Turn
from roleplay.formats.scenario import RoundSpec
from roleplay.offline import mood as mood_mod
from roleplay.offline.negotiator import VOTE_MARGIN, decide
from roleplay.offline.tactics import aspiration
from roleplay.scoring.utility import package_value, preferences


def request(p, phase: str, rn: int, history=(), table=(), seed: int = 1) -> TurnRequest:
    sc = scenario(
        agenda=[
            RoundSpec(phase="opening"),
            RoundSpec(phase="proposal"),
            RoundSpec(phase="negotiation"),
            RoundSpec(phase="negotiation"),
            RoundSpec(phase="vote"),
        ]
    )
    return TurnRequest(
        turn_id=f"r{rn}-t1-{p.id}",
        round=rn,
        round_spec=RoundSpec(phase=phase),
        total_rounds=5,
        persona=p,
        others=[persona("b", {}), persona("c", {})],
        scenario=sc,
        rubric=rubric_with([]),
        lang="en",
        seed=seed,
        turn_index=0,
        history=list(history),
        table=list(table),
    )


def neg_turn(rn: int) -> Turn:
    return Turn(id=f"r{rn}-t9-b", round=rn, phase="negotiation", persona="b", move=Move(speech="s"))


def test_aspiration_falls_from_one_to_the_seeded_reservation() -> None:
    p = persona("a", {"public_angel": 2}, reservation=0.4)
    r = mood_mod.mood(request(p, "proposal", 2)).reservation
    assert mood_mod.RESERVATION_DOWN == 0.1 and mood_mod.RESERVATION_UP == 0.15
    assert 0.4 - 0.1 <= r <= 0.4 + 0.15
    assert aspiration(request(p, "proposal", 2)) == 1.0
    first = aspiration(request(p, "negotiation", 3))
    last = aspiration(request(p, "negotiation", 4, history=[neg_turn(3)]))
    assert 1.0 > first > last == pytest.approx(r)
    assert aspiration(request(p, "vote", 5, history=[neg_turn(3), neg_turn(4)])) == pytest.approx(r)


def test_a_voter_backs_only_packages_near_its_best_and_above_its_reservation() -> None:
    p = persona("a", {"public_angel": 2, "industry_guidance_fund": -2}, reservation=0.0, budget_weight=0.0)
    table = [
        Proposal(id="P1", title="t", author="b", settles={"fund": "small", "guidance": "exit"}),
        Proposal(id="P2", title="t", author="b", settles={"fund": "small", "guidance": "keep"}),
        Proposal(id="P3", title="t", author="c", settles={"fund": "none", "guidance": "exit"}),
    ]
    req = request(p, "vote", 5, table=table)
    prefs = preferences(p, req.scenario, req.rubric, mood_mod.bias(req))
    values = {x.id: package_value(p, prefs, req.scenario, req.rubric, x.settles) for x in table}
    move = decide(req)
    yes = {s.proposal for s in move.stances if s.position == "support"}
    bar = max(mood_mod.mood(req).reservation, max(values.values()) - VOTE_MARGIN)
    assert yes == {pid for pid, v in values.items() if v >= bar}
    assert "P1" in yes and "P3" not in yes  # P3 gives up its heaviest issue: far below its best
    assert VOTE_MARGIN == 0.1


def test_us_export_control_claims_raise_the_security_weight_of_domestic_personas() -> None:
    from roleplay.debate.session import prepare
    from roleplay.offline.negotiator import PRESSURE, prefs_for

    setup, _ = prepare("chip-controls", seed=3)
    sc, rub = setup.scenario, setup.rubric
    pressing = next(
        c
        for c in rub.claims
        if "us_agency" in c.voices
        and any(t.instrument == "export_controls" and t.direction == "include" for t in c.favours)
    )
    ministry = setup.persona("ministry")

    def req(history: list[Turn]) -> TurnRequest:
        return TurnRequest(
            turn_id="r3-t9-ministry",
            round=3,
            round_spec=RoundSpec(phase="negotiation"),
            total_rounds=6,
            persona=ministry,
            others=[p for p in setup.personas if p.id != "ministry"],
            scenario=sc,
            rubric=rub,
            lang="en",
            seed=3,
            turn_index=8,
            history=history,
        )

    us_turn = Turn(
        id="r1-t4-us_agency",
        round=1,
        phase="opening",
        persona="us_agency",
        move=Move(speech="s", claims=[pressing.id]),
    )
    calm, pressed = prefs_for(req([])), prefs_for(req([us_turn]))
    security = [i.id for i in sc.issues if i.element == "security"]
    assert security and all(pressed.weights[i] > calm.weights[i] for i in security)
    assert PRESSURE == 0.3


@pytest.mark.parametrize(
    ("n", "light_from"),
    [(2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (11, 6)],
)
def test_a_persona_concedes_only_on_the_lighter_half_of_its_issues(n: int, light_from: int) -> None:
    from roleplay.offline.negotiator import is_light

    ranked = [f"i{k}" for k in range(n)]
    assert [is_light(ranked, i) for i in ranked] == [k >= light_from for k in range(n)]


def test_a_persona_argues_with_one_of_its_eight_strongest_unused_claims() -> None:
    import random

    from negotiation_fixtures import claim

    from roleplay.offline.arguments import arguments_for
    from roleplay.offline.negotiator import _argue
    from roleplay.offline.speech import Plan

    p = persona("a", {"public_angel": 2})
    claims = [claim(f"c{k:02d}", [("public_angel", "include")], strength=2) for k in range(12)]
    req = request(p, "negotiation", 3).model_copy(update={"rubric": rubric_with(claims)})
    prefs = preferences(p, req.scenario, req.rubric, mood_mod.bias(req))
    pool = arguments_for(p, prefs, req.scenario, req.rubric, req.scenario.issue("fund"), set())
    assert len(pool) == 12
    picked = set()
    for s in range(400):
        plan = Plan(req, set(), prefs.ranked_issues())
        c = _argue(req, prefs, plan, random.Random(s), "fund")
        assert c is not None
        picked.add(c.id)
    assert picked == {c.id for c in pool[:8]}


def test_an_answer_is_one_of_the_three_best_counter_claims() -> None:
    import random

    from negotiation_fixtures import claim

    from roleplay.debate.move import Move, Turn
    from roleplay.offline.arguments import challenges, rebuttal

    p = persona("a", {"public_angel": 2})
    attack = claim("att", [("public_angel", "exclude")], strength=3)
    direct = [claim(f"d{k}", [("public_angel", "include")], rebuts=["att"], strength=1) for k in range(2)]
    others = [claim(f"o{k}", [("public_angel", "include")], strength=3 - k % 2) for k in range(4)]
    req = request(p, "negotiation", 3).model_copy(update={"rubric": rubric_with([attack, *direct, *others])})
    prefs = preferences(p, req.scenario, req.rubric, mood_mod.bias(req))
    said = Turn(
        id="r2-t1-b", round=2, phase="negotiation", persona="b", move=Move(speech="s", claims=["att"])
    )
    found = challenges(p, prefs, req.scenario, req.rubric, [said])
    assert found and found[0].claim.id == "att"
    picks = {
        rebuttal(p, prefs, req.scenario, req.rubric, found[0], set(), random.Random(s)).id for s in range(300)
    }
    # direct rebuttals first, then the strongest other claim (o0, strength 3, before o2 by id)
    assert picks == {"d0", "d1", "o0"}


def test_a_mood_shifts_stances_by_at_most_the_bias_and_uses_its_whole_range() -> None:
    p = persona("a", {"public_angel": 2})
    biases = [b for s in range(1, 40) for b in mood_mod.mood(request(p, "opening", 1, seed=s)).bias.values()]
    assert mood_mod.BIAS == 0.6
    assert max(abs(b) for b in biases) <= 0.6
    assert max(abs(b) for b in biases) > 0.58


def test_a_concession_accepts_the_challengers_own_option_not_the_extreme_its_claim_leans_to() -> None:
    """Conceding to b's claim for a public angel fund accepts the fund b's own package asks
    for ("big"), not the first option the claim favours ("small"; the review: "concedes 90% to
    the SOE, whose P1 asked for 50%"); with no package of b's, the claim's favoured option."""
    import random

    from negotiation_fixtures import claim

    from roleplay.offline.negotiator import _answer, is_light
    from roleplay.offline.speech import Plan

    a = persona("a", {"public_angel": -1, "industry_guidance_fund": -2})
    push = claim("push", [("public_angel", "include")])
    said = Turn(
        id="r2-t1-b", round=2, phase="negotiation", persona="b", move=Move(speech="s", claims=["push"])
    )
    theirs = Proposal(id="P1", title="b plan", author="b", settles={"fund": "big", "guidance": "exit"})

    def conceded(table: list[Proposal]) -> str:
        req = request(a, "negotiation", 3, history=[said], table=table).model_copy(
            update={"rubric": rubric_with([push])}
        )
        prefs = preferences(a, req.scenario, req.rubric, mood_mod.bias(req))
        assert prefs.best("fund") == "none" and is_light(prefs.ranked_issues(), "fund")
        plan = Plan(req, set(), prefs.ranked_issues(), prefs=prefs)
        _answer(req, prefs, plan, random.Random(1), 0.5)
        return plan.conceded["fund"]

    assert conceded([theirs]) == "big"
    assert conceded([]) == "small"  # a dislikes public angel money: the smaller fund


def test_a_first_package_trimmed_to_the_budget_says_where_it_gave_up_its_first_choice() -> None:
    """A party that wants the big fund (cost 300 against a budget of 200) tables the small one
    and says the budget is why, naming the issue; one whose ideal fits says nothing of it."""
    a = persona("a", {"public_angel": 2, "industry_guidance_fund": -2}, preferred={"public_angel": 1500})
    opening = Turn(id="r1-t1-a", round=1, phase="opening", persona="a", move=Move(speech="s"))
    move = decide(request(a, "proposal", 2, history=[opening]))
    assert move.proposal is not None and move.proposal.settles["fund"] == "small"
    assert "within the budget" in move.speech or "budget is tight" in move.speech
    assert "“fund”" in move.speech
    b = persona("b", {"public_angel": -2, "industry_guidance_fund": -2})
    fits = decide(request(b, "proposal", 2, history=[opening]))
    assert fits.proposal is not None and "budget" not in fits.speech


def test_a_package_tabled_in_a_sealed_round_is_not_named_by_a_guessed_id() -> None:
    """In a sealed (simultaneous) round ids are given in read-out order, which no speaker
    knows: the speech says "our package" and never the P-number it would guess from the
    round-start table; in a fixed-order round it names its id."""
    a = persona("a", {"public_angel": 2, "industry_guidance_fund": -2})
    opening = Turn(id="r1-t1-a", round=1, phase="opening", persona="a", move=Move(speech="s"))
    sealed = decide(
        request(a, "proposal", 2, history=[opening]).model_copy(update={"policy": "simultaneous"})
    )
    assert sealed.proposal is not None
    assert "P1" not in sealed.speech and "ur package" in sealed.speech
    fixed = decide(request(a, "proposal", 2, history=[opening]))
    assert "P1" in fixed.speech
