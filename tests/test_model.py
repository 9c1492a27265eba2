"""The model: exact JSON round trip, schema version, schema validity."""
from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest

import xxgk
from xxgk.model import SCHEMA_VERSION, Report
from xxgk.schema import json_schema

from conftest import SEEDS, read_text
from reportgen import report_text, zero_values


def reports():
    values = zero_values()
    values["t2.fees.amount"] = "7730.28"
    values["t3.new_received.commercial"] = None
    yield read_text(report_text(values, "tabs"))
    too_many = report_text(zero_values(), "lines").replace("规章\n\n0\n\n0\n\n0", "规章\n\n1\n\n2\n\n3\n\n4", 1)
    yield read_text(too_many, name="too-many.txt")   # an ambiguity with no candidate split
    for path in SEEDS:
        yield xxgk.read(path)


@pytest.mark.parametrize("report", list(reports()), ids=lambda r: r.meta.source)
def test_json_round_trip_is_exact(report):
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    again = Report.from_dict(data)
    assert again == report
    assert again.to_dict() == data


def test_decimal_fee_survives_exactly():
    values = zero_values()
    values["t2.fees.amount"] = "7730.28"
    report = read_text(report_text(values, "tabs"))
    data = report.to_dict()
    assert data["tables"]["t2"]["cells"]["t2.fees.amount"]["value"] == "7730.28"
    assert Report.from_dict(data).value("t2.fees.amount") == Decimal("7730.28")


@pytest.mark.parametrize("report", list(reports()), ids=lambda r: r.meta.source)
def test_report_json_is_valid_against_the_schema(report):
    jsonschema.validate(report.to_dict(), json_schema())


def test_schema_rejects_what_the_model_does_not_allow():
    data = xxgk.read(SEEDS[0]).to_dict()
    data["tables"]["t2"]["cells"]["t2.licensing.decisions"]["value"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())
    with pytest.raises(ValueError, match="schema"):
        Report.from_dict({**data, "schema": "xxgk.report/0"})


def test_schema_carries_the_version():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["Report"]["properties"]["schema"] == {"const": SCHEMA_VERSION}


def test_flat_cells_view_has_every_key_in_spec_order():
    cells = xxgk.read(SEEDS[0]).cells()
    keys = list(cells)
    assert len(keys) == 200
    assert keys[:3] == ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force"]
    assert keys[10] == "t3.new_received.natural_person" and keys[-1] == "t4.litigation_after_review.total"
