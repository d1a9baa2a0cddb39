"""The live TUI driven with Pilot: a whole offline debate with the facilitator's controls and
a human seat, cancellation on End and Quit, and a debate on a fake streaming LLM server."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from roleplay.debate.backends import make_backend
from roleplay.debate.control import DebateControl
from roleplay.debate.events import DebateEnded, TurnCompleted, parse_event
from roleplay.debate.session import prepare
from roleplay.debate.turns import round_policy, round_speakers
from roleplay.tui import LiveApp, live_app
from roleplay.tui.screens import InjectScreen, PersonaCardScreen, PickPersonaScreen
from roleplay.tui.testing import StreamingFake, type_text, wait_until
from roleplay.tui.widgets import EndBlock, NoteBlock, TurnBlock

SIZE = (100, 30)


PROMPT_S = 3.0
"""How soon "end now" or quit must act. The fakes here hang or take ~10 s a turn, so acting
at all within this bound proves the turn was cut; on a quiet machine it takes ~0.2 s, and
the slack is for a loaded CI machine (a 1 s bound failed there under load)."""


def events_in(folder) -> list:
    return [parse_event(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def fixed_rounds(setup):
    """The same debate with every round in fixed order (no sealed rounds), for tests of the
    turn-by-turn controls: step, skip, end-now on a speaking turn."""
    agenda = [r.model_copy(update={"policy": "fixed"}) for r in setup.scenario.agenda]
    scenario = setup.scenario.model_copy(update={"agenda": agenda, "speaker_policy": "fixed"})
    return setup.model_copy(update={"scenario": scenario})


def paused_app(tmp_path, scenario="patient-capital", backends=None, **kw) -> LiveApp:
    setup, offline = prepare(scenario, lang=kw.pop("lang", "zh"), rounds=kw.pop("rounds", None))
    setup = fixed_rounds(setup)
    control = DebateControl()
    control.pause()
    return LiveApp(setup, backends or offline, tmp_path / "run", "tuitest1", control=control, **kw)


async def play_human_turn(pilot, app: LiveApp, speech: str) -> None:
    """Fill the human seat's form the way a person would, and submit it."""
    form = app.human_form
    assert form is not None
    await type_text(pilot, speech)
    if form.can_propose and form.req.round_spec.phase == "proposal":
        form.query_one("#ptitle", Input).focus()
        await type_text(pilot, "部委案")
        items = form.query_one("#items", SelectionList)
        items.focus()
        await pilot.press("space")
        assert items.selected
    if form.can_stance:
        form.query_one(f"#stance-{form.req.table[0].id}", Select).value = "support"
    if form.req.round_spec.phase == "vote" and len(form.req.table) > 1:
        await pilot.press("ctrl+s")  # a vote must cover every proposal: the form refuses
        await pilot.pause()
        assert app.human_form is form
        for p in form.req.table:
            form.query_one(f"#stance-{p.id}", Select).value = (
                "oppose" if p.author != "ministry" else "support"
            )
    await pilot.press("ctrl+s")


async def test_whole_offline_debate_with_controls_and_a_human_seat(tmp_path):
    app = paused_app(tmp_path, human="ministry", rounds=2)  # proposal, vote (both in fixed order)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1, what="round 1")
        assert app.board.turns == 0 and "已暫停" in str(app.state_word())

        await pilot.press("n")  # step: exactly one turn, then hold
        await wait_until(
            pilot, lambda: app.board.turns == 1 and app.control.paused and not app.board.speaking
        )
        assert app.control.paused and app.board.turns == 1

        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, InjectScreen))
        await type_text(pilot, "請考慮：預算減半")
        await pilot.press("enter")
        assert app.control.injected == ["請考慮：預算減半"]

        await pilot.press("k")  # skip the SOE's next turn (third in the picker)
        await wait_until(pilot, lambda: isinstance(app.screen, PickPersonaScreen))
        await pilot.press("3")
        assert app.control.skips == {"soe"}

        await pilot.press("space")  # resume; the human seat (ministry) speaks next
        human_turns = 0
        while not app.finished:
            await wait_until(
                pilot,
                lambda: (app.human_form is not None and app.human_form.ready) or app.finished,
                what="human turn",
            )
            if app.finished:
                break
            if human_turns == 0:
                assert app.human_form.query_one("#speech", TextArea).has_focus
                notes = [b for b in app.transcript.query(NoteBlock) if b.note.kind == "facilitator"]
                assert notes and notes[0].note.text == "請考慮：預算減半"
            form = app.human_form
            await play_human_turn(pilot, app, f"部委第{human_turns + 1}次發言：耐心資本要投早投小。")
            human_turns += 1
            await wait_until(pilot, lambda form=form: app.human_form is not form, what="the form to close")
        assert human_turns == 2
        await wait_until(pilot, lambda: bool(app.transcript.query(EndBlock)))

        await pilot.press("l")  # switch to English: names, labels, footer
        assert (
            app.lang == "en" and "Round" in app.transcript.query(TurnBlock).last().view().renderables[0].plain
        )
        await pilot.press("c", "1")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonaCardScreen))
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: (tmp_path / "run" / "transcript.md").exists())
        await pilot.press("q")
    events = events_in(tmp_path / "run")
    turns = [e.turn for e in events if isinstance(e, TurnCompleted)]
    mine = [t for t in turns if t.persona == "ministry"]
    assert [t.backend for t in mine] == ["human"] * 2 and mine[
        0
    ].move.speech == "部委第1次發言：耐心資本要投早投小。"
    assert any(t.move and t.move.proposal and t.move.proposal.title == "部委案" for t in mine)
    soe = [t for t in turns if t.persona == "soe"]
    assert soe[0].status == "skipped" and soe[1].status == "ok"
    assert isinstance(events[-1], DebateEnded) and events[-1].status == "finished"
    assert "請考慮：預算減半" in (tmp_path / "run" / "transcript.md").read_text(encoding="utf-8")


async def test_end_now_cuts_a_streaming_turn_short_and_scores(tmp_path):
    held = asyncio.Event()  # never set: every turn hangs mid-stream
    setup, _ = prepare("patient-capital", lang="en", rounds=3)
    setup = fixed_rounds(setup)
    fakes = {pid: StreamingFake(rate=1000, gate=held) for pid in setup.scenario.personas}
    app = live_app(setup, fakes, tmp_path / "run", "tuitest2")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.speaking == "vc")
        t0 = time.perf_counter()
        await pilot.press("x")
        await wait_until(pilot, lambda: app.finished, timeout=5)
        assert time.perf_counter() - t0 < PROMPT_S
        assert app.board.status == "stopped"
    turns = [e.turn for e in events_in(tmp_path / "run") if isinstance(e, TurnCompleted)]
    assert [(t.persona, t.status, t.error) for t in turns] == [
        ("vc", "skipped", "stopped by the facilitator")
    ]


async def test_a_human_seat_in_a_sealed_round_gets_its_form_and_step_releases_the_batch(tmp_path):
    setup, offline = prepare("patient-capital", lang="zh", rounds=3)  # opening, proposal, vote
    policies = [round_policy(r, setup.scenario) for r in setup.agenda()]
    assert policies == ["simultaneous", "fixed", "simultaneous"]
    control = DebateControl()
    control.pause()
    app = LiveApp(setup, offline, tmp_path / "run", "tuitest5", control=control, human="ministry")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1, what="round 1")
        await pilot.pause(0.05)
        assert app.board.turns == 0 and app.human_form is None  # paused: no form

        await pilot.press("n")  # one step releases the whole sealed opening, the human's form too
        await wait_until(
            pilot, lambda: app.human_form is not None and app.human_form.ready, what="sealed form"
        )
        assert app.human_form.req.policy == "simultaneous" and app.board.turns == 0  # sealed until all are in
        await play_human_turn(pilot, app, "部委開場：耐心資本要投早投小。")
        n = len(setup.scenario.personas)
        await wait_until(pilot, lambda: app.board.turns == n, what="the sealed batch")
        await pilot.pause(0.05)
        assert app.board.turns == n and app.control.paused  # and then it holds again

        await pilot.press("space")
        human_turns = 1
        while not app.finished:
            await wait_until(
                pilot,
                lambda: (app.human_form is not None and app.human_form.ready) or app.finished,
                what="human turn",
            )
            if app.finished:
                break
            form = app.human_form
            await play_human_turn(pilot, app, f"部委第{human_turns + 1}次發言。")
            human_turns += 1
            await wait_until(pilot, lambda form=form: app.human_form is not form, what="the form to close")
        assert human_turns == 3
        await pilot.press("q")
    events = events_in(tmp_path / "run")
    mine = [e.turn for e in events if isinstance(e, TurnCompleted) and e.turn.persona == "ministry"]
    assert [t.backend for t in mine] == ["human"] * 3
    assert mine[0].move.speech == "部委開場：耐心資本要投早投小。"
    assert isinstance(events[-1], DebateEnded) and events[-1].status == "finished"


async def test_end_now_cuts_a_whole_sealed_batch_short_and_scores(tmp_path):
    held = asyncio.Event()  # never set: every turn of the sealed opening hangs mid-stream
    setup, _ = prepare("patient-capital", lang="en", rounds=3)
    assert setup.agenda()[0].policy == "simultaneous"
    fakes = {pid: StreamingFake(rate=1000, gate=held) for pid in setup.scenario.personas}
    app = live_app(setup, fakes, tmp_path / "run", "tuitest6")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: all(s.busy for s in app.seats.values()), what="all seats speaking")
        t0 = time.perf_counter()
        await pilot.press("x")
        await wait_until(pilot, lambda: app.finished, timeout=5)
        assert time.perf_counter() - t0 < PROMPT_S
        assert app.board.status == "stopped"
    turns = [e.turn for e in events_in(tmp_path / "run") if isinstance(e, TurnCompleted)]
    order = round_speakers(setup.agenda()[0], setup.scenario)
    assert [(t.persona, t.status, t.error) for t in turns] == [
        (pid, "skipped", "stopped by the facilitator") for pid in order
    ]


async def test_quit_cancels_generation_at_once_and_keeps_the_events(tmp_path):
    setup, _ = prepare("patient-capital", lang="zh", rounds=2)
    fakes = {pid: StreamingFake(rate=20) for pid in setup.scenario.personas}  # ~10 s a turn
    app = live_app(setup, fakes, tmp_path / "run", "tuitest3")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot, lambda: app.transcript.current() is not None and app.transcript.current().speech
        )
        t0 = time.perf_counter()
        await pilot.press("q")
        await wait_until(pilot, lambda: app.engine.is_finished, timeout=5)
        assert time.perf_counter() - t0 < PROMPT_S
    events = events_in(tmp_path / "run")
    assert not isinstance(events[-1], DebateEnded)
    assert (tmp_path / "run" / "transcript.md").exists()


async def test_streamed_text_is_drawn_in_batches(tmp_path):
    setup, _ = prepare("patient-capital", lang="zh", rounds=2)
    fakes = {pid: StreamingFake(rate=3000, chars=1) for pid in setup.scenario.personas}
    app = live_app(setup, fakes, tmp_path / "run", "tuitest4")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.transcript.current() is not None)
        block = app.transcript.current()
        draws = []
        original = block.update
        block.update = lambda *a, **k: (draws.append(1), original(*a, **k))
        await wait_until(pilot, lambda: not block.streaming, timeout=10)
        tokens = len(block.speech)
        assert tokens > 50 and len(draws) < tokens / 4
        await pilot.press("q")


@pytest.fixture
def fake_llm():
    from fake_openai import FakeOpenAI
    from llm_fixtures import scripted_model

    def slow(body):
        r = scripted_model(body)
        r.chunk_chars = 4
        return r

    with FakeOpenAI(responder=slow) as srv:
        yield srv


async def test_debate_on_a_fake_streaming_llm_server(tmp_path, fake_llm):
    from llm_fixtures import make_setup

    from roleplay.llm.faults import RetryPolicy

    setup = make_setup(rounds=4, lang="en")
    backends = {
        p.id: make_backend(
            "openai-compatible:fake", base_url=fake_llm.base_url, retry=RetryPolicy(base_s=0.01, max_s=0.05)
        )
        for p in setup.personas
    }
    control = DebateControl()
    control.pause()
    app = LiveApp(setup, backends, tmp_path / "run", "tuillm01", control=control)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.board is not None and app.board.round == 1)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, InjectScreen))
        await type_text(pilot, "New fact: budget halved")
        await pilot.press("enter")
        await pilot.press("space")
        await wait_until(pilot, lambda: app.finished, timeout=15, what="the LLM debate to end")
        assert app.board.status == "finished" and app.board.usage.calls == 12
        await wait_until(pilot, lambda: "tokens" in str(app.side.query_one("#progress", Static).content))
        await pilot.press("q")
    assert any("New fact: budget halved" in str(r.body["messages"]) for r in fake_llm.requests)
    turns = [e.turn for e in events_in(tmp_path / "run") if isinstance(e, TurnCompleted)]
    assert len(turns) == 12 and all(t.status == "ok" and t.usage.completion_tokens > 0 for t in turns)
