"""T2-VALUES: counts are non-negative integers (本年增/减 may be negative), amounts non-negative;
unit conversions noted."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.model import Finding, Report, quoted
from xxgk.registry import Registry, Validator
from xxgk.values import CONVERTED


def check(report: Report, registry: Registry):
    signed = {k for name, t in report.tables.items()
              for k in getattr(registry.table_template(name, t.template), "signed_keys", ())}
    for key, cell in ((k, c) for t in report.tables.values() for k, c in t.cells.items()):
        if cell.status == "invalid":
            yield Finding("T2-VALUES", "error", f"{key}: {quoted(cell.raw)} is not a valid value ({cell.note})",
                          [key], cell.location)
        elif cell.value is not None and cell.value < 0 and key not in signed:
            yield Finding("T2-VALUES", "error", f"{key}: negative value {cell.value}", [key], cell.location,
                          cell.value)
        elif cell.note and CONVERTED in cell.note:
            yield Finding("T2-VALUES", "info", f"{key}: {cell.note}", [key], cell.location, cell.value)


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("values", ("T2-VALUES",), lambda report: check(report, registry)))
