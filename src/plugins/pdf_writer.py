"""The PDF writer (`--to pdf`), registered without loading the printing: `pdf_print` (the printers,
the fonts' stand-ins, the DOCX's dates) is imported when printers are checked for or a report is
written, not on every start of xxgk."""
from __future__ import annotations

from xxgk import hookimpl
from xxgk.registry import Writer


def check() -> list[str]:
    """WriteError when neither LibreOffice nor Chromium is installed; a line for each font face
    without a stand-in otherwise (`pdf_print.check`)."""
    from . import pdf_print

    return pdf_print.check()


@hookimpl
def xxgk_register_writers(registry):
    def write(report, out, findings=None) -> None:
        from . import pdf_print

        pdf_print.write(report, out, registry, findings)

    registry.add_writer(Writer("pdf", ".pdf", write=write, check=check))
