"""PUBLISHED-LATE after 条例第四十九条, and the publication date each reader finds: a page's 发布时间,
发布日期 or 生成日期, a PDF's CreationDate, a DOCX's created date, the date under the signature."""
from __future__ import annotations

import csv
import datetime
import io
import json
import re

import docx
import pypdf
import pytest

import xxgk
from xxgk.cli import main
from xxgk.dates import pdf_date
from xxgk.messages import chinese
from xxgk.model import Location

from conftest import SAMPLES, read_text
from pagegen import page
from reportgen import consistent_values, report_text
from yearkit import prose

GOVERNMENT, DEPARTMENT = "某某县人民政府", "某某市财政局"


def late(report, settings=None):
    return [(f.severity, f.message) for f in xxgk.validate(report, settings=settings) if f.rule == "PUBLISHED-LATE"]


def dated(organ: str, year: int, date: str | None) -> str:
    text = report_text(consistent_values(6, 9), organ=organ, year=year, prose=prose(year))
    return f"发布时间：{date}\n{text}" if date else text


@pytest.mark.parametrize("organ, date, due", [
    (GOVERNMENT, "2025-04-01", "2025-03-31, the deadline for 县级以上地方人民政府 "
                               "(《中华人民共和国政府信息公开条例》第四十九条第二款)"),
    (DEPARTMENT, "2025-02-01", "2025-01-31, the deadline for 县级以上人民政府部门 "
                               "(《中华人民共和国政府信息公开条例》第四十九条第一款)"),
])
def test_published_after_the_deadline(organ, date, due):
    report = read_text(dated(organ, 2024, date))
    assert (report.meta.published, report.meta.published_from) == (date, "page")
    assert late(report) == [("warning", f"published {date} (the page's date), after {due}")]


@pytest.mark.parametrize("organ, date", [
    (GOVERNMENT, "2025-03-31"), (DEPARTMENT, "2025-01-31"), (DEPARTMENT, "2025-1-5"),
])
def test_published_in_time(organ, date):
    assert late(read_text(dated(organ, 2024, date))) == []


TOWNSHIP = "乡镇人民政府、街道办事处及其内设机构 (《中华人民共和国政府信息公开条例》第四十九条未规定)"
NOT_AN_ORGAN = "不是行政机关，《中华人民共和国政府信息公开条例》第四十九条未规定"


@pytest.mark.parametrize("organ, kind", [
    ("某某县某某镇人民政府", TOWNSHIP), ("某某街道办事处", TOWNSHIP), ("某某乡", TOWNSHIP),
    ("某某镇人民政府党政综合办公室", TOWNSHIP), ("某某街道党工委", TOWNSHIP),     # a township's own offices
    ("某某社区居民委员会", f"村民委员会、居民委员会 ({NOT_AN_ORGAN})"), ("某某县委", f"党的机关 ({NOT_AN_ORGAN})"),
    ("某某综合实验区", "this kind of organ (某某综合实验区)"),
    ("某某市中级人民法院", "this kind of organ (某某市中级人民法院)"),
])
def test_organs_with_no_deadline(organ, kind):
    """The article names no date for them: an info says so, whatever the date."""
    assert late(read_text(dated(organ, 2024, "2025-06-30"))) == [("info", f"no deadline is known for {kind}")]


@pytest.mark.parametrize("organ, due", [
    ("教育部", "2025-01-31"), ("财政部", "2025-01-31"), ("某某县卫生健康委", "2025-01-31"),
    ("某某县财政局（某某县国资办）", "2025-01-31"), ("某某县人民政府办公室（县政府信息公开办）", "2025-01-31"),
    ("某某区人民政府（某某区人民政府办公室）", "2025-03-31"), ("某某县政府", "2025-03-31"),
    ("某某市人民政府（本级）", "2025-03-31"),
])
def test_the_kind_of_organ_its_name_tells(organ, due):
    """Notes in brackets aside; a ministry is a department, 县政府 a government."""
    [(severity, message)] = late(read_text(dated(organ, 2024, "2025-04-01")))
    assert severity == "warning" and message.startswith(f"published 2025-04-01 (the page's date), after {due}")


def test_an_unknown_date_is_an_info():
    assert late(read_text(dated(DEPARTMENT, 2024, None))) == [("info", (
        "publication date unknown: due by 2025-01-31, the deadline for 县级以上人民政府部门 "
        "(《中华人民共和国政府信息公开条例》第四十九条第一款)"))]
    [(severity, message)] = late(read_text(dated(DEPARTMENT, 2024, "2024-06-01")))   # a date before the year ended
    assert severity == "info" and message.startswith("publication date unknown: 2024-06-01, the page's date, is "
                                                     "before the end of 2024; due by 2025-01-31")


def test_a_province_sets_its_own_deadlines(tmp_path, capsys):
    data = json.loads((SAMPLES.parent / "src" / "plugins" / "deadlines.json").read_text(encoding="utf-8"))
    [department] = [entry for entry in data["deadlines"] if entry["organs"] == "县级以上人民政府部门"]
    department.update(deadline="01-20", basis="某省规定")
    (tmp_path / "earlier.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")   # a BOM
    report = read_text(dated(DEPARTMENT, 2024, "2025-01-25"))
    assert late(report) == []
    assert late(report, {"PUBLISHED-LATE.deadlines": tmp_path / "earlier.json"}) == [("warning", (
        "published 2025-01-25 (the page's date), after 2025-01-20, the deadline for 县级以上人民政府部门 (某省规定)"))]
    (tmp_path / "bad.json").write_text('{"deadlines": [{"organs": "x", "pattern": "(", "deadline": null, '
                                       '"basis": "y"}]}', encoding="utf-8")
    (tmp_path / "empty.json").write_text('{"deadlines": []}', encoding="utf-8")
    for name, says in (("bad.json", "not a file of deadlines like deadlines.json"), ("gone.json", "cannot read"),
                       ("empty.json", "no deadlines in it")):
        assert main(["validate", str(SAMPLES / "003_dfbb28bce6ca2542.txt"), "--set",
                     f"PUBLISHED-LATE.deadlines={tmp_path / name}"]) == 2
        assert says in capsys.readouterr().err


def test_the_date_of_a_page():
    html = page(consistent_values(6, 9), organ=DEPARTMENT, year=2024)
    html = html.replace("发布时间：2024-01-12", "生成日期：2025-02-03")
    report = xxgk.read_source(xxgk.registry.Source(html.encode("utf-8"), "report.html"))
    assert (report.meta.published, report.meta.published_from) == ("2025-02-03", "page")
    assert late(report)[0][0] == "warning"


def test_the_creation_date_of_a_pdf(tmp_path):
    """A PDF's CreationDate is when it was made; its ModDate, a later re-save, is not read."""
    def with_dates(created: str) -> xxgk.model.Report:
        writer = pypdf.PdfWriter(clone_from=SAMPLES / "hongze-2023.pdf")
        writer.add_metadata({"/CreationDate": created, "/ModDate": "D:20250101000000+08'00'"})
        out = io.BytesIO()
        writer.write(out)
        (tmp_path / "r.pdf").write_bytes(out.getvalue())
        return xxgk.read(tmp_path / "r.pdf")

    report = with_dates("D:20240402093000+08'00'")   # 淮安市洪泽区人民政府: by 2024-03-31
    assert (report.meta.published, report.meta.published_from) == ("2024-04-02", "pdf")
    assert late(report) == [("warning", "published 2024-04-02 (the creation date in the PDF's metadata), after "
                             "2024-03-31, the deadline for 县级以上地方人民政府 "
                             "(《中华人民共和国政府信息公开条例》第四十九条第二款)")]
    assert late(with_dates("D:20240330")) == []
    assert report.meta.published_at is None   # a file's metadata: no place in its text
    assert words().message(found(report)[0]).startswith("PDF文件元数据中的创建日期为2024-04-02，晚于")


@pytest.mark.parametrize("created, day, flagged", [
    (datetime.datetime(2024, 1, 31, 15, 59, tzinfo=datetime.timezone.utc), "2024-01-31", False),
    (datetime.datetime(2024, 1, 31, 16, 0, tzinfo=datetime.timezone.utc), "2024-02-01", True),   # China's day
])
def test_the_creation_date_of_a_docx(tmp_path, created, day, flagged):
    document = docx.Document(SAMPLES / "baiyu-2023.docx")   # 白玉县人民政府办公室, 2023: by 2024-01-31
    document.core_properties.created = created
    document.core_properties.modified = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    document.save(tmp_path / "r.docx")
    report = xxgk.read(tmp_path / "r.docx")
    assert (report.meta.published, report.meta.published_from) == (day, "docx")
    assert [severity for severity, _ in late(report)] == (["warning"] if flagged else [])


@pytest.mark.parametrize("signature, day", [
    ("某某县人民政府\n\n2025年4月2日", "2025-04-02"),
    ("某某县人民政府 二〇二五年四月二日", "2025-04-02"),
    ("某某县人民政府\n\n二○二五年三月三十一日", "2025-03-31"),
])
def test_the_date_under_the_signature(signature, day):
    report = read_text(report_text(consistent_values(6, 9), organ=GOVERNMENT, year=2024,
                                   prose={**prose(2024), 6: prose(2024)[6] + "\n\n" + signature}))
    assert (report.meta.published, report.meta.published_from) == (day, "signature")
    assert [severity for severity, _ in late(report)] == (["warning"] if day > "2025-03-31" else [])


def test_a_date_in_the_text_is_no_signature():
    report = read_text(report_text(consistent_values(6, 9), organ=GOVERNMENT, year=2024,
                                   prose={**prose(2024), 6: "本年度未收取信息处理费，统计截至2025年4月2日"}))
    assert report.meta.published is None


def test_the_date_is_in_the_json_and_the_dataset(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(dated(DEPARTMENT, 2024, "2025-02-01"), encoding="utf-8")
    main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json,csv", "-q"])
    meta = json.loads((tmp_path / "out" / "r.txt.json").read_text(encoding="utf-8"))["meta"]
    assert (meta["published"], meta["published_from"]) == ("2025-02-01", "page")
    header, row = (tmp_path / "out" / "reports.csv").read_text(encoding="utf-8-sig").splitlines()[:2]
    values = dict(zip(header.split(","), row.split(",")))
    assert (values["published"], values["published_from"], values["rules"]) == ("2025-02-01", "page", "PUBLISHED-LATE")


@pytest.mark.parametrize("line, day", [
    ("发布时间：2025年2月5日", "2025-02-05"), ("发布时间：2025/2/5", "2025-02-05"),
    ("发布日期：2025.02.05", "2025-02-05"), ("发布时间：2025年02月05日 09:30", "2025-02-05"),
    ("【发布时间】2025-02-05", "2025-02-05"), ("来源：县财政局  发布时间：2025-02-05  浏览次数：10", "2025-02-05"),
    ("发布时间：\n2025-02-05", "2025-02-05"), ("2025-02-05 09:30:00", "2025-02-05"),
])
def test_the_date_of_a_page_in_crawled_text(line, day):
    report = read_text(dated(DEPARTMENT, 2024, None).replace("本报告根据", f"{line}\n本报告根据", 1))
    assert (report.meta.published, report.meta.published_from) == (day, "page")
    assert late(report)[0][0] == "warning"
    assert not any(day[:4] in text for text in report.preamble)   # the chrome is not prose


@pytest.mark.parametrize("signature", [
    "某某县人民政府\n\n2025-04-02", "某某县人民政府\n\n2025/4/2", "某某县人民政府\n\n2025.4.2",
    "某某县人民政府 2025-04-02", "某某县人民政府\n\n2025-04-02\n\n— 7 —",
])
def test_a_signature_dated_in_numbers(signature):
    """A date alone after the report's last words is the date under the signature, not the page's."""
    report = read_text(report_text(consistent_values(6, 9), organ=GOVERNMENT, year=2024,
                                   prose={**prose(2024), 6: prose(2024)[6] + "\n\n" + signature}))
    assert (report.meta.published, report.meta.published_from) == ("2025-04-02", "signature")
    assert late(report)[0][1].startswith("published 2025-04-02 (the date under the signature), after 2025-03-31")


@pytest.mark.parametrize("label", ["生成日期：2025年2月3日", "【发布日期】2025.02.03", "发布时间：2025/2/3 10:15"])
def test_the_date_of_a_page_in_any_form(label):
    html = page(consistent_values(6, 9), organ=DEPARTMENT, year=2024).replace("发布时间：2024-01-12", label)
    report = xxgk.read_source(xxgk.registry.Source(html.encode("utf-8"), "report.html"))
    assert (report.meta.published, report.meta.published_from) == ("2025-02-03", "page")


def test_a_date_that_cannot_be_the_publication_is_not_in_the_dataset(tmp_path):
    """The JSON keeps what the page says; the dataset's published column does not call it the day
    of publication (PUBLISHED-LATE says it cannot be)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "early.txt").write_text(dated(DEPARTMENT, 2024, "2024-06-01"), encoding="utf-8")
    (tmp_path / "in" / "late.txt").write_text(dated(DEPARTMENT, 2024, "2025-02-01"), encoding="utf-8")
    main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--to", "json,csv", "-q"])
    meta = json.loads((tmp_path / "out" / "early.txt.json").read_text(encoding="utf-8"))["meta"]
    assert (meta["published"], meta["published_from"]) == ("2024-06-01", "page")
    rows = {row["source"]: row for row in csv.DictReader(io.StringIO(
        (tmp_path / "out" / "reports.csv").read_text(encoding="utf-8-sig")))}
    assert [(rows[f"in/{name}"]["published"], rows[f"in/{name}"]["published_from"])
            for name in ("early.txt", "late.txt")] == [("", ""), ("2025-02-01", "page")]


def found(report):
    return [f for f in xxgk.validate(report) if f.rule == "PUBLISHED-LATE"]


def words():
    return chinese(xxgk.manager.default().registry)


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


@pytest.mark.parametrize("organ, late_day", [(DEPARTMENT, "2025-02-01"), (GOVERNMENT, "2025-04-02")])
@pytest.mark.parametrize("date", ["{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "二〇二五年{cm}月{cd}日"])
def test_a_signature_written_date_first(organ, late_day, date):
    """"2025年2月1日" then the organ's name as the last lines: the date under the signature."""
    y, m, d = map(int, late_day.split("-"))
    shown = date.format(y=y, m=m, d=d, cm="二" if m == 2 else "四", cd="一" if d == 1 else "二")
    text = report_text(consistent_values(6, 9), organ=organ, year=2024,
                       prose={**prose(2024), 6: prose(2024)[6] + f"\n\n{shown}\n{organ}"})
    report = read_text(text)
    assert (report.meta.published, report.meta.published_from) == (late_day, "signature")
    assert report.meta.published_at == Location(line=line_of(text, shown))
    [finding] = found(report)
    assert (finding.severity, finding.location) == ("warning", Location(line=line_of(text, shown)))
    assert words().message(finding).startswith(f"落款日期为{late_day}，晚于")


def test_a_date_first_in_the_page_stays_the_page_s():
    """A date alone at the top of crawled text, the report after it, is still the page's."""
    text = "2025-02-05\n" + dated(DEPARTMENT, 2024, None)
    report = read_text(text)
    assert (report.meta.published, report.meta.published_from, report.meta.published_at) == (
        "2025-02-05", "page", Location(line=1))


@pytest.mark.parametrize("before", ["", "来源：某某市财政局\n\n"])
def test_the_page_s_date_is_pointed_at(before):
    text = before + dated(DEPARTMENT, 2024, "2025-02-01")
    report = read_text(text)
    [finding] = found(report)
    assert finding.location == Location(line=line_of(text, "发布时间：2025-02-01"))
    assert words().location(finding.location) == f"第{line_of(text, '发布时间：2025-02-01')}行"


def test_the_page_s_date_in_html_is_pointed_at():
    """A 发布时间 standing in the report's own text is pointed at: the paragraph a sentence in its
    place would be; one in the page's header (outside the report) has no place in the report."""
    html = page(consistent_values(6, 9), organ=DEPARTMENT, year=2024).replace("发布时间：2024-01-12 09:30", "")

    def read(first: str):
        put = html.replace("</h1>", f"</h1><p>{first}</p>", 1)
        return xxgk.read_source(xxgk.registry.Source(put.encode("utf-8"), "report.html"))

    report, other = read("发布时间：2025-02-03"), read("本页为年度报告全文。")
    assert other.preamble[0] == "本页为年度报告全文。"
    at = other.preamble_locations[0]
    assert at is not None and at.path == "p[2]"   # after the title
    assert (report.meta.published, report.meta.published_at) == ("2025-02-03", at)
    assert [f.location for f in found(report)] == [at]
    header = page(consistent_values(6, 9), organ=DEPARTMENT, year=2024).replace("2024-01-12", "2025-02-03")
    outside = xxgk.read_source(xxgk.registry.Source(header.encode("utf-8"), "report.html"))
    assert (outside.meta.published, outside.meta.published_at) == ("2025-02-03", None)


@pytest.mark.parametrize("head", [
    "成文日期：2025年01月20日 发布日期：2025年02月03日",
    "发布日期：2025年02月03日 成文日期：2025年01月20日",
    "成文日期：2025-01-20　发布时间：2025-02-03 09:30　来源：某某市财政局",
    "【成文日期】2025-01-20 【发布日期】2025-02-03",
    "发文日期：2025-01-20\n发布日期：2025-02-03",
    "成文日期：\n2025-01-20\n发布日期：\n2025-02-03",
    "印发日期：2025-01-20\n生效日期：2025-01-21\n发布时间：2025-02-03",
])
def test_the_publication_date_over_the_drafting_one_in_text(head):
    """A page's 发布日期 or 发布时间 is its publication, in whatever order the page gives 成文日期 (the day
    the text was signed) and the other dates beside it."""
    text = dated(DEPARTMENT, 2024, None).replace("本报告根据", f"{head}\n本报告根据", 1)
    report = read_text(text)
    assert (report.meta.published, report.meta.published_from) == ("2025-02-03", "page")
    line = next(n for n, ln in enumerate(text.splitlines(), start=1) if "02-03" in ln or "02月03日" in ln)
    assert [(f.severity, f.location) for f in found(report)] == [("warning", Location(line=line))]


@pytest.mark.parametrize("head, day", [
    ("成文日期：2025-01-20", "2025-01-20"),                              # no publication date: the drafting's
    ("成文日期：2025-01-25 发布日期：2025-01-28", "2025-01-28"),            # both in time
    ("印发日期：2025-01-20", None),                                      # no date of the page
])
def test_the_publication_date_over_the_drafting_one_near_misses(head, day):
    report = read_text(dated(DEPARTMENT, 2024, None).replace("本报告根据", f"{head}\n本报告根据", 1))
    assert report.meta.published == day
    assert [f.severity for f in found(report)] == ([] if day else ["info"])


@pytest.mark.parametrize("info", [
    '<div class="info">成文日期：2025-01-20　发布日期：2025-02-05　来源：区政府办公室</div>',
    '<div class="info">发布日期：2025-02-05　成文日期：2025-01-20</div>',
    "<table><tr><td>成文日期：</td><td>2025-01-20</td><td>发布日期：</td><td>2025-02-05</td></tr></table>",
    "<table><tr><td>发布时间：</td><td>2025年2月5日</td></tr><tr><td>成文日期：</td><td>2025年1月20日</td></tr></table>",
])
def test_the_publication_date_over_the_drafting_one_in_html(info):
    html = page(consistent_values(6, 9), organ=DEPARTMENT, year=2024)
    html = re.sub(r'<div class="info">.*?</div>', info, html, count=1, flags=re.S)
    report = xxgk.read_source(xxgk.registry.Source(html.encode("utf-8"), "report.html"))
    assert (report.meta.published, report.meta.published_from) == ("2025-02-05", "page")
    assert [f.severity for f in found(report)] == ["warning"]


@pytest.mark.parametrize("organ, late_day", [(DEPARTMENT, "2025-02-20"), (GOVERNMENT, "2025-04-02")])
@pytest.mark.parametrize("signature", [
    "{organ}（盖章）  {date}", "{organ}(印章) {date}", "{organ}\n{date}（章）", "{date}\n{organ}（盖章）",
    "{date}\n（盖章）", "（公章）\n{organ}\n{date}",
])
def test_a_signature_with_a_seal(organ, late_day, signature):
    """A seal's mark beside the organ's name or the date, or on a line of its own, leaves the
    signature's date the signature's: not unknown, nor taken for the page's."""
    y, m, d = map(int, late_day.split("-"))
    date = f"{y}年{m}月{d}日"
    signed = signature.format(organ=organ, date=date)
    text = report_text(consistent_values(6, 9), organ=organ, year=2024,
                       prose={**prose(2024), 6: prose(2024)[6] + "\n\n" + signed})
    report = read_text(text)
    line = next(n for n, ln in enumerate(text.splitlines(), start=1) if date in ln)
    assert (report.meta.published, report.meta.published_from, report.meta.published_at) == (
        late_day, "signature", Location(line=line))
    assert [(f.severity, f.location) for f in found(report)] == [("warning", Location(line=line))]


@pytest.mark.parametrize("six", [
    "本年度未收取信息处理费。\n\n请各单位于2025年2月20日前盖章报送。",     # a date in a sentence
    "本年度未收取信息处理费。\n\n（盖章）",                               # a seal and no date
])
def test_a_seal_without_a_signature_s_date(six):
    report = read_text(report_text(consistent_values(6, 9), organ=DEPARTMENT, year=2024,
                                   prose={**prose(2024), 6: six}))
    assert report.meta.published is None


@pytest.mark.parametrize("created, day", [
    ("D:20240331170000Z'", "2024-04-01"),           # 17:00 UTC is 01:00 the next day in China
    ("D:20240331170000Z", "2024-04-01"),
    ("D:20240331153000Z00'00'", "2024-03-31"),      # 23:30 in China
    ("D:20240331230000-05'00'", "2024-04-01"),      # 12:00 the next day in China
    ("D:20240401010000+09'00'", "2024-04-01"),      # 00:00 in China
    ("D:20240401003000+09'30'", "2024-03-31"),
    ("D:20240331170000+08'00'", "2024-03-31"),
    ("D:20240331230000", "2024-03-31"),             # no zone: the writer's clock
    ("D:20240331Z", "2024-03-31"),                  # no time of day: the day written
])
def test_the_creation_date_of_a_pdf_in_china_s_time(created, day):
    """A PDF's CreationDate with a time zone is taken in China's time (UTC+8), as a DOCX's created date is."""
    assert pdf_date(created) == day


def test_a_pdf_created_late_in_china_s_time(tmp_path):
    writer = pypdf.PdfWriter(clone_from=SAMPLES / "hongze-2023.pdf")   # 淮安市洪泽区人民政府: by 2024-03-31
    writer.add_metadata({"/CreationDate": "D:20240331170000Z'"})
    writer.write(tmp_path / "r.pdf")
    report = xxgk.read(tmp_path / "r.pdf")
    assert (report.meta.published, report.meta.published_from) == ("2024-04-01", "pdf")
    assert [severity for severity, _ in late(report)] == ["warning"]
