"""Tables torn by other converters (MinerU, markitdown, OCR): labels away from their numbers,
rows spilled across fragments, fake headers, loose numbers. Values are placed only where the
template's order and the rules make the placement unique; otherwise the cells stay empty."""
from __future__ import annotations

import pytest

import xxgk

from conftest import read_text, rules
from reportgen import consistent_values, report_text

COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total")
WITHHELD = ["state_secret", "prohibited_by_law", "security_stability", "third_party_rights", "internal_affairs",
            "process_info", "enforcement_files", "inquiry_matters"]


def values_of(values, row):
    return [values[f"t3.{row}.{c}"] for c in COLUMNS]


def pipes(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(values) -> list[str]:
    """The report in markdown tables, one line per row, as converters write them."""
    return report_text(values, "pipes").splitlines()


def row_line(lines: list[str], label: str) -> int:
    return next(i for i, line in enumerate(lines) if label in line and " | " in line)


def read(lines: list[str]):
    return read_text("\n".join(lines), name="torn.md")


def t3(report) -> dict:
    return {k: v for k, v in report.cells().items() if k.startswith("t3.")}


@pytest.fixture
def values():
    return consistent_values(91, 30)


def test_labels_torn_away_as_a_block_before_their_number_rows(values):
    lines = markdown(values)
    first = row_line(lines, "1.属于国家秘密")
    rows = lines[first:first + 8]
    labels = [line.split(" | ")[1] if line.startswith("（三）") else line.split(" | ")[0] for line in rows]
    numbers = [pipes(values_of(values, f"withheld.{key}")) for key in WITHHELD]
    lines[first:first + 8] = ["（三）不予公开"] + labels + ["|---|---|---|---|---|---|---|"] + numbers
    report = read(lines)
    assert t3(report) == {k: v for k, v in values.items() if k.startswith("t3.")}
    assert not rules(xxgk.validate(report)) & {"T3-BALANCE", "T3-RESULTS", "T3-ROWTOTAL", "AMBIGUOUS-CELLS"}


def test_dropped_labels_and_spilled_rows_across_fragments(values):
    lines = markdown(values)
    for label in ("2.其他法律行政法规禁止公开", "3.补正后申请内容仍不明确"):   # labels lost
        i = row_line(lines, label)
        lines[i] = pipes(lines[i].strip("| ").split(" | ")[1:])
    i = row_line(lines, "2.重复申请")                                       # a fragment break mid-table
    fake_header = pipes([f"数据{n}" for n in range(1, 8)])
    lines[i:i] = ["", "— 4 —", "## 表三：收到和处理政府信息公开申请情况（续）", fake_header, "|---|---|---|"]
    report = read(lines)
    assert t3(report) == {k: v for k, v in values.items() if k.startswith("t3.")}
    placed = [f for f in xxgk.validate(report) if f.rule == "PLACED"]
    assert [(f.severity, f.cells) for f in placed] == [   # the two rows whose labels were lost
        ("warning", [f"t3.{row}.{c}" for c in COLUMNS]) for row in ("withheld.prohibited_by_law",
                                                                    "unavailable.unclear_request")]


def test_a_row_placed_by_order_must_add_up(values):
    lines = markdown(values)
    i = row_line(lines, "2.其他法律行政法规禁止公开")
    numbers = values_of(values, "withheld.prohibited_by_law")
    numbers[-1] += 5                                   # its total no longer adds up: not placed
    lines[i] = pipes(numbers)
    report = read(lines)
    assert all(report.value(f"t3.withheld.prohibited_by_law.{c}") is None for c in COLUMNS)
    amb = [f for f in xxgk.validate(report) if f.rule == "AMBIGUOUS-CELLS"]
    assert amb and "placed by the table's row order, does not add up" in amb[0].message
    assert report.value("t3.withheld.security_stability.total") == values["t3.withheld.security_stability.total"]


@pytest.mark.parametrize("seed", [91, 95])
@pytest.mark.parametrize("kept", ["two values", "blank slots"])
def test_a_row_placed_by_order_never_passes_over_a_row_whose_label_was_read(seed, kept):
    """OCR reads a label damaged and few of its values, and loses the next row's label: the row of
    numbers goes to the next row, never over the row whose label stands before it."""
    values = consistent_values(seed, 30)
    lines = markdown(values)
    i = row_line(lines, "1.属于国家秘密")
    cells = lines[i].strip("| ").split(" | ")
    lines[i] = pipes(["（三）不予公开", "1.属于国家秘"] + (cells[2:4] if kept == "two values" else ["", "", ""]))
    j = row_line(lines, "2.其他法律行政法规禁止公开")
    lines[j] = pipes(values_of(values, "withheld.prohibited_by_law"))
    report = read(lines)
    assert [report.value(f"t3.withheld.state_secret.{c}") for c in COLUMNS] == [None] * 7
    assert [report.value(f"t3.withheld.prohibited_by_law.{c}") for c in COLUMNS] == \
        values_of(values, "withheld.prohibited_by_law")
    findings = xxgk.validate(report)
    assert any(f.rule == "AMBIGUOUS-CELLS" and "t3.withheld.state_secret.total" in f.cells for f in findings)
    assert [f.cells[0] for f in findings if f.rule == "PLACED"] == ["t3.withheld.prohibited_by_law.natural_person"]


def test_a_loose_number_goes_where_its_row_adds_up(values):
    lines = markdown(values)
    i = row_line(lines, "四、结转下年度继续办理")
    cells = lines[i].strip("| ").split(" | ")
    lines[i] = pipes(cells[:-1] + [""])               # the total torn out of its row …
    j = row_line(lines, "3.其他")
    lines[j:j] = [str(values["t3.carried_forward.total"])]   # … and left loose two rows up
    report = read(lines)
    assert report.value("t3.carried_forward.total") == values["t3.carried_forward.total"]
    assert "loose number" in report.cell("t3.carried_forward.total").note
    placed = [f for f in xxgk.validate(report) if f.rule == "PLACED"]
    assert [(f.severity, f.cells) for f in placed] == [("warning", ["t3.carried_forward.total"])]


def test_loose_numbers_that_fit_two_rows_are_not_placed():
    values = consistent_values(92, 30)
    for row in ("carried_over", "carried_forward"):   # two rows with the same total and one empty cell each
        for c in COLUMNS:
            values[f"t3.{row}.{c}"] = 0
    values["t3.carried_over.natural_person"] = values["t3.carried_over.total"] = 3
    values["t3.carried_forward.natural_person"] = values["t3.carried_forward.total"] = 3
    for c in COLUMNS:
        values[f"t3.new_received.{c}"] = values[f"t3.results_total.{c}"]
    lines = markdown(values)
    for label in ("二、上年结转政府信息公开申请数量", "四、结转下年度继续办理"):
        i = row_line(lines, label)
        lines[i] = pipes(lines[i].strip("| ").split(" | ")[:-1] + [""])
    j = row_line(lines, "3.其他")
    lines[j:j] = ["3"]
    report = read(lines)
    assert report.value("t3.carried_over.total") is None and report.value("t3.carried_forward.total") is None
    amb = [f for f in xxgk.validate(report) if f.rule == "AMBIGUOUS-CELLS"]
    assert any("loose numbers 3 could not be placed" in f.message for f in amb)


def test_annotations_stay_notes_not_numbers():
    values = consistent_values(93, 30)
    lines = markdown(values)
    i = row_line(lines, "行政规范性文件")
    cells = lines[i].strip("| ").split(" | ")
    cells[3] = f"{cells[3]}（含自然失效 29 件）"
    lines[i] = pipes(cells)
    report = read(lines)
    cell = report.cell("t2.normative_documents.in_force")
    assert cell.value == values["t2.normative_documents.in_force"] and cell.note == "含自然失效29件"


def test_rows_moved_out_of_order_by_a_converter():
    values = consistent_values(94, 30)
    lines = markdown(values)
    start = next(i for i, line in enumerate(lines) if line.startswith("第二十条第（一）项"))
    block = lines[start:start + 4]                    # 规章 and 规范性文件 after the other blocks
    del lines[start:start + 4]
    end = row_line(lines, "行政事业性收费") + 1
    lines[end:end] = block
    report = read(lines)
    t2 = {k: v for k, v in values.items() if k.startswith("t2.") and k != "t2.fees.amount"}
    assert {k: report.value(k) for k in t2} == t2
