"""Containers: single-file web pages (MHT) and DOCX files whose content stands in altChunk parts
(HTML, MHT or another DOCX), read through the HTML and DOCX readers."""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from lxml import etree

import xxgk
from xxgk.errors import ReadError
from xxgk.plugins import docx_reader
from xxgk.registry import Source

from conftest import read_text
from pagegen import mht, page, table2, table3, table4
from reportgen import consistent_values, report_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
AF_CHUNK = f"{R}/aFChunk"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def expected(values: dict) -> dict:
    return {k: Decimal(v) if isinstance(v, str) else v for k, v in values.items()}


def read(data: bytes, name: str):
    return xxgk.read_source(Source(data, name))


def read_error(data: bytes, name: str) -> str:
    with pytest.raises(ReadError) as caught:
        read(data, name)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


# ---- MHT -------------------------------------------------------------------------------------

@pytest.mark.parametrize("charset, transfer, meta, options", [
    ("gb2312", "quoted-printable", True, {"image": True, "newline": "\r\n"}),   # as Word saves it
    ("utf-8", "quoted-printable", True, {}),
    ("gb2312", "base64", False, {}),                                           # charset in the MIME header only
    (None, "quoted-printable", True, {"image": True}),                         # in the meta only (gbk)
    ("utf-8", "base64", False, {"saved_by": "Blink", "newline": "\r\n"}),      # a browser's MHTML
], ids=["word-gb2312-qp-image", "utf8-qp", "gb2312-base64-header", "gbk-meta-only", "browser-utf8-base64"])
def test_single_file_web_page(charset, transfer, meta, options):
    values = consistent_values(181, 60)
    html = page(values, charset=charset or "gbk", word=charset == "gb2312")
    report = read(mht(html, charset, transfer, meta, **options), "report.mht")
    assert report.cells() == expected(values)
    assert report.meta.reader == "mht"
    assert (report.meta.organ, report.meta.year) == ("某某区人民政府办公室", 2024)
    assert report.meta.title == "某某区人民政府办公室2024年政府信息公开工作年度报告"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_an_mht_is_known_by_its_content_not_its_name():
    data = mht(page(consistent_values(182, 60)), image=True)
    assert read(data, "report.html").meta.reader == "mht"
    assert read(data, "report").meta.reader == "mht"


def test_bad_mht_files():
    data = mht(page(consistent_values(183, 60)), image=True)
    assert "truncated" in read_error(data[: len(data) // 2], "report.mht")
    assert "truncated" in read_error(data[:-40], "report.mht")
    image_only = data.replace(b"Content-Type: text/html", b"Content-Type: image/gif")
    assert "without an HTML part" in read_error(image_only, "report.mht")
    assert read_error(b"", "report.mht") == "empty input"


# ---- altChunk --------------------------------------------------------------------------------

def to_docx(values: dict) -> bytes:
    out = io.BytesIO()
    xxgk.write(read_text(report_text(values)), "docx", out)
    return out.getvalue()


def with_chunks(data: bytes, place, chunks: dict[str, tuple[str, str, bytes]]) -> bytes:
    """The DOCX `data` with `chunks` (r:id -> part name, content type, bytes) added as altChunk parts;
    `place(body, altchunk)` edits document.xml's body, `altchunk(rid)` making an element."""
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(files["word/document.xml"])

    def altchunk(rid: str):
        return etree.Element(f"{W}altChunk", {f"{{{R}}}id": rid})

    place(root.find(f"{W}body"), altchunk)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = files["word/_rels/document.xml.rels"].decode()
    types = files["[Content_Types].xml"].decode()
    for rid, (name, content_type, blob) in chunks.items():
        files[f"word/{name}"] = blob
        rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{AF_CHUNK}" Target="{name}"/>'
                                                "</Relationships>")
        types = types.replace("</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/></Types>')
    files["word/_rels/document.xml.rels"], files["[Content_Types].xml"] = rels.encode(), types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in files.items():
            package.writestr(name, blob)
    return out.getvalue()


def without(data: bytes, name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.namelist():
            if item != name:
                package.writestr(item, source.read(item))
    return out.getvalue()


def tables(body) -> list:
    return body.findall(f"{W}tbl")


def instead(old, new) -> None:
    old.addprevious(new)
    old.getparent().remove(old)


def fragment(html: str, charset="utf-8") -> bytes:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return f"<html><head>{head}<style>td{{border:1px}}</style></head><body>{html}</body></html>".encode(
        "gb18030" if charset != "utf-8" else charset)


def test_table3_in_an_html_altchunk():
    values = consistent_values(184, 60)
    data = with_chunks(to_docx(values), lambda body, chunk: instead(tables(body)[1], chunk("chunk1")),
                       {"chunk1": ("chunk1.html", "text/html", fragment(table3(values), "gb2312"))})
    report = read(data, "report.docx")
    assert report.cells() == expected(values)
    assert report.cell("t3.disclosed.total").location.path.startswith("altChunk[chunk1]/table[1]/tr[")
    assert report.cell("t4.review.total").location.path.startswith("table[2]/")


@pytest.mark.parametrize("content_type", [DOCX_MAIN, "application/vnd.openxmlformats-officedocument."
                                                     "wordprocessingml.document"], ids=["sdk", "package"])
def test_the_rest_of_the_report_in_a_docx_altchunk(content_type):
    values = consistent_values(185, 60)
    whole = to_docx(values)

    def before_table3(body, chunk):
        children = list(body)[:-1]   # sectPr stays
        at = children.index(tables(body)[1])
        for child in children[at:]:
            body.remove(child)
        body.insert(at, chunk("rId100"))

    def from_table3(body, _chunk):
        children = list(body)[:-1]
        for child in children[: children.index(tables(body)[1])]:
            body.remove(child)

    inner = with_chunks(whole, from_table3, {})
    report = read(with_chunks(whole, before_table3, {"rId100": ("part.docx", content_type, inner)}), "r.docx")
    assert report.cells() == expected(values)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.cell("t4.review.total").location.path.startswith("altChunk[rId100]/table[2]/")


def test_two_altchunks_an_mht_and_an_html_part():
    values = consistent_values(186, 60)

    def place(body, chunk):
        t2, _, t4 = tables(body)
        instead(t2, chunk("htmlChunk"))
        instead(t4, chunk("chunk2"))

    mht_part = mht(f"<html><body>{table2(values)}</body></html>", "utf-8")
    data = with_chunks(to_docx(values), place, {"htmlChunk": ("afchunk.mht", "message/rfc822", mht_part),
                                                "chunk2": ("chunk2.htm", "application/xhtml+xml",
                                                           fragment(table4(values)))})
    assert read(data, "report.docx").cells() == expected(values)


def test_a_whole_page_in_one_altchunk_as_html_docx_js_writes_it():
    values = consistent_values(187, 60)

    def place(body, chunk):
        for child in list(body)[1:-1]:   # the title and sectPr stay
            body.remove(child)
        body.insert(1, chunk("htmlChunk"))

    part = mht(page(values, chrome=False), "utf-8")
    report = read(with_chunks(to_docx(values), place, {"htmlChunk": ("afchunk.mht", "message/rfc822", part)}),
                  "report.docx")
    assert report.cells() == expected(values)
    assert report.meta.organ == "某某市人民政府办公室"


def test_bad_altchunks(monkeypatch):
    values = consistent_values(188, 60)
    whole = to_docx(values)
    at_table3 = lambda rid: lambda body, chunk: instead(tables(body)[1], chunk(rid))  # noqa: E731
    html = fragment(table3(values))
    assert "names no part" in read_error(with_chunks(whole, at_table3("nowhere"), {}), "r.docx")
    assert "names no part" in read_error(with_chunks(whole, at_table3("c1"), {"c2": ("c.htm", "text/html", html)}),
                                         "r.docx")
    gone = with_chunks(whole, at_table3("c1"), {"c1": ("c1.html", "text/html", html)})
    assert "c1.html" in read_error(without(gone, "word/c1.html"), "r.docx")
    rtf = {"c1": ("c1.rtf", "application/rtf", b"{\\rtf1 table}")}
    assert "application/rtf" in read_error(with_chunks(whole, at_table3("c1"), rtf), "r.docx")
    inner = with_chunks(whole, at_table3("c1"), {"c1": ("c1.docx", DOCX_MAIN, whole)})
    nested = with_chunks(whole, at_table3("c1"), {"c1": ("c1.docx", DOCX_MAIN, inner)})
    assert "one level" in read_error(nested, "r.docx")
    bomb = with_chunks(whole, lambda body, chunk: None, {"b": ("media/bomb.xml", "application/xml",
                                                              b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>")})
    assert "zip bomb" in read_error(with_chunks(whole, at_table3("c1"), {"c1": ("c1.docx", DOCX_MAIN, bomb)}),
                                    "r.docx")
    outer = with_chunks(whole, at_table3("c1"), {"c1": ("c1.docx", DOCX_MAIN, whole)})
    monkeypatch.setattr(docx_reader, "MAX_DOCX_UNPACKED", docx_reader.inspect_package(whole) * 3 // 2)
    assert "with its altChunks" in read_error(outer, "r.docx")
