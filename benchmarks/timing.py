"""Timing shared by the benchmarks: several functions over the same items, the rounds interleaved
(so that a busy moment of the machine does not fall on one function only), best of the rounds."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

SEEDS = 5   # processes, one per string-hash seed


def best_per_item(fns: dict[str, Callable], items: Sequence, rounds: int) -> dict[str, float]:
    """Seconds per item for each function: the best of `rounds` interleaved rounds."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for item in items:
                fn(item)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: seconds / len(items) for name, seconds in best.items()}


def add_markitdown(fns: dict[str, Callable], extension: str) -> None:
    """Add markitdown converting the same bytes, when it is installed."""
    import io

    try:
        from markitdown import MarkItDown
    except ImportError:
        return
    converter = MarkItDown()
    fns["markitdown"] = lambda data: converter.convert_stream(io.BytesIO(data), file_extension=extension)


def across_seeds(script: str, args: list[str], seeds: int) -> list[dict[str, float]]:
    """Run `script --child ARGS` in one fresh process per string-hash seed; each prints its timings
    as one JSON object. CPython's attribute caches are indexed by string hashes, so one process can
    run 10-30% slower or faster than the next: a benchmark's figure is the median over the seeds."""
    runs = []
    for seed in range(seeds):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, script, "--child", *args], env=env, check=True, capture_output=True,
                             text=True).stdout
        runs.append(json.loads(out))
    return runs
