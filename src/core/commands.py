"""What each `xxgk` subcommand does (the parser is in `xxgk.cli`)."""
from __future__ import annotations

import json
import sys
import traceback
from contextlib import closing, nullcontext
from functools import partial
from typing import TYPE_CHECKING

from . import api, manager
from .batch import pool
from .batch.inputs import Task, plan
from .batch.job import given, load, shown
from .batch.options import FileResult
from .batch.progress import Progress, summary
from .cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from .errors import UsageError, WriteError, XxgkError, one_line, printable, printable_json
from .limits import TimedOut, time_limit
from .model import Finding
from .rulesettings import RuleSettings, assignments

if TYPE_CHECKING:
    from .messages import Chinese

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def convert(args) -> int:
    """Exit 0: every input converted or up to date, every output written; 2: a usage error (nothing
    done), or an input that failed or an output that could not be written (named on stderr)."""
    from .batch.convert import convert_many  # what only a batch writes: not loaded to validate

    _warn_broken()
    formats = tuple(name.strip() for name in args.to.split(",") if name.strip())
    if not args.quiet:
        _notes(formats)
    progress = Progress(bar=not args.quiet)
    try:
        settings = _settings(args.set)
        with _cluster(args.scheduler) as client:
            batch = convert_many(args.inputs, args.output, formats, jobs=args.jobs, force=args.force,
                                 findings_in_documents=args.findings, time_limit=args.time_limit or None,
                                 findings_out=args.findings_out, debug=args.debug, csv_encoding=args.csv_encoding,
                                 settings=settings, client=client, reporter=progress)
    except UsageError as exc:
        progress.clear()
        print(f"xxgk: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    progress.clear()
    for error in batch.errors:
        print(f"xxgk: {printable(error)}", file=sys.stderr)
    if not args.quiet:
        for line in summary(batch.results, batch.findings):
            print(f"xxgk: {line}", file=sys.stderr)
    failed = batch.errors or any(r.status == "failed" for r in batch.results)
    return EXIT_UNREADABLE if failed else EXIT_OK


def report(args) -> int:
    """The batch page of a finished batch. Exit 0: written; 2: a usage error (matplotlib missing,
    no batch in OUT), or the page not written or a record left out of it (named on stderr)."""
    from .batch.combined import write_page

    def waiting(message: str) -> None:
        print(f"xxgk: {message}", file=sys.stderr)

    try:
        target, problems = write_page(args.outdir, args.output, waiting)
    except UsageError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    for problem in problems:
        print(f"xxgk: {printable(problem)}", file=sys.stderr)
    if not args.quiet and not problems and target != "-":
        print(f"xxgk: wrote {printable(target)}", file=sys.stderr)
    return EXIT_UNREADABLE if problems else EXIT_OK


def _settings(texts: list[str]) -> dict[str, str]:
    """The --set NAME=VALUE arguments (UsageError for one without "=")."""
    try:
        return assignments(texts)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _cluster(scheduler: str | None):
    """A Dask client for --scheduler (UsageError when the extra is missing or the address is bad)."""
    if not scheduler:
        return nullcontext(None)
    try:
        import distributed  # noqa: F401

        from .batch import dask
    except ImportError as exc:
        raise UsageError('--scheduler needs the dask extra: pip install "xxgk[dask]"') from exc
    if scheduler.startswith("local:") and not (scheduler[6:].isdigit() and int(scheduler[6:]) >= 1):
        raise UsageError(f"--scheduler {scheduler}: local:N needs a number of worker processes, 1 or more")
    return dask.connect(scheduler)


def _warn_broken() -> None:
    for info in manager.default().broken:
        print(f"xxgk: plugin {info.name} not loaded: {info.error}", file=sys.stderr)


def _notes(formats: tuple[str, ...]) -> None:
    """What the writers asked for would want of this machine (fonts for PDF), one line each; a
    writer that cannot work at all is the batch's usage error, not a note."""
    registry = manager.default().registry
    for writer in (w for w in registry.writers if w.name in formats and w.check is not None):
        try:
            notes = writer.check()   # type: ignore[misc]
        except WriteError:
            continue
        for note in notes:
            print(f"xxgk: note: --to {writer.name}: {note}", file=sys.stderr)


def validate(args) -> int:
    """Exit 0: no error found; 1: an error finding; 2: an input that could not be read (or was
    stopped by the time limit, or met a bug: named, and the next input read), or no input. With a
    time limit, the inputs are read one at a time in a worker process (`batch.pool`). The batch
    rules run over every input read, as `convert` runs them; their findings follow the inputs'."""
    _warn_broken()
    worst = EXIT_OK
    words = _chinese() if args.lang == "zh" else None
    registry = manager.default().registry
    try:
        settings = registry.rule_settings(_settings(args.set))
    except (UsageError, ValueError) as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    tasks = plan(args.inputs, registry)
    if not tasks:
        print("xxgk: no input files found", file=sys.stderr)
        return EXIT_UNREADABLE
    check = partial(_validated, seconds=args.time_limit or None, debug=args.debug, settings=settings)
    done: list[FileResult] = []
    with closing(pool.run(tasks, check, 1, args.time_limit or None, _unvalidated)) as results:
        for source, findings, error, result in results:
            if error is None:
                worst = _show(source, findings, args.format, words, worst)
                done += [result] if result else []
                continue
            print(printable(f"xxgk: {source}: {error}"), file=sys.stderr)
            if args.format == "json":
                print(printable_json(json.dumps({"source": source, "error": error, "findings": []},
                                                ensure_ascii=False)))
            worst = EXIT_UNREADABLE
    by_source: dict[str, list[Finding]] = {}
    for source, finding in registry.batch_findings(done, settings):
        by_source.setdefault(source, []).append(finding)
    for source, findings in by_source.items():
        worst = _show(source, findings, args.format, words, worst, batch=True)
    return worst


def _show(source: str, findings: list[Finding], form: str, words: Chinese | None, worst: int,
          batch: bool = False) -> int:
    """Print an input's findings (a JSON object for `form` json, marked "batch" for the batch
    rules'); the exit code with them."""
    if form == "json":
        shown = {"source": source, **({"batch": True} if batch else {}), "findings": _shown_findings(findings, words)}
        print(printable_json(json.dumps(shown, ensure_ascii=False)))
    else:
        for finding in findings:
            print(format_finding(source, finding, words))
    return EXIT_FINDINGS if worst == EXIT_OK and any(f.severity == "error" for f in findings) else worst


def _chinese() -> Chinese:
    """The Chinese wording of the findings (imported only when asked for: `--lang zh`)."""
    from .messages import chinese
    return chinese(manager.default().registry)


def _shown_findings(findings: list[Finding], words: Chinese | None) -> list[dict]:
    """The findings as JSON objects, their messages in Chinese with `words`."""
    return [{**f.to_dict(), "message": words.message(f)} if words else f.to_dict() for f in findings]


def _validated(task: Task, seconds: float | None, debug: bool, settings: RuleSettings
               ) -> tuple[str, list[Finding], str | None, FileResult | None]:
    """(the input as shown, its findings, None, what the batch rules read of it), or (…, [], why it
    could not be read, None): never raises."""
    source = shown(task)
    try:
        with time_limit(seconds):
            report = api.read_source(load(task), time_limit=None)
            findings = api.validate(report, settings=settings)
            result = FileResult.converted(source, report, manager.default().registry, given(task), task.location)
            return source, findings, None, result
    except (XxgkError, TimedOut) as exc:
        return source, [], str(exc), None
    except Exception as exc:   # a bug met on one input must not stop the others
        if debug:
            traceback.print_exc()
        return source, [], one_line(f"internal error: {type(exc).__name__}: {exc}"), None


def _unvalidated(task: Task, reason: str) -> tuple[str, list[Finding], str | None, FileResult | None]:
    """What `_validated` gives for an input whose worker process died or was killed."""
    return shown(task), [], reason, None


def format_finding(source: str, finding: Finding, words: Chinese | None = None) -> str:
    """Compiler style: `file:line: severity RULE message`, `printable` (a message quotes the report);
    with `words`, the severity and the message in Chinese and the place as "（第4页）"."""
    loc = finding.location
    where = f"{source}:{loc.line}:" if loc and loc.line else f"{source}:"
    if words is None:
        extra = f" ({loc})" if loc and not loc.line and str(loc) else ""
        return printable(f"{where} {finding.severity} {finding.rule} {finding.message}{extra}")
    place = words.location(loc) if loc and not loc.line else ""
    return printable(f"{where} {SEVERITY_ZH.get(finding.severity, finding.severity)} {finding.rule} "
                     f"{words.message(finding)}" + (f"（{place}）" if place else ""))


def keys(args) -> int:
    """The data dictionary on standard output; exit 2 for a format no template has."""
    from .dictionary import keys, render
    try:
        infos = keys(manager.default().registry, args.format)
    except ValueError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.write(render(infos, args.to))
    return EXIT_OK


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
            _list_settings(v.settings)
        for b in (b for b in registry.batch_validators if b.plugin == info.name):
            print(f"    batch validator {b.name}: {' '.join(b.rules)}")
            _list_settings(b.settings)
        for w in (w for w in registry.writers if w.plugin == info.name):
            print(f"    writer {w.name}: {w.extension}" + (" (one file per batch)" if w.combined else ""))
            for note in _checked(w):
                print(f"        {note}")
        for t in (t for t, owner in registry.template_owners.items() if owner == info.name):
            print(f"    template {t}")
    return EXIT_OK if not loaded.broken else EXIT_FINDINGS


def _list_settings(settings) -> None:
    for setting in settings:
        print(f"        setting {setting.name} (default {setting.default if setting.default is not None else 'none'}): "
              f"{setting.help}")


def _checked(writer) -> list[str]:
    """What a writer lacks on this machine: why it cannot work here, or its notes."""
    try:
        return writer.check() if writer.check is not None else []
    except WriteError as exc:
        return [f"unavailable: {exc}"]


def schema(args) -> int:
    from .schema import json_schema
    print(json.dumps(json_schema(), ensure_ascii=False, indent=1))
    return EXIT_OK

