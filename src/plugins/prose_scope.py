"""The clauses of a report's prose that speak of the report's own organ and year: the only ones the
prose rules (PROSE-TABLE, FEE-PROSE) compare with the tables. When the scope cannot be told, the
clause is not read: a check missed is better than a figure of someone else's taken for the report's.

A sentence is read clause by clause (clauses end at a comma; an ASCII comma between a digit and a
group of exactly three, as in 1,234.5 or 12,345, is a thousands separator and ends none; a
full-width one always ends a clause: "3，456件" may be 3 and 456). Its first clause is taken to speak
of the report's organ and year; a clause that does not stops the reading of itself and of the
clauses after it, until one names the report's organ or year again:

- words of other organs or another time (ELSEWHERE: 全市, 各部门, 所属, 局属, 同比, 较上年, 累计,
  近三年, a plan …), or a year other than the report's ("2023年共收到申请20件，予以公开18件" in a report
  of 2024), stop it;
- so does a subject that names another organ. The subject is the words before the clause's verb
  (收到, 受理, 收取, 办结, 答复, 予以公开 …) or its first figure, after a paragraph's number or a label
  (（四）, 一是, 依申请公开情况：) and the time and filler words (本年度, 共, 其中, 由 …). They name
  another organ when they are a name (words ending in a kind of organ, or a place's name: 县政府办公室,
  县财政局, 县纪委监委, 县档案馆, 局属事业单位, 县本级) that is neither the report's organ nor a word for
  itself (本机关, 本单位, 我局 …). The report's organ is its name or an end of it (财政局, 县财政局 of
  某某县财政局; 人民政府 written 政府 too), the government a government's office serves (市政府 in the
  report of 某某市人民政府办公室) and the place a township's or a street's government is named by
  (某某镇, 某某街道). Organs told by a word of many or of others are never the report's: 各 + a kind of
  organ or place (各县（市、区）, 各村（社区）, 各镇街), 其他/其余/相关/有关/部分 + a kind of organ (其他部门,
  相关单位), 全系统 (ELSEWHERE). A note in brackets inside a subject is part of its name (its 、 joins
  no organs). Subjects joined (本机关和县档案馆) name another organ when one of them does.
  Words that begin with a reason, a manner or an action (因属于国家秘密, 经审查, 网上申请, 通过…平台)
  name nobody: such a clause, as one without a subject, goes on as the clause before it;
- 本年度, the report's year, the report's organ or a word for itself, in a clause with nothing of the
  above, starts the reading again ("全县共收到申请100件，其中本机关收到申请20件" reads 20).

A clause 其中 + another organ also stops the clauses before it in its sentence: the figure they state
is a sum over several organs ("共收到申请34件，其中县财政局收到申请20件").
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from xxgk.dates import year_number
from xxgk.model import Location, Report, located

SENTENCES = re.compile(r"[^。；;！？!?\n]+")
# a comma is a thousands separator between a digit and a group of exactly three (1,234.5 or 12,345):
# only the ASCII comma, as figures are written; "3，456件" may be two figures, 3 and 456, and is cut
CLAUSES = re.compile(r"(?:[^，,]|(?<=\d),(?=\d{3}(?!\d)))+")
ELSEWHERE = (r"各乡镇|各街道|各部门|各单位|各地|县直|市直|区直|所属|下属|直属|[局委办厅]属|全[市县区省州盟旗]|系统内"
             r"|全系统|全行业|上年(?!结转)|去年|前年|同比|环比|累计|以来|上半年|下半年|季度|月份|计划|拟|预计"
             r"|近\d+年|近[两三四五]年")
_YEARS = re.compile(r"((?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年|(本年|今年)")
# what ends a clause's subject: its verb, or its first figure (looked for from a run's first digit only)
_VERB = (r"收到|受理|接收|接到|新收|收取|收缴|办结|答复|处理|办理|予以|同意公开|部分公开|不予|无法提供|制发|制定"
         r"|出台|印发|发布|公开|新增|废止|现行有效|产生|发生|被申请|结转|延期"
         r"|(?<![\d,])\d[\d,]*(?:\.\d+)?\s*(?:件|个|项|宗|起|份|条|次|万元|元)")
# time and filler words before or after a subject (the years are taken out before), and a negation after it
_FILLER = (r"其中|由(?!于)|共计|合计|总计|总共|一共|共|全年|年度内|年内|度内|度|报告期内|期间|已经|已|均|都|全部|新"
           r"|依法|依申请|主动|实际|先后|另有|另外(?=[本我])|另(?!外)|此外|同时|还|又|有(?!关)|截至|截止|\d+月份?|\d+日|至|[，,：:\s（）()]")
_NEGATION = r"未|没有|并未|尚未|无|不"
# a paragraph's number or a clause's label before the subject: （四）, 2., 一是, 依申请公开情况：
_LABEL = (r"^.*?(?=其中[：:])|^.*[：:]"
          r"|^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}(?:是|、)|\d{1,2}[.、．](?!\d))")
SELF = r"(?:本|我)(?:行政机关|机关|单位|部门|机构|办公室|中心|公司|街道|局|委|办|厅|院|署|处|室|所|站|馆|镇|乡)"
# what joins two organs: 、, or 和/与/及 after an organ's kind (本机关和县档案馆, not 中华人民共和国)
_JOINED = r"、|以及|会同|(?<=[局委办厅署院馆社站队室所心位门关府])[和与及]"
# a name: words holding none of a reason's, a manner's or an action's, ending in a kind of organ (the
# longest such words); or a place's name
_NOT_NAME = (r"申请|信息|行政机关|要求|提供|确认|不|未|没有|无|因|由于|对|经(?:审|核|研|查|办)|依|按照|根据|通过"
             r"|涉及|属于|关于|相关|方面|其他|情况|事项|内容|文件|的|网上|线上|现场|当场|办事(?!处)"
             r"|强化|加强|推进|推动|开展|完善|深化|落实|做好|坚持|依托|利用|围绕|聚焦|建立|健全|持续|积极|严格|全面"
             r"|及时|规范|优化|提升|创新|拓宽|打造|组织|召开|举办|编制|梳理|更新|督促|指导|完成|明确")
_KIND = (r"委员会|办公室|办事处|街道|政府|中心|部门|单位|机关|机构|公司|集团|银行|学校|本级|医院|法院|检察院"
         r"|[局委办厅署司处科室所站馆社院队会部组团台联协乡镇村区县市省州旗]")
NAME = rf"(?:(?!{_NOT_NAME})[^\d\s，,。；、（）()《》“”]){{1,14}}(?:{_KIND})"
_PLACE = rf"[省市县区州旗乡镇](?:(?!{_NOT_NAME}).){{1,12}}"
# organs told by a word of many or of others (各县, 其他部门, 相关单位, 有关乡镇, 部分村): never the report's
# own, whatever kind they end in; 各 takes a place's kind or a 街 too (各镇街)
_COLLECTIVE = (rf"(?:(?:其他|其它|其余|另外|相关|有关|部分|个别|若干|多个)(?!{SELF})|各)"
               rf"(?:(?:(?!{_NOT_NAME})[^\d\s，,。；、（）()《》“”]){{0,12}}(?:{_KIND}|街))$")
# a note in brackets inside a subject (各县（市、区）, 各村（社区）): part of its name, not organs joined
_NOTE = r"[（(][^（）()\d]{1,12}[)）]"
LONGEST = 40   # a subject longer than this is read from its start only

OWN, OTHER, PART = "own", "other", "part"   # what a clause's subject names (None: nobody)


def own_clauses(report: Report) -> Iterator[tuple[str, str, Location | None]]:
    """(clause, its sentence, the location of its paragraph) of every clause of the report's prose
    that speaks of the report's organ and year (see the module)."""
    for text, location in paragraphs(report):
        for sentence in SENTENCES.findall(text):
            sentence = sentence.strip()
            for clause in _own(sentence, report.meta.year, report.meta.organ):
                yield clause, sentence, location


def paragraphs(report: Report) -> Iterator[tuple[str, Location | None]]:
    """(paragraph, where it stands) of the preamble and the sections: the paragraph's own location,
    else (JSON written before paragraphs had their own) its section's heading's."""
    yield from located(report.preamble, report.preamble_locations)
    for section in report.sections:
        yield from section.located()


def _own(sentence: str, year: int | None, organ: str | None) -> Iterator[str]:
    """The clauses of the sentence that speak of the report's `year` and `organ` (see the module)."""
    clauses = [c.strip() for c in CLAUSES.findall(sentence)]
    subjects = [_subject(c, organ) for c in clauses]
    first = max((i + 1 for i, named in enumerate(subjects) if named == PART), default=0)
    own = True
    for i, (clause, subject) in enumerate(zip(clauses, subjects)):
        years = [_year(m, year) for m in _YEARS.finditer(clause)]
        another_year = any(n is None or n != year for n in years)
        if _pattern("elsewhere").search(clause) or subject in (OTHER, PART) or another_year:
            own = False
        elif subject == OWN or years:
            own = True
        if own and i >= first and clause:
            yield clause


def _subject(clause: str, organ: str | None) -> str | None:
    """What the subject of a clause names (see the module): OWN, OTHER, PART (其中 + another organ),
    or None (no subject, or one that names nobody)."""
    plain = _pattern("label").sub("", _YEARS.sub(" ", clause), count=1)
    end = _pattern("verb").search(plain)
    if not end:
        return None
    said = plain[:end.start()][:LONGEST].lstrip(" ，,")
    words = _pattern("leading").sub("", _pattern("note").sub("", said))
    if _pattern("not name").match(words) and not _collective(words):
        return None   # a reason, a manner or an action (通过…、…平台发布): no subject
    named = {_member(member, organ) for member in _pattern("joined").split(words)} - {None}
    if OTHER in named:
        return PART if said.startswith("其中") else OTHER
    return OWN if named else None


def _member(words: str, organ: str | None) -> str | None:
    """What one of the organs a subject joins (本机关和县财政局) is: OWN, OTHER or None."""
    words = _pattern("trailing").sub("", _pattern("leading").sub("", words))
    if not words:
        return None
    if _collective(words):
        return OTHER
    name = _pattern("name").match(words)
    if _pattern("self").match(words) or words in _own_names(organ) or name and name[0] in _own_names(organ):
        return OWN
    return OTHER if _pattern("name").fullmatch(words) or _pattern("place").fullmatch(words) else None


def _collective(words: str) -> bool:
    """Whether the words (a subject, or one of the organs it joins, filler and all) name organs by a
    word of many or of others: 各县, 其他部门共, 相关单位."""
    return bool(_pattern("collective").match(_pattern("trailing").sub("", words)))


@cache
def _own_names(organ: str | None) -> frozenset[str]:
    """The ends of the organ's name (two characters to LONGEST) that name it: 财政局, 县财政局 … of
    某某县财政局; 人民政府 written 政府 too. A government's office (某某县人民政府办公室) reports the
    applications made to the government: the government's name is its own too. A township's or a
    street's government is named by the place (某某镇, 某某街道 of 某某镇人民政府, 某某街道办事处)."""
    if not organ:
        return frozenset()
    served = re.sub(r"(?<=政府)办公[室厅]$", "", organ)
    place = re.sub(r"(?<=[乡镇])人民政府$|(?<=街道)办事处$", "", organ)
    names = {name.replace("人民政府", "政府") for name in (organ, served)} | {organ, served, place}
    # no subject is longer than LONGEST: longer ends are never compared (an organ read from a long
    # preamble line made the square of its length in ends: 8,000 characters took 60 MB)
    return frozenset(name[i:] for name in names for i in range(max(0, len(name) - LONGEST), len(name) - 1))


@cache
def _pattern(name: str) -> re.Pattern:
    """A pattern of the module, compiled once, when the prose is first read: not on every start of xxgk."""
    return re.compile({"elsewhere": ELSEWHERE, "verb": _VERB, "leading": rf"^(?:{_FILLER})+",
                       "trailing": rf"(?:{_FILLER}|{_NEGATION})+$", "self": SELF, "joined": _JOINED,
                       "name": NAME, "place": _PLACE, "not name": _NOT_NAME, "label": _LABEL,
                       "collective": _COLLECTIVE, "note": _NOTE}[name])


def _year(match: re.Match, year: int | None) -> int | None:
    """The year a match of _YEARS names (本年: the report's)."""
    if match[2]:
        return year
    return year_number(match[1])
