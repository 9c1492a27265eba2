"""The dataset as typed columns: an Arrow table (for Parquet) and a pandas DataFrame.

    import xxgk
    frame = xxgk.to_dataframe(["a.pdf", "b.txt"])     # read and checked now
    frame = xxgk.read_dataset("out")                 # a batch converted into out/, from its records

Both need the `pandas` extra (pandas and pyarrow), imported on use. The columns are the CSV's
(`xxgk.dataset.columns`), with types: text as `string`, counts, years and numbers of findings as
nullable integers (`Int64`), amounts in 万元 as decimals (`decimal128(24, 6)[pyarrow]`); null is
<NA>. Text is given exactly, with none of the quotes reports.csv puts before formula-like text.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from . import api, manager
from .batch.options import FileResult
from .dataset import FAILED, Column, Entry, columns, values
from .errors import WriteError, XxgkError
from .model import Report
from .rulesettings import RuleSettings

AMOUNT = (24, 6)    # decimal precision and scale of an amount: 万元 to the fen (0.000001 万元 = 0.01 元)
EXTRA = 'pip install "xxgk[pandas]"'


def arrow_table(entries: Iterable[Entry], header: list[Column]) -> Any:
    """A pyarrow Table of the entries: one row each, a typed column per dataset column. WriteError
    for an amount finer than the fen, which no column of AMOUNT's scale holds exactly."""
    import pyarrow as pa

    kinds = {"text": pa.string(), "integer": pa.int64(), "signed integer": pa.int64(),
             "decimal": pa.decimal128(*AMOUNT)}
    types = [kinds[c.type] for c in header]
    data: list[list] = [[] for _ in header]
    for entry in entries:
        for column, value, name in zip(data, values(entry, header), header):
            if isinstance(value, Decimal) and -int(value.as_tuple().exponent) > AMOUNT[1]:
                raise WriteError(f"{entry.source}: {name.name} = {value} 万元 is finer than the fen "
                                 f"({AMOUNT[1]} decimal places), which typed datasets hold")
            column.append(value)
    return pa.table([pa.array(c, type=t) for c, t in zip(data, types)],
                    schema=pa.schema(list(zip((c.name for c in header), types))))


def to_dataframe(reports_or_paths: Iterable[Report | str | os.PathLike] | Report | str | os.PathLike, *,
                 plugins: manager.Plugins | None = None, settings: Mapping[str, object] | None = None) -> Any:
    """A pandas DataFrame with a row per report or path (a path is read and checked; one that cannot
    be read is a row with status "failed" and its reason), the columns of reports.csv (see the
    module). A report's findings are those of `xxgk.validate` and of the batch rules (CROSS-YEAR, …)
    over the reports given, as in a batch, with the rules' `settings` (as `xxgk.validate`).
    ImportError without pandas/pyarrow."""
    _need_pandas()
    items = [reports_or_paths] if isinstance(reports_or_paths, (Report, str, os.PathLike)) else reports_or_paths
    registry = (plugins or manager.default()).registry
    given = registry.rule_settings(settings)
    rows = [_entry(item, plugins, given) for item in items]
    _add_batch_findings(rows, registry, given)
    return _frame(arrow_table(rows, columns(registry)))


def read_dataset(outdir: str | os.PathLike, *, settings: Mapping[str, object] | None = None) -> Any:
    """The DataFrame of a batch converted into `outdir` (a local folder or an fsspec URL), made from
    its records as reports.csv is: a row per input in the same order, the batch rules' findings
    counted (those the batch found, with the settings it was given; or, with `settings`, those
    the rules find with them), a damaged record left out.
    XxgkError when `outdir` holds no batch; ImportError without pandas/pyarrow."""
    _need_pandas()
    from .batch.combined import contents, entries
    from .batch.storage import Folder

    folder = Folder(os.fspath(outdir))
    held = contents(folder, None if settings is None else manager.default().registry.rule_settings(settings))
    if not held.records and not held.unreadable:
        raise XxgkError(f"{folder.location} holds no converted batch (no records in it)")
    rows = entries(folder, held.records, held.added, set())
    return _frame(arrow_table(rows, columns(manager.default().registry)))


def _entry(item: Report | str | os.PathLike, plugins: manager.Plugins | None, given: RuleSettings) -> Entry:
    if isinstance(item, Report):
        return Entry(item.meta.source or "", report=item, findings=api.validate(item, plugins=plugins, settings=given))
    try:
        report = api.read(item, plugins=plugins)
    except XxgkError as exc:
        return Entry(os.fspath(item), FAILED, str(exc))
    return Entry(os.fspath(item), report=report, findings=api.validate(report, plugins=plugins, settings=given))


def _add_batch_findings(rows: list[Entry], registry, given: RuleSettings) -> None:
    """The batch rules (CROSS-YEAR, …) applied to the converted rows together, as in a batch: each
    finding added to the row of its source."""
    done = [FileResult.converted(row.source, row.report, registry) for row in rows if row.report is not None]
    by_source = {row.source: row for row in rows}
    for source, finding in registry.batch_findings(done, given):
        by_source[source].findings.append(finding)


def _need_pandas() -> None:
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"the dataset as a DataFrame needs pandas and pyarrow: {EXTRA}") from exc


def _frame(table: Any) -> Any:
    import pandas as pd
    import pyarrow as pa

    def dtype(kind):
        if pa.types.is_string(kind):
            return pd.StringDtype()
        if pa.types.is_integer(kind):
            return pd.Int64Dtype()
        return pd.ArrowDtype(kind)

    return table.to_pandas(types_mapper=dtype)
