"""What each `xxgk` subcommand does (the parser is in `xxgk.cli`)."""
from __future__ import annotations

import json
import sys

from . import api, batch, manager
from .cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from .errors import XxgkError
from .inputs import STDIN, plan
from .model import Finding
from .progress import Progress, summary
from .storage import local_folder


def convert(args) -> int:
    _warn_broken()
    formats = tuple(name.strip() for name in args.to.split(",") if name.strip())
    try:
        options = batch.Options(args.output, formats, args.force, args.findings, args.time_limit or None, args.debug)
    except XxgkError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    tasks = plan(args.inputs, manager.default().registry, exclude=local_folder(args.output))
    if not tasks:
        print("xxgk: no input files found", file=sys.stderr)
        return EXIT_UNREADABLE
    progress = Progress(len(tasks), enabled=not args.quiet)
    if args.scheduler and any(t.source == STDIN for t in tasks):
        print("xxgk: standard input cannot be handed to Dask workers: save it to a file", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.scheduler:
        try:
            import distributed  # noqa: F401

            from . import dask as on_dask
        except ImportError:
            print('xxgk: --scheduler needs the dask extra: pip install "xxgk[dask]"', file=sys.stderr)
            return EXIT_UNREADABLE
        with on_dask.connect(args.scheduler) as client:
            results = _collect(on_dask.run(tasks, options, client), progress)
            batch_findings = on_dask.finish(results, options, client, args.findings_out)
    else:
        results = _collect(batch.run(tasks, options, args.jobs), progress)
        batch_findings = batch.finish(results, options, args.findings_out)
    if not args.quiet:
        for line in summary(results, batch_findings):
            print(f"xxgk: {line}", file=sys.stderr)
    return EXIT_UNREADABLE if any(r.status == "failed" for r in results) else EXIT_OK


def _collect(results, progress: Progress) -> list[batch.FileResult]:
    """Every result, with progress, and failures named as they come."""
    collected = []
    for result in results:
        collected.append(result)
        progress.step(result.source)
        if result.status == "failed":
            progress.clear()
            print(f"xxgk: {result.source}: {result.error}", file=sys.stderr)
    progress.clear()
    return collected


def _warn_broken() -> None:
    for info in manager.default().broken:
        print(f"xxgk: plugin {info.name} not loaded: {info.error}", file=sys.stderr)


def validate(args) -> int:
    _warn_broken()
    worst = EXIT_OK
    tasks = plan(args.inputs, manager.default().registry)
    if not tasks:
        print("xxgk: no input files found", file=sys.stderr)
        return EXIT_UNREADABLE
    for task in tasks:
        try:
            findings = api.validate(batch.read_input(task.source))
        except XxgkError as exc:
            print(f"xxgk: {task.source}: {exc}", file=sys.stderr)
            if args.format == "json":
                print(json.dumps({"source": task.source, "error": str(exc), "findings": []}, ensure_ascii=False))
            worst = EXIT_UNREADABLE
            continue
        if args.format == "json":
            print(json.dumps({"source": task.source, "findings": [f.to_dict() for f in findings]},
                             ensure_ascii=False))
        else:
            for finding in findings:
                print(format_finding(task.source, finding))
        if worst == EXIT_OK and any(f.severity == "error" for f in findings):
            worst = EXIT_FINDINGS
    return worst


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

