"""The student seat (issue #12): the form sits beside the live transcript with a briefing of
the table in full, the open issues and what was said since the seat's last turn; it hides and
comes back; the other seats wait while it is open; several human seats answer in turn.

Driven with Pilot through whole offline debates (the sealed rounds of patient-capital
included), at 80x24 and 120x40, in Chinese and English.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Select, TextArea

from roleplay.debate.control import DebateControl
from roleplay.debate.events import DebateEnded, TurnCompleted, TurnStarted, parse_event
from roleplay.debate.session import prepare
from roleplay.tui import LiveApp
from roleplay.tui.briefing import supporters
from roleplay.tui.render import instrument_name, setting_text
from roleplay.tui.testing import type_text, wait_until


def events_in(folder) -> list:
    return [parse_event(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def plain(renderable) -> str:
    """The briefing as plain text, wide enough that no line wraps."""
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def visible(app: LiveApp, widget) -> bool:
    """The widget has a non-empty region inside the screen."""
    r, screen = widget.region, app.screen.region
    return r.width > 0 and r.height > 0 and screen.contains_region(r)


def check_form_beside_transcript(app: LiveApp) -> None:
    """At a human turn: transcript, briefing (every live proposal in full) and form on screen."""
    form = app.human_form
    assert form is not None and form.display
    assert visible(app, app.transcript) and visible(app, form)
    assert form.region.x >= app.transcript.region.right  # beside it, not over it
    assert visible(app, form.query_one("#briefing")) and visible(app, form.query_one("#speech", TextArea))
    text = plain(form.brief)
    started, lang, req = app.started, app.lang, form.req
    names = {p.id: p.short.in_(lang) for p in started.personas}
    for p in (p for p in req.table if not p.withdrawn):
        assert p.title in text
        for it in p.items:  # every instrument, its value with its unit
            assert instrument_name(started, it.instrument, lang) in text
            assert setting_text(started.rubric, it.instrument, it.value, lang) in text
        for who in supporters(req.history, p):
            assert names[who] in text


async def play(pilot, app: LiveApp, speech: str) -> None:
    """Write a speech; in the vote, support own-side proposals and oppose the rest."""
    form = app.human_form
    form.query_one("#speech", TextArea).focus()
    await type_text(pilot, speech)
    if form.req.round_spec.phase == "vote":
        for p in form.req.table:
            form.query_one(f"#stance-{p.id}", Select).value = (
                "support" if p.author == form.req.persona.id else "oppose"
            )
    await pilot.press("ctrl+s")


@pytest.mark.parametrize(
    ("lang", "size", "humans"),
    [("zh", (80, 24), ["ministry"]), ("en", (120, 40), ["ministry", "soe"])],
)
async def test_a_student_reads_the_debate_beside_the_form_at_every_turn(tmp_path, lang, size, humans):
    # three rounds: the sealed opening, proposals in turn, the sealed vote (every kind of turn)
    setup, offline = prepare("patient-capital", lang=lang, rounds=3)
    assert [r.phase for r in setup.agenda()] == ["opening", "proposal", "vote"]
    control = DebateControl()
    app = LiveApp(setup, offline, tmp_path / "run", "student1", control=control, human=humans)
    answered: list[tuple[str, int]] = []
    async with app.run_test(size=size) as pilot:
        while True:
            await wait_until(
                pilot,
                lambda: (app.human_form is not None and app.human_form.ready) or app.finished,
                what="a human turn",
                timeout=30,
            )
            if app.finished:
                break
            form = app.human_form
            await pilot.pause(0.2)  # the others had time to speak, if they were going to
            seen = len(app.events)
            check_form_beside_transcript(app)
            if not answered:  # hide and recall, once
                await pilot.press("escape")
                assert app.human_form is form and not form.display
                assert visible(app, app.transcript)
                await pilot.press("h")
                await wait_until(pilot, lambda f=form: f.display and f.query_one("#speech").has_focus)
            await pilot.pause(0.1)
            assert len(app.events) == seen  # no other seat spoke while the form was open
            pid = form.req.persona.id
            await play(pilot, app, f"{pid} turn {len(answered) + 1}: patient capital early and small.")
            answered.append((pid, form.req.round))
            await wait_until(pilot, lambda form=form: app.human_form is not form, what="the form to close")
        await pilot.press("q")
    events = events_in(tmp_path / "run")
    assert isinstance(events[-1], DebateEnded) and events[-1].status == "finished"
    human_turns = [e.turn for e in events if isinstance(e, TurnCompleted) and e.turn.backend == "human"]
    assert {t.persona for t in human_turns} == set(humans)
    assert len(human_turns) == len(answered) == len(setup.agenda()) * len(humans)
    # in turn: never two human turns started at once
    started = [e for e in events if isinstance(e, TurnStarted) and e.persona in humans]
    assert len(started) == len(answered)


async def test_the_briefing_shows_what_was_said_since_the_seats_last_turn(tmp_path):
    setup, offline = prepare("patient-capital", lang="en", rounds=3)
    app = LiveApp(setup, offline, tmp_path / "run", "student2", human="ministry")
    async with app.run_test(size=(120, 40)) as pilot:
        forms = 0
        while forms < 2:
            await wait_until(pilot, lambda: app.human_form is not None and app.human_form.ready, timeout=30)
            form = app.human_form
            text = plain(form.brief)
            mine = [
                i
                for i, e in enumerate(app.events)
                if isinstance(e, TurnCompleted) and e.turn.persona == "ministry"
            ]
            since = app.events[mine[-1] + 1 :] if mine else app.events
            others = [e.turn for e in since if isinstance(e, TurnCompleted)]
            before = [e.turn for e in app.events[: mine[-1]] if isinstance(e, TurnCompleted)] if mine else []
            if mine:
                assert others and before
                assert any(t.move and t.move.speech[:20] in text for t in others)
                assert not any(t.move and t.move.speech[:40] in text for t in before if t not in others)
            await play(pilot, app, "Ministry: early and small.")
            await wait_until(pilot, lambda form=form: app.human_form is not form)
            forms += 1
        await pilot.press("q")
