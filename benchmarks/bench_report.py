"""The batch page over a large batch: seconds for `xxgk report OUT` (the whole command, from start-up
to the page written) and the page's size, over 1,000 generated reports (334 organs, three years
each, one in seven with a wrong sum).

    python benchmarks/bench_report.py [--reports 1000] [--keep DIR]

Targets: under 10 s and under 5 MB.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xxgk  # noqa: E402

from reportgen import consistent_values, report_text  # noqa: E402

YEARS = (2022, 2023, 2024)
SECONDS, BYTES = 10, 5_000_000


def generate(folder: Path, n: int) -> None:
    for i in range(n):
        organ, year = i // len(YEARS), YEARS[i % len(YEARS)]
        values = consistent_values(i, 9)
        if i % 7 == 3:
            values["t3.new_received.total"] += 1   # type: ignore[operator]
        path = folder / str(year) / f"r{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report_text(values, organ=f"第{organ}号县人民政府办公室", year=year), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="convert into this folder (kept, and reused when it has a batch)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp, "out")
        if not (out / ".xxgk" / "records").is_dir():
            generate(Path(tmp, "in"), args.reports)
            start = time.perf_counter()
            xxgk.convert_many([str(Path(tmp, "in"))], out, ["json", "html"], jobs=2, time_limit=None)
            print(f"converted {args.reports} reports in {time.perf_counter() - start:.0f} s")
        page = Path(tmp, "page.html")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "xxgk", "report", str(out), "-o", str(page), "-q"], check=True)
        seconds, size = time.perf_counter() - start, page.stat().st_size
    print(f"xxgk report: {seconds:.1f} s (target < {SECONDS}), page {size / 1e6:.2f} MB (target < {BYTES / 1e6:.0f})")
    if seconds >= SECONDS or size >= BYTES:
        raise SystemExit("over target")


if __name__ == "__main__":
    main()
