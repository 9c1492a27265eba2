"""The time limit of a block run in a thread other than the main one, where no signal can reach it
(a Dask worker runs each input in a thread; a program may call the API from one).

A watchdog thread reads the block's thread's own processor-time clock (pthread_getcpuclockid) and
the clock every TICK seconds; once either is past its limit it raises TimedOut in that thread
(PyThreadState_SetAsyncExc: at the next instruction Python runs there, as a signal's handler would
be), again every REPEAT seconds until the block is left. One raised but not yet met when the block
ends is withdrawn, so nothing outside the block is ever stopped.
"""
from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .limits import REPEAT, TimedOut, time_out_message

TICK = 0.1   # seconds between the watchdog's looks


@contextmanager
def watched(seconds: float, wait: float) -> Iterator[None]:
    """Raise TimedOut in this thread once the block has used `seconds` of this thread's processor
    time, or `wait` seconds have passed on the clock."""
    target = threading.get_ident()
    clock = time.pthread_getcpuclockid(target)
    used_before, started = time.clock_gettime(clock), time.monotonic()
    reason: list[str] = []
    expired = type("TimedOut", (TimedOut,), {"__str__": lambda self: reason[0]})
    lock, done = threading.Lock(), threading.Event()

    def watch() -> None:
        due = 0.0   # seconds on the clock when TimedOut is raised (again)
        while not done.wait(TICK):
            waited = time.monotonic() - started
            if not reason:
                used = time.clock_gettime(clock) - used_before >= seconds
                if not used and waited < wait:
                    continue
                reason.append(time_out_message(seconds, True) if used else time_out_message(wait, False))
                due = waited
            if waited >= due:
                with lock:
                    if not done.is_set():
                        _raise_in(target, expired)
                due = waited + REPEAT

    watcher = threading.Thread(target=watch, name="xxgk-time-limit", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            _raise_in(target, None)
        watcher.join()


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Have `thread` raise `exception` when it next runs Python; None withdraws one not yet raised."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread),
                                               None if exception is None else ctypes.py_object(exception))
