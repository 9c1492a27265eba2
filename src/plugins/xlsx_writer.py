"""The spreadsheet dataset (`--to xlsx`, reports.xlsx), registered without loading its workbook:
`xlsx_workbook` (the sheets, the Chinese findings, XML's characters) is imported when a dataset is
written, not on every start of xxgk."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.dataset import columns
from xxgk.registry import Writer


@hookimpl
def xxgk_register_writers(registry):
    def write_all(entries, out, settings) -> None:
        from xxgk.messages import chinese

        from .xlsx_workbook import write_all as write_workbook

        write_workbook(entries, out, columns(registry), chinese(registry))

    registry.add_writer(Writer("xlsx", ".xlsx", write_all=write_all))
