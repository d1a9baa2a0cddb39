"""Replay: step through a saved run with the scoreboard as it stood at each point; long
runs open at once and keep a bounded window of blocks; bad folders are reported."""

from __future__ import annotations

import pytest

from roleplay.debate.events import DebateEnded, RoundScored
from roleplay.debate.session import prepare, run_to_folder
from roleplay.errors import TranscriptError
from roleplay.tui import Board, RunIndex, replay_app
from roleplay.tui.replay import STOP_TYPES
from roleplay.tui.testing import long_run, wait_until
from roleplay.tui.widgets import EndBlock, TurnBlock


@pytest.fixture
async def short_run(tmp_path):
    setup, backends = prepare("patient-capital", lang="en", rounds=2)
    return await run_to_folder(setup, backends, tmp_path / "run", "replay01")


def card_at(index: RunIndex, stop: int):
    """The scorecard as it stood after event ``stop``: the last round's or the final one."""
    card = None
    for e in index.events(0, stop + 1):
        if isinstance(e, RoundScored):
            card = e.scorecard
        elif isinstance(e, DebateEnded):
            card = e.scorecard or card
    return card


async def test_stepping_shows_the_scoreboard_as_it_stood_at_each_point(short_run):
    index = RunIndex.open(short_run)
    app = replay_app(index, short_run)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.cursor == 1)
        await pilot.press("right", "n", "space")  # the three Next keys
        assert app.cursor == 4 and len(app.transcript.blocks()) == 4
        await pilot.press("left")
        assert app.cursor == 3 and len(app.transcript.blocks()) == 3
        seen_cards = set()
        for n in range(1, len(app.stops) + 1):  # every point, both ways
            for where in (n, n - 1, n):
                app.goto(where)
            assert app.cursor == n and len(app.transcript.blocks()) == n
            assert app.board.card == card_at(index, app.stops[n - 1])
            seen_cards.add(app.board.card.model_dump_json() if app.board.card else None)
        assert len(seen_cards) >= 3  # none, the round cards, the final card
        await pilot.pause()
        assert app.transcript.query(EndBlock)
        await pilot.press("left", "left")
        assert app.cursor == len(app.stops) - 2 and app.board.card == card_at(index, app.stops[-3])
        await pilot.press("home")
        assert app.cursor == 1 and app.board.card is None and app.board.turns == 0
        await pilot.press("end")
        assert app.board.status == "finished" and app.board.card == index.run().ended.scorecard


async def test_replay_board_matches_a_board_fed_live(short_run):
    index = RunIndex.open(short_run)
    live = Board(index.started, 2)
    for e in index.events(1):
        live.apply(e)
    app = replay_app(index, short_run, at_end=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.cursor == len(app.stops))
        assert (app.board.stances, app.board.votes, app.board.card, app.board.turns) == (
            live.stances,
            live.votes,
            live.card,
            live.turns,
        )


async def test_a_long_run_opens_fast_and_keeps_a_window(tmp_path):
    folder = await long_run(tmp_path / "long", 300)
    index = RunIndex.open(folder)
    assert index.types.count("turn_completed") >= 300 and index.parsed == 2  # the first and the last line
    app = replay_app(index, folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.cursor == 1)
        await pilot.press("end")
        blocks = app.transcript.blocks()
        assert len(blocks) == app.WINDOW and app.transcript.hidden == len(app.stops) - app.WINDOW
        assert isinstance(blocks[-1], EndBlock) and any(isinstance(b, TurnBlock) for b in blocks)
        await pilot.press("left")
        assert (
            app.cursor == len(app.stops) - 1
            and app.transcript.hidden + len(app.transcript.blocks()) == app.cursor
        )


def test_stops_are_the_block_events(short_run):
    index = RunIndex.open(short_run)
    run = index.run()
    assert [e.seq for e in run.events if e.type in STOP_TYPES] == [
        run.events[i].seq for i, t in enumerate(index.types) if t in STOP_TYPES
    ]


def test_a_cut_last_line_is_dropped_and_a_bad_middle_line_is_named(short_run):
    path = short_run / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines) + "\n" + lines[-1][:40] + "\n", encoding="utf-8")
    assert len(RunIndex.open(short_run)) == len(lines)
    lines[5] = lines[5].replace('"type":"', '"type":"x', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="line 6"):
        RunIndex.open(short_run).events()


def test_a_folder_without_events_is_an_error(tmp_path):
    with pytest.raises(TranscriptError, match=r"no events\.jsonl"):
        RunIndex.open(tmp_path)
