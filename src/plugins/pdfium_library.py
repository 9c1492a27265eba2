"""The pdfium functions the native PDF backend calls (`pdf_native`), bound by ctypes to the library
pypdfium2 ships (its package pypdfium2_raw) without importing pypdfium2: its bindings of all of
pdfium's functions and its helpers take about 2.3 MiB of resident memory, more than pdfium's own
work on a report. Prototypes as pdfium's public headers declare them (fpdfview.h, fpdf_text.h,
fpdf_edit.h), every handle an integer (c_void_p; ctypes passes typed pointers in about twice the
time, and the backend makes a few calls for each character).

pdfium is initialised once for the process (FPDF_InitLibraryWithConfig, as pypdfium2 does; pdfium
ignores a second initialisation, so pypdfium2 imported for OCR shares it) and never destroyed here.
pdfium is not thread-safe: callers hold pdf_native.PDFIUM.
"""
from __future__ import annotations

import ctypes
import functools
import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

TEXT, PATH, FORM = 1, 2, 5                              # FPDF_PAGEOBJ_*, fpdf_edit.h
LINETO, BEZIERTO, MOVETO = 0, 1, 2                      # FPDF_SEGMENT_*, fpdf_edit.h


class FS_MATRIX(ctypes.Structure):   # noqa: N801 – pdfium's name (fpdfview.h)
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class FS_RECTF(ctypes.Structure):   # noqa: N801 – pdfium's name (fpdfview.h)
    _fields_ = [(name, ctypes.c_float) for name in ("left", "top", "right", "bottom")]


class _Config(ctypes.Structure):
    """FPDF_LIBRARY_CONFIG, version 2 (fpdfview.h): the fields pdfium reads of that version."""
    _fields_ = [("version", ctypes.c_int), ("m_pUserFontPaths", ctypes.c_void_p), ("m_pIsolate", ctypes.c_void_p),
                ("m_v8EmbedderSlot", ctypes.c_uint)]


_HANDLE, _INT, _UINT, _BOOL = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_int
_MATRIX, _RECTF = ctypes.POINTER(FS_MATRIX), ctypes.POINTER(FS_RECTF)
_FLOAT, _DOUBLE = ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_double)
PROTOTYPES: dict[str, tuple[object, tuple]] = {   # name: (result, arguments)
    "FPDF_LoadMemDocument64": (_HANDLE, (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p)),
    "FPDF_GetPageCount": (_INT, (_HANDLE,)),
    "FPDF_CloseDocument": (None, (_HANDLE,)),
    "FPDF_LoadPage": (_HANDLE, (_HANDLE, _INT)),
    "FPDF_ClosePage": (None, (_HANDLE,)),
    "FPDFText_LoadPage": (_HANDLE, (_HANDLE,)),
    "FPDFText_ClosePage": (None, (_HANDLE,)),
    "FPDFText_CountChars": (_INT, (_HANDLE,)),
    "FPDFText_GetUnicode": (_UINT, (_HANDLE, _INT)),
    "FPDFText_IsGenerated": (_INT, (_HANDLE, _INT)),
    "FPDFText_HasUnicodeMapError": (_INT, (_HANDLE, _INT)),
    "FPDFText_GetTextObject": (_HANDLE, (_HANDLE, _INT)),
    "FPDFText_GetCharOrigin": (_BOOL, (_HANDLE, _INT, _DOUBLE, _DOUBLE)),
    "FPDFText_GetMatrix": (_BOOL, (_HANDLE, _INT, _MATRIX)),
    "FPDFText_GetFontSize": (ctypes.c_double, (_HANDLE, _INT)),
    "FPDFText_GetLooseCharBox": (_BOOL, (_HANDLE, _INT, _RECTF)),
    "FPDFTextObj_GetFont": (_HANDLE, (_HANDLE,)),
    "FPDFFont_GetIsEmbedded": (_INT, (_HANDLE,)),
    "FPDFFont_GetGlyphWidth": (_BOOL, (_HANDLE, ctypes.c_uint32, ctypes.c_float, _FLOAT)),
    "FPDFFont_GetBaseFontName": (ctypes.c_size_t, (_HANDLE, ctypes.c_char_p, ctypes.c_size_t)),
    "FPDFPage_CountObjects": (_INT, (_HANDLE,)),
    "FPDFPage_GetObject": (_HANDLE, (_HANDLE, _INT)),
    "FPDFPageObj_GetType": (_INT, (_HANDLE,)),
    "FPDFPageObj_GetMatrix": (_BOOL, (_HANDLE, _MATRIX)),
    "FPDFPageObj_GetBounds": (_BOOL, (_HANDLE, _FLOAT, _FLOAT, _FLOAT, _FLOAT)),
    "FPDFFormObj_CountObjects": (_INT, (_HANDLE,)),
    "FPDFFormObj_GetObject": (_HANDLE, (_HANDLE, ctypes.c_ulong)),
    "FPDFPath_GetDrawMode": (_BOOL, (_HANDLE, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(_BOOL))),
    "FPDFPath_CountSegments": (_INT, (_HANDLE,)),
    "FPDFPath_GetPathSegment": (_HANDLE, (_HANDLE, _INT)),
    "FPDFPathSegment_GetPoint": (_BOOL, (_HANDLE, _FLOAT, _FLOAT)),
    "FPDFPathSegment_GetType": (_INT, (_HANDLE,)),
    "FPDFPathSegment_GetClose": (_BOOL, (_HANDLE,)),
}


def path() -> Path:
    """Where pypdfium2's pdfium library is (named as pypdfium2_raw's bindings name it per platform);
    ImportError when pypdfium2 is not installed."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pypdfium2 is not installed")
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    return Path(next(iter(spec.submodule_search_locations))) / name


@functools.cache
def pdfium() -> SimpleNamespace:
    """pdfium's functions of PROTOTYPES by name, the library initialised."""
    library = ctypes.CDLL(str(path()))
    functions = {}
    for name, (result, arguments) in PROTOTYPES.items():
        function = getattr(library, name)
        function.restype, function.argtypes = result, arguments
        functions[name] = function
    library.FPDF_InitLibraryWithConfig.restype = None
    library.FPDF_InitLibraryWithConfig.argtypes = (ctypes.POINTER(_Config),)
    library.FPDF_InitLibraryWithConfig(ctypes.byref(_Config(2, None, None, 0)))
    return SimpleNamespace(**functions)


def load(data: bytes) -> int | None:
    """The handle of the PDF `data` opened by pdfium (to close with FPDF_CloseDocument; `data` must
    outlive it), or None when pdfium cannot open it or finds no page in it."""
    api = pdfium()
    document = api.FPDF_LoadMemDocument64(data, len(data), None)
    if document and api.FPDF_GetPageCount(document) < 1:
        api.FPDF_CloseDocument(document)
        document = None
    return document or None
