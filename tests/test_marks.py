"""Marks in and around the numbers of real reports: footnote marks and superscripts, invisible
characters, units, misread digits, item numbers and column bars written other ways. A mark is never
read as a digit; a value that cannot be read is named, never moved to another cell."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

import xxgk
from xxgk.registry import Source

from conftest import read_text, rules
from pagegen import page
from reportgen import consistent_values, report_text

ORGAN = "某某县人民政府办公室"
REGULATIONS = ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force"]


def generated(seed: int) -> dict[str, object]:
    values = consistent_values(seed, 30)
    values["t2.licensing.decisions"] = 4529
    return values


def as_read(values: dict[str, object]) -> dict[str, str]:
    """The values as text, as a report holds them (an amount is a Decimal, "0" is 0)."""
    return {k: str(v) for k, v in values.items()}


def cells(report) -> dict[str, str]:
    return as_read(report.cells())


def read_page(html: str):
    return xxgk.read_source(Source(html.encode("utf-8"), "page.html"))


@pytest.mark.parametrize("mark", ["①", "²", "※", "*", "⑴"])
@pytest.mark.parametrize("layout", ["tabs", "lines"])
def test_a_footnote_mark_beside_a_number_is_a_note(mark, layout):
    values = generated(61)
    text = report_text(values, layout, organ=ORGAN)
    text = re.sub(r"(?m)^(行政许可\t?\n*)4529$", rf"\g<1>4529{mark}", text)
    report = read_text(text)
    cell = report.cell("t2.licensing.decisions")
    assert (cell.value, cell.status) == (4529, "read") and mark in cell.note
    assert cells(report) == as_read(values)


def test_a_superscript_in_a_page_cell_is_a_note():
    values = generated(62)
    report = read_page(page(values).replace(">4529<", ">4529<sup>1</sup><"))
    cell = report.cell("t2.licensing.decisions")
    assert (cell.value, cell.note) == (4529, "1")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_inside_numbers_and_labels(invisible):
    values = generated(63)
    text = report_text(values, "tabs", organ=ORGAN).replace("4529", f"45{invisible}29").replace(
        "行政许可", f"行政{invisible}许可")
    assert cells(read_text(invisible + text)) == as_read(values)
    html = page(values).replace(">4529<", f">45{invisible}29<")
    assert read_page(html).value("t2.licensing.decisions") == 4529


@pytest.mark.parametrize("misread", ["3O", "1l", "4.5.6", "abc", "x"])
def test_a_misread_value_among_a_rows_values_is_invalid_not_a_label(misread):
    values = generated(64)
    lines = report_text(values, "tabs", organ=ORGAN).splitlines()
    i = next(i for i, line in enumerate(lines) if "1.属于国家秘密" in line)
    row = lines[i].split("\t")
    row[2] = misread                                     # the natural person column
    lines[i] = "\t".join(row)
    report = read_text("\n".join(lines))
    key = "t3.withheld.state_secret.natural_person"
    cell = report.cell(key)
    assert (cell.value, cell.status, cell.raw) == (None, "invalid", misread)
    assert cells(report) == as_read(values | {key: None})   # every other cell where it was
    invalid = [f for f in xxgk.validate(report) if f.rule == "T2-VALUES"]
    assert [(f.severity, f.cells) for f in invalid] == [("error", [key])]


@pytest.mark.parametrize("layout", ["tabs", "pipes"])
@pytest.mark.parametrize("misread", [".5", "1.0E3", "0.5.1", "abc", "x"])
def test_a_misread_value_alone_in_its_row_is_invalid_not_blank(misread, layout):
    """Table 2's rows have one value: misread, it is still the row's value (invalid), never a label
    that leaves the cell blank in silence."""
    values = generated(65)
    lines = report_text(values, layout, organ=ORGAN).splitlines()
    for label, key in (("行政许可", "t2.licensing.decisions"), ("行政事业性收费", "t2.fees.amount")):
        i = next(i for i, line in enumerate(lines) if line.startswith(label))
        lines[i] = lines[i].replace(str(values[key]), misread, 1)
    report = read_text("\n".join(lines))
    keys = ["t2.licensing.decisions", "t2.fees.amount"]
    assert [(report.value(k), report.cell(k).status, report.cell(k).raw) for k in keys] == [
        (None, "invalid", misread)] * 2
    invalid = {k for f in xxgk.validate(report) if f.rule == "T2-VALUES" for k in f.cells}
    assert invalid == set(keys)
    assert cells(report) == as_read(values | dict.fromkeys(keys))


ITEM_NUMBERS = {"full-width brackets": lambda n: f"（{n}）", "brackets": lambda n: f"({n})",
                "circled": lambda n: chr(0x245F + n), "comma": lambda n: f"{n}、"}


@pytest.mark.parametrize("style", ITEM_NUMBERS)
@pytest.mark.parametrize("layout", ["tabs", "lines"])
def test_item_numbers_written_other_ways(style, layout):
    values = generated(65)
    written = ITEM_NUMBERS[style]
    text = re.sub(r"(?m)(^|\t)(\d)\.(?=[\u4e00-\u9fff])", lambda m: m[1] + written(int(m[2])),
                  report_text(values, layout, organ=ORGAN))
    assert "1.属于国家秘密" not in text
    report = read_text(text)
    assert cells(report) == as_read(values)
    assert report.templates()["t3"] == "2021"


@pytest.mark.parametrize("bar, rule", [("｜", "｜---｜---｜"), ("│", "├──┼──┤"), ("┃", "┣━━╋━━┫")])
def test_column_bars_written_full_width_or_as_box_drawing(bar, rule):
    values = generated(66)
    lines = report_text(values, "pipes", organ=ORGAN).splitlines()
    first = next(i for i, line in enumerate(lines) if " | " in line)
    lines.insert(first + 1, rule)
    report = read_text("\n".join(line.replace(" | ", f" {bar} ").replace(" |", f" {bar}") for line in lines))
    assert cells(report) == as_read(values)


@pytest.mark.parametrize("written, expected", [("12.5万元", Decimal("12.5")), ("125000元", Decimal("12.5"))])
def test_an_amount_glued_to_its_unit_in_a_dump(written, expected):
    values = generated(67)
    values["t2.fees.amount"] = "12.5"
    text = "".join(line.replace("\t", "") for line in report_text(values, "runs", organ=ORGAN).splitlines())
    report = read_text(text.replace("行政事业性收费12.5", f"行政事业性收费{written}"), "page.txt")
    assert report.value("t2.fees.amount") == expected
    assert report.value("t2.licensing.decisions") == 4529


def test_numbers_already_apart_are_never_split_to_fill_a_blank_cell(monkeypatch):
    """A row of three cells with one left blank, one cell per line: "12" and "5" may be 1, 2, 5 or
    12, blank, 5; no rule of the row tells, so all three stay empty and are named."""
    import reportgen

    written = reportgen._text
    monkeypatch.setattr(reportgen, "_text", lambda value, lay: "" if value is None else written(value, lay))
    values = generated(68)
    values.update(dict(zip(REGULATIONS, [12, None, 5])))
    report = read_text(report_text(values, "lines", organ=ORGAN))
    assert [report.value(k) for k in REGULATIONS] == [None, None, None]
    ambiguous = {k for f in xxgk.validate(report) if f.rule == "AMBIGUOUS-CELLS" for k in f.cells}
    assert set(REGULATIONS) <= ambiguous
    assert "T2-VALUES" not in rules(xxgk.validate(report))
