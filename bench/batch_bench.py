"""Benchmark: offline debates per second in a 50-seed batch with ``--concurrency 2``.

Usage: ``python bench/batch_bench.py [--scenario ID] [--seeds 1-50] [--concurrency 2] [--repeat 3]``.
Each repeat runs a fresh batch into a temporary folder (so nothing is skipped as already
finished) and times the whole of ``roleplay.runs.batch.run_batch``: starting the worker pool,
the debates (each writes its run folder: events.jsonl, scorecard.json, transcript.md),
and the aggregate report. It prints the best and median rate; the target is >= 10/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from roleplay.formats.catalog import load_scenario
from roleplay.runs.batch import BatchSpec, parse_seeds, prepare_seed, run_batch

TARGET = 10.0


def once(spec: BatchSpec, seeds: list[int], concurrency: int) -> float:
    """Debates per second for one fresh batch."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = run_batch(spec, seeds, Path(tmp) / "batch", concurrency=concurrency)
        dt = time.perf_counter() - t0
    if report.n_scored != report.n_total:
        raise SystemExit(f"only {report.n_scored}/{report.n_total} runs scored; failed: {report.failed[:3]}")
    return len(seeds) / dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="patient-capital")
    ap.add_argument("--seeds", default="1-50")
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    seeds = parse_seeds(args.seeds)
    spec = BatchSpec(scenario=args.scenario, scenario_id=load_scenario(args.scenario)[0].id, model="offline")
    prepare_seed(spec, seeds[0])  # load the scenario once, as the CLI does before forking workers
    rates = [once(spec, seeds, args.concurrency) for _ in range(args.repeat)]
    best, med = max(rates), statistics.median(rates)
    print(
        f"offline batch: {len(seeds)} seeds of {args.scenario}, --concurrency {args.concurrency}: "
        f"{best:.1f} debates/s best, {med:.1f} median of {args.repeat} "
        f"(target >= {TARGET:g}: {'met' if best >= TARGET else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
