"""Scanned reports (the OCR extra) measured on the project's evaluation set: cells right and wrong,
and seconds per page, on this machine.

    python benchmarks/bench_ocr.py [--seed 0] [--set DIR] [--small] [--only NAME...]

The set (tests/scangen.py: 16 generated reports printed by LibreOffice, Chromium and reportlab,
then scanned with known degradations, about 50 pages) is written to a temporary folder, or to
--set DIR and kept there (an existing set in DIR is used as it is). Each PDF is read and validated
through xxgk as `xxgk convert` would (read + validate + JSON) and scored cell by cell against its
expected values: exact, wrong (a different value, or one invented where the cell is blank), null
with a finding naming the cell, null without any.

Targets: at least 99.5% of the cells exact, none wrong, no null without a finding, at most 3 s
per page (median over the files) on 2 cores. CPU seconds per page are shown too (the engine uses
every core, so wall time alone hides its cost).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xxgk  # noqa: E402
from xxgk.plugins import ocr_engine  # noqa: E402

from scangen import Score, generate, score  # noqa: E402

TARGET_EXACT, TARGET_SECONDS = 99.5, 3.0


def convert(path: Path):
    report = xxgk.read(path)
    findings = xxgk.validate(report)
    xxgk.write(report, "json", io.BytesIO(), findings=findings)
    return report, findings


def degradation(entry: dict) -> str:
    angles = entry["angles"]
    photos = entry["lighting"].count("photographed")
    turn = f"{min(angles):+.1f}..{max(angles):+.1f}°" if len(set(angles)) > 1 else f"{angles[0]:+.1f}°"
    return (f"{entry['dpi']}dpi {turn} blur {entry['blur']:.2f} q{entry['jpeg_quality']} "
            f"speckle {entry['speckle'] * 100:.2f}%" + (f" photo {photos}/{entry['pages']}" if photos else ""))


def printing(entry: dict) -> str:
    if entry["renderer"] != "reportlab":
        return f"{entry['renderer']} {entry['format']}"
    rules = f"rules {entry['rule_width']}pt" if entry["ruled"] else "unruled"
    split = ("" if entry["t3_split_after"] is None else
             f", t3 split{' +header' if entry['t3_header_repeated'] else ' no header'}")
    return f"reportlab {entry['format']} {entry['font'].split(',')[0][:14]} {rules}{split}"


def percent(s: Score) -> float:
    return 100.0 * len(s.exact) / s.cells if s.cells else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--set", type=Path, help="use (or write and keep) the set in this folder")
    parser.add_argument("--small", action="store_true", help="the tests' slice instead of the whole set")
    parser.add_argument("--only", nargs="*", help="only the files whose names start with these")
    args = parser.parse_args()
    if not ocr_engine.available():
        raise SystemExit('the OCR extra is not installed: pip install "xxgk[ocr]"')
    with tempfile.TemporaryDirectory(prefix="ocr-set-") as tmp:
        folder = args.set or Path(tmp)
        if not (folder / "manifest.json").exists():
            start = time.perf_counter()
            generate(folder, args.seed, args.small)
            print(f"set written to {folder} in {time.perf_counter() - start:.0f} s")
        run(folder, args.only)


def run(folder: Path, only: list[str] | None) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["files"] if not only or any(e["file"].startswith(o) for o in only)]
    start = time.perf_counter()
    ocr_engine.engine()
    print(f"models loaded once per process: {time.perf_counter() - start:.2f} s")
    total, per_page, cpu_per_page, pages, cpu = Score(), [], [], 0, 0.0
    groups: dict[str, Score] = defaultdict(Score)
    naming: Counter[str] = Counter()    # the rules of the findings that name the cells left null
    problems = []
    print(f"{'file':24} {'printed':48} {'scanned':52} {'cells':>5} {'exact':>5} {'wrong':>5} {'flag':>4} "
          f"{'silent':>6} {'s':>6} {'s/pg':>5} {'cpu/pg':>6}")
    for entry in entries:
        expected = json.loads((folder / entry["expected"]).read_text(encoding="utf-8"))
        wall, clock = time.perf_counter(), time.process_time()
        report, findings = convert(folder / entry["file"])
        wall, clock = time.perf_counter() - wall, time.process_time() - clock
        result = score(report, findings, expected)
        for key in result.flagged:
            naming.update({f.rule for f in findings if key in f.cells})
        total = total.add(result)
        n = entry["pages"]
        pages, cpu = pages + n, cpu + clock
        per_page.append(wall / n)
        cpu_per_page.append(clock / n)
        for key in (f"renderer {entry['renderer']}", f"format {entry['format']}",
                    f"dpi {'<=120' if entry['dpi'] <= 120 else '150-200' if entry['dpi'] <= 200 else '>=240'}",
                    f"rules {'none' if not entry['ruled'] else entry['rule_width']}",
                    f"photographed page {'yes' if 'photographed' in entry['lighting'] else 'no'}",
                    f"JPEG quality {'<50' if entry['jpeg_quality'] < 50 else '>=50'}",
                    f"blanks {entry['blanks']}"):
            groups[key] = groups[key].add(result)
        s = result.summary()
        print(f"{entry['file'][:24]:24} {printing(entry)[:48]:48} {degradation(entry)[:52]:52} {s['cells']:5} "
              f"{s['exact']:5} {s['wrong']:5} {s['null_with_finding']:4} {s['null_without_finding']:6} "
              f"{wall:6.1f} {wall / n:5.2f} {clock / n:6.2f}")
        problems += [(entry["file"], entry["renderer"], "wrong" + (" (named)" if key in result.named else ""), key,
                      want, got) for key, want, got in result.wrong]
        problems += [(entry["file"], entry["renderer"], "silent", key, expected["cells"][key], None)
                     for key in result.silent]
        problems += [(entry["file"], entry["renderer"], f"meta {name}", name, want, got)
                     for name, want, got in result.meta]
    s = total.summary()
    print(f"\n{len(entries)} files, {pages} pages, {s['cells']} cells: {percent(total):.2f}% exact, "
          f"{s['wrong']} wrong ({s['wrong_named_by_a_finding']} of them named by a finding), "
          f"{s['null_with_finding']} null with a finding, {s['null_without_finding']} null without one")
    print(f"median {statistics.median(per_page):.2f} s per page, {cpu / pages:.2f} CPU s per page "
          f"(median {statistics.median(cpu_per_page):.2f}) on {os.cpu_count()} cores")
    print(f"target: >= {TARGET_EXACT}% exact, 0 wrong, 0 null without a finding, <= {TARGET_SECONDS} s per page: "
          + ("met" if percent(total) >= TARGET_EXACT and not s["wrong"] and not s["null_without_finding"]
             and statistics.median(per_page) <= TARGET_SECONDS else "not met"))
    print("null cells with a finding, by the rules naming them: "
          + ", ".join(f"{rule} {n}" for rule, n in naming.most_common()))
    print("\nby kind:")
    for key in sorted(groups):
        g = groups[key].summary()
        print(f"  {key:32} {g['cells']:5} cells {percent(groups[key]):6.2f}% exact, {g['wrong']:3} wrong, "
              f"{g['null_with_finding']:4} flagged, {g['null_without_finding']:3} silent")
    if problems:
        print("\nwrong cells and nulls without a finding (file, renderer, kind, key, expected, got):")
        for problem in problems:
            print("  " + "  ".join(str(x) for x in problem))


if __name__ == "__main__":
    main()
