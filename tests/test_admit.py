"""table.admit_move: settlements <-> items, stance settle/give ids, answers, claims, voters."""

from pathlib import Path

import pytest
from negotiation_fixture import tiny_setup

from roleplay.debate.move import Answer, Move, PackageItem, Proposal, Stance, Turn
from roleplay.debate.table import Table, admit_move


@pytest.fixture
def setup(tmp_path: Path):
    return tiny_setup(tmp_path)[0]


def admit(setup, move, who="ministry", phase="negotiation", table=None, history=()):
    return admit_move(move, who, phase, table or Table(), setup.scenario, setup.rubric, history)


def test_settles_give_items_and_unknown_ids_are_removed(setup):
    p = Proposal(title="t", settles={"angel": "yes", "demand": "nope", "ghost": "x", "access": "fair"})
    m, problems = admit(setup, Move(speech="s", proposal=p))
    assert m.proposal.settles == {"angel": "yes", "access": "fair"}
    assert m.proposal.instrument_ids() == ["public_angel", "fair_access"]
    assert m.proposal.id == "P1" and m.proposal.author == "ministry" and m.proposal.version == 1
    assert any("option 'nope' of issue 'demand'" in x for x in problems)
    assert any("issue 'ghost'" in x for x in problems)


def test_items_only_get_settles(setup):
    p = Proposal(
        title="t", items=[PackageItem(instrument="demand_list"), PackageItem(instrument="fair_access")]
    )
    m, problems = admit(setup, Move(speech="s", proposal=p))
    assert m.proposal.settles == {"demand": "list", "access": "fair"} and problems == []


def test_settles_replace_listed_items(setup):
    p = Proposal(title="t", settles={"demand": "buy"}, items=[PackageItem(instrument="public_angel")])
    m, problems = admit(setup, Move(speech="s", proposal=p))
    assert m.proposal.instrument_ids() == ["procurement"] and any("replaced" in x for x in problems)


def test_a_package_of_options_without_instruments_is_kept(setup):
    m, _ = admit(
        setup, Move(speech="s", proposal=Proposal(title="t", settles={"angel": "no", "access": "keep"}))
    )
    assert m.proposal.items == [] and m.proposal.settles == {"angel": "no", "access": "keep"}
    m, problems = admit(setup, Move(speech="s", proposal=Proposal(title="t", settles={"x": "y"})))
    assert m.proposal is None and any("removed" in x for x in problems)


def test_revision_keeps_id_and_bumps_version(setup):
    table = Table(proposals=[Proposal(id="P1", author="ministry", title="t", settles={"angel": "yes"})])
    m, _ = admit(
        setup, Move(speech="s", proposal=Proposal(id="P1", title="t", settles={"angel": "no"})), table=table
    )
    assert (m.proposal.id, m.proposal.version) == ("P1", 2)
    m, _ = admit(
        setup,
        Move(speech="s", proposal=Proposal(id="P1", title="t", settles={"angel": "no"})),
        "vc",
        table=table,
    )
    assert m.proposal.id == "P2"


def test_stance_settle_and_give_keep_only_scenario_ids(setup):
    table = Table(proposals=[Proposal(id="P1", author="vc", title="t", settles={"angel": "yes"})])
    s = Stance(
        proposal="P1",
        position="amend",
        reason="r",
        settle={"angel": "no", "zz": "a"},
        give={"demand": "bad", "access": "keep"},
    )
    m, problems = admit(setup, Move(speech="s", stances=[s]), table=table)
    assert m.stances[0].settle == {"angel": "no"} and m.stances[0].give == {"access": "keep"}
    assert len(problems) == 2


def _history():
    return [
        Turn(
            id="r1-t1-vc",
            round=1,
            phase="opening",
            persona="vc",
            move=Move(speech="x", claims=["angel_first"]),
        ),
        Turn(id="r1-t2-soe", round=1, phase="opening", persona="soe", move=None, status="failed"),
        Turn(
            id="r1-t3-ministry",
            round=1,
            phase="opening",
            persona="ministry",
            move=Move(speech="y", claims=["angel_first"]),
        ),
    ]


@pytest.mark.parametrize(
    "answer,kept",
    [
        (Answer(turn="r1-t1-vc", persona="vc", claim="angel_first", how="rebut"), True),
        (Answer(turn="r9-t9-vc", persona="vc", claim="angel_first", how="rebut"), False),  # no such turn
        (Answer(turn="r1-t3-ministry", persona="ministry", claim="angel_first", how="rebut"), False),  # own
        (Answer(turn="r1-t1-vc", persona="soe", claim="angel_first", how="rebut"), False),  # wrong persona
        (Answer(turn="r1-t1-vc", persona="vc", claim="angel_crowds_out", how="rebut"), False),  # not said
        (Answer(turn="r1-t2-soe", persona="soe", claim="angel_first", how="rebut"), False),  # failed turn
    ],
)
def test_answers_must_name_an_earlier_claim_of_another(setup, answer, kept):
    m, problems = admit(setup, Move(speech="s", answers=answer), history=_history())
    assert (m.answers == answer) is kept and (problems == []) is kept


def test_claims_must_be_in_the_library_and_other_fields_survive(setup):
    move = Move(
        speech="s",
        claims=["angel_crowds_out", "made_up", "angel_crowds_out"],
        acts=["rebut", "trade"],
        walkout=True,
    )
    m, problems = admit(setup, move)
    assert m.claims == ["angel_crowds_out"] and m.acts == ["rebut", "trade"] and m.walkout is True
    assert any("made_up" in x for x in problems)


def test_vote_stances_only_from_the_scenarios_voters(setup):
    table = Table(proposals=[Proposal(id="P1", author="vc", title="t", settles={"angel": "yes"})])
    s = Stance(proposal="P1", position="support", reason="r")
    m, problems = admit(setup, Move(speech="s", stances=[s]), "us_agency", "vote", table)
    assert m.stances == [] and any("does not vote" in x for x in problems)
    sc = setup.scenario.model_copy(update={"voters": None})  # a scenario where everyone votes
    m, _ = admit_move(Move(speech="s", stances=[s]), "us_agency", "vote", table, sc, setup.rubric)
    assert m.stances == [s]
