"""Parquet dataset (pyarrow, when installed): the CSV dataset's columns with types — counts as
64-bit integers, amounts as decimals, null where the cell is null."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterable

from xxgk import hookimpl
from xxgk.model import Report
from xxgk.registry import Writer

from .csv_writer import META

AMOUNT = (24, 6)    # decimal precision and scale of an amount (万元 to the yuan and beyond)


def write_all(reports: Iterable[Report], out, keys: list[str], amounts: set[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = [pa.string(), pa.string(), pa.int64(), pa.string()]
    types += [pa.decimal128(*AMOUNT) if k in amounts else pa.int64() for k in keys]
    schema = pa.schema(list(zip(META + tuple(keys), types)))
    columns: list[list] = [[] for _ in types]
    for report in reports:
        cells = report.cells()
        row = (report.meta.source, report.meta.organ, report.meta.year, report.format(), *(cells.get(k) for k in keys))
        for column, value in zip(columns, row):
            column.append(value)
    pq.write_table(pa.table([pa.array(c, type=t) for c, t in zip(columns, types)], schema=schema), out)


@hookimpl
def xxgk_register_writers(registry):
    if importlib.util.find_spec("pyarrow") is None:
        return   # --to parquet needs pyarrow: pip install pyarrow

    def amounts() -> set[str]:
        return {k for tables in registry.table_variants().values() for t in tables for k in t.decimal_keys}

    registry.add_writer(Writer("parquet", ".parquet",
                               write_all=lambda reports, out: write_all(reports, out, registry.cell_keys(), amounts())))
