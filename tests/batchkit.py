"""Helpers of the batch tests: distinct generated reports, files, runs of `xxgk convert`, datasets."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from xxgk.cli import main

from pagegen import page
from reportgen import consistent_values, report_text

ORGANS = ("甲县人民政府办公室", "乙县人民政府办公室", "丙县人民政府办公室", "丁县人民政府办公室")


def report(n: int, year: int = 2024, **changed: int) -> str:
    """Report number n: organ ORGANS[n], its own values (some changed), 2024 unless told."""
    values = consistent_values(100 + n, 9)
    values.update(changed)
    return report_text(values, organ=ORGANS[n], year=year)


def html_report(n: int) -> str:
    return page(consistent_values(100 + n, 9), organ=ORGANS[n])


def new_received(n: int) -> int:
    return consistent_values(100 + n, 9)["t3.new_received.total"]   # type: ignore[return-value]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def rows(out: Path, status: str = "converted") -> dict[str, dict[str, str]]:
    """The rows of reports.csv whose input was converted (or failed), by source."""
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        found = list(csv.DictReader(fh))
    by_source = {row["source"]: row for row in found}
    assert len(by_source) == len(found), "one row per source"
    return {source: row for source, row in by_source.items() if row["status"] == status}


def convert(capsys, *argv: str) -> tuple[int, str]:
    code = main(["convert", *argv])
    return code, capsys.readouterr().err


def organ_of(output: Path) -> str:
    return json.loads(output.read_text(encoding="utf-8"))["meta"]["organ"]
