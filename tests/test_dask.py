"""Batches on Dask: a LocalCluster of 2 worker processes on 127.0.0.1 gives the local batch's outputs,
summary, findings and resume; fsspec URLs for sources and outputs; the Python API's bag."""
from __future__ import annotations

import codecs
import csv
import json

import dask
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

import xxgk
import xxgk.batch.dask
from xxgk.batch.storage import Folder
from xxgk.cli import main
from xxgk.errors import WriteError

import hostile
from batchkit import report
from boundkit import timed_out
from conftest import digest


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as connected:
        yield connected


FAILING = ("broken.pdf.json", "gone.docx.json")   # records of the tree's inputs that fail, remade on every run


def convert(args, capsys) -> tuple[int, list[str]]:
    """The exit code and the messages (sorted: failures are named in the order inputs finish)."""
    code = main(["convert", *args])
    return code, sorted(capsys.readouterr().err.splitlines())


def relative(folder) -> dict[str, str]:
    """Digests of a batch's outputs by path below the folder (the per-partition parts left out)."""
    return {p[len(str(folder)):]: h for p, h in digest(folder).items() if "/.xxgk/parts/" not in p}


def test_cluster_batch_equals_local_batch_and_resumes_alike(tree, tmp_path, capsys):
    runs = {}
    for name, extra in (("local", ["-j", "2"]), ("dask", ["--scheduler", "local:2"])):
        out = tmp_path / name
        args = [str(tree), "-o", str(out), "--to", "json,csv,parquet,html", "--findings-out", str(out) + ".jsonl"]
        first = convert([*args, *extra], capsys)
        stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name not in FAILING}
        again = convert([*args, *extra], capsys)
        assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name not in FAILING} == stamps
        runs[name] = (first, again, relative(out), (tmp_path / f"{name}.jsonl").read_bytes())
    assert runs["dask"] == runs["local"]
    (code, summary), (_, resumed), outputs, _ = runs["dask"]
    assert code == 2 and "xxgk: 10 input(s): 8 converted (0 up to date, skipped), 2 failed" in summary
    assert "xxgk: 10 input(s): 8 converted (8 up to date, skipped), 2 failed" in resumed
    assert {"/reports.csv", "/reports.parquet", "/a/hongze-2023.pdf.json"} <= set(outputs)


def test_fsspec_urls_for_sources_and_outputs(tree, tmp_path, capsys):
    """local:// goes through fsspec (as s3:// would); file:// is a plain local path."""
    code, _ = convert([f"local://{tree}/a", "-o", f"local://{tmp_path}/out", "--to", "json,csv",
                       "--scheduler", "local:2"], capsys)
    assert code == 2   # broken.pdf
    assert (tmp_path / "out" / "hongze-2023.pdf.json").exists()
    assert len((tmp_path / "out" / "reports.csv").read_text(encoding="utf-8").splitlines()) == 1 + 7   # broken.pdf too
    code, _ = convert([f"file://{tree}/b/deep", "-o", f"file://{tmp_path}/plain", "--to", "json"], capsys)
    assert code == 0 and (tmp_path / "plain" / "report.txt.json").exists()


def test_python_api_on_a_cluster(tree, tmp_path, client):
    batch = xxgk.convert_many([str(tree / "a")], str(tmp_path / "out"), ("json",), client=client)
    results = {r.source.rsplit("/", 1)[1]: r for r in batch.results}
    assert results["broken.pdf"].status == "failed" and "corrupt PDF" in results["broken.pdf"].error
    assert results["hongze-2023.pdf"].status == "converted" and results["hongze-2023.pdf"].rules["T4-TOTAL"] == 2
    assert (tmp_path / "out" / "hongze-2023.pdf.json").exists()


def test_datasets_written_in_several_partitions_equal_the_local_ones(tree, tmp_path, client, monkeypatch):
    monkeypatch.setattr(xxgk.batch.dask, "PARTITION", 3)   # 10 inputs (2 failed): parts of 3, 3, 3 and 1
    outputs = {}
    for name in ("local", "dask"):
        xxgk.convert_many([str(tree)], tmp_path / name, ("json", "csv", "parquet"),
                          client=client if name == "dask" else None)
        outputs[name] = ((tmp_path / name / "reports.csv").read_bytes(),
                         pq.read_table(tmp_path / name / "reports.parquet"))
    assert len(list((tmp_path / "dask" / ".xxgk" / "parts").glob("csv-*.csv"))) == 4
    assert outputs["dask"][0] == outputs["local"][0] and len(outputs["dask"][0].splitlines()) == 1 + 10
    assert outputs["dask"][0].startswith(codecs.BOM_UTF8 + b"source,")
    assert outputs["dask"][0].count(codecs.BOM_UTF8) == 1   # only the first part's
    assert outputs["dask"][1].equals(outputs["local"][1])   # the same rows, in three row groups
    assert outputs["dask"][1].column("t2.fees.amount").to_pylist()[0] is not None


def test_remote_output_names_stay_inside_the_folder():
    folder = Folder("memory://bucket/out")
    assert folder.path("a/report.pdf.json").endswith("/bucket/out/a/report.pdf.json")
    for escaping in ("../elsewhere.json", "a/../../elsewhere.json", "/etc/passwd"):
        with pytest.raises(WriteError, match="leaves"):
            folder.path(escaping)
    folder.write("a/x.json", lambda out: out.write(b"{}"))
    with folder.open("a/x.json") as fh:
        assert fh.read() == b"{}"


def test_standard_input_is_refused_on_a_cluster(tmp_path, capsys):
    assert main(["convert", "-", "-o", str(tmp_path / "out"), "--scheduler", "local:1"]) == 2
    assert "standard input cannot be handed to Dask workers" in capsys.readouterr().err


def crash_on(name: str) -> None:
    """Run on every worker: reading an input whose name ends with `name` kills the worker process."""
    import os
    import signal

    from xxgk import api

    read_source = api.read_source

    def reading(source, **kwargs):
        if source.name.endswith(name):
            os.kill(os.getpid(), signal.SIGKILL)
        return read_source(source, **kwargs)

    api.read_source = reading


def test_a_lost_worker_fails_its_input_and_the_dataset_keeps_every_report(tree, tmp_path):
    out = tmp_path / "out"
    xxgk.convert_many([str(tree / "b" / "deep")], out, ("json", "csv"))          # an earlier local run
    # a task fails at its first lost worker, and a worker holds one task at a time: only the culprit fails
    one_chance = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(one_chance), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(crash_on, "a/report.html")
        batch = xxgk.convert_many([str(tree / "a")], out, ("json", "csv"), client=client)
    results = {r.source.rsplit("/", 1)[1]: r for r in batch.results}
    assert results["report.html"].status == "failed"
    assert results["report.html"].error.startswith("its Dask worker was lost: KilledWorker")
    assert json.loads((out / ".xxgk" / "records" / "report.html.json").read_text())["status"] == "failed"
    with open(out / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {row["source"]: row for row in csv.DictReader(fh)}
    assert len(rows) == 8 and rows["deep/report.txt"]["status"] == "converted"   # the earlier run's report is kept
    assert rows["a/report.html"]["status"] == "failed"
    assert rows["a/report.html"]["reason"].startswith("its Dask worker was lost")


def test_the_time_limit_stops_a_file_on_a_dask_worker(tmp_path, client):
    """A Dask worker runs each file in a thread, where no alarm reaches: the file's thread's own
    processor time is watched, and the looping PDF fails as timed out while the others convert."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "loop.pdf").write_bytes(hostile.self_referring_length_pdf())
    (folder / "good.txt").write_text(report(0), encoding="utf-8")
    batch = xxgk.convert_many([str(folder)], tmp_path / "out", "json", client=client, time_limit=2)
    results = {r.source.rsplit("/", 1)[1]: r for r in batch.results}
    assert results["loop.pdf"].error in timed_out(2)
    assert results["good.txt"].status == "converted"
