"""Ray batch benchmark (issue #13 "Done when"): an offline batch with the process pool and
with a local Ray instance on this machine, and a scaling model.

    python bench/ray_bench.py                 # 2,000 seeds, 2 CPUs (about 4 minutes here)
    python bench/ray_bench.py --seeds 200     # a quick look

Prints debates/s for each executor and Ray's overhead as a ratio, then the parts of the
scaling model, all measured here:

- per-seed cost: CPU-seconds of one debate (process-pool wall time x workers / seeds);
- Ray start: seconds for ``ray.init`` of a local instance;
- per-task overhead: seconds to submit and collect one empty Ray task (1,000 of them);
- write-back: driver seconds to write one finished run (roleplay.runs.batch_ray writes
  every run on the driver, so this is the serial part of a batch);

and the predicted wall time for 10^6 seeds on 100 cores:
``max(seeds x per_seed / cores, seeds x write_back) + tasks x overhead / cores + start``
(the driver writes while workers run, so the larger of the two bounds the batch).
Requires Ray (``pip install 'roleplay[ray]'``).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> dict:
    """Run both batches and print the figures; returns them as a dict."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2000)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--scenario", default="patient-capital")
    a = ap.parse_args(argv)

    import ray

    from roleplay.runs.batch import BatchSpec, run_batch
    from roleplay.runs.batch_folder import seed_folder
    from roleplay.runs.batch_ray import MAX_CHUNK, chunks, ray_runner, write_back

    spec = BatchSpec(scenario=a.scenario, scenario_id=a.scenario, model="offline")
    seeds = list(range(1, a.seeds + 1))
    f: dict = {"seeds": a.seeds, "cpus": a.cpus}
    with tempfile.TemporaryDirectory(prefix="ray-bench-") as tmp:
        t = time.perf_counter()
        run_batch(spec, seeds, Path(tmp) / "pool", concurrency=a.cpus)
        f["pool_s"] = time.perf_counter() - t

        t = time.perf_counter()
        ray.init(num_cpus=a.cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
        f["ray_start_s"] = time.perf_counter() - t
        try:
            t = time.perf_counter()
            run_batch(spec, seeds, Path(tmp) / "ray", concurrency=a.cpus, runner=ray_runner(a.cpus))
            f["ray_s"] = time.perf_counter() - t

            noop = ray.remote(lambda: None)
            t = time.perf_counter()
            ray.get([noop.remote() for _ in range(1000)])
            f["task_overhead_s"] = (time.perf_counter() - t) / 1000
        finally:
            ray.shutdown()

        sample = seeds[: min(200, len(seeds))]
        runs = [
            {p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()}
            for d in (seed_folder(Path(tmp) / "ray", s) for s in sample)
        ]
        t = time.perf_counter()
        for k, files in enumerate(runs):
            write_back(Path(tmp) / "wb" / f"seed-{k}", files)
        f["write_back_s"] = (time.perf_counter() - t) / len(runs)

    f["pool_rate"] = a.seeds / f["pool_s"]
    f["ray_rate"] = a.seeds / f["ray_s"]
    f["ratio"] = f["ray_s"] / f["pool_s"]
    f["per_seed_cpu_s"] = f["pool_s"] * a.cpus / a.seeds
    n, cores = 10**6, 100
    tasks = math.ceil(n / min(MAX_CHUNK, math.ceil(n / (cores * 4))))
    compute = max(n * f["per_seed_cpu_s"] / cores, n * f["write_back_s"])
    f["predicted_1e6_on_100_s"] = compute + tasks * f["task_overhead_s"] / cores + f["ray_start_s"]
    f["chunks_here"] = len(chunks(list(range(a.seeds)), a.cpus))  # type: ignore[arg-type]

    print(f"{a.seeds} offline seeds of {a.scenario} on {a.cpus} CPUs")
    print(f"process pool     {f['pool_s']:8.1f} s  {f['pool_rate']:6.1f} debates/s")
    print(
        f"local Ray        {f['ray_s']:8.1f} s  {f['ray_rate']:6.1f} debates/s  (start {f['ray_start_s']:.1f} s)"
    )
    print(f"Ray / pool time  {f['ratio']:8.2f}")
    print("scaling model (measured here):")
    print(f"  per-seed cost      {1000 * f['per_seed_cpu_s']:8.1f} CPU-ms")
    print(f"  per-task overhead  {1000 * f['task_overhead_s']:8.2f} ms")
    print(f"  driver write-back  {1000 * f['write_back_s']:8.2f} ms per seed")
    print(
        f"  10^6 seeds on 100 cores: {f['predicted_1e6_on_100_s'] / 60:.1f} min "
        f"(compute {n * f['per_seed_cpu_s'] / cores / 60:.1f} min, driver writes {n * f['write_back_s'] / 60:.1f} min)"
    )
    return f


if __name__ == "__main__":
    main()
