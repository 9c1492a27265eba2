"""Printing a report to PDF (`--to pdf`, registered by `pdf_writer`): through an office suite or a browser.

The DOCX (`docx_writer`) converted by LibreOffice when `soffice` is installed, else the HTML page
(`html_writer`) printed by Chromium; without either, a one-line error naming them. Either prints
with the fonts that stand in for the national format's (`fonts`), in a profile of its own that is
removed afterwards (conversions may run side by side). The PDF's dates are the report's publication
date (1980-01-01 when it is not known) and its file identifier a hash of its content, so that the
same report printed by the same program with the same fonts gives the same bytes.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path

from xxgk.errors import WriteError
from xxgk.model import Finding, Report
from xxgk.registry import Registry

from . import fonts
from .docx_page import report_date

SOFFICE = ("soffice", "libreoffice")
CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "chrome")
TIMEOUT = 120   # seconds a conversion may take on the clock
UNKNOWN_DATE = datetime.datetime(1980, 1, 1)   # the earliest date a zip entry holds, as in DOCX files
MISSING = ("--to pdf needs LibreOffice (soffice) or Chromium, and neither is installed: "
           "apt-get install libreoffice-writer-nogui (or chromium)")
_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{4,14})")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")   # LibreOffice's, made from the time too


def _program(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def check() -> list[str]:
    """What printing needs here: WriteError when neither LibreOffice nor Chromium is installed;
    otherwise a line for each font face without a stand-in (`fonts.missing`)."""
    if _program(SOFFICE) is None and _program(CHROMIUM) is None:
        raise WriteError(MISSING)
    return fonts.missing()


def write(report: Report, out, registry: Registry, findings: list[Finding] | None = None) -> None:
    soffice, chromium = _program(SOFFICE), _program(CHROMIUM)
    if soffice is None and chromium is None:
        raise WriteError(MISSING)
    source = io.BytesIO()
    document = registry.writer("docx" if soffice else "html").write
    assert document is not None   # both are writers of one file per report
    document(report, source, findings)
    pdf = from_docx(source.getvalue(), soffice) if soffice else from_html(source.getvalue(), chromium or "")
    out.write(stable(pdf, report_date(report) or UNKNOWN_DATE))


def from_docx(docx: bytes, soffice: str) -> bytes:
    """A DOCX printed to PDF by LibreOffice's `soffice` (WriteError when it fails or takes over TIMEOUT s)."""
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "report.docx").write_bytes(docx)
        _run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
              "--nologo", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "report.docx")],
             folder, "LibreOffice")
        return _read(folder / "report.pdf", "LibreOffice")


def from_html(html: bytes, chromium: str) -> bytes:
    """An HTML page printed to PDF by Chromium, with the page's print styles and none of the
    browser's headers and footers (WriteError when it fails or takes over TIMEOUT s)."""
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "report.html").write_bytes(html)
        command = [chromium, "--headless", "--disable-gpu", "--no-first-run", "--disable-sync",
                   "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
                   f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={folder / 'report.pdf'}",
                   (folder / "report.html").as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")   # Chromium refuses to run as root with its sandbox
        _run(command, folder, "Chromium")
        return _read(folder / "report.pdf", "Chromium")


def _run(command: list[str], folder: Path, name: str) -> None:
    """Run a printer in its own process group, with the fonts' stand-ins and the clock in UTC (the
    dates it writes are the report's, whatever the machine's time zone); the whole group is killed
    when it overruns."""
    import subprocess

    env = {**os.environ, "FONTCONFIG_FILE": str(fonts.fontconfig_file(folder)), "TZ": "UTC"}
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    except OSError as exc:
        raise WriteError(f"{name} could not be started: {exc.strerror or exc}") from exc
    try:
        process.wait(TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise WriteError(f"{name} took over {TIMEOUT} s to print the report") from exc
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)   # the printer, if it overran, and what it left running
        except ProcessLookupError:
            pass
        process.wait()


def _read(path: Path, name: str) -> bytes:
    if not path.exists():
        raise WriteError(f"{name} could not print the report to PDF")
    return path.read_bytes()


def stable(pdf: bytes, when: datetime.datetime) -> bytes:
    """The PDF with its creation and modification dates set to `when` and its file identifier (and
    LibreOffice's checksum) made from its content: bytes replaced in place, the lengths and so the
    cross-reference table kept."""
    digits = when.strftime("%Y%m%d%H%M%S").encode("ascii")
    pdf = _DATE.sub(lambda m: m[1] + digits[:len(m[2])].ljust(len(m[2]), b"0"), pdf)
    bare = _CHECKSUM.sub(lambda m: m[1], _ID.sub(lambda m: m[1] + m[3] + m[5], pdf))
    digest = hashlib.sha256(bare).hexdigest().upper().encode("ascii")
    pdf = _CHECKSUM.sub(lambda m: m[1] + digest[:len(m[2])], pdf)
    return _ID.sub(lambda m: m[1] + digest[:len(m[2])] + m[3] + digest[:len(m[4])] + m[5], pdf)

