"""Workshop scripts: loading and checking, the example workshop end to end, the director."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.control import DebateControl
from roleplay.debate.events import DebateStarted, RoundStarted
from roleplay.debate.move import ModeratorNote
from roleplay.errors import FileFormatError, InputError
from roleplay.formats.workshop import DEFAULT_DEBRIEF, STAGE_FILE, Workshop, debrief_questions, load_workshop
from roleplay.i18n.catalog import t
from roleplay.offline.negotiator import decide
from roleplay.runs.transcript import load_run
from roleplay.runs.workshop_run import (
    StageDirector,
    StandIn,
    WorkshopSummary,
    run_headless,
    run_workshop,
    tui_runner,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "workshops" / "article-paths.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def example_run(tmp_path_factory) -> tuple[Path, WorkshopSummary]:
    """The example workshop run once, headless, for the tests that read its output."""
    out = tmp_path_factory.mktemp("ws")
    return asyncio.run(run_workshop(EXAMPLE, out))


def test_example_has_three_stages_on_three_paths_one_in_chinese():
    ws = load_workshop(EXAMPLE)
    assert load_workshop("article-paths") == ws  # bundled id
    assert len(ws.stages) == 3
    assert len({s.path for s in ws.stages}) == 3 and all(s.path for s in ws.stages)
    assert len({s.scenario for s in ws.stages}) == 3
    assert "zh-Hant" in {s.lang for s in ws.stages}
    assert all(s.interventions and s.debrief for s in ws.stages)


def test_example_runs_end_to_end_headless(example_run):
    root, summary = example_run
    assert [r.status for r in summary.stages] == ["finished"] * 3
    assert sorted(p.name for p in root.iterdir()) == [
        "1-demand-signals",
        "2-patient-capital",
        "3-chip-controls",
        "summary.md",
        "workshop-options.json",
        "workshop.json",
    ]
    again = WorkshopSummary.model_validate_json((root / "workshop.json").read_text(encoding="utf-8"))
    assert again == summary
    md = (root / "summary.md").read_text(encoding="utf-8")
    for r in summary.stages:
        assert r.title in md and r.folder in md and r.path_name in md
        scored = t("doc-ws-scored", summary.workshop.lang, n=r.n_scored)  # "(6/6 elements scored)"
        assert r.total is not None and f"{r.total}/24" in md and scored in md


def test_interventions_arrive_in_their_round_before_its_first_turn(example_run):
    root, summary = example_run
    ws = load_workshop(EXAMPLE)
    for st, res in zip(ws.stages, summary.stages, strict=True):
        run = load_run(root / res.folder)
        notes = [
            e for e in run.events if getattr(e, "note", None) is not None and e.note.kind == "facilitator"
        ]
        assert [n.note.round for n in notes] == [iv.round for iv in st.interventions]
        assert [n.note.text for n in notes] == res.interventions
        for n in notes:
            later = [e for e in run.events if e.seq > n.seq and e.type == "turn_completed"]
            assert later and later[0].turn.round == n.note.round


async def test_the_facilitator_note_reaches_the_first_speaker_of_its_round(tmp_path, scripted):
    small = _write(
        tmp_path, BASE + "    rounds: 4\n    interventions: [{round: 3, text: 限時五分鐘內達成共識}]\n"
    )
    recorders: list = []

    async def recording(ps, folder, control, sinks):
        # the offline negotiator's moves, every request kept (what the engine sends)
        mine = {pid: scripted(then=decide, label=b.label) for pid, b in ps.backends.items()}
        recorders.extend(mine.values())
        ps.backends.update(mine)
        await run_headless(ps, folder, control, sinks)

    root, summary = await run_workshop(small, tmp_path / "out", runner=recording)
    seen = [req for rec in recorders for req in rec.requests]
    events = load_run(root / summary.stages[0].folder).events
    note = next(e for e in events if e.type == "moderator_spoke" and e.note.kind == "facilitator")
    first_turn = next(e for e in events if e.type == "turn_started" and e.round == 3)
    assert (note.note.round, note.note.text) == (3, "限時五分鐘內達成共識")
    assert note.seq < first_turn.seq, "the note comes before the round's first turn"
    assert not any(e.type == "turn_started" and e.round == 3 for e in events if e.seq < note.seq)
    for req in seen:
        has = any(n.kind == "facilitator" and n.text == "限時五分鐘內達成共識" for n in req.notes)
        assert has == (req.round >= 3), f"{req.turn_id} sees the note: {has}"


async def test_the_negotiators_answer_an_intervention_from_its_round_on(tmp_path):
    """The same stage with and without the note: identical until the note, different after it."""

    async def speeches(extra: str, name: str) -> list[tuple[int, str]]:
        path = tmp_path / f"{name}.yaml"
        path.write_text(BASE + "    rounds: 4\n" + extra, encoding="utf-8")
        root, summary = await run_workshop(path, tmp_path / name)
        return [
            (t.round, t.move.speech if t.move else "")
            for t in load_run(root / summary.stages[0].folder).turns()
        ]

    plain = await speeches("", "plain")
    noted = await speeches("    interventions: [{round: 3, text: 限時五分鐘內達成共識}]\n", "noted")
    assert [x for x in plain if x[0] < 3] == [x for x in noted if x[0] < 3]
    assert [x for x in plain if x[0] == 3] != [x for x in noted if x[0] == 3]


def test_round_limit_human_stand_in_and_stage_file(example_run):
    root, summary = example_run
    chip = load_run(root / "3-chip-controls")
    assert chip.ended.rounds == 5 and chip.turns()[-1].phase == "vote"
    first = load_run(root / "1-demand-signals")
    assert first.started.backends["startup"] == StandIn().label
    assert summary.stages[0].human_seats == ["startup"]
    stage = json.loads((root / "2-patient-capital" / STAGE_FILE).read_text(encoding="utf-8"))
    assert stage["debrief"][0].startswith("文章要求政府")


def test_time_limit_stops_the_debate():
    control = DebateControl()
    ticks = iter([0.0, 1.0, 5.0, 11.0])
    stage = Workshop.model_validate(
        {"id": "w", "title": "t", "stages": [{"id": "s", "scenario": "patient-capital", "time_limit_s": 10}]}
    ).stages[0]
    director = StageDirector(stage, "zh", control, clock=lambda: next(ticks))
    note = ModeratorNote(kind="announce", text="x", round=1)
    for _ in range(2):
        director(RoundStarted(round=1, phase="opening", speakers=[], note=note))
        assert not control.stopped
    director(RoundStarted(round=2, phase="opening", speakers=[], note=note))
    assert control.stopped and director.timed_out
    assert control.stop_reason == "time limit of 10 s reached"


async def test_time_limit_in_a_real_stage(tmp_path):
    tiny = _write(tmp_path, BASE + "    time_limit_s: 0.000001\n")
    root, summary = await run_workshop(tiny, tmp_path / "out")
    r = summary.stages[0]
    assert (r.status, r.turns, r.total) == ("stopped", 0, None)
    assert r.reason == "time limit of 1e-06 s reached"
    assert load_run(root / r.folder).ended.reason == r.reason, (
        "the transcript says why, not 'the facilitator'"
    )


def _one_turn_then_time_up(ps, folder, control, sinks):
    """A runner whose clock passes the stage's time limit as soon as the first turn ends."""
    director, turns = sinks[0], []
    director.clock = lambda: director.t0 + (1e9 if turns else 0.0)

    def watch(e):
        if e.type == "turn_completed":
            turns.append(e)

    return run_headless(ps, folder, control, [watch, *sinks])


async def test_a_stage_cut_short_by_its_time_limit_says_so(tmp_path):
    from roleplay.cli.lab import _stage_line

    ws = _write(tmp_path, "lang: en\n" + BASE + "    lang: en\n    time_limit_s: 60\n")
    root, summary = await run_workshop(ws, tmp_path / "out", runner=_one_turn_then_time_up)
    r = summary.stages[0]
    # round 1 of patient-capital is sealed (simultaneous): its five turns finish together
    assert (r.status, r.turns, r.rounds, r.reason) == ("stopped", 5, 1, "time limit of 60 s reached")
    assert r.cut_short and r.planned_rounds > 1
    md = (root / "summary.md").read_text(encoding="utf-8")
    assert f"1/{r.planned_rounds} rounds, 5 turns" in md
    assert "cut short: time limit of 60 s reached" in md
    line = _stage_line(r, root)
    assert line.startswith("1. a: stopped: time limit of 60 s reached; 1/") and "5 turns" in line
    assert r.total is not None and "scored as it stood" in line and "scored as the debate stood" in md


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "w.yaml"
    p.write_text(body, encoding="utf-8")
    return p


BASE = "id: w\ntitle: t\nstages:\n  - id: a\n    scenario: patient-capital\n"


@pytest.mark.parametrize(
    "extra,needle",
    [
        pytest.param("    seats: {nobody: human}\n", "stages.0.seats.nobody", id="unknown-seat"),
        pytest.param("    path: p9_nothing\n", "p4_patient_capital", id="unknown-path"),
        pytest.param(
            "    rounds: 3\n    interventions: [{round: 4, text: late}]\n",
            "round 4 never runs",
            id="late-intervention",
        ),
        pytest.param("    debreif: [q]\n", "did you mean 'debrief'", id="misspelled-key"),
        pytest.param("    time_limit_s: 0\n", "time_limit_s", id="zero-time-limit"),
        pytest.param("  - id: a\n    scenario: chip-controls\n", "used more than once", id="duplicate-stage"),
    ],
)
def test_bad_workshop_files_name_the_field(tmp_path, extra, needle):
    with pytest.raises(FileFormatError) as e:
        load_workshop(_write(tmp_path, BASE + extra))
    assert needle in str(e.value) and "w.yaml" in str(e.value)


def test_unknown_scenario_fails_before_any_stage_runs(tmp_path):
    bad = _write(tmp_path, BASE + "  - id: b\n    scenario: no-such-scenario\n")
    res = runner.invoke(app, ["workshop", "run", str(bad), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "no-such-scenario" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_cli_workshop_run_and_validate(tmp_path):
    small = _write(tmp_path, BASE + "    rounds: 2\n    seats: {startup: human}\n")
    res = runner.invoke(app, ["workshop", "validate", str(small)])
    assert res.exit_code == 0 and "1 stage)" in res.output  # singular (issue #11)
    res = runner.invoke(app, ["workshop", "run", str(small), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    root = next((tmp_path / "out").iterdir())
    assert f"saved: {root}" in res.output and (root / "1-a" / "events.jsonl").is_file()


@pytest.mark.parametrize(
    "where,needle",
    [
        pytest.param("file", "is a file", id="a-file"),
        pytest.param("/proc/roleplay-no-such-dir", "cannot create", id="unwritable"),
    ],
)
def test_cli_workshop_run_out_must_be_a_writable_folder(tmp_path, where, needle):
    small = _write(tmp_path, BASE + "    rounds: 2\n")
    out = tmp_path / "afile" if where == "file" else Path(where)
    if where == "file":
        out.write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["workshop", "run", str(small), "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert needle in res.output and str(out) in res.output and "Traceback" not in res.output


def test_cli_workshop_run_on_a_server_with_base_url(tmp_path):
    from fake_openai import FakeOpenAI
    from llm_fixtures import scripted_model

    small = _write(tmp_path, BASE + "    lang: en\n    rounds: 2\n    seats: {startup: human}\n")
    with FakeOpenAI(responder=scripted_model) as srv:
        url = srv.base_url
        res = runner.invoke(
            app,
            [
                "workshop",
                "run",
                str(small),
                "--model",
                "openai-compatible:fake",
                "--base-url",
                url,
                "--out",
                str(tmp_path / "out"),
            ],
        )
        calls = len(srv.requests)
    assert res.exit_code == 0, res.output
    run = load_run(next((tmp_path / "out").iterdir()) / "1-a")
    assert run.started.backends["vc"] == f"openai-compatible:fake@{url}" and calls > 0
    assert run.started.backends["startup"] == StandIn().label


async def test_tui_runner_gets_no_backend_for_human_seats(tmp_path):
    small = _write(tmp_path, BASE + "    rounds: 2\n    seats: {vc: human, soe: offline}\n")
    seen = {}

    async def fake_tui(ps, folder, control, sinks):
        seen["backends"] = sorted(ps.backends)
        ps.backends.update({pid: StandIn() for pid in ps.stage.human_seats()})
        await run_headless(ps, folder, control, sinks)

    _root, summary = await run_workshop(small, tmp_path / "out", runner=fake_tui)
    assert "vc" not in seen["backends"] and "soe" in seen["backends"]
    assert summary.mode == "tui" and summary.stages[0].status == "finished"


def test_tui_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "roleplay.tui.live", None)
    with pytest.raises(InputError, match="without --tui"):
        tui_runner()


async def test_tui_opens_each_stage_and_the_director_steers_it(tmp_path):
    pytest.importorskip("textual")
    small = _write(
        tmp_path,
        BASE + "    rounds: 3\n    seats: {soe: offline}\n"
        "    interventions: [{round: 2, text: 新規則公布}]\n",
    )
    opened = []

    async def drive(app, pilot):
        from roleplay.tui.testing import wait_until

        opened.append(type(app).__name__)
        await wait_until(pilot, lambda: app.finished, timeout=20, what="the stage to end")
        await pilot.press("q")

    root, summary = await run_workshop(small, tmp_path / "out", runner=tui_runner(drive=drive))
    assert opened == ["StageApp"] and summary.mode == "tui"
    r = summary.stages[0]
    assert r.status == "finished" and r.interventions == ["新規則公布"]
    notes = [e.note for e in load_run(root / r.folder).events if e.type == "moderator_spoke"]
    assert any(n.kind == "facilitator" and n.round == 2 and n.text == "新規則公布" for n in notes)


async def test_tui_seats_two_human_seats_one_form_at_a_time(tmp_path):
    pytest.importorskip("textual")
    # two rounds: proposals in turn, then the sealed vote where both forms are due at once
    two = _write(tmp_path, BASE + "    rounds: 2\n    seats: {vc: human, soe: human}\n")
    answered: list[str] = []

    async def drive(app, pilot):
        from textual.widgets import Select

        from roleplay.tui.testing import type_text, wait_until

        while True:
            await wait_until(
                pilot,
                lambda: (app.human_form is not None and app.human_form.ready) or app.finished,
                timeout=20,
            )
            if app.finished:
                break
            form = app.human_form
            await type_text(pilot, "我們支持耐心資本。")
            if form.req.round_spec.phase == "vote":
                for p in form.req.table:
                    form.query_one(f"#stance-{p.id}", Select).value = "support"
            answered.append(form.req.persona.id)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda form=form: app.human_form is not form)
        await pilot.press("q")

    root, summary = await run_workshop(two, tmp_path / "out", runner=tui_runner(drive=drive))
    assert summary.stages[0].status == "finished"
    turns = load_run(root / summary.stages[0].folder).turns()
    human = [t.persona for t in turns if t.backend == "human"]
    assert sorted(set(human)) == ["soe", "vc"] and human == answered and len(human) == 4


def test_default_debrief_questions_in_both_languages():
    assert debrief_questions(None, "en")[0] == "Whose red line shaped the final package most, and why?"
    assert len(debrief_questions(None, "en")) == len(DEFAULT_DEBRIEF) == 4
    assert debrief_questions(None, "zh-Hant")[0] == "哪一方的紅線最終決定了方案的形狀？為什麼？"
    assert debrief_questions(None, "zh-Hans")[0] == "哪一方的红线最终决定了方案的形状？为什么？"


def test_debate_started_records_the_stage_language(example_run):
    root, _summary = example_run
    first = load_run(root / "1-demand-signals").started
    assert isinstance(first, DebateStarted) and first.lang == "en"
    assert load_run(root / "2-patient-capital").started.lang == "zh-Hant"
