"""xxgk plugin: legacy Word reports (.doc, .rtf, .wps) converted to DOCX by LibreOffice, then read
by xxgk's DOCX reader."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xxgk import hookimpl
from xxgk.document import Document
from xxgk.errors import ReadError
from xxgk.plugins import docx_reader
from xxgk.registry import Reader, Source

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # Word 97-2003 and WPS files are OLE2 compound files
RTF = b"{\\rtf"
TIMEOUT = 120
INSTALL = "reading .doc/.rtf/.wps needs LibreOffice: apt-get install libreoffice-writer (or set XXGK_SOFFICE)"


def sniff(head: bytes) -> bool:
    return head.startswith(RTF)


def soffice() -> str | None:
    return os.environ.get("XXGK_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def read(source: Source) -> Document:
    suffix = Path(source.name).suffix.lower() or ".doc"
    if not (source.data.startswith(OLE2) or source.data.startswith(RTF)):
        raise ReadError("not a Word 97-2003, WPS or RTF document")
    program = soffice()
    if program is None:
        raise ReadError(INSTALL)
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as tmp:
        given = Path(tmp, "report" + (suffix if suffix in (".doc", ".rtf", ".wps") else ".doc"))
        given.write_bytes(source.data)
        profile = Path(tmp, "profile").as_uri()   # a profile of its own: conversions may run in parallel
        try:
            subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "docx", "--outdir", tmp, str(given)],
                           capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(f"LibreOffice took over {TIMEOUT} s to convert the file") from exc
        converted = given.with_suffix(".docx")
        if not converted.exists():
            raise ReadError("LibreOffice could not convert the file (corrupt or not a Word document)")
        doc = docx_reader.read(Source(converted.read_bytes(), source.name))
    doc.reader = "doc"
    return doc


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(name="doc", read=read, extensions=(".doc", ".rtf", ".wps"),
                               media_types=("application/msword", "application/rtf", "text/rtf"),
                               sniff=sniff, priority=15))
