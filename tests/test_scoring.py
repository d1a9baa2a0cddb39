"""The deterministic scorer: evidence points at real turns; rules follow the rubric."""

from conftest import SCENARIOS, collect

from roleplay.debate.events import DebateEnded, RoundScored, TurnCompleted
from roleplay.debate.move import PackageItem, Proposal, Stance
from roleplay.debate.session import prepare
from roleplay.debate.table import Table
from roleplay.scoring.scorer import consensus_level, score


def test_evidence_quotes_real_turns():
    for sid in SCENARIOS:
        ev = collect(sid)
        speech = {e.turn.id: e.turn.move.speech for e in ev if isinstance(e, TurnCompleted) and e.turn.move}
        cards = [e.scorecard for e in ev if isinstance(e, RoundScored)] + [ev[-1].scorecard]
        n_evidence = 0
        for card in cards:
            assert len(card.elements) == 6
            for el in card.elements:
                assert 0 <= el.score <= 4
                for evd in el.evidence:
                    n_evidence += 1
                    assert evd.turn in speech, evd.turn
                    assert evd.quote in speech[evd.turn]
        assert n_evidence > 0


def test_final_scorecard_matches_the_vote():
    ev = collect(SCENARIOS[0])
    end = ev[-1]
    assert isinstance(end, DebateEnded)
    card = end.scorecard
    votes = [e.turn for e in ev if isinstance(e, TurnCompleted) and e.turn.phase == "vote"]
    voters = set(ev[0].scenario.voter_ids())
    yes = sum(
        1
        for t in votes
        if t.persona in voters
        and t.move
        and any(s.proposal == card.package.id and s.position == "support" for s in t.move.stances)
    )
    assert card.support_share == round(yes / len(voters), 2)
    assert card.adopted == (yes > len(voters) / 2)
    assert set(card.satisfaction) == {p.id for p in ev[0].personas}


def test_package_rules_on_a_built_table():
    setup, _ = prepare(SCENARIOS[0])
    pkg = Proposal(
        id="P1",
        author=setup.scenario.voter_ids()[0],
        title="t",
        items=[
            PackageItem(instrument="public_angel", value=None),
            PackageItem(instrument="industry_guidance_fund", value=None),
        ],
    )
    voters = setup.scenario.voter_ids()
    table = Table(proposals=[pkg])
    votes = {v: {"P1": Stance(proposal="P1", position="support", reason="r")} for v in voters}
    card = score(setup, [], table, votes, 0, final=True)
    assert card.adopted and card.consensus == "unanimous"
    pc = next(e for e in card.elements if e.element == "patient_capital")
    assert pc.score >= 2  # instruments realise it, adopted unanimously (no talk in this test)
    c5 = next(c for c in card.contradictions if c.contradiction == "c5_patient_capital_lag")
    assert c5.effect in ("mixed", "worsens", "eases") and "industry_guidance_fund" in c5.via
    sec = next(e for e in card.elements if e.element == "security")
    if not any("security" in setup.rubric.instrument(i).elements for i in pkg.instrument_ids()):
        assert sec.score == 0


def test_no_vote_no_adoption():
    setup, _ = prepare(SCENARIOS[0])
    card = score(setup, [], Table(), {}, 0, final=True)
    assert card.package is None and not card.adopted and card.consensus == "none" and card.total() == 0


def test_consensus_levels():
    assert [consensus_level(x) for x in (0, 0.25, 0.5, 0.51, 0.75, 1)] == [
        "none",
        "weak",
        "weak",
        "majority",
        "strong",
        "unanimous",
    ]
