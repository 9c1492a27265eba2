"""Records: what a batch keeps in OUT/.xxgk/records/<name>.json of every input it has met.

A record is JSON Lines. Line 1, the header, says what the outputs were made from and what became of
them:

    {"location": the source's real path (links resolved), URL (one carrying credentials as
     "credentials:<tag>:<URL shown>", `tags`), or "stdin:<sha256>"; "source": the
     source as people read it; "size", "mtime_ns" (local files), "sha256": the source's bytes;
     "identity": xxgk's version, plugins and options (see Options.identity);
     "status": "converted" or "failed"; "error"; "name": the outputs' name below OUT; "outputs":
     the files written, below OUT; "organ", "year", "severities", "rules", "facts"; "relative": the
     source as datasets give it, below the batch's input folder (a URL as given); "extracts": what
     the batch rules keep of the report besides its cells}

Line 2, for a converted input: {"report": the report (the JSON writer's model), "findings": [...]}.
The header alone is read to plan a batch and to resume it; the datasets read line 2.

While a run converts, OUT/.xxgk/claims.json lists the outputs it may create that no record names
yet; a run killed before its end leaves it, and the next run removes those of its files that no
record has come to name, so that every file xxgk leaves in OUT is named by a record.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..dataset import CONVERTED, Entry
from ..errors import XxgkError
from ..model import CellValue, Finding, Report
from .names import RECORD_EXTENSION
from .options import FileResult
from .storage import Folder

ROOT = ".xxgk"
RECORDS = f"{ROOT}/records"
CLAIMS = f"{ROOT}/claims.json"


@dataclass
class Header:
    """Line 1 of a record (see the module's docstring)."""

    location: str
    source: str
    name: str
    status: str
    identity: dict = field(default_factory=dict)
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    error: str | None = None
    outputs: list[str] = field(default_factory=list)
    organ: str | None = None
    year: int | None = None
    severities: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    relative: str | None = None
    extracts: dict[str, Any] = field(default_factory=dict)
    documented: str | None = None

    def result(self, status: str | None = None) -> FileResult:
        """The FileResult this record stands for (with `status` when given)."""
        facts: dict[str, CellValue] = {sys.intern(k): Decimal(v) if isinstance(v, str) else v
                                       for k, v in self.facts.items()}
        return FileResult(self.source, status or self.status, self.error, self.organ, self.year,
                          dict(self.severities), dict(self.rules), facts,
                          record_name(self.name) if self.status == "converted" else None, self.extracts,
                          self.relative, self.location)

    def line(self) -> bytes:
        # ASCII-escaped, so that a path that is not UTF-8 (a lone surrogate) survives the round trip
        data = {k: v for k, v in self.__dict__.items() if v not in (None, [], {})}
        data["facts"] = {k: str(v) if isinstance(v, Decimal) else v for k, v in self.facts.items() if v is not None}
        return (json.dumps(data, sort_keys=True) + "\n").encode("ascii")


def record_name(name: str) -> str:
    """The record of the outputs called `name`, below OUT."""
    return f"{RECORDS}/{name}{RECORD_EXTENSION}"


def write(folder: Folder, header: Header, report: Report | None = None, findings: Sequence[Finding] = ()) -> None:
    """Write a record (atomically): the header, and the report with its findings when converted."""
    def emit(out) -> None:
        out.write(header.line())
        if report is not None:
            body = {"report": report.to_dict(), "findings": [f.to_dict() for f in findings]}
            out.write(json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n")

    folder.write(record_name(header.name), emit)


def entry(folder: Folder, record: str) -> Entry:
    """The dataset entry of a record (`record`: its path below OUT): a failed input with its reason,
    or a converted one with its report and findings (ValueError, KeyError, …: a damaged record)."""
    with folder.open(record) as fh:
        head = Header(**json.loads(fh.readline()))
        source = head.relative or head.source
        if head.status != CONVERTED:
            return Entry(source, head.status, head.error, outputs=list(head.outputs), location=head.location)
        body = json.loads(fh.readline().decode("utf-8"))
    return Entry(source, CONVERTED, None, Report.from_dict(body["report"]),
                 [Finding.from_dict(f) for f in body["findings"]], list(head.outputs), head.location)


def header(folder: Folder, record: str) -> Header | None:
    """The header of a record (`record`: its path below OUT); None if it cannot be read."""
    try:
        with folder.open(record) as fh:
            return Header(**json.loads(fh.readline()))
    except (OSError, ValueError, TypeError):
        return None


def index(folder: Folder, damaged: list[str] | None = None) -> dict[str, Header]:
    """Every record in OUT by its source's location. A record whose header cannot be read, or
    names another record's place, is left out and added to `damaged` (paths below OUT)."""
    found: dict[str, Header] = {}
    for record in folder.find(RECORDS, RECORD_EXTENSION):
        read = header(folder, record)
        if read is not None and record_name(read.name) == record and ".." not in read.name.split("/"):
            found[read.location] = read
        elif damaged is not None:
            damaged.append(record)
    return found


def claim(folder: Folder, names: list[str]) -> None:
    """List the outputs a run may create that no record names yet (see the module's docstring)."""
    folder.write(CLAIMS, lambda out: out.write(json.dumps(sorted(names), ensure_ascii=True).encode("ascii")))


def release(folder: Folder) -> None:
    """The run has ended: every output it created is named by a record. (Claims that cannot be
    removed are cleared by the next run.)"""
    try:
        folder.remove(CLAIMS)
    except XxgkError:
        pass


def claimed(folder: Folder) -> set[str]:
    """The outputs a killed run claimed (none if it was not killed): names below OUT and outside
    its state folder; anything else in a damaged claims file is passed over."""
    try:
        with folder.open(CLAIMS) as fh:
            names = json.loads(fh.read())
    except (OSError, ValueError):
        return set()
    if not isinstance(names, list):
        return set()
    return {n for n in names if isinstance(n, str) and n and not n.startswith(("/", f"{ROOT}/"))
            and ".." not in n.split("/")}


def clear_claims(folder: Folder, index: dict[str, Header]) -> None:
    """Remove the files a killed run claimed that no record names, then its claims. What cannot be
    removed stays (it is no record's output, and no input)."""
    named = {rel for h in index.values() for rel in h.outputs}
    for rel in sorted(claimed(folder) - named):
        try:
            if folder.kind(rel) == "file":
                folder.remove(rel)
        except (OSError, XxgkError):
            continue
    release(folder)
