"""Throughput of plain-text reports in-process, and start-up: whole `xxgk` processes on one small report.

    python benchmarks/bench_text.py [--reports 400] [--startup-runs 10] [--seeds 5]

Start-up runs fresh processes of `xxgk validate one.txt` and `xxgk convert one.txt --to json` (with
the default time limit: a worker process forked for the input), interleaved with `python -c pass`,
`import xxgk` and `xxgk --version` as baselines, a round of each at a time; it prints the median and
range of each, on the clock and in processor time (the process and its children). xxgk runs as users
install it (`pip install .`): a wheel of this checkout installed into a temporary virtual environment
that takes the dependencies from this one (an editable install adds its import finder to every
start; --editable measures this environment as it is). Python's bytecode caches and xxgk's
entry-point cache are written by a first, untimed round (into a temporary folder:
PYTHONPYCACHEPREFIX, XDG_CACHE_HOME), as they are once xxgk is installed and has run once;
PYTHONDONTWRITEBYTECODE is dropped, or every run would compile every module.

--breakdown adds where the processor time of one `xxgk validate --time-limit 0 one.txt` process (the
work in the process itself, no worker) goes: compiling regular expressions and making dataclasses, the
two costs Python 3.11 spends in pure Python at every start.

Targets: >= 200 seed-sized reports per second on one core; `xxgk validate one.txt` under 0.1 s (not met:
167 ms; where it goes, and why it stays above 0.1 s: the README's table).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import site
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xxgk  # noqa: E402
from xxgk.registry import Source  # noqa: E402

from reportgen import LAYOUTS, consistent_values, report_text  # noqa: E402
from timing import SEEDS, across_seeds  # noqa: E402


def corpus(n: int) -> list[Source]:
    """Seed-sized reports: the samples, then generated ones in every layout."""
    sources = [Source(p.read_bytes(), p.name) for p in sorted((ROOT / "samples").glob("*.txt"))]
    i = 0
    while len(sources) < n:
        layout = LAYOUTS[i % len(LAYOUTS)]
        text = report_text(consistent_values(i, 1 if layout == "runs" else 30), layout)
        sources.append(Source(text.encode("utf-8"), f"gen-{i}.txt"))
        i += 1
    return sources[:n]


def throughput(sources: list[Source]) -> float:
    xxgk.validate(xxgk.read_source(sources[0]))   # load plugins outside the clock
    start = time.perf_counter()
    for source in sources:
        xxgk.validate(xxgk.read_source(source))
    return len(sources) / (time.perf_counter() - start)


def startup_commands(folder: Path) -> dict[str, list[str]]:
    """What follows `python` in each start-up run: the baselines, then xxgk on one small report."""
    report = str(sorted((ROOT / "samples").glob("*.txt"))[0])
    return {
        "python -c pass": ["-c", "pass"],
        "import xxgk": ["-c", "import xxgk"],
        "xxgk --version": ["-m", "xxgk", "--version"],
        "xxgk validate one.txt": ["-m", "xxgk", "validate", report],
        "xxgk convert one.txt": ["-m", "xxgk", "convert", report, "-o", str(folder / "out"), "--to", "json",
                                 "--force", "-q"],
    }


def installed(folder: Path) -> str:
    """The Python of a virtual environment in `folder` holding a wheel of this checkout, built and
    installed as `pip install .` does, and this environment's packages (its site-packages, named in
    a .pth file) for the dependencies."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder / "wheel"),
                    str(ROOT)], check=True)
    venv.EnvBuilder(with_pip=False).create(folder / "venv")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--ignore-installed",
                    "--no-warn-script-location", "--prefix", str(folder / "venv"),
                    *map(str, (folder / "wheel").glob("xxgk-*.whl"))], check=True)
    python = folder / "venv" / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (Path(purelib) / "dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(ours)))
    return str(python)


@contextmanager
def environment(editable: bool) -> Iterator[tuple[str, dict[str, str], Path]]:
    """(the Python to run, its environment, a scratch folder): xxgk as `installed` unless `editable`
    (this environment's Python); bytecode and the entry-point cache written in the scratch folder."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        python = sys.executable if editable else installed(folder)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": str(folder / "pycache"), "XDG_CACHE_HOME": str(folder / "cache")}
        yield python, env, folder


def startup(runs: int, python: str, env: dict[str, str], folder: Path) -> dict[str, list[tuple[float, float]]]:
    """(seconds on the clock, seconds of processor time) of each start-up command, `runs` times,
    the commands interleaved, after an untimed round that writes the caches."""
    commands = startup_commands(folder)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for round in range(runs + 1):
        for name, args in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([python, *args], env=env, capture_output=True, cwd=folder)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode not in (0, 1):   # 1: the report has error findings
                raise RuntimeError(f"{name}: exit {done.returncode}: {done.stderr.decode()}")
            if round:
                times[name].append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    return times


# Run by the installed Python with the report's path: the whole process's processor time, and the part of
# it spent compiling patterns (re's compiler, pure Python) and making dataclasses (code generated and
# compiled by `exec`), in seconds, as JSON.
BREAKDOWN = """
import dataclasses, json, re._compiler, resource, sys, time
spent = {"patterns": 0.0, "dataclasses": 0.0}
def timed(part, fn):
    def run(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[part] += time.process_time() - start
    return run
re._compiler.compile = timed("patterns", re._compiler.compile)
dataclasses._process_class = timed("dataclasses", dataclasses._process_class)
from xxgk.cli import main
main(["validate", "--time-limit", "0", sys.argv[1]])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"process": usage.ru_utime + usage.ru_stime, **spent}), file=sys.__stderr__)
"""


def breakdown(runs: int, python: str, env: dict[str, str], folder: Path) -> dict[str, list[float]]:
    """Seconds of processor time of `BREAKDOWN`'s parts over `runs` processes (after one more that
    writes the caches)."""
    report = str(sorted((ROOT / "samples").glob("*.txt"))[0])
    parts: dict[str, list[float]] = {}
    for round in range(runs + 1):
        done = subprocess.run([python, "-c", BREAKDOWN, report], env=env, capture_output=True, text=True, cwd=folder)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"breakdown: exit {done.returncode}: {done.stderr}")
        if round:
            for name, value in json.loads(done.stderr.splitlines()[-1]).items():
                parts.setdefault(name, []).append(value)
    return parts


def spread(values: list[float]) -> str:
    """Median and range, in milliseconds."""
    return f"{1000 * statistics.median(values):5.0f} ms ({1000 * min(values):.0f}-{1000 * max(values):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=SEEDS, help="processes, one per string-hash seed")
    parser.add_argument("--editable", action="store_true",
                        help="start-up of xxgk as installed in this environment, not of a wheel of it")
    parser.add_argument("--breakdown", action="store_true",
                        help="also where one in-process validate's processor time goes (patterns, dataclasses)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps({"rate": throughput(corpus(args.reports))}))
        return
    rates = sorted(run["rate"] for run in across_seeds(__file__, ["--reports", str(args.reports)], args.seeds))
    print(f"read+validate: median {statistics.median(rates):.0f} reports/s in-process on one core, range "
          f"{rates[0]:.0f}-{rates[-1]:.0f} over {len(rates)} processes ({args.reports} reports; target >= 200)")
    print(f"start-up ({'this environment' if args.editable else 'a wheel in a temporary virtual environment'}): "
          f"median (range) of {args.startup_runs} processes each, interleaved; target: xxgk validate one.txt < 100 ms")
    with environment(args.editable) as (python, env, folder):
        for name, runs in startup(args.startup_runs, python, env, folder).items():
            print(f"  {name:22s} clock {spread([w for w, _ in runs])}   processor {spread([cpu for _, cpu in runs])}")
        if args.breakdown:
            print(f"where the processor time of `xxgk validate --time-limit 0 one.txt` goes, {args.startup_runs} "
                  "processes:")
            for name, values in breakdown(args.startup_runs, python, env, folder).items():
                print(f"  {name:22s} {spread(values)}")


if __name__ == "__main__":
    main()
