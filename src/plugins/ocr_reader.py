"""Scanned reports (the `ocr` extra): page images to a Document with table grids and paragraphs.

Each page is straightened, its ruling lines found and turned into cells by pdfplumber's table
algorithm (the one the PDF reader uses); text is detected once per page, and every non-empty cell
is recognised as a whole, so a lone "0" is read even where detection would miss it (lone numbers
several side by side in one line of the recogniser: `ocr_engine.recognise_side_by_side`). Text outside
the grids becomes lines (rows of columns with numbers are table rows, as in PDFs) and paragraphs.
Cells keep the recogniser's confidence; locations are page and pixel boxes of the straightened page.

The Document can read any cell again (`Document.reread`: a tighter crop enlarged, the crop made
black and white with a wider margin, the text lines detected in it alone, the crop read by a second
recogniser of another generation), so that no value stands unless the table's equations confirm it
(`xxgk.rereading`).

Bounded by work, not by the clock: at most MAX_PAGES pages, and PAGE_CPU_SECONDS of processor time
per page (all threads, checked between a page's steps), whatever else the machine is doing.
"""
from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

import cv2
import numpy as np

from xxgk.document import Document, Table, TableCell
from xxgk.errors import ReadError
from xxgk.model import Location, quoted
from xxgk.rereading import MIN_CONFIDENCE
from xxgk.spacing import clean_text
from xxgk.values import parse_token

from . import ocr_engine, ocr_image
from .ocr_columns import in_columns
from .ocr_orientation import quarter_turns
from .pdf_layout import TextLine, document, grids, in_bands, is_table_row, noting, table_rules

Box = tuple[float, float, float, float]   # x0, y0, x1, y1 in pixels

MAX_PAGES = 50
PAGE_CPU_SECONDS = 120.0  # processor time (all threads) for one page; a page takes about 3 s
TOLERANCE = 3.0           # points: rules this close are one rule (pdfplumber's default)
CELL_MARGIN = 1.5         # points kept clear of a cell's rules when looking for its ink
PAD = 4                   # pixels round a crop sent to the recogniser
SHARPEN = 0.8             # weight of the unsharp mask of a second reading (a blurred scan's edges restored)
ONE_LINE = 1.6            # a cell's ink taller than this many text lines is read line by line
MAX_LETTERS_AS_DIGITS = 3  # a cell of only O, l and the like, this short, is a number misread
MISSED_HEIGHT = 0.35      # a blot of ink at least this many text lines tall may be a value detection missed
MAX_LABEL_LENGTH = 20     # characters: a lone text this short may be a row's label, its values not detected
TOO_FAINT = "marks too faint to read"   # the note on a cell whose only marks are lighter than the page's ink
COLUMN_GAP = 1.5          # a gap this many line heights wide separates the columns of a row
_CONFUSED = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0", "l": "1", "I": "1", "|": "1",
                           "i": "1", "S": "5", "B": "8", "，": ",", "。": "."})
_LETTERLIKE = "〇|"        # not letters, yet read for a digit like them
SLASH_LIKE = ("1", "7", "l", "I", "|", "/")   # what a blurred slash is recognised as
_CJK = re.compile(r"[\u3400-\u9fff]")
_STRAY = "°'\"`´·˙¨˚:：;；、_~^*“”‘’"   # a speck beside digits, recognised as a mark
_DIGITS_AND_ONE_CJK = re.compile(r"[\d.,]*\d[\d.,]*[\u3400-\u9fff]|[\u3400-\u9fff][\d.,]*\d[\d.,]*")
_RUN_INTO = re.compile(r"\d(?!万元)(?![件个项条次元年月日号])[\u3400-\u9fff]")   # a digit run into no unit
_NUMBERISH = re.compile(r"^[\dOoDQ〇lIi|SB.,，。\s]+$")
_APART = re.compile(r"\d[.,]?\s+[.,]?\d")


def read_images(images: list[np.ndarray], name: str) -> Document:
    """A Document from the page images of one report."""
    if len(images) > MAX_PAGES:
        raise ReadError(f"{len(images)} pages: over the limit of {MAX_PAGES} pages for OCR")
    second = SecondReading()
    pages = {}
    with noting() as noted:
        for number, image in enumerate(images, start=1):
            pages[number] = page_items(image, number, second)
    doc = document(pages, set(pages), name)
    doc.reread = second
    doc.skipped += noted
    if not doc.blocks:
        doc.no_tables_reason = "no text found by OCR"
    return doc


def page_items(image: np.ndarray, number: int, second: SecondReading) -> tuple[list[TextLine | Table], float]:
    """A page's tables and text lines, top to bottom, and the page's height (pixels); the page is
    kept in `second` for second readings of its cells."""
    started = time.process_time()
    lit = ocr_image.even_light(image)
    straight, _ = ocr_image.straighten(lit)
    boxes = ocr_engine.detect(straight)
    turns = quarter_turns(straight, boxes)
    if turns:   # a page scanned on its side or upside down
        straight, _ = ocr_image.straighten(np.ascontiguousarray(np.rot90(lit, turns)))
        boxes = ocr_engine.detect(straight)
    px = ocr_image.scale(straight)
    segments = ocr_image.rules(straight, boxes)
    found = _grids(segments, TOLERANCE * px, number)
    _deadline(started, number)
    crops = _Crops(ocr_image.despeckle(ocr_image.erase(straight, segments)), boxes, px)
    second.pages[number] = crops
    plans = [[[None if box is None else crops.cell(box) for box in row.cells] for row in table.rows]
             for table in found]
    loose = [(i, crops.add(crops.tight(boxes[i]))) for i in range(len(boxes)) if i not in crops.taken]
    read = ocr_engine.recognise_side_by_side(crops.images)
    crops.images.clear()
    _deadline(started, number)
    items: list[tuple[float, TextLine | Table]] = []
    bands = []
    for table, plan in zip(found, plans):
        cells = [[None if c is None else _cell_reading(c, crops, read) for c in row] for row in plan]
        numbers = [[None if c is None else _number(c[0]) for c in row] for row in cells]
        scores = [[None if c is None else c[1] for c in row] for row in cells]
        texts = [[None if n is None else n[0] for n in row] for row in numbers]
        notes = [[TOO_FAINT if c == TOO_FAINT else None if n is None else n[1] for c, n in zip(crop_row, row)]
                 for crop_row, row in zip(plan, numbers)]
        for top, grid, band in grids(table, texts, number, scores, notes):
            items.append((top, grid))
            bands.append(band)
    recognised = [(boxes[i], read[k]) for i, k in loose if read[k][0].strip()]
    recognised = _beyond_the_rules([i for _, i in items if isinstance(i, Table)], recognised, crops, number)
    recognised += _missed_in_rows(crops, recognised, bands)
    items += [(line.top, line) for line in _lines(recognised, number, crops.line_height, crops.has_ink)
              if not in_bands(line.top, line.bottom, line.x0, line.x1, bands)]
    return [item for _, item in sorted(items, key=lambda i: i[0])], float(straight.shape[0])


class SecondReading:
    """The pages of one report kept for reading cells again (a `Document.reread`): for each pixel
    box, the text and confidence of five other readings — the cell's ink enlarged twice, the ink
    made black and white with a wider white margin, the ink sharpened with a narrow margin, the
    text lines detected inside it alone, and the ink read by the second recogniser (ocr_engine)."""

    def __init__(self) -> None:
        self.pages: dict[int, _Crops] = {}

    def __call__(self, locations: list[Location]) -> list[list[tuple[str, float]] | None]:
        owners: list[int] = []
        images: list[np.ndarray] = []
        second_owners: list[int] = []
        second_images: list[np.ndarray] = []
        for i, location in enumerate(locations):
            crops = self.pages.get(location.page) if location.page is not None else None
            ink = crops.ink_of(location.bbox) if crops is not None and location.bbox else None
            if crops is None or ink is None:
                continue
            made = crops.variants(ink, location.bbox)
            images += made
            owners += [i] * len(made)
            second_images.append(crops.crop(ink, PAD))
            second_owners.append(i)
        read = ocr_engine.recognise(images) + ocr_engine.recognise(second_images, second=True)
        out: list[list[tuple[str, float]] | None] = [
            [] if location.page in self.pages else None for location in locations]
        for i, (text, score) in zip(owners + second_owners, read):
            out[i].append((_number(text)[0], score))   # type: ignore[union-attr]
        return out


class _Crops:
    """The crops of one page the recogniser reads in one batch: whole cells, or the detected lines
    of a cell of several lines, and the detected text outside the grids."""

    def __init__(self, image: np.ndarray, boxes: list[Box], px: float):
        self.image, self.boxes, self.margin = image, boxes, CELL_MARGIN * px
        self.ink, self.ink_level = ocr_image.ink_and_level(image)
        self.line_height = statistics.median([b[3] - b[1] for b in boxes]) if boxes else 12 * px
        self.images: list[np.ndarray] = []
        self.sources: list[Box] = []   # the pixel box of each crop
        self.taken: set[int] = set()

    def cell(self, box) -> list[int] | str:
        """The crops of one cell (none when it is empty), or TOO_FAINT when its only marks are too
        faint to be ink. A cell of several lines is read line by line: the lines detected in it, and the
        marks no detected line covers (a number's last digit wrapped onto a line of its own)."""
        inked = ocr_image.inked(self.ink, box, self.margin)
        inside = [i for i, b in enumerate(self.boxes) if _centre_in(b, box)]
        self.taken.update(inside)
        if inked is None:
            return TOO_FAINT if ocr_image.faint(self.image, self.ink_level, box, self.margin) else []
        if inked[3] - inked[1] <= ONE_LINE * self.line_height or not inside:
            return [self.add(inked)]
        lines = [_clip(self.boxes[i], box) for i in inside]
        lines += self._uncovered(inked, lines)
        return [self.add(lines[i]) for i in _reading_order(lines, list(range(len(lines))))]

    def _uncovered(self, inked: Box, lines: list[Box]) -> list[Box]:
        """The pixel boxes of the marks inside `inked` that no box of `lines` (grown by a pixel
        either side) covers, marks less than half a text line apart taken together, each at least
        MISSED_HEIGHT of a text line tall: text that detection passed over."""
        x0, y0, x1, y1 = _pixels(inked)
        left = self.ink[y0:y1, x0:x1].copy()
        for b in lines:
            bx0, by0, bx1, by1 = _pixels(b)
            left[max(0, by0 - 1 - y0):max(0, by1 + 1 - y0), max(0, bx0 - 1 - x0):max(0, bx1 + 1 - x0)] = 0
        reach = max(1, int(self.line_height / 2))
        joined = cv2.dilate(left, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
        count, labels = cv2.connectedComponents(joined, connectivity=8)
        out = []
        for label in range(1, count):
            ys, xs = np.nonzero((labels == label) & (left > 0))
            if len(ys) and ys.max() + 1 - ys.min() >= MISSED_HEIGHT * self.line_height:
                out.append((float(x0 + xs.min()), float(y0 + ys.min()),
                            float(x0 + xs.max() + 1), float(y0 + ys.max() + 1)))
        return out

    def blots(self, box: Box, min_height: float) -> list[Box]:
        """The pixel boxes of the runs of ink across `box` (split where a gap of half a text line
        stands between them) that are at least `min_height` tall."""
        x0, y0, x1, y1 = (int(round(v)) for v in box)
        part = self.ink[max(0, y0):y1, max(0, x0):x1]
        inked = np.flatnonzero(part.any(axis=0))
        out: list[Box] = []
        gap = max(1, int(self.line_height / 2))
        for run in np.split(inked, np.flatnonzero(np.diff(inked) > gap) + 1) if len(inked) else []:
            ys = np.flatnonzero(part[:, run[0]:run[-1] + 1].any(axis=1))
            if ys[-1] + 1 - ys[0] >= min_height:
                left, top = max(0, x0), max(0, y0)
                out.append((left + int(run[0]), top + int(ys[0]), left + int(run[-1]) + 1, top + int(ys[-1]) + 1))
        return out

    def tight(self, box: Box) -> Box:
        """The box round the ink inside a detected text box, which the detector draws loose: a lone
        digit is read far more surely cropped close."""
        return ocr_image.inked(self.ink, box, 0) or box

    def has_ink(self, box: Box) -> bool:
        """Whether ink stands in `box` (pixels), clear of its edges by the cell margin."""
        return ocr_image.inked(self.ink, box, self.margin) is not None

    def add(self, box) -> int:
        """Add the padded crop of `box`; its index."""
        self.images.append(_sharpened(self.crop(box, PAD // 2)))
        self.sources.append(box)
        return len(self.images) - 1

    def text(self, crops: list[int], read: list[tuple[str, float]]) -> str:
        """The text recognised in a cell's crops."""
        text = "".join(read[k][0] for k in crops)
        return self.slash_or(text, self.sources[crops[0]]) if len(crops) == 1 else text

    def slash_or(self, text: str, box: Box) -> str:
        """`text` recognised in one crop, or "/" when it is a lone stroke read as a digit (a speck
        beside it read as a mark or not) whose ink is one slanted line: the slash that marks a
        cell with nothing to report."""
        stroke = text.strip(_STRAY + ".,，。")
        return "/" if stroke in SLASH_LIKE and ocr_image.slash(self.ink, _pixels(box)) else text

    def crop(self, box, pad: int) -> np.ndarray:
        """The crop of `box` with `pad` pixels round it. A narrow crop (a lone digit) is widened with
        white to at least its height, which the recogniser reads far more surely."""
        h, w = self.image.shape
        x0, y0 = max(0, int(box[0]) - pad), max(0, int(box[1]) - pad)
        x1, y1 = min(w, int(box[2] + 0.999) + pad), min(h, int(box[3] + 0.999) + pad)
        crop = self.image[y0:y1, x0:x1]
        side = max(0, (y1 - y0) - (x1 - x0) + 1) // 2
        return cv2.copyMakeBorder(crop, 0, 0, side, side, cv2.BORDER_CONSTANT, value=255) if side else crop

    def ink_of(self, box) -> tuple[int, int, int, int] | None:
        """The pixel box round the ink of a cell (or a column's text) at a pixel box; None if empty."""
        return ocr_image.inked(self.ink, self._grown(box), self.margin)

    def _grown(self, box) -> Box:
        return box[0] - self.margin, box[1] - self.margin, box[2] + self.margin, box[3] + self.margin

    def variants(self, inked, box) -> list[np.ndarray]:
        """Other crops of the ink (`inked`, from ink_of) of a cell at a pixel box: enlarged twice,
        black and white with a wide margin, sharpened with a narrow margin, and the one text line
        detected inside it, alone."""
        grown = self._grown(box)
        tight = self.crop(inked, PAD)
        wide = self.crop(inked, 3 * PAD)
        close = self.crop(inked, PAD // 2)
        out = [cv2.resize(tight, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC),
               cv2.threshold(wide, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1],
               _sharpened(close)]
        inside = [b for b in self.boxes if _centre_in(b, grown)]
        if len(inside) == 1:
            out.append(self.crop(_clip(inside[0], grown), PAD))
        return out


def _sharpened(crop: np.ndarray) -> np.ndarray:
    return cv2.addWeighted(crop, 1 + SHARPEN, cv2.GaussianBlur(crop, (0, 0), 1.0), -SHARPEN, 0)


def _deadline(started: float, number: int) -> None:
    if time.process_time() - started > PAGE_CPU_SECONDS:
        raise ReadError(f"OCR of page {number} used more than {PAGE_CPU_SECONDS:g} s of processor time: stopped")


def _grids(segments: list[ocr_image.Segment], tolerance: float, number: int):
    """Tables (pdfplumber Table objects: bbox, rows of cell boxes) from the ruling lines of page
    `number`: none from more than pdf_layout.MAX_TABLE_RULES (noted)."""
    from pdfplumber.table import Table as FoundTable
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = [{"x0": s.x0, "x1": s.x1, "top": s.y0, "bottom": s.y1, "width": s.x1 - s.x0, "height": s.y1 - s.y0,
              "orientation": "h" if s.y0 == s.y1 else "v", "object_type": "line"} for s in segments]
    edges = table_rules(merge_edges(edges, tolerance, tolerance, tolerance, tolerance), number)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    # a found table without a page: its rows and bbox need none
    return [FoundTable(None, group) for group in cells_to_tables(cells) if len(group) > 1]  # type: ignore[arg-type]


def _pixels(box) -> tuple[int, int, int, int]:
    return int(box[0]), int(box[1]), int(box[2]), int(box[3])


def _centre_in(b: Box, box) -> bool:
    x, y = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _clip(b: Box, box) -> Box:
    return max(b[0], box[0]), max(b[1], box[1]), min(b[2], box[2]), min(b[3], box[3])


def _reading_order(boxes, indexes: list[int]) -> list[int]:
    return [i for line in _line_groups(boxes, indexes) for i in line]


def _line_groups(boxes, indexes: list[int]) -> list[list[int]]:
    """Boxes in lines, top to bottom (middles within half a box of the line's), each left to right."""
    lines: list[list[int]] = []
    for i in sorted(indexes, key=lambda i: boxes[i][1]):
        b = boxes[i]
        if lines and abs((b[1] + b[3]) / 2 - _middle(boxes, lines[-1])) < (b[3] - b[1]) / 2:
            lines[-1].append(i)
        else:
            lines.append([i])
    return [sorted(line, key=lambda i: boxes[i][0]) for line in lines]


def _middle(boxes, line: list[int]) -> float:
    return statistics.mean((boxes[i][1] + boxes[i][3]) / 2 for i in line)


def _cell_reading(crops: list[int] | str, page: _Crops, read: list[tuple[str, float]]) -> tuple[str, float | None]:
    """A cell's text and confidence from its crops' readings (see _legible); a cell too faint to
    read is ink not read: "" with confidence 0."""
    if isinstance(crops, str):
        return "", 0.0
    return _legible(page.text(crops, read), _score(crops, read))


def _score(crops: list[int], read: list[tuple[str, float]]) -> float | None:
    """A cell's confidence: the least of its crops' (None for a cell without ink)."""
    return min((read[k][1] for k in crops), default=None)


def _legible(text: str, confidence: float | None) -> tuple[str, float | None]:
    """A cell's text and confidence. Ink read as no number and no label — nothing, marks only, a
    few letters or marks recognised without confidence, digits beside a character no unit explains
    ("9法") or run into Chinese characters ("0的间8": a value read with the specks beside it), or
    digits standing apart ("10 11": two numbers, or one the recogniser saw in pieces; never joined
    into one) — is ink not read: "" with confidence 0, a cell reported as unread, never blank and
    never a label."""
    if confidence is None:
        return text, None
    core = text.strip(_STRAY + ".,，。 ")
    unsure_letters = confidence < MIN_CONFIDENCE and len(text) <= 4 and not _CJK.search(text) \
        and not re.search(r"\d", text)
    garbled = (_DIGITS_AND_ONE_CJK.fullmatch(core) is not None or _RUN_INTO.search(core) is not None) \
        and parse_token(core) is None
    if not core or unsure_letters or garbled or _APART.search(core):
        return "", 0.0
    return text, confidence


def _number(text: str) -> tuple[str, str | None]:
    """A cell's text with OCR's confusions in numbers undone (O for 0, l for 1, a speck read as a
    mark beside the digits), and a note saying what was undone (None when nothing was)."""
    text = text.strip()
    core = text.strip(_STRAY)
    letters_only = core == text and len(core) <= MAX_LETTERS_AS_DIGITS
    if not _NUMBERISH.match(core) or not (re.search(r"\d", core) or letters_only):
        return text, None
    number = core.translate(_CONFUSED).replace(" ", "").strip(".,")
    letters = sorted({c for c in core if c.isalpha() or c in _LETTERLIKE})
    marks = "".join(sorted(set(text) - set(core)))
    undone = ([f"{', '.join(letters)} taken for digits"] if letters else []) + ([f"{marks} dropped"] if marks else [])
    return number, f"OCR read {quoted(text)}: {'; '.join(undone)}" if undone else None


def _lines(recognised, number: int, line_height: float, inked: Callable[[Box], bool]) -> list[TextLine]:
    """Text lines from recognised boxes outside the grids; a line whose boxes stand in columns with
    numbers among them is a table row (boxes closer than the column gap are one column), its
    values placed in the columns of the rows and headings about it (`ocr_columns`)."""
    boxes = [b for b, _ in recognised]
    out = []
    spans: list[list[Box]] = []   # each line's columns
    for line in _line_groups(boxes, list(range(len(boxes)))):
        parts = [recognised[i] for i in line]
        numbers = [_number(text) for _, (text, _) in parts]
        texts = [clean_text(text) for text, _ in numbers]
        x0, top = min(b[0] for b, _ in parts), min(b[1] for b, _ in parts)
        x1, bottom = max(b[2] for b, _ in parts), max(b[3] for b, _ in parts)
        size = round(statistics.median(b[3] - b[1] for b, _ in parts) / line_height * 4) * line_height / 4
        text_line = TextLine(clean_text("".join(texts)), number, x0, x1, top, bottom, size)
        columns: list[list[int]] = []
        for k, (box, _) in enumerate(parts):
            if columns and box[0] - parts[columns[-1][-1]][0][2] <= COLUMN_GAP * line_height / 2:
                columns[-1].append(k)
            else:
                columns.append([k])
        column_texts = [clean_text("".join(texts[k] for k in column)) for column in columns]
        if is_table_row(text_line.text, column_texts):
            text_line.cells = [_column_cell(t, [parts[k] for k in column], number,
                                            "; ".join(n for k in column if (n := numbers[k][1])) or None)
                               for t, column in zip(column_texts, columns)]
        out.append(text_line)
        spans.append([_bounds([parts[k][0] for k in column]) for column in columns])
    in_columns(out, spans, inked)
    return out


def _beyond_the_rules(tables: list[Table], recognised, crops: _Crops, number: int) -> list:
    """Text right of a grid and level with its rows, at most a column's width away, in at least half
    of the grid's rows (a last column whose outer rule did not print), appended to each row as a
    cell; in fewer rows it is specks beside the table, left out. The recognised boxes not beside a
    grid are returned, as (box, (text, confidence))."""
    rest = []
    beside: dict[int, list[tuple[list[TableCell], TableCell]]] = {}
    for box, (text, confidence) in recognised:
        found = _row_beside(tables, box)
        if found is None:
            rest.append((box, (text, confidence)))
            continue
        table, row = found
        text, score = _legible(crops.slash_or(text, crops.tight(box)), confidence)
        value, note = _number(text)
        beside.setdefault(table, []).append((row, TableCell(clean_text(value), Location(
            page=number, bbox=[round(v, 1) for v in box]), confidence=score, note=note)))
    for table, cells in beside.items():
        if 2 * len({id(row) for row, _ in cells}) >= len(tables[table].rows):
            for row, cell in cells:
                row.append(cell)
    return rest


def _row_beside(tables: list[Table], box: Box) -> tuple[int, list[TableCell]] | None:
    """The table (its index) and the row a box stands just right of."""
    middle = (box[1] + box[3]) / 2
    for index, table in enumerate(tables):
        for row in table.rows:
            boxes = [c.location.bbox for c in row if c.location and c.location.bbox]
            last = max(boxes, key=lambda b: b[2], default=None)   # a value's cell, of this row alone
            if last is not None and last[1] < middle < last[3] and last[2] - (last[2] - last[0]) / 4 <= box[0] \
                    <= last[2] + statistics.median(b[2] - b[0] for b in boxes):
                return index, row
    return None


def _missed_in_rows(crops: _Crops, recognised, bands) -> list:
    """Values of rows without rules that text detection passed over (a lone "0" among specks):
    blots of ink of a digit's height in the band of a row (a line with numbers, or a lone short
    label), right of its label (if it has one) and within the text's width, that no detected box
    covers, recognised alone. Only those read as a number or a slash are kept; (box, (text,
    confidence)) each."""
    boxes = [b for b, _ in recognised]
    rows = []
    for line in _line_groups(boxes, list(range(len(boxes)))):
        numeric = [i for i in line if parse_token(_number(recognised[i][1][0])[0]) is not None]
        labels = [i for i in line if i not in numeric]
        short_label = len(line) == 1 and len(recognised[line[0]][1][0]) <= MAX_LABEL_LENGTH
        first, end = boxes[line[0]], boxes[line[-1]]
        if (len(numeric) >= 2 or short_label) and not in_bands(first[1], first[3], first[0], end[2], bands):
            rows.append((max(boxes[i][2] for i in labels) if labels else None, min(boxes[i][1] for i in line),
                         max(boxes[i][3] for i in line)))
    if not rows:
        return []
    left = min(b[0] for b in boxes) - crops.line_height
    right = max(b[2] for b in boxes) + crops.line_height
    tall = MISSED_HEIGHT * crops.line_height
    found = [blot for x0, top, bottom in rows for blot in crops.blots((x0 or left, top, right, bottom), tall)
             if not any(_overlap(blot, b) for b in crops.boxes)]
    out = []
    for blot, (text, confidence) in zip(found, ocr_engine.recognise([crops.crop(b, PAD) for b in found])):
        text = crops.slash_or(text, blot)
        if text == "/" or re.fullmatch(r"\d+", _number(text)[0]):
            out.append((blot, (text, confidence)))
    return out


def _bounds(boxes: list[Box]) -> Box:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _column_cell(text: str, parts, number: int, note: str | None) -> TableCell:
    bbox = [min(b[0] for b, _ in parts), min(b[1] for b, _ in parts),
            max(b[2] for b, _ in parts), max(b[3] for b, _ in parts)]
    confidence = min(score for _, (_, score) in parts) if text.strip() else 0.0   # ink read as nothing
    return TableCell(text, Location(page=number, bbox=[round(v, 1) for v in bbox]), confidence=confidence, note=note)
