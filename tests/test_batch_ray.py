"""Batches on Ray (issue #13): the same runs as the process pool, a killed worker costs only
its seeds, and without Ray installed ``--executor ray`` says how to get it.

The Ray tests share one local instance (2 CPUs) started once for this module; they are
skipped when Ray is not installed (``pip install -e '.[test,ray]'``; .ci/run installs it).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.runs.batch import BatchSpec, run_batch
from roleplay.runs.batch_folder import is_finished, seed_folder
from roleplay.runs.batch_ray import MAX_CHUNK, chunks, ray_runner, run_batch_on_ray, write_back

pytestmark = pytest.mark.xdist_group("ray")  # one xdist worker, so one local Ray instance

SPEC = BatchSpec(scenario="patient-capital", scenario_id="patient-capital", model="offline", rounds=3)
VOLATILE = ("ts", "run_id")
runner = CliRunner()


def events(folder: Path) -> list[dict]:
    """A run's events without the fields that differ between any two runs (time, run id)."""
    out = []
    for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        for k in VOLATILE:
            e.pop(k, None)
        out.append(e)
    return out


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_chunks_give_each_cpu_about_four_and_never_exceed_the_cap() -> None:
    from roleplay.runs.batch import SeedJob

    jobs = [SeedJob(spec=SPEC, seed=s, folder=f"f{s}") for s in range(1, 101)]
    got = chunks(jobs, 2)
    assert [len(c) for c in got] == [13] * 7 + [9]  # ceil(100 / 8) = 13
    assert [j.seed for c in got for j in c] == list(range(1, 101))
    many = [SeedJob(spec=SPEC, seed=s, folder=f"f{s}") for s in range(1, 2001)]
    assert max(len(c) for c in chunks(many, 2)) == MAX_CHUNK == 50
    assert chunks(jobs[:3], 8) == [[j] for j in jobs[:3]]


def test_write_back_writes_events_last_and_refuses_paths_outside(tmp_path: Path) -> None:
    from roleplay.errors import InputError

    order: list[str] = []
    real = Path.write_bytes

    def spy(self: Path, data: bytes) -> int:
        order.append(self.name)
        return real(self, data)

    folder = tmp_path / "seed-0001"
    folder.mkdir()
    (folder / "error.txt").write_text("an earlier try failed", encoding="utf-8")
    try:
        Path.write_bytes = spy  # type: ignore[method-assign]
        write_back(
            folder, {"events.jsonl": b"{}\n", "transcript.md": "# 辯論".encode(), "scorecard.json": b"{}"}
        )
    finally:
        Path.write_bytes = real  # type: ignore[method-assign]
    assert order[-1] == "events.jsonl" and sorted(order) == [
        "events.jsonl",
        "scorecard.json",
        "transcript.md",
    ]
    assert not (folder / "error.txt").exists()
    mine = tmp_path / "seed-0003"
    mine.mkdir()
    (mine / "notes.txt").write_text("a student's notes", encoding="utf-8")
    with pytest.raises(InputError, match="seed-0003"):
        write_back(mine, {"events.jsonl": b"{}\n"})
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "a student's notes"
    assert (folder / "transcript.md").read_text(encoding="utf-8") == "# 辯論"
    with pytest.raises(InputError, match="outside its run folder"):
        write_back(tmp_path / "seed-0002", {"../escape.txt": b"x"})
    assert not (tmp_path / "escape.txt").exists()


def test_ray_runs_equal_the_process_pool_seed_by_seed(tmp_path: Path, ray_local) -> None:
    seeds = [1, 2, 3, 4, 5]
    a = run_batch(SPEC, seeds, tmp_path / "ray", concurrency=2, runner=ray_runner(2))
    b = run_batch(SPEC, seeds, tmp_path / "pool", concurrency=2)
    assert a.n_scored == b.n_scored == 5
    for s in seeds:
        assert events(seed_folder(tmp_path / "ray", s)) == events(seed_folder(tmp_path / "pool", s))
    ra = json.loads((tmp_path / "ray" / "report.json").read_text(encoding="utf-8"))
    rb = json.loads((tmp_path / "pool" / "report.json").read_text(encoding="utf-8"))
    assert ra["total"] == rb["total"] and ra["adopted_runs"] == rb["adopted_runs"]


def _chunk_workers() -> list[int]:
    """PIDs of Ray worker processes currently running a chunk (Ray titles them
    ``ray::run_chunk_here``)."""
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes()
            except OSError:
                continue
            if cmd.startswith(b"ray::run_chunk_here"):
                pids.append(int(d.name))
    return pids


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds Ray workers through /proc")
@pytest.mark.parametrize("retries", [0, 2])
def test_a_killed_worker_costs_only_its_seeds_and_resume_finishes_each_seed_once(
    tmp_path: Path, ray_local, monkeypatch, retries: int
) -> None:
    """Without retries the killed chunk's seeds are reported lost and resume redoes just
    them; with Ray's retries (the default, RETRIES = 2) the chunk reruns and nothing is lost."""
    import roleplay.runs.batch_ray as batch_ray

    assert batch_ray.RETRIES == 2
    monkeypatch.setattr(batch_ray, "RETRIES", retries)
    root, seeds = tmp_path / "b", list(range(1, 25))
    from roleplay.runs.batch_manifest import check_manifest

    check_manifest(root, SPEC)
    lost: list[int] = []
    killed: list[int] = []

    def killer() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            if sum(is_finished(seed_folder(root, s)) for s in seeds) >= 3:
                for pid in _chunk_workers()[:1]:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.01)

    t = threading.Thread(target=killer)
    t.start()
    first = run_batch_on_ray(SPEC, seeds, root, cpus=2, on_lost=lambda ss, why: lost.extend(ss))
    t.join()
    assert killed, "no worker was running a chunk to kill"
    assert bool(lost) == (retries == 0)
    again = run_batch_on_ray(SPEC, seeds, root, cpus=2)
    assert sorted(o.seed for o in first + again) == seeds  # each seed written exactly once
    assert {o.seed for o in again} == set(lost)  # resume redid only what was lost
    for s in seeds:
        ev = events(seed_folder(root, s))
        assert [e["type"] for e in ev].count("debate_started") == 1
        assert [e["type"] for e in ev].count("debate_ended") == 1


def test_executor_ray_without_ray_says_how_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["batch", "patient-capital", "--seeds", "1-2", "--executor", "ray"])
    assert res.exit_code == 2
    assert "pip install 'roleplay[ray]'" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "transcripts").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--executor", "threads"], "--executor must be process or ray"),
        (["--address", "ray://head:10001"], "--address needs --executor ray"),
    ],
)
def test_bad_executor_options_exit_2_before_writing(tmp_path: Path, monkeypatch, args, needle) -> None:
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["batch", "patient-capital", "--seeds", "1-2", *args])
    assert res.exit_code == 2 and needle in res.output
    assert not (tmp_path / "transcripts").exists()


@pytest.mark.parametrize("address", ["127.0.0.1:1", "ray://127.0.0.1:1", "no-such-host.invalid:6379"])
def test_an_unreachable_address_is_refused_in_seconds(tmp_path, address):
    """`--address bogus:1234` hung for minutes in ray.init, printing Ray's internal logs."""
    started = time.monotonic()
    args = ["batch", "patient-capital", "--seeds", "1-2", "--executor", "ray", "--address", address]
    res = runner.invoke(app, [*args, "--out", str(tmp_path / "b")])
    assert res.exit_code == 2, res.output
    assert f"--address {address}: no Ray head answers" in res.output and "drop --address" in res.output
    assert time.monotonic() - started < 15
    assert not any(seed_folder(tmp_path / "b", s).exists() for s in (1, 2))


def moves(folder: Path) -> list[tuple[str, object]]:
    """Who moved what, in order: the moves of a run's turn events."""
    turns = [e["turn"] for e in events(folder) if e["type"] == "turn_completed"]
    return [(t["persona"], t["status"], t.get("move")) for t in turns]


def test_an_llm_batch_on_ray_actors_spreads_over_a_pool_and_equals_the_local_loop(
    tmp_path: Path, ray_local, monkeypatch
) -> None:
    """Two loopback servers in a pool, --per-server 2 over two actors: every seed finishes,
    both servers are used, neither ever has more than 2 calls in flight, and each seed's
    moves equal the same batch's on one local event loop (the fake replies are a function
    of the request)."""
    from collections import Counter

    import fake_openai
    from fake_openai import FakeOpenAI
    from llm_fixtures import scripted_model

    seen = {"now": Counter(), "max": Counter()}
    lock = threading.Lock()
    original = fake_openai._Handler.do_POST

    def counted(self) -> None:
        port = self.server.server_address[1]
        with lock:
            seen["now"][port] += 1
            seen["max"][port] = max(seen["max"][port], seen["now"][port])
        try:
            original(self)
        finally:
            with lock:
                seen["now"][port] -= 1

    def slow(body: dict) -> fake_openai.Reply:
        reply = scripted_model(body)
        reply.delay_s = 0.03
        return reply

    monkeypatch.setattr(fake_openai._Handler, "do_POST", counted)
    seeds = [1, 2, 3, 4]
    with FakeOpenAI(responder=slow) as a, FakeOpenAI(responder=slow) as b:
        model = f"openai-compatible:fake@{a.base_url},{b.base_url}"
        ports = [int(u.rsplit(":", 1)[1].split("/")[0]) for u in (a.base_url, b.base_url)]
        args = [
            "batch",
            "patient-capital",
            "--seeds",
            "1-4",
            "--model",
            model,
            "--rounds",
            "2",
            "--lang",
            "en",
        ]
        res = runner.invoke(
            app,
            [
                *args,
                "--executor",
                "ray",
                "--concurrency",
                "2",
                "--per-server",
                "2",
                "--out",
                str(tmp_path / "ray"),
            ],
        )
        assert res.exit_code == 0, res.output
        on_ray = dict(seen["max"])
        seen["max"].clear()
        local = BatchSpec(
            scenario="patient-capital", scenario_id="patient-capital", model=model, rounds=2, lang="en"
        )
        run_batch(local, seeds, tmp_path / "loop", concurrency=2)
    assert sorted(on_ray) == sorted(ports) and all(1 <= n <= 2 for n in on_ray.values())
    for s in seeds:
        assert is_finished(seed_folder(tmp_path / "ray", s))
        got = moves(seed_folder(tmp_path / "ray", s))
        assert got and got == moves(seed_folder(tmp_path / "loop", s))
    assert json.loads((tmp_path / "ray" / "report.json").read_text(encoding="utf-8"))["n_scored"] == 4
