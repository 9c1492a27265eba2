"""What each `xxgk` subcommand does (the parser is in `xxgk.cli`)."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from . import api, manager
from .cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from .errors import XxgkError
from .fetch import is_url
from .model import Finding, Report
from .registry import Registry, Source

STDIN = "-"
COMBINED_STEM = "reports"


def expand(inputs: list[str], registry: Registry) -> list[str]:
    """Inputs with folders replaced by the files in them that some reader accepts by extension."""
    extensions = {ext for reader in registry.readers for ext in reader.extensions}
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if item != STDIN and path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*"))
                       if f.is_file() and f.suffix.lower() in extensions
                       and not any(part.startswith(".") for part in f.relative_to(path).parts))
        else:
            out.append(item)
    return out


def load(item: str) -> Report:
    if item == STDIN:
        return api.read_source(Source(sys.stdin.buffer.read(), "<stdin>"))
    return api.read(item)


def reports(inputs: list[str], failed: dict[str, str]) -> Iterator[tuple[str, Report]]:
    """(input, report) for every input that reads; the others are reported and kept in `failed`."""
    items = expand(inputs, manager.default().registry)
    if not items:
        print("xxgk: no input files found", file=sys.stderr)
    for item in items:
        try:
            yield item, load(item)
        except XxgkError as exc:
            print(f"xxgk: {item}: {exc}", file=sys.stderr)
            failed[item] = str(exc)


def _warn_broken() -> None:
    for info in manager.default().broken:
        print(f"xxgk: plugin {info.name} not loaded: {info.error}", file=sys.stderr)


def convert(args) -> int:
    _warn_broken()
    registry = manager.default().registry
    try:
        writers = [registry.writer(name.strip()) for name in args.to.split(",") if name.strip()]
    except XxgkError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    outdir = Path(args.output)
    collected: list[Report] = []
    stems: set[str] = set()
    failed: dict[str, str] = {}
    count = 0
    for item, report in reports(args.inputs, failed):
        count += 1
        stem = _unique_stem(output_stem(item), stems)
        findings = api.validate(report) if args.findings else None
        for writer in writers:
            if writer.write is not None:
                _write(outdir / f"{stem}{writer.extension}",
                       lambda out, w=writer, r=report, f=findings: w.write(r, out, f), failed)
        if any(w.combined for w in writers):
            collected.append(report)
        if not args.quiet:
            print(f"{item}: {report.meta.organ or '?'} {report.meta.year or '?'}", file=sys.stderr)
    for writer in writers:
        if writer.write_all is not None and count:
            _write(outdir / f"{COMBINED_STEM}{writer.extension}",
                   lambda out, w=writer: w.write_all(collected, out), failed)
    if not args.quiet or failed:
        print(f"xxgk: converted {count} input(s) to {outdir}"
              + (f"; {len(failed)} failed: {', '.join(failed)}" if failed else ""), file=sys.stderr)
    return EXIT_UNREADABLE if failed or not count else EXIT_OK


def output_stem(item: str) -> str:
    """A file name stem for an input: the file's stem, a URL's last path segment, "stdin"."""
    if item == STDIN:
        return "stdin"
    if is_url(item):
        url = urlsplit(item)
        segments = [s for s in url.path.split("/") if s]
        stem = Path(segments[-1]).stem if segments else (url.hostname or "page")
    else:
        stem = Path(item).stem
    return re.sub(r"[^\w.-]+", "_", stem).strip("._") or "report"


def _unique_stem(stem: str, used: set[str]) -> str:
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate)
    return candidate


def _write(path: Path, emit, failed: dict[str, str]) -> None:
    try:
        api.write_atomically(path, emit)
    except XxgkError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        failed[str(path)] = str(exc)


def validate(args) -> int:
    _warn_broken()
    failed: dict[str, str] = {}
    worst = EXIT_OK
    for item, report in reports(args.inputs, failed):
        findings = api.validate(report)
        if args.format == "json":
            print(json.dumps({"source": item, "findings": [f.to_dict() for f in findings]}, ensure_ascii=False))
        else:
            for finding in findings:
                print(format_finding(item, finding))
        if any(f.severity == "error" for f in findings):
            worst = EXIT_FINDINGS
    if args.format == "json":
        for item, error in failed.items():
            print(json.dumps({"source": item, "error": error, "findings": []}, ensure_ascii=False))
    return EXIT_UNREADABLE if failed else worst


def format_finding(source: str, finding: Finding) -> str:
    """Compiler style: `file:line: severity RULE message`."""
    loc = finding.location
    where = f"{source}:{loc.line}:" if loc and loc.line else f"{source}:"
    extra = f" ({loc})" if loc and not loc.line and str(loc) else ""
    return f"{where} {finding.severity} {finding.rule} {finding.message}{extra}"


def list_plugins(args) -> int:
    loaded = manager.default()
    registry = loaded.registry
    for info in loaded.info.values():
        print(f"{info.name} {info.version or ''}  ({info.module})")
        if info.error:
            print(f"    ERROR: {info.error}")
        for r in (r for r in registry.readers if r.plugin == info.name):
            print(f"    reader {r.name}: {' '.join(r.extensions)} priority {r.priority}")
        for v in (v for v in registry.validators if v.plugin == info.name):
            print(f"    validator {v.name}: {' '.join(v.rules)}")
        for w in (w for w in registry.writers if w.plugin == info.name):
            print(f"    writer {w.name}: {w.extension}" + (" (one file per batch)" if w.combined else ""))
        for t in (t for t, owner in registry.template_owners.items() if owner == info.name):
            print(f"    template {t}")
    return EXIT_OK if not loaded.broken else EXIT_FINDINGS


def schema(args) -> int:
    from .schema import json_schema
    print(json.dumps(json_schema(), ensure_ascii=False, indent=1))
    return EXIT_OK

