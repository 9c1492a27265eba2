"""Reading one table: align observed rows with each template variant, then fill the cells."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import digits
from ..labels import normalize
from ..model import Ambiguity, Cell, Location, Placement, Split, TableData, quoted
from ..template import RowSpec, TableTemplate
from ..values import amount_value, count_value
from .align import align, by_label
from .rows import ObservedRow, Value
from .stated import Stated
from .torn import broken_over_pages, joined, place_loose

LOW_CONFIDENCE = 0.6    # a number OCR recognised less surely than this is not taken (the cell stays null)

UNMATCHED_ROW_COST = 0.5
COLUMN_HEADER_HIT = 0.5     # per column label of the variant seen in the table's header text
FOREIGN_ROW_COST = 1.0      # per row label of another variant, not of this one, written exactly in the table
LOST_ROW_COST = 1.0         # per row of as many numbers as a row of the table has cells, left out of the reading


@dataclass
class TableReading:
    table: TableData
    ambiguities: list[Ambiguity] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    score: float = 0.0


def read_table(rows: list[ObservedRow], variants: list[TableTemplate], stated: Stated | None = None) -> TableReading:
    """The best reading of `rows` over the variants of one table (all cells missing if none fits).
    `stated`: figures the prose states of some cells, which may decide between digit splits."""
    best: tuple[float, TableTemplate, list[ObservedRow], dict[int, int]] | None = None
    perfect: TableTemplate | None = None
    seen = {normalize(f.text) for row in rows for f in row.fragments}
    versions = [rows] + ([mended] if (mended := broken_over_pages(rows)) else [])   # rows broken over a page
    for tpl, version in ((tpl, version) for tpl in variants for version in versions):
        if perfect and perfect is not tpl and not _own_labels_seen(tpl, perfect, seen):
            continue   # without labels of its own in the text it cannot beat an exact match of every row
        candidates = joined(version, tpl)
        matches, score = align(candidates, tpl)
        if not matches:
            continue
        if len(matches) == len(tpl.rows) and score >= len(tpl.rows):
            perfect = tpl
        score -= UNMATCHED_ROW_COST * (len(tpl.rows) - len(matches))
        score += COLUMN_HEADER_HIT * sum(1 for label in tpl.column_labels if any(label in text for text in seen))
        score -= FOREIGN_ROW_COST * _foreign_rows(tpl, variants, seen)
        score -= LOST_ROW_COST * _lost_rows(tpl, candidates, matches)
        if best is None or score > best[0]:
            best = (score, tpl, candidates, matches)
    if best is None:
        keys = variants[0].cell_keys()
        return TableReading(TableData(None, None, {k: Cell() for k in keys}))
    score, tpl, candidates, matches = best
    reading = _fill(tpl, {tpl.rows[j].key: candidates[i] for j, i in matches.items()}, stated or Stated())
    reading.score = score
    leftovers = [r for i, r in enumerate(candidates) if i not in matches.values()]
    reading.table.cells, loose, placed = place_loose(tpl, reading.table.cells, reading.ambiguities, leftovers)
    reading.ambiguities += loose
    reading.placements += placed
    return reading


def _lost_rows(tpl: TableTemplate, candidates: list[ObservedRow], matches: dict[int, int]) -> int:
    """The rows a reading leaves out that hold as many numbers as a row of the table has cells: their
    numbers would be lost (a row broken over a page, read as the rest of its label alone)."""
    taken = set(matches.values())
    return sum(1 for i, row in enumerate(candidates)
               if i not in taken and sum(1 for v in row.values if v.token and v.token.number) >= tpl.fewest_cells)


def _foreign_rows(tpl: TableTemplate, variants: list[TableTemplate], seen: set[str]) -> int:
    """How many row labels of other variants, that `tpl` lacks, are written exactly in the table:
    a table printing 2021's three rows of （六）其他处理 is not the 2019 table, blank rows or not."""
    return sum(1 for other in variants if other is not tpl
               for label in _own_labels(other, tpl) if label in other.row_labels and label in seen)


def _own_labels_seen(tpl: TableTemplate, other: TableTemplate, seen: set[str]) -> bool:
    """Whether any column header or row label of `tpl` that `other` lacks stands in the table's text."""
    return any(label in text for label in _own_labels(tpl, other) for text in seen)


_OWN_LABELS: dict[tuple[int, int], tuple[TableTemplate, TableTemplate, tuple[str, ...]]] = {}


def _own_labels(tpl: TableTemplate, other: TableTemplate) -> tuple[str, ...]:
    """The column headers and row labels of `tpl` that `other` lacks, worked out once per pair
    (the entry holds both templates, so their ids stay theirs)."""
    key = (id(tpl), id(other))
    if key not in _OWN_LABELS:
        theirs = other.column_labels | other.row_labels
        own = tuple(label for label in tpl.column_labels | tpl.row_labels if not any(label in t for t in theirs))
        _OWN_LABELS[key] = (tpl, other, own)
    return _OWN_LABELS[key][2]


def _fill(tpl: TableTemplate, matched: dict[str, ObservedRow], stated: Stated) -> TableReading:
    cells: dict[str, Cell] = {}
    ambiguities: list[Ambiguity] = []
    splits: list[Split] = []
    placements: list[Placement] = []
    location = None
    for spec in tpl.rows:
        keys = tpl.row_keys(spec)
        row = matched.get(spec.key)
        if row is None:
            cells.update({k: Cell() for k in keys})
            continue
        location = location or row.location
        row_cells, ambiguity, split = _row_cells(tpl, keys, row, stated)
        placed_by_order = spec.label is not None and not by_label(row, spec)
        raw = " ".join(v.text for v in row.values if v.token)
        if ambiguity is None and placed_by_order and not _rules_hold(tpl, spec, row_cells):
            row_cells, ambiguity = _unresolved(keys, raw, row.location, [])
            ambiguity.reason = "a row of numbers without its label, placed by the table's row order, does not add up"
            split = None
        elif ambiguity is None and placed_by_order:
            placements.append(Placement(raw, keys, row.location, "a row of numbers without its label, placed by "
                                        "the table's row order, where its rule adds up"))
        cells.update(row_cells)
        ambiguities += [ambiguity] if ambiguity else []
        splits += [split] if split else []
    return TableReading(TableData(tpl.variant, location, cells), ambiguities, splits, placements)


def _row_cells(tpl: TableTemplate, keys: list[str], row: ObservedRow, stated: Stated
               ) -> tuple[dict[str, Cell], Ambiguity | None, Split | None]:
    values = _trim(_own_slots(row.values))
    filled = [v for v in values if v.token]
    n = len(keys)
    if len(filled) == n:
        return {k: _cell(tpl, k, v) for k, v in zip(keys, filled)}, None, None
    if len(values) == n:
        return {k: _cell(tpl, k, v) for k, v in zip(keys, values)}, None, None
    slots = _own_slots(row.values)
    if row.aligned and n < tpl.value_columns and len(slots) >= n and not any(v.token or _unread(v) for v in slots[n:]):
        return {k: _cell(tpl, k, v) for k, v in zip(keys, slots[:n])}, None, None   # a narrow row, from the left
    if row.aligned and len(slots) >= n and not any(v.token or _unread(v) for v in slots[:-n]):
        return {k: _cell(tpl, k, v) for k, v in zip(keys, slots[-n:])}, None, None   # merged label slots
    if len(slots) == n:   # a cell for each, blank ones among them: no number is split to fill a blank
        return {k: _cell(tpl, k, v) for k, v in zip(keys, slots)}, None, None
    raw = " ".join(v.text for v in filled)
    loc = row.location
    if len(filled) > n:
        return (*_unresolved(keys, raw, loc, [], f"{len(filled)} values for a row of {n} cells"), None)
    given = [v for v in filled if v.token and v.token.number is not None]
    if given and all(_digits(v) for v in given):   # "/" among them stays one cell where it stands
        return _split(tpl, keys, [v.token.number if v.token else None for v in filled], raw, loc, stated)
    return (*_unresolved(keys, raw, loc, [], f"{len(filled)} of the row's {n} values read" if filled else
                         f"the row's label is read, none of its {n} values"), None)


def _split(tpl: TableTemplate, keys: list[str], tokens: list[str | None], raw: str, loc: Location | None,
           stated: Stated) -> tuple[dict[str, Cell], Ambiguity | None, Split | None]:
    """Run-together digits over a row's cells: the cells every split the rules allow agrees on are
    read (noted and recorded as a Split), the others left empty with an Ambiguity."""
    candidates = digits.resolve(tokens, keys, tpl.equations)
    if candidates is None:
        return (*_unresolved(keys, raw, loc, [], "too many splits to tell"), None)
    confirmed = None
    if len(candidates) > 1 and any(k in stated.values for k in keys):
        agreeing = [c for c in candidates if stated.agrees(dict(zip(keys, c)))]
        if 0 < len(agreeing) < len(candidates):
            candidates, confirmed = agreeing, stated.clauses(keys)
    decided = digits.agreed(candidates)
    if not decided:
        return (*_unresolved(keys, raw, loc, candidates), None)
    note = f"split from {quoted(raw)}" + (f", as the prose states: {confirmed}" if confirmed else "")
    cells = {k: Cell(None, "ambiguous", loc, raw) for k in keys}
    for i, value in decided.items():   # a None stands where the row writes "/": not given
        cells[keys[i]] = Cell(value, "read", loc, raw, note) if value is not None else Cell(None, "blank", loc, raw)
    numbers = {keys[i]: v for i, v in decided.items() if v is not None}
    split = Split(raw, list(numbers), list(numbers.values()), loc, confirmed) if numbers else None
    open_keys = [k for i, k in enumerate(keys) if i not in decided]
    ambiguity = Ambiguity(raw, open_keys, [[c[i] for i in range(len(keys)) if i not in decided] for c in candidates],
                          loc) if open_keys else None
    return cells, ambiguity, split


def _rules_hold(tpl: TableTemplate, spec: RowSpec, cells: dict[str, Cell]) -> bool:
    values = {k: c.value for k, c in cells.items() if isinstance(c.value, int)}
    return digits.satisfies(values, tpl.row_rules(spec))


def _digits(v: Value) -> bool:
    """A plain digit string, which may be several cells written together."""
    return bool(v.token and v.token.number and v.token.number.isdigit() and not v.token.unit)


def _unresolved(keys, raw, loc, candidates, reason: str | None = None) -> tuple[dict[str, Cell], Ambiguity]:
    cells = {k: Cell(None, "ambiguous", loc, raw) for k in keys}
    return cells, Ambiguity(raw, list(keys), candidates, loc, reason)


def _unread(v: Value) -> bool:
    """Ink OCR did not read surely: never a blank slot to pass over."""
    return v.confidence is not None and v.confidence < LOW_CONFIDENCE


def _own_slots(values: list[Value]) -> list[Value]:
    """A grid row's slots that are cells of their own: not one a merged cell to its left covers
    (HTML's colspan, DOCX's gridSpan), nor one a PDF's grid gives as a blank without a box when
    other cells of the row have boxes."""
    values = [v for v in values if not v.covered]
    if not any(v.location and v.location.bbox for v in values):
        return values
    return [v for v in values if v.token or (v.location and v.location.bbox)]


def _trim(values: list[Value]) -> list[Value]:
    """The slots without the blank ones before the first value and after the last; a cell whose
    ink OCR did not read is a slot, never trimmed."""
    start, end = 0, len(values)
    while start < end and values[start].token is None and not _unread(values[start]):
        start += 1
    while end > start and values[end - 1].token is None and not _unread(values[end - 1]):
        end -= 1
    return values[start:end]


def _cell(tpl: TableTemplate, key: str, v: Value) -> Cell:
    loc: Location | None = v.location
    token = v.token if v.token is not None and v.token.number is not None else None
    if v.confidence is not None and v.confidence < LOW_CONFIDENCE and (token or not v.text):
        reason = v.note if v.note and not v.text else None   # a reader's reason for ink it could not read
        return Cell(None, "unsure", loc, v.text, reason or f"recognised with confidence {v.confidence:.2f}")
    if v.confidence is not None and v.token is None and v.text.strip():
        return Cell(None, "unsure", loc, v.text, f"recognised as no number (confidence {v.confidence:.2f})")
    if token is None:
        return Cell(None, "blank", loc, v.text or None)
    parse = amount_value if key in tpl.decimal_keys else count_value
    value, why = parse(token)
    note = "; ".join(x for x in (why, token.note, v.note) if x) or None
    status = "invalid" if value is None else "read"
    return Cell(value, status, loc, v.text, note)
