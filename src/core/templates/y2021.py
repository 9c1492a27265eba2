"""The 2021 national format (国办公开办函〔2021〕30号) as data: its six sections, tables 2-4 and their
arithmetic rules (`xxgk keys` and docs/keys.md list every key)."""
from __future__ import annotations

from ..template import ColumnSpec, Equation, RowSpec, SectionSpec, TableTemplate, Template

# Headings as the format prints them, then wordings seen in published reports
SECTIONS = (
    SectionSpec(1, "一、总体情况", ("总体情况概述", "概述", "基本情况", "政府信息公开工作总体情况")),
    SectionSpec(2, "二、主动公开政府信息情况",
                ("行政机关主动公开政府信息情况", "主动公开政府信息的情况", "主动公开情况")),
    SectionSpec(3, "三、收到和处理政府信息公开申请情况",
                ("收到和处理政府信息公开申请的情况", "依申请公开政府信息情况")),
    SectionSpec(4, "四、政府信息公开行政复议、行政诉讼情况",
                ("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
                 "因政府信息公开申请行政复议、提起行政诉讼的情况", "政府信息公开行政复议、行政诉讼的情况")),
    SectionSpec(5, "五、存在的主要问题及改进情况",
                ("政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及整改措施", "存在的主要问题及改进措施",
                 "存在的主要问题及整改情况", "存在的主要问题和改进情况", "存在的主要问题和改进措施",
                 "主要问题和改进措施", "存在的问题及改进措施", "存在的不足及改进措施",
                 "工作中存在的主要问题及改进情况")),
    SectionSpec(6, "六、其他需要报告的事项", ("其他需要报告的事项情况", "其他需要说明的事项", "其他需要报告事项")),
)

# ---- table 2 ---------------------------------------------------------------------------------
_DOCS = (ColumnSpec("issued", "本年制发件数"), ColumnSpec("repealed", "本年废止件数"),
         ColumnSpec("in_force", "现行有效件数"))
_DECISIONS = (ColumnSpec("decisions", "本年处理决定数量"),)

TABLE2 = TableTemplate(
    table="t2", variant="2021", title="主动公开政府信息情况", section=2,
    anchors=("第二十条第（一）项", "本年制发件数"),
    rows=(
        RowSpec("regulations", "规章", _DOCS, group="第二十条第（一）项"),
        RowSpec("normative_documents", "行政规范性文件", _DOCS, ("规范性文件",), group="第二十条第（一）项"),
        RowSpec("licensing", "行政许可", _DECISIONS, group="第二十条第（五）项"),
        RowSpec("penalty", "行政处罚", _DECISIONS, group="第二十条第（六）项"),
        RowSpec("coercion", "行政强制", _DECISIONS, group="第二十条第（六）项"),
        RowSpec("fees", "行政事业性收费", (ColumnSpec("amount", "本年收费金额（单位：万元）"),),
                group="第二十条第（八）项"),
    ),
    decimal_keys=frozenset({"t2.fees.amount"}),
    header_labels=("信息内容",),
    stated=(   # on normalised clauses ("本年度制发行政规范性文件62件")
        ("t2.normative_documents.issued", r"(?:制发|制定|出台|印发)了?(?:行政)?规范性文件共?(?P<n>\d+)件"),
        ("t2.normative_documents.repealed", r"废止了?(?:行政)?规范性文件共?(?P<n>\d+)件"),
        ("t2.normative_documents.in_force", r"现行有效的?(?:行政)?规范性文件共?(?P<n>\d+)件"),
        ("t2.regulations.issued", r"(?:制发|制定|出台)了?规章共?(?P<n>\d+)件"),
        ("t2.regulations.repealed", r"废止了?规章共?(?P<n>\d+)件"),
    ),
)

# ---- table 3 ---------------------------------------------------------------------------------
APPLICANTS = (
    ColumnSpec("natural_person", "自然人"),
    ColumnSpec("commercial", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("social_welfare", "社会公益组织"),
    ColumnSpec("legal_service", "法律服务机构"),
    ColumnSpec("other", "其他"),
)
T3_COLUMNS = APPLICANTS + (ColumnSpec("total", "总计"),)


def _rows(spec, group: str | None = None):
    return tuple(RowSpec(key, label, T3_COLUMNS, tuple(aliases), group) for key, label, *aliases in spec)


RESULTS_LABEL = "三、本年度办理结果"
T3_HEAD = _rows([
    ("new_received", "一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量"),
])
T3_RESULTS = _rows([
    ("disclosed", "（一）予以公开", RESULTS_LABEL + "（一）予以公开"),
    ("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
]) + _rows([
    ("withheld.state_secret", "1.属于国家秘密"),
    ("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("withheld.security_stability", "3.危及“三安全一稳定”"),
    ("withheld.third_party_rights", "4.保护第三方合法权益"),
    ("withheld.internal_affairs", "5.属于三类内部事务信息"),
    ("withheld.process_info", "6.属于四类过程性信息"),
    ("withheld.enforcement_files", "7.属于行政执法案卷"),
    ("withheld.inquiry_matters", "8.属于行政查询事项"),
], "（三）不予公开") + _rows([
    ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.unclear_request", "3.补正后申请内容仍不明确"),
], "（四）无法提供") + _rows([
    ("not_processed.complaint", "1.信访举报投诉类申请"),
    ("not_processed.duplicate", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.reconfirm", "5.要求行政机关确认或重新出具已获取信息"),
], "（五）不予处理")
T3_OTHER_HANDLING = _rows([
    ("other_handling.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_handling.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_handling.other", "3.其他"),
], "（六）其他处理")
T3_SINGLE_OTHER_HANDLING = _rows([("other_handling", "（六）其他处理")])
T3_TAIL = _rows([
    ("results_total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理", "结转下年度继续办理"),
])

_NUMERALS = {"new_received": "一", "carried_over": "二", "results_total": "（七）", "carried_forward": "四"}


def table3_equations(results: tuple[RowSpec, ...]) -> tuple[Equation, ...]:
    """T3-BALANCE and T3-RESULTS per column, T3-ROWTOTAL per row."""
    eqs = []
    for col in T3_COLUMNS:
        k = {name: f"t3.{name}.{col.key}" for name in _NUMERALS}
        eqs.append(Equation("T3-BALANCE", (k["new_received"], k["carried_over"]),
                            (k["results_total"], k["carried_forward"]), col.label, "一+二", "（七）+四"))
        eqs.append(Equation("T3-RESULTS", (k["results_total"],),
                            tuple(f"t3.{r.key}.{col.key}" for r in results), col.label,
                            "（七）总计", "办理结果各项之和"))
    for row in T3_HEAD + results + T3_TAIL:
        eqs.append(Equation("T3-ROWTOTAL", (f"t3.{row.key}.total",),
                            tuple(f"t3.{row.key}.{c.key}" for c in APPLICANTS),
                            (row.group or "") + (row.label or row.key), "总计", "各类申请人之和"))
    return tuple(eqs)


def table3(variant: str, other_handling: tuple[RowSpec, ...]) -> TableTemplate:
    results = T3_RESULTS + other_handling
    return TableTemplate(
        table="t3", variant=variant, title="收到和处理政府信息公开申请情况", section=3,
        anchors=("勾稽关系", "本年新收政府信息公开申请数量"),
        rows=T3_HEAD + results + T3_TAIL,
        equations=table3_equations(results),
        results_label=RESULTS_LABEL,
        header_labels=("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
                       "法人或其他组织"),
        stated=(
            ("t3.new_received.total", r"新收(?:到)?(?:政府信息公开)?申请共?(?P<n>\d+)件"),
            ("t3.carried_over.total", r"上年结转的?(?:政府信息公开)?申请共?(?P<n>\d+)件"),
            ("t3.carried_forward.total", r"结转下年度(?:继续办理)?的?(?:政府信息公开)?(?:申请)?共?(?P<n>\d+)件"),
        ),
    )


TABLE3 = table3("2021", T3_OTHER_HANDLING)

# ---- table 4 ---------------------------------------------------------------------------------
_OUTCOMES = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
             ("pending", "尚未审结"), ("total", "总计"))
T4_GROUPS = (("review", "行政复议"), ("litigation_direct", "行政诉讼·未经复议直接起诉"),
             ("litigation_after_review", "行政诉讼·复议后起诉"))

TABLE4 = TableTemplate(
    table="t4", variant="2019/2021", title="政府信息公开行政复议、行政诉讼情况", section=4,   # the same in both formats
    anchors=("行政复议", "尚未审结"),
    rows=(RowSpec("", None, tuple(ColumnSpec(f"{g}.{o}", label)
                                  for g, _ in T4_GROUPS for o, label in _OUTCOMES)),),
    header_labels=("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"),
    equations=tuple(
        Equation("T4-TOTAL", (f"t4.{g}.total",), tuple(f"t4.{g}.{o}" for o, _ in _OUTCOMES[:4]),
                 name, "总计", "维持+纠正+其他+未审结")
        for g, name in T4_GROUPS),
)

TEMPLATE = Template("2021", SECTIONS, (TABLE2, TABLE3, TABLE4), first_year=2021)   # 国办公开办函〔2021〕30号
