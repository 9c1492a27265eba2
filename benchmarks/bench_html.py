"""The HTML reader's cost against parsing the same pages with BeautifulSoup+lxml alone, and
against markitdown converting them (if installed: pip install markitdown), in one run.

    python benchmarks/bench_html.py [--pages 100] [--rounds 3]

Target: the reader (decode, parse, find the report, walk it into blocks) at most 1.5x the bare parse.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bs4 import BeautifulSoup  # noqa: E402

from xxgk.decoding import decode  # noqa: E402
from xxgk.plugins import html_reader  # noqa: E402
from xxgk.registry import Source  # noqa: E402

from pagegen import page  # noqa: E402
from reportgen import consistent_values  # noqa: E402
from timing import add_markitdown, best_per_item  # noqa: E402


def pages(n: int) -> list[bytes]:
    """The HTML sample, then generated portal pages (GBK and UTF-8, Word export, split tables)."""
    out = [p.read_bytes() for p in sorted((ROOT / "samples").glob("*.html"))]
    i = 0
    while len(out) < n:
        gbk = i % 2 == 0
        html = page(consistent_values(i, 60), charset="gbk" if gbk else "utf-8", word=i % 3 == 0,
                    split_t3=10 if i % 4 == 0 else None)
        out.append(html.encode("gb18030" if gbk else "utf-8"))
        i += 1
    return out[:n]


def bare_parse(data: bytes) -> None:
    text = decode(data, html_reader.declared_charset(data)).text
    BeautifulSoup(text, "lxml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data = pages(args.pages)
    fns = {"reader": lambda d: html_reader.read(Source(d, "page.html")), "bare": bare_parse}
    add_markitdown(fns, ".html")
    times = best_per_item(fns, data, args.rounds)
    reader, bare = times["reader"], times["bare"]
    print(f"pages: {len(data)}, {sum(map(len, data)) // len(data)} bytes on average")
    print(f"BeautifulSoup+lxml parse alone: {bare * 1000:.2f} ms/page")
    print(f"xxgk HTML reader:               {reader * 1000:.2f} ms/page "
          f"({reader / bare:.2f}x the parse; target <= 1.5x)")
    if "markitdown" not in times:
        print("markitdown: not installed (pip install markitdown)")
        return
    markitdown = times["markitdown"]
    print(f"markitdown to Markdown:         {markitdown * 1000:.2f} ms/page ({markitdown / bare:.2f}x the parse)")


if __name__ == "__main__":
    main()
