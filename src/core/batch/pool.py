"""Where a batch's jobs run: in worker processes (pebble's ProcessPool) that may die or hang without
taking the batch with them, whenever a time limit is set (one worker for -j 1: a native call that
never returns, deaf to the in-process alarm, can only be stopped with the process it runs in); one
after another in this process only without a time limit, with -j 1 or a single input.

A single input with a time limit gets a worker process of its own, forked for it and reaped as soon
as it has answered (a pool's threads take a tenth of a second to wind down, more than reading a
small report), with the same limits and the same reasons for a failure.

A worker that dies (killed by the kernel for memory, a crash in a native library) is replaced, and
its input fails with the reason; the others go on. So is a worker whose input does not stop at its
time limit (stuck in a native call, where the in-process alarm cannot reach it): killed by the kernel
once it has used GRACE seconds of processor time past the limit (RLIMIT_CPU, SIGXCPU), or by the
pool GRACE seconds past the limit's clock backstop (WAIT_FACTOR times the limit).
Workers ignore Ctrl-C (the main process stops them) and, on Linux, are killed by the kernel when
the main process dies, even by SIGKILL, so none is left behind.
"""
from __future__ import annotations

import math
import os
import pickle
import resource
import select
import signal
import sys
import time
from collections.abc import Callable, Generator
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from ..limits import WAIT_FACTOR
from .inputs import Task

if TYPE_CHECKING:
    from concurrent.futures import Future

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
    if len(tasks) == 1 and time_limit:
        yield _alone(tasks[0], job, time_limit, lost)
        return
    from concurrent.futures import FIRST_COMPLETED, wait

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
    from concurrent.futures import TimeoutError as Expired  # the built-in TimeoutError from Python 3.11, not on 3.10

    from pebble import ProcessExpired

    try:
        return future.result()
    except (TimeoutError, Expired):
        return lost(task, _timed_out(time_limit))
    except ProcessExpired as exc:
        return lost(task, _expired(exc.exitcode, time_limit))
    except Exception as exc:   # the job never raises: its result or task could not cross between processes
        return lost(task, f"internal error: {type(exc).__name__}: {exc}")


def _timed_out(time_limit: float | None) -> str:
    """Why an input whose worker was killed on the clock (WAIT_FACTOR times its limit) failed."""
    waited = WAIT_FACTOR * (time_limit or 0) + GRACE
    return f"timed out: its worker process was killed after {waited:g} s (--time-limit)"


def _expired(exitcode: int | None, time_limit: float | None) -> str:
    """Why an input whose worker process ended without answering failed."""
    if exitcode == -signal.SIGXCPU:
        return (f"timed out: its worker process was killed after {(time_limit or 0) + GRACE:g} s of processor time "
                "(--time-limit)")
    return f"its worker process died ({_death(exitcode)}): out of memory, or a crash in a native library"


def _alone(task: Task, job: Callable[[Task], R], time_limit: float, lost: Callable[[Task, str], R]) -> R:
    """`job(task)` in a worker process forked for it, set up and bounded as a pool's workers are:
    its result (pickled through a pipe), or `lost(task, reason)` when the worker dies, is killed by
    the kernel, or has not answered WAIT_FACTOR * time_limit + GRACE seconds after it started."""
    parent = os.getpid()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:   # the worker: whatever happens, it ends here, with 0 once it has answered
        code = 1
        try:
            os.close(reader)
            _worker_started(parent)
            try:
                answer = pickle.dumps((True, _within(job, time_limit + GRACE, task)))
            except Exception as exc:   # the job never raises: its result could not be pickled
                answer = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            with open(writer, "wb") as out:
                out.write(answer)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    deadline = time.monotonic() + WAIT_FACTOR * time_limit + GRACE
    pieces = []
    try:
        with open(reader, "rb", buffering=0) as pipe:
            while True:
                if not select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))[0]:
                    return lost(task, _timed_out(time_limit))
                piece = pipe.read(1 << 16)
                if not piece:
                    break
                pieces.append(piece)
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if pid:   # timed out, or this process was interrupted or stopped: the worker goes too
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    exitcode = os.waitstatus_to_exitcode(status)
    if exitcode != 0 or not pieces:
        return lost(task, _expired(exitcode, time_limit))
    try:
        done, value = pickle.loads(b"".join(pieces))
    except Exception as exc:   # the result could not cross between processes
        return lost(task, f"internal error: {type(exc).__name__}: {exc}")
    return value if done else lost(task, f"internal error: {value}")


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
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:   # the parent died before the line above
            os._exit(1)
