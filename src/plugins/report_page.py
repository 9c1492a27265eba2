"""The batch page's writer (`--to report`, `xxgk report`), registered without loading the page:
`batch_page`, its measures and its plots are imported when a page is checked for or written, not
on every start of xxgk."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.errors import WriteError
from xxgk.registry import Writer


def check() -> list[str]:
    """WriteError when matplotlib is not installed."""
    from . import batch_plots

    if not batch_plots.available():
        raise WriteError(batch_plots.MISSING)
    return []


@hookimpl
def xxgk_register_writers(registry):
    def write_all(entries, out, settings) -> None:
        from .batch_page import write_all as write_page

        write_page(entries, out, settings, registry)

    registry.add_writer(Writer("report", ".html", write_all=write_all, check=check))
