"""Every command under an ASCII (``LC_ALL=C``) or GBK terminal either works or gives a
one-line message, never a traceback (issue #10, item 7). The terminal is imitated: Python's
UTF-8 mode and locale coercion are off, so file names and arguments are decoded as the
locale's (ASCII) with surrogate escapes, and stdout is ASCII or GBK."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SCENARIOS

SCRIPT = r"""
import glob, json, os, sys
from roleplay.cli.main import main

utf8 = lambda s: os.fsdecode(s.encode("utf-8"))  # what argv holds for UTF-8 bytes here
out = utf8("輸出")
codes = {}

def call(name, *args):
    sys.argv = ["roleplay", *args]
    try:
        main()
        codes[name] = 0
    except SystemExit as e:
        codes[name] = e.code or 0

call("run", "run", SID, "--rounds", "2", "-q", "--out", out)
run = glob.glob(os.path.join(out, "*-" + SID + "-*"))[0]
call("show", "show", run)
call("score", "score", run)
call("export", "export", run, "-f", "md")
call("compare", "compare", run, run, "--out", os.path.join(out, utf8("比較.html")))
call("list", "list", "--out", out)
call("search", "search", "capital", "--out", out)
call("search-chinese", "search", utf8("資本"), "--out", out)
call("search-undecodable", "search", os.fsdecode(b"\xff\xfe"), "--out", out)
call("batch", "batch", SID, "--seeds", "1", "--rounds", "2", "--concurrency", "2", "--out", os.path.join(out, utf8("批次")))
call("validate", "validate", os.path.join(out, utf8("無.yaml")))
call("personas", "personas")
call("scenarios", "scenarios")
print("CODES " + json.dumps(codes))
"""


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_every_command_under_a_non_utf8_locale(tmp_path, encoding):
    env = {
        **os.environ,
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONIOENCODING": encoding,
        "COLUMNS": "100",
    }
    script = tmp_path / "script.py"
    script.write_text(f"SID = {SCENARIOS[0]!r}\n" + SCRIPT, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    text = res.stdout.decode(encoding, "replace") + res.stderr.decode(encoding, "replace")
    assert "Traceback" not in text, text[-3000:]
    assert "CODES " in text, text[-3000:]
    codes = json.loads(text.split("CODES ", 1)[1].splitlines()[0])
    assert codes == {
        "run": 0,
        "show": 0,
        "score": 0,
        "export": 0,
        "compare": 0,
        "list": 0,
        "search": 0,
        "search-chinese": 0,
        "search-undecodable": 2,
        "batch": 0,
        "validate": 2,
        "personas": 0,
        "scenarios": 0,
    }, text[-3000:]
    errors = [line for line in text.splitlines() if line.startswith("error:")]
    assert any("UTF-8 locale" in line for line in errors)
    assert Path(tmp_path, "輸出").is_dir()
