"""Parquet dataset (pyarrow, when installed): the CSV dataset's columns with types — counts as
64-bit integers, amounts as decimals, null where the cell is null (`xxgk.frames.arrow_table`)."""
from __future__ import annotations

import importlib.util

from xxgk import hookimpl
from xxgk.dataset import columns
from xxgk.registry import Writer


def write_all(entries, out, registry) -> None:
    import pyarrow.parquet as pq

    from xxgk.frames import arrow_table

    pq.write_table(arrow_table(entries, columns(registry)), out)


@hookimpl
def xxgk_register_writers(registry):
    if importlib.util.find_spec("pyarrow") is None:
        return   # --to parquet needs pyarrow: pip install pyarrow
    registry.add_writer(Writer("parquet", ".parquet",
                               write_all=lambda entries, out, settings: write_all(entries, out, registry)))
