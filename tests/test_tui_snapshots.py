"""SVG snapshots of the main screens in Chinese and English, at 80x24 and 100x30.

The screens show recorded debates (``tests/tui_frozen/{zh,en}.jsonl``, patient-capital, four
rounds), fed through the live app's message path by a stand-in engine, so the pictures do
not move when persona texts, phrasebooks, templates or the scorer change. Update after an
intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and look at
the pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from roleplay.debate.backend import TurnRequest, public_card
from roleplay.debate.backends import make_backend
from roleplay.debate.control import DebateControl
from roleplay.debate.events import TurnCompleted
from roleplay.debate.setup import DebateSetup
from roleplay.formats.scenario import RoundSpec
from roleplay.tui import LiveApp, RunIndex, replay_app
from roleplay.tui.screens import PersonaCardScreen
from roleplay.tui.testing import wait_until

FROZEN = Path(__file__).parent / "tui_frozen"


def frozen(lang: str) -> RunIndex:
    path = FROZEN / f"{lang}.jsonl"
    return RunIndex(path.read_text(encoding="utf-8").splitlines(), path)


def live(tmp_path: Path, lang: str, turns: int | None, **kw) -> LiveApp:
    """A live app showing the recorded debate up to ``turns`` turns, paused (None: all of it)."""
    index = frozen(lang)
    s = index.started
    setup = DebateSetup(
        scenario=s.scenario,
        personas=s.personas,
        rubric=s.rubric,
        seed=s.seed,
        lang=s.lang,
        rounds=index.types.count("round_started"),
    )

    async def engine(sink) -> None:
        done = 0
        for e in index.events():
            sink(e)
            done += isinstance(e, TurnCompleted)
            if done == turns:
                return

    control = DebateControl()
    if turns is not None:
        control.pause()
    backends = {pid: make_backend("offline") for pid in s.scenario.personas}
    return LiveApp(setup, backends, tmp_path / "run", "snap0001", control=control, engine=engine, **kw)


async def settled(pilot, app: LiveApp, turns: int | None) -> None:
    """Wait until the app shows ``turns`` turns (or the ending), with no toasts."""
    await wait_until(
        pilot, lambda: app.board is not None and (app.finished if turns is None else app.board.turns == turns)
    )
    await wait_until(pilot, lambda: app.side_settled)
    app.clear_notifications()
    await pilot.pause()


def human_request(index: RunIndex, pid: str = "ministry") -> TurnRequest:
    """A negotiation-round request for ``pid`` with the recorded table after round 2."""
    events = index.events()
    done = [e for e in events if isinstance(e, TurnCompleted) and e.turn.round <= 2]
    table = done[-1].table
    s = index.started
    persona = next(p for p in s.personas if p.id == pid)
    return TurnRequest(
        turn_id=f"r3-t12-{pid}",
        round=3,
        round_spec=RoundSpec(phase="negotiation"),
        total_rounds=4,
        persona=persona,
        others=[public_card(p) for p in s.personas if p.id != pid],
        scenario=s.scenario,
        rubric=s.rubric,
        lang=s.lang,
        seed=s.seed,
        turn_index=len(done),
        table=table,
        history=[e.turn for e in done],
    )


def test_live_zh_80x24_paused_mid_debate(snap_compare, tmp_path):
    app = live(tmp_path, "zh", turns=12)
    assert snap_compare(app, terminal_size=(80, 24), run_before=lambda p: settled(p, app, 12))


def test_live_en_100x30_finished(snap_compare, tmp_path):
    app = live(tmp_path, "en", turns=None)
    assert snap_compare(app, terminal_size=(100, 30), run_before=lambda p: settled(p, app, None))


def test_live_en_switched_to_zh_labels(snap_compare, tmp_path):
    app = live(tmp_path, "en", turns=7)

    async def before(pilot):
        await settled(pilot, app, 7)
        await pilot.press("l")
        await wait_until(pilot, lambda: app.side_settled)
        app.clear_notifications()

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


def _human_form(snap_compare, tmp_path, lang: str, size: tuple[int, int]) -> bool:
    """The live app after round 2, with the ministry's form open beside the transcript."""
    index = frozen(lang)
    req = human_request(index)
    app = live(tmp_path, lang, turns=len(req.history))

    async def before(pilot):
        await settled(pilot, app, len(req.history))
        form = app.open_human_form(req, lambda move: None)
        await wait_until(pilot, lambda: form.ready)
        form.query_one(TextArea).cursor_blink = False
        await wait_until(pilot, lambda: app.side_settled)
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=before)


def test_human_seat_form_zh_80x24(snap_compare, tmp_path):
    assert _human_form(snap_compare, tmp_path, "zh", (80, 24))


def test_human_seat_form_en_80x24(snap_compare, tmp_path):
    assert _human_form(snap_compare, tmp_path, "en", (80, 24))


def test_human_seat_form_zh_120x40(snap_compare, tmp_path):
    assert _human_form(snap_compare, tmp_path, "zh", (120, 40))


def test_human_seat_form_en_120x40(snap_compare, tmp_path):
    assert _human_form(snap_compare, tmp_path, "en", (120, 40))


def test_replay_zh_mid_run(snap_compare):
    index = frozen("zh")
    app = replay_app(index, Path("run"))

    async def before(pilot):
        app.goto(15)
        await wait_until(pilot, lambda: app.side_settled)

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


def test_replay_en_light_theme_80x24_at_end(snap_compare):
    app = replay_app(frozen("en"), Path("run"), theme="light", at_end=True)

    async def before(pilot):
        await wait_until(pilot, lambda: app.cursor > 0 and app.side_settled)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_persona_card_zh(snap_compare):
    app = replay_app(frozen("zh"), Path("run"))

    async def before(pilot):
        await wait_until(pilot, lambda: app.side_settled)
        await pilot.press("c", "2")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonaCardScreen))

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
