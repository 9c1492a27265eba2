"""`xxgk` in a process of its own, with chosen inputs made to stall or crash: the batch tests' way
to stop, kill or crash a run at a known point.

    python tests/batchdriver.py SIGNALS convert SRC -o OUT ...

Environment (each a part of an input's file name):
  XXGK_TEST_STALL   reading it writes the reading process's pid to SIGNALS/<pid>.reading, then
                    waits until SIGNALS/go exists (alarms blocked when XXGK_TEST_DEAF is set)
  XXGK_TEST_CRASH   reading it kills the reading process with SIGKILL, as a native crash would
  XXGK_TEST_HALFWAY writing its HTML stops half-way (what comes before it written): pid to
                    SIGNALS/<pid>.writing, then it waits as above
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from xxgk import api
from xxgk.cli import main


def wait_for_go(signals: Path, stage: str) -> None:
    (signals / f"{os.getpid()}.{stage}").write_text(str(os.getpid()))
    if os.environ.get("XXGK_TEST_DEAF"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    while not (signals / "go").exists():
        time.sleep(0.02)


def install(signals: Path) -> None:
    stall, crash, halfway = (os.environ.get(f"XXGK_TEST_{name}") for name in ("STALL", "CRASH", "HALFWAY"))
    read_source, write = api.read_source, api.write

    def reading(source, **kwargs):
        if stall and stall in source.name:
            wait_for_go(signals, "reading")
        if crash and crash in source.name:
            os.kill(os.getpid(), signal.SIGKILL)
        return read_source(source, **kwargs)

    def writing(report, format, dest, **kwargs):
        if halfway and halfway in (report.meta.source or "") and format == "html":   # dest: a temporary file
            dest.write(b"half a document")
            dest.flush()
            wait_for_go(signals, "writing")
        return write(report, format, dest, **kwargs)

    api.read_source, api.write = reading, writing


if __name__ == "__main__":
    install(Path(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))
