"""The report's title, organ and year, from the title or, failing that, the preamble."""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..dates import DATE, TIME, year_number

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年度?"
_ORGAN_FIRST = re.compile(r"^(?:关于)?(?P<organ>.+?)(?:关于)?\s*" + _YEAR)
# The 政府 of 政府信息公开, unless it ends the organ's 人民政府 ("XX县人民政府信息公开工作年度报告"): no
# organ's name ends in 人民 (人民政府, 人民法院, 人民银行)
_GOVERNMENT = r"(?:(?<!人民)政府)?"
_YEAR_FIRST = re.compile(r"^" + _YEAR + r"\s*(?P<organ>.+?)\s*" + _GOVERNMENT + r"(?:信息|政务)公开")
_REPORT = _GOVERNMENT + r"(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)"
# "XX政府信息公开工作年度报告（2024年）"
_YEAR_AFTER = re.compile(r"^(?:关于)?(?P<organ>.+?)" + _REPORT + r"\s*[(（]\s*" + _YEAR + r"\s*[)）]")
_NO_YEAR = r"^(?:关于)?(?P<organ>.+?)" + _REPORT
# The organ before the year, in linear time: read from the first verb of its run of text only (if it
# is not followed by the year, no later verb of the run is), a run of spaces a step of its own (the organ
# is read without its spaces), a note in brackets to its end once ("现将"+"（以下简称"*n took n² steps)
_ORGAN_WORDS = r"(?:[^{stop}\s]|\s+(?!\s))+?"
_PREAMBLE = (
    r"(?:^|[，,。；])(?:(?!现将)[^，,。；])*现将(?P<organ>" + _ORGAN_WORDS.format(stop="，,。；") + ")"
    r"(?:[(（]以下简称(?:(?![(（]以下简称)[^)）])*[)）])?\s*" + _YEAR,
    r"(?:^|[，,。；《》])(?:(?!编制|发布|公布)[^，,。；《》])*(?:编制|发布|公布)(?:了)?"
    r"(?P<organ>" + _ORGAN_WORDS.format(stop="，,。；《》") + r")\s*" + _YEAR + r"(?:政府)?信息公开",
    r"(?:^|[。；])(?P<organ>[^，,。；《》]{2,40}?)(?:根据|依据|按照)[^。]{0,80}?(?:编制|发布)(?:了)?"
    r"(?:本(?:机关|单位|部门))?\s*" + _YEAR,   # XX根据《条例》…编制2024年度…
)
_PREAMBLE_ORGAN = (r"(?:本报告)?由(?P<organ>[^，,。；《》由]{2,40}?)(?:(?:根据|依据|按照)[^，,。；]{0,60}?)?"
                   r"(?:负责)?(?:编制|编写|制作)")
_PREAMBLE_YEAR = (r"(?:统计期限|统计时限|统计期间|统计周期)[^。]{0,6}?(?P<year>(?:19|20)\d{2})\s*"
                  r"(?:年度|年\s*1\s*月\s*1\s*日)")
# words that stand for an organ without naming it ("本机关", "我局", "政府")
_GENERIC_ORGAN = re.compile(r"(?:本|我)(?:机关|单位|部门|局|委|厅|办|院|级)?|(?:人民)?政府")
_REPORT_WORDS = ("信息公开", "报告")
_REPORT_NAME = re.compile(_REPORT)   # the report's name written whole: 政务公开工作年度报告, 信息公开年报
MAX_TITLE = 100


def looks_like_title(text: str) -> bool:
    """A title holds 信息公开 and 报告, or the report's name whole (政务公开…报告, …年报: never a
    breadcrumb's 首页>政务公开>年度报告)."""
    return len(text) <= MAX_TITLE and "。" not in text and (
        all(w in text for w in _REPORT_WORDS) or bool(_REPORT_NAME.search(text)))


_BEFORE_TITLE = [   # what a page or a crawler puts before the title, glued to it
    re.compile(r"^[【\[]?\s*(?:标\s*题|题\s*目|文章标题|名\s*称|title)\s*[】\]]?\s*[:：=]?\s*", re.I),
    re.compile(r"^(?:信息来源|来源|发布机构|发文机关|所属栏目|栏目|主题分类)\s*[:：]\s*"),   # a page's field
    re.compile(r"^.*(?:当前位置|现在的位置|当前的位置|位置)\s*[:：].*[>»＞›]\s*"),   # a breadcrumb, to its last step
    re.compile(r"^(?:首页|(?:政府)?信息公开(?:工作)?年度报告|(?:政府)?信息公开年报|年度报告|年报|(?:政府|政务)?信息公开"
               r"|政务公开)\s*(?=.+报告)"),
    re.compile(r"^(?:发布时间|发布日期|成文日期|日期|时间)\s*[:：]\s*" + DATE + TIME + r"\s*"),
    re.compile(r"^索引号\s*[:：]\s*[0-9A-Za-z/.\-]+\s*"),
]


def clean_title(text: str) -> str:
    """The title without markdown marks and what stands before it on a page or in a crawler's text
    (a field name, "标题: …", a breadcrumb, a publication date, an index number)."""
    text = re.sub(r"^[#\s*]+|[\s*]+$", "", text)
    for pattern in _BEFORE_TITLE:
        text = pattern.sub("", text)
    return text


_ORGAN_END = (r"(?:政府|办公室|办公厅|局|委员会|委|厅|院|署|部|中心|办事处|街道|办|镇|乡|县|区|市|所|站|队|会"
               r"|馆|处|公司|海关|银行|支行|分行|台|社|农场|林场|牧场|监狱|学院|大学|学校|嘎查)$")


def looks_like_organ(text: str) -> bool:
    return len(text) <= 40 and bool(_organ_end().search(re.sub(r"\s+", "", text)))


@cache
def _organ_end() -> re.Pattern:
    """_ORGAN_END compiled when a line is first asked whether it names an organ, not on every start
    of xxgk."""
    return re.compile(_ORGAN_END)


# a seal's mark in a signature: 某某县财政局（盖章）, （印章）, (章)
SEAL = re.compile(r"[（(]\s*(?:盖章|印章|公章|章)\s*[)）]|盖章")


def unsealed(text: str) -> str:
    """The text without a seal's marks ("某某县财政局（盖章） 2025年2月20日" → "某某县财政局  2025年2月20日")."""
    return SEAL.sub("", text)


def signed(text: str) -> bool:
    """Whether a line is an organ's name or a seal's mark under a signature's date: "某某县财政局",
    "某某县财政局（盖章）", "（盖章）"."""
    name = unsealed(text).strip()
    return not name and bool(SEAL.search(text)) or looks_like_organ(name)


def split_title(title: str) -> bool:
    """A title that starts with its year: the organ is on the line before, if anywhere."""
    return bool(re.match(r"^" + _YEAR + r"\s*(?:政府)?(?:信息|政务)公开", title))


def qualify_organ(organ: str, texts: list[str]) -> str:
    """The organ with its parent city (淮安市 + 洪泽区人民政府) when the text always writes it so.

    Only an organ of a district, county or banner is qualified; one that names a city, prefecture
    or league (昆山市人民政府, 淮安市洪泽区人民政府) already names its place. The parent is the
    longest run that stands before the organ's own place name at least twice, in the same form each
    time, and ends in 市/州/盟 (with its province before it, if written)."""
    place = re.match(r"^.+?(?:自治区|自治州|区|县|旗|市|州|盟)", organ)
    if not place or place.group(0).endswith(("自治区", "市", "州", "盟")):
        return organ
    before = [m.group(1) for m in re.finditer(r"([\u4e00-\u9fff]{1,8})" + re.escape(place.group(0)), "".join(texts))]
    if len(before) < 2:
        return organ
    common = before[0]
    for text in before[1:]:
        while common and not text.endswith(common):
            common = common[1:]
    m = re.search(r"(?:[\u4e00-\u9fff]{1,6}?(?:省|自治区))?[\u4e00-\u9fff]{1,6}?(?:市|州|盟)$", common)
    return m.group(0) + organ if m and len(m.group(0)) >= 2 else organ


def organ_and_year(title: str | None, preamble: list[str]) -> tuple[str | None, int | None]:
    """(organ, year) from the title; whatever is missing is looked for in the preamble: "现将XX2024年…",
    "编制XX2024年政府信息公开…", "XX根据《条例》…编制2024年度…", "本报告由XX（根据…）编制",
    "统计期限自2024年1月1日" or "统计期限为2024年度". A title without a year gives its organ; one
    that names no organ ("本机关", "政府") none. Years may be written
    in full-width digits or Chinese numerals (二〇二四年)."""
    organ = year = None
    if title:
        organ, year = _from_title(arabic_years(title))
    for text in map(arabic_years, preamble):
        if organ and year:
            break
        *sentences, said_by, period = _preamble_patterns()
        for found in filter(None, (pattern.search(text) for pattern in sentences)):
            organ = organ or _prose_organ(found["organ"])   # None for "本机关": a later pattern may name it
            year = year or int(found["year"])
        m = said_by.search(text)
        organ = organ or (_prose_organ(m["organ"]) if m else None)
        m = period.search(text)
        year = year or (int(m["year"]) if m else None)
    return organ, year


@cache
def _preamble_patterns() -> tuple[re.Pattern, ...]:
    """_PREAMBLE's patterns, _PREAMBLE_ORGAN and _PREAMBLE_YEAR compiled when a title lacks the organ
    or the year, not on every start of xxgk."""
    return tuple(map(re.compile, (*_PREAMBLE, _PREAMBLE_ORGAN, _PREAMBLE_YEAR)))


@cache
def _no_year() -> re.Pattern:
    """_NO_YEAR compiled when a title without its year is first met, not on every start of xxgk."""
    return re.compile(_NO_YEAR)


def _from_title(title: str) -> tuple[str | None, int | None]:
    for pattern in (_YEAR_FIRST, _YEAR_AFTER, _ORGAN_FIRST):
        m = pattern.search(title)
        if m:
            return _clean_organ(m["organ"]), int(m["year"])
    m = _no_year().search(title)   # a title without its year still names the organ
    return (_clean_organ(m["organ"]) if m else None), None


_CHINESE_YEAR = re.compile(r"[一二][〇零○Ｏ一二三四五六七八九]{3}(?=\s*年)")


_WRITTEN_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def gives_year(text: str) -> bool:
    """Whether a title's text gives a year (2024年, 二〇二四年)."""
    return bool(_WRITTEN_YEAR.search(arabic_years(text)))


def arabic_years(text: str) -> str:
    """`text` with its years in ASCII digits (２０２４年, 二〇二四年 -> 2024年)."""
    text = unicodedata.normalize("NFKC", text) if re.search(r"[０-９]", text) else text
    return _CHINESE_YEAR.sub(lambda m: str(year_number(m.group(0))), text)


def _prose_organ(text: str) -> str | None:
    """The organ a preamble's sentence names, if what stands where an organ would is an organ's name
    (`looks_like_organ`: 某某县财政局, not "全面推进政务公开工作情况等内容" before "2024年度报告")."""
    organ = _clean_organ(text)
    return organ if organ and looks_like_organ(organ) else None


def _clean_organ(text: str) -> str | None:
    text = re.sub(r"\s+", "", text).strip("“”\"'《》【】[]:：,，")
    text = re.split(r"依据|根据|按照|会同|牵头|负责|组织", text)[0]        # 由XX依据有关规定编制
    text = re.sub(_GOVERNMENT + r"(?:信息|政务)公开(?:工作)?$", "", text)   # XX政府信息公开工作2024年度报告
    return text if text and not _GENERIC_ORGAN.fullmatch(text) else None
