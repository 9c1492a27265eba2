"""The report's publication date and where it was found.

The reader's date comes first: a page's 发布时间 / 发布日期 / 生成日期 ("page"), a PDF's CreationDate
("pdf"), a DOCX's created date ("docx"). Else the date under the signature at the end of the text
("signature": a line that is a date, the organ's name before it or not, a seal's mark (（盖章）)
aside; in numerals, Chinese numerals or numbers, `xxgk.dates`). A date before the end of the year
the report covers cannot be its publication (a Word template's old date, xxgk's own
1980-01-01 for an unknown date): the next one is taken; with none other, it stays, and the rule
that reads it (PUBLISHED-LATE) says it cannot be the publication date. Where the date stands is
kept with it: the line or paragraph of a page's date (the reader's `Document.published_at`) or of
the signature; none for a file's metadata.
"""
from __future__ import annotations

import re

from ..dates import DATE, TIME, date_of, publishable
from ..model import Location, Report, located
from .metadata import SEAL, looks_like_organ, unsealed

SIGNATURE_LINES = 3   # the signature stands in the last lines of the text
# what stands before the date a word or a run of spaces at a time, so that a run of spaces is read once
# ("说明" and 40,000 spaces: every space read the rest of the run, 36 s)
_SIGNATURE = re.compile(r"^(?P<before>(?:\S|[^\S\n]+(?![^\S\n]))*?)\s*" + DATE + TIME + r"\s*$")


def publication(report: Report, reader_date: str | None, reader_from: str | None, reader_at: Location | None = None
                ) -> tuple[str | None, str | None, Location | None]:
    """(date, where it was found, the place in the source it stands in) for `report` (see the module)."""
    found: list[tuple[str, str | None, Location | None]] = []
    if reader_date:
        found.append((reader_date, reader_from, reader_at))
    signed = signature(report)
    if signed:
        found.append((signed[0], "signature", signed[1]))
    plausible = [place for place in found if publishable(place[0], report.meta.year)]
    return (plausible or found)[0] if found else (None, None, None)


def signature(report: Report) -> tuple[str, Location | None] | None:
    """The date of the signature and the paragraph it stands in: one of the last lines of the last
    section (or of the preamble when there is no section) that is a date, after the organ's name or
    not, a seal's mark (（盖章）) beside them or not."""
    if report.sections:
        lines = report.sections[-1].located()
    else:
        lines = located(report.preamble, report.preamble_locations)
    for text, location in reversed([(t, at) for t, at in lines if t.strip()][-SIGNATURE_LINES:]):
        m = _SIGNATURE.match(unsealed(text).strip())
        if m and (not m["before"] or looks_like_organ(m["before"])):
            day = date_of(m)
            return (day, location) if day else None   # no such day (2025-02-30): no date
    return None


def signature_line(text: str, organ: str | None) -> bool:
    """Whether a line is (part of) the signature: a date, a seal's mark (（盖章）), the organ's name,
    or these together ("某某县财政局 2025年1月20日", "某某县财政局（盖章）"); a name that is not the
    report's organ but looks like one counts only with a date or a seal."""
    sealed = SEAL.search(text)
    rest = unsealed(text).strip()
    dated = _SIGNATURE.match(rest)
    name = dated["before"].strip() if dated else rest
    return not name or name == organ or bool((dated or sealed) and looks_like_organ(name))
