"""Page images for OCR: decoding, straightening, ruling lines and ink (OpenCV, from the ocr extra).

Sizes are in points of the printed page: a page image's scale (pixels per point) comes from its
width, taken as an A4 page 595 points wide, so that the same tolerances serve any resolution.
PDF pages are rendered one at a time, as they are read, into at most MAX_PIXELS (an A3 page at
150 dpi): a larger page at a scale lowered from its size before it is rendered.
"""
from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import cv2
import numpy as np

A4_WIDTH = 595.0          # points
MAX_SKEW = 3.0            # degrees of rotation looked for
SKEW_STEP = 0.1           # degrees
RULE_MIN = (40.0, 10.0)   # points: shortest horizontal and vertical ruling line
RULE_WIDTH = 3.0          # points: the thickest ruling line
RULE_EDGE_ROWS = 40       # pixel rows along a rule whose edge gives its width where a character touches it
RULE_OWN = 20             # percentile of a rule's runs that is its own width: characters touching it only widen runs
BESIDE = 0.1              # share of a vertical rule's length that may have ink right beside it
JOINT, JOINT_PIXELS = 0.2, 1.5   # points and pixels: how far a vertical rule's end may lie outside a rule
SPECK = 2.0               # square points: a smaller blot of ink is a speck, unless beside a mark as a point is
SPECK_BESIDE = 1.0        # square points: a blot this large beside a mark may be a piece of it
SPECK_REACH = 2.0         # points: how far from a mark a decimal point or a comma may stand
PAPER = 8.0               # points: wider than any stroke, narrower than the shading of a photographed page
SLASH_WIDTH = 0.3         # a stroke's width over its length, at most, for a slash
SLASH_ANGLES = (50.0, 80.0)   # degrees from the horizontal of a slash
SPECK_SHARE = 5           # a blot this many times smaller than a cell's largest is a speck beside it
INK = SPECK               # square points of dark pixels that make a cell non-empty: what is no speck is ink
FAINT = 0.5               # marks lighter than the page's ink by up to this share of the way to white are faint
MAX_PIXELS = 1754 * 2481  # a PDF page is rendered with at most this many pixels (an A3 page at 150 dpi)


@dataclass
class Segment:
    """A ruling line (pixels): horizontal when y0 == y1, `thickness` across it."""

    x0: float
    y0: float
    x1: float
    y1: float
    thickness: float


def decode(data: bytes, max_pixels: int) -> np.ndarray:
    """A grey page image from PNG/JPEG/TIFF/BMP bytes (ValueError if it is not one, or too large:
    its size read from its header by Pillow, before anything is decoded)."""
    from PIL import Image

    try:
        with _quiet_pillow(), Image.open(io.BytesIO(data)) as header:
            pixels = header.width * header.height
    except Image.DecompressionBombError as exc:   # Pillow's own limit, far over ours
        raise ValueError(f"image over the limit of {max_pixels:,} pixels") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValueError("not a readable image") from exc
    if pixels > max_pixels:
        raise ValueError(f"image of {pixels:,} pixels: over the limit of {max_pixels:,}")
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValueError("not a readable image")
    return image


@contextmanager
def _quiet_pillow() -> Iterator[None]:
    """Pillow's warning of a large image left unprinted: the limits here say it, on one line."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def tiff_pages(data: bytes, max_pixels: int, max_pages: int, width: int) -> list[np.ndarray]:
    """The pages of a TIFF, grey (Pillow, which reads every page, where OpenCV's decoder gives the
    first), each reduced to `width` as it is decoded: ValueError for more than `max_pages` pages, or
    a page over `max_pixels`, told before that page is decoded."""
    from PIL import Image

    try:
        with _quiet_pillow(), Image.open(io.BytesIO(data)) as image:
            count = getattr(image, "n_frames", 1)
            if count > max_pages:
                raise ValueError(f"{count} pages: over the limit of {max_pages} pages for OCR")
            pages = []
            for number in range(count):
                image.seek(number)
                if image.width * image.height > max_pixels:
                    raise ValueError(f"page {number + 1} of {image.width * image.height:,} pixels: over the limit "
                                     f"of {max_pixels:,}")
                pages.append(reduce(np.asarray(image.convert("L")), width))
            return pages
    except (OSError, SyntaxError) as exc:
        raise ValueError("not a readable image") from exc


def reduce(image: np.ndarray, width: int) -> np.ndarray:
    """The image scaled down to `width` pixels if it is much wider (OCR at about 150 dpi)."""
    if image.shape[1] <= 1.5 * width:
        return image
    factor = width / image.shape[1]
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def scale(image: np.ndarray) -> float:
    """Pixels per point."""
    return image.shape[1] / A4_WIDTH


def dark(image: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu's threshold)."""
    return ink_and_level(image)[0]


def ink_and_level(image: np.ndarray) -> tuple[np.ndarray, float]:
    """The page's ink (as `dark`) and the grey level between ink and paper it is taken at (Otsu's)."""
    level, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink, float(level)


def even_light(image: np.ndarray) -> np.ndarray:
    """The page as if lit evenly: each pixel divided by the paper's brightness around it (the
    image closed with a square larger than any stroke, which takes the ink away), so that a
    photographed page, darker at its edges and grey all over, is white paper with dark ink."""
    size = max(3, int(PAPER * scale(image)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    paper = cv2.morphologyEx(image, cv2.MORPH_CLOSE, kernel)
    return cv2.divide(image, np.maximum(paper, 1), scale=255)


def straighten(image: np.ndarray) -> tuple[np.ndarray, float]:
    """The page rotated so that its text lines and rules are level, and the angle turned (degrees).

    The angle is the one whose row profile of ink is sharpest (text lines and rules fall in as few
    pixel rows as possible), searched on a reduced image."""
    small = dark(cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    best, best_angle = -1.0, 0.0
    for step in range(-int(MAX_SKEW / SKEW_STEP), int(MAX_SKEW / SKEW_STEP) + 1):
        angle = step * SKEW_STEP
        profile = _rotate(small, angle, 0, cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        sharpness = float(np.square(np.diff(profile)).sum())
        if sharpness > best:
            best, best_angle = sharpness, angle
    if abs(best_angle) < SKEW_STEP / 2:
        return image, 0.0
    return _rotate(image, best_angle, 255, cv2.INTER_CUBIC), best_angle


def _rotate(image: np.ndarray, angle: float, border: int, interpolation: int) -> np.ndarray:
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=interpolation, borderValue=border)


def rules(image: np.ndarray, text: Sequence[tuple[float, float, float, float]] = ()) -> list[Segment]:
    """The ruling lines of a straightened page: long thin runs of ink, horizontal and vertical.
    A vertical run is a rule only if it crosses a horizontal rule (a table continued from the page
    before has no top rule) or joins one at each end: its ends lie on the rules, where a character's
    stroke in a tightly ruled cell stops short of them, and it stands alone (see _alone) and not
    inside a line of `text` (boxes of detected text: 十 in "第二十条" is one stroke across another)."""
    ink = dark(image)
    px = scale(image)
    found: dict[bool, list[Segment]] = {}
    for horizontal, length in zip((True, False), RULE_MIN):
        size = max(3, int(length * px))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, 1) if horizontal else (1, size))
        runs = cv2.morphologyEx(_bridged(ink, horizontal), cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs)
        thin = [(x, y, w, h) for x, y, w, h, _ in stats[1:count] if (h if horizontal else w) <= RULE_WIDTH * px + 2]
        found[horizontal] = [Segment(float(x), y + h / 2, float(x + w), y + h / 2, float(h)) if horizontal else
                             Segment(x + w / 2, float(y), x + w / 2, float(y + h), float(w)) for x, y, w, h in thin]
    reach = RULE_WIDTH * px + 2
    joint = JOINT_PIXELS + JOINT * px
    rows = found[True]

    def joins(v: Segment, y: float) -> bool:
        return any(h.x0 - reach <= v.x0 <= h.x1 + reach and abs(h.y0 - y) <= h.thickness / 2 + joint for h in rows)

    def crosses(v: Segment) -> bool:
        return any(h.x0 - reach <= v.x0 <= h.x1 + reach and v.y0 + reach < h.y0 < v.y1 - reach for h in rows)

    bands = _covered(rows, ink.shape[0], 1.0)   # the pixel rows of the horizontal rules
    def within_text(v: Segment) -> bool:
        return any(b[0] + (b[3] - b[1]) / 2 < v.x0 < b[2] - (b[3] - b[1]) / 2 and b[1] - reach <= v.y0
                   and v.y1 <= b[3] + reach for b in text)

    return rows + [v for v in found[False] if crosses(v) or (
        joins(v, v.y0) and joins(v, v.y1) and _alone(ink, v, bands) and not within_text(v))]


def _bridged(ink: np.ndarray, horizontal: bool) -> np.ndarray:
    """Ink with one-pixel gaps along the rows (or columns) filled: a speck of white or a JPEG block
    that breaks a rule in two."""
    axis = 1 if horizontal else 0
    before, after = np.roll(ink, 1, axis=axis), np.roll(ink, -1, axis=axis)
    return ink | (before & after)


def _alone(ink: np.ndarray, v: Segment, bands: np.ndarray) -> bool:
    """Whether a vertical run has white beside it (one to three pixels off) along nearly all its
    length, the horizontal rules' rows aside: a rule does, a character's stroke has strokes
    crossing it."""
    x, half = int(round(v.x0)), int(np.ceil(v.thickness / 2))
    rows = ~bands[int(v.y0):int(v.y1)]
    if not rows.any():
        return True
    part = ink[int(v.y0):int(v.y1)]
    beside = np.asarray(part[:, max(0, x - half - 3):max(0, x - half - 1)].any(axis=1)
                        | part[:, x + half + 1:x + half + 3].any(axis=1))
    return float(beside[rows].mean()) <= BESIDE


def erase(image: np.ndarray, segments: list[Segment]) -> np.ndarray:
    """The page with its ruling lines painted white, so that a cell's ink is its text only. Each
    rule is painted row by row along its own width (see _erase_across), not over a band round it:
    a digit set close to a rule, or touching it, keeps its strokes."""
    clean = image.copy()
    ink = dark(image) > 0
    rows = _covered([s for s in segments if s.y0 == s.y1], image.shape[0], 1.5)
    columns = _covered([s for s in segments if s.y0 != s.y1], image.shape[1], 1.5)
    for s in segments:
        if s.y0 == s.y1:
            _erase_across(clean.T, ink.T, s.y0, s.x0, s.x1, s.thickness, columns)
        else:
            _erase_across(clean, ink, s.x0, s.y0, s.y1, s.thickness, rows)
    return clean


def _covered(rules: list[Segment], size: int, reach: float) -> np.ndarray:
    """Of `size` pixel rows (columns), those that rules all horizontal (vertical) cover, `reach`
    pixels past their thickness either side."""
    covered = np.zeros(size, bool)
    for r in rules:
        middle, half = (r.y0 if r.y0 == r.y1 else r.x0), r.thickness / 2 + reach
        covered[max(0, int(middle - half)):max(0, int(middle + half) + 1)] = True
    return covered


def _erase_across(clean: np.ndarray, ink: np.ndarray, centre: float, start: float, end: float,
                  thickness: float, crossed: np.ndarray) -> None:
    """Paint white, in place, a vertical rule of `clean` (a horizontal one is passed transposed)
    along pixel rows `start`..`end`: in each row, the rule's own width (see _rule_edges) and a pixel
    either side of it; where a character touches the rule (its run of ink through the rule's
    darkest column reaches two pixels or more past the rule's edge, and the rows beside those where
    it reaches one; not where a rule across it, `crossed` for each row of the page, does), only the
    rule's own width on that side."""
    height, width = ink.shape
    half = thickness / 2 + 1.5
    y0, y1 = max(0, int(round(start - 1))), min(height, int(round(end + 1)) + 1)
    x0, x1 = max(0, int(round(centre - half))), min(width, int(round(centre + half)) + 1)
    if y1 <= y0 or x1 <= x0:
        return
    reach = int(np.ceil(half)) + 2   # columns beside the band where a touching character's run is seen
    lo, hi = max(0, x0 - reach), min(width, x1 + reach)
    rows, crossing = ink[y0:y1, lo:hi], crossed[y0:y1]
    cores = _cores(rows, x0 - lo, x1 - lo)
    on_rule = rows[np.arange(len(rows)), cores]
    own = np.flatnonzero(on_rule & ~crossing)
    bounds = []
    for ends, inward, band in zip(_run_ends(rows, cores), (1, -1), (x0 - lo, x1 - 1 - lo)):
        edges = _rule_edges(ends, own, inward, band)
        past = np.where(on_rule, inward * (edges - ends), 0)
        deep = (past >= 2) & ~crossing
        touched = (past >= 1) & (np.convolve(deep, np.ones(5), "same") > 0)   # two rows either side
        bounds.append(np.clip(np.where(touched, edges, edges - inward), 0, hi - lo - 1))
    columns = np.arange(hi - lo)
    clean[y0:y1, lo:hi][(bounds[0][:, None] <= columns) & (columns <= bounds[1][:, None])] = 255


def _cores(rows: np.ndarray, first: int, last: int) -> np.ndarray:
    """For each row of a rule's window, the rule's darkest column between `first` and `last`
    in its block of RULE_EDGE_ROWS rows (a rule straightened to a tenth of a degree still drifts a
    pixel along a page)."""
    cores = np.zeros(len(rows), int)
    for start in range(0, len(rows), RULE_EDGE_ROWS):
        block = rows[start:start + RULE_EDGE_ROWS, first:last]
        cores[start:start + RULE_EDGE_ROWS] = first + int(np.argmax(block.sum(axis=0)))
    return cores


def _rule_edges(ends: np.ndarray, own: np.ndarray, inward: int, band: int) -> np.ndarray:
    """The rule's own edge on one side in each row: in blocks of RULE_EDGE_ROWS rows, the
    RULE_OWN-th narrowest of the ends of its runs (`ends`) in the rows `own` (on the rule, no rule
    across) within that many rows of the block (`inward` +1 on the left, where narrower is higher;
    -1 on the right), as characters touching a rule only widen its runs, in a dense table most of
    them; `band` in a block where the rule has no ink of its own."""
    edges = np.full(len(ends), band)
    for start in range(0, len(ends), RULE_EDGE_ROWS):
        first, last = np.searchsorted(own, (start - RULE_EDGE_ROWS, start + 2 * RULE_EDGE_ROWS))
        if last > first:
            narrowest_first = np.sort(-inward * ends[own[first:last]])
            edges[start:start + RULE_EDGE_ROWS] = -inward * narrowest_first[(last - first) * RULE_OWN // 100]
    return edges


def _run_ends(rows: np.ndarray, cores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row of a boolean array, the first and last column of the run of True through its
    column in `cores` (that column itself where the row is False there)."""
    width = rows.shape[1]
    columns = np.arange(width)
    white_right = ~rows & (columns > cores[:, None])
    white_left = ~rows & (columns < cores[:, None])
    right = np.where(white_right.any(axis=1), np.argmax(white_right, axis=1) - 1, width - 1)
    left = np.where(white_left.any(axis=1), width - np.argmax(white_left[:, ::-1], axis=1), 0)
    return np.minimum(left, cores), np.maximum(right, cores)


def despeckle(image: np.ndarray) -> np.ndarray:
    """The page with specks of dust and scanner noise painted white: blots of ink smaller than
    SPECK square points, unless they sit low beside a larger mark, as a decimal point or a comma
    does, or are at least SPECK_BESIDE square points and stand by a mark (a piece of a character
    broken by a faint scan, as the upright of a "+"). Recognised alone, a speck beside a digit
    reads as a colon or a quote mark."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark(image), connectivity=8)
    px = scale(image)
    area = stats[:, cv2.CC_STAT_AREA]
    small = area < SPECK * px * px
    small[0] = False   # the background
    if not small.any():
        return image
    large = ~small
    large[0] = False
    marks = stats[large]
    reach = SPECK_REACH * px
    noise = []
    for i in np.flatnonzero(small):
        x, y, w, h = stats[i, :4]
        cx, cy = x + w / 2, y + h / 2
        beside = marks[(marks[:, 0] - reach <= x + w) & (x <= marks[:, 0] + marks[:, 2] + reach)
                       & (marks[:, 1] - reach <= y + h) & (y <= marks[:, 1] + marks[:, 3] + reach)]
        low = beside[(beside[:, 1] + 0.6 * beside[:, 3] <= cy) & (cx <= beside[:, 0] + beside[:, 2] + reach)
                     & (beside[:, 0] - reach <= cx) & (cy <= beside[:, 1] + beside[:, 3] + reach / 2)]
        if not len(low) and not (len(beside) and area[i] >= SPECK_BESIDE * px * px):
            noise.append(i)
    clean = image.copy()
    clean[np.isin(labels, noise)] = 255
    return clean


def slash(ink: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink in a pixel box is one straight stroke leaning right, as "/" is: its pixels
    lie along one line (principal axes) at 50-80 degrees. A blurred "/" is recognised as "1" or "7";
    a "1" stands upright and a "7" has its bar off the line. Specks beside the stroke (blots under
    a fifth of its size) are left out."""
    part = (ink[box[1]:box[3], box[0]:box[2]] > 0).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(part, connectivity=8)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    if count < 2:
        return False
    marks = 1 + np.flatnonzero(sizes * SPECK_SHARE >= sizes.max())
    ys, xs = np.nonzero(np.isin(labels, marks))
    if len(xs) < 5:
        return False
    cov = np.cov(np.vstack([xs, ys]).astype(float))
    small, large = np.linalg.eigvalsh(cov)
    if large <= 0 or np.sqrt(max(small, 0) / large) > SLASH_WIDTH or cov[0, 1] >= 0:
        return False   # not thin and straight, or leaning left (y grows downwards)
    angle = np.degrees(np.arctan2(abs(cov[1, 1] - small), abs(cov[0, 1])))
    return SLASH_ANGLES[0] <= angle <= SLASH_ANGLES[1]


def inked(ink: np.ndarray, box: tuple[float, float, float, float], margin: float) -> tuple[int, int, int, int] | None:
    """The bounding box of the ink of `box`: the marks (8-connected blots) that reach inside it
    shrunk by `margin` pixels (clear of its rules), whole as far as `box` itself, so that a digit
    set against a rule is not cut at the margin; None when they are fewer than INK square points."""
    inner = _inside(box, margin)
    if inner is None or not ink[inner[1]:inner[3], inner[0]:inner[2]].any():
        return None
    x0, y0, x1, y1 = inner
    height, width = ink.shape
    ox0, oy0 = max(0, min(x0, int(round(box[0])))), max(0, min(y0, int(round(box[1]))))
    ox1, oy1 = min(width, max(x1, int(round(box[2])))), min(height, max(y1, int(round(box[3]))))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink[oy0:oy1, ox0:ox1], connectivity=8)
    marks = np.unique(labels[y0 - oy0:y1 - oy0, x0 - ox0:x1 - ox0])
    marks = stats[marks[marks > 0]]
    if marks[:, cv2.CC_STAT_AREA].sum() < INK * scale(ink) ** 2:
        return None
    left, top = marks[:, 0], marks[:, 1]
    return (ox0 + int(left.min()), oy0 + int(top.min()),
            ox0 + int((left + marks[:, 2]).max()), oy0 + int((top + marks[:, 3]).max()))


def _inside(box: tuple[float, float, float, float], margin: float) -> tuple[int, int, int, int] | None:
    """The pixel box of `box` shrunk by `margin` pixels (clear of a cell's rules); None if nothing is left."""
    x0, y0, x1, y1 = (int(round(v)) for v in (box[0] + margin, box[1] + margin, box[2] - margin, box[3] - margin))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def faint(image: np.ndarray, ink_level: float, box: tuple[float, float, float, float], margin: float) -> bool:
    """Whether marks lighter than the page's ink (`ink_level`, from `ink_and_level`) but darker than FAINT
    of the way from it to white stand inside `box` shrunk by `margin` pixels, one blot of them at
    least INK square points: a digit printed grey or with little toner, which the page's threshold
    takes for paper."""
    inner = _inside(box, margin)
    if inner is None:
        return False
    x0, y0, x1, y1 = inner
    marks = (image[y0:y1, x0:x1] < ink_level + (255 - ink_level) * FAINT).astype(np.uint8)
    least = INK * scale(image) ** 2
    if np.count_nonzero(marks) < least:
        return False
    _, _, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    return bool(stats[1:, cv2.CC_STAT_AREA].max() >= least)


def render_scale(width: float, height: float, dpi: float) -> float:
    """Pixels per point for a page of `width` × `height` points: `dpi` / 72, or lower so that the
    image, each side a pixel more for its rounding up, holds at most MAX_PIXELS."""
    w, h = max(width, 1.0), max(height, 1.0)
    # the largest s with (w·s + 1)(h·s + 1) <= MAX_PIXELS
    fitting = (math.sqrt((w + h) ** 2 + 4 * w * h * (MAX_PIXELS - 1)) - (w + h)) / (2 * w * h)
    return min(dpi / 72, fitting)


def pdf_pages(data: bytes, numbers: Iterable[int], dpi: float) -> Iterator[tuple[int, np.ndarray]]:
    """Pages `numbers` (from 1) of a PDF rendered grey one at a time, as they are asked for: at
    `dpi`, a page too large for it at the scale render_scale gives (pypdfium2, one thread at a time:
    `pdf_native.PDFIUM`). ValueError for a page that cannot be rendered. The images a page draws are the
    PDF reader's to check before (`pdf_images`): the renderer decodes an image whole, whatever
    the scale."""
    import pypdfium2

    from .pdf_native import PDFIUM

    with PDFIUM:
        pdf = pypdfium2.PdfDocument(data)
    try:
        for number in numbers:
            with PDFIUM:
                try:
                    page = pdf[number - 1]
                    width, height = page.get_size()
                    bitmap = page.render(scale=render_scale(width, height, dpi), grayscale=True)
                except (pypdfium2.PdfiumError, IndexError) as exc:
                    raise ValueError(f"page {number} cannot be rendered: {exc}") from exc
                image = np.array(bitmap.to_numpy()).reshape(bitmap.height, bitmap.width, -1)[:, :, 0].copy()
                bitmap.close()
                page.close()
            yield number, image
    finally:
        with PDFIUM:
            pdf.close()
