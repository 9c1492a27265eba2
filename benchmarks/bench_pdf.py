"""`xxgk convert`'s work on PDFs (read, validate, write JSON), its pages read by pdfium (the native
backend, pdf_native) and by pdfminer (the fallback, XXGK_PDF_BACKEND=pdfminer), against a bare
pdfplumber pass that extracts the tables and words of every page, and against markitdown (if
installed: pip install 'markitdown[pdf]'), in one run.

    python benchmarks/bench_pdf.py [--rounds 5] [--seeds 5] [PDF...]

Targets: native at most 0.25x the bare pdfplumber pass, the pdfminer fallback at most 1x; faster
than markitdown; peak memory of a process reading the PDFs natively no higher than by pdfminer.

Each contender is timed in the same processes, one process per string-hash seed (see
timing.across_seeds), the rounds interleaved; the median over the seeds is the figure. Peak memory
is the largest resident size (ru_maxrss, pdfium's allocations and its library's pages counted too)
of a fresh process converting each PDF once, with each backend, three processes each (the figures
differ by about 0.1 MiB from process to process).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

import pdfplumber

import xxgk
from xxgk.plugins.pdf_native import BACKEND
from xxgk.registry import Source

from timing import SEEDS, across_seeds, add_markitdown, best_per_item

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"   # real reports, when the corpus stands beside the project
DEFAULT = sorted({p.name: p for p in [*CORPUS.glob("*.pdf"), *(ROOT / "samples").glob("*.pdf")]}.values())


def convert(data: bytes) -> None:
    report = xxgk.read_source(Source(data, "report.pdf"))
    xxgk.validate(report)
    xxgk.write(report, "json", io.BytesIO())


def on_backend(backend: str):
    """`convert` with the PDF pages read by `backend` ("native" or "pdfminer")."""
    def run(data: bytes) -> None:
        os.environ[BACKEND] = backend
        try:
            convert(data)
        finally:
            del os.environ[BACKEND]
    return run


def peak_kib(backend: str, pdfs: list[Path]) -> int:
    """The peak resident size (KiB) of a fresh process converting each PDF once with `backend`."""
    out = subprocess.run([sys.executable, __file__, "--peak", backend, *map(str, pdfs)], check=True,
                         capture_output=True, text=True).stdout
    return int(out)


def bare(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                table.extract()
            page.extract_words()


def timings(pdfs: list[Path], rounds: int) -> dict[str, float]:
    """Seconds per PDF for each contender in this process."""
    files = [p.read_bytes() for p in pdfs]
    fns = {"xxgk": on_backend("native"), "pdfminer": on_backend("pdfminer"), "pdfplumber": bare}
    add_markitdown(fns, ".pdf")
    convert(files[0])   # plugins loaded outside the clock
    return best_per_item(fns, files, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=SEEDS, help="processes, one per string-hash seed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peak", choices=("native", "pdfminer"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(timings(args.pdfs, args.rounds)))
        return
    if args.peak:
        for path in args.pdfs:
            on_backend(args.peak)(path.read_bytes())
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        return
    runs = across_seeds(__file__, ["--rounds", str(args.rounds), *map(str, args.pdfs)], args.seeds)

    def median(name: str) -> float:
        return statistics.median(run[name] for run in runs)

    def ratios(name: str) -> str:
        values = sorted(run["xxgk"] / run[name] for run in runs)
        return f"median {statistics.median(values):.2f}x, range {values[0]:.2f}-{values[-1]:.2f}x"

    print(f"PDFs: {len(args.pdfs)} ({', '.join(p.name for p in args.pdfs)}); {len(runs)} processes")
    def fallback() -> str:
        values = sorted(run["pdfminer"] / run["pdfplumber"] for run in runs)
        return f"median {statistics.median(values):.2f}x, range {values[0]:.2f}-{values[-1]:.2f}x"

    print(f"bare pdfplumber (tables + words): {median('pdfplumber') * 1000:.0f} ms/PDF")
    print(f"xxgk read+validate+JSON, native:  {median('xxgk') * 1000:.0f} ms/PDF "
          f"({ratios('pdfplumber')} pdfplumber; target <= 0.25x)")
    print(f"xxgk, pdfminer fallback:          {median('pdfminer') * 1000:.0f} ms/PDF "
          f"({fallback()} pdfplumber; target <= 1x)")
    peaks = {backend: [peak_kib(backend, args.pdfs) / 1024 for _ in range(3)] for backend in ("native", "pdfminer")}
    print("peak resident memory of a process (3 processes each): "
          + ", ".join(f"{backend} {min(mib):.1f}-{max(mib):.1f} MiB" for backend, mib in peaks.items()))
    if all("markitdown" in run for run in runs):
        print(f"markitdown to Markdown:           {median('markitdown') * 1000:.0f} ms/PDF "
              f"(xxgk takes {ratios('markitdown')} markitdown's time; target < 1)")
    else:
        print("markitdown: not installed (pip install 'markitdown[pdf]')")


if __name__ == "__main__":
    main()
