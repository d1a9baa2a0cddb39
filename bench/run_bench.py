"""Whole-process time of `roleplay run <scenario> --quiet` (five personas, six rounds).

Not a test: prints figures. Target (issue #2): under 1 s on the project's 2-core machine.
Usage: python bench/run_bench.py [--repeat N]
The machine is shared and noisy, so it reports the median and the minimum of N runs, warm
(Jinja's compiled-template cache filled) and cold (a fresh, empty cache folder).
"""

from __future__ import annotations

import argparse
import os
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


def once(scenario: str, out: str, env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(
        [*roleplay_cmd(), "run", scenario, "--quiet", "--rounds", "6", "--out", out],
        check=True,
        stdout=subprocess.DEVNULL,
        env=env,
    )
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    out = tempfile.mkdtemp(prefix="rp-bench-")
    print(f"roleplay run SCENARIO --quiet --rounds 6 (5 personas), {args.repeat} runs each")
    print(f"{'scenario':<18}{'cold median':>13}{'warm median':>13}{'warm min':>10}")
    for scenario in ("patient-capital", "hundred-models", "chip-controls"):
        cold = []
        for _ in range(3):
            cache = tempfile.mkdtemp(prefix="rp-cache-")
            cold.append(once(scenario, out, {**os.environ, "XDG_CACHE_HOME": cache}))
            shutil.rmtree(cache, ignore_errors=True)
        warm_cache = tempfile.mkdtemp(prefix="rp-cache-")
        env = {**os.environ, "XDG_CACHE_HOME": warm_cache}
        once(scenario, out, env)
        warm = [once(scenario, out, env) for _ in range(args.repeat)]
        print(
            f"{scenario:<18}{statistics.median(cold):>12.2f}s{statistics.median(warm):>12.2f}s{min(warm):>9.2f}s"
        )
    shutil.rmtree(out, ignore_errors=True)
    print("target: under 1 s")


if __name__ == "__main__":
    main()
