"""The limits that keep one hostile or pathological input from exhausting a machine or a batch.

Every limit gives a ReadError (one line) for that input, the time limit a TimedOut; a batch goes on
with the next one.
See docs/robustness.md for what each guards against and the test that shows it.
"""
from __future__ import annotations

import functools
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ReadError

MAX_INPUT_BYTES = 100 * 1024 * 1024      # any input: file, stdin, URL (HTML pages and URLs: 20 MiB)
MAX_TABLE_CELLS = 20_000                  # one table, merged cells expanded (a report table has < 300)
MAX_HTML_DEPTH = 200                      # element nesting in an HTML page
MAX_HTML_ELEMENTS = 200_000               # start tags of an HTML page (a Word-exported report has tens of thousands)
MAX_HTML_TEXT = 2_000_000                 # characters of text in an HTML page (a report has tens of thousands)
MAX_BLOCKS = 100_000                      # paragraphs, lines and tables of one input (a report has a few hundred)
MAX_LINE_CHARS = 200_000                  # one line, paragraph or cell (a report glued on one line: tens of thousands)
MAX_IMAGE_PIXELS = 60_000_000             # a picture, or an image a PDF page draws, decoded whole (A4, 600 dpi: 35 M)
MAX_DOCX_UNPACKED = 200 * 1024 * 1024     # all parts of a DOCX, uncompressed
MAX_DOCX_RATIO = 200                      # uncompressed / compressed size of any DOCX part
MAX_DOCX_PARTS = 5_000
MAX_XML_NODES = 2_000_000                 # elements and attributes of a DOCX's XML parts (a report: tens of thousands)
MAX_DOCX_RELATIONSHIPS = 20_000          # of all a DOCX's parts (a report: tens; python-docx keeps 2 KB each)
FILE_TIME_LIMIT = 120.0                   # seconds of processor time for one input (--time-limit)
WAIT_FACTOR = 3                           # an input is also stopped after this many times its limit on the clock
REPEAT = 1.0                              # seconds between the alarms once a time limit has passed


def check_text(size: int) -> None:
    """ReadError for a paragraph, line or cell of `size` characters, over MAX_LINE_CHARS."""
    if size > MAX_LINE_CHARS:
        raise ReadError(f"a paragraph or cell of more than {MAX_LINE_CHARS:,} characters: over the limit")


def read_at_most(stream, limit: int = MAX_INPUT_BYTES, expected: int = 0) -> bytes:
    """The bytes of a binary stream, read until its end or `limit` + 1 bytes (the caller refuses
    what is over `limit`), in pieces: never a buffer of the limit's size. `expected` is the size
    the stream is thought to have."""
    pieces, total = [], 0
    while total <= limit:
        piece = stream.read(min(max(expected + 1 - total, 1 << 20), limit + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return b"".join(pieces)


class NotRegularFile(OSError):
    """A path that names a pipe, socket or device (even behind a link): never read."""


def read_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file, at most `limit` + 1 (the caller refuses what is over `limit`),
    however large its size says it is or it grows while read. Opened without waiting (a pipe
    would block the open) and refused unread when it is no regular file (NotRegularFile); OSError
    when it cannot be opened or read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{os.fspath(path)}: not a regular file")
        return read_at_most(fh, limit, min(st.st_size, limit))


@functools.cache
def _libc():
    """glibc, loaded once memory is first given back (after OCR), never on the start-up path."""
    import ctypes.util
    name = ctypes.util.find_library("c")
    library = ctypes.CDLL(name) if name else None
    return library if library is not None and hasattr(library, "malloc_trim") else None


def give_back_memory() -> None:
    """Hand the C heap's free memory back to the system (glibc's malloc_trim; elsewhere nothing).
    Native libraries (onnxruntime, OpenCV) allocate and free large buffers for each page read by
    OCR; the heap keeps what they free, in fragments, and would grow from page to page."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


class TimedOut(BaseException):
    """An input stopped by `time_limit`. A BaseException, as KeyboardInterrupt is, so that no
    reader's or library's `except Exception` takes it for a broken input.

    Its own `__init__` keeps Python from rewording it when it is raised inside a codec (pdfminer
    decodes with 'UTF-16BE'): an exception of the plain kind becomes "decoding with … codec
    failed (TimedOut: …)"."""

    def __init__(self, message: str = "") -> None:   # the watchdog raises its kind, whose __str__ says why
        super().__init__(message)


def time_out_message(seconds: float, used: bool) -> str:
    """What a TimedOut says: `seconds` of processor time used, or (not `used`) on the clock."""
    return (f"timed out: used {seconds:g} s of processor time (--time-limit)" if used
            else f"timed out: not done after {seconds:g} s (--time-limit, waiting)")


@contextmanager
def time_limit(seconds: float | None, wait: float | None = None) -> Iterator[None]:
    """Raise TimedOut once the block has used `seconds` of processor time, or `wait` seconds have
    passed on the clock (default WAIT_FACTOR × `seconds`), for a block that waits without working
    (a pipe, a slow server).

    Once raised it is raised again every REPEAT seconds until the block is left, with the first
    reason, so that code that runs on the way out and loops as well (a file closed after the loop
    it was read in was stopped) is stopped too; one raised where Python can only print it (a
    generator closed by the garbage collector) is dropped unprinted, and the next one stops the
    block. In the main thread, processor time is all threads' (ITIMER_PROF, with ITIMER_REAL:
    POSIX signals); in any other (a Dask worker's, a caller's) it is that thread's own, watched
    (`watchdog`). Either way it is raised when Python next runs: a native call that never returns
    is stopped only by running the block in a worker process (`batch.pool`)."""
    if not seconds:
        yield
        return
    wait = wait or WAIT_FACTOR * seconds
    _drop_unraisable_time_outs()
    _limits.depth = getattr(_limits, "depth", 0) + 1
    try:
        if threading.current_thread() is not threading.main_thread():
            from .watchdog import watched

            with watched(seconds, wait):
                yield
        elif hasattr(signal, "setitimer"):
            with _alarms(seconds, wait):
                yield
        else:
            yield
    finally:
        _limits.depth -= 1


_limits = threading.local()   # depth: the time_limit blocks this thread is in


def within_a_limit() -> bool:
    """Whether this thread runs inside a time_limit block that has a limit."""
    return getattr(_limits, "depth", 0) > 0


@contextmanager
def _alarms(seconds: float, wait: float) -> Iterator[None]:
    """time_limit in the main thread: SIGPROF and SIGALRM."""
    messages = {signal.SIGPROF: time_out_message(seconds, True), signal.SIGALRM: time_out_message(wait, False)}
    fired: list[str] = []
    started = time.process_time()

    def expire(signum, _frame):   # both may be due when a long native call returns: the processor's first
        used = time.process_time() - started >= seconds
        fired.append(fired[0] if fired else messages[signal.SIGPROF if used else signum])
        raise TimedOut(fired[0])

    timers = ((signal.SIGPROF, signal.ITIMER_PROF, seconds), (signal.SIGALRM, signal.ITIMER_REAL, wait))
    previous = [(signum, signal.signal(signum, expire), timer, signal.setitimer(timer, limit, REPEAT))
                for signum, timer, limit in timers]
    try:
        yield
    finally:
        for signum, handler, timer, outer in previous:   # an enclosing limit's timer starts again
            signal.setitimer(timer, *outer)
            signal.signal(signum, handler)


def _drop_unraisable_time_outs() -> None:
    """A TimedOut raised where Python can only print it is dropped, in this process from now on."""
    printing = sys.unraisablehook
    if getattr(printing, "drops_time_outs", False):
        return

    def unraisable(hook_args):
        if not isinstance(hook_args.exc_value, TimedOut):
            printing(hook_args)

    unraisable.drops_time_outs = True  # type: ignore[attr-defined]
    sys.unraisablehook = unraisable
