"""An organ's reports over the years, for the batch rules.

Two reports are of one organ when their organs' names are the same (compared without spaces,
punctuation forms or notes in brackets) and they stand in the same place: the folder of the file
(its real path), or a URL's host and folders, the parts that hold digits (years, dates, numbers)
aside. So crawl/2023/城关镇.pdf and crawl/2024/城关镇.pdf are one organ's reports, and
countyA/城关镇.pdf and countyB/城关镇.pdf two organs' of one name.

Two or more reports of one organ in one year (a page and its PDF copy) are one report when their
tables are the same, cell for cell: the first by source is compared, and ORGAN-YEAR (info) on each
copy says so. Among several, the copies are found pair by pair (a page, its PDF and a corrected
更正版: the first two are one report, the third another): each group of identical tables is one
report, its first by source kept. When the year still holds reports whose tables differ, nothing
tells which to compare: none of that year is, ORGAN-YEAR on each says why, and a copy is still
named as a copy.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from xxgk.labels import normalize
from xxgk.model import Finding, Report
from xxgk.urls import is_url

NAME = "organ-years"
SAME = "the same report as"   # ORGAN-YEAR's words on a copy, before the report it copies


def organ_key(organ: str) -> str:
    """An organ's name as compared."""
    return re.sub(r"\(.*?\)", "", normalize(organ))


def place(result: Any) -> str:
    """Where a result's source stands, as compared (see the module)."""
    where = result.location or result.source
    if is_url(where):
        parts = urlsplit(where)
        folders = [parts.netloc, *parts.path.split("/")[:-1]]
    else:
        folders = list(PurePosixPath(where).parent.parts)
    return "/".join(part for part in folders if part and not re.search(r"\d", part))


def tables(report: Report) -> str:
    """A fingerprint of every cell of the report's tables (the batch keeps it as the extract)."""
    cells = json.dumps({k: str(v) for k, v in sorted(report.cells().items())}, ensure_ascii=False)
    return hashlib.blake2b(cells.encode("utf-8"), digest_size=8).hexdigest()


def by_organ(results: Iterable[Any]) -> dict[tuple[str, str], dict[int, list[Any]]]:
    """Results (with `organ` and `year`) by organ (its name as compared, its place), then year, in
    the order of their sources; those without an organ or a year left out."""
    found: dict[tuple[str, str], dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for result in sorted(results, key=lambda r: r.source):
        if result.organ and result.year:
            found[organ_key(result.organ), place(result)][result.year].append(result)
    return found


def by_name(results: Iterable[Any]) -> dict[str, dict[int, list[Any]]]:
    """Results by organ name alone (as compared), then year, wherever they stand: a mapping of
    organs (AGGREGATE) names them so."""
    found: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for (name, _), years in by_organ(results).items():
        for year, reports in years.items():
            found[name][year] += reports
    return found


def copies(reports: list[Any]) -> list[list[Any]]:
    """The reports of an organ's year in groups of the same tables (their fingerprints and the
    cells the batch keeps), each group in the reports' order, the groups in the order of their firsts."""
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for r in reports:
        groups.setdefault((r.extracts.get(NAME), *sorted(r.facts.items())), []).append(r)
    return list(groups.values())


def one(reports: list[Any]) -> Any | None:
    """The report of an organ's year: the only one, or the first of copies; None when there is
    none, or several whose tables differ."""
    groups = copies(reports)
    return groups[0][0] if len(groups) == 1 else None


def consecutive(results: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """(year t−1, year t) pairs of one organ's results, one report (or copies of one) each year."""
    for years in by_organ(results).values():
        for year in sorted(years):
            before, now = one(years.get(year - 1, [])), one(years[year])
            if before is not None and now is not None:
                yield before, now


def copied(finding: Finding) -> str | None:
    """The report (its source as findings name it) that a report is a copy of, as its ORGAN-YEAR
    finding says; None for any other finding."""
    found = re.match(rf"\d+: {SAME} (.+) \(the same organ, year and tables\)", finding.message)
    return found[1] if finding.rule == "ORGAN-YEAR" and found else None


def shown(result: Any) -> str:
    """A result's source as findings name it: as the datasets give it."""
    return result.relative or result.source


def compared(old: Any, new: Any) -> str:
    """How a batch finding names the two reports it compares."""
    return f"compared {shown(old)} ({old.year}) and {shown(new)} ({new.year})"


def check(results: Iterable[Any]) -> Iterator[tuple[str, Finding]]:
    """ORGAN-YEAR: an info on each report of an organ's year that has several (see the module)."""
    for years in by_organ(results).values():
        for year, reports in sorted(years.items()):
            if len(reports) < 2:
                continue
            groups = copies(reports)
            firsts = [group[0] for group in groups]
            differ = (f"{len(firsts)} reports of the organ whose tables differ ({', '.join(map(shown, firsts))}): "
                      "the batch rules compare none of them")
            for group in groups:
                if len(groups) > 1:
                    yield group[0].source, Finding("ORGAN-YEAR", "info", f"{year}: {differ}")
                for copy in group[1:]:
                    said = "the batch rules compare that one" if len(groups) == 1 else differ
                    yield copy.source, Finding("ORGAN-YEAR", "info", f"{year}: {SAME} {shown(group[0])} "
                                               f"(the same organ, year and tables): {said}")
