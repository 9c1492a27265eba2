"""The .doc reader, checked with xxgk's conformance kit and on real values."""
from __future__ import annotations

from pathlib import Path

import pytest
import xxgk_doc

import xxgk
from xxgk.errors import ReadError
from xxgk.registry import Source
from xxgk.testing import check_reader

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["baiyu-2023.doc", "baiyu-2023.rtf"])
def test_conformance(xxgk_plugins, name):
    doc = check_reader(xxgk_plugins, "doc", (DATA / name).read_bytes(), name)
    assert doc.reader == "doc"


@pytest.mark.parametrize("name", ["baiyu-2023.doc", "baiyu-2023.rtf"])
def test_cells_and_findings(name):
    report = xxgk.read(DATA / name)
    assert (report.meta.organ, report.meta.year) == ("白玉县人民政府办公室", 2023)
    assert report.value("t2.normative_documents.issued") == 2 and report.value("t3.new_received.total") == 0
    assert all(v is not None for v in report.cells().values())
    assert "PROSE-TABLE" in {f.rule for f in xxgk.validate(report)}   # 收到申请4项 against a table of 0


def test_clear_error_without_libreoffice(monkeypatch):
    monkeypatch.setattr(xxgk_doc, "soffice", lambda: None)
    with pytest.raises(ReadError, match="needs LibreOffice"):
        xxgk_doc.read(Source((DATA / "baiyu-2023.doc").read_bytes(), "report.doc"))
