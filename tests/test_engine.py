"""Engine invariants: order, caps, fallback, facilitator controls, phase rules."""

import asyncio
import itertools

from conftest import SCENARIOS, collect

from roleplay.debate.engine import DebateControl, run_debate
from roleplay.debate.events import (
    DebateEnded,
    DebateStarted,
    ModeratorSpoke,
    RoundStarted,
    TurnCompleted,
    TurnStarted,
    dump_event,
    parse_event,
)
from roleplay.debate.move import Move, PackageItem, Proposal, Stance
from roleplay.debate.session import prepare


def turns(events):
    return [e.turn for e in events if isinstance(e, TurnCompleted)]


def test_event_order_and_bookends():
    ev = collect(SCENARIOS[0])
    assert ev[0].type == "debate_started" and ev[-1].type == "debate_ended"
    assert [e.seq for e in ev] == list(range(len(ev)))
    started = {e.turn for e in ev if isinstance(e, TurnStarted)}
    assert started == {t.id for t in turns(ev)}


def test_events_are_written_as_pydantic_writes_them():
    """dump_event reuses the JSON of the loaded scenario, personas and rubric in
    DebateStarted (a speed-up): the line is still the model's own JSON, byte for byte, on
    the first and on a later debate, and reads back as the same event."""
    for _ in range(2):
        ev = collect(SCENARIOS[0])
        assert isinstance(ev[0], DebateStarted)
        for e in ev:
            line = dump_event(e)
            assert line == e.model_dump_json()
            assert parse_event(line) == e


def test_speakers_follow_round_order_and_never_twice_in_a_row():
    for sid in SCENARIOS:
        ev = collect(sid)
        rounds = [e for e in ev if isinstance(e, RoundStarted)]
        seq = [t.persona for t in turns(ev)]
        assert all(a != b for a, b in itertools.pairwise(seq)), seq
        for r in rounds:
            spoke = [t.persona for t in turns(ev) if t.round == r.round]
            if r.policy == "challenged":  # the moderator's choice: everyone once, in its own order
                assert sorted(spoke) == sorted(r.speakers)
            else:
                assert spoke == r.speakers


def test_round_cap_keeps_the_vote_last():
    ev = collect(SCENARIOS[0], rounds=4)
    rounds = [e for e in ev if isinstance(e, RoundStarted)]
    assert len(rounds) == 4 and rounds[-1].phase == "vote"


def test_longer_debate_adds_negotiation_rounds_before_vote():
    ev = collect(SCENARIOS[0], rounds=8)
    phases = [e.phase for e in ev if isinstance(e, RoundStarted)]
    assert len(phases) == 8 and phases[-1] == "vote" and phases.count("negotiation") >= 5


async def test_hard_turn_cap_stops_the_debate():
    setup, backends = prepare(SCENARIOS[0])
    setup = setup.model_copy(update={"scenario": setup.scenario.model_copy(update={"max_turns": 7})})
    ev = [e async for e in run_debate(setup, backends)]
    assert len(turns(ev)) == 7
    end = ev[-1]
    assert isinstance(end, DebateEnded) and end.status == "stopped" and "turn cap" in end.reason


async def test_phase_rules_strip_forbidden_acts(scripted):
    setup, backends = prepare(SCENARIOS[0], rounds=3)
    first = setup.scenario.order()[0]
    bad = Move(
        speech="x",
        proposal=Proposal(title="t", items=[PackageItem(instrument="public_angel")]),
        stances=[Stance(proposal="P9", position="support", reason="r")],
        mechanisms=["demand", "nonsense"],
    )
    backends[first] = scripted(bad, bad)
    ev = [e async for e in run_debate(setup, backends)]
    t = next(t for t in turns(ev) if t.persona == first and t.phase == "opening")
    assert t.move.proposal is None and t.move.stances == [] and t.move.mechanisms == ["demand"]
    notices = [e for e in ev if e.type == "backend_notice" and e.turn == t.id]
    assert any("not allowed" in n.detail for n in notices)


async def test_revision_of_anothers_proposal_is_tabled_as_new(scripted):
    setup, backends = prepare(SCENARIOS[0], rounds=3)
    order = setup.scenario.order()
    a, b = order[0], order[1]
    p = Proposal(title="mine", items=[PackageItem(instrument="public_angel")])
    backends[a] = scripted(Move(speech="o"), Move(speech="p", proposal=p), Move(speech="v"))
    backends[b] = scripted(
        Move(speech="o"), Move(speech="steal", proposal=p.model_copy(update={"id": "P1"})), Move(speech="v")
    )
    ev = [e async for e in run_debate(setup, backends)]
    mine = [t.move.proposal for t in turns(ev) if t.move and t.move.proposal and t.persona in (a, b)]
    assert mine[0].id == "P1" and mine[0].author == a
    assert mine[1].id != "P1" and mine[1].author == b


async def test_facilitator_controls_inject_skip_stop():
    setup, backends = prepare(SCENARIOS[0])
    ctl = DebateControl()
    order = setup.scenario.order()
    ev = []
    ctl.inject("新的出口管制規則剛剛公布 / a new export-control rule is announced")
    ctl.skip(order[1])
    async for e in run_debate(setup, backends, control=ctl):
        ev.append(e)
        if isinstance(e, TurnCompleted) and len([x for x in ev if isinstance(x, TurnCompleted)]) == 6:
            ctl.stop()
    notes = [e.note for e in ev if isinstance(e, ModeratorSpoke) and e.note.kind == "facilitator"]
    assert notes and "export-control" in notes[0].text
    skipped = [t for t in turns(ev) if t.status == "skipped"]
    assert [t.persona for t in skipped] == [order[1]]
    assert ev[-1].status == "stopped" and len(turns(ev)) == 6


async def test_pause_holds_until_step():
    setup, backends = prepare(SCENARIOS[0])
    ctl = DebateControl()
    done = []

    async def consume():
        async for e in run_debate(setup, backends, control=ctl):
            if isinstance(e, TurnCompleted):
                done.append(e)

    ctl.pause()
    task = asyncio.create_task(consume())
    await asyncio.sleep(0.05)
    assert done == []
    ctl.step()  # round 1 is sealed (simultaneous): one step releases the whole sealed batch
    first = len(setup.scenario.order())
    assert setup.agenda()[0].policy == "simultaneous"
    while len(done) < first:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert len(done) == first  # and then it holds again
    ctl.step()  # round 2 takes turns one at a time: one step, one turn
    while len(done) < first + 1:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert len(done) == first + 1
    ctl.resume()
    await task
    assert len(done) > 1


def test_short_debates_keep_a_proposal_round_before_the_vote():
    for n, phases in ((2, ["proposal", "vote"]), (3, ["opening", "proposal", "vote"])):
        ev = collect(SCENARIOS[0], rounds=n)
        assert [e.phase for e in ev if isinstance(e, RoundStarted)] == phases
        assert ev[-1].scorecard.package is not None


def test_one_round_with_a_vote_is_refused():
    import pytest

    from roleplay.errors import InputError

    with pytest.raises(InputError, match="--rounds 2"):
        prepare(SCENARIOS[0], rounds=1)


async def test_a_message_typed_after_the_last_turn_is_still_recorded():
    setup, backends = prepare(SCENARIOS[0], rounds=2)
    ctl = DebateControl()
    ev = []
    async for e in run_debate(setup, backends, control=ctl):
        ev.append(e)
        if (
            isinstance(e, TurnCompleted)
            and e.turn.round == 2
            and e.turn.persona == setup.scenario.order()[-1]
        ):
            ctl.inject("下課前五分鐘")
    notes = [e.note.text for e in ev if isinstance(e, ModeratorSpoke) and e.note.kind == "facilitator"]
    assert notes == ["下課前五分鐘"] and isinstance(ev[-1], DebateEnded)
