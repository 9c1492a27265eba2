"""The DOCX writer (`--to docx`), registered without loading its document: `docx_document` (python-docx,
the layout of the tables, the Chinese findings) is imported when a report is written, not on every
start of xxgk."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.registry import Writer


@hookimpl
def xxgk_register_writers(registry):
    def write(report, out, findings=None) -> None:
        from . import docx_document

        docx_document.write(report, out, registry, findings)

    registry.add_writer(Writer("docx", ".docx", write=write))
