"""Batch conversion: many inputs into one output folder, in parallel, resumable, never losing or
mixing up a report.

    batch = xxgk.convert_many(["crawl/"], "out", ["json", "csv"], jobs=2)
    batch.results     # a FileResult per input: converted, skipped (up to date) or failed, and why
    batch.findings    # the batch rules' findings (CROSS-YEAR), as (source, finding)
    batch.errors      # combined outputs that could not be written, one message each

The steps: hold OUT (`outdir`: one run at a time, leftovers of killed runs removed); read the
records earlier runs left in it (`records`); plan the inputs (`inputs`), never reading back what xxgk
wrote; give each its name under OUT (`names`: its record's name if it has one, else a free one);
run the per-file job (`job`) here, in worker processes (`pool`) or on a Dask cluster (`dask`); and
write the datasets and the findings file from every record in OUT (`combined`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Batch", "FileResult", "Options", "Task", "convert_many", "convert_one"]
_HOMES = {"Batch": "convert", "convert_many": "convert", "convert_one": "job", "FileResult": "options",
          "Options": "options", "Task": "inputs"}

if TYPE_CHECKING:
    from .convert import Batch, convert_many
    from .inputs import Task
    from .job import convert_one
    from .options import FileResult, Options


def __getattr__(name: str):
    """The batch's API, imported on first use: `xxgk validate` reads its inputs through `inputs`,
    `job` and `pool` without loading what converting a batch writes (`combined`, `outdir`, …)."""
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
