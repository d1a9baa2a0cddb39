"""The TUI's backends and state, without a screen: the human seat, the interruptible
wrapper, the side-panel board, and the command palette's commands."""

from __future__ import annotations

import asyncio

from textual.app import SystemCommand

from roleplay.debate.backend import Delta, TurnResult
from roleplay.debate.control import DebateControl
from roleplay.debate.move import Move
from roleplay.debate.session import prepare
from roleplay.tui import Board, HumanSeat, Interruptible, LiveApp
from roleplay.tui.labels import LIVE_KEYS, key_label
from roleplay.tui.screens import InjectScreen
from roleplay.tui.testing import StreamingFake, type_text, wait_until


def a_request(phase_round: int = 1):
    """The first TurnRequest the engine would send, taken from a real offline debate."""
    from roleplay.debate.backend import TurnRequest, public_card

    setup, _ = prepare("patient-capital", lang="zh")
    spec = setup.agenda()[phase_round - 1]
    p = setup.persona("vc")
    return TurnRequest(
        turn_id="r1-t1-vc",
        round=phase_round,
        round_spec=spec,
        total_rounds=6,
        persona=p,
        others=[public_card(o) for o in setup.personas if o.id != "vc"],
        scenario=setup.scenario,
        rubric=setup.rubric,
        lang="zh",
        seed=0,
        turn_index=0,
    )


async def items_of(backend, request) -> list:
    return [i async for i in backend.take_turn(request)]


async def test_human_seat_passes_or_speaks():
    async def passes(req):
        return None

    async def speaks(req):
        return Move(speech="我主張投早投小。")

    (only,) = await items_of(HumanSeat(passes), a_request())
    assert isinstance(only, TurnResult) and only.status == "skipped" and only.move is None
    delta, result = await items_of(HumanSeat(speaks), a_request())
    assert (
        delta == Delta(text="我主張投早投小。")
        and result.status == "ok"
        and result.move.speech == "我主張投早投小。"
    )


async def test_interruptible_cuts_a_stream_short_and_closes_it():
    held = asyncio.Event()
    inner = StreamingFake(rate=10_000, gate=held)
    seat = Interruptible(inner)
    assert not seat.busy and seat.abort("nothing to stop") is False
    task = asyncio.ensure_future(items_of(seat, a_request()))
    held.set()
    while inner.tokens_sent < 3:
        await asyncio.sleep(0.001)
    held.clear()
    assert seat.busy and seat.abort("skipped by the facilitator")
    items = await asyncio.wait_for(task, 1)
    assert isinstance(items[-1], TurnResult) and items[-1].status == "skipped"
    assert items[-1].error == "skipped by the facilitator" and all(isinstance(i, Delta) for i in items[:-1])
    sent = inner.tokens_sent
    held.set()
    await asyncio.sleep(0.01)
    assert inner.tokens_sent == sent and not seat.busy  # the inner stream is closed


async def test_interruptible_passes_everything_through():
    items = await items_of(Interruptible(StreamingFake(rate=100_000)), a_request())
    assert isinstance(items[-1], TurnResult) and items[-1].status == "ok"
    assert "".join(i.text for i in items[:-1]) == items[-1].move.speech


def test_board_folds_stances_votes_and_usage():
    from conftest import collect

    from roleplay.debate.events import TurnCompleted

    events = collect("patient-capital", rounds=3)
    board = Board(events[0], 3)
    for e in events[1:]:
        board.apply(e)
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    authors = {t.persona: t.move.proposal.id for t in turns if t.move and t.move.proposal}
    assert all(
        board.stances[who][pid] == "support"
        or any(s.proposal == pid for t in turns if t.persona == who and t.move for s in t.move.stances)
        for who, pid in authors.items()
    )
    vote_turns = [t for t in turns if t.phase == "vote" and t.move and t.move.stances]
    assert set(board.votes) == {t.persona for t in vote_turns}
    assert board.turns == len(turns) and board.status == "finished" and board.round == 3
    assert board.card == events[-1].scorecard and board.usage.calls == 0


async def test_every_control_is_in_the_command_palette_in_the_ui_language(tmp_path):
    setup, backends = prepare("patient-capital", lang="zh", rounds=2)
    control = DebateControl()
    control.pause()
    app = LiveApp(setup, backends, tmp_path / "run", "palette1", control=control)
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen) if isinstance(c, SystemCommand)]
        assert all(
            any(t.startswith(key_label("zh-Hant", a)) for t in titles)
            for _k, a, _s in LIVE_KEYS
            if a != "quit"
        )
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "CommandPalette")
        await type_text(pilot, "插話")
        await wait_until(
            pilot, lambda: app.screen.query_one("CommandList").option_count > 0, what="a palette hit"
        )
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InjectScreen), what="the inject dialog")
        await pilot.press("escape")
        await pilot.press("l")
        titles = [c.title for c in app.get_system_commands(app.screen) if isinstance(c, SystemCommand)]
        assert any(t.startswith("Inject") for t in titles)
