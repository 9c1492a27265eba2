"""The canonical report model: what every reader produces and every writer consumes.

Plain dataclasses with exact JSON round trips (`to_dict` / `from_dict`); the JSON Schema is
generated from these classes by :mod:`xxgk.schema`.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal

SCHEMA_VERSION = "xxgk.report/1"

CellValue = int | Decimal | None


@dataclass
class Location:
    """Where something came from in the source: a line, a page and box, or a structural path."""

    line: int | None = None
    page: int | None = None
    bbox: list[float] | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)


@dataclass
class Cell:
    """One table cell. `status` says why a value is what it is.

    read: a value was read; blank: the source gives no value ("", "/", "无");
    missing: the cell was not found; ambiguous: run-together digits with no unique split;
    invalid: text that is not a number; unsure: OCR recognised it with too little confidence;
    unconfirmed: OCR recognised it, but the table's equations or a second reading do not confirm it.
    """

    value: CellValue = None
    status: str = "missing"
    location: Location | None = None
    raw: str | None = None
    note: str | None = None


@dataclass
class Ambiguity:
    """Values that could not be placed with certainty (run-together digits with several splits,
    a row's count off, a row placed by order whose rule fails); the cells stay null."""

    raw: str
    cells: list[str]
    candidates: list[list[int | None]]   # None where the row writes "/"
    location: Location | None = None
    reason: str | None = None


@dataclass
class Split:
    """Run-together digits laid over cells in the one way the rules allow (and, where they allow
    several, the figures the prose states): `cells` got `values`; each cell notes it too."""

    raw: str
    cells: list[str]
    values: list[int]
    location: Location | None = None
    confirmed_by: str | None = None    # the prose that decided between the splits the rules allow


@dataclass
class Placement:
    """Numbers placed where no label puts them: a row whose label was lost, by the table's row order,
    or a loose number in the one empty cell its row's rule fits. The rules hold, yet it is a reading."""

    raw: str
    cells: list[str]
    location: Location | None = None
    reason: str | None = None


@dataclass
class TableData:
    """One of the report's tables, read with the template variant it follows."""

    template: str | None = None
    location: Location | None = None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.template is not None

    @property
    def complete(self) -> bool:
        """Every cell of the table was found (read, blank, or found unreadable)."""
        return all(c.status != "missing" for c in self.cells.values())


@dataclass
class Section:
    """A numbered section as it appears in the source (1-6), with its prose paragraphs. `location`
    is the heading's; `paragraph_locations` each paragraph's, in order (empty in JSON written before
    paragraphs had their own: `located` then gives the heading's)."""

    number: int
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    location: Location | None = None
    paragraph_locations: list[Location | None] = field(default_factory=list)

    def located(self) -> list[tuple[str, Location | None]]:
        """(paragraph, where it stands) of each paragraph: its own location, else the heading's."""
        return located(self.paragraphs, self.paragraph_locations, self.location)


def located(texts: list[str], locations: list[Location | None], default: Location | None = None
            ) -> list[tuple[str, Location | None]]:
    """(text, its location) of each text: the location at its place in `locations`, else `default`."""
    return [(text, (locations[i] if i < len(locations) else None) or default) for i, text in enumerate(texts)]


@dataclass
class Meta:
    organ: str | None = None
    year: int | None = None
    title: str | None = None
    source: str | None = None
    reader: str | None = None
    published: str | None = None        # YYYY-MM-DD
    published_from: str | None = None   # where the date was found: page, pdf, docx or signature
    published_at: Location | None = None   # the paragraph or line it stands in (None: a file's metadata)
    no_tables_reason: str | None = None
    attachments: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # what the reader left out, and why


@dataclass
class Report:
    """A government-information-disclosure annual report in canonical form. `preamble_locations`:
    where each paragraph of the preamble stands, in order (empty in JSON written before they were kept)."""

    meta: Meta = field(default_factory=Meta)
    preamble: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, TableData] = field(default_factory=dict)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    preamble_locations: list[Location | None] = field(default_factory=list)
    schema: str = SCHEMA_VERSION

    def cells(self) -> dict[str, CellValue]:
        """The flat view: canonical key -> value (None when not given)."""
        return {k: c.value for t in self.tables.values() for k, c in t.cells.items()}

    def cell(self, key: str) -> Cell | None:
        table = self.tables.get(key.split(".", 1)[0])
        return table.cells.get(key) if table else None

    def value(self, key: str) -> CellValue:
        cell = self.cell(key)
        return cell.value if cell else None

    def templates(self) -> dict[str, str]:
        """Which template variant each found table follows."""
        return {name: t.template for name, t in self.tables.items() if t.template}

    def format(self) -> str | None:
        """The format all the tables follow ("2021", "2019"), "hybrid" when no one format has them
        all, None with no table. A variant named "2019/2021" belongs to both."""
        variants = list(self.templates().values())
        if not variants:
            return None
        common = set.intersection(*(set(v.split("/")) for v in variants))
        return "/".join(sorted(common)) if common else "hybrid"

    def to_dict(self) -> dict:
        return {"schema": self.schema, **_dump(self)}   # the version is written even though it is the default

    @classmethod
    def from_dict(cls, data: dict) -> Report:
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"unsupported report schema {data.get('schema')!r}")
        return _load(cls, data)


MAX_QUOTED = 100   # characters of a value or clause a finding or note quotes (a cell may hold 200,000)


def shortened(text: str) -> str:
    """`text` as a finding or a note quotes it: whole up to MAX_QUOTED characters, else that many
    and "…" where it is cut."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def quoted(text: str | None) -> str:
    """A value as a finding quotes it: the Python literal of `shortened(text)` ('None' for none)."""
    return repr(text if text is None else shortened(text))


@dataclass
class Finding:
    """What a validator says about a report. Findings never change values; the values and clauses
    they quote are `shortened`."""

    rule: str
    severity: str
    message: str
    cells: list[str] = field(default_factory=list)
    location: Location | None = None
    lhs: CellValue = None
    rhs: CellValue = None

    def to_dict(self) -> dict:
        return _dump(self)

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return _load(cls, data)


def _default(f: dataclasses.Field):
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


@functools.cache
def _fields(cls) -> tuple[tuple[str, object], ...]:
    """(name, default) of each field of a dataclass."""
    return tuple((f.name, _default(f)) for f in dataclasses.fields(cls))


@functools.cache
def _hints(cls) -> dict[str, object]:
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    return {k: v for k, v in typing.get_type_hints(cls).items() if k in names}


def _dump(obj):
    if dataclasses.is_dataclass(obj):
        out = {}
        for name, default in _fields(type(obj)):
            value = getattr(obj, name)
            if default is not dataclasses.MISSING and value == default and type(value) is type(default):
                continue   # a default is left out; loading puts it back
            out[name] = _dump(value)
        return out
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dict):
        return {k: _dump(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_dump(v) for v in obj]
    return obj


def _load(tp, data):
    return _loader(tp)(data)


def _identity(value):
    return value


@functools.cache
def _loader(tp):
    """A function that builds a value of type `tp` from its JSON form, made once per type."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if Decimal in args:
            return lambda d: Decimal(d) if isinstance(d, str) else d
        inner = next((a for a in args if a is not type(None)), None)
        load = _loader(inner)
        return lambda d: None if d is None else load(d)
    if origin is list:
        item = _loader(args[0])
        return lambda d: [item(v) for v in d]
    if origin is dict:
        item = _loader(args[1])
        return lambda d: {k: item(v) for k, v in d.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        fields = {name: _loader(hint) for name, hint in _hints(tp).items()}
        return lambda d: tp(**{k: fields[k](v) for k, v in d.items() if k in fields})
    return _identity
