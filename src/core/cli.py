"""The `xxgk` command: convert, validate, report, keys, plugins, schema."""
from __future__ import annotations

import argparse
import gc
import logging
import math
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from . import __version__
from .dataset import ENCODINGS
from .dictionary import FORMS
from .errors import one_line
from .limits import FILE_TIME_LIMIT, WAIT_FACTOR

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2   # and 128 + N when stopped by signal N (130: Ctrl-C)
STOPPING = (signal.SIGTERM, signal.SIGHUP)
TIME_LIMIT_HELP = (f"stop one input after this many seconds of processor time, or {WAIT_FACTOR} times as many on the "
                   f"clock (default {FILE_TIME_LIMIT:g}; 0: none)")

PLUGIN_HANDLERS = ("convert", "validate", "keys", "list_plugins")   # the commands that load the plugins
SET_HELP = ("give a rule's setting a value, e.g. TEXT-REUSE.threshold=0.6 or AGGREGATE.mapping=organs.csv "
            "(repeatable; `xxgk plugins` lists the settings)")


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (exit 2)."""

    def error(self, message: str):
        self.exit(EXIT_UNREADABLE, f"xxgk: {message} (see: {self.prog} --help)\n")


class Stopped(BaseException):
    """The process was told to stop (SIGTERM, SIGHUP): raised in the main thread, so that a batch
    stops its workers and removes its temporary files on the way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, _frame):
    raise Stopped(signum)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return value


MAX_SECONDS = 1_000_000   # a time limit the processor-time clocks and the kernel's limits all take (11 days)


def seconds(text: str) -> float:
    """A --time-limit: seconds from 0 (no limit) to MAX_SECONDS (ArgumentTypeError otherwise)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= MAX_SECONDS:   # nan and inf too
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more and at most {MAX_SECONDS:,} "
                                         f"(0: no limit), not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="xxgk", description="Read government information-disclosure annual reports "
        "(政府信息公开工作年度报告), check them, and write them out in clean formats.")
    parser.add_argument("--version", action="version", version=f"xxgk {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an internal error, and libraries' own messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    convert = sub.add_parser("convert", help="convert reports to JSON, CSV and the other output formats")
    convert.set_defaults(handler="convert")
    convert.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="files, folders (walked), globs, http(s) URLs, fsspec URLs (s3://…); - for stdin")
    convert.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                         help="output folder or fsspec URL; the inputs' folder tree is mirrored in it")
    convert.add_argument("--to", default="json", metavar="FORMATS",
                         help="comma-separated output formats: json, html, docx (one file per report), csv, xlsx, "
                         "parquet (one dataset per batch), report (reports.html, one page with plots over the "
                         "batch); see `xxgk plugins`")
    convert.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                         help="parallel worker processes (default 1; with --time-limit 0 and -j 1: in this process)")
    convert.add_argument("--scheduler", metavar="ADDRESS",
                         help="run on Dask (the dask extra): tcp://host:8786, or local:N for N local worker processes")
    convert.add_argument("--force", action="store_true", help="convert again inputs whose outputs exist")
    convert.add_argument("--findings-out", metavar="FILE", help="write every finding as JSON Lines to FILE")
    convert.add_argument("--time-limit", type=seconds, default=FILE_TIME_LIMIT, metavar="SECONDS",
                         help=TIME_LIMIT_HELP)
    convert.add_argument("--findings", action="store_true",
                         help="list the findings in an appendix of document formats (docx, html)")
    convert.add_argument("--csv-encoding", choices=ENCODINGS, default=ENCODINGS[0],
                         help="reports.csv in UTF-8 with a byte-order mark, which Excel needs to read Chinese "
                         "(default), or without one, for programs that dislike it")
    convert.add_argument("--set", action="append", default=[], metavar="RULE.SETTING=VALUE", help=SET_HELP)
    convert.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    validate = sub.add_parser("validate", help="check reports against the format's rules")
    validate.set_defaults(handler="validate")
    validate.add_argument("inputs", nargs="+", metavar="INPUT",
                          help="files, folders (walked), globs, http(s) URLs; - for stdin")
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="text: file:line: severity RULE message; json: JSON Lines, one object per input, "
                          '{"source": …, "findings": [{"rule", "severity", "cells", "message", "location"}, …]}, '
                          'then one per input the batch rules name, with "batch": true')
    validate.add_argument("--time-limit", type=seconds, default=FILE_TIME_LIMIT, metavar="SECONDS",
                          help=TIME_LIMIT_HELP)
    validate.add_argument("--lang", choices=("en", "zh"), default="en",
                          help="the language of the messages: en (default) or zh, Chinese, cells named as the "
                          "report prints them and places as 第4页 / 第12行")
    validate.add_argument("--set", action="append", default=[], metavar="RULE.SETTING=VALUE", help=SET_HELP)

    report = sub.add_parser("report", help="write one HTML page with plots over a finished batch: organs, years, "
                            "rules, the measures reviewers use (needs the report extra: matplotlib)")
    report.set_defaults(handler="report")
    report.add_argument("outdir", metavar="OUTDIR", help="the output folder of a batch (xxgk convert … -o OUTDIR)")
    report.add_argument("-o", "--output", metavar="FILE",
                        help="where to write the page (default OUTDIR/reports.html, which later runs then keep "
                        "up to date, as --to report does)")
    report.add_argument("-q", "--quiet", action="store_true", help="print errors only")

    keys = sub.add_parser("keys", help="print the data dictionary: every cell key with its labels, type and unit")
    keys.set_defaults(handler="keys")
    keys.add_argument("--format", metavar="FORMAT", help="only the keys of one format: 2021, 2019 (default: all)")
    keys.add_argument("--to", choices=FORMS, default="csv", help="csv (default), json or markdown")

    sub.add_parser("plugins", help="list the installed plugins and what they provide"
                   ).set_defaults(handler="list_plugins")
    sub.add_parser("schema", help="print the JSON Schema of the report model").set_defaults(handler="schema")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    freeze = argv is None   # xxgk is the program, not a caller's function
    with _starting(freeze):
        from . import commands, manager
    restore = lambda: None  # noqa: E731
    if not args.debug:   # libraries' log lines (pdfminer's, OpenCV's warnings on damaged files) name no input
        logging.getLogger().addHandler(logging.NullHandler())
        os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
        restore = _drop_native_stderr()
    in_main = threading.current_thread() is threading.main_thread()
    handlers = {signum: signal.signal(signum, _stop) for signum in STOPPING} if in_main else {}
    try:
        if args.handler in PLUGIN_HANDLERS:
            with _starting(freeze):
                manager.default()
        return getattr(commands, args.handler)(args)
    except KeyboardInterrupt:
        print("xxgk: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    except Stopped as stop:
        print(f"xxgk: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr)
        return 128 + stop.signum
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:   # no traceback reaches the user, unless asked for
        if args.debug:
            traceback.print_exc()
        print(f"xxgk: {one_line(f'internal error: {type(exc).__name__}: {exc}')} (--debug shows where)",
              file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        restore()


@contextmanager
def _starting(freeze: bool) -> Iterator[None]:
    """A part of start-up (importing the commands, loading the plugins) with the cyclic garbage
    collector paused: what it builds (modules, classes, compiled patterns, the registry) lives as
    long as the process, so collections during it would only walk it. With `freeze` (xxgk is the
    program), it is then frozen (moved to the permanent generation, `gc.freeze`): later collections
    do not walk it again, and a forked worker does not copy the pages a collection would touch.
    Without, a caller's process (tests, a program calling `main`) keeps its own objects collectable;
    the collector is left on or off as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _drop_native_stderr():
    """Point file descriptor 2 at /dev/null, and sys.stderr at a copy of what it was: what native
    libraries print there themselves (libpng's and libjpeg's warnings on a damaged picture) names
    no input, while xxgk's lines and Python's warnings still reach stderr. Nothing is done when
    sys.stderr is not descriptor 2 (a test capturing it). Returns what undoes it."""
    try:
        if sys.stderr.fileno() != 2:
            return lambda: None
        sys.stderr.flush()
        copy = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except (AttributeError, OSError, ValueError):
        return lambda: None
    previous = sys.stderr
    sys.stderr = open(copy, "w", encoding=previous.encoding, errors=previous.errors, buffering=1)
    os.dup2(null, 2)
    os.close(null)

    def restore() -> None:
        sys.stderr.flush()
        os.dup2(copy, 2)
        sys.stderr.close()
        sys.stderr = previous

    return restore
