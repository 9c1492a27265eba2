"""`xxgk convert`'s work on PDFs (read, validate, write JSON) against a bare pdfplumber pass that
extracts the tables and words of every page, and against markitdown (if installed:
pip install 'markitdown[pdf]'), in one run.

    python benchmarks/bench_pdf.py [--rounds 5] [PDF...]

Targets: at most 1.3x the bare pdfplumber pass; faster than markitdown.
"""
from __future__ import annotations

import argparse
import io
from pathlib import Path

import pdfplumber

import xxgk
from xxgk.registry import Source

from timing import add_markitdown, best_per_item

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"   # real reports, when the corpus stands beside the project
DEFAULT = sorted({p.name: p for p in [*CORPUS.glob("*.pdf"), *(ROOT / "samples").glob("*.pdf")]}.values())


def convert(data: bytes) -> None:
    report = xxgk.read_source(Source(data, "report.pdf"))
    xxgk.validate(report)
    xxgk.write(report, "json", io.BytesIO())


def bare(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                table.extract()
            page.extract_words()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = [p.read_bytes() for p in args.pdfs]
    fns = {"xxgk": convert, "pdfplumber": bare}
    add_markitdown(fns, ".pdf")
    convert(files[0])   # plugins loaded outside the clock
    per = best_per_item(fns, files, args.rounds)
    print(f"PDFs: {len(files)} ({', '.join(p.name for p in args.pdfs)})")
    print(f"bare pdfplumber (tables + words): {per['pdfplumber'] * 1000:.0f} ms/PDF")
    print(f"xxgk read+validate+JSON:          {per['xxgk'] * 1000:.0f} ms/PDF "
          f"({per['xxgk'] / per['pdfplumber']:.2f}x pdfplumber; target <= 1.3x)")
    if "markitdown" in per:
        print(f"markitdown to Markdown:           {per['markitdown'] * 1000:.0f} ms/PDF "
              f"(xxgk takes {per['xxgk'] / per['markitdown']:.2f}x markitdown's time; target < 1)")
    else:
        print("markitdown: not installed (pip install 'markitdown[pdf]')")


if __name__ == "__main__":
    main()
