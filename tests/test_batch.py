"""Batch experiments: seeds, resuming (including after a real kill), the aggregate report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import roleplay.batch as batch
from roleplay.batch import BatchSpec, check_manifest, is_finished, parse_seeds, run_batch, seed_folder
from roleplay.batch_report import BatchReport, aggregate, distribution
from roleplay.cli import app
from roleplay.errors import InputError

REPO = Path(__file__).resolve().parents[1]
SPEC = BatchSpec(scenario="patient-capital", scenario_id="patient-capital", model="offline", rounds=3)
runner = CliRunner()


@pytest.mark.parametrize("text,seeds", [
    pytest.param("1-5", [1, 2, 3, 4, 5], id="range"),
    pytest.param("7", [7], id="one"),
    pytest.param("3, 1,10-11,3", [1, 3, 10, 11], id="list-dedup"),
])
def test_parse_seeds(text, seeds):
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize("text", ["", "a-b", "5-1", "1--3", "1-"])
def test_parse_seeds_rejects(text):
    with pytest.raises(InputError, match="--seeds"):
        parse_seeds(text)


def test_distribution_counts_and_says_n():
    d = distribution([1, 3, 3, 4], 5)
    assert (d.n_scored, d.n_total, d.mean, d.median, d.min, d.max) == (4, 5, 2.75, 3, 1, 4)
    assert d.counts == {"1": 1, "3": 2, "4": 1}
    empty = distribution([], 5)
    assert (empty.n_scored, empty.n_total, empty.mean) == (0, 5, None)


def test_batch_report_counts_every_figure_out_of_n_total(tmp_path):
    report = run_batch(SPEC, [1, 2, 3], tmp_path / "b")
    assert (report.n_total, report.n_scored, report.failed) == (3, 3, [])
    assert report.total.n_total == 3 and all(e.scores.n_total == 3 for e in report.elements)
    assert all(p.satisfaction.n_scored == 3 for p in report.personas)
    assert sum(report.consensus.values()) == 3
    again = BatchReport.model_validate_json((tmp_path / "b" / "report.json").read_text(encoding="utf-8"))
    assert again == report
    md = (tmp_path / "b" / "report.md").read_text(encoding="utf-8")
    assert "**3/3**" in md and "n = 3/3" in md and "國家耐心資本" in md


def test_failed_runs_are_counted_apart(tmp_path, monkeypatch):
    real = batch.prepare_seed

    def flaky(spec, seed):
        if seed == 2:
            raise RuntimeError("backend exploded")
        return real(spec, seed)

    monkeypatch.setattr(batch, "prepare_seed", flaky)
    check_manifest(tmp_path / "b", SPEC)
    outs = batch.run_seeds(SPEC, [1, 2, 3], tmp_path / "b")
    assert [o.status for o in outs] == ["finished", "error", "finished"]
    report = aggregate(SPEC, [1, 2, 3], tmp_path / "b")
    assert (report.n_scored, report.n_total) == (2, 3)
    assert [f.seed for f in report.failed] == [2] and "backend exploded" in report.failed[0].reason
    assert report.total.n_scored == 2 and report.total.n_total == 3
    assert all(i.n_scored == 2 and i.n_total == 3 for i in report.instruments)


def test_resume_redoes_only_unfinished_seeds(tmp_path):
    root = tmp_path / "b"
    run_batch(SPEC, [1, 2, 3], root)
    cut = seed_folder(root, 2) / "events.jsonl"
    lines = cut.read_text(encoding="utf-8").splitlines(keepends=True)
    cut.write_text("".join(lines[:-1]) + lines[-1][:20], encoding="utf-8")  # killed mid-write
    assert not is_finished(seed_folder(root, 2))
    stamps = {s: (seed_folder(root, s) / "events.jsonl").stat().st_mtime_ns for s in (1, 3)}
    report = run_batch(SPEC, [1, 2, 3, 4], root)
    assert report.n_scored == 4 and all(is_finished(seed_folder(root, s)) for s in (1, 2, 3, 4))
    assert stamps == {s: (seed_folder(root, s) / "events.jsonl").stat().st_mtime_ns for s in (1, 3)}


def test_manifest_refuses_another_batch(tmp_path):
    check_manifest(tmp_path, SPEC)
    with pytest.raises(InputError, match="another --out"):
        check_manifest(tmp_path, SPEC.model_copy(update={"scenario": "chip-controls", "scenario_id": "chip-controls"}))


def test_process_pool(tmp_path):
    report = run_batch(SPEC, [1, 2, 3, 4], tmp_path / "b", concurrency=2)
    assert report.n_scored == 4


def _batch_cmd(out: Path, seeds: str) -> list[str]:
    return [sys.executable, "-m", "roleplay", "batch", "patient-capital", "--seeds", seeds, "--concurrency", "2",
            "--rounds", "4", "--out", str(out)]


def test_killed_batch_finishes_on_restart_without_redoing_finished_seeds(tmp_path):
    out, seeds = tmp_path / "b", list(range(1, 25))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(_batch_cmd(out, "1-24"), cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while sum(is_finished(seed_folder(out, s)) for s in seeds) < 4:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = {s: (seed_folder(out, s) / "events.jsonl").stat() for s in seeds if is_finished(seed_folder(out, s))}
    assert 4 <= len(done) < len(seeds), "kill came too late to test resuming"
    res = subprocess.run(_batch_cmd(out, "1-24"), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "resumed" in res.stdout and "scored 24/24" in res.stdout
    for s, st in done.items():
        now = (seed_folder(out, s) / "events.jsonl").stat()
        assert (now.st_ino, now.st_mtime_ns) == (st.st_ino, st.st_mtime_ns), f"seed {s} was redone"
    assert all(is_finished(seed_folder(out, s)) for s in seeds)


@pytest.mark.parametrize("args,needle", [
    pytest.param(["--seeds", "9-1"], "--seeds", id="backwards"),
    pytest.param(["--concurrency", "0"], "--concurrency", id="zero-concurrency"),
    pytest.param(["--lang", "fr"], "--lang", id="bad-lang"),
    pytest.param(["--rounds", "0"], "--rounds", id="zero-rounds"),
])
def test_cli_batch_bad_input_exits_2(tmp_path, args, needle):
    res = runner.invoke(app, ["batch", "patient-capital", "--out", str(tmp_path / "b"), "--seeds", "1-2", *args])
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_cli_batch_unknown_scenario_writes_nothing(tmp_path):
    res = runner.invoke(app, ["batch", "no-such-scenario", "--out", str(tmp_path / "b")])
    assert res.exit_code == 2 and "no-such-scenario" in res.output
    assert not (tmp_path / "b").exists()


def test_cli_batch_prints_n_scored_over_n_total(tmp_path):
    res = runner.invoke(app, ["batch", "patient-capital", "--seeds", "1-2", "--rounds", "2", "--concurrency", "1",
                              "--out", str(tmp_path / "b")])
    assert res.exit_code == 0, res.output
    assert "scored 2/2 runs" in res.output and (tmp_path / "b" / "report.md").is_file()
