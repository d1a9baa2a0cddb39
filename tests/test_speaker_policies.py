"""Speaker policies (issue #9 point 7): fixed, challenged (most challenged persona answers
next), simultaneous (sealed: round-start table, concurrent calls, fixed emit order)."""

import asyncio
import time
from pathlib import Path

import pytest
from negotiation_fixture import SEATS, Scripted, run, tiny_setup

from roleplay.debate.control import DebateControl
from roleplay.debate.events import RoundStarted, TurnCompleted, TurnStarted
from roleplay.debate.move import Answer, Move, Proposal, Stance, Turn
from roleplay.debate.table import Table
from roleplay.debate.turns import challenges, next_challenged, round_policy
from roleplay.formats.scenario import RoundSpec


def T(n, who, **move):
    return Turn(id=f"t{n}", round=1, phase="negotiation", persona=who, move=Move(speech="s", **move))


TABLE = Table(
    proposals=[
        Proposal(id="P1", author="a", title="x", settles={"angel": "yes"}),
        Proposal(id="P2", author="b", title="y", settles={"angel": "no"}),
    ]
)


def S(pid, pos):
    return Stance(proposal=pid, position=pos, reason="r")


@pytest.fixture
def rubric(tmp_path: Path):
    return tiny_setup(tmp_path)[0].rubric


def test_each_kind_of_challenge_counts_once_per_turn(rubric):
    h = [
        T(0, "a", claims=["angel_first"]),
        T(1, "b", stances=[S("P1", "oppose")]),  # (b) oppose a's proposal
        T(2, "c", stances=[S("P1", "amend")]),  # (b) amend counts too
        T(3, "d", stances=[S("P1", "support")]),  # support does not
        T(4, "c", answers=Answer(turn="t0", persona="a", claim="angel_first", how="rebut")),  # (a)
        T(5, "d", answers=Answer(turn="t0", persona="a", claim="angel_first", how="trade")),  # (a)
        T(6, "b", answers=Answer(turn="t0", persona="a", claim="angel_first", how="concede")),  # no
        T(7, "d", answers=Answer(turn="t0", persona="a", claim="angel_first", how="hold")),  # no
        T(8, "c", claims=["angel_crowds_out"]),  # (c) rebuts a's claim
        T(9, "d", claims=["angel_first"]),  # a claim that rebuts nothing of a's
        T(10, "b", stances=[S("P2", "oppose")]),  # b's own proposal: not a's
        T(11, "c", stances=[S("P1", "oppose")], claims=["angel_crowds_out"]),  # two reasons, one turn
        T(12, "a"),  # a's own turns never count
    ]
    assert challenges("a", h[:12], TABLE, rubric) == 6
    assert challenges("a", h, TABLE, rubric) == 0  # answered: only turns after its last count
    assert challenges("b", h[:12], TABLE, rubric) == 0  # b opposes its own P2: not a challenge
    assert challenges("e", h, TABLE, rubric) == 0
    h2 = [*h, T(13, "c", stances=[S("P2", "oppose")]), T(14, "a", stances=[S("P2", "amend")])]
    assert challenges("b", h2, TABLE, rubric) == 2  # since b's last turn (t10)


def test_next_challenged_most_challenged_first_ties_by_order(rubric):
    h = [T(0, "a"), T(1, "c", stances=[S("P2", "oppose")]), T(2, "a", stances=[S("P2", "oppose")])]
    order = ["a", "b", "c", "d"]
    assert next_challenged(order, [], h, TABLE, rubric, "a", False) == "b"
    assert next_challenged(order, ["b"], h, TABLE, rubric, "b", False) == "a"  # ties: fixed order
    assert next_challenged(order, ["b"], h, TABLE, rubric, "a", False) == "c"  # no double turn
    assert next_challenged(order, ["b"], h, TABLE, rubric, "a", True) == "a"
    assert next_challenged(order, ["b", "c", "d"], h, TABLE, rubric, "a", False) == "a"  # only one left
    h3 = [T(0, "d", stances=[S("P1", "oppose")])]  # the very first turn challenges a
    assert next_challenged(order, [], h3, TABLE, rubric, None, False) == "a"
    assert next_challenged(["d", "c", "b", "a"], [], h3, TABLE, rubric, None, False) == "a"
    assert challenges("a", h3, TABLE, rubric) == 1
    assert next_challenged(["d", "c", "b", "a"], [], [], TABLE, rubric, None, False) == "d"
    with pytest.raises(ValueError):
        next_challenged(order, order, h, TABLE, rubric, None, False)


def test_round_policy_round_overrides_scenario(tmp_path: Path):
    sc = tiny_setup(tmp_path, speaker_policy="challenged")[0].scenario
    assert round_policy(RoundSpec(phase="vote"), sc) == "challenged"
    assert round_policy(RoundSpec(phase="vote", policy="simultaneous"), sc) == "simultaneous"
    assert round_policy(RoundSpec(phase="vote", policy="fixed"), sc) == "fixed"


def _challenged_run(tmp_path):
    agenda = [{"phase": "proposal"}, {"phase": "negotiation", "policy": "challenged"}]
    setup, b = tiny_setup(tmp_path, agenda=agenda)
    b["ministry"] = Scripted([Move(speech="p", proposal=Proposal(title="A", settles={"angel": "yes"}))])
    b["startup"] = Scripted([Move(speech="p", proposal=Proposal(title="B", settles={"angel": "no"}))])
    b["soe"] = Scripted([Move(speech="x", stances=[S("P2", "oppose")])])
    b["vc"] = Scripted([Move(speech="x", stances=[S("P2", "amend"), S("P1", "oppose")])])
    # us_agency closes round 1 and must not open round 2
    b["us_agency"] = Scripted([Move(speech="x", stances=[S("P1", "oppose")])])
    return run(setup, b)


def test_challenged_round_order_is_deterministic(tmp_path: Path):
    ev = _challenged_run(tmp_path)
    r2 = [e.persona for e in ev if isinstance(e, TurnStarted) and e.round == 2]
    # startup: challenged by soe, vc (2); ministry: by vc, us_agency (2) -> fixed order; then
    # the rest (0 each) in fixed order, us_agency last as it closed round 1
    assert r2 == ["ministry", "startup", "soe", "vc", "us_agency"]
    start = next(e for e in ev if isinstance(e, RoundStarted) and e.round == 2)
    assert start.policy == "challenged" and start.note.policy == "challenged"
    assert "most challenged" in start.note.text
    assert r2 == [
        e.persona for e in _challenged_run(tmp_path / "again") if isinstance(e, TurnStarted) and e.round == 2
    ]


def test_challenged_picks_the_most_challenged_not_the_first(tmp_path: Path):
    agenda = [{"phase": "proposal"}, {"phase": "negotiation", "policy": "challenged"}]
    setup, b = tiny_setup(tmp_path, agenda=agenda)
    b["ministry"] = Scripted([Move(speech="p", proposal=Proposal(title="A", settles={"angel": "yes"}))])
    b["startup"] = Scripted([Move(speech="p", proposal=Proposal(title="B", settles={"angel": "no"}))])
    b["soe"] = Scripted([Move(speech="x", stances=[S("P2", "oppose")])])
    b["vc"] = Scripted(
        [Move(speech="x", stances=[S("P2", "amend")]), Move(speech="y", stances=[S("P1", "oppose")])]
    )
    ev = run(setup, b)
    r2 = [e.persona for e in ev if isinstance(e, TurnStarted) and e.round == 2]
    # startup (2) first; then vc's round-2 turn opposes P1, so ministry (1) before soe
    assert r2[0] == "startup" and sorted(r2) == sorted(SEATS)
    assert r2.index("ministry") < r2.index("soe")


def _sealed_setup(tmp_path, delay=0.0):
    agenda = [
        {"phase": "proposal", "policy": "simultaneous"},
        {"phase": "negotiation", "policy": "simultaneous"},
    ]
    setup, _ = tiny_setup(tmp_path, agenda=agenda)
    b = {p: Scripted(delay=delay) for p in SEATS}
    b["startup"].moves = [Move(speech="p", proposal=Proposal(title="B", settles={"angel": "no"}))]
    b["ministry"].moves = [Move(speech="p", proposal=Proposal(title="A", settles={"angel": "yes"}))]
    b["vc"].moves = [Move(speech="x", stances=[S("P1", "support")])]  # P1 tabled in the same round
    return setup, b


def test_simultaneous_requests_see_the_round_start_table(tmp_path: Path):
    setup, b = _sealed_setup(tmp_path)
    ev = run(setup, b)
    r1 = [b[p].requests[0] for p in SEATS]
    assert all(r.table == [] and r.history == [] and r.policy == "simultaneous" for r in r1)
    assert [r.turn_id for r in r1] == [f"r1-t{k}-{p}" for k, p in enumerate(SEATS, 1)]
    r2 = [b[p].requests[1] for p in SEATS]
    assert all([p.id for p in r.table] == ["P1", "P2"] and len(r.history) == 5 for r in r2)
    # admitted in the fixed order: ministry's package is P1 although both were sealed at once
    done = [e.turn for e in ev if isinstance(e, TurnCompleted)]
    assert [t.persona for t in done[:5]] == SEATS
    assert done[0].move.proposal.id == "P1" and done[1].move.proposal.id == "P2"
    # moves are admitted against the table as it stands at admission (fixed order): P1 exists
    assert [s.proposal for s in done[3].move.stances] == ["P1"]
    kinds = [
        (e.type, e.turn if isinstance(e, TurnStarted) else e.turn.id)
        for e in ev
        if e.type in ("turn_started", "turn_completed")
    ]
    assert kinds[:2] == [("turn_started", "r1-t1-ministry"), ("turn_completed", "r1-t1-ministry")]
    start = next(e for e in ev if isinstance(e, RoundStarted))
    assert start.policy == "simultaneous" and "sealed" in start.note.text


def test_simultaneous_round_runs_calls_concurrently(tmp_path: Path):
    setup, b = _sealed_setup(tmp_path, delay=0.2)
    setup = setup.model_copy(
        update={"scenario": setup.scenario.model_copy(update={"agenda": setup.scenario.agenda[:1]})}
    )
    t0 = time.perf_counter()
    run(setup, b)
    assert time.perf_counter() - t0 < 0.5


def test_seats_that_cannot_run_concurrently_run_one_after_another(tmp_path: Path):
    setup, b = _sealed_setup(tmp_path, delay=0.2)
    setup = setup.model_copy(
        update={"scenario": setup.scenario.model_copy(update={"agenda": setup.scenario.agenda[:1]})}
    )
    b["ministry"].concurrent = False
    b["soe"].concurrent = False
    t0 = time.perf_counter()
    ev = run(setup, b)
    assert 0.4 <= time.perf_counter() - t0 < 0.9  # two in a row; all five in a row would be 1.0
    assert [e.turn.persona for e in ev if isinstance(e, TurnCompleted)] == SEATS


def test_simultaneous_is_deterministic_and_equals_itself(tmp_path: Path):
    def strip(ev):
        return [e.model_dump(exclude={"ts"}) for e in ev]

    a = strip(run(*_sealed_setup(tmp_path / "a", delay=0.01)))
    b = strip(run(*_sealed_setup(tmp_path / "b", delay=0.0)))
    assert a == b


def test_simultaneous_gate_skip_and_stop(tmp_path: Path):
    setup, b = _sealed_setup(tmp_path)
    ctl = DebateControl()

    async def go():
        out = []

        async def consume():
            async for e in __import__("roleplay.debate.engine", fromlist=["x"]).run_debate(
                setup, b, control=ctl
            ):
                out.append(e)

        from negotiation_fixture import stub_score

        from roleplay.debate import engine

        real, engine.score = engine.score, stub_score
        try:
            ctl.pause()
            ctl.skip("soe")
            task = asyncio.create_task(consume())
            await asyncio.sleep(0.05)
            assert not [e for e in out if isinstance(e, TurnCompleted)]  # held before the batch
            ctl.step()  # one step lets the whole sealed batch through
            while len([e for e in out if isinstance(e, TurnCompleted)]) < 5:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)
            assert len([e for e in out if isinstance(e, TurnCompleted)]) == 5
            ctl.stop()
            await task
        finally:
            engine.score = real
        return out

    ev = asyncio.run(go())
    done = [e.turn for e in ev if isinstance(e, TurnCompleted)]
    assert len(done) == 5 and [t.persona for t in done if t.status == "skipped"] == ["soe"]
    assert b["soe"].requests == []
    assert ev[-1].status == "stopped"


def test_turn_cap_inside_a_sealed_round(tmp_path: Path):
    setup, b = _sealed_setup(tmp_path)
    setup = setup.model_copy(update={"scenario": setup.scenario.model_copy(update={"max_turns": 7})})
    ev = run(setup, b)
    assert len([e for e in ev if isinstance(e, TurnCompleted)]) == 7
    assert ev[-1].status == "stopped" and "turn cap" in ev[-1].reason


def test_fixed_policy_is_announced_with_the_order(tmp_path: Path):
    setup, b = tiny_setup(tmp_path, lang="zh")
    ev = run(setup, b)
    start = next(e for e in ev if isinstance(e, RoundStarted))
    assert start.policy == "fixed" and "發言順序" in start.note.text
    assert "公益天使——國家要不要先投？" in start.note.text  # round 1 lists the issues
