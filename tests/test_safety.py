"""Nothing lost, nothing hangs (issue #10): output folders never trusted, one writer at a
time, every dropped line reported, read-only folders give a message."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import pytest
from conftest import SCENARIOS
from typer.testing import CliRunner

from roleplay.cli.main import app
from roleplay.runs.transcript import load_run

runner = CliRunner()
SID = SCENARIOS[0]


def one_run(tmp_path: Path) -> Path:
    res = runner.invoke(app, ["run", SID, "--rounds", "2", "--out", str(tmp_path / "t"), "-q"])
    assert res.exit_code == 0, res.output
    (folder,) = (tmp_path / "t").iterdir()
    return folder


def batch(out: Path, *extra: str):
    return runner.invoke(
        app, ["batch", SID, "--seeds", "1", "--rounds", "2", "--concurrency", "1", "--out", str(out), *extra]
    )


# --- 1. output folders are never trusted -------------------------------------------------------


def test_batch_keeps_a_users_file_in_a_seed_folder(tmp_path):
    # the command: mkdir -p out/seed-0001; echo x > out/seed-0001/notes.txt; roleplay batch ...
    (tmp_path / "out" / "seed-0001").mkdir(parents=True)
    (tmp_path / "out" / "seed-0001" / "notes.txt").write_text("x\n")
    res = batch(tmp_path / "out")
    assert res.exit_code == 2, res.output
    assert "notes.txt" in res.output and "--force" in res.output and "seed-0001" in res.output
    assert "Traceback" not in res.output
    assert (tmp_path / "out" / "seed-0001" / "notes.txt").read_text() == "x\n"


def test_batch_never_writes_through_a_symlinked_seed_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "seed-0001").symlink_to(elsewhere)
    res = batch(tmp_path / "out")
    assert res.exit_code == 2 and "symlink" in res.output
    assert list(elsewhere.iterdir()) == []
    res = batch(tmp_path / "out", "--force")  # replaces the link itself, never what it points to
    assert res.exit_code == 0, res.output
    assert list(elsewhere.iterdir()) == []
    assert not (tmp_path / "out" / "seed-0001").is_symlink()
    assert load_run(tmp_path / "out" / "seed-0001").ended is not None


def test_batch_refuses_a_folder_of_other_things(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("years of work")
    res = batch(tmp_path / "mine")
    assert res.exit_code == 2 and "thesis.docx" in res.output and "another --out" in res.output
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["thesis.docx"]


def test_batch_reruns_a_killed_seed_in_its_own_folder(tmp_path):
    assert batch(tmp_path / "out").exit_code == 0
    seed = tmp_path / "out" / "seed-0001" / "events.jsonl"
    data = seed.read_bytes()
    seed.write_bytes(data[: len(data) // 2])  # killed mid-run: the seed's own files are redone
    res = batch(tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert load_run(tmp_path / "out" / "seed-0001").ended is not None


@pytest.mark.parametrize("command", ["export", "compare"])
def test_export_and_compare_never_overwrite_without_force(tmp_path, command):
    folder = one_run(tmp_path)
    target = tmp_path / "hand-edited.html"
    target.write_text("my notes")
    args = [command, str(folder)] + ([str(folder)] if command == "compare" else []) + ["--out", str(target)]
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and str(target) in res.output and "--force" in res.output
    assert target.read_text() == "my notes"
    res = runner.invoke(app, [*args, "--force"])
    assert res.exit_code == 0, res.output
    assert target.read_text().startswith("<!")


def test_export_default_file_is_not_replaced_twice(tmp_path):
    folder = one_run(tmp_path)
    assert runner.invoke(app, ["export", str(folder), "-f", "md"]).exit_code == 0
    (folder / "export.md").write_text("edited")
    res = runner.invoke(app, ["export", str(folder), "-f", "md"])
    assert res.exit_code == 2 and (folder / "export.md").read_text() == "edited"


def test_forced_export_replaces_a_symlink_not_its_target(tmp_path):
    folder = one_run(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.md"
    link.symlink_to(victim)
    res = runner.invoke(app, ["export", str(folder), "-f", "md", "--out", str(link), "--force"])
    assert res.exit_code == 0, res.output
    assert victim.read_text() == "keep me" and not link.is_symlink()


@pytest.mark.parametrize("command", ["export", "compare"])
@pytest.mark.parametrize("name", ["events.jsonl", "scorecard.json", "run-options.json", ".roleplay-owned"])
def test_a_forced_export_never_replaces_the_runs_own_records(tmp_path, command, name):
    """`roleplay export RUN --out RUN/events.jsonl --force` replaced the run with its handout:
    the run could not be shown, scored or resumed again."""
    folder = one_run(tmp_path)
    target = folder / name
    if not target.exists():
        pytest.skip(f"this run folder has no {name}")
    before = target.read_bytes()
    args = [command, str(folder)] + ([str(folder)] if command == "compare" else [])
    res = runner.invoke(app, [*args, "-f", "md", "--out", str(target), "--force"])
    assert res.exit_code == 2 and str(target) in res.output and "another --out" in res.output
    assert target.read_bytes() == before
    assert load_run(folder).ended is not None


def test_a_run_never_appends_to_an_existing_run(tmp_path):
    import asyncio

    from roleplay.debate.session import prepare, run_to_folder
    from roleplay.errors import InputError

    folder = one_run(tmp_path)
    before = (folder / "events.jsonl").read_bytes()
    setup, backends = prepare(SID)
    with pytest.raises(InputError, match="already holds a run"):
        asyncio.run(run_to_folder(setup, backends, folder, "x"))
    assert (folder / "events.jsonl").read_bytes() == before


# --- 3. one writer at a time; read-only folders ------------------------------------------------


def test_a_second_batch_on_the_same_folder_is_refused(tmp_path):
    from roleplay.runs.locks import folder_lock

    (tmp_path / "out").mkdir()
    with folder_lock(tmp_path / "out", "batch"):
        res = batch(tmp_path / "out")
    assert res.exit_code == 2 and "another roleplay batch" in res.output
    assert not (tmp_path / "out" / "seed-0001").exists()
    assert batch(tmp_path / "out").exit_code == 0  # the lock went with its holder


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_list_and_search_on_a_read_only_folder(tmp_path):
    one_run(tmp_path)
    runs = tmp_path / "t"
    os.chmod(runs, stat.S_IRUSR | stat.S_IXUSR)
    try:
        for args in (["list", "--out", str(runs)], ["search", "capital", "--out", str(runs)]):
            res = runner.invoke(app, args)
            assert ("Traceback" not in res.output and res.exception is None) or isinstance(
                res.exception, SystemExit
            )
            assert res.exit_code == 0, res.output
    finally:
        os.chmod(runs, stat.S_IRWXU)


def test_list_works_read_only_when_the_index_cannot_be_written(tmp_path, monkeypatch):
    from roleplay.runs import library

    one_run(tmp_path)
    monkeypatch.setattr(library, "INDEX_FILE", "no-such-dir/index.sqlite")  # cannot be created
    res = runner.invoke(app, ["list", "--out", str(tmp_path / "t")])
    assert res.exit_code == 0, res.output
    assert "1 run under" in res.output and "read-only" in res.output


def test_concurrent_rebuilds_of_the_library_index(tmp_path):
    import multiprocessing

    one_run(tmp_path / "a")
    one_run(tmp_path / "b")
    ctx = multiprocessing.get_context("forkserver")  # not fork: see test_resume._context
    with ctx.Pool(4) as pool:
        counts = pool.map(_rebuild_count, [str(tmp_path)] * 4)
    assert counts == [2, 2, 2, 2]


def _rebuild_count(root: str) -> int:
    from roleplay.runs.library import Library

    with Library(Path(root), rebuild=True) as lib:
        return len(lib.runs())


# --- 4. loading reports every line it drops ----------------------------------------------------


def test_a_torn_last_line_cut_at_an_ascii_byte_is_reported(tmp_path):
    folder = one_run(tmp_path)
    path = folder / "events.jsonl"
    data = path.read_bytes().rstrip(b"\n")
    cut = data.rfind(b'"')  # an ASCII byte inside the last line
    path.write_bytes(data[:cut])
    n = data.count(b"\n") + 1
    assert load_run(folder).skipped == [
        f"line {n}: cut short (the run was stopped while writing it); line left out"
    ]
    res = runner.invoke(app, ["show", str(folder)])
    assert res.exit_code == 0 and f"line {n}: cut short" in res.output


# --- 2. input is bounded before it is parsed ---------------------------------------------------


def billion_laughs(path: Path) -> Path:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        p, c = chr(96 + i), chr(97 + i)
        rows.append(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["validate", "run"])
def test_billion_laughs_fails_fast(tmp_path, command):
    import time

    bomb = billion_laughs(tmp_path / "laughs.yaml")
    t = time.perf_counter()
    res = runner.invoke(app, [command, str(bomb)])
    assert time.perf_counter() - t < 0.5
    assert res.exit_code == 2 and "line 6" in res.output and "200,000 values" in res.output


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from roleplay.formats import yamlfile

    monkeypatch.setattr(yamlfile, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("brief: " + "x" * 2000 + "\n")
    res = runner.invoke(app, ["run", str(big)])
    assert res.exit_code == 2 and "2,008 bytes" in res.output and "limited to 1,000 bytes" in res.output


def test_a_nul_byte_is_reported_by_line(tmp_path):
    bad = tmp_path / "nul.yaml"
    bad.write_bytes(b"id: x\nname:\n  zh: a\x00b\n")
    res = runner.invoke(app, ["validate", str(bad)])
    assert res.exit_code == 2 and "line 3" in res.output and "NUL" in res.output


def test_show_cuts_a_huge_line_instead_of_rendering_it(tmp_path):
    import json
    import time

    folder = one_run(tmp_path)
    path = folder / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    k = next(i for i, line in enumerate(lines) if '"turn_completed"' in line)
    turn = json.loads(lines[k])
    turn["turn"]["move"]["speech"] = "long speech " * 300_000  # 3.6 MB on one line
    lines[k] = json.dumps(turn, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = time.perf_counter()
    res = runner.invoke(app, ["show", str(folder)])
    assert time.perf_counter() - t < 3
    assert res.exit_code == 0 and "more characters left out here" in res.output


# --- 5. child processes die with their parent --------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat_file.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_batch_workers_die_when_the_parent_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "roleplay",
            "batch",
            SID,
            "--seeds",
            "1-400",
            "--concurrency",
            "2",
            "--out",
            "b",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(proc.pid)) < 2:
            assert proc.poll() is None and time.monotonic() < deadline, "the batch never started its workers"
            time.sleep(0.02)
        time.sleep(0.3)  # the workers are past their initializer
        os.kill(proc.pid, signal.SIGKILL)  # the parent only: no process-group kill
        proc.wait()
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_list_on_a_folder_where_no_lock_can_be_made_is_read_only(tmp_path, monkeypatch):
    import filelock

    from roleplay.runs import library

    one_run(tmp_path)

    class NoLock:
        def __init__(self, *a, **k):
            pass

        def acquire(self):
            raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(library, "FileLock", NoLock)
    assert filelock.FileLock is not NoLock
    for args in (["list", "--out", str(tmp_path / "t")], ["search", "the", "--out", str(tmp_path / "t")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert "read-only" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "t" / library.INDEX_FILE).exists()


def test_two_batch_processes_on_one_folder(tmp_path):
    import subprocess
    import sys

    cmd = [
        sys.executable,
        "-m",
        "roleplay",
        "batch",
        SID,
        "--seeds",
        "1-6",
        "--rounds",
        "2",
        "--concurrency",
        "1",
        "--out",
        "b",
    ]
    procs = [
        subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes in ([0, 0], [0, 2]), outs  # the second either came after the first, or was refused
    if codes == [0, 2]:
        assert any("another roleplay batch is writing to this folder" in o for o in outs), outs
    assert all("Traceback" not in o for o in outs)
    assert all(load_run(tmp_path / "b" / f"seed-{s:04d}").ended is not None for s in range(1, 7))


def test_list_warns_about_a_run_with_a_torn_last_line_every_time(tmp_path):
    folder = one_run(tmp_path)
    path = folder / "events.jsonl"
    data = path.read_bytes().rstrip(b"\n")
    path.write_bytes(data[: data.rfind(b'"')])
    for _ in range(2):  # the first time it is indexed, and from the index afterwards
        res = runner.invoke(app, ["list", "--out", str(tmp_path / "t")])
        assert res.exit_code == 0, res.output
        out = " ".join(res.output.split())
        assert "warning:" in out and "cut short" in out and "events.jsonl" in out


def test_score_replaces_a_symlinked_transcript_never_its_target(tmp_path):
    folder = one_run(tmp_path)
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    (folder / "transcript.md").unlink()
    (folder / "transcript.md").symlink_to(victim)
    res = runner.invoke(app, ["score", str(folder)])
    assert res.exit_code == 0, res.output
    assert victim.read_text() == "keep me" and not (folder / "transcript.md").is_symlink()
