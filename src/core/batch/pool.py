"""Where a batch's jobs run: in worker processes (pebble's ProcessPool) that may die or hang without
taking the batch with them, whenever a time limit is set (one worker for -j 1: a native call that
never returns, deaf to the in-process alarm, can only be stopped with the process it runs in); one
after another in this process only without a time limit, with -j 1 or a single input.

A worker that dies (killed by the kernel for memory, a crash in a native library) is replaced, and
its input fails with the reason; the others go on. So is a worker whose input does not stop at its
time limit (stuck in a native call, where the in-process alarm cannot reach it): killed by the kernel
once it has used GRACE seconds of processor time past the limit (RLIMIT_CPU, SIGXCPU), or by the
pool GRACE seconds past the limit's clock backstop (WAIT_FACTOR times the limit).
Workers ignore Ctrl-C (the main process stops them) and, on Linux, are killed by the kernel when
the main process dies, even by SIGKILL, so none is left behind.
"""
from __future__ import annotations

import ctypes
import math
import os
import resource
import signal
import sys
from collections.abc import Callable, Generator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from functools import partial
from typing import TypeVar

from ..limits import WAIT_FACTOR
from .inputs import Task

R = TypeVar("R")

WINDOW = 4       # tasks in flight per worker: keeps the queue, and memory, bounded on any batch size
GRACE = 10.0     # seconds past the time limit before a worker that did not stop is killed
PR_SET_PDEATHSIG = 1


def run(tasks: list[Task], job: Callable[[Task], R], jobs: int, time_limit: float | None,
        lost: Callable[[Task, str], R]) -> Generator[R, None, None]:
    """Each task's result (what `job` returns, a FileResult in a batch), as it finishes;
    `lost(task, reason)` makes the result of a task whose worker died or was killed."""
    if not time_limit and (jobs <= 1 or len(tasks) <= 1):
        for task in tasks:
            yield job(task)
        return
    from pebble import ProcessPool

    workers = max(1, min(jobs, len(tasks)))
    pool = ProcessPool(max_workers=workers, initializer=_worker_started, initargs=(os.getpid(),))
    try:
        pending: dict[Future, Task] = {}
        queue = iter(tasks)
        hard_limit = WAIT_FACTOR * time_limit + GRACE if time_limit else None
        bounded = partial(_within, job, time_limit + GRACE) if time_limit else job
        while True:
            for task in queue:
                pending[pool.schedule(bounded, (task,), timeout=hard_limit)] = task
                if len(pending) >= workers * WINDOW:
                    break
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield _result(future, pending.pop(future), time_limit, lost)
    finally:
        pool.stop()
        pool.join()


def _result(future: Future, task: Task, time_limit: float | None, lost: Callable[[Task, str], R]) -> R:
    from pebble import ProcessExpired

    try:
        return future.result()
    except TimeoutError:
        waited = WAIT_FACTOR * (time_limit or 0) + GRACE
        return lost(task, f"timed out: its worker process was killed after {waited:g} s (--time-limit)")
    except ProcessExpired as exc:
        if exc.exitcode == -signal.SIGXCPU:
            return lost(task, f"timed out: its worker process was killed after {(time_limit or 0) + GRACE:g} s of "
                              "processor time (--time-limit)")
        return lost(task, f"its worker process died ({_death(exc.exitcode)}): out of memory, or a crash in a "
                          "native library")
    except Exception as exc:   # the job never raises: its result or task could not cross between processes
        return lost(task, f"internal error: {type(exc).__name__}: {exc}")


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _within(job: Callable[[Task], R], cpu_seconds: float, task: Task) -> R:
    """Run `job` in a worker that the kernel stops (SIGXCPU, no core dump) once the job has used
    `cpu_seconds` of processor time."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = math.ceil(used.ru_utime + used.ru_stime + cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    return job(task)


def _worker_started(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))   # a worker killed for its time leaves no core file
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:   # the parent died before the line above
            os._exit(1)
