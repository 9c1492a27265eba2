"""pandas: `xxgk.to_dataframe` gives the CSV's columns and values with proper dtypes, and
`xxgk.read_dataset` loads a converted batch from its records."""
from __future__ import annotations

import csv
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import xxgk
from xxgk.cli import main
from xxgk.errors import WriteError, XxgkError

from conftest import SAMPLES, sample_text

INPUTS = sorted([p.name for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith(".")] + ["broken.pdf"])


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, Path]:
    """A folder holding samples/ (the samples and a broken PDF), and the batch converted from it."""
    base = tmp_path_factory.mktemp("frames")
    (base / "samples").mkdir()
    for name in INPUTS:
        if name != "broken.pdf":
            shutil.copy(SAMPLES / name, base / "samples" / name)
    (base / "samples" / "broken.pdf").write_bytes((SAMPLES / "hongze-2023.pdf").read_bytes()[:5000])
    assert main(["convert", str(base / "samples"), "-o", str(base / "out"), "--to", "csv", "-q"]) == 2
    return base, base / "out"


@pytest.fixture(scope="module")
def frame(converted) -> pd.DataFrame:
    base, _ = converted
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        return xxgk.to_dataframe([f"samples/{name}" for name in INPUTS])


def test_to_dataframe_has_the_csvs_columns_dtypes_and_values(converted, frame):
    with open(converted[1] / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(frame.columns) == list(rows[0]) and len(frame) == len(rows) == len(INPUTS)
    assert {str(frame[c].dtype) for c in ("source", "organ", "template", "reader", "status", "reason", "rules")} == \
        {"string"}
    assert {frame[c].dtype for c in ("year", "errors", "warnings", "t3.new_received.total", "t2.licensing.change")} == \
        {pd.Int64Dtype()}
    assert frame["t2.fees.amount"].dtype == frame["t2.procurement.amount"].dtype == pd.ArrowDtype(pa.decimal128(24, 6))
    for i, row in enumerate(rows):
        for name, text in row.items():
            value = frame.at[i, name]
            if text == "":
                assert pd.isna(value), (row["source"], name)
            elif isinstance(value, str):
                assert value == text, (row["source"], name)
            else:
                assert Decimal(str(value)) == Decimal(text), (row["source"], name)
    hongze = frame.set_index("source").loc["samples/hongze-2023.pdf"]
    assert (hongze["t2.fees.amount"], hongze["errors"], hongze["rules"]) == (Decimal("7730.28"), 2, "T4-TOTAL")
    assert frame["t3.new_received.total"].sum() == sum(int(r["t3.new_received.total"] or 0) for r in rows)
    broken = frame.set_index("source").loc["samples/broken.pdf"]
    assert broken["status"] == "failed" and broken["reason"].startswith("corrupt PDF") and pd.isna(broken["errors"])


def test_read_dataset_loads_the_batch_from_its_records(converted, frame):
    pd.testing.assert_frame_equal(xxgk.read_dataset(converted[1]), frame)


def test_to_dataframe_takes_reports(frame):
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    one = xxgk.to_dataframe(report)
    assert list(one.columns) == list(frame.columns) and one.at[0, "source"] == report.meta.source
    assert (one.at[0, "organ"], one.at[0, "errors"], one.at[0, "t3.new_received.total"]) == (
        "淮安市洪泽区人民政府", 2, 21)


def test_read_dataset_of_a_folder_that_holds_no_batch(tmp_path):
    with pytest.raises(XxgkError, match="holds no converted batch"):
        xxgk.read_dataset(tmp_path)


def test_without_pandas_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install "xxgk\[pandas\]"'):
        xxgk.to_dataframe([SAMPLES / "004_12d7c137f1960f71.txt"])


def test_an_amount_finer_than_the_fen_is_named_not_rounded(tmp_path, capsys):
    text = sample_text("004_12d7c137f1960f71").replace("行政事业性收费\t0", "行政事业性收费\t0.12345678", 1)
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    message = "r.txt: t2.fees.amount = 0.12345678 万元 is finer than the fen (6 decimal places)"
    with pytest.raises(WriteError, match=re.escape(message)):
        xxgk.to_dataframe([tmp_path / "r.txt"])
    assert main(["convert", str(tmp_path / "r.txt"), "-o", str(tmp_path / "out"), "--to", "csv,parquet", "-q"]) == 2
    assert message in capsys.readouterr().err
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.DictReader(fh))["t2.fees.amount"] == "0.12345678"   # the CSV holds it as read


def test_to_dataframe_applies_the_batch_rules_as_a_batch_does(tmp_path):
    """Two years of one organ whose 上年结转 differs from the year before's 结转下年度: the
    DataFrame counts the CROSS-YEAR warning on the later report as reports.csv does."""
    from reportgen import consistent_values, report_text

    (tmp_path / "in").mkdir()
    for year, seed in ((2023, 1), (2024, 2)):
        (tmp_path / "in" / f"{year}.txt").write_text(report_text(consistent_values(seed), year=year), encoding="utf-8")
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "csv", "-q"]) in (0, 1)
    with open(tmp_path / "out" / "reports.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    frame = xxgk.to_dataframe(sorted((tmp_path / "in").iterdir()))
    assert [r["rules"] for r in rows][1].split(";").count("CROSS-YEAR") == 1
    assert list(frame["rules"]) == [r["rules"] or pd.NA for r in rows]
    assert list(frame["warnings"]) == [int(r["warnings"]) for r in rows]
