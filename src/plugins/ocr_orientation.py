"""Pages scanned on their side or upside down: which way is up.

Told by the shape of the text lines the detector finds (lines taller than wide: the page lies on its
side) and by RapidOCR's text-direction classifier on the longest of them (upright or turned 180°).
"""
from __future__ import annotations

import numpy as np

from . import ocr_engine

LINE_SHAPE = 3.0   # a text line's box is at least this many times longer than it is thick
SAMPLE = 8         # the longest text lines the classifier is shown
ON_SIDE = 2 / 3    # share of the text lines standing upright on a page that lies on its side (a table's
                   # header may stand upright on an upright page)


def quarter_turns(image: np.ndarray, boxes: list[tuple[float, float, float, float]]) -> int:
    """How many quarter turns counter-clockwise (numpy's `rot90`) set the page upright: 0 for a page
    read as it lies, 1 or 3 for a page on its side, 2 for one upside down."""
    lines = [b for b in boxes if max(b[2] - b[0], b[3] - b[1]) >= LINE_SHAPE * min(b[2] - b[0], b[3] - b[1])]
    if not lines:
        return 0
    on_side = sum(1 for b in lines if b[3] - b[1] > b[2] - b[0]) > ON_SIDE * len(lines)
    lines = sorted((b for b in lines if (b[3] - b[1] > b[2] - b[0]) == on_side),
                   key=lambda b: max(b[2] - b[0], b[3] - b[1]), reverse=True)[:SAMPLE]
    crops = [image[int(b[1]):int(b[3]) + 1, int(b[0]):int(b[2]) + 1] for b in lines]
    crops = [np.ascontiguousarray(np.rot90(c, -1)) if on_side else c for c in crops]   # lines made level
    turned = ocr_engine.upside_down(crops)
    upside = 2 * sum(turned) > len(turned)
    if on_side:
        return 1 if upside else 3
    return 2 if upside else 0
