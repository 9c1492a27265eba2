"""The seed reports against their hand-checked values, and against golden report JSON."""
from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest

import xxgk

from conftest import EXPECTED, SEEDS, rules

GOLDEN = EXPECTED.parent.parent / "golden"
REGENERATE = os.environ.get("XXGK_REGENERATE_GOLDEN") == "1"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_hand_checked_values(path):
    expected = json.loads((EXPECTED / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    report = xxgk.read(path)
    cells = report.cells()
    wrong = {k: (v, cells.get(k)) for k, v in expected["cells"].items()
             if cells.get(k) != (Decimal(str(v)) if k == "t2.fees.amount" and v is not None else v)}
    assert wrong == {}
    assert report.meta.organ == expected["meta"]["organ"]
    assert report.meta.year == expected["meta"]["year"]
    found = rules(xxgk.validate(report))
    assert set(expected["findings"]["must"]) <= found
    assert not set(expected["findings"]["must_not"]) & found


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_golden_report(path):
    report = xxgk.read(path)
    report.meta.source = path.name
    got = report.to_dict()
    golden = GOLDEN / f"{path.stem}.json"
    if REGENERATE:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_golden_regeneration_is_off():
    assert not REGENERATE, "XXGK_REGENERATE_GOLDEN=1 rewrites the golden files: unset it and rerun"


@pytest.mark.parametrize("twin, seed, reader", [
    ("xigong-2024-portal.html", "004_12d7c137f1960f71", "html"),   # a GB2312 portal page in Word HTML
    ("baiyu-2023.docx", "003_dfbb28bce6ca2542", "docx"),           # the official template in Word
])
def test_sample_has_the_values_of_its_text_twin(twin, seed, reader):
    expected = json.loads((EXPECTED / f"{seed}.expected.json").read_text(encoding="utf-8"))
    report = xxgk.read(SEEDS[0].parent / twin)
    assert report.meta.reader == reader
    assert {k: v for k, v in report.cells().items() if k != "t2.fees.amount"} == \
        {k: v for k, v in expected["cells"].items() if k != "t2.fees.amount"}
    assert report.value("t2.fees.amount") == Decimal(0)
    assert (report.meta.organ, report.meta.year) == (expected["meta"]["organ"], expected["meta"]["year"])
