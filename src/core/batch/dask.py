"""Batches on a Dask cluster (the `dask` extra: pip install "xxgk[dask]").

Workers run the same per-file job as a local batch (`xxgk.batch.convert_one`), handed the input's
path or URL, never its bytes, so sources and OUTDIR must be reachable from every worker: a shared
folder, or fsspec URLs (s3://…). Everything else is the local batch's (`xxgk.convert_many(...,
client=client)`): OUT held, records, names, resume, summary, findings file. The combined datasets
(CSV, Parquet) are written per partition by the workers, from the records, and merged into one file
at the end.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Generator
from contextlib import contextmanager

from .. import manager
from ..dataset import Settings
from ..errors import UsageError
from ..model import Finding
from .combined import Contents, entries, write_dataset
from .inputs import Task
from .job import convert_one
from .options import FileResult, Options
from .outdir import PARTS
from .storage import Folder

PARTITION = 500        # reports per partition of a combined dataset
WINDOW = 8             # tasks in flight per worker thread
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
        try:
            client = Client(scheduler)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        with client:
            yield client


def run(tasks: list[Task], options: Options, client, fact_keys: tuple[str, ...],
        lost: Callable[[Task, str], FileResult]) -> Generator[FileResult, None, None]:
    """Each task converted on the cluster, yielded as it finishes (a bounded number in flight);
    `lost(task, reason)` makes the result of a task whose worker died or was lost."""
    from distributed import as_completed

    in_flight = max(1, sum(client.nthreads().values())) * WINDOW
    queue = iter(tasks)
    running = as_completed()
    submitted = {}

    def submit(task: Task) -> None:
        future = client.submit(convert_one, task, options, fact_keys, pure=False)
        submitted[future.key] = task
        running.add(future)

    for task in queue:
        submit(task)
        if running.count() >= in_flight:
            break
    try:
        for future in running:
            task = submitted.pop(future.key)
            try:
                yield future.result()
            except Exception as exc:   # the task itself never raises: its worker died (KilledWorker) or was lost
                yield lost(task, f"its Dask worker was lost: {type(exc).__name__}: {exc}")
            future.release()
            following = next(queue, None)
            if following is not None:
                submit(following)
    finally:
        client.cancel(list(running.futures))


def dataset_writer(client):
    """A dataset writer (see `xxgk.batch.combined.finish`) that has the cluster write CSV and
    Parquet in partitions and merges them; any other format is written whole."""
    def write(name: str, held: Contents, outdir: str, settings: Settings) -> set[str]:
        names = held.records
        if name not in MERGEABLE or not names:
            return write_dataset(name, held, outdir, settings)
        chunks = [names[i:i + PARTITION] for i in range(0, len(names), PARTITION)]
        futures = [client.submit(write_part, name, chunk, {r: held.added[r] for r in chunk if r in held.added},
                                 outdir, settings, n, pure=False) for n, chunk in enumerate(chunks)]
        written = client.gather(futures)
        extension = manager.default().registry.writer(name).extension
        folder = Folder(outdir)
        folder.write(f"reports{extension}", lambda out: merge(name, folder, [part for part, _ in written], out))
        return {record for _, damaged in written for record in damaged}
    return write


def write_part(name: str, names: list[str], added: dict[str, list[Finding]], outdir: str, settings: Settings,
               number: int) -> tuple[str, set[str]]:
    """A worker's part of a combined dataset: the entries of the records `names`, in order, with the
    batch rules' findings `added` to them. Returns the part's path below OUT and the records that
    could not be read."""
    writer = manager.default().registry.writer(name)
    write_all = writer.write_all
    assert write_all is not None
    folder = Folder(outdir)
    part = f"{PARTS}/{name}-{number:05d}{writer.extension}"
    damaged: set[str] = set()
    folder.write(part, lambda out: write_all(entries(folder, names, added, damaged), out, settings))
    return part, damaged


def merge(name: str, folder: Folder, parts: list[str], out) -> None:
    """Concatenate the parts of a combined dataset: CSV without the repeated headers (the first
    part's byte-order mark, if any, begins the file), Parquet by row groups."""
    if name == "csv":
        for n, part in enumerate(parts):
            with folder.open(part) as fh:
                if n:
                    fh.readline()
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    out.write(chunk)
        return
    import pyarrow.parquet as pq

    writer = None
    for part in parts:
        with folder.open(part) as fh:
            table = pq.read_table(io.BytesIO(fh.read()))
        writer = writer or pq.ParquetWriter(out, table.schema)
        writer.write_table(table)
    if writer is not None:
        writer.close()
