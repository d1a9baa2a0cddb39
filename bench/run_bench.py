"""Whole-process time of `roleplay run <scenario> --quiet` (five personas, six rounds).

Not a test: prints figures. Target (issues #2, #9, #11): under 1 s on the project's 2-core
machine. Usage: python bench/run_bench.py [--repeat N] [--bytecode on|off|both]
The machine is shared and noisy, so it reports the median and the minimum of N runs, warm
(the user's cache folder filled: Jinja's compiled templates, parsed catalogue files, loaded
data files; roleplay.cache_files) and cold (a fresh, empty cache folder).

Python's own bytecode: a user's machine writes ``__pycache__`` once and reuses it, so the
figure that counts is measured with bytecode allowed (``--bytecode on``: the child runs
without ``PYTHONDONTWRITEBYTECODE``, after one run that writes it). Some sandboxes set
``PYTHONDONTWRITEBYTECODE=1``, and then every run compiles roleplay's modules from source
(~0.1-0.15 s more); ``--bytecode off`` measures that, and ``both`` (the default) prints both.
``warm cpu`` is the median user + system CPU time of the warm runs: on a busy machine it moves
less than wall time. The load average is printed last, to judge the figures by.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def roleplay_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "roleplay"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "roleplay"]


CPU: list[float] = []
"""CPU seconds (user + system) of every timed child, in order (see :func:`once`)."""


def once(scenario: str, out: str, env: dict) -> float:
    """Wall seconds of one ``roleplay run``; its CPU seconds are appended to :data:`CPU`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(
        [*roleplay_cmd(), "run", scenario, "--quiet", "--rounds", "6", "--out", out],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def base_env(bytecode: bool) -> dict:
    """The child's environment: this one, with ``PYTHONDONTWRITEBYTECODE`` removed (bytecode
    on) or set (off)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--bytecode", choices=("on", "off", "both"), default="both")
    args = ap.parse_args()
    out = tempfile.mkdtemp(prefix="rp-bench-")
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.bytecode]
    print(f"roleplay run SCENARIO --quiet --rounds 6 (5 personas), {args.repeat} runs each")
    print(
        f"{'scenario':<18}{'bytecode':>9}{'cold median':>13}{'warm median':>13}{'warm min':>10}{'warm cpu':>10}"
    )
    for bytecode in modes:
        for scenario in ("patient-capital", "hundred-models", "chip-controls"):
            scratch = tempfile.mkdtemp(prefix="rp-cache-")
            once(scenario, out, {**base_env(bytecode), "XDG_CACHE_HOME": scratch})  # writes bytecode (on)
            shutil.rmtree(scratch, ignore_errors=True)
            cold = []
            for _ in range(3):
                cache = tempfile.mkdtemp(prefix="rp-cache-")
                cold.append(once(scenario, out, {**base_env(bytecode), "XDG_CACHE_HOME": cache}))
                shutil.rmtree(cache, ignore_errors=True)
            warm_cache = tempfile.mkdtemp(prefix="rp-cache-")
            env = {**base_env(bytecode), "XDG_CACHE_HOME": warm_cache}
            once(scenario, out, env)
            warm = [once(scenario, out, env) for _ in range(args.repeat)]
            warm_cpu = CPU[-args.repeat :]
            shutil.rmtree(warm_cache, ignore_errors=True)
            print(
                f"{scenario:<18}{'on' if bytecode else 'off':>9}{statistics.median(cold):>12.2f}s"
                f"{statistics.median(warm):>12.2f}s{min(warm):>9.2f}s{statistics.median(warm_cpu):>10.2f}s"
            )
    shutil.rmtree(out, ignore_errors=True)
    print("target: under 1 s (bytecode on: a user's machine writes Python's bytecode once)")
    print(
        f"machine load (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
