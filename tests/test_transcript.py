"""Run folders: written as the debate runs, round trip, survive a kill, any locale."""

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import SCENARIOS

from roleplay.debate.backend import Delta, TurnResult
from roleplay.debate.session import new_run_folder, prepare, run_to_folder
from roleplay.runs.transcript import load_run
from roleplay.scoring.rescore import rescore

ROOT = Path(__file__).resolve().parents[1]


def run_once(out_dir, sid=SCENARIOS[0], **kw):
    setup, backends = prepare(sid, **kw)
    run_id, folder = new_run_folder(out_dir, setup.scenario.id)
    sink = []
    asyncio.run(run_to_folder(setup, backends, folder, run_id, sinks=[sink.append]))
    return folder, sink


def test_run_folder_layout_and_round_trip(out_dir):
    folder, events = run_once(out_dir)
    assert folder.parent == out_dir and folder.name.endswith(events[0].run_id)
    assert {p.name for p in folder.iterdir()} == {
        "events.jsonl",
        "scorecard.json",
        "transcript.md",
        ".roleplay-owned",
    }
    run = load_run(folder)
    assert run.events == events  # round trip equal, models and all
    assert run.ended.scorecard == rescore(run)  # re-scoring from the file gives the same card


def test_files_are_utf8_with_chinese_unescaped(out_dir):
    folder, _events = run_once(out_dir, lang="zh")
    raw = (folder / "events.jsonl").read_bytes().decode("utf-8")
    assert ("\\u" not in raw and "耐心資本" in raw) or "國家" in raw
    card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    assert card["scorecard"]["elements"][0]["element"]
    assert "\\u" not in (folder / "scorecard.json").read_text(encoding="utf-8")
    md = (folder / "transcript.md").read_text(encoding="utf-8")
    assert "## " in md and "評分卡" in md


def test_chinese_and_emoji_round_trip_under_a_non_utf8_locale(tmp_path):
    """A user on a C/ASCII locale: files must still be UTF-8 and load back equal."""
    script = textwrap.dedent(f"""
        import asyncio, sys, locale
        sys.path.insert(0, {str(ROOT)!r})
        assert locale.getpreferredencoding(False).lower() not in ("utf-8", "utf8"), locale.getpreferredencoding(False)
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from conftest import ScriptedBackend
        from roleplay.debate.session import prepare, run_to_folder, new_run_folder
        from roleplay.debate.move import Move
        from roleplay.runs.transcript import load_run
        setup, backends = prepare({SCENARIOS[0]!r}, rounds=2)
        text = "公益耐心資本 🚀 patient capital — 守門員兼任裁判員 ✅"
        backends = ScriptedBackend.seats(backends, then=Move(speech=text))
        run_id, folder = new_run_folder({str(tmp_path)!r}, setup.scenario.id)
        events = []
        asyncio.run(run_to_folder(setup, backends, folder, run_id, sinks=[events.append]))
        assert load_run(folder).events == events
        print(folder)
    """)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))
    }
    env.update(LC_ALL="C", LANG="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0")
    path = tmp_path / "locale_script.py"
    path.write_text(script, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(path)], env=env, capture_output=True, text=True, encoding="utf-8"
    )
    assert res.returncode == 0, res.stderr
    folder = Path(res.stdout.strip().splitlines()[-1])
    assert "🚀" in (folder / "events.jsonl").read_text(encoding="utf-8")


def test_killed_mid_debate_keeps_every_finished_turn(tmp_path):
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path.insert(0, {str(ROOT)!r})
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from conftest import ScriptedBackend
        from roleplay.debate.session import prepare, run_to_folder, new_run_folder
        from roleplay.offline.negotiator import decide
        setup, backends = prepare({SCENARIOS[0]!r})
        backends = ScriptedBackend.seats(backends, then=decide, delay=0.15, label="offline")
        run_id, folder = new_run_folder({str(tmp_path)!r}, setup.scenario.id)
        print(folder, flush=True)
        asyncio.run(run_to_folder(setup, backends, folder, run_id))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    folder = Path(proc.stdout.readline().strip())
    events_file = folder / "events.jsonl"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if events_file.exists() and events_file.read_text(encoding="utf-8").count('"turn_completed"') >= 4:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    run = load_run(folder)
    assert run.ended is None
    assert len(run.turns()) >= 4
    lines = events_file.read_text(encoding="utf-8").splitlines()
    assert len(run.events) >= len(lines) - 1  # at most a cut last line is dropped


def test_a_cut_last_line_is_ignored(out_dir):
    folder, events = run_once(out_dir)
    path = folder / "events.jsonl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '{"v": 1, "seq": 999, "type": "turn_compl', encoding="utf-8")
    assert len(load_run(folder).events) == len(events)


async def test_interrupt_keeps_events_and_writes_partial_markdown(out_dir):
    setup, backends = prepare(SCENARIOS[0])
    run_id, folder = new_run_folder(out_dir, setup.scenario.id)

    async def go():
        task = asyncio.create_task(run_to_folder(setup, backends, folder, run_id))
        while (
            not (folder / "events.jsonl").exists()
            or (folder / "events.jsonl").read_text(encoding="utf-8").count("turn_completed") < 2
        ):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    await go()
    run = load_run(folder)
    assert run.ended is None and len(run.turns()) >= 2
    assert "interrupted" in (folder / "transcript.md").read_text(encoding="utf-8") or "中斷" in (
        folder / "transcript.md"
    ).read_text(encoding="utf-8")


async def test_a_key_echoed_by_a_server_never_reaches_the_run_folder(out_dir, monkeypatch, scripted):
    secret = "sk-test-SECRET123456789012345"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    echo = [
        Delta(text=f"Authorization: Bearer {secret} risk-sharing"),
        TurnResult(status="failed", error=f"bad reply from key {secret}", raw=f"echo Bearer {secret}"),
    ]
    setup, backends = prepare(SCENARIOS[0], rounds=2)
    backends = scripted.seats(backends, then=echo)
    run_id, folder = new_run_folder(out_dir, setup.scenario.id)
    await run_to_folder(setup, backends, folder, run_id)
    for f in folder.iterdir():
        text = f.read_text(encoding="utf-8")
        assert secret not in text and "SECRET1234" not in text, f.name
    assert "risk-sharing" in (folder / "events.jsonl").read_text(encoding="utf-8")
