"""``roleplay run --resume``: a run killed at any point continues from its last finished turn,
and (offline engine, same seed) ends exactly as an uninterrupted run (issue #10, item 6)."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from conftest import SCENARIOS
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.debate.session import prepare, run_to_folder
from roleplay.errors import InputError
from roleplay.runs.resume import load_for_resume, resume_to_folder, setup_of
from roleplay.runs.transcript import load_run

runner = CliRunner()
SID = SCENARIOS[0]


def _fresh(folder: str) -> None:
    setup, backends = prepare(SID, seed=3)
    asyncio.run(run_to_folder(setup, backends, Path(folder), "kill0001"))


def _resume(folder: str) -> None:
    run, keep, opts = load_for_resume(Path(folder))
    setup = setup_of(run.started, opts.rounds)
    _, backends = prepare(SID, seed=3)
    asyncio.run(resume_to_folder(Path(folder), run, keep, setup, backends))


def _lines(folder: Path) -> list[dict]:
    out = []
    for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        e.pop("ts", None)
        out.append(e)
    return out


def _started(folder: Path) -> bool:
    """True once the first event (debate_started) is wholly on disk."""
    path = folder / "events.jsonl"
    return path.is_file() and b"\n" in path.read_bytes()


def _context():  # type: ignore[no-untyped-def]
    """Children forked from a clean, single-threaded fork server with roleplay preloaded: a
    plain fork of a pytest worker copies locks that other tests' threads (Ray, fake
    servers) may hold, and a child can then hang forever (seen once in a full-suite run)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["roleplay.debate.session", "roleplay.runs.resume", "test_resume"])
    return ctx


def _killed_until_finished(folder: Path, rng: random.Random, span: float) -> int:
    """Run (then resume) into ``folder``, SIGKILLing each child at a random moment, until a
    child finishes; returns the number of kills that landed."""
    ctx = _context()
    kills, tries = 0, 0
    while not (_started(folder) and load_run(folder).ended is not None):
        tries += 1
        assert tries < 200, "no child ever finished: the kill window is shorter than a run"
        target = _resume if _started(folder) else _fresh
        if target is _fresh and folder.exists():
            for p in folder.iterdir():  # killed before its first line: nothing to keep
                p.unlink()
        child = ctx.Process(target=target, args=(str(folder),))
        child.start()
        time.sleep(rng.uniform(0, span))
        if child.is_alive():
            try:
                os.kill(child.pid, signal.SIGKILL)
                kills += 1
            except ProcessLookupError:  # it finished just now (the fork server reaps at once)
                pass
        child.join()
    return kills


def test_ten_kill_9_at_random_points_lose_or_double_no_turn(tmp_path):
    whole = tmp_path / "whole"
    _fresh(str(whole))
    t0 = time.perf_counter()
    warm = _context().Process(target=_fresh, args=(str(tmp_path / "warm"),))
    warm.start()
    warm.join()
    # how long one child run takes here, start to end; kills land at random within 1.2x that
    span = max(0.05, 1.2 * (time.perf_counter() - t0))
    want = _lines(whole)
    want_turns = [e["turn"]["id"] for e in want if e["type"] == "turn_completed"]
    rng = random.Random(10)
    kills, tries = 0, 0
    while kills < 10:
        tries += 1
        folder = tmp_path / f"killed-{tries}"
        kills += _killed_until_finished(folder, rng, span)
        got = _lines(folder)
        turn_ids = [e["turn"]["id"] for e in got if e["type"] == "turn_completed"]
        assert len(turn_ids) == len(set(turn_ids))  # none doubled
        assert turn_ids == want_turns  # none lost
        assert got == want  # the same continuation, event for event (timestamps aside)
        assert [e["seq"] for e in got] == list(range(len(got)))
    assert kills >= 10


def test_cli_resume_after_a_cut_continues_with_the_recorded_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["run", SID, "--rounds", "3", "--out", "t", "-q"])
    assert res.exit_code == 0, res.output
    (folder,) = Path("t").iterdir()
    whole = _lines(folder)
    data = (folder / "events.jsonl").read_bytes()
    first = data.index(b"\n") + 1
    (folder / "events.jsonl").write_bytes(data[: first + (len(data) - first) // 2])  # torn mid-line
    res = runner.invoke(app, ["run", "--resume", str(folder), "-q"])
    assert res.exit_code == 0, res.output
    assert "resuming" in res.output and "finished turns" in res.output
    assert _lines(folder) == whole
    assert load_run(folder).ended.rounds == 3


def test_resume_refuses_a_finished_run_and_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["run", SID, "--out", "t", "-q"])
    (folder,) = Path("t").iterdir()
    before = (folder / "events.jsonl").read_bytes()
    res = runner.invoke(app, ["run", "--resume", str(folder)])
    assert res.exit_code == 2 and "finished" in res.output and "Traceback" not in res.output
    assert (folder / "events.jsonl").read_bytes() == before
    res = runner.invoke(app, ["run", "--resume", "nowhere"])
    assert res.exit_code == 2 and "nowhere" in res.output
    res = runner.invoke(app, ["run"])
    assert res.exit_code == 2 and "--resume" in res.output


def test_resume_point_is_the_last_finished_turn(tmp_path):
    _fresh(str(tmp_path / "r"))
    run = load_run(tmp_path / "r")
    with pytest.raises(InputError, match="finished"):
        load_for_resume(tmp_path / "r")
    assert run.ended is not None


# --- workshop run --resume ---------------------------------------------------------------------


def _stage_events(folder: Path) -> list[dict]:
    out = []
    for e in _lines(folder):
        e.pop("run_id", None)
        out.append(e)
    return out


@pytest.mark.parametrize("cut_stage", [1, 2])
def test_workshop_resume_continues_the_interrupted_stage_and_the_rest(tmp_path, cut_stage):
    import shutil

    res = runner.invoke(app, ["workshop", "run", "article-paths", "--out", str(tmp_path / "whole")])
    assert res.exit_code == 0, res.output
    (whole,) = (tmp_path / "whole").iterdir()
    crashed = tmp_path / "crashed" / whole.name
    shutil.copytree(whole, crashed)
    summary = json.loads((crashed / "workshop.json").read_text(encoding="utf-8"))
    stages = sorted(p.name for p in crashed.iterdir() if p.is_dir())
    summary["stages"] = summary["stages"][: cut_stage - 1]  # the crash came in stage cut_stage
    (crashed / "workshop.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    events = crashed / stages[cut_stage - 1] / "events.jsonl"
    data = events.read_bytes()
    first = data.index(b"\n") + 1
    events.write_bytes(data[: first + (len(data) - first) * 2 // 3])  # torn mid-line
    for later in stages[cut_stage:]:
        shutil.rmtree(crashed / later)
    res = runner.invoke(app, ["workshop", "run", "--resume", str(crashed)])
    assert res.exit_code == 0, res.output
    for name in stages:
        assert _stage_events(crashed / name) == _stage_events(whole / name), name
    got = json.loads((crashed / "workshop.json").read_text(encoding="utf-8"))["stages"]
    want = json.loads((whole / "workshop.json").read_text(encoding="utf-8"))["stages"]
    assert got == want
    res = runner.invoke(app, ["workshop", "run", "--resume", str(crashed)])
    assert res.exit_code == 2 and "nothing to resume" in res.output


def test_workshop_resume_needs_a_workshop_folder(tmp_path):
    res = runner.invoke(app, ["workshop", "run", "--resume", str(tmp_path)])
    assert res.exit_code == 2 and "workshop.json" in res.output
    res = runner.invoke(app, ["workshop", "run"])
    assert res.exit_code == 2 and "--resume" in res.output


def test_resume_refuses_a_run_another_command_is_writing_and_a_symlink(tmp_path, monkeypatch):
    from roleplay.runs.locks import folder_lock

    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["run", SID, "--rounds", "2", "--out", "t", "-q"])
    (folder,) = Path("t").iterdir()
    data = (folder / "events.jsonl").read_bytes()
    (folder / "events.jsonl").write_bytes(data[: len(data) // 2])
    before = (folder / "events.jsonl").read_bytes()
    with folder_lock(folder, "run"):
        res = runner.invoke(app, ["run", "--resume", str(folder)])
    assert res.exit_code == 2 and "another roleplay run is writing" in res.output
    assert (folder / "events.jsonl").read_bytes() == before
    link = tmp_path / "link"
    link.symlink_to(folder.resolve())
    res = runner.invoke(app, ["run", "--resume", str(link)])
    assert res.exit_code == 2 and "symlink" in res.output
    assert (folder / "events.jsonl").read_bytes() == before


def test_a_replay_that_goes_another_way_adds_nothing(tmp_path):
    from roleplay.errors import TranscriptError

    folder = tmp_path / "r"
    _fresh(str(folder))
    lines = (folder / "events.jsonl").read_bytes().splitlines(keepends=True)
    k = max(i for i, line in enumerate(lines) if b'"turn_completed"' in line)
    # the record names a turn the engine never makes
    cut = b"".join(lines[:k]).replace(b'"r1-t1-', b'"r1-t9-')
    (folder / "events.jsonl").write_bytes(cut)
    run, keep, opts = load_for_resume(folder)
    _, backends = prepare(SID, seed=3)
    with pytest.raises(TranscriptError, match="cannot be resumed"):
        asyncio.run(resume_to_folder(folder, run, keep, setup_of(run.started, opts.rounds), backends))


def test_run_options_never_keep_a_key_written_in_a_url(tmp_path):
    from roleplay.runs.resume import RunOptions, read_options, write_options

    spec = "openai-compatible:m@http://me:sk-secret123456@127.0.0.1:9/v1"
    write_options(tmp_path, RunOptions(model=spec, base_url="http://x:sk-other987654@127.0.0.1:8/v1"))
    saved = (tmp_path / "run-options.json").read_text(encoding="utf-8")
    assert "sk-secret123456" not in saved and "sk-other987654" not in saved and "me:" not in saved
    opts = read_options(tmp_path)
    assert opts.model == "openai-compatible:m@http://127.0.0.1:9/v1"
    assert opts.base_url == "http://127.0.0.1:8/v1"
