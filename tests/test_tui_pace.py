"""The pace of a live debate (issue #12): start paused, a minimum time per turn, speech streamed
at a readable rate with speed keys, and pause / step / inject acting before the next turn at
every pace (driven with Pilot); the CLI options build the app they promise."""

from __future__ import annotations

from datetime import datetime

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app as cli
from roleplay.debate.events import ModeratorSpoke, TextDelta, TurnCompleted, TurnStarted, parse_event
from roleplay.debate.session import prepare
from roleplay.tui import LiveApp, live_app
from roleplay.tui.app import DebateApp
from roleplay.tui.pace import READABLE_CHARS_PER_S, Pace
from roleplay.tui.testing import wait_until

SIZE = (100, 30)


def events_in(folder) -> list:
    return [parse_event(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def fixed(setup):
    agenda = [r.model_copy(update={"policy": "fixed"}) for r in setup.scenario.agenda]
    return setup.model_copy(
        update={"scenario": setup.scenario.model_copy(update={"agenda": agenda, "speaker_policy": "fixed"})}
    )


def paced_app(tmp_path, pace: Pace, start_paused: bool = True) -> LiveApp:
    setup, offline = prepare("patient-capital", lang="en", rounds=3)
    return live_app(fixed(setup), offline, tmp_path / "run", "pace0001", pace=pace, start_paused=start_paused)


def secs(a: str, b: str) -> float:
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


async def test_start_paused_announces_round_one_and_waits(tmp_path):
    app = paced_app(tmp_path, Pace.instant())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1, what="round 1")
        await pilot.pause(0.4)
        assert app.board.turns == 0 and app.board.speaking is None and app.control.paused
        assert "paused" in app.state_word()
        await pilot.press("q")


async def test_pace_two_seconds_makes_every_turn_last_two_seconds(tmp_path):
    app = paced_app(tmp_path, Pace(chars_per_s=None, min_turn_s=2.0))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.board.turns == 1 and app.board.speaking is None, timeout=6)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.board.turns == 2 and app.board.speaking is None, timeout=6)
        await pilot.press("q")
    events = events_in(tmp_path / "run")
    starts = {e.turn: e.ts for e in events if isinstance(e, TurnStarted)}
    done = [(e.turn.id, e.ts) for e in events if isinstance(e, TurnCompleted)]
    assert len(done) == 2
    assert all(secs(starts[tid], ts) >= 2.0 for tid, ts in done), done


async def test_offline_speech_streams_at_the_rate_and_speed_keys_change_it(tmp_path):
    app = paced_app(tmp_path, Pace(chars_per_s=400.0))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.board.turns == 1 and app.board.speaking is None, timeout=10)
        await pilot.press("plus")
        assert app.pace.speed == 2.0 and app.pace.rate == 800.0
        await pilot.press("minus", "minus")
        assert app.pace.speed == 0.5
        await pilot.press("q")
    events = events_in(tmp_path / "run")
    deltas = [e for e in events if isinstance(e, TextDelta)]
    (turn,) = [e.turn for e in events if isinstance(e, TurnCompleted)]
    assert len(deltas) > 10 and "".join(d.text for d in deltas) == turn.move.speech
    took = secs(deltas[0].ts, deltas[-1].ts)
    assert took >= 0.8 * (len(turn.move.speech) - 2) / 400.0  # not all at once: about 400 chars/s


@pytest.mark.parametrize(
    "pace", [Pace.instant(), Pace(chars_per_s=1500.0), Pace(chars_per_s=None, min_turn_s=0.3)]
)
async def test_pause_step_and_inject_act_before_the_next_turn_at_every_pace(tmp_path, pace):
    app = paced_app(tmp_path, pace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1)
        await pilot.press("n")  # step: exactly one turn, then hold
        await wait_until(pilot, lambda: app.board.turns == 1 and app.board.speaking is None, timeout=10)
        await pilot.pause(0.3)
        assert app.board.turns == 1 and app.control.paused

        app.control.inject("Consider a halved budget.")  # what the inject dialog does
        await pilot.press("n")
        await wait_until(pilot, lambda: app.board.turns == 2 and app.board.speaking is None, timeout=10)
        await pilot.pause(0.3)
        assert app.board.turns == 2

        await pilot.press("space")  # resume ...
        await wait_until(pilot, lambda: app.board.turns >= 3 or app.board.speaking is not None, timeout=10)
        await pilot.press("space")  # ... and pause: the turn under way ends, no other starts
        await wait_until(pilot, lambda: app.board.speaking is None, timeout=10)
        held = app.board.turns
        await pilot.pause(0.4)
        assert app.board.turns == held and app.board.speaking is None and app.control.paused
        await pilot.press("q")
    events = events_in(tmp_path / "run")
    kinds = [
        "note" if isinstance(e, ModeratorSpoke) and e.note.kind == "facilitator" else "start"
        for e in events
        if isinstance(e, TurnStarted) or (isinstance(e, ModeratorSpoke) and e.note.kind == "facilitator")
    ]
    assert kinds[:3] == ["start", "note", "start"]  # the message reached the very next turn
    starts = sum(isinstance(e, TurnStarted) for e in events)
    assert starts == held  # nothing started after the pause


runner = CliRunner()


def test_cli_pace_options_build_the_app_they_promise(monkeypatch, out_dir):
    built: list[DebateApp] = []
    monkeypatch.setattr(DebateApp, "run", lambda self, *a, **k: built.append(self))
    res = runner.invoke(
        cli, ["tui", "patient-capital", "--pace", "2", "--start-paused", "--out", str(out_dir)]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["tui", "patient-capital", "--instant", "--out", str(out_dir)])
    assert res.exit_code == 0, res.output
    paced, instant = built
    assert isinstance(paced, LiveApp) and paced.control.paused and paced.pace.min_turn == 2.0
    assert paced.pace.rate == READABLE_CHARS_PER_S  # readable streaming by default in the TUI
    assert instant.pace.rate is None and not instant.control.paused
    res = runner.invoke(cli, ["tui", "patient-capital", "--pace", "-1", "--out", str(out_dir)])
    assert res.exit_code == 2 and "--pace" in res.output


def test_cli_runs_several_human_seats(monkeypatch, out_dir):
    built: list[DebateApp] = []
    monkeypatch.setattr(DebateApp, "run", lambda self, *a, **k: built.append(self))
    res = runner.invoke(
        cli, ["tui", "patient-capital", "--human", "vc", "--human", "soe", "--out", str(out_dir)]
    )
    assert res.exit_code == 0, res.output
    (tui,) = built
    assert tui.humans == ["vc", "soe"] and tui.seats["soe"].label == "human"
    res = runner.invoke(cli, ["tui", "patient-capital", "--human", "vc", "--human", "vc"])
    assert res.exit_code == 2 and "twice" in res.output
