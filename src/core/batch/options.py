"""What a batch is asked to do (Options) and what became of one input (FileResult)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .. import __version__, manager
from ..dataset import ENCODINGS, Settings
from ..errors import UsageError, WriteError
from ..limits import FILE_TIME_LIMIT
from ..model import CellValue, Report
from ..rulesettings import RuleSettings

if TYPE_CHECKING:
    from ..registry import Registry


@dataclass(frozen=True)
class Options:
    """A batch's settings; checked when made (UsageError: an unknown format, or one whose writer
    cannot work on this machine (`Writer.check`), a time limit that is not a positive number of
    seconds, an encoding of reports.csv not in `xxgk.dataset.ENCODINGS`)."""

    outdir: str
    formats: tuple[str, ...] = ("json",)
    force: bool = False
    findings_in_documents: bool = False
    time_limit: float | None = FILE_TIME_LIMIT   # seconds of processor time for one input; None for no limit
    debug: bool = False                          # keep the traceback of an internal error
    csv_encoding: str = ENCODINGS[0]             # reports.csv with a byte-order mark, or "utf-8" without
    rule_settings: RuleSettings = RuleSettings()  # values given to the rules' settings, read

    def __post_init__(self) -> None:
        registry = manager.default().registry
        if not self.outdir:
            raise UsageError("no output folder given")
        if not self.formats:
            raise UsageError("no output format given")
        for name in self.formats:
            try:
                writer = registry.writer(name)
                if writer.check is not None:
                    writer.check()
            except WriteError as exc:
                raise UsageError(str(exc)) from exc
        limit = self.time_limit
        if limit is not None and not (isinstance(limit, (int, float)) and math.isfinite(limit) and limit > 0):
            raise UsageError(f"time limit {self.time_limit!r}: must be a positive number of seconds")
        if self.csv_encoding not in ENCODINGS:
            raise UsageError(f"CSV encoding {self.csv_encoding!r}: must be one of {', '.join(ENCODINGS)}")

    @property
    def settings(self) -> Settings:
        """What the datasets are written with."""
        return Settings(self.csv_encoding)

    @cached_property
    def identity(self) -> dict:
        """What, besides the source, decides a conversion's outputs: xxgk's version, the installed
        plugins ("name version, …"), the options that change documents and the settings given to
        the rules of single reports. A record made otherwise is made again."""
        loaded = manager.default()
        plugins = sorted(f"{p.name} {p.version}" for p in loaded.info.values() if not p.error)
        identity = {"xxgk": __version__, "findings_in_documents": self.findings_in_documents,
                    "plugins": ", ".join(plugins)}
        settings = loaded.registry.report_settings(self.rule_settings)
        return {**identity, "settings": settings} if settings else identity


@dataclass
class FileResult:
    """What became of one input: status converted, skipped (its record is up to date) or failed
    (with the reason). `facts` holds the cells the batch rules need and `extracts` what else they
    keep of its report (by batch validator); `record` is the name of its record below OUTDIR (see
    `xxgk.batch.records`); `relative` the source as datasets give it (below the batch's input
    folder) and `location` where it is (a file's real path, a URL)."""

    source: str                      # the input as people read it: a path, a URL, or "stdin"
    status: str
    error: str | None = None
    organ: str | None = None
    year: int | None = None
    severities: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    facts: dict[str, CellValue] = field(default_factory=dict)
    record: str | None = None
    extracts: dict[str, Any] = field(default_factory=dict)
    relative: str | None = None
    location: str | None = None

    @classmethod
    def converted(cls, source: str, report: Report, registry: Registry, relative: str | None = None,
                  location: str | None = None) -> FileResult:
        """The result of an input read into `report`: its organ and year, and what `registry`'s batch
        rules read of it (their cells, `Registry.batch_fact_keys`, and extracts)."""
        return cls(source, "converted", organ=report.meta.organ, year=report.meta.year,
                   facts={k: report.value(k) for k in registry.batch_fact_keys()},
                   extracts=registry.batch_extracts(report), relative=relative, location=location)
