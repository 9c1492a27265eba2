"""Batches on a Dask cluster (the `dask` extra: pip install "xxgk[dask]").

Workers run the same per-file job as a local batch (`xxgk.batch.convert_one`), handed the input's
path or URL, never its bytes, so sources and OUTDIR must be reachable from every worker: a shared
folder, or fsspec URLs (s3://…). Resume, summary and findings file are the local batch's. The
combined datasets (CSV, Parquet) are written per partition by the workers, from the per-file
records, and merged into one file at the end; the cross-year rules run on the collected results.

    from xxgk.dask import convert
    results = convert(["s3://bucket/reports/"], outdir="s3://bucket/out", client=client)
    results.compute()   # a Dask bag of per-file results (dicts)
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace

from . import batch, manager
from .batch import FileResult, Options
from .inputs import Task, plan
from .storage import Folder, local_folder, open_bytes

PARTITION = 500        # reports per partition of a combined dataset
WINDOW = 8             # tasks in flight per worker thread
PARTS = f"{batch.STATE}/parts"
MERGEABLE = ("csv", "parquet")   # datasets written in parts; any other is written whole at the end
# A local cluster shares its cores with the conversions: its processes' periodic bookkeeping
# (statistical profiler, event-loop ticks, system and memory monitors, work stealing) is slowed
# down or off, which a batch of equal, independent tasks does not need.
QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False,
                 "distributed.admin.system-monitor.interval": "5s", "distributed.admin.tick.interval": "1s",
                 "distributed.worker.memory.monitor-interval": "2s", "distributed.scheduler.work-stealing": False}


@contextmanager
def connect(scheduler: str):
    """A Client for `tcp://host:port` (a running scheduler) or `local:N` (a LocalCluster of N worker
    processes on 127.0.0.1, closed afterwards)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        workers = int(scheduler.split(":", 1)[1])
        with dask.config.set(QUIET_WORKERS), LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                          host="127.0.0.1", dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
    else:
        with Client(scheduler) as client:
            yield client


def run(tasks: list[Task], options: Options, client) -> Iterator[FileResult]:
    """Each task converted on the cluster, yielded as it finishes (a bounded number in flight)."""
    from distributed import as_completed

    fact_keys = manager.default().registry.batch_fact_keys()
    in_flight = max(1, sum(client.nthreads().values())) * WINDOW
    queue = iter(tasks)
    running = as_completed()
    sources = {}

    def submit(task: Task) -> None:
        future = client.submit(batch.convert_one, task, options, fact_keys, pure=False)
        sources[future.key] = task.source
        running.add(future)

    for task in queue:
        submit(task)
        if running.count() >= in_flight:
            break
    for future in running:
        source = sources.pop(future.key)
        try:
            yield future.result()
        except Exception as exc:   # the task itself never raises: its worker died (KilledWorker) or was lost
            yield FileResult(source, "failed", f"worker lost: {type(exc).__name__}: {exc}")
        future.release()
        following = next(queue, None)
        if following is not None:
            submit(following)


def finish(results: list[FileResult], options: Options, client, findings_out: str | None = None):
    """The local batch's finish, with the combined datasets written per partition on the cluster."""
    combined = [name for name in options.formats if name in MERGEABLE]
    local = replace(options, formats=tuple(n for n in options.formats if n not in combined))
    records = [r.record for r in sorted(results, key=lambda r: r.source) if r.record]
    for name in combined:
        if records:
            write_combined(name, records, options.outdir, client)
    return batch.finish(results, local, findings_out)


def write_combined(name: str, records: list[str], outdir: str, client) -> str:
    """One combined file (reports.csv, reports.parquet) from per-partition parts written by workers."""
    chunks = [records[i:i + PARTITION] for i in range(0, len(records), PARTITION)]
    futures = [client.submit(write_part, name, chunk, outdir, n, pure=False) for n, chunk in enumerate(chunks)]
    parts = client.gather(futures)
    extension = manager.default().registry.writer(name).extension
    return Folder(outdir).write(f"reports{extension}", lambda out: merge(name, parts, out))


def write_part(name: str, records: list[str], outdir: str, number: int) -> str:
    """A worker's part of a combined dataset: the reports of `records`, in order."""
    writer = manager.default().registry.writer(name)
    write_all = writer.write_all
    assert write_all is not None
    reports = (batch.load_record(record)[0] for record in records)
    return Folder(outdir).write(f"{PARTS}/{name}-{number:05d}{writer.extension}", lambda out: write_all(reports, out))


def merge(name: str, parts: list[str], out) -> None:
    """Concatenate the parts of a combined dataset: CSV without the repeated headers, Parquet by
    row groups."""
    if name == "csv":
        for n, part in enumerate(parts):
            data = open_bytes(part)
            out.write(data if n == 0 else data.partition(b"\n")[2])
        return
    import pyarrow.parquet as pq

    tables = [pq.read_table(io.BytesIO(open_bytes(part))) for part in parts]
    with pq.ParquetWriter(out, tables[0].schema) as writer:
        for table in tables:
            writer.write_table(table)


def convert(inputs: list[str], outdir: str, formats: tuple[str, ...] = ("json",), *, client, force: bool = False):
    """A Dask bag of per-file results (FileResult as dicts) converting `inputs` to `outdir` on the
    client's cluster; nothing runs until it is computed. Combined datasets are not written here."""
    import dask.bag as db

    options = Options(outdir, tuple(formats), force)
    tasks = plan(inputs, manager.default().registry, exclude=local_folder(outdir))
    fact_keys = manager.default().registry.batch_fact_keys()
    workers = max(1, sum(client.nthreads().values()))
    bag = db.from_sequence(tasks, npartitions=max(1, min(len(tasks), workers * WINDOW)))
    return bag.map(batch.convert_one, options, fact_keys).map(asdict)
