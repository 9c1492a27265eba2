"""Office packages (DOCX, XLSX: zip files) written so that the same content gives the same bytes."""
from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from typing import BinaryIO

EPOCH = (1980, 1, 1, 0, 0, 0)   # the date of every entry: the earliest a zip file can hold


def write_stable(save: Callable[[BinaryIO], object], out: BinaryIO) -> None:
    """Write to `out` the package that `save(stream)` makes, every entry dated EPOCH, each copied
    in chunks (a large sheet is never held whole)."""
    import zipfile  # when a package is written, not with the writers' plugins

    raw = io.BytesIO()
    save(raw)
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with source.open(info) as data, target.open(entry, "w") as copy:
                shutil.copyfileobj(data, copy, 1 << 20)
