"""OCR readings confirmed by the template's equations (xxgk.rereading): a misread cell is read again
and the reading the equations confirm is taken; one that still breaks an equation leaves the
equation's cells empty with OCR-CHECK; a source that does not add up in every reading keeps its
values for the arithmetic rules; a value no equation checks needs a second reading that agrees."""
from __future__ import annotations

import pytest

import xxgk
from xxgk import manager, rereading
from xxgk.model import Location
from xxgk.registry import Source
from xxgk.templates.y2021 import APPLICANTS

from reportgen import consistent_values, report_text

REGISTRY = manager.default().registry


def recognised(values: dict, misread: dict) -> tuple[xxgk.Report, list[str]]:
    """A report read from generated text, every cell given a pixel box as OCR would, and the
    cells in `misread` given the wrong first reading; the keys in box order."""
    report = xxgk.read_source(Source(report_text(values).encode(), "scan.txt"))
    keys = []
    for table in report.tables.values():
        for key, cell in table.cells.items():
            cell.location = Location(page=1, bbox=[len(keys), 0.0, len(keys) + 1.0, 1.0])
            keys.append(key)
            if key in misread:
                cell.value, cell.raw = misread[key], str(misread[key])
    return report, keys


def reader(keys: list[str], second: dict[str, list[tuple[str, float]]], values: dict):
    """A Document.reread: the second readings of `second`, else the true value three times."""
    asked: list[str] = []

    def reread(locations):
        out = []
        for location in locations:
            key = keys[int(location.bbox[0])]
            asked.append(key)
            out.append(second.get(key, [(str(values[key]), 0.99)] * 3))
        return out
    reread.asked = asked   # type: ignore[attr-defined]
    return reread


@pytest.fixture
def values():
    v = consistent_values(seed=7, scale=9)
    v["t3.disclosed.natural_person"] = 4
    v["t3.disclosed.research"] = 1
    for col in ("natural_person", "research"):
        v[f"t3.results_total.{col}"] = sum(v[f"t3.{r}.{col}"] for r in _result_rows())
        v[f"t3.new_received.{col}"] = v[f"t3.results_total.{col}"] + v[f"t3.carried_forward.{col}"] \
            - v[f"t3.carried_over.{col}"]
    for row in ("disclosed", "results_total", "new_received"):
        v[f"t3.{row}.total"] = sum(v[f"t3.{row}.{c}"] for c in _applicants())
    return v


def _result_rows():
    tpl = REGISTRY.table_template("t3", "2021")
    return [r.key for r in tpl.rows if r.key not in ("new_received", "carried_over", "results_total",
                                                     "carried_forward")]


def _applicants():
    return [c.key for c in APPLICANTS]


def findings_of(report, rule):
    return [f for f in xxgk.validate(report) if f.rule == rule]


def test_two_misreads_a_row_total_cannot_see_are_read_again(values):
    """A row read `5 … 0 …` where the page prints `4 … 1 …`: the row still adds up, the two columns
    do not; a second reading gives the printed values and both columns hold with them."""
    report, keys = recognised(values, {"t3.disclosed.natural_person": 5, "t3.disclosed.research": 0})
    assert not [f for f in xxgk.validate(report) if f.rule == "T3-ROWTOTAL" and "t3.disclosed.total" in f.cells]
    second = {"t3.disclosed.natural_person": [("4", 0.97), ("5", 0.7), ("4", 0.9)],
              "t3.disclosed.research": [("1", 0.95), ("", 0.2), ("1", 0.8)]}
    rereading.confirm(report, reader(keys, second, values), REGISTRY)
    assert {k: v for k, v in report.cells().items() if k in values} == values | {"t2.fees.amount": 0}
    assert "read 5 at first; a second reading gives 4" in report.cell("t3.disclosed.natural_person").note
    assert not findings_of(report, "OCR-CHECK") and not findings_of(report, "T3-RESULTS")


def test_a_misread_no_second_reading_mends_leaves_the_equations_cells_empty(values):
    key = "t4.review.upheld"
    report, keys = recognised(values, {key: values[key] + 3})
    rereading.confirm(report, reader(keys, {key: [(str(values[key] + 5), 0.9), ("", 0.2), ("8", 0.4)]}, values),
                      REGISTRY)
    group = [f"t4.review.{o}" for o in ("upheld", "corrected", "other", "pending", "total")]
    assert [report.value(k) for k in group] == [None] * 5
    assert [report.cell(k).status for k in group] == ["unconfirmed"] * 5
    (finding,) = findings_of(report, "OCR-CHECK")
    assert finding.cells == group and "T4-TOTAL 行政复议" in finding.message
    assert report.value("t4.litigation_direct.total") == values["t4.litigation_direct.total"]   # the rest stands


def test_a_source_that_does_not_add_up_in_every_reading_keeps_its_values(values):
    """Every reading of every cell agrees, and no digit misread would mend it: the page itself is
    wrong (nothing reviewed, a total of 5), and T4-TOTAL says so."""
    values |= {f"t4.review.{o}": 0 for o in ("upheld", "corrected", "other", "pending", "total")}
    key = "t4.review.total"
    report, keys = recognised(values, {key: 5})
    steady = {key: [("5", 0.99), ("5", 0.5), ("5", 0.97)]}
    rereading.confirm(report, reader(keys, steady, values), REGISTRY)
    assert report.value(key) == 5
    assert [f.cells[0] for f in findings_of(report, "T4-TOTAL")] == ["t4.review.total"]
    assert not findings_of(report, "OCR-CHECK")


def test_a_misread_alike_each_time_that_one_digit_would_mend_is_left_empty(values):
    """A 0 read as 6 in every reading: the row total is off by 6, which a 6 read for a 0 explains."""
    key = "t3.disclosed.commercial"
    report, keys = recognised(values, {key: values[key] + 6 if values[key] == 0 else 0})
    wrong = report.value(key)
    rereading.confirm(report, reader(keys, {key: [(str(wrong), 0.95)] * 3}, values), REGISTRY)
    assert report.value(key) is None and report.cell(key).status == "unconfirmed"
    assert any(key in f.cells and "one digit misread would explain it" in f.message
               for f in findings_of(report, "OCR-CHECK"))


def test_a_value_no_equation_checks_needs_a_second_reading_that_agrees(values):
    report, keys = recognised(values, {})
    second = {"t2.licensing.decisions": [("13", 0.9), (str(values["t2.licensing.decisions"]), 0.95), ("", 0.1)],
              "t2.penalty.decisions": [("", 0.1), ("", 0.3), ("", 0.2)],
              "t2.coercion.decisions": [("", 0.1), (str(values["t2.coercion.decisions"]), 0.3), ("", 0.2)],
              "t2.normative_documents.issued": [(str(values["t2.normative_documents.issued"]), 0.9)]}
    reread = reader(keys, second, values)
    rereading.confirm(report, reread, REGISTRY)
    assert report.value("t2.licensing.decisions") is None
    assert report.value("t2.penalty.decisions") is None
    assert report.value("t2.coercion.decisions") is None   # only a weak reading agrees
    assert report.value("t2.normative_documents.issued") == values["t2.normative_documents.issued"]
    messages = {f.cells[0]: f.message for f in findings_of(report, "OCR-CHECK")}
    assert "a second reading gives 13" in messages["t2.licensing.decisions"]
    assert "gives nothing legible" in messages["t2.penalty.decisions"]
    assert "agrees only without confidence" in messages["t2.coercion.decisions"]
    assert not {k for k in reread.asked if k.startswith(("t3.", "t4."))}   # the equations check those


def test_an_unsure_cell_takes_the_value_every_second_reading_gives_when_the_equations_hold(values):
    key = "t3.disclosed.total"
    report, keys = recognised(values, {})
    cell = report.cell(key)
    cell.value, cell.status, cell.note = None, "unsure", "recognised with confidence 0.41"
    rereading.confirm(report, reader(keys, {}, values), REGISTRY)
    assert (report.value(key), report.cell(key).status) == (values[key], "read")
    assert "a second reading gives" in report.cell(key).note


def test_an_unsure_cell_stays_empty_when_its_readings_break_an_equation(values):
    key = "t3.disclosed.total"
    report, keys = recognised(values, {})
    report.cell(key).value, report.cell(key).status = None, "unsure"
    rereading.confirm(report, reader(keys, {key: [(str(values[key] + 1), 0.9)] * 3}, values), REGISTRY)
    assert report.value(key) is None and report.cell(key).status == "unsure"
    assert [f.cells for f in findings_of(report, "LOW-CONFIDENCE")] == [[key]]


def test_an_equation_with_one_cell_not_read_still_fails_when_the_rest_exceed_it(values):
    """A row with one cell not read, whose other cells already add up to more than its total, is
    broken whatever that cell holds (counts are never negative): its cells are read again and left
    empty when the second reading agrees with the first."""
    key, unread = "t3.disclosed.commercial", "t3.disclosed.research"
    report, keys = recognised(values, {key: values["t3.disclosed.total"] + 5})
    report.cell(unread).value, report.cell(unread).status = None, "unsure"
    wrong = report.value(key)
    reread = reader(keys, {key: [(str(wrong), 0.95)] * 3, unread: [("", 0.2)] * 3}, values)
    rereading.confirm(report, reread, REGISTRY)
    assert report.value(key) is None and report.cell(key).status == "unconfirmed"
    assert report.cell(unread).status == "unsure"
    message = next(f.message for f in findings_of(report, "OCR-CHECK") if key in f.cells)
    assert "T3-ROWTOTAL" in message and "+ ?" in message


def _unsure(report, key: str, text: str) -> None:
    cell = report.cell(key)
    cell.value, cell.status, cell.raw, cell.note = None, "unsure", text, "recognised with confidence 0.41"


def test_an_unsure_cell_takes_the_value_two_equations_require_when_ocr_reads_it(values):
    """Read without confidence and illegible again, but its row total and its column's sum, every
    other cell read, both require the value it was read as."""
    key = "t3.disclosed.research"
    report, keys = recognised(values, {})
    _unsure(report, key, str(values[key]))
    rereading.confirm(report, reader(keys, {key: [("", 0.2)] * 3}, values), REGISTRY)
    assert (report.value(key), report.cell(key).status) == (values[key], "read")
    assert "T3-ROWTOTAL" in report.cell(key).note and "T3-RESULTS" in report.cell(key).note
    assert not findings_of(report, "LOW-CONFIDENCE")


@pytest.mark.parametrize("key", ["t3.disclosed.research", "t4.review.upheld"])
def test_an_unsure_reading_the_equations_do_not_require_twice_stays_empty(values, key):
    """A reading other than the value the equations require, or one only a single equation
    (行政复议's total) requires, is not taken without confidence."""
    report, keys = recognised(values, {})
    text = str(values[key] + 7) if key.startswith("t3.") else str(values[key])
    _unsure(report, key, text)
    rereading.confirm(report, reader(keys, {key: [("", 0.2)] * 3}, values), REGISTRY)
    assert report.value(key) is None and report.cell(key).status == "unsure"
    assert [f.cells for f in findings_of(report, "LOW-CONFIDENCE")] == [[key]]


def test_cells_left_empty_for_a_broken_row_stand_again_where_their_columns_hold(values):
    """A misread no second reading mends empties its row and its column; every other cell of them,
    read confidently, stands again when its own other equation, all read, holds with it."""
    key = "t3.disclosed.natural_person"
    report, keys = recognised(values, {key: values[key] + 3})
    second = {key: [(str(values[key] + 3), 0.95), ("", 0.2), (str(values[key] + 5), 0.4)]}
    rereading.confirm(report, reader(keys, second, values), REGISTRY)
    assert report.value(key) is None and report.cell(key).status == "unconfirmed"
    row = [f"t3.disclosed.{c}" for c in _applicants() + ["total"] if c != "natural_person"]
    column = [f"t3.{r}.natural_person" for r in _result_rows() if r != "disclosed"]
    assert {k: report.value(k) for k in row + column} == {k: values[k] for k in row + column}
    assert "require" in report.cell("t3.disclosed.total").note


@pytest.mark.parametrize("key", ["t4.review.corrected", "t3.disclosed.research", "t3.withheld.state_secret.total"])
def test_a_cell_found_empty_that_an_equation_needs_is_unconfirmed_not_blank(values, key):
    """A printed value whose ink OCR did not find (a faint digit, one erased with the rule it
    touches) reads blank; an equation whose other cells are all read requires a value of it, so it
    is left empty with OCR-CHECK naming that equation, never blank in silence and never filled."""
    assert values[key]
    report, keys = recognised(values, {})
    cell = report.cell(key)
    cell.value, cell.raw, cell.status = None, None, "blank"
    rereading.confirm(report, reader(keys, {}, values), REGISTRY)
    assert (report.value(key), report.cell(key).status) == (None, "unconfirmed")
    (finding,) = findings_of(report, "OCR-CHECK")
    assert finding.cells == [key] and f"requires {values[key]}" in finding.message


def test_a_cell_found_empty_that_the_equations_leave_at_nothing_stays_blank(values):
    key = "t4.review.corrected"
    values["t4.review.total"] -= values[key]
    values[key] = None
    report, keys = recognised(values, {})
    rereading.confirm(report, reader(keys, {}, values), REGISTRY)
    assert (report.value(key), report.cell(key).status) == (None, "blank")
    assert not findings_of(report, "OCR-CHECK")


@pytest.mark.parametrize("lost", [3, 0])
def test_a_cell_found_empty_beside_one_read_two_ways(values, lost):
    """A digit set against the rule to its right, erased with the rule and read with the next cell:
    the cell is found empty, and the next reads 0 at first and 30 again, so its row total cannot be
    evaluated. With none of the next cell's readings does the row add up while the cell is empty: it
    is unconfirmed, OCR-CHECK naming the row, never blank in silence. Where one does (nothing was
    printed in it), it stays blank."""
    blank, neighbour = "t4.review.corrected", "t4.review.other"
    values[blank], values[neighbour] = lost, 0
    values["t4.review.total"] = sum(values[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending"))
    report, keys = recognised(values, {})
    cell = report.cell(blank)
    cell.value, cell.raw, cell.status = None, None, "blank"
    rereading.confirm(report, reader(keys, {neighbour: [("30", 0.95)] * 3}, values), REGISTRY)
    assert report.cell(neighbour).status == "unconfirmed"
    if lost:
        assert (report.value(blank), report.cell(blank).status) == (None, "unconfirmed")
        assert [f.cells for f in findings_of(report, "OCR-CHECK") if "no ink" in f.message] == [[blank]]
    else:
        assert (report.value(blank), report.cell(blank).status) == (None, "blank")


def test_a_reading_left_empty_is_not_used_to_say_what_a_cell_found_empty_needs(values):
    """A cell found without ink beside a value no equation confirms, whose second reading differs:
    that value is left empty, and no equation is said to require a value computed from it."""
    blank, misread = "t4.review.upheld", "t4.review.corrected"
    report, keys = recognised(values, {misread: values[misread] - 1})
    cell = report.cell(blank)
    cell.value, cell.raw, cell.status = None, None, "blank"
    rereading.confirm(report, reader(keys, {misread: [(str(values[misread] + 2), 0.99)] * 3}, values), REGISTRY)
    assert report.cell(misread).status == "unconfirmed"
    assert not any("requires" in f.message for f in findings_of(report, "OCR-CHECK"))
