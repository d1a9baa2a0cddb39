"""Whole-process time of commands on hostile input (issue #10, "Done when").

Not a test: prints figures. Targets: ``show``, ``export`` and ``score`` on a run whose brief
is 10 MB finish in under 5 s; a "billion laughs" YAML file (nested aliases, a few hundred
bytes) fails in well under a second in ``validate`` and ``run``; a 50 MB scenario file is
refused at once.
Usage: python bench/big_input_bench.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def roleplay_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "roleplay"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "roleplay"]


def timed(*args: str, cwd: Path) -> tuple[float, int]:
    t = time.perf_counter()
    p = subprocess.run([*roleplay_cmd(), *args], cwd=cwd, capture_output=True, timeout=600)
    return time.perf_counter() - t, p.returncode


def big_brief_run(tmp: Path, mb: int) -> Path:
    """A finished offline run whose recorded scenario brief is ``mb`` MB of text."""
    subprocess.run(
        [*roleplay_cmd(), "run", "patient-capital", "--out", "t", "-q"],
        cwd=tmp,
        check=True,
        capture_output=True,
    )
    (run,) = (tmp / "t").iterdir()
    path = run / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["scenario"]["brief"]["en"] = ("Patient capital for chips. " * (mb * 40_000))[: mb * 1_000_000]
    lines[0] = json.dumps(first, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return run


def laughs(tmp: Path) -> Path:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        p, c = chr(96 + i), chr(97 + i)
        rows.append(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]")
    path = tmp / "laughs.yaml"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        run = big_brief_run(tmp, 10)
        print(
            f"run with a 10 MB brief: events.jsonl {run.joinpath('events.jsonl').stat().st_size / 1e6:.1f} MB"
        )
        for cmd in (["show", str(run)], ["score", str(run)], ["export", str(run), "--force"]):
            s, rc = timed(*cmd, cwd=tmp)
            print(f"  {cmd[0]:<8} {s:6.2f} s  exit {rc}  (target < 5 s)")
        bomb = laughs(tmp)
        print(f"billion laughs ({bomb.stat().st_size} bytes):")
        for cmd in (["validate", str(bomb)], ["run", str(bomb)]):
            s, rc = timed(*cmd, cwd=tmp)
            print(f"  {cmd[0]:<8} {s:6.2f} s  exit {rc}  (target: exit 2 in well under 1 s)")
        huge = tmp / "huge.yaml"
        huge.write_bytes(b"brief: " + b"x" * 50_000_000 + b"\n")
        s, rc = timed("validate", str(huge), cwd=tmp)
        print(f"50 MB scenario file: validate {s:.2f} s  exit {rc}  (target: refused at once)")


if __name__ == "__main__":
    main()
