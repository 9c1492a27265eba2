"""OCR readings confirmed by the template's equations, before any value stands.

A cell recognised by OCR stands only when every equation it takes part in (T3-BALANCE, T3-RESULTS,
T3-ROWTOTAL, T4-TOTAL: the template's data) holds wherever all of that equation's cells were read.
The cells of an equation that does not hold are read a second time (the reader's other crops and
scales); the one choice among the readings that makes every equation hold is taken and noted. Cells
of an equation that still fails are left empty (status "unconfirmed", rule OCR-CHECK) unless every
reading of every one of its cells agrees and no misreading of a single digit would mend it: then the
source itself does not add up, and the values stay for the arithmetic rules to report. A cell left
empty stands again when the equations, their other cells known, require the value one of its readings
gives (one equation for a confident reading, two for one without confidence). A cell in no equation
that can be checked stands only when a confident second reading agrees with the first.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from .model import Cell, Location, Report
from .values import amount_value, count_value, parse_token

if TYPE_CHECKING:
    from .registry import Registry
    from .template import Equation

# locations -> each one's other readings (text, confidence); None where the reader did not read it
Reread = Callable[[list[Location]], list[list[tuple[str, float]] | None]]
MIN_CONFIDENCE = 0.6     # as the assembler's LOW_CONFIDENCE: a weaker reading is no candidate
MAX_CHOICES = 4096       # combinations of candidate values tried for one group of failing equations
Number = int | Decimal
# digits OCR takes for one another in blurred or coarse scans
CONFUSED_DIGITS = {"0": "689", "6": "058", "8": "0369", "9": "08", "3": "58", "5": "36", "1": "47", "7": "12",
                   "4": "1", "2": "7"}
Reading = tuple[Number | None, bool]   # a second reading's value (None: illegible), and whether it is confident


def confirm(report: Report, reread: Reread, registry: Registry) -> None:
    """Check and settle, in place, the OCR-read cells of `report` (see the module's docstring)."""
    equations: list[Equation] = []
    decimal: set[str] = set()
    for name, table in report.tables.items():
        tpl = registry.table_template(name, table.template) if table.template else None
        if tpl is not None:
            equations += tpl.equations
            decimal |= tpl.decimal_keys
    cells = {k: c for t in report.tables.values() for k, c in t.cells.items()}
    recognised = {k for k, c in cells.items() if c.status in ("read", "unsure") and c.location and c.location.bbox}
    values: dict[str, Number | None] = {k: c.value for k, c in cells.items()}   # type: ignore[misc]
    readings: dict[str, list[Reading]] = {}   # the cells OCR read, as they are read again
    asked: set[str] = set()

    def read_again(keys) -> None:
        wanted = sorted(set(keys) & recognised - asked)
        asked.update(wanted)
        if wanted:
            readings.update(_second_readings(cells, wanted, reread, decimal))

    unsure = [k for k in recognised if cells[k].status == "unsure"]
    first = {k: _first_reading(cells[k], k in decimal) for k in recognised}
    read_again(unsure + list(recognised - _checked(equations, values)))
    _recover(cells, values, readings, equations, unsure)
    failing = [eq for eq in equations if _holds(eq, values) is False]
    read_again(k for eq in failing for k in eq.left + eq.right)
    _choose(cells, values, readings, failing, equations)
    _settle(cells, values, readings, [eq for eq in equations if _holds(eq, values) is False])
    read_again(k for k, v in values.items() if v is None and k in recognised)
    _required_values(cells, values, readings, equations, first)
    unchecked = [k for k in recognised - _checked(equations, values) if cells[k].status == "read"]
    read_again(unchecked)
    for key in unchecked:
        if key in readings:
            _agree_or_leave(cells[key], readings[key])
            values[key] = cells[key].value
    readable = {k: list({v for v, _ in [first[k], *readings.get(k, [])] if v is not None}) for k in recognised}
    _ink_lost(cells, values, equations, readable)


def _checked(equations: list[Equation], values: dict) -> set[str]:
    """The cells of every equation that can be evaluated."""
    return {k for eq in equations if _holds(eq, values) is not None for k in eq.left + eq.right}


def _second_readings(cells: dict[str, Cell], ordered: list[str], reread: Reread, decimal: set[str]):
    """Each OCR-read cell's other readings: (value or None when illegible, whether confident)."""
    found = reread([cells[k].location for k in ordered])   # type: ignore[misc]
    out: dict[str, list[Reading]] = {}
    for key, texts in zip(ordered, found):
        if texts is None:
            continue   # not read by OCR (a page of a PDF read from its text)
        parse = amount_value if key in decimal else count_value
        out[key] = []
        for text, confidence in texts:
            token = parse_token(text)
            out[key].append((parse(token)[0] if token is not None else None, confidence >= MIN_CONFIDENCE))
    return out


def _sure(readings: list[Reading]) -> list[Number | None]:
    """The values of the confident readings."""
    return [value for value, confident in readings if confident]


def _holds(eq: Equation, values: dict) -> bool | None:
    """Whether the equation holds; None when a cell has no value, unless it is the only one and
    the others already exceed what its side can take (counts and amounts are never negative)."""
    left, right = [values.get(k) for k in eq.left], [values.get(k) for k in eq.right]
    missing = [v for v in left + right if v is None]
    if not missing:
        return sum(left) == sum(right)   # type: ignore[arg-type]
    if len(missing) == 1:
        known_left, known_right = sum(v for v in left if v is not None), sum(v for v in right if v is not None)
        needed = known_right - known_left if None in left else known_left - known_right
        if needed < 0:
            return False
    return None


def _recover(cells, values, readings, equations, unsure: list[str]) -> None:
    """A cell left empty for low confidence takes the value its confident second readings give,
    when no reading gives another and it makes at least one equation hold and breaks none."""
    for key in unsure:
        cell, again = cells[key], readings.get(key, [])
        candidates = {v for v in _sure(again) if v is not None}
        if len(candidates) != 1 or any(v is not None and v not in candidates for v, _ in again):
            continue
        value = candidates.pop()
        touching = [eq for eq in equations if key in eq.left + eq.right]
        trial = {**values, key: value}
        results = [_holds(eq, trial) for eq in touching]
        if True in results and False not in results:
            values[key] = value
            _take(cell, value, f"recognised with too little confidence at first; a second reading gives {value}, "
                               f"and the table's equations hold")


def _first_reading(cell: Cell, decimal: bool) -> Reading:
    """The value of a cell's first reading (None when no number), and whether it was confident."""
    if cell.status == "read":
        return cell.value, True   # type: ignore[return-value]
    token = parse_token(cell.raw or "")
    return ((amount_value if decimal else count_value)(token)[0] if token else None), False


_OPEN = object()   # an equation with another cell not known: it requires nothing yet


def _required_values(cells, values, readings, equations: list[Equation], first: dict[str, Reading]) -> None:
    """Cells left empty whose value the equations now fix: a cell takes the one value that every
    equation it takes part in, its other cells known, requires, when one of its readings gives that
    value and no confident reading gives another: a confident reading and one such equation, or a
    reading without confidence and two (independent equations, which a wrong reading would have to
    satisfy both by chance)."""
    changed = True
    while changed:
        changed = False
        for key in sorted(k for k in first if values[k] is None):
            fixing = {eq: r for eq in equations if key in eq.left + eq.right
                      and (r := _required(eq, key, values)) is not _OPEN}
            if len(set(fixing.values())) != 1 or (value := next(iter(fixing.values()))) is None:
                continue
            again = [first[key], *readings.get(key, [])]
            confident, others = value in _sure(again), set(_sure(again)) - {value, None}
            if (confident or len(fixing) >= 2) and value in [v for v, _ in again] and not others:
                rules = ", ".join(f"{eq.rule} {eq.where}" for eq in fixing)
                _take(cells[key], value, f"{rules} require {value}, the cells about it read, and OCR "
                                         f"{'reads' if confident else 'reads without confidence'} {value}")
                values[key] = value
                changed = True


def _required(eq: Equation, key: str, values: dict):
    """The value `key` must have for `eq` to hold, the equation's other cells as they stand; None when
    no value can (it would be negative), _OPEN when another of its cells is not known."""
    others = [k for k in eq.left + eq.right if k != key]
    if any(values[k] is None for k in others):
        return _OPEN
    right, left = sum(values[k] for k in eq.right if k != key), sum(values[k] for k in eq.left if k != key)
    needed = right - left if key in eq.left else left - right
    return needed if needed >= 0 else None


def _ink_lost(cells, values, equations: list[Equation], readable: dict[str, list[Number]]) -> None:
    """A cell of a grid where OCR found no ink (blank, nothing recognised) that an equation requires
    to hold more than nothing: its other cells known, or, where some are left empty, with every
    combination of what those were read as (`readable`, by key: the first and second readings'
    values). Its ink was lost (a faint digit, or one erased with the rule it touches, its strokes
    read with the next cell), so it is no blank but unconfirmed, the equation named; never filled."""
    for key, cell in cells.items():
        if cell.status != "blank" or cell.raw is not None or not (cell.location and cell.location.bbox):
            continue
        for eq in (eq for eq in equations if key in eq.left + eq.right and set(eq.left + eq.right) <= values.keys()):
            needed = _required(eq, key, values)
            if needed is _OPEN and not _holds_with_nothing(eq, key, values, readable):
                note = f"{eq.rule} {eq.where} holds with no reading of its other cells while it is empty"
            elif needed is not _OPEN and needed:
                note = f"{eq.rule} {eq.where} requires {needed}"
            else:
                continue
            cell.status, cell.note = "unconfirmed", f"no ink found in the cell, yet {note}"
            break


def _holds_with_nothing(eq: Equation, key: str, values: dict, readable: dict[str, list[Number]]) -> bool:
    """Whether `eq` may hold with `key` empty (0): its cells left empty taking each value they were
    read as; True when one of them was read as no number, or the combinations are too many to try."""
    unknown = [k for k in eq.left + eq.right if k != key and values[k] is None]
    options = [readable.get(k) or [] for k in unknown]
    if not all(options) or math.prod(map(len, options)) > MAX_CHOICES:
        return True
    return any(_holds(eq, {**values, key: 0, **dict(zip(unknown, choice))}) is not False
               for choice in itertools.product(*options))


def _choose(cells, values, readings, failing: list[Equation], equations: list[Equation]) -> None:
    """Among each failing cell's readings, the values that make every equation they touch hold, when
    all such choices agree on them."""
    keys = sorted({k for eq in failing for k in eq.left + eq.right if readings.get(k)})
    options = {k: sorted({values[k], *(v for v in _sure(readings[k]) if v is not None)} - {None}) for k in keys}
    varied = [k for k in keys if len(options[k]) > 1]
    if not varied or math.prod(len(options[k]) for k in varied) > MAX_CHOICES:
        return
    touching = [eq for eq in equations if set(eq.left + eq.right) & set(varied)]
    fits = []
    for choice in itertools.product(*(options[k] for k in varied)):
        trial = {**values, **dict(zip(varied, choice))}
        if all(_holds(eq, trial) is not False for eq in touching):
            fits.append(choice)
    for i, key in enumerate(varied):
        chosen = {fit[i] for fit in fits}
        if len(chosen) == 1 and (value := chosen.pop()) != values[key]:
            _take(cells[key], value, f"read {values[key]} at first; a second reading gives {value}, "
                                     f"with which the table's equations hold")
            values[key] = value


def _settle(cells, values, readings, failing: list[Equation]) -> None:
    """Equations that still fail: their recognised cells are left empty, unless every reading of
    every one of an equation's cells agrees and no misreading of one digit would mend it: then the
    source itself does not add up."""
    reasons: dict[str, str] = {}
    for eq in failing:
        keys = [k for k in eq.left + eq.right if k in readings and values[k] is not None]
        whole = all(values[k] is not None for k in eq.left + eq.right)
        steady = whole and all(readings[k] and all(v == values[k] for v, _ in readings[k]) for k in keys)
        if steady and not _one_digit_mends(eq, values, keys):
            continue
        why = "read alike each time, yet one digit misread would explain it" if steady else "also on a second reading"
        for key in keys:
            reasons.setdefault(key, f"{eq.rule} {eq.where}: {_side(eq.left_name, eq.left, values)} ≠ "
                                    f"{_side(eq.right_name, eq.right, values)} as read, {why}")
    for key, why in reasons.items():
        cells[key].value, cells[key].status, cells[key].note = None, "unconfirmed", why
        values[key] = None


def _side(name: str, keys: Sequence[str], values: dict) -> str:
    """One side of an equation as read: "name = 12", or "name = 12 + ?" with a cell not read."""
    known = sum(values[k] for k in keys if values[k] is not None)
    return f"{name} = {known}" + (" + ?" if any(values[k] is None for k in keys) else "")


def _one_digit_mends(eq: Equation, values: dict, keys: list[str]) -> bool:
    """Whether the equation holds with one digit of one recognised cell read otherwise: a digit
    OCR confuses with it (CONFUSED_DIGITS), or none (a speck read as a digit)."""
    for key in keys:
        if not isinstance(values[key], int):
            continue
        for other in _one_digit_off(str(values[key])):
            if _holds(eq, {**values, key: other}):
                return True
    return False


def _one_digit_off(text: str):
    for i, digit in enumerate(text):
        for other in CONFUSED_DIGITS.get(digit, ""):
            yield int(text[:i] + other + text[i + 1:])
        if len(text) > 1:
            yield int(text[:i] + text[i + 1:])


def _agree_or_leave(cell: Cell, readings: list[Reading]) -> None:
    """A value no equation checks stands only when a confident second reading gives it too and
    none gives another value."""
    if cell.status != "read":
        return
    given = [v for v, _ in readings if v is not None]
    others = sorted({str(v) for v in given if v != cell.value})
    if others or cell.value not in _sure(readings):
        gives = "agrees only without confidence" if not others and cell.value in given else \
            f"gives {', '.join(others) or 'nothing legible'}"
        cell.note = f"read {cell.value}, but a second reading {gives}"
        cell.value, cell.status = None, "unconfirmed"


def _take(cell: Cell, value: Number, note: str) -> None:
    """The cell read as `value`, `note` saying why, after any note it had."""
    cell.value, cell.status, cell.note = value, "read", "; ".join(x for x in (cell.note, note) if x)
