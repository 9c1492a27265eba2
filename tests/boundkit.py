"""Running `xxgk` in a child process and measuring what its whole process tree took: peak memory
(the tree's resident memory summed, sampled, and the largest process's own peak) and processor
time. Nothing here depends on the machine's speed: a run is killed only after HANG seconds on the
clock, a bound no finishing run comes near, and that fails the test."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

GIB = 1024 ** 3
HANG = 600   # seconds on the clock after which a run counts as hung (runs here take seconds)
# The child runs xxgk in a grandchild and reports what the grandchild and its workers used.
LAUNCHER = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:], stdin=sys.stdin)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"maxrss": usage.ru_maxrss * 1024, "cpu": usage.ru_utime + usage.ru_stime}, out)
sys.exit(code)
"""


@dataclass
class Run:
    code: int
    out: str
    err: str
    peak: int      # bytes: the most the process tree held at once (sampled), or its largest process's peak
    cpu: float     # seconds of processor time of the whole tree

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


def xxgk(args: list[str], folder: Path, stdin: str | None = None) -> Run:
    """`xxgk ARGS` run in `folder` (standard input from the file `stdin`), its tree measured."""
    usage, out, err = folder / "usage.json", folder / "stdout.txt", folder / "stderr.txt"
    command = [sys.executable, "-c", LAUNCHER, str(usage), sys.executable, "-m", "xxgk", *args]
    with open(out, "wb") as stdout, open(err, "wb") as stderr, \
            open(stdin or "/dev/null", "rb") as source:
        child = psutil.Popen(command, stdout=stdout, stderr=stderr, stdin=source, cwd=folder)
        started, sampled = time.monotonic(), 0
        while child.poll() is None:
            sampled = max(sampled, _tree_memory(child))
            if time.monotonic() - started > HANG:
                for process in [*child.children(recursive=True), child]:
                    process.kill()
                raise AssertionError(f"xxgk {' '.join(args)}: still running after {HANG} s")
            time.sleep(0.02)
    measured = json.loads(usage.read_text())
    return Run(child.returncode, out.read_text(encoding="utf-8", errors="replace"),
               err.read_text(encoding="utf-8", errors="replace"), max(sampled, measured["maxrss"]), measured["cpu"])


def _tree_memory(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed_out(seconds: float) -> set[str]:
    """What an input stopped by a limit of `seconds` may say: processor time used, or the clock's
    backstop (WAIT_FACTOR times as long) when a loaded machine gave it less than a third of a core.
    Which of the two depends on the machine's load, so a test accepts either."""
    from xxgk.limits import WAIT_FACTOR, time_out_message
    return {time_out_message(seconds, True), time_out_message(seconds * WAIT_FACTOR, False)}
