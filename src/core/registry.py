"""What plugins provide: readers, validators, writers and templates, and how a reader is chosen."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .decoding import looks_like_text
from .document import Document
from .errors import ReadError, WriteError
from .model import Finding, Report
from .rulesettings import RuleSettings, Setting, resolve
from .template import SectionSpec, TableTemplate, Template

if TYPE_CHECKING:
    from .dataset import Column, Entry, Settings

SNIFF_BYTES = 4096
TEXT_MEDIA_TYPE = "text/plain"


@dataclass
class Source:
    """An input: its bytes, the name it goes by (a path, a URL, or "<stdin:…>"), and what a server
    said of it (media type and charset), if it came over HTTP."""

    data: bytes
    name: str
    media_type: str | None = None
    charset: str | None = None

    @property
    def head(self) -> bytes:
        return self.data[:SNIFF_BYTES]

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass
class Reader:
    """An input format. `sniff(head)` says whether the first bytes are this format; a reader
    whose sniff accepts wins over one chosen by extension, and higher `priority` wins a tie."""

    name: str
    read: Callable[[Source], Document]
    extensions: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0
    plugin: str = ""


@dataclass
class Validator:
    """A set of rules: `check(report)` yields findings and never changes the report. A validator
    with `settings` is called `check(report, values)`, `values` the value of each of its settings
    by name (`xxgk.rulesettings`)."""

    name: str
    rules: tuple[str, ...]
    check: Callable[..., Iterable[Finding]]
    settings: tuple[Setting, ...] = ()
    plugin: str = ""

    def run(self, report: Report, given: RuleSettings | None = None) -> Iterable[Finding]:
        """Its findings on `report`, its settings as `given` (their defaults otherwise)."""
        if self.settings:
            return self.check(report, (given or RuleSettings()).values(self.settings))
        return self.check(report)


@dataclass
class BatchValidator:
    """A rule over a whole batch (CROSS-YEAR). `check(results)` gets every converted input's
    FileResult (source, organ, year, `facts`: the values of `keys`, and `extracts[name]`: what
    `extract(report)` kept of its report when it was converted, JSON data, small: it stays in
    memory for the whole batch) and yields (source, finding) pairs; with `settings`, it is called
    `check(results, values)` as a Validator is. `columns` are dataset columns it fills: each holds
    `lhs` of the report's finding of the column's rule (`xxgk.dataset.Column.rule`)."""

    name: str
    rules: tuple[str, ...]
    keys: tuple[str, ...]
    check: Callable[..., Iterable[tuple[str, Finding]]]
    extract: Callable[[Report], Any] | None = None
    settings: tuple[Setting, ...] = ()
    columns: tuple[Column, ...] = ()
    plugin: str = ""

    def run(self, results: list[Any], given: RuleSettings | None = None) -> Iterable[tuple[str, Finding]]:
        """Its (source, finding) pairs over `results`, its settings as `given`."""
        if self.settings:
            return self.check(results, (given or RuleSettings()).values(self.settings))
        return self.check(results)


@dataclass
class Writer:
    """An output format. A per-report writer has `write(report, out, findings)` (findings is None
    unless the user asked for them with the document); a combined one (a dataset over many inputs,
    like CSV) has `write_all(entries, out, settings)` and writes one file per batch: `entries` are
    `xxgk.dataset.Entry`s, one per input, read one at a time; `settings` an `xxgk.dataset.Settings`.
    A writer that needs something of the machine (a program) has `check()`: it raises WriteError
    (one line, naming what is missing) when the writer cannot work here, and otherwise returns
    notes for the user (what would make its output better), one line each."""

    name: str
    extension: str
    write: Callable[[Report, BinaryIO, list[Finding] | None], None] | None = None
    write_all: Callable[[Iterable[Entry], BinaryIO, Settings], None] | None = None
    check: Callable[[], list[str]] | None = None
    plugin: str = ""

    @property
    def combined(self) -> bool:
        return self.write_all is not None


@dataclass
class Registry:
    readers: list[Reader] = field(default_factory=list)
    validators: list[Validator] = field(default_factory=list)
    batch_validators: list[BatchValidator] = field(default_factory=list)
    writers: list[Writer] = field(default_factory=list)
    templates: list[Template] = field(default_factory=list)
    template_owners: dict[str, str] = field(default_factory=dict)
    messages: list[dict] = field(default_factory=list)   # message catalogues (xxgk.messages), in plugin order
    plugin: str = ""   # the plugin whose hook is running, recorded on what it adds

    def _lists(self) -> tuple[list, ...]:
        return self.readers, self.validators, self.batch_validators, self.writers, self.templates, self.messages

    def snapshot(self) -> tuple[int, ...]:
        return tuple(len(items) for items in self._lists())

    def restore(self, sizes: tuple[int, ...]) -> None:
        """Drop what was added since `snapshot()` (a plugin whose hook failed half-way)."""
        for items, size in zip(self._lists(), sizes):
            del items[size:]

    def add_reader(self, reader: Reader) -> None:
        reader.plugin = self.plugin
        self.readers.append(reader)

    def add_validator(self, validator: Validator) -> None:
        validator.plugin = self.plugin
        self.validators.append(validator)

    def add_batch_validator(self, validator: BatchValidator) -> None:
        validator.plugin = self.plugin
        self.batch_validators.append(validator)

    def batch_fact_keys(self) -> tuple[str, ...]:
        """The cells every batch rule needs, kept per input during a batch."""
        return tuple(dict.fromkeys(k for v in self.batch_validators for k in v.keys))

    def batch_extracts(self, report: Report) -> dict[str, Any]:
        """What the batch rules keep of `report` besides its cells, by batch validator."""
        return {v.name: v.extract(report) for v in self.batch_validators if v.extract is not None}

    def batch_findings(self, results: list[Any], given: RuleSettings | None = None) -> list[tuple[str, Finding]]:
        """Every batch rule applied to `results` (FileResults of converted inputs)."""
        return [pair for v in self.batch_validators for pair in v.run(results, given)]

    def settings(self) -> list[Setting]:
        """The settings every rule declares."""
        return [s for v in self.validators for s in v.settings] + [s for b in self.batch_validators for s in b.settings]

    def rule_settings(self, given: Mapping[str, object] | RuleSettings | None) -> RuleSettings:
        """`given` read by the settings the rules declare (ValueError: see `xxgk.rulesettings.resolve`)."""
        return resolve(self.settings(), given)

    def report_settings(self, given: RuleSettings) -> dict[str, str]:
        """The settings given to the rules of single reports (not batch rules), as text: what,
        besides the plugins, decides a report's findings."""
        own = {s.name for v in self.validators for s in v.settings}
        return {name: repr(value) for name, value in given.given if name in own}

    def add_messages(self, catalogue: dict) -> None:
        """Add the wording of messages in Chinese: a catalogue as `xxgk.messages.load` reads it
        (ValueError for one of the wrong shape)."""
        from .messages import check

        self.messages.append(check(catalogue))

    def add_writer(self, writer: Writer) -> None:
        writer.plugin = self.plugin
        self.writers.append(writer)

    def add_template(self, template: Template) -> None:
        self.templates.append(template)
        self.template_owners[template.name] = self.plugin

    def reader_for(self, source: Source) -> Reader:
        """Content sniffing first, then the server's media type, then the extension, then plain
        text for any textual content; the highest priority wins each step."""
        by_priority = sorted(self.readers, key=lambda r: -r.priority)
        head = source.head
        for reader in by_priority:
            if reader.sniff and reader.sniff(head):
                return reader
        for reader in by_priority:
            if source.media_type and source.media_type in reader.media_types:
                return reader
        for reader in by_priority:
            if source.suffix and source.suffix in reader.extensions:
                return reader
        if looks_like_text(head):
            for reader in by_priority:
                if TEXT_MEDIA_TYPE in reader.media_types:
                    return reader
        raise ReadError(f"unknown format: no reader accepts {source.name}")

    def writer(self, name: str) -> Writer:
        for writer in self.writers:
            if writer.name == name:
                return writer
        known = ", ".join(w.name for w in self.writers)
        raise WriteError(f"no writer for format {name!r} (known: {known})")

    def sections(self) -> tuple[SectionSpec, ...]:
        """The six sections, with the heading wordings of every registered template."""
        merged: dict[int, SectionSpec] = {}
        for template in sorted(self.templates, key=lambda t: t.rank):
            for spec in template.sections:
                old = merged.get(spec.number)
                if old is None:
                    merged[spec.number] = spec
                else:
                    extra = tuple(v for v in spec.names if v not in old.names)
                    merged[spec.number] = SectionSpec(old.number, old.heading, old.variants + extra)
        return tuple(merged[n] for n in sorted(merged))

    def first_year(self) -> int | None:
        """The first report year any registered format was issued for (reports before it follow none)."""
        return min((t.first_year for t in self.templates if t.first_year), default=None)

    def table_variants(self) -> dict[str, list[TableTemplate]]:
        """Every variant of each table, by table id, in registration order."""
        out: dict[str, list[TableTemplate]] = {}
        for template in sorted(self.templates, key=lambda t: t.rank):
            for table in template.tables:
                if table not in out.setdefault(table.table, []):   # a table two formats share, once
                    out[table.table].append(table)
        return dict(sorted(out.items()))

    def report_tables(self, report: Report) -> list[TableTemplate]:
        """Each table in the variant the report was read with (the first variant when not found)."""
        out = []
        for name, variants in self.table_variants().items():
            found = report.tables.get(name)
            out.append(next((v for v in variants if found and v.variant == found.template), variants[0]))
        return out

    def table_template(self, table: str, variant: str | None) -> TableTemplate | None:
        return next((t for t in self.table_variants().get(table, []) if t.variant == variant), None)

    def cell_keys(self) -> list[str]:
        """All canonical keys: the first variant's keys table by table, then the other variants'."""
        variants = self.table_variants()
        keys = [k for tables in variants.values() for k in tables[0].cell_keys()]
        seen = set(keys)
        for tables in variants.values():
            for table in tables[1:]:
                for k in table.cell_keys():
                    if k not in seen:
                        seen.add(k)
                        keys.append(k)
        return keys
