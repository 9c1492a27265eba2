"""Template building blocks: sections, tables, rows, columns and arithmetic rules as data.

The assembler aligns source rows with `RowSpec` labels, the validators check `Equation`s, the
writers lay tables out from the same specs. A concrete template is a module in `xxgk.templates`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .labels import normalize


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str


@dataclass(frozen=True)
class RowSpec:
    """A table row: its key, the label printed in its own cell (None for table 4's unlabelled row),
    the label of the merged cell grouping it with its neighbours (第二十条第（一）项, （三）不予公开),
    other wordings seen in reports, and its columns."""

    key: str
    label: str | None
    columns: tuple[ColumnSpec, ...]
    aliases: tuple[str, ...] = ()
    group: str | None = None

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """Every wording the row may be found by."""
        own = (self.label,) if self.label else ()
        grouped = (self.group + self.label,) if self.group and self.label else ()
        return own + grouped + self.aliases


@dataclass(frozen=True)
class Equation:
    """`sum(left) == sum(right)`, one instance of a rule (e.g. T3-BALANCE for one column)."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    where: str
    left_name: str
    right_name: str


@dataclass(frozen=True)
class TableTemplate:
    """One variant of one of the report's tables (`table` is t2, t3 or t4)."""

    table: str
    variant: str
    title: str
    section: int
    rows: tuple[RowSpec, ...]
    anchors: tuple[str, ...] = ()
    equations: tuple[Equation, ...] = ()
    decimal_keys: frozenset[str] = frozenset()
    signed_keys: frozenset[str] = frozenset()   # counts that may be negative (本年增/减)
    results_label: str | None = None   # table 3: the merged cell over the result rows
    header_labels: tuple[str, ...] = ()   # the header's own texts, no row's or column's label
    stated: tuple[tuple[str, str], ...] = ()   # (key, pattern with a group "n"): prose stating that cell

    def key(self, row: RowSpec, column: ColumnSpec) -> str:
        return ".".join(part for part in (self.table, row.key, column.key) if part)

    @cached_property
    def _keys(self) -> dict[str, list[str]]:
        return {row.key: [self.key(row, c) for c in row.columns] for row in self.rows}

    @cached_property
    def formats(self) -> frozenset[str]:
        """The formats this variant belongs to ("2019/2021" is both)."""
        return frozenset(self.variant.split("/"))

    @cached_property
    def _row_rules(self) -> dict[str, tuple[Equation, ...]]:
        return {row.key: tuple(eq for eq in self.equations if set(eq.left + eq.right) <= set(self.row_keys(row)))
                for row in self.rows}

    def row_rules(self, row: RowSpec) -> tuple[Equation, ...]:
        """The equations within one row (table 3's row total)."""
        return self._row_rules[row.key]

    @cached_property
    def checked_rows(self) -> frozenset[str]:
        """Rows with a rule of their own: values placed there by order alone can be checked, so
        only these rows are placed by order."""
        return frozenset(key for key, rules in self._row_rules.items() if rules)

    @cached_property
    def row_labels(self) -> frozenset[str]:
        return frozenset(normalize(label) for row in self.rows for label in row.labels)

    @cached_property
    def own_labels(self) -> frozenset[str]:
        """The texts the table prints that no other table does: row and group labels, the label over
        table 3's results, the header's own texts (as written, not normalised)."""
        rows = {label for row in self.rows for label in row.labels} | {row.group for row in self.rows if row.group}
        return frozenset(rows | set(self.header_labels) | ({self.results_label} if self.results_label else set()))

    @cached_property
    def fixed_labels(self) -> frozenset[str]:
        """Every text the table prints of itself: its own labels and its column labels."""
        return self.own_labels | {c.label for row in self.rows for c in row.columns}

    @cached_property
    def value_columns(self) -> int:
        """The table's value columns: its widest row's cells. A narrower row (2019's 行政事业性收费,
        2021's one-value rows) is printed from the first, its last cell across the rest."""
        return max(len(row.columns) for row in self.rows)

    @cached_property
    def fewest_cells(self) -> int:
        """The cells of its narrowest row."""
        return min(len(row.columns) for row in self.rows)

    @cached_property
    def column_labels(self) -> frozenset[str]:
        return frozenset(normalize(c.label) for row in self.rows for c in row.columns)

    @cached_property
    def label_index(self) -> dict[str, int]:
        """Normalised label -> row index, for rows whose label is written exactly."""
        return {normalize(label): j for j, row in enumerate(self.rows) for label in row.labels}

    def row_keys(self, row: RowSpec) -> list[str]:
        return self._keys[row.key]

    def cell_keys(self) -> list[str]:
        return [k for keys in self._keys.values() for k in keys]


@dataclass(frozen=True)
class SectionSpec:
    number: int
    heading: str
    variants: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The heading's text after its numeral, in every known wording."""
        return (self.heading.split("、", 1)[1],) + self.variants


@dataclass(frozen=True)
class Template:
    """A report format: its sections and every variant of its tables."""

    name: str
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableTemplate, ...] = field(default=())
    rank: int = 0    # lower first: its variants are tried first and its keys lead the CSV
    first_year: int | None = None   # the first report year the format was issued for
