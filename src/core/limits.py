"""The limits that keep one hostile or pathological input from exhausting a machine or a batch.

Every limit gives a ReadError (one line) for that input, the time limit a TimedOut; a batch goes on
with the next one.
See docs/robustness.md for what each guards against and the test that shows it.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_INPUT_BYTES = 100 * 1024 * 1024      # any input: file, stdin, URL (HTML pages and URLs: 20 MiB)
MAX_TABLE_CELLS = 20_000                  # one table, merged cells expanded (a report table has < 300)
MAX_HTML_DEPTH = 200                      # element nesting in an HTML page
MAX_DOCX_UNPACKED = 200 * 1024 * 1024     # all parts of a DOCX, uncompressed
MAX_DOCX_RATIO = 200                      # uncompressed / compressed size of any DOCX part
MAX_DOCX_PARTS = 5_000
FILE_TIME_LIMIT = 120.0                   # seconds for one input in a batch


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


class TimedOut(BaseException):
    """An input stopped by `time_limit`. A BaseException, as KeyboardInterrupt is, so that no
    reader's or library's `except Exception` takes it for a broken input."""

    def __init__(self, seconds: float):
        super().__init__(f"timed out: stopped after {seconds:g} s (--time-limit)")


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimedOut when the block runs longer than `seconds` (SIGALRM: main thread, POSIX only;
    elsewhere the block runs unbounded)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def expire(_signum, _frame):
        raise TimedOut(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
