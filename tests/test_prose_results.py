"""PROSE-TABLE on the results of applications (予以公开 N 件 …, table 3's rows) and on the 规章 and
行政规范性文件 the prose says were made, repealed or are in force (table 2), with their plausible
readings; a figure of another scope or time never raises."""
from __future__ import annotations

from pathlib import Path

import pytest

import xxgk
from xxgk import limits

from conftest import read_text
from reportgen import consistent_values, report_text

V = consistent_values(3, 9)
TEXT_2019 = (Path(__file__).resolve().parent / "data" / "y2019" / "jiaotong-2019.txt").read_text(encoding="utf-8")
WITHHELD = sum(V[k] for k in V if k.startswith("t3.withheld.") and k.endswith(".total"))
UNAVAILABLE = sum(V[k] for k in V if k.startswith("t3.unavailable.") and k.endswith(".total"))
NOT_PROCESSED = sum(V[k] for k in V if k.startswith("t3.not_processed.") and k.endswith(".total"))
OTHER = sum(V[k] for k in V if k.startswith("t3.other_handling.") and k.endswith(".total"))
DISCLOSED, PARTIAL = V["t3.disclosed.total"], V["t3.partially_disclosed.total"]
ISSUED, IN_FORCE = V["t2.normative_documents.issued"], V["t2.normative_documents.in_force"]


def prose_findings(sentence: str, values=V):
    report = read_text(report_text(values, organ="某某市人民政府办公室", prose={1: sentence}))
    return [f for f in xxgk.validate(report) if f.rule == "PROSE-TABLE"]


@pytest.mark.parametrize("sentence", [
    f"本年度共收到政府信息公开申请{V['t3.new_received.total']}件，其中予以公开{DISCLOSED}件，部分公开{PARTIAL}件，"
    f"不予公开{WITHHELD}件，无法提供{UNAVAILABLE}件，不予处理{NOT_PROCESSED}件，其他处理{OTHER}件。",
    f"依申请公开方面，予以公开{DISCLOSED}件、部分公开{PARTIAL}件、不予公开{WITHHELD}件。",
    f"对收到的申请，予以公开（含部分公开）{DISCLOSED + PARTIAL}件。",              # 予以公开 with 部分公开
    f"申请中同意公开答复{DISCLOSED}件。",
    f"本年度制发行政规范性文件{ISSUED}件。",
    f"主动公开本机关规范性文件{IN_FORCE}件。",                                  # those in force
    f"现行有效的规范性文件{IN_FORCE}件。",
])
def test_figures_the_tables_give(sentence):
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence, cells, stated, given", [
    (f"本年度收到的申请中，予以公开{DISCLOSED + PARTIAL + 1}件。", ["t3.disclosed.total"], DISCLOSED + PARTIAL + 1,
     [DISCLOSED, DISCLOSED + PARTIAL]),
    (f"依申请公开方面，予以公开{DISCLOSED}件、部分公开{PARTIAL}件、不予公开{WITHHELD + 2}件。",
     ["t3.withheld.state_secret.total"], WITHHELD + 2, [WITHHELD]),
    (f"办理申请时无法提供{UNAVAILABLE + 1}件。", ["t3.unavailable.not_held.total"], UNAVAILABLE + 1, [UNAVAILABLE]),
    (f"对申请不予处理{NOT_PROCESSED + 4}件，其他处理{OTHER}件。", ["t3.not_processed.complaint.total"],
     NOT_PROCESSED + 4, [NOT_PROCESSED]),
    (f"本年度制发行政规范性文件{ISSUED + IN_FORCE + 1}件。", ["t2.normative_documents.issued"],
     ISSUED + IN_FORCE + 1, [ISSUED, IN_FORCE]),
    (f"本年度废止规章{V['t2.regulations.repealed'] + 1}件。", ["t2.regulations.repealed"],
     V["t2.regulations.repealed"] + 1, [V["t2.regulations.repealed"]]),
])
def test_figures_the_tables_contradict(sentence, cells, stated, given):
    [finding] = prose_findings(sentence)
    assert (finding.severity, finding.cells[:1], finding.lhs, finding.rhs) == ("warning", cells, stated, given[0])
    assert finding.message.endswith(f"({stated}), the tables give {' or '.join(map(str, given))}")


@pytest.mark.parametrize("sentence", [
    f"全市共收到申请500件，其中予以公开{DISCLOSED + 50}件。",                    # the whole city
    f"各部门收到的申请中，予以公开{DISCLOSED + 50}件。",                          # other organs
    f"上年收到的申请中，予以公开{DISCLOSED + 50}件。",                            # last year
    f"近三年累计制发行政规范性文件{ISSUED + 30}件。",                               # years together
    f"对市政府文件开展公开属性审查，予以公开{DISCLOSED + 50}件，不予公开{WITHHELD + 9}件。",   # not applications
    "本年度主动公开政府信息84条，其中规范性文件3件。",                                # a count without a verb
    "本年度制发政策性文件11件。",                                                # not 规范性文件
])
def test_figures_of_another_scope_or_time(sentence):
    assert prose_findings(sentence) == []


def test_not_disclosed_is_no_disclosed():
    """不予以公开 N 件 is read as 不予公开, never as 予以公开."""
    assert prose_findings(f"对申请不予以公开{WITHHELD}件。") == []
    [finding] = prose_findings(f"对申请不予以公开{DISCLOSED}件。")
    assert finding.cells[0] == "t3.withheld.state_secret.total"


def test_a_row_not_given_is_not_read():
    values = {**V, "t3.withheld.state_secret.total": None}
    assert prose_findings(f"依申请公开方面，不予公开{WITHHELD + 2}件。", values) == []


def row(key: str) -> int:
    return V[f"t3.{key}.total"]


RECEIVED = f"本年度收到申请{V['t3.new_received.total']}件，"


@pytest.mark.parametrize("said, key", [
    ("因属于国家秘密不予公开{n}件", "withheld.state_secret"),
    ("其中保护第三方合法权益不予公开{n}件", "withheld.third_party_rights"),
    ("不予公开（属于四类过程性信息）{n}件", "withheld.process_info"),
    ("本机关不掌握相关政府信息无法提供{n}件", "unavailable.not_held"),
    ("因没有现成信息需要另行制作无法提供{n}件", "unavailable.needs_creation"),
    ("信访举报投诉类申请不予处理{n}件", "not_processed.complaint"),
    ("重复申请不予处理{n}件", "not_processed.duplicate"),
    ("申请人逾期不补正其他处理{n}件", "other_handling.no_correction"),
    ("由于申请内容不明确无法提供{n}件", "unavailable.unclear_request"),
])
def test_a_figure_given_for_a_reason_is_that_reasons_row(said, key):
    """Table 3's own sub-row labels tell the row: the figure is compared with it, never the group's."""
    assert prose_findings(RECEIVED + said.format(n=row(key)) + "。") == []
    [finding] = prose_findings(RECEIVED + said.format(n=row(key) + 1) + "。")
    assert (finding.rule, finding.cells, finding.lhs, finding.rhs) == ("PROSE-TABLE", [f"t3.{key}.total"],
                                                                       row(key) + 1, row(key))
    assert finding.message.endswith(f"({row(key) + 1}), the tables give {row(key)}")


@pytest.mark.parametrize("said", [
    f"因涉及个人隐私不予公开{WITHHELD + 1}件",          # a reason no label names: its row is not told
    f"商业秘密不予公开{WITHHELD + 1}件",
    f"属于其他情形不予公开{WITHHELD + 1}件",
    f"因超出本机关职责范围无法提供{UNAVAILABLE + 1}件",
])
def test_a_reason_whose_row_cannot_be_told_is_not_compared(said):
    assert prose_findings(RECEIVED + said + "。") == []


@pytest.mark.parametrize("said, cells, given", [
    (f"依法不予公开{WITHHELD + 1}件", "t3.withheld.state_secret.total", WITHHELD),     # no reason: the group
    (f"经审查无法提供{UNAVAILABLE + 2}件", "t3.unavailable.not_held.total", UNAVAILABLE),
    (f"予以公开{DISCLOSED}件、不予公开{WITHHELD + 3}件", "t3.withheld.state_secret.total", WITHHELD),
])
def test_a_figure_without_a_reason_is_its_groups(said, cells, given):
    [finding] = prose_findings(RECEIVED + said + "。")
    assert (finding.cells[0], finding.rhs) == (cells, given)


BAD = ISSUED + IN_FORCE + 5   # no reading of table 2 gives it


@pytest.mark.parametrize("sentence", [
    f"本年度制发党内规范性文件{BAD}件。",                  # the party's documents
    f"本年度公开征求意见的规范性文件草案{BAD}件。",          # drafts
    f"本年度公开征求意见规范性文件{BAD}件。",
    f"本年度发布规范性文件解读{BAD}件。",                  # interpretations
    f"本年度公开上级规范性文件{BAD}件。",                  # another organ's documents
    f"本年度公开规章草案{BAD}件。",
    f"本年度废止、修改规范性文件{BAD}件。",                # 修改 is not 废止
    f"本年度修改、废止规范性文件{BAD}件。",
    f"本年度印发《关于加强管理的通知》等规范性文件{BAD}件。",
])
def test_documents_other_than_the_organs_own_made_or_repealed(sentence):
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence, cells", [
    (f"本年度制定并印发行政规范性文件{BAD}件。", "t2.normative_documents.issued"),
    (f"本年度本机关共制发规范性文件共计{BAD}件。", "t2.normative_documents.issued"),
    (f"本年度废止规章{V['t2.regulations.repealed'] + 1}件。", "t2.regulations.repealed"),
])
def test_the_organs_own_documents(sentence, cells):
    [finding] = prose_findings(sentence)
    assert (finding.rule, finding.cells) == ("PROSE-TABLE", [cells])


NEW = V["t3.new_received.total"]


@pytest.mark.parametrize("sentence", [
    f"2023年共收到政府信息公开申请{NEW + 5}件。",                             # another year than the report's
    f"2023年度本机关收到申请{NEW + 5}件，予以公开{DISCLOSED + 50}件。",          # … and the clauses after it
    f"二〇二三年收到申请{NEW + 5}件。",
    f"本年度收到申请{NEW}件，比2023年的{NEW + 5}件有所减少。",
    f"本年度收到申请{NEW}件，予以公开{DISCLOSED}件，其中县政府办公室予以公开{DISCLOSED + 50}件。",   # another organ
    f"本年度共收到申请{NEW + 20}件，其中县财政局收到申请{NEW}件，予以公开{DISCLOSED + 50}件。",
])
def test_figures_of_another_year_or_organ(sentence):
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence, stated", [
    (f"2024年共收到政府信息公开申请{NEW + 5}件。", NEW + 5),                      # the report's own year
    (f"2023年收到申请{NEW + 9}件，本年度收到申请{NEW + 5}件。", NEW + 5),          # 本年度: the report's again
    (f"2023年收到申请{NEW + 9}件，2024年收到申请{NEW + 5}件。", NEW + 5),
    (f"本年度收到申请{NEW + 5}件，其中网上申请{NEW}件。", NEW + 5),                 # 其中 and no organ
])
def test_figures_of_the_reports_year_among_others(sentence, stated):
    [finding] = prose_findings(sentence)
    assert (finding.cells[0], finding.lhs, finding.rhs) == ("t3.new_received.total", stated, NEW)


LONG = 20_000


@pytest.mark.parametrize("prose, key, stated", [
    # every clause searched the whole sentence again (and stripped it) for what it is about
    (f"申请行政复议{V['t4.review.total']}件，" * LONG + "申请行政复议{n}件。", "t4.review.total",
     V["t4.review.total"] + 1),
    # every figure split the whole clause before it to find its own item's words
    ("依申请公开方面，" + f"予以公开{DISCLOSED}件、" * LONG + "予以公开{n}件。", "t3.disclosed.total",
     DISCLOSED + PARTIAL + 1),
    # a chain of verbs that names no document, read again from each of its verbs
    ("印发" * LONG + "，制发行政规范性文件{n}件。", "t2.normative_documents.issued", BAD),
    # fillers and 共计 that could be read in many ways: each way tried (exponential)
    ("发布" + "了" * 40 + "通知，制发行政规范性文件{n}件。", "t2.normative_documents.issued", BAD),
    ("发布规章" + "共计" * 30 + "，制发行政规范性文件{n}件。", "t2.normative_documents.issued", BAD),
    # digits that are no figure before an item: each read again from every digit for a figure's unit
    ("依申请公开方面，" + "1" * 3 * LONG + "予以公开{n}件。", "t3.disclosed.total", DISCLOSED + PARTIAL + 1),
], ids=["clauses", "items", "verbs", "fillers", "totals", "digits"])
def test_long_or_ambiguous_prose_is_checked_in_linear_time(prose, key, stated):
    """Within 5 s of processor time (a tenth of that is enough; each of these took minutes or
    more), the wrong figure at the end is still found."""
    report = read_text(report_text(V, organ="某某市人民政府办公室", prose={1: prose.format(n=stated)}))
    with limits.time_limit(5):
        findings = [f for f in xxgk.validate(report) if f.rule == "PROSE-TABLE"]
    assert [(f.cells[0], f.lhs) for f in findings] == [(key, stated)]


FORWARD, DONE = V["t3.carried_forward.total"], V["t3.results_total.total"]


@pytest.mark.parametrize("said", [
    "本年度新收政府信息公开申请{new}件，结转下年度继续办理的申请{n}件。",
    "本年度办结申请{done}件，结转下年度办理{n}件。",
    "结转至下一年度继续办理的政府信息公开申请{n}件。",
])
def test_carried_forward_is_its_own_row(said):
    """结转下年度继续办理 N 件 is table 3's 四、结转下年度继续办理, never the applications handled."""
    assert prose_findings(said.format(new=NEW, done=DONE, n=FORWARD)) == []
    [finding] = prose_findings(said.format(new=NEW, done=DONE, n=FORWARD + 1))
    assert (finding.cells, finding.lhs, finding.rhs) == (["t3.carried_forward.total"], FORWARD + 1, FORWARD)


@pytest.mark.parametrize("said", [
    "本年度延期答复申请{n}件。",
    "本年度共办结申请{done}件，其中延期答复{n}件。",
    "本年度按时答复政府信息公开申请{n}件。",
    "通过网上平台收到政府信息公开申请{n}件。",
    "当场答复申请{n}件。",
    "本年度收到涉及行政处罚的政府信息公开申请{n}件。",      # applications about one matter
    "收到关于征地拆迁的申请{n}件，均已按期办结。",
])
def test_a_part_of_the_applications_is_no_total(said):
    assert prose_findings(said.format(done=DONE, n=2)) == []


def test_a_total_beside_a_part_is_read():
    [finding] = prose_findings(f"本年度办结申请{DONE + 3}件，其中延期答复2件。")
    assert (finding.cells, finding.lhs, finding.rhs) == (["t3.results_total.total"], DONE + 3, DONE)


THOUSANDS = {**V, "t3.new_received.total": 1234, "t3.disclosed.total": 12345}


@pytest.mark.parametrize("sentence, stated, cell", [
    ("本年度收到政府信息公开申请1,243件。", 1243, "t3.new_received.total"),
    ("本年度共收到申请1,243件，予以公开12,345件。", 1243, "t3.new_received.total"),
    ("本年度收到申请1,234件，予以公开12,354件。", 12354, "t3.disclosed.total"),
])
def test_a_figure_with_thousands_separators(sentence, stated, cell):
    """1,234 is one figure: the comma in it ends no clause."""
    [finding] = prose_findings(sentence, THOUSANDS)
    assert (finding.cells[0], finding.lhs) == (cell, stated)


@pytest.mark.parametrize("sentence", [
    "本年度收到政府信息公开申请1,234件。",
    "本年度共收到申请1,234件，予以公开12,345件。",
    "本年度收到申请1，243件。",     # a full-width comma ends a clause: 1 and 243, neither read as a count
])
def test_a_figure_with_thousands_separators_near_misses(sentence):
    assert prose_findings(sentence, THOUSANDS) == []


LICENSING, PENALTY, COERCION = (V[f"t2.{row}.decisions"] for row in ("licensing", "penalty", "coercion"))
REVIEW = V["t4.review.total"]
SUITS = V["t4.litigation_direct.total"] + V["t4.litigation_after_review.total"]


@pytest.mark.parametrize("sentence, found", [
    (f"本年度发生政府信息公开行政复议{REVIEW}件，行政诉讼{SUITS + 2}件。",
     [(["t4.litigation_direct.total"], SUITS + 2)]),
    (f"因政府信息公开被申请行政复议{REVIEW + 1}件，行政诉讼{SUITS + 2}件。",
     [(["t4.review.total"], REVIEW + 1), (["t4.litigation_direct.total"], SUITS + 2)]),
    (f"政府信息公开行政诉讼{SUITS}件，行政复议{REVIEW + 3}件。", [(["t4.review.total"], REVIEW + 3)]),
])
def test_the_items_of_a_list_of_reviews_and_suits(sentence, found):
    """The clauses after 政府信息公开行政复议 N 件, items of its list, are of its scope (行政诉讼 N 件)."""
    assert [(f.cells[:1], f.lhs) for f in prose_findings(sentence)] == found


@pytest.mark.parametrize("sentence", [
    f"本机关收到政府信息公开申请{V['t3.new_received.total']}件，行政诉讼{SUITS + 30}件。",   # no list of reviews
    f"本年度办理行政复议案件{REVIEW + 40}件，行政诉讼{SUITS + 9}件。",                        # not of 信息公开
    f"本年度发生政府信息公开行政复议{REVIEW}件。全市行政诉讼{SUITS + 9}件。",
])
def test_reviews_and_suits_of_another_scope(sentence):
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence, found", [
    (f"公开行政许可决定{LICENSING + 33}件，行政处罚决定{PENALTY}件。", [("t2.licensing.decisions", LICENSING + 33)]),
    (f"本年度行政许可{LICENSING}件，行政处罚决定书{PENALTY + 3}件，行政强制决定{COERCION + 4}件。",
     [("t2.penalty.decisions", PENALTY + 3), ("t2.coercion.decisions", COERCION + 4)]),
    (f"主动公开行政处罚处理决定共计{PENALTY + 1}条。", [("t2.penalty.decisions", PENALTY + 1)]),
])
def test_decisions_against_table_2(sentence, found):
    assert [(f.cells[0], f.lhs, f.rhs) for f in prose_findings(sentence)] == [
        (cell, stated, V[cell]) for cell, stated in found]


@pytest.mark.parametrize("sentence", [
    f"公开行政许可决定{LICENSING}件，行政处罚决定{PENALTY}件，行政强制决定{COERCION}件。",
    f"不予行政许可决定{LICENSING + 3}件，撤销行政许可{LICENSING + 1}件。",             # a kind of decision
    f"适用简易程序作出行政处罚决定{PENALTY + 5}件。",
    f"行政许可、行政处罚决定共{LICENSING + PENALTY + 9}件。",                          # several together
    f"办理行政处罚案件{PENALTY + 50}件，行政许可事项{LICENSING + 20}项。",               # cases, items
    f"全市公开行政处罚决定{PENALTY + 1500}件。",                                        # another scope
    f"各乡镇作出行政许可决定{LICENSING + 15}件。",
    f"行政处罚决定较上年增加{PENALTY + 15}件。",                                        # a difference
    f"收到申请{V['t3.new_received.total']}件，其中涉及行政处罚{PENALTY + 2}件。",        # a part of applications
])
def test_decisions_near_misses(sentence):
    assert prose_findings(sentence) == []


@pytest.mark.parametrize("sentence, found", [
    ("本年度行政许可处理决定1280件，行政处罚决定215件。", []),
    ("本年度公开行政许可45件。", []),                           # 上一年项目数量
    ("本年度公开行政许可48件。", []),                           # this year's items: 45 + 3
    ("本年度公开行政许可决定50件。", [("t2.licensing.decisions", 50, 1280)]),
    ("行政强制决定13件。", [("t2.coercion.decisions", 13, 12)]),
])
def test_decisions_against_a_2019_table_2(sentence, found):
    """A 2019 report's table 2 gives 处理决定数量, 上一年项目数量 and 本年增/减: each is a reading."""
    report = read_text(TEXT_2019.replace("一、总体情况\n", f"一、总体情况\n{sentence}\n", 1))
    assert [(f.cells[0], f.lhs, f.rhs) for f in xxgk.validate(report) if f.rule == "PROSE-TABLE"] == found
