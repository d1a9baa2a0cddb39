"""Engine invariants on a small scenario with issues (the bundled ones gain issues on
another branch): bookends, order, controls, caps and the failure policy still hold."""

import asyncio
from itertools import pairwise
from pathlib import Path

from negotiation_fixture import SEATS, Scripted, run, stub_score, tiny_setup

from roleplay.debate import engine
from roleplay.debate.backend import TurnResult
from roleplay.debate.control import DebateControl
from roleplay.debate.events import ModeratorSpoke, RoundStarted, TurnCompleted, TurnStarted


def turns(ev):
    return [e.turn for e in ev if isinstance(e, TurnCompleted)]


def test_bookends_order_and_no_double_turn(tmp_path: Path):
    ev = run(*tiny_setup(tmp_path))
    assert ev[0].type == "debate_started" and ev[-1].type == "debate_ended"
    assert [e.seq for e in ev] == list(range(len(ev)))
    assert {e.turn for e in ev if isinstance(e, TurnStarted)} == {t.id for t in turns(ev)}
    seq = [t.persona for t in turns(ev)]
    assert all(a != b for a, b in pairwise(seq))
    for r in (e for e in ev if isinstance(e, RoundStarted)):
        assert [t.persona for t in turns(ev) if t.round == r.round] == r.speakers
    assert ev[-1].status == "finished"


def test_inject_skip_stop(tmp_path: Path):
    setup, b = tiny_setup(tmp_path)
    ctl = DebateControl()

    async def go():
        out = []
        ctl.inject("news")
        ctl.skip(SEATS[1])
        async for e in engine.run_debate(setup, b, control=ctl):
            out.append(e)
            if isinstance(e, TurnCompleted) and len(turns(out)) == 6:
                ctl.stop()
        return out

    real, engine.score = engine.score, stub_score
    try:
        ev = asyncio.run(go())
    finally:
        engine.score = real
    notes = [e.note for e in ev if isinstance(e, ModeratorSpoke) and e.note.kind == "facilitator"]
    assert [n.text for n in notes] == ["news"]
    assert [t.persona for t in turns(ev) if t.status == "skipped"] == [SEATS[1]]
    assert ev[-1].status == "stopped" and len(turns(ev)) == 6


def test_turn_cap(tmp_path: Path):
    setup, b = tiny_setup(tmp_path)
    setup = setup.model_copy(update={"scenario": setup.scenario.model_copy(update={"max_turns": 7})})
    ev = run(setup, b)
    assert len(turns(ev)) == 7 and ev[-1].status == "stopped" and "turn cap" in ev[-1].reason


class Failing:
    label = "broken"

    def __init__(self, fatal=None):
        self.fatal = None
        self._fatal = fatal

    async def take_turn(self, req):
        self.fatal = self._fatal
        yield TurnResult(status="failed", error="bad reply", raw="???")


def test_failure_policy_streak_and_fatal(tmp_path: Path):
    setup, _ = tiny_setup(tmp_path)
    ev = run(setup, {p: Failing() for p in SEATS})
    assert ev[-1].status == "failed" and len(turns(ev)) == len(SEATS) and ev[-1].scorecard is None
    setup, b = tiny_setup(tmp_path / "f")
    b["startup"] = Failing(fatal="key rejected")
    ev = run(setup, b)
    assert ev[-1].status == "failed" and ev[-1].reason == "startup: key rejected" and len(turns(ev)) == 2


def test_fatal_in_a_sealed_round_stops_after_the_batch(tmp_path: Path):
    setup, b = tiny_setup(tmp_path, speaker_policy="simultaneous")
    b["startup"] = Failing(fatal="key rejected")
    ev = run(setup, b)
    assert ev[-1].status == "failed" and len(turns(ev)) == len(SEATS)
    assert isinstance(b["ministry"], Scripted)
