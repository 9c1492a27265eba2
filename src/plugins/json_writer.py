"""JSON: the report model itself, with its schema version (`xxgk schema` prints the JSON Schema)."""
from __future__ import annotations

import json

from xxgk import hookimpl
from xxgk.model import Report
from xxgk.registry import Writer


def dumps(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"


def write(report: Report, out, findings=None) -> None:
    """The model alone; findings are the validators' output, not part of the report."""
    out.write(dumps(report).encode("utf-8"))


@hookimpl
def xxgk_register_writers(registry):
    registry.add_writer(Writer("json", ".json", write=write))
