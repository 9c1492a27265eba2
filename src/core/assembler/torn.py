"""Mending tables that other converters tore apart: parts of one row printed as separate
small tables, and numbers torn loose from their rows. Nothing is placed unless the placement is
unique and the rules confirm it."""
from __future__ import annotations

from .. import digits
from ..labels import normalize
from ..model import Ambiguity, Cell, Placement, shortened
from ..template import TableTemplate
from .rows import ObservedRow, Value


def place_loose(tpl: TableTemplate, cells: dict[str, Cell], ambiguities: list[Ambiguity], leftovers: list[ObservedRow]
                ) -> tuple[dict[str, Cell], list[Ambiguity], list[Placement]]:
    """Loose numbers a converter tore out of their rows ("1" between two rows) go where the
    placement is unique: the one empty cell of a row whose own rule then holds (never a cell
    written "/" or "—", which states that the value is not given). A row one number
    short counts as a possible home too, though it is never filled. Otherwise the numbers stay
    out, listed in a new ambiguity. Returns the cells, the new ambiguities and the placement made."""
    loose = [(int(v.text.strip()), v) for row in leftovers if len(row.values) < tpl.fewest_cells
             for v in row.values if v.text.strip().isascii() and v.text.strip().isdigit()
             and len(v.text.strip()) <= digits.MAX_DIGITS]
    if not loose:
        return cells, [], []
    homes: list[str | None] = []   # the key of an empty cell to fill, or None for a short row
    short_rows = {tuple(a.cells): a.raw.split() for a in ambiguities if a.cells}
    for spec in (r for r in tpl.rows if r.key in tpl.checked_rows):
        keys, rules = tpl.row_keys(spec), tpl.row_rules(spec)
        empty = [k for k in keys if cells[k].status == "blank" and not cells[k].raw]   # "/" says: not given
        if len(empty) == 1 and all(cells[k].value is not None for k in keys if k not in empty):
            known = {k: v for k in keys if k not in empty and isinstance(v := cells[k].value, int)}
            homes += [empty[0] for number, _ in loose if digits.satisfies({**known, empty[0]: number}, rules)]
        numbers = short_rows.get(tuple(keys), [])
        if len(numbers) == len(keys) - 1 and all(n.isascii() and n.isdigit() and len(n) <= digits.MAX_DIGITS
                                                 for n in numbers):
            given = [int(n) for n in numbers]
            homes += [None for number, _ in loose for at in range(len(keys))
                      if digits.satisfies(dict(zip(keys, given[:at] + [number] + given[at:])), rules)]
    if len(loose) == 1 and len(homes) == 1 and homes[0] is not None:
        (number, value), key = loose[0], homes[0]
        note = "a loose number placed in the one empty cell of its row, where its total adds up"
        return (cells | {key: Cell(number, "read", value.location, value.text, note)}, [],
                [Placement(value.text, [key], value.location, note)])
    raw = " ".join(v.text for _, v in loose)
    return cells, [Ambiguity(raw, [], [], loose[0][1].location,
                             f"loose numbers {shortened(raw)} could not be placed in one way only; left out")], []


def broken_over_pages(rows: list[ObservedRow]) -> list[ObservedRow] | None:
    """A row broken over a page (Word's rows may break): its values and the first part of its label
    at the foot of one page, the rest of the label beside empty cells at the head of the next ("2.没"
    0 0 0 … / "有现成信息需要另行制作"), or the rest of its values in the columns left empty at the foot.
    The rows with such a rest joined to the row before it, for the table's reading to weigh against
    the rows as they stand; None when there is none."""
    out: list[ObservedRow] = []
    for row in rows:
        before = out[-1] if out else None
        values = None
        page = _page(row)
        if before is not None and any(v.token for v in before.values) and page is not None and page != _page(before):
            if row.fragments and before.fragments and not any(v.token for v in row.values):
                values = before.values
            else:
                values = _filled(before, row)
        if before is None or values is None:
            out.append(row)
        else:
            out[-1] = ObservedRow(before.fragments + row.fragments, values, before.aligned, before.from_grid)
    return out if len(out) < len(rows) else None


def _filled(before: ObservedRow, row: ObservedRow) -> list[Value] | None:
    """The values of `before` with its empty cells filled from `row`, both full-width grid rows (their
    slots under the table's columns from the right), when `row` has values only where `before` has none."""
    n = len(before.values)
    if not (before.aligned and row.aligned) or len(row.values) < n or any(v.token for v in row.values[:-n]):
        return None
    tail = row.values[-n:]
    if not any(v.token for v in tail) or any(a.token and b.token for a, b in zip(before.values, tail)):
        return None
    return [b if b.token else a for a, b in zip(before.values, tail)]


def _page(row: ObservedRow) -> int | None:
    """The page a row stands on (None: the source has no pages)."""
    locations = [f.location for f in row.fragments] + [v.location for v in row.values]
    location = next((loc for loc in locations if loc is not None), None)
    return location.page if location is not None else None


def joined(rows: list[ObservedRow], tpl: TableTemplate) -> list[ObservedRow]:
    """Table 4 printed as one small table per group: its short value rows joined in order into the
    one row the template has, when any group captions between them stand in the official order."""
    if len(tpl.rows) != 1 or tpl.rows[0].label is not None:
        return rows
    need = len(tpl.rows[0].columns)
    parts = [r for r in rows if any(v.token for v in r.values)]
    if not parts or sum(1 for v in parts[0].values if v.token) >= need:
        return rows
    joined = ObservedRow(list(parts[0].fragments), [v for v in parts[0].values if v.token])
    for i, part in enumerate(parts[1:], start=1):
        caption = normalize("".join(f.text for f in part.fragments))
        if not _caption_in_order(caption, i):
            return rows
        joined.values += [v for v in part.values if v.token]
        if len(joined.values) >= need:
            break
    return [joined] if len(joined.values) == need else rows


GROUP_CAPTIONS = ("行政复议", "未经复议", "复议后")   # table 4's groups, in the official order


def _caption_in_order(caption: str, position: int) -> bool:
    """A part's caption, if it names a group, names the one expected at its position."""
    named = [i for i, word in enumerate(GROUP_CAPTIONS) if word in caption]
    return not named or named[-1] == position
