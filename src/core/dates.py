"""Dates as reports and their files write them, to YYYY-MM-DD: a PDF's date string, a date in
Arabic or Chinese numerals ("2024年1月20日", "二〇二四年一月二十日", "2025年02月05日 09:30") or in
numbers ("2025-02-05", "2025/2/5", "2025.2.5"), and a page's publication date (发布时间：…, taken over
成文日期 and the other dates a page gives beside it). None for
anything that is not a real date. The readers of pages and of text and the signature's reading
share them."""
from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache

# D:YYYYMMDD, then HHmmSS and the zone (Z, or +HH'mm' / -HH'mm') or not
_PDF = (r"^\s*(?:D:)?(\d{4})(\d{2})(\d{2})(?:(?P<h>\d{2})(?P<m>\d{2})?(?:\d{2})?"
        r"(?:(?P<z>Z)|(?P<sign>[+-])(?P<zh>\d{2})'?(?P<zm>\d{2})?)?)?")
CHINA = datetime.timezone(datetime.timedelta(hours=8))   # the reports' time zone
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0}
_NUMBER = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}"
CHINESE_DATE = (r"(?P<year>(?:19|20)[0-9]{2}|[0-9０-９]{4}|[〇零○ＯOo一二三四五六七八九]{4})\s*年\s*"
                rf"(?P<month>{_NUMBER})\s*月\s*(?P<day>{_NUMBER})\s*日")
NUMERIC_DATE = (r"(?P<y>(?:19|20)[0-9]{2})\s*(?P<sep>[-/.])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<d>[0-9]{1,2})"
                r"(?![0-9])")
DATE = rf"(?:{CHINESE_DATE}|{NUMERIC_DATE})"
TIME = r"(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
# the labels of a page's dates: its publication's, and the drafting's (成文日期, 发文日期: the day the text
# was signed), read only when no publication date is given; other dates (印发, 生效 …) are never read
PUBLICATION_LABEL = r"(?:发布|公开|生成)(?:时间|日期)"
PAGE_LABEL = rf"(?:{PUBLICATION_LABEL}|(?:发文|成文)(?:时间|日期))"
_LABELLED = re.compile(rf"[【\[]?\s*(?P<label>{PAGE_LABEL})\s*[】\]]?\s*[:：]?\s*" + DATE)
_PUBLICATION = re.compile(PUBLICATION_LABEL)
_ALONE = re.compile(rf"^\s*(?:[【\[]?\s*(?:{PAGE_LABEL}|日期|时间)\s*[】\]]?\s*[:：]?\s*)?{DATE}{TIME}\s*$")


def iso(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None when there is no such day."""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


@cache
def _pdf() -> re.Pattern:
    """_PDF compiled when a PDF's date is first read, not on every start of xxgk."""
    return re.compile(_PDF)


def pdf_date(text: str | bytes | None) -> str | None:
    """The day of a PDF date string ("D:20240226144123+08'00'"): in China's time (UTC+8) when it gives
    its time of day and zone ("D:20250131170000Z'" is 2025-02-01), as its writer's clock gave it when not."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    m = _pdf().match(text or "")
    day = iso(int(m[1]), int(m[2]), int(m[3])) if m else None
    if not (m and day and m["h"] and (m["z"] or m["sign"])):
        return day
    offset = datetime.timedelta(hours=int(m["zh"] or 0), minutes=int(m["zm"] or 0)) * (-1 if m["sign"] == "-" else 1)
    try:
        written = datetime.datetime.fromisoformat(day).replace(hour=int(m["h"]), minute=int(m["m"] or 0),
                                                               tzinfo=datetime.timezone(offset))
    except ValueError:   # 24:00, an offset of a day or more: the day written
        return day
    return written.astimezone(CHINA).date().isoformat()


def year_number(text: str) -> int | None:
    """A year written in digits or a digit at a time in Chinese numerals ("2024", "二〇二四"); None
    for text that is not."""
    digits = [_DIGITS.get(c, int(c) if c.isdecimal() else -1) for c in text]
    return int("".join(map(str, digits))) if digits and min(digits) >= 0 else None


def _small(text: str) -> int | None:
    """1 to 31 in Arabic digits or Chinese numerals (十, 十二, 二十, 二十一, 三十一)."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    high = 1 if tens == "" else _DIGITS.get(tens)
    low = 0 if units == "" else _DIGITS.get(units)
    return None if high is None or low is None or len(tens) > 1 or len(units) > 1 else high * 10 + low


def date_of(match: re.Match) -> str | None:
    """The date of a match of DATE (in a pattern of its own or within a larger one)."""
    if match["y"]:
        return iso(int(match["y"]), int(match["m"]), int(match["d"]))
    year, month, day = year_number(match["year"]), _small(match["month"]), _small(match["day"])
    return None if year is None or month is None or day is None else iso(year, month, day)


def page_date(text: str) -> str | None:
    """The publication date a page's text gives after its label (发布时间 / 发布日期 / 生成日期 / 公开日期,
    in brackets or not: "【发布时间】2025-02-05", "来源：… 发布时间：…"), wherever it stands beside
    other dates; else the first other labelled date (成文日期, 发文日期 …)."""
    found = labelled_date(text)
    return found[0] if found else None


def labelled_date(text: str) -> tuple[str, bool] | None:
    """(date, whether its label is the publication's) of the page_date of `text`."""
    others = []
    for m in _LABELLED.finditer(unicodedata.normalize("NFKC", text)):
        found = date_of(m)
        if found and _PUBLICATION.fullmatch(m["label"]):
            return found, True
        others += [found] if found else []
    return (others[0], False) if others else None


def publication_label(text: str) -> bool:
    """Whether the text holds the label of a page's publication date (发布时间, 发布日期 …)."""
    return bool(_PUBLICATION.search(unicodedata.normalize("NFKC", text)))


def date_line(text: str) -> str | None:
    """The date of a line that is a date and nothing else, its label or a time of day aside
    ("2024-01-10 11:02:31", "发布时间：2025年1月5日", "日期:2025/1/5")."""
    m = _ALONE.match(unicodedata.normalize("NFKC", text))
    return date_of(m) if m else None


def publishable(date: str, year: int | None) -> bool:
    """Whether `date` (YYYY-MM-DD) can be the day a report for `year` was published: not before
    the end of that year (a template's old date, xxgk's 1980-01-01 for a date not known)."""
    return year is None or date > f"{year}-12-31"
