"""SECTION-EMPTY (warning): sections that say nothing.

- 五、存在的主要问题及改进情况 with no text, only "无" (暂无, 没有, …), or fewer than
  SECTION-EMPTY.min-chars characters (letters and digits: 30 by default). The format asks for the
  problems of the year and what was done about them (国办公开办函〔2021〕30号, 条例第五十条第四项).
- 六、其他需要报告的事项 whose heading stands with nothing under it: the 信息处理费 collected is reported
  there. (A 六 not found at all is STRUCTURE's finding, not this one.)
- (batch) a section whose text is that of the same organ's report of the year before, years aside
  (`sentences`: the format's own wording left out), named in the finding on the new report, which
  points at the section's heading. A
  section whose text runs to fewer than SECTION-EMPTY.repeat-min-chars letters and digits (50 by
  default) is not: so short, it states a fact that is true again (未发生因政府信息公开工作被申请行政复议、
  提起行政诉讼的情况), not a text written for the year; a stock phrase (本机关无其他需要报告的事项) is no
  text at all.

A signature (the organ's name, a date, a seal's mark, on a line each or together) and page numbers
are not text of a section. The batch finding compares prose alone: the sentences that count
(`sentences`: notes under a table, 注：…, and the format's own wording left out), so that a table's
section whose prose is a fixed note is not a repeated text.
"""
from __future__ import annotations

import dataclasses
import re

from xxgk import hookimpl
from xxgk.assembler.published import signature_line
from xxgk.model import Finding, Location, Report, Section, shortened
from xxgk.registry import BatchValidator, Validator
from xxgk.rulesettings import Setting, whole_number

from .organ_years import compared, consecutive
from .sentences import counted, fingerprint

NAME = "section-repeat"
PROBLEMS, OTHER = 5, 6
MIN_CHARS = Setting("SECTION-EMPTY.min-chars", 30, whole_number,
                    "characters (letters and digits) below which section 五 says too little")
REPEAT_MIN_CHARS = Setting("SECTION-EMPTY.repeat-min-chars", 50, whole_number,
                           "characters (letters and digits) below which a section repeated from the year "
                           "before is a fact stated again, not a copied text")
_NOTHING = re.compile(r"^(?:本年度|本年|今年)?(?:无|暂无|没有|不存在)(?:问题|相关情况|情况)?$")
_PAGE_NUMBER = re.compile(r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)$")
_WORDS = re.compile(r"\w")


def text(report: Report, section: Section) -> str:
    """The section's text without its signature and page numbers."""
    return "".join(p.strip() for p in section.paragraphs if p.strip() and not _PAGE_NUMBER.match(p.strip())
                   and not signature_line(p.strip(), report.meta.organ))


def check(report: Report, values):
    sections = {s.number: s for s in reversed(report.sections)}   # the first of a number
    problems, other = sections.get(PROBLEMS), sections.get(OTHER)
    if problems is not None:
        said = text(report, problems)
        size = len(_WORDS.findall(said))
        why = ("is empty" if not said else f"says only “{said}”" if _NOTHING.match(re.sub(r"\W", "", said))
               else f"has {size} characters, fewer than {values[MIN_CHARS.name]}"
               if size < values[MIN_CHARS.name] else None)
        if why:
            yield Finding("SECTION-EMPTY", "warning", f"{named(problems.number, problems.heading)} {why}",
                          location=problems.location)
    if other is not None and not text(report, other):
        yield Finding("SECTION-EMPTY", "warning", f"{named(other.number, other.heading)} is empty",
                      location=other.location)


def named(number: int | str, heading: str | None) -> str:
    """A section as a finding names it: its number and the heading the report itself writes (the
    2019 format's or the 2021's, or its own), "section 5 “五、存在的主要问题及改进情况”"; the number
    alone when the heading is not known."""
    return f"section {number} “{shortened(heading)}”" if heading else f"section {number}"


def extract(report: Report) -> dict[str, list]:
    """Each section's counted sentences (`sentences.counted`) as [fingerprint, characters, its
    heading, its heading's location (a dict of `Location`'s fields, or None)], by number; a section
    with none left out."""
    out: dict[str, list] = {}
    for section in report.sections:
        said = "".join(counted(section.paragraphs))
        if said:
            at = dataclasses.asdict(section.location) if section.location else None
            out.setdefault(str(section.number), [fingerprint(said), len(said), section.heading, at])
    return out


def _kept(kept: str | list) -> tuple[str, int | None, str | None, Location | None]:
    """(fingerprint, characters, heading, its location) of a section as `extract` keeps it; a batch's
    record made before the characters were kept holds the fingerprint alone (characters None: long
    enough), one made before the heading's location was kept no location."""
    if isinstance(kept, str):
        return kept, None, None, None
    at = kept[3] if len(kept) > 3 else None
    return kept[0], kept[1], kept[2], Location(**at) if at else None


def check_batch(results, values):
    least = values[REPEAT_MIN_CHARS.name]
    for old, new in consecutive(results):
        before, now = old.extracts.get(NAME, {}), new.extracts.get(NAME, {})
        for number, kept in sorted(now.items()):
            said, size, heading, at = _kept(kept)
            if number in before and _kept(before[number])[0] == said and (size is None or size >= least):
                yield new.source, Finding("SECTION-EMPTY", "warning", f"{named(number, heading)} repeats the text "
                                          f"of {old.year}, years aside ({compared(old, new)})", location=at)


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("sections", ("SECTION-EMPTY",), check, settings=(MIN_CHARS,)))
    registry.add_batch_validator(BatchValidator(NAME, ("SECTION-EMPTY",), (), check_batch, extract=extract,
                                                settings=(REPEAT_MIN_CHARS,)))
