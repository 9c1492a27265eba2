"""The DOCX reader against python-docx loading the same document and walking its tables, and
against markitdown (if installed: pip install 'markitdown[docx]'), in one run.

    python benchmarks/bench_docx.py [--rounds 5] [DOCX...]

Target: the reader at most 1.5x python-docx's load-and-walk.
"""
from __future__ import annotations

import argparse
import io
from pathlib import Path

import docx

from xxgk.plugins import docx_reader
from xxgk.registry import Source

from timing import add_markitdown, best_per_item

ROOT = Path(__file__).resolve().parent.parent


def walk(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docx", nargs="*", type=Path, default=sorted((ROOT / "samples").glob("*.docx")))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = [p.read_bytes() for p in args.docx]
    fns = {"reader": lambda d: docx_reader.read(Source(d, "report.docx")), "python-docx": walk}
    add_markitdown(fns, ".docx")
    per = {name: seconds * 1000 for name, seconds in best_per_item(fns, files, args.rounds).items()}
    print(f"DOCX: {len(files)} ({', '.join(p.name for p in args.docx)})")
    print(f"python-docx load + walk: {per['python-docx']:.1f} ms/file")
    print(f"xxgk DOCX reader:        {per['reader']:.1f} ms/file "
          f"({per['reader'] / per['python-docx']:.2f}x python-docx; target <= 1.5x)")
    if "markitdown" in per:
        print(f"markitdown to Markdown:  {per['markitdown']:.1f} ms/file "
              f"({per['markitdown'] / per['python-docx']:.2f}x python-docx)")
    else:
        print("markitdown: not installed (pip install 'markitdown[docx]')")


if __name__ == "__main__":
    main()
