"""AGGREGATE: a government's aggregated report against the sum of the reports listed under it in a
mapping file, and the organs listed that have no report."""
from __future__ import annotations

import csv
import io

import pytest

import xxgk
from xxgk.cli import main
from xxgk.messages import chinese
from xxgk.plugins import rules_aggregate

from reportgen import consistent_values
from yearkit import batch, write_year

PARENT, CHILDREN = "某某县人民政府", ("某某县财政局", "某某县教育局", "某某镇人民政府")
ROW = "t3.new_received.total"


def summed(parts: list[dict]) -> dict:
    """The values of an aggregated report: every cell the sum of the parts'."""
    return {k: sum(p[k] for p in parts) if k.startswith(("t3.", "t4.")) else v for k, v in parts[0].items()}


def mapping(tmp_path, rows=CHILDREN, encoding="utf-8", parent=PARENT) -> str:
    path = tmp_path / "organs.csv"
    path.write_text("parent,child\n" + "".join(f"{parent},{child}\n" for child in rows), encoding=encoding)
    return str(path)


def county(folder, children=CHILDREN, change=lambda total: {}, year=2024):
    """The children's reports and the parent's, their sum with the cells `change(sum)` gives."""
    parts = [consistent_values(20 + n, 9) for n, _ in enumerate(children)]
    for organ, values in zip(children, parts):
        write_year(folder, year, values, organ=organ, name=f"{organ}-{year}.txt")
    total = summed(parts)
    write_year(folder, year, {**total, **change(total)}, organ=PARENT, name=f"{PARENT}-{year}.txt")
    return total


def aggregate(found, year=2024):
    return [f for f in found.get(f"{PARENT}-{year}.txt", []) if f.rule == "AGGREGATE"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])   # as Excel saves a CSV on Chinese Windows
def test_the_sum_holds(tmp_path, encoding):
    county(tmp_path / "in")
    assert aggregate(batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": mapping(tmp_path,
                                                                                            encoding=encoding)})) == []


def test_rows_that_are_not_the_sum(tmp_path):
    disclosed = "t3.disclosed.total"
    # the aggregated report gives 3 more applications received and disclosed than its parts
    total = county(tmp_path / "in", change=lambda total: {ROW: total[ROW] + 3, disclosed: total[disclosed] + 3})
    [finding] = aggregate(batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": mapping(tmp_path)}))
    assert (finding.severity, finding.cells, finding.lhs, finding.rhs) == (
        "warning", [ROW, disclosed], total[ROW] + 3, total[ROW])
    assert finding.message == (
        f"2024: table 3 is not the sum of the reports listed under it (3), in it ≠ in their sum: {ROW} = "
        f"{total[ROW] + 3} ≠ {total[ROW]}, {disclosed} = {total[disclosed] + 3} ≠ {total[disclosed]}")
    assert chinese(xxgk.manager.default().registry).message(finding) == (
        f"2024年：表三不等于其下3个机关报告之和（本报告 ≠ 各报告之和）："
        f"表三 · 一、本年新收政府信息公开申请数量：总计 = {total[ROW] + 3} ≠ {total[ROW]}；"
        f"表三 · （一）予以公开：总计 = {total[disclosed] + 3} ≠ {total[disclosed]}")


def test_children_without_a_report(tmp_path):
    county(tmp_path / "in", children=CHILDREN[:2], change=lambda total: {ROW: 1})
    [finding] = aggregate(batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": mapping(tmp_path)}))
    assert finding.message == ("2024: no report of 某某镇人民政府, listed under it in the mapping; its sums are not "
                               "compared")


def test_reports_of_another_year_are_not_summed(tmp_path):
    county(tmp_path / "in")
    write_year(tmp_path / "in", 2023, consistent_values(40, 9), organ=PARENT, name=f"{PARENT}-2023.txt")
    found = batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": mapping(tmp_path)})
    assert aggregate(found) == [] and [f.message.split(":")[0] for f in aggregate(found, 2023)] == ["2023"]


def test_without_a_mapping_nothing_is_checked(tmp_path):
    county(tmp_path / "in", change=lambda total: {ROW: 0})
    assert aggregate(batch(tmp_path / "in", tmp_path / "out")) == []


@pytest.mark.parametrize("text, says", [
    ("上级,下级\n某某县人民政府,某某县财政局\n",
     "line 1 names the columns '上级', '下级': no column parent and child; a CSV file with the columns parent and "
     "child"),
    ("parent,organ\n某某县人民政府,某某县财政局\n", "line 1 names the columns 'parent', 'organ': no column child;"),
    (f"parent，child\n{PARENT}，{CHILDREN[0]}\n",
     "line 1 names the columns 'parent，child': no column parent and child (its fields are to be separated by \",\")"),
    (f"parent,child\n{PARENT},{CHILDREN[0]}\n\n{PARENT}\n", "line 4, column child: empty"),
    (f"child,parent\n{CHILDREN[0]},{PARENT}\n , {CHILDREN[1]}\n", "line 3, column child: empty"),
    ("parent,child\n,\n", "no parent and child in it"),
    (f"parent,child\n{PARENT},{CHILDREN[0]}\n{PARENT},{PARENT}\n", f"an organ under itself: {PARENT} → {PARENT}"),
    (f"parent,child\n{PARENT},{CHILDREN[0]}\n{CHILDREN[0]},{CHILDREN[1]}\n{CHILDREN[1]},{PARENT}\n",
     f"an organ under itself: {PARENT} → {CHILDREN[0]} → {CHILDREN[1]} → {PARENT}"),
])
def test_a_bad_mapping_stops_the_batch_before_any_work(tmp_path, capsys, text, says):
    (tmp_path / "organs.csv").write_text(text, encoding="utf-8")
    county(tmp_path / "in")
    assert main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--set",
                 f"AGGREGATE.mapping={tmp_path / 'organs.csv'}"]) == 2
    assert says in capsys.readouterr().err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("layout", ["{0}, {1}\n", "{0} ,{1}\n", " {0} , {1} \r\n", "{0},\t{1}\n"])
def test_spaces_around_the_fields_are_not_part_of_them(tmp_path, layout):
    """A mapping written "parent, child" (a space after each comma) is read as "parent,child"."""
    path = tmp_path / "organs.csv"
    path.write_text(layout.format("parent", "child") + "".join(layout.format(PARENT, c) for c in CHILDREN),
                    encoding="utf-8")
    assert rules_aggregate.load(str(path)) == tuple((PARENT, child) for child in CHILDREN)
    county(tmp_path / "in", change=lambda total: {ROW: total[ROW] + 2})
    [finding] = aggregate(batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": str(path)}))
    assert finding.cells == [ROW] and finding.lhs == finding.rhs + 2


def test_a_child_listed_twice_counts_once(tmp_path):
    county(tmp_path / "in")
    assert aggregate(batch(tmp_path / "in", tmp_path / "out", **{
        "AGGREGATE.mapping": mapping(tmp_path, rows=CHILDREN + CHILDREN[:1])})) == []


def test_a_child_with_two_different_reports_is_not_summed(tmp_path):
    """Two reports named 某某县财政局 in other folders: which one is the child cannot be told."""
    county(tmp_path / "in", change=lambda total: {ROW: total[ROW] + 3})
    write_year(tmp_path / "in" / "other", 2024, consistent_values(50, 9), organ=CHILDREN[0], name="dept.txt")
    [finding] = aggregate(batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": mapping(tmp_path)}))
    assert (finding.severity, finding.message) == ("info", (
        f"2024: several reports of one name whose tables differ ({CHILDREN[0]}: in/other/dept.txt, "
        f"in/{CHILDREN[0]}-2024.txt); its sums are not compared"))


def test_a_childs_copy_is_summed_once(tmp_path):
    """A report and its copy (the same tables) are one child."""
    county(tmp_path / "in")
    write_year(tmp_path / "in" / "copies", 2024, consistent_values(20, 9), organ=CHILDREN[0], name="dept.txt")
    assert aggregate(batch(tmp_path / "in", tmp_path / "out", **{"AGGREGATE.mapping": mapping(tmp_path)})) == []


def test_the_dataset_read_later_is_what_the_batch_wrote(tmp_path):
    """read_dataset without settings counts the batch rules' findings the batch made with its own,
    as reports.csv does; with settings, those the rules find with them."""
    county(tmp_path / "in", change=lambda total: {ROW: total[ROW] + 3})
    settings = {"AGGREGATE.mapping": mapping(tmp_path)}
    xxgk.convert_many([str(tmp_path / "in")], tmp_path / "out", ["json", "csv"], settings=settings, time_limit=None)
    written = {row["source"]: row["rules"] for row in csv.DictReader(io.StringIO(
        (tmp_path / "out" / "reports.csv").read_text(encoding="utf-8-sig")))}
    frame = xxgk.read_dataset(tmp_path / "out")
    read = dict(zip(frame["source"], frame["rules"].fillna("")))
    assert read == written and "AGGREGATE" in read[f"in/{PARENT}-2024.txt"]
    assert "AGGREGATE" not in xxgk.read_dataset(tmp_path / "out", settings={})["rules"].fillna("").str.cat()
    assert "AGGREGATE" in xxgk.read_dataset(tmp_path / "out", settings=settings)["rules"].fillna("").str.cat()
