"""The run library: a sqlite index that follows the run folders and can always be rebuilt."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import roleplay.runs.library as library
from roleplay.cli.main import app
from roleplay.debate.session import new_run_folder, prepare, run_to_folder
from roleplay.errors import InputError
from roleplay.runs.library import INDEX_FILE, Library, snippet
from roleplay.runs.transcript import load_run

runner = CliRunner()


def _run(out: Path, scenario: str, seed: int) -> Path:
    setup, backends = prepare(scenario, seed=seed, rounds=3)
    run_id, folder = new_run_folder(out, scenario)
    return asyncio.run(run_to_folder(setup, backends, folder, run_id))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """Two runs (zh and en), one of them in a nested folder like a batch's."""
    root = tmp_path_factory.mktemp("lib") / "transcripts"
    _run(root, "patient-capital", 1)
    _run(root / "batch-x", "hundred-models", 2)
    return root


@pytest.fixture
def root(made, tmp_path) -> Path:
    """A fresh copy of the runs (tests change folders and the index)."""
    dst = tmp_path / "transcripts"
    shutil.copytree(made, dst)
    return dst


def test_list_finds_runs_at_any_depth(root):
    with Library(root) as lib:
        runs = lib.runs()
    assert sorted(r.scenario for r in runs) == ["hundred-models", "patient-capital"]
    en = next(r for r in runs if r.lang == "en")
    run = load_run(root / en.path)
    assert en.path.startswith("batch-x/") and en.run_id == run.started.run_id
    assert (en.status, en.rounds, en.total) == ("finished", 3, run.ended.scorecard.total())
    assert (root / INDEX_FILE).is_file()


@pytest.mark.parametrize(
    "query,scenario",
    [
        pytest.param("耐心資本", "patient-capital", id="zh-4-chars-fts"),
        pytest.param("方案", "patient-capital", id="zh-2-chars-like"),
        pytest.param("HUNDRED-MODEL", "hundred-models", id="en-case-insensitive"),
    ],
)
def test_search_chinese_and_english(root, query, scenario):
    with Library(root) as lib:
        hits = lib.search(query)
    assert hits
    assert all(query.lower() in h.snippet.lower() for h in hits)
    if scenario:
        assert scenario in {h.scenario for h in hits}


@pytest.mark.parametrize("fts", [True, False], ids=["fts", "like"])
@pytest.mark.parametrize(
    "simplified,traditional", [("耐心资本", "耐心資本"), ("资本", "資本"), ("链主", "鏈主")]
)
def test_search_in_simplified_finds_traditional_speech(root, monkeypatch, fts, simplified, traditional):
    """A teacher typing Simplified (耐心资本) found nothing in the Traditional transcripts."""
    if not fts:
        monkeypatch.setattr(library, "_fts5_trigram", lambda con: False)
    with Library(root, rebuild=True) as lib:
        typed = lib.search(simplified)
        native = lib.search(traditional)
    assert native and [(h.path, h.turn) for h in typed] == [(h.path, h.turn) for h in native]
    assert all(traditional in h.snippet for h in typed)


def test_search_without_fts5_falls_back_to_like(root, monkeypatch):
    monkeypatch.setattr(library, "_fts5_trigram", lambda con: False)
    with Library(root, rebuild=True) as lib:
        assert not lib.fts
        assert lib.search("耐心資本") and lib.search("zzzz-nothing") == []


def test_index_follows_the_folders(root):
    with Library(root) as lib:
        assert len(lib.runs()) == 2
    gone = next(p for p in root.iterdir() if p.name.endswith(tuple("0123456789abcdef")) and p.is_dir())
    shutil.rmtree(gone)
    new = _run(root, "chip-controls", 5)
    with Library(root) as lib:
        runs = lib.runs()
        assert sorted(r.scenario for r in runs) == ["chip-controls", "hundred-models"]
        assert lib.runs(scenario="chip-controls")[0].path == new.name
        assert lib.search("耐心資本") == [] or all(
            h.scenario != "patient-capital" for h in lib.search("耐心資本")
        )


def test_corrupt_index_is_rebuilt(root):
    (root / INDEX_FILE).write_bytes(b"this is not a database" * 100)
    with Library(root) as lib:
        assert len(lib.runs()) == 2


def test_moved_folder_keeps_working(root, tmp_path):
    with Library(root) as lib:
        lib.runs()
    moved = tmp_path / "elsewhere"
    root.rename(moved)
    with Library(moved) as lib:
        assert len(lib.runs()) == 2 and lib.search("耐心資本")


def test_unreadable_folder_is_skipped_not_fatal(root):
    bad = root / "broken-run"
    bad.mkdir()
    (bad / "events.jsonl").write_text('{"not": "an event"}\n{"still": "not"}\n', encoding="utf-8")
    with Library(root) as lib:
        assert len(lib.runs()) == 2 and lib.skipped and "broken-run" in lib.skipped[0]


def test_errors(tmp_path):
    with pytest.raises(InputError, match="--out"):
        Library(tmp_path / "nothing")
    tmp_path.joinpath("t").mkdir()
    with Library(tmp_path / "t") as lib, pytest.raises(InputError, match="empty"):
        lib.search("  ")


def test_snippet():
    assert snippet("aaaa bbbb 耐心資本 cccc", "耐心資本", width=3) == "…bb 耐心資本 cc…"
    assert snippet("short", "x") == "short"


def test_cli_list_and_search(root):
    res = runner.invoke(app, ["list", "--out", str(root)])
    assert res.exit_code == 0, res.output
    assert "2 runs under" in res.output and res.output.count("/24") >= 2
    res = runner.invoke(app, ["search", "耐心資本", "--out", str(root)])
    assert res.exit_code == 0 and "hits" in res.output and "耐心" in res.output
    res = runner.invoke(app, ["list", "--out", str(root / "nope")])
    assert res.exit_code == 2 and "Traceback" not in res.output


def _bad_bytes(root: Path) -> tuple[Path, Path]:
    """A run with one non-UTF-8 line in the middle (readable) and a folder whose first line is
    not UTF-8 (unreadable)."""
    src = next(p for p in root.iterdir() if p.is_dir() and p.name.endswith(tuple("0123456789abcdef")))
    partly = root / "partly-corrupt"
    shutil.copytree(src, partly)
    lines = (partly / "events.jsonl").read_bytes().split(b"\n")
    lines[3] = lines[3][:10] + b"\xff" + lines[3][10:]
    (partly / "events.jsonl").write_bytes(b"\n".join(lines))
    broken = root / "nested" / "not-utf8"
    broken.mkdir(parents=True)
    (broken / "events.jsonl").write_bytes(b"\xff\xfe\x00garbage\n")
    return partly, broken


def test_non_utf8_bytes_do_not_stop_the_library(root):
    _bad_bytes(root)
    with Library(root) as lib:
        runs = lib.runs()
        assert "partly-corrupt" in {r.path for r in runs} and len(runs) == 3
        assert lib.search("耐心資本")
        assert [s.split(":")[0] for s in lib.skipped] == ["nested/not-utf8"]
        assert "not UTF-8" in lib.skipped[0]


@pytest.mark.parametrize("cmd", [["list"], ["search", "耐心資本"]])
def test_cli_list_and_search_name_the_skipped_folders(root, cmd):
    _bad_bytes(root)
    res = runner.invoke(app, [*cmd, "--out", str(root)])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert "skipped 1 unreadable run folder:" in res.output and "nested/not-utf8: events.jsonl:" in res.output
    if cmd == ["list"]:
        assert "3 runs under" in res.output
