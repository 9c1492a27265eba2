"""Batch conversion: throughput with -j 1 and -j 2, peak memory for 1,000 reports against one, and
reports per second for each input format, in one run.

    python benchmarks/bench_batch.py [--reports 400] [--memory-reports 1000]

Targets: -j 2 at least 1.7x -j 1 on two cores; peak memory for 1,000 reports under 1.5x that for
one (nothing accumulates).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xxgk  # noqa: E402

from reportgen import LAYOUTS, consistent_values, report_text  # noqa: E402

FORMATS = "json,csv,html"


def generate(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        layout = LAYOUTS[i % len(LAYOUTS)]
        text = report_text(consistent_values(i, 1 if layout == "runs" else 40), layout,
                           organ=f"第{i % 50}号县人民政府办公室", year=2020 + i // 50)
        (folder / f"r{i:05d}.txt").write_text(text, encoding="utf-8")


def convert(src: Path, out: Path, jobs: int) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB) of one `xxgk convert` process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "xxgk", "convert", str(src), "-o", str(out), "--to", FORMATS,
                             "-j", str(jobs), "-q"])
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"xxgk convert failed with {proc.returncode}")
    return time.perf_counter() - start, usage.ru_maxrss


def per_format(rounds: int = 3) -> dict[str, float]:
    samples = {".txt": "004_12d7c137f1960f71.txt", ".html": "xigong-2024-portal.html", ".pdf": "hongze-2023.pdf",
               ".docx": "baiyu-2023.docx"}
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ext, name in samples.items():
            path = ROOT / "samples" / name
            best = float("inf")
            for _ in range(rounds):
                start = time.perf_counter()
                report = xxgk.read(path)
                xxgk.validate(report)
                xxgk.write(report, "json", Path(tmp, "r.json"))
                best = min(best, time.perf_counter() - start)
            rates[ext] = 1 / best
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--memory-reports", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generate(tmp / "corpus", args.reports)
        one, _ = convert(tmp / "corpus", tmp / "out1", 1)
        two, _ = convert(tmp / "corpus", tmp / "out2", 2)
        print(f"throughput ({args.reports} reports, --to {FORMATS}): -j 1 {args.reports / one:.0f} reports/s, "
              f"-j 2 {args.reports / two:.0f} reports/s ({one / two:.2f}x; target >= 1.7x)")
        generate(tmp / "single", 1)
        shutil.rmtree(tmp / "corpus")
        generate(tmp / "corpus", args.memory_reports)
        _, small = convert(tmp / "single", tmp / "m1", 1)
        _, large = convert(tmp / "corpus", tmp / "m2", 1)
        print(f"peak memory: 1 report {small / 1024:.1f} MiB, {args.memory_reports} reports {large / 1024:.1f} MiB "
              f"({large / small:.2f}x; target < 1.5x)")
    rates = per_format()
    print("read+validate+JSON, one core: " + ", ".join(f"{ext} {rate:.1f} reports/s" for ext, rate in rates.items()))


if __name__ == "__main__":
    main()
