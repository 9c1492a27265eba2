"""The HTML writer (`--to html`), registered without loading its page: `html_document` (the layout of
the tables, the style sheet, the Chinese findings) is imported when a report is written, not on every
start of xxgk."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.registry import Writer


@hookimpl
def xxgk_register_writers(registry):
    def write(report, out, findings=None) -> None:
        from .html_document import render

        out.write(render(report, registry, findings).encode("utf-8"))

    registry.add_writer(Writer("html", ".html", write=write))
