"""DOCX reader (python-docx): paragraphs and tables in body order, merged cells, text boxes and
content controls. Headings are left to the assembler, which knows them by their text.

A table holding other tables is a layout table: its cells are read as containers of blocks.
Merged cells (gridSpan, vMerge) keep their text in the first slot; the slots they cover are blank.
"""
from __future__ import annotations

import datetime
import io
import posixpath
import zlib
from typing import TYPE_CHECKING

from xxgk import hookimpl
from xxgk.dates import CHINA
from xxgk.document import Block, Document, Paragraph, Table, TableCell
from xxgk.errors import ReadError
from xxgk.limits import (
    MAX_DOCX_PARTS,
    MAX_DOCX_RATIO,
    MAX_DOCX_RELATIONSHIPS,
    MAX_DOCX_UNPACKED,
    MAX_XML_NODES,
    check_text,
)
from xxgk.model import Location
from xxgk.registry import Reader, Source
from xxgk.spacing import clean_text

if TYPE_CHECKING:
    import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIP = {f"{W}txbxContent", MC_FALLBACK, f"{W}tbl"}    # read on their own, or duplicates (Fallback)
WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml")   # around rows and cells
MAX_SPAN = 64
XML_NAMES = (".xml", ".rels")   # parts named so are XML, whatever their content types say
# a DTD's markers, as a part in UTF-8 (or any ASCII-compatible encoding) or UTF-16 writes them
DTD_MARKERS = tuple(marker.encode(codec) for marker in ("<!DOCTYPE", "<!ENTITY")
                    for codec in ("ascii", "utf-16-le", "utf-16-be"))


def sniff(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and b"word/" in head


def read(source: Source) -> Document:
    walker = read_package(source.data)
    doc = Document(walker.blocks, source=source.name, reader="docx")
    created = created_day(walker.part.core_properties.created)
    if created:
        doc.meta.update(published=created, published_from="docx")
    return doc


def created_day(created: datetime.datetime | None) -> str | None:
    """The day of a DOCX's created property (its modified date may be any later save), in China's
    time (UTC+8): Word writes it in UTC."""
    if created is None:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=datetime.timezone.utc)
    return created.astimezone(CHINA).date().isoformat()


def read_package(data: bytes, outer: BodyWalker | None = None) -> BodyWalker:
    """The package's body, walked. `outer` is the walker of the DOCX that holds this one as an
    altChunk: the unpacked sizes of both count against one limit."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from .docx_chunks import keep_chunks_as_bytes

    unpacked = inspect_package(data, outer.unpacked if outer else 0)
    keep_chunks_as_bytes()
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"not a readable DOCX: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}") \
            from exc
    except Exception as exc:
        raise ReadError(f"corrupt DOCX: {type(exc).__name__}: {str(exc)[:200]}") from exc
    walker = BodyWalker(document.part, unpacked, nested=outer is not None)
    walker.walk(document.element.body)
    return walker


def inspect_package(data: bytes, spent: int = 0) -> int:
    """The bytes the package unpacks to, plus `spent` (by the DOCX holding it as an altChunk).
    Refuse a zip bomb (too many parts, too large or too compressed once unpacked), a package of more
    XML elements and attributes than MAX_XML_NODES (python-docx builds a tree of every one: a few
    MiB of empty paragraphs, or of attributes, take gigabytes), and any XML part with a DTD: OOXML
    has none, so entity declarations (XXE, billion laughs) are hostile. XML parts are those named
    .xml or .rels and those python-docx parses for their content type, whatever their names."""
    import zipfile  # with the first DOCX, not with the plugin

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(f"not a readable DOCX: {exc}") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_DOCX_PARTS:
            raise ReadError(f"DOCX of {len(parts)} parts: over the limit of {MAX_DOCX_PARTS}")
        unpacked = spent + sum(p.file_size for p in parts)
        if unpacked > MAX_DOCX_UNPACKED:
            what = "DOCX with its altChunks" if spent else "DOCX"
            raise ReadError(f"{what} unpacks to {unpacked // (1024 * 1024)} MiB: over the limit "
                            f"of {MAX_DOCX_UNPACKED // (1024 * 1024)} MiB (a zip bomb?)")
        for part in parts:
            if part.file_size > MAX_DOCX_RATIO * max(part.compress_size, 1) and part.file_size > 1024 * 1024:
                raise ReadError(f"DOCX part {part.filename} expands {part.file_size // max(part.compress_size, 1)} "
                                f"times: over the limit of {MAX_DOCX_RATIO} (a zip bomb?)")
        nodes = _count_nodes(archive, [p for p in parts if p.filename.endswith(XML_NAMES)])   # [Content_Types].xml
        _count_nodes(archive, _typed_as_xml(archive, [p for p in parts if not p.filename.endswith(XML_NAMES)]), nodes)
    return unpacked


def _count_nodes(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], nodes: int = 0) -> int:
    """`nodes` and the elements and attributes of `parts`; ReadError past MAX_XML_NODES, for more
    relationships than MAX_DOCX_RELATIONSHIPS in the parts named .rels (their elements: an upper
    bound), or for a DTD."""
    import zipfile

    relationships = 0
    for part in parts:
        try:
            elements, attributes = _nodes(archive, part)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
            raise ReadError(f"corrupt DOCX part {part.filename}: {exc}") from exc
        nodes += elements + attributes
        relationships += elements if part.filename.endswith(".rels") else 0
        if nodes > MAX_XML_NODES:
            raise ReadError(f"DOCX of more than {MAX_XML_NODES:,} XML elements and attributes: over the limit")
        if relationships > MAX_DOCX_RELATIONSHIPS:
            raise ReadError(f"DOCX of more than {MAX_DOCX_RELATIONSHIPS:,} relationships: over the limit")
    return nodes


def _typed_as_xml(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """Those of `parts` python-docx parses as XML for their content type, whatever their names: the
    Override of [Content_Types].xml for the part, else the Default for its extension (ECMA-376 Part
    2, 10.1.2.4; both case-blind); none when [Content_Types].xml cannot be read (python-docx
    refuses the package then). Call it once [Content_Types].xml has passed `_nodes`."""
    import zipfile

    import docx  # noqa: F401  (registers python-docx's part classes)
    from docx.opc.part import PartFactory, XmlPart
    from lxml import etree

    parsed = {kind for kind, cls in PartFactory.part_type_for.items() if issubclass(cls, XmlPart)}
    try:
        types = etree.fromstring(archive.read("[Content_Types].xml"),
                                 etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error, etree.XMLSyntaxError):
        return []
    given: dict[tuple[str, str], str] = {}   # ("Override", a part's name) or ("Default", an extension): a type
    for entry in types:
        if isinstance(entry.tag, str):
            key = entry.get("PartName") if etree.QName(entry).localname == "Override" else entry.get("Extension")
            given[etree.QName(entry).localname, (key or "").lower()] = entry.get("ContentType", "")
    return [part for part in parts
            if given.get(("Override", "/" + part.filename.lower()),
                         given.get(("Default", posixpath.splitext(part.filename)[1][1:].lower()))) in parsed]


def _nodes(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """At least the elements and the attributes an XML part holds: its start tags, and its "=" signs
    (an attribute has one; text may have more), counted as it is unpacked a MiB at a time, never
    parsed. ReadError for a DTD anywhere in it."""
    elements, attributes, last = 0, 0, b""   # last: the previous piece's end, where a marker or "</" may be cut
    with archive.open(part) as stream:
        while piece := stream.read(1 << 20):
            seam = last + piece
            if any(marker in seam for marker in DTD_MARKERS):
                raise ReadError(f"DOCX part {part.filename} declares a DTD or entities: refused")
            elements += piece.count(b"<") - (last[-1:] + piece).count(b"</")
            attributes += piece.count(b"=")
            last = piece[1 - max(map(len, DTD_MARKERS)):]
    return elements, attributes


class BodyWalker:
    """Blocks of a body in order. `part` is the document part (for its altChunks' relationships),
    `unpacked` the bytes unpacked so far, `nested` true for a DOCX read as an altChunk."""

    def __init__(self, part, unpacked: int = 0, nested: bool = False) -> None:
        self.part = part
        self.unpacked = unpacked
        self.nested = nested
        self.hidden_styles = _hidden_styles(part)
        self.blocks: list[Block] = []
        self._paragraphs = 0
        self._tables = 0
        self._holders: set | None = None   # the tables that hold other tables, found once

    def walk(self, element) -> list[Block]:
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self._paragraph(child)
            elif tag == f"{W}tbl":
                self._table(child)
            elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins"):
                self.walk(child)
            elif tag == f"{W}altChunk":
                from .docx_chunks import chunk_blocks

                self.blocks += chunk_blocks(self, child)
        return self.blocks

    def _paragraph(self, p) -> None:
        for line in map(clean_text, _text(p, self.hidden_styles).split("\n")):
            if line:
                self._paragraphs += 1
                self.blocks.append(Paragraph(line, Location(path=f"p[{self._paragraphs}]")))
        for box in _text_boxes(p):
            self.walk(box)

    def _table(self, tbl) -> None:
        if self._holders is None:
            self._holders = _holders(tbl.getroottree().getroot())
        if tbl in self._holders:
            for tr in _own(tbl, f"{W}tr"):
                for tc in _own(tr, f"{W}tc"):
                    self.walk(tc)     # layout table: each cell holds blocks
            return
        self._tables += 1
        rows = []
        for r, tr in enumerate(_own(tbl, f"{W}tr"), start=1):
            cells = [TableCell("") for _ in range(_grid_value(tr, "gridBefore"))]
            for c, tc in enumerate(_own(tr, f"{W}tc"), start=1):
                loc = Location(path=f"table[{self._tables}]/tr[{r}]/tc[{c}]")
                text = "" if _continues_merge(tc) else clean_text(_text(tc, self.hidden_styles).replace("\n", ""))
                cells.append(TableCell(text, loc, colspan=_grid_value(tc, "gridSpan") or 1))
            rows.append(cells)
        self.blocks.append(Table(rows, Location(path=f"table[{self._tables}]")))


def _text(element, hidden_styles: frozenset[str] = frozenset()) -> str:
    """The element's text in document order; tabs as spaces, breaks as newlines, paragraphs of a
    cell run together; text boxes, nested tables, Fallback duplicates and hidden text left out.
    ReadError (limits.check_text) as soon as it is longer than a paragraph may be: a DOCX may unpack
    to 200 MiB of one."""
    parts: list[str] = []
    size = 0

    def visit(node) -> None:
        nonlocal size
        for child in node.iterchildren():
            tag = child.tag
            if tag in SKIP or tag == f"{W}r" and _hidden(child, hidden_styles):
                continue
            if tag == f"{W}t" and child.text:   # a superscript (a footnote mark) in brackets: a note
                parts.append(f"[{child.text}]" if _superscript(child.getparent()) else child.text)
                size += len(parts[-1])
                check_text(size)
            elif tag == f"{W}tab":
                parts.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            else:
                visit(child)

    visit(element)
    return "".join(parts)


def _hidden(run, hidden_styles: frozenset[str]) -> bool:
    """A run of hidden text (w:vanish, Word's 隐藏文字), set on the run or by its character style (one
    of `hidden_styles`): Word neither shows nor prints it, so a digit hidden after 5555 is no part
    of the number the page shows."""
    vanish = run.find(f"{W}rPr/{W}vanish")
    if vanish is not None:
        return _on(vanish)
    style = run.find(f"{W}rPr/{W}rStyle")
    return style is not None and style.get(f"{W}val") in hidden_styles


def _on(toggle) -> bool:
    """A toggle property's value (w:vanish): on unless w:val says 0, false or off."""
    return toggle.get(f"{W}val", "true") not in ("0", "false", "off")


def _hidden_styles(part) -> frozenset[str]:
    """The ids of the document's character styles that hide their text (w:vanish), set on the style
    or on one it is based on."""
    try:
        root = part.styles.element
    except (KeyError, ValueError, AttributeError):
        return frozenset()
    styles = {s.get(f"{W}styleId"): s for s in root.iterchildren(f"{W}style") if s.get(f"{W}type") == "character"}

    def hides(style_id: str | None) -> bool:
        seen = set()   # a chain of basedOn, followed once round (a hostile one may loop)
        while (style := styles.get(style_id)) is not None and style_id not in seen:
            seen.add(style_id)
            vanish = style.find(f"{W}rPr/{W}vanish")
            if vanish is not None:
                return _on(vanish)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return False

    return frozenset(s for s in styles if hides(s))


def _superscript(run) -> bool:
    align = run.find(f"{W}rPr/{W}vertAlign") if run is not None else None
    return align is not None and align.get(f"{W}val") == "superscript"


def _text_boxes(p):
    """Text-box contents anchored in the paragraph, each once (not inside another box)."""
    for box in p.iterdescendants(f"{W}txbxContent"):
        ancestors = list(box.iterancestors())
        if any(a.tag == MC_FALLBACK for a in ancestors):
            continue
        if any(a.tag == f"{W}txbxContent" for a in ancestors):
            continue
        yield box


def _own(element, tag: str):
    """The rows of a table or the cells of a row (`tag`): its children of that tag, and those
    inside content controls and custom XML around them, never those of a table nested inside."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from _own(child, tag)


def _holders(root) -> set:
    """The tables under `root` that hold other tables (layout tables), found in one walk of the tree."""
    from lxml import etree

    holders: set = set()
    open_tables: list = []   # the tables the walk is inside, innermost last
    for event, tbl in etree.iterwalk(root, events=("start", "end"), tag=f"{W}tbl"):
        if event == "start":
            if open_tables:
                holders.add(open_tables[-1])
            open_tables.append(tbl)
        else:
            open_tables.pop()
    return holders


def _grid_value(element, name: str) -> int:
    props = element.find(f"{W}tcPr") if element.tag == f"{W}tc" else element.find(f"{W}trPr")
    found = props.find(f"{W}{name}") if props is not None else None
    try:
        return max(0, min(int(found.get(f"{W}val")), MAX_SPAN)) if found is not None else 0
    except (TypeError, ValueError):
        return 0


def _continues_merge(tc) -> bool:
    """A vMerge cell that continues the one above (only a `restart` one holds the text)."""
    props = tc.find(f"{W}tcPr")
    merge = props.find(f"{W}vMerge") if props is not None else None
    return merge is not None and merge.get(f"{W}val", "continue") != "restart"


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader(name="docx", read=read, extensions=(".docx", ".docm"),
                               media_types=("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
                               sniff=sniff, priority=20))
