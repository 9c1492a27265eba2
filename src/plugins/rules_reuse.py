"""TEXT-REUSE (batch): how much of an organ's report of year t is the text of its report of t−1.

The share is of the sentences of year t that count (`sentences`: the format's own wording and what
every report repeats left out, years aside) that also stand in t−1's report, each sentence once.
Assessors of the reports score copied text; some provincial rules call a report copied when more
than half of it repeats the year before, hence the default threshold TEXT-REUSE.threshold = 0.5.
Above it, a warning; at or below it, an info; both with the share as `lhs`, a fraction to two
places (the dataset's `text_reuse` column). A report with fewer than MIN_SENTENCES sentences that
count is not measured: a share of a handful of sentences says little.
"""
from __future__ import annotations

from decimal import Decimal

from xxgk import hookimpl
from xxgk.dataset import Column
from xxgk.model import Finding, Report
from xxgk.registry import BatchValidator
from xxgk.rulesettings import Setting, fraction

from .organ_years import compared, consecutive
from .sentences import fingerprints, prose, split

NAME = "text-reuse"
MIN_SENTENCES = 5
THRESHOLD = Setting("TEXT-REUSE.threshold", 0.5, fraction,
                    "share of a report's sentences found in the same organ's report of the year before above "
                    "which it is a warning (0 to 1, or a percentage)")


def extract(report: Report) -> str:
    """The fingerprints of the report's counted sentences (`sentences.fingerprints`)."""
    return fingerprints(prose(report))


def check(results, values):
    threshold = values[THRESHOLD.name]
    for old, new in consecutive(results):
        before, now = split(old.extracts.get(NAME, "")), split(new.extracts.get(NAME, ""))
        if len(now) < MIN_SENTENCES or not before:
            continue
        shared = len(now & before)
        share = Decimal(shared) / len(now)
        severity = "warning" if share > Decimal(str(threshold)) else "info"
        yield new.source, Finding(
            "TEXT-REUSE", severity, f"{shared} of the {len(now)} sentences compared ({share:.0%}; the format's "
            f"own wording and short sentences left out) stand in the report of {old.year} ({compared(old, new)})",
            lhs=share.quantize(Decimal("0.01")))


@hookimpl
def xxgk_register_validators(registry):
    registry.add_batch_validator(BatchValidator(
        NAME, ("TEXT-REUSE",), (), check, extract=extract, settings=(THRESHOLD,),
        columns=(Column("text_reuse", "与上年报告相同的句子比例", "decimal", rule="TEXT-REUSE"),)))
