"""Builds the OCR fixtures beside this file (run once; the outputs are committed).

    python tests/data/ocr/make_fixtures.py

- hongze-2023-scan.pdf: samples/hongze-2023.pdf rasterised by poppler (pdftoppm -r 150 -gray),
  each page turned 0.8 degrees and stored as JPEG (quality 50) in a PDF with no text layer.
- table3.png: table 3 alone, cut from docs/html-table3.png (the HTML writer's page for hongze-2023);
  table3-unruled.png: the same with its ruling lines whitened (runs of dark pixels longer than any
  character stroke).
- not-a-report.png: a page of an unrelated notice, drawn with Noto Sans CJK.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTICE = ["关于开展2024年春季义务植树活动的通知", "", "各单位：",
          "为进一步改善城区生态环境，经研究，定于3月12日上午在滨湖公园开展义务植树活动。",
          "请各单位于3月8日前报送参加人数，活动当天8时30分在公园东门集合。", "", "特此通知。",
          "", "区绿化委员会办公室", "2024年3月1日"]


def scanned_pdf() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(ROOT / "samples" / "hongze-2023.pdf"),
                        f"{tmp}/page"], check=True)
        pages = [Image.open(p).convert("L").rotate(0.8, resample=Image.BICUBIC, fillcolor=255)
                 for p in sorted(Path(tmp).glob("page-*.png"))]
    pages[0].save(HERE / "hongze-2023-scan.pdf", save_all=True, append_images=pages[1:], resolution=150, quality=50)


def table3() -> None:
    table = Image.open(ROOT / "docs" / "html-table3.png").convert("L").crop((40, 0, 960, 790))
    table.save(HERE / "table3.png", optimize=True)
    pixels = np.array(table)
    dark = pixels < 200
    rules = _long_runs(dark, 40) | _long_runs(dark.T, 20).T
    pixels[rules] = 255
    Image.fromarray(pixels).save(HERE / "table3-unruled.png", optimize=True)


def _long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """The pixels of horizontal runs of dark pixels at least `length` long."""
    out = np.zeros_like(dark)
    for y, row in enumerate(dark):
        start = None
        for x, on in enumerate([*row, False]):
            if on and start is None:
                start = x
            elif not on and start is not None:
                if x - start >= length:
                    out[y, start:x] = True
                start = None
    return out


def not_a_report() -> None:
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(CJK_FONT, 30)
    for n, line in enumerate(NOTICE):
        draw.text((150, 200 + 60 * n), line, fill=0, font=font)
    page.save(HERE / "not-a-report.png", optimize=True)


if __name__ == "__main__":
    scanned_pdf()
    table3()
    not_a_report()
