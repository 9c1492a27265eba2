"""AGGREGATE (batch, warning; with AGGREGATE.mapping): an aggregated report against its parts.

A government's report often sums the reports of the organs under it (a county's report over its
departments, townships and its own office: "对本行政区域内所有编制主体的…数据进行汇总"). Given a
mapping of parent organ to child organ (a CSV file with the columns `parent` and `child`, one row a
child, names as the dataset's `organ` column gives them), for each year the parent has one report:

- children that have no report of that year in the batch are named; the sum is then not compared;
- otherwise each row of table 3 in the total column must equal the sum of the children's (rows a
  report does not give are not compared), and the rows that differ are named, each with its value
  and its sum (t3.new_received.total = 13 ≠ 10).

The mapping names organs by name alone: reports of that name wherever they stand are its reports.
Copies of one report (the same tables: `organ_years`) are one; an organ with several different
reports of a year cannot be told apart, and that year's sums are not compared, with an info saying
so. A mapping where an organ is its own child, or its own ancestor through others, is refused.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from xxgk import hookimpl
from xxgk.decoding import decode
from xxgk.errors import ReadError
from xxgk.model import Finding
from xxgk.registry import BatchValidator
from xxgk.rulesettings import Setting
from xxgk.templates.y2021 import T3_SINGLE_OTHER_HANDLING, TABLE3

from .organ_years import by_name, one, organ_key, shown

ROWS = tuple(f"t3.{row.key}.total" for row in TABLE3.rows + T3_SINGLE_OTHER_HANDLING)
SHOWN = 6   # rows named in a finding


SHAPE = "a CSV file with the columns parent and child, a row per child"


def load(path: str) -> tuple[tuple[str, str], ...]:
    """(parent, child) pairs of a mapping file (UTF-8, or GB18030 as Excel saves a CSV on Chinese
    Windows; spaces around a field are not part of it: "parent, child"); ValueError saying what is
    wrong with it, and where (its line, its column)."""
    try:
        text = decode(Path(path).read_bytes())[0]
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ReadError as exc:
        raise ValueError(f"{path}: {exc}") from None
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    if not {"parent", "child"} <= set(header):
        raise ValueError(f"{path}: {_header_wrong(header)}; {SHAPE}")
    at = {name: header.index(name) for name in ("parent", "child")}
    pairs: dict[tuple[str, str], None] = {}
    for row in reader:
        fields = {name: row[i].strip() if i < len(row) else "" for name, i in at.items()}
        if not any(fields.values()):
            continue   # a blank line
        empty = [name for name, value in fields.items() if not value]
        if empty:
            raise ValueError(f"{path}: line {reader.line_num}, column {empty[0]}: empty ({SHAPE})")
        pairs[(fields["parent"], fields["child"])] = None
    if not pairs:
        raise ValueError(f"{path}: no parent and child in it")
    found = tuple(pairs)
    cycle = _cycle(found)
    if cycle:
        raise ValueError(f"{path}: an organ under itself: {' → '.join(cycle)}")
    return found


def _header_wrong(header: list[str]) -> str:
    """What is wrong with a mapping's first line, which has no column parent or no column child."""
    if not any(header):
        return "empty: no line 1 naming the columns"
    missing = " and ".join(name for name in ("parent", "child") if name not in header)
    said = f"line 1 names the columns {', '.join(repr(name) for name in header)}: no column {missing}"
    if len(header) == 1 and ("，" in header[0] or "\t" in header[0] or ";" in header[0]):
        said += " (its fields are to be separated by \",\")"
    return said


def _cycle(pairs: tuple[tuple[str, str], ...]) -> list[str] | None:
    """Organs that lead from the first of them back to it, parent to child (an organ its own
    child: [A, A]); None when there are none."""
    children: dict[str, list[str]] = {}
    for parent, child in pairs:
        children.setdefault(organ_key(parent), []).append(child)
    for start in dict.fromkeys(parent for parent, _ in pairs):
        came_from: dict[str, list[str]] = {organ_key(start): [start]}
        waiting = [start]
        while waiting:
            organ = waiting.pop()
            for child in children.get(organ_key(organ), []):
                path = came_from[organ_key(organ)] + [child]
                if organ_key(child) == organ_key(start):
                    return path
                if organ_key(child) not in came_from:
                    came_from[organ_key(child)] = path
                    waiting.append(child)
    return None


MAPPING = Setting("AGGREGATE.mapping", None, load,
                  "a CSV file of organs whose report sums others': columns parent and child, a row per child")


def check(results, values):
    mapping = values[MAPPING.name]
    if not mapping:
        return
    children: dict[str, list[str]] = {}
    for parent, child in mapping:
        children.setdefault(parent, []).append(child)
    reports = by_name(results)
    for parent, names in children.items():
        for year, own in sorted(reports.get(organ_key(parent), {}).items()):
            if one(own) is None:
                yield own[0].source, _untold(year, {parent: own})
            else:
                yield from _year(one(own), year, names, reports)


def _untold(year: int, untold: dict[str, list]) -> Finding:
    """The info on a year whose sums are not compared: organs with several different reports."""
    listed = "; ".join(f"{name}: {', '.join(shown(r) for r in got)}" for name, got in untold.items())
    return Finding("AGGREGATE", "info", f"{year}: several reports of one name whose tables differ ({listed}); "
                   "its sums are not compared")


def _year(parent, year: int, names: list[str], reports):
    found = {name: reports.get(organ_key(name), {}).get(year, []) for name in names}
    missing = [name for name, got in found.items() if not got]
    if missing:
        yield parent.source, Finding("AGGREGATE", "warning", f"{year}: no report of {', '.join(missing)}, listed "
                                     "under it in the mapping; its sums are not compared")
        return
    parts = [part for part in map(one, found.values()) if part is not None]
    if len(parts) < len(found):
        yield parent.source, _untold(year, {name: got for name, got in found.items() if one(got) is None})
        return
    differ = []
    for key in ROWS:
        given = [part.facts.get(key) for part in parts]
        if parent.facts.get(key) is not None and None not in given and parent.facts[key] != sum(given):
            differ.append((key, parent.facts[key], sum(given)))
    if differ:
        rows = ", ".join(f"{key} = {value} ≠ {total}" for key, value, total in differ[:SHOWN])
        yield parent.source, Finding(
            "AGGREGATE", "warning", f"{year}: table 3 is not the sum of the reports listed under it ({len(parts)}), "
            f"in it ≠ in their sum: {rows}", [key for key, *_ in differ], lhs=differ[0][1], rhs=differ[0][2])


@hookimpl
def xxgk_register_validators(registry):
    registry.add_batch_validator(BatchValidator("aggregate", ("AGGREGATE",), ROWS, check, settings=(MAPPING,)))
