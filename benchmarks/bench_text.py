"""Throughput of plain-text reports in-process, and start-up time of `xxgk --version`.

    python benchmarks/bench_text.py [--reports 400] [--startup-runs 10] [--seeds 5]

Targets: >= 200 seed-sized reports per second on one core; start-up under 0.3 s.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xxgk  # noqa: E402
from xxgk.registry import Source  # noqa: E402

from reportgen import LAYOUTS, consistent_values, report_text  # noqa: E402
from timing import SEEDS, across_seeds  # noqa: E402


def corpus(n: int) -> list[Source]:
    """Seed-sized reports: the samples, then generated ones in every layout."""
    sources = [Source(p.read_bytes(), p.name) for p in sorted((ROOT / "samples").glob("*.txt"))]
    i = 0
    while len(sources) < n:
        layout = LAYOUTS[i % len(LAYOUTS)]
        text = report_text(consistent_values(i, 1 if layout == "runs" else 30), layout)
        sources.append(Source(text.encode("utf-8"), f"gen-{i}.txt"))
        i += 1
    return sources[:n]


def throughput(sources: list[Source]) -> float:
    xxgk.validate(xxgk.read_source(sources[0]))   # load plugins outside the clock
    start = time.perf_counter()
    for source in sources:
        xxgk.validate(xxgk.read_source(source))
    return len(sources) / (time.perf_counter() - start)


def startup(runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "xxgk", "--version"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=SEEDS, help="processes, one per string-hash seed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps({"rate": throughput(corpus(args.reports))}))
        return
    rates = sorted(run["rate"] for run in across_seeds(__file__, ["--reports", str(args.reports)], args.seeds))
    seconds = startup(args.startup_runs)
    print(f"read+validate: median {statistics.median(rates):.0f} reports/s in-process on one core, range "
          f"{rates[0]:.0f}-{rates[-1]:.0f} over {len(rates)} processes ({args.reports} reports; target >= 200)")
    print(f"start-up: `xxgk --version` median {seconds:.3f} s over {args.startup_runs} runs (target < 0.3 s)")


if __name__ == "__main__":
    main()
