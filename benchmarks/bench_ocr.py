"""Seconds per page for scanned reports (the OCR extra): read + validate + JSON of a scanned PDF,
timed on this machine (the engine uses every core).

    python benchmarks/bench_ocr.py [--rounds 2] [PDF...]

Target: at most 5 s per page on 2 cores. The default input is the committed test fixture
(hongze-2023 rasterised at 150 dpi, grey, turned 0.8 degrees).
"""
from __future__ import annotations

import argparse
import io
import os
import time
from pathlib import Path

import pypdfium2

import xxgk
from xxgk.plugins import ocr_engine
from xxgk.registry import Source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "tests" / "data" / "ocr" / "hongze-2023-scan.pdf"]


def convert(data: bytes) -> None:
    report = xxgk.read_source(Source(data, "scan.pdf"))
    xxgk.validate(report)
    xxgk.write(report, "json", io.BytesIO())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not ocr_engine.available():
        raise SystemExit('the OCR extra is not installed: pip install "xxgk[ocr]"')
    start = time.perf_counter()
    ocr_engine.engine()
    print(f"models loaded once per process: {time.perf_counter() - start:.2f} s")
    for path in args.pdfs:
        data = path.read_bytes()
        pages = len(pypdfium2.PdfDocument(data))
        best = min(_timed(convert, data) for _ in range(args.rounds))
        print(f"{path.name}: {pages} pages, {best:.1f} s, {best / pages:.2f} s per page "
              f"on {os.cpu_count()} cores (target <= 5 s)")


def _timed(fn, data: bytes) -> float:
    start = time.perf_counter()
    fn(data)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
