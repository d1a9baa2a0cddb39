"""``roleplay compare`` teaches (issue #12): the outcomes issue by issue and instrument by
instrument, and the first turn where the two runs' paths parted."""

from __future__ import annotations

import asyncio
import html

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.events import TurnCompleted
from roleplay.debate.session import prepare, run_to_folder
from roleplay.runs.divergence import instrument_rows, issue_rows, parted, parted_text
from roleplay.runs.transcript import Run, load_run
from roleplay.runs.words import Words

runner = CliRunner()


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp")
    folders = []
    for seed in (2, 4):  # both end in a deal, in different packages
        setup, backends = prepare("patient-capital", lang="en", seed=seed)
        folders.append(asyncio.run(run_to_folder(setup, backends, out / f"s{seed}", f"cmp{seed:05d}")))
    return folders


def with_turn_changed(run: Run, k: int) -> Run:
    """``run`` with the k-th finished turn (0-based) flipping its first stance."""
    events, seen = [], -1
    for e in run.events:
        if isinstance(e, TurnCompleted):
            seen += 1
            if seen == k:
                s = e.turn.move.stances[0]
                flipped = s.model_copy(update={"position": "oppose" if s.position != "oppose" else "support"})
                move = e.turn.move.model_copy(update={"stances": [flipped, *e.turn.move.stances[1:]]})
                e = e.model_copy(update={"turn": e.turn.model_copy(update={"move": move})})
        events.append(e)
    return Run.from_events(events)


def test_the_first_turn_where_paths_parted_is_named_with_what_differed(two):
    a = load_run(two[0])
    k = next(i for i, t in enumerate(a.turns()) if i > 5 and t.move and t.move.stances)
    b = with_turn_changed(a, k)
    p = parted(a, b)
    assert p == {"n": k + 1, "a": a.turns()[k].id, "b": a.turns()[k].id, "what": ["stances"]}
    assert parted(a, a) == {"n": None} and parted_text(a, a) == [Words("en").never]
    cut = Run.from_events(
        a.events[: a.events.index(next(e for e in a.events if isinstance(e, TurnCompleted))) + 1]
    )
    assert parted(cut, a) == {"n": 1, "ended": "A"}


def test_outcomes_differ_issue_by_issue_and_instrument_by_instrument(two):
    a, b = load_run(two[0]), load_run(two[1])
    oa = {o.issue: o.option for o in a.ended.scorecard.outcomes}
    ob = {o.issue: o.option for o in b.ended.scorecard.outcomes}
    rows = issue_rows(a, b)
    assert [r["differs"] for r in rows] == [oa.get(i.id) != ob.get(i.id) for i in a.started.scenario.issues]
    assert any(r["differs"] for r in rows), "seeds 2 and 4 end in different packages"
    pa, pb = a.ended.scorecard.package, b.ended.scorecard.package
    va = {i.instrument: i.value for i in pa.items}
    vb = {i.instrument: i.value for i in pb.items}
    inst = instrument_rows(a, b)
    assert len(inst) == len(set(va) | set(vb))
    assert sum(r["differs"] for r in inst) == sum(
        va.get(i) != vb.get(i) or (i in va) != (i in vb) for i in set(va) | set(vb)
    )
    assert all(r["a"] == Words("en").absent for r in inst if r["differs"] and r["a"] == Words("en").absent)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_compare_through_the_cli_shows_the_teaching_sections(two, tmp_path, fmt):
    out = tmp_path / f"c.{fmt}"
    res = runner.invoke(app, ["compare", str(two[0]), str(two[1]), "-f", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = html.unescape(out.read_text(encoding="utf-8"))
    w = Words("en")
    for key in ("parted", "by_issue", "by_instrument", "differs"):
        assert w[key] in text
    a, b = load_run(two[0]), load_run(two[1])
    for line in parted_text(a, b):
        assert line in text
    for r in issue_rows(a, b):
        assert r["name"] in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_chinese_compare_has_no_english_row_labels(tmp_path, fmt):
    """The zh compare's header table said "scenario" in English beside 隨機種子."""
    folders = []
    for seed in (1, 2):
        setup, backends = prepare("patient-capital", lang="zh", seed=seed)
        folders.append(asyncio.run(run_to_folder(setup, backends, tmp_path / f"z{seed}", f"zh{seed:05d}")))
    out = tmp_path / f"c.{fmt}"
    res = runner.invoke(app, ["compare", str(folders[0]), str(folders[1]), "-f", fmt, "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "場景" in text
    assert "| scenario |" not in text and "<th>scenario" not in text
