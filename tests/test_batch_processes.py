"""Batches whose processes die, hang or are stopped: the input is failed with the reason and the batch
finishes; no process outlives the run; no temporary file outlives the next run; runs into one OUT
take turns. Each run is a real `xxgk` process (tests/batchdriver.py stalls or crashes chosen inputs)."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import xxgk
import xxgk.cli
from xxgk import api
from xxgk.batch import pool
from xxgk.batch.inputs import Task

from conftest import SEEDS
from reportgen import consistent_values, report_text

DRIVER = Path(__file__).with_name("batchdriver.py")
READ_SOURCE = api.read_source
PATIENCE = 120   # seconds to wait for a process to reach a point: only a broken run takes that long


def reports(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names):
        (folder / name).write_text(report_text(consistent_values(200 + n, 9), organ=f"第{n}县人民政府办公室"),
                                   encoding="utf-8")
    return folder


class Run:
    """`xxgk ARGS` started through the driver, its stderr in a file."""

    def __init__(self, tmp_path: Path, *args: str, **env: str):
        self.signals = tmp_path / "signals"
        self.signals.mkdir(exist_ok=True)
        self.log = tmp_path / f"stderr-{len(list(tmp_path.glob('stderr-*')))}.txt"
        with open(self.log, "wb") as err:
            self.process = subprocess.Popen([sys.executable, str(DRIVER), str(self.signals), *args],
                                            env={**os.environ, **{f"XXGK_TEST_{k}": v for k, v in env.items()}},
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)

    def stalled(self, count: int, stage: str = "reading") -> list[int]:
        """The pids of the processes stalled at `stage`, once `count` of them are."""
        until(lambda: len(list(self.signals.glob(f"*.{stage}"))) >= count, f"{count} processes {stage}")
        return [int(p.stem) for p in self.signals.glob(f"*.{stage}")]

    def go(self) -> None:
        (self.signals / "go").touch()

    def finish(self) -> tuple[int, str]:
        code = self.process.wait(PATIENCE)
        return code, self.log.read_text(encoding="utf-8")


def until(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {PATIENCE} s for {what}")
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if api.TEMPORARY.match(p.name)]


def csv_organs(out: Path) -> list[str]:
    """The organs of the converted reports in reports.csv."""
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        return sorted(row["organ"] for row in csv.DictReader(fh) if row["status"] == "converted")


def test_a_dead_worker_fails_its_input_and_the_batch_finishes(tmp_path):
    src = reports(tmp_path / "src", ["a.txt", "b.txt", "crash.txt", "d.txt", "e.txt"])
    out = tmp_path / "out"
    code, err = Run(tmp_path, "convert", str(src), "-o", str(out), "--to", "json,csv", "-j", "2",
                    CRASH="crash.txt").finish()
    assert code == 2
    assert f"{src / 'crash.txt'}: its worker process died (killed by SIGKILL)" in err
    assert "5 input(s): 4 converted (0 up to date, skipped), 1 failed" in err
    assert csv_organs(out) == [f"第{n}县人民政府办公室" for n in (0, 1, 3, 4)]
    code, err = Run(tmp_path, "convert", str(src), "-o", str(out), "--to", "json,csv", "-j", "2").finish()
    assert code == 0 and "5 input(s): 5 converted (4 up to date, skipped), 0 failed" in err
    assert len(csv_organs(out)) == 5


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_no_worker_outlives_the_main_process(tmp_path, stop):
    src = reports(tmp_path / "src", ["a-stall.txt", "b-stall.txt", "c.txt"])
    run = Run(tmp_path, "convert", str(src), "-o", str(tmp_path / "out"), "-j", "2", "--time-limit", "0",
              STALL="stall")
    workers = run.stalled(2)
    assert all(alive(pid) for pid in workers) and run.process.pid not in workers
    run.process.send_signal(stop)
    code, err = run.finish()
    assert code == (128 + stop if stop == signal.SIGTERM else -stop)
    if stop == signal.SIGTERM:
        assert err.strip().endswith("xxgk: stopped by SIGTERM")
    until(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    assert leftovers(tmp_path / "out") == []


def test_a_killed_run_leaves_nothing_its_resume_does_not_clear(tmp_path):
    src = reports(tmp_path / "src", ["a.txt", "b-halfway.txt", "c.txt"])
    out = tmp_path / "out"
    run = Run(tmp_path, "convert", str(src), "-o", str(out), "--to", "json,html,csv", HALFWAY="halfway")
    run.stalled(1, "writing")
    assert len(leftovers(out)) == 1 and (out / "b-halfway.txt.json").exists()   # JSON done, HTML half-way
    run.process.kill()
    run.finish()
    code, err = Run(tmp_path, "convert", str(src), "-o", str(out), "--to", "json,html,csv").finish()
    assert code == 0 and "3 input(s): 3 converted (1 up to date, skipped), 0 failed" in err
    assert leftovers(out) == [] and len(csv_organs(out)) == 3
    named = {rel for record in (out / ".xxgk" / "records").iterdir()
             for rel in json.loads(record.read_text().splitlines()[0])["outputs"]}
    assert named == {p.relative_to(out).as_posix() for p in out.iterdir() if p.is_file()} - {"reports.csv"}
    assert "第1县人民政府办公室" in (out / "b-halfway.txt.html").read_text(encoding="utf-8")


def test_runs_into_one_out_take_turns(tmp_path):
    first = reports(tmp_path / "first", ["a-stall.txt", "b.txt"])
    second = reports(tmp_path / "second", ["c.txt", "d.txt"])
    out = tmp_path / "out"
    holder = Run(tmp_path, "convert", str(first), "-o", str(out), "--to", "json,csv", STALL="stall")
    holder.stalled(1)
    waiter = Run(tmp_path, "convert", str(second), "-o", str(out), "--to", "json,csv")
    until(lambda: "waiting for it to finish" in waiter.log.read_text(encoding="utf-8"), "the second run to wait")
    assert f"is in use by another xxgk run (process {holder.process.pid})" in waiter.log.read_text(encoding="utf-8")
    holder.go()
    assert holder.finish()[0] == 0 and waiter.finish()[0] == 0
    assert len(csv_organs(out)) == 4


def test_a_worker_deaf_to_the_time_limit_is_killed(tmp_path, monkeypatch):
    """The in-worker alarm is blocked (as a long native call would be): the pool kills the worker."""
    reports(tmp_path / "src", ["deaf.txt", "quick.txt"])
    read_source = api.read_source

    def deaf(source, **kwargs):
        if source.name.endswith("deaf.txt"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(PATIENCE)
        return read_source(source, **kwargs)

    monkeypatch.setattr(api, "read_source", deaf)          # the workers are forked with it
    monkeypatch.setattr(pool, "GRACE", 0.5)
    batch = xxgk.convert_many([str(tmp_path / "src")], tmp_path / "out", jobs=2, time_limit=0.5)
    results = {Path(r.source).name: r for r in batch.results}
    assert results["deaf.txt"].error == "timed out: its worker process was killed after 2 s (--time-limit)"
    assert results["quick.txt"].status == "converted"


def computing_forever(source, **kwargs):
    """api.read_source, except that deaf.txt computes for ever with both alarms blocked (as a
    native loop would)."""
    if source.name.endswith("deaf.txt"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGPROF})
        while True:
            pass
    return READ_SOURCE(source, **kwargs)


@pytest.mark.parametrize("jobs, names", [(2, ["deaf.txt", "quick.txt"]), (1, ["deaf.txt", "quick.txt"]),
                                         (1, ["deaf.txt"])])
def test_a_worker_computing_deaf_to_the_time_limit_is_stopped_by_the_kernel(tmp_path, monkeypatch, jobs, names):
    """Both alarms blocked while the input computes (as in a long native loop): the kernel stops the
    worker GRACE seconds of processor time past the limit (RLIMIT_CPU), long before the clock would.
    With -j 1, or a single input, too: read in a worker process while a time limit is set (it ran in
    the main process, where nothing could stop it)."""
    reports(tmp_path / "src", names)
    monkeypatch.setattr(api, "read_source", computing_forever)     # the workers are forked with it
    monkeypatch.setattr(pool, "GRACE", 1.0)
    monkeypatch.setattr(pool, "WAIT_FACTOR", PATIENCE)
    batch = xxgk.convert_many([str(tmp_path / "src")], tmp_path / "out", jobs=jobs, time_limit=1.0)
    results = {Path(r.source).name: (r.status, r.error) for r in batch.results}
    assert results == {"deaf.txt": ("failed", "timed out: its worker process was killed after 2 s of processor time "
                                              "(--time-limit)"),
                       **{name: ("converted", None) for name in names[1:]}}




def test_validate_stops_an_input_deaf_to_the_time_limit(tmp_path, monkeypatch, capsys):
    folder = reports(tmp_path / "src", ["deaf.txt", "quick.txt"])
    monkeypatch.setattr(api, "read_source", computing_forever)
    monkeypatch.setattr(pool, "GRACE", 1.0)
    monkeypatch.setattr(pool, "WAIT_FACTOR", PATIENCE)
    code = xxgk.cli.main(["validate", "--time-limit", "0.5", str(folder)])
    out, err = capsys.readouterr()
    assert code == 2 and f"{folder}/quick.txt: info TEMPLATE" in out
    assert err == (f"xxgk: {folder}/deaf.txt: timed out: its worker process was killed after 1.5 s of processor "
                   "time (--time-limit)\n")


def test_a_single_input_whose_worker_dies_fails_with_the_reason(tmp_path):
    src = reports(tmp_path / "src", ["crash.txt"])
    code, err = Run(tmp_path, "validate", str(src / "crash.txt"), CRASH="crash.txt").finish()
    assert (code, err) == (2, f"xxgk: {src / 'crash.txt'}: its worker process died (killed by SIGKILL): out of "
                              "memory, or a crash in a native library\n")


def test_a_single_input_deaf_to_the_time_limit_is_killed_on_the_clock(tmp_path, monkeypatch):
    """The worker forked for a single input is killed WAIT_FACTOR times the limit plus GRACE
    seconds after it started, and is gone when the batch ends."""
    reports(tmp_path / "src", ["deaf.txt"])
    read_source = api.read_source

    def deaf(source, **kwargs):
        (tmp_path / "worker").write_text(str(os.getpid()))
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(PATIENCE)
        return read_source(source, **kwargs)

    monkeypatch.setattr(api, "read_source", deaf)
    monkeypatch.setattr(pool, "GRACE", 0.5)
    (result,) = xxgk.convert_many([str(tmp_path / "src")], tmp_path / "out", time_limit=0.5).results
    assert result.error == "timed out: its worker process was killed after 2 s (--time-limit)"
    worker = int((tmp_path / "worker").read_text())
    assert worker != os.getpid() and not alive(worker)


def test_a_single_input_reads_the_same_in_its_worker_as_in_this_process(capsys):
    sample = str(SEEDS[0])
    shown = {}
    for limit in ("5", "0"):
        code = xxgk.cli.main(["validate", "--format", "json", "--time-limit", limit, sample])
        shown[limit] = (code, capsys.readouterr())
    assert shown["5"] == shown["0"]
    assert '"rule": "TEMPLATE"' in shown["5"][1].out


def test_a_result_that_cannot_cross_to_the_main_process_is_an_internal_error():
    task = Task("report.txt", "report.txt", "report.txt")
    lost = pool.run([task], lambda task: (lambda: None), 1, 5.0, lambda task, reason: reason)
    assert list(lost) == ["internal error: AttributeError: Can't pickle local object "
                          "'test_a_result_that_cannot_cross_to_the_main_process_is_an_internal_error.<locals>."
                          "<lambda>.<locals>.<lambda>'"]


def test_a_pdf_stopped_by_the_time_limit_is_a_time_out(tmp_path, monkeypatch):
    """Not "corrupt PDF": the reader's own `except Exception` cannot catch the time-out."""
    import pdfplumber

    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.7\n")
    monkeypatch.setattr(pdfplumber, "open", lambda *args, **kwargs: time.sleep(PATIENCE))
    (result,) = xxgk.convert_many([str(tmp_path / "r.pdf")], tmp_path / "out", time_limit=0.3).results
    assert result.error == "timed out: not done after 0.9 s (--time-limit, waiting)"
