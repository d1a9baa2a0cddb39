"""Batch experiments: seeds, resuming (including after a real kill), the aggregate report."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import roleplay.runs.batch as batch
from roleplay.cli.main import app
from roleplay.debate.backend import TurnResult
from roleplay.errors import InputError
from roleplay.runs.batch import (
    BatchSpec,
    check_manifest,
    is_finished,
    parse_seeds,
    prepare_seed,
    run_batch,
    seed_folder,
)
from roleplay.runs.batch_report import BatchReport, aggregate, distribution
from roleplay.runs.transcript import load_run

REPO = Path(__file__).resolve().parents[1]
SPEC = BatchSpec(scenario="patient-capital", scenario_id="patient-capital", model="offline", rounds=3)
runner = CliRunner()


@pytest.mark.parametrize(
    "text,seeds",
    [
        pytest.param("1-5", [1, 2, 3, 4, 5], id="range"),
        pytest.param("7", [7], id="one"),
        pytest.param("3, 1,10-11,3", [1, 3, 10, 11], id="list-dedup"),
    ],
)
def test_parse_seeds(text, seeds):
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize(
    "text,needle",
    [
        pytest.param("", "not a seed", id="empty"),
        pytest.param("a-b", "not a seed", id="letters"),
        pytest.param("5-1", "backwards", id="backwards"),
        pytest.param("1--3", "not a seed", id="double-dash"),
        pytest.param("1-", "not a seed", id="open-range"),
        pytest.param("-5", "negative", id="negative"),
        pytest.param("-5-3", "negative", id="negative-range"),
        pytest.param("1-1000000000", "at most 100,000", id="too-many"),
        pytest.param("0-60000,100000-160000", "at most 100,000", id="too-many-in-two-ranges"),
    ],
)
def test_parse_seeds_rejects(text, needle):
    with pytest.raises(InputError, match="--seeds") as e:
        parse_seeds(text)
    assert needle in str(e.value)


def test_parse_seeds_counts_before_building_the_list():
    """A billion seeds is refused at once, not after filling memory with them."""
    t0 = time.perf_counter()
    with pytest.raises(InputError):
        parse_seeds("0-999999999999")
    assert time.perf_counter() - t0 < 0.5
    assert (
        parse_seeds("0,1-3") == [0, 1, 2, 3] and len(parse_seeds(f"1-{batch.MAX_SEEDS}")) == batch.MAX_SEEDS
    )


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
        check_manifest(
            tmp_path, SPEC.model_copy(update={"scenario": "chip-controls", "scenario_id": "chip-controls"})
        )
    with pytest.raises(InputError) as e:
        check_manifest(tmp_path, SPEC.model_copy(update={"rounds": 4, "model": None}))
    msg = str(e.value)
    assert "--model was 'offline', now the scenario's default" in msg and "--rounds was 3, now 4" in msg
    assert "{" not in msg, "the difference in words, not a Python dict"


def _own_scenario(tmp_path: Path) -> Path:
    """A copy of the bundled patient-capital scenario (and its personas) to edit."""
    shutil.copytree(REPO / "personas", tmp_path / "personas")
    (tmp_path / "scenarios").mkdir()
    return Path(shutil.copy(REPO / "scenarios" / "patient-capital.yaml", tmp_path / "scenarios"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_resume_refuses_edited_scenario_or_persona_files(tmp_path):
    yaml = _own_scenario(tmp_path)
    spec = SPEC.model_copy(update={"scenario": str(yaml)})
    root = tmp_path / "b"
    run_batch(spec, [1], root)
    assert json.loads((root / "batch.json").read_text(encoding="utf-8"))["content"]["sha256"]
    run_batch(spec, [1, 2], root)  # same files: resumes
    _edit(yaml, "voters: [ministry, startup, soe, vc]", "voters: [ministry, startup, soe]")
    batch.batch_setup.cache_clear()
    with pytest.raises(InputError) as e:
        run_batch(spec, [1, 2, 3], root)
    msg = str(e.value)
    assert "scenario field 'voters' has changed" in msg and "another --out" in msg and "{" not in msg
    assert not seed_folder(root, 3).exists()
    _edit(yaml, "voters: [ministry, startup, soe]", "voters: [ministry, startup, soe, vc]")
    persona = tmp_path / "personas" / "vc.yaml"
    persona.write_text(
        persona.read_text(encoding="utf-8") + "\n# a comment changes nothing\n", encoding="utf-8"
    )
    batch.batch_setup.cache_clear()
    run_batch(spec, [1, 2, 3], root)  # the same content again: resumes
    _edit(persona, "  en: Venture Capitalist", "  en: Venture Investor")
    batch.batch_setup.cache_clear()
    with pytest.raises(InputError, match="persona 'vc' has changed"):
        check_manifest(root, spec)
    batch.batch_setup.cache_clear()


def test_manifest_without_fingerprint_is_checked_against_the_seed_folders(tmp_path):
    """Batches begun before fingerprints existed: the runs' own DebateStarted is the record."""
    yaml = _own_scenario(tmp_path)
    spec = SPEC.model_copy(update={"scenario": str(yaml)})
    root = tmp_path / "b"
    run_batch(spec, [1], root)
    old = json.loads((root / "batch.json").read_text(encoding="utf-8"))
    del old["content"], old["base_url"], old["moderator_model"]
    (root / "batch.json").write_text(json.dumps(old), encoding="utf-8")
    _edit(yaml, "max_turns: 60", "max_turns: 59")
    batch.batch_setup.cache_clear()
    with pytest.raises(InputError, match="scenario field 'max_turns' has changed"):
        check_manifest(root, spec)
    batch.batch_setup.cache_clear()


def test_runs_where_every_turn_failed_are_failed_not_scored(tmp_path, monkeypatch, scripted):
    real = batch.prepare_seed
    # a model that never answers in the format: every turn fails
    broken = TurnResult(status="failed", error="model reply was not a move")

    def broken_on_two(spec, seed):
        setup, backends, judge = real(spec, seed)
        return (
            setup,
            (scripted.seats(backends, then=broken, label="broken") if seed == 2 else backends),
            judge,
        )

    monkeypatch.setattr(batch, "prepare_seed", broken_on_two)
    root = tmp_path / "b"
    res = runner.invoke(
        app,
        [
            "batch",
            "patient-capital",
            "--seeds",
            "1-3",
            "--rounds",
            "3",
            "--concurrency",
            "1",
            "--model",
            "offline",
            "--out",
            str(root),
        ],
    )
    assert res.exit_code == 1, res.output
    assert "scored 2/3 runs" in res.output and "n = 2/3" in res.output
    assert "seed 2 (seed-0002): failed:" in res.output and "model reply was not a move" in res.output
    report = BatchReport.model_validate_json((root / "report.json").read_text(encoding="utf-8"))
    assert [f.seed for f in report.failed] == [2] and report.total.n_scored == 2
    assert "seed 2 (`seed-0002`): failed:" in (root / "report.md").read_text(encoding="utf-8")


def test_a_finished_run_without_a_final_scorecard_is_not_scored(tmp_path):
    root = tmp_path / "b"
    run_batch(SPEC, [1, 2], root)
    path = seed_folder(root, 1) / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    assert last["type"] == "debate_ended" and last["status"] == "finished"
    last["scorecard"] = None
    path.write_text("\n".join([*lines[:-1], json.dumps(last, ensure_ascii=False)]) + "\n", encoding="utf-8")
    report = aggregate(SPEC, [1, 2], root)
    assert (report.n_scored, report.n_total, report.total.n_scored) == (1, 2, 1)
    assert report.failed[0].seed == 1 and report.failed[0].reason.startswith("unscored")


@pytest.mark.parametrize(
    "where,needle",
    [
        pytest.param("file", "is a file", id="a-file"),
        pytest.param("proc", "cannot write", id="unwritable"),
        pytest.param("run", "is a run folder", id="a-run-folder"),
    ],
)
def test_cli_batch_out_must_be_a_batch_folder(tmp_path, where, needle):
    if where == "file":
        out = tmp_path / "afile"
        out.write_text("x", encoding="utf-8")
    elif where == "proc":
        out = Path("/proc/roleplay-no-such-dir/b")
    else:
        run_batch(SPEC, [1], tmp_path / "b")
        out = seed_folder(tmp_path / "b", 1)
    before = sorted(out.iterdir()) if out.is_dir() else None
    res = runner.invoke(
        app, ["batch", "patient-capital", "--seeds", "1-2", "--rounds", "2", "--out", str(out)]
    )
    assert res.exit_code == 2, res.output
    assert needle in res.output and str(out) in res.output and "Traceback" not in res.output
    if before is not None:
        assert sorted(out.iterdir()) == before, "nothing written into the run folder"


def test_prepare_seed_passes_base_url_and_builds_the_judge():
    spec = BatchSpec(
        scenario="patient-capital",
        scenario_id="patient-capital",
        model="openai-compatible:fake",
        base_url="http://127.0.0.1:9/v1",
        moderator_model="openai-compatible:judge",
    )
    setup, backends, judge = prepare_seed(spec, 5)
    assert setup.seed == 5 and judge is not None and judge.label.startswith("openai-compatible:judge")
    assert {b.label for b in backends.values()} == {"openai-compatible:fake@http://127.0.0.1:9/v1"}
    assert not batch.all_offline(spec)
    assert prepare_seed(SPEC, 5)[2] is None and batch.all_offline(SPEC)


def test_process_pool(tmp_path):
    report = run_batch(SPEC, [1, 2, 3, 4], tmp_path / "b", concurrency=2)
    assert report.n_scored == 4


def _batch_cmd(out: Path, seeds: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "roleplay",
        "batch",
        "patient-capital",
        "--seeds",
        seeds,
        "--concurrency",
        "2",
        "--rounds",
        "4",
        "--out",
        str(out),
    ]


def test_killed_batch_finishes_on_restart_without_redoing_finished_seeds(tmp_path):
    out, seeds = tmp_path / "b", list(range(1, 25))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        _batch_cmd(out, "1-24"),
        cwd=tmp_path,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while sum(is_finished(seed_folder(out, s)) for s in seeds) < 4:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = {
        s: (seed_folder(out, s) / "events.jsonl").stat() for s in seeds if is_finished(seed_folder(out, s))
    }
    assert 4 <= len(done) < len(seeds), "kill came too late to test resuming"
    res = subprocess.run(
        _batch_cmd(out, "1-24"), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert "resumed" in res.stdout and "scored 24/24" in res.stdout
    for s, st in done.items():
        now = (seed_folder(out, s) / "events.jsonl").stat()
        assert (now.st_ino, now.st_mtime_ns) == (st.st_ino, st.st_mtime_ns), f"seed {s} was redone"
    assert all(is_finished(seed_folder(out, s)) for s in seeds)


@pytest.mark.parametrize(
    "args,needle",
    [
        pytest.param(["--seeds", "9-1"], "--seeds", id="backwards"),
        pytest.param(["--concurrency", "0"], "--concurrency", id="zero-concurrency"),
        pytest.param(["--lang", "fr"], "--lang", id="bad-lang"),
        pytest.param(["--rounds", "0"], "--rounds", id="zero-rounds"),
    ],
)
def test_cli_batch_bad_input_exits_2(tmp_path, args, needle):
    res = runner.invoke(
        app, ["batch", "patient-capital", "--out", str(tmp_path / "b"), "--seeds", "1-2", *args]
    )
    assert res.exit_code == 2, res.output
    assert needle in res.output and "Traceback" not in res.output


def test_cli_batch_unknown_scenario_writes_nothing(tmp_path):
    res = runner.invoke(app, ["batch", "no-such-scenario", "--out", str(tmp_path / "b")])
    assert res.exit_code == 2 and "no-such-scenario" in res.output
    assert not (tmp_path / "b").exists()


def test_cli_batch_on_a_server_with_a_judge_in_worker_processes(tmp_path):
    """--base-url and --moderator-model reach the worker processes, which build their own backends."""
    from fake_openai import FakeOpenAI
    from llm_fixtures import scripted_model

    root = tmp_path / "b"
    with FakeOpenAI(responder=scripted_model) as srv:
        url = srv.base_url
        res = runner.invoke(
            app,
            [
                "batch",
                "patient-capital",
                "--seeds",
                "1-2",
                "--rounds",
                "2",
                "--concurrency",
                "2",
                "--lang",
                "en",
                "--model",
                "openai-compatible:fake",
                "--base-url",
                url,
                "--moderator-model",
                "openai-compatible:judge",
                "--out",
                str(root),
            ],
        )
        judge_calls = [r for r in srv.requests if "impartial judge" in str(r)]
    assert res.exit_code == 0, res.output
    assert "scored 2/2 runs" in res.output and len(judge_calls) == 2
    for s in (1, 2):
        run = load_run(seed_folder(root, s))
        assert run.started.backends["moderator"].startswith("openai-compatible:judge")
        assert run.started.backends["vc"].startswith("openai-compatible:fake")
        assert run.ended.judge_scorecard is not None
    manifest = json.loads((root / "batch.json").read_text(encoding="utf-8"))
    assert (manifest["base_url"], manifest["moderator_model"]) == (url, "openai-compatible:judge")


def test_cli_batch_prints_n_scored_over_n_total(tmp_path):
    res = runner.invoke(
        app,
        [
            "batch",
            "patient-capital",
            "--seeds",
            "1-2",
            "--rounds",
            "2",
            "--concurrency",
            "1",
            "--out",
            str(tmp_path / "b"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "scored 2/2 runs" in res.output and (tmp_path / "b" / "report.md").is_file()
