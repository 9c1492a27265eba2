"""ORGAN-REGULATIONS: townships, street offices, counties and districts cannot make 规章."""
from __future__ import annotations

import re

from xxgk import hookimpl
from xxgk.model import Finding, Report
from xxgk.registry import Validator

LOCAL_ORGAN = re.compile(r"乡|镇|街道|街办|县|(?<!自治)区")
PREFIX = "t2.regulations."   # 2021: issued/repealed/in_force; 2019: new_made/new_published/total_published


def check(report: Report):
    organ = report.meta.organ or ""
    if not LOCAL_ORGAN.search(organ):
        return
    given = {k: v for k, v in report.cells().items() if k.startswith(PREFIX) and v}
    if given:
        first = report.cell(next(iter(given)))
        listed = ", ".join(f"{k} = {v}" for k, v in given.items())
        yield Finding("ORGAN-REGULATIONS", "warning",
                      f"{organ} reports 规章 ({listed}), but such organs cannot make 规章",
                      list(given), first.location if first else None)


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("organ", ("ORGAN-REGULATIONS",), check))
