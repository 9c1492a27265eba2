"""Page images before recognition (xxgk.plugins.ocr_image): rules told from characters' strokes,
rules broken by specks, specks cleared but decimal points kept, uneven light evened, slashes."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2", reason="the OCR extra is part of the test extra")
from xxgk.plugins import ocr_image  # noqa: E402

WIDTH = 1240   # an A4 page at 150 dpi: 2.08 pixels per point


def page() -> np.ndarray:
    return np.full((600, WIDTH), 255, np.uint8)


def grid(image: np.ndarray, xs: list[int], ys: list[int]) -> None:
    for y in ys:
        cv2.line(image, (xs[0], y), (xs[-1], y), 0, 1)
    for x in xs:
        cv2.line(image, (x, ys[0]), (x, ys[-1]), 0, 1)


def verticals(image: np.ndarray) -> list[int]:
    return sorted(round(s.x0) for s in ocr_image.rules(image) if s.y0 != s.y1)


@pytest.mark.parametrize("gap", [1, 2, 4])
def test_a_stroke_nearly_as_tall_as_a_tight_row_is_no_rule(gap):
    """丰 in a row just taller than it: its upright stroke runs within `gap` pixels of both rules,
    with strokes across it."""
    image = page()
    xs, ys = [100, 400, 700], [100, 126, 152]
    grid(image, xs, ys)
    for x, y0 in zip((250, 550), ys[:-1]):
        cv2.line(image, (x, y0 + gap + 1), (x, y0 + 25 - gap), 0, 2)      # the upright stroke
        for across in (7, 13, 19):
            cv2.line(image, (x - 12, y0 + across), (x + 12, y0 + across), 0, 1)
    assert verticals(image) == xs


def test_an_upright_stroke_alone_in_a_row_is_no_rule_inside_a_line_of_text():
    image = page()
    xs, ys = [100, 400, 700], [100, 126]
    grid(image, xs, ys)
    cv2.line(image, (250, 101), (250, 125), 0, 2)
    assert 250 in verticals(image)
    assert 250 not in sorted(round(s.x0) for s in ocr_image.rules(image, [(180.0, 104.0, 330.0, 123.0)])
                             if s.y0 != s.y1)


def test_thick_rules_are_rules():
    """Borders 3 pt wide (six pixels at 150 dpi)."""
    image = page()
    xs, ys = [100, 400, 700], [100, 150, 200]
    for y in ys:
        cv2.line(image, (xs[0], y), (xs[-1], y), 0, 6)
    for x in xs:
        cv2.line(image, (x, ys[0]), (x, ys[-1]), 0, 6)
    found = ocr_image.rules(image)
    assert sorted(round(s.y0) for s in found if s.y0 == s.y1) == ys
    assert verticals(image) == xs


def test_rules_broken_by_specks_of_white_are_found_whole():
    image = page()
    xs, ys = [100, 400, 700], [100, 150, 200]
    grid(image, xs, ys)
    for x in range(110, 690, 37):
        image[ys[1], x] = 255
    for y in range(105, 195, 23):
        image[y, xs[1]] = 255
    found = ocr_image.rules(image)
    assert sorted(round(s.y0) for s in found if s.y0 == s.y1 and s.x1 - s.x0 > 500) == ys
    assert verticals(image) == xs


@pytest.mark.parametrize("size", [(1, 1), (2, 2), (2, 4)])   # pixels: (2, 4) is 1.8 square points at 150 dpi
def test_specks_are_cleared_and_decimal_points_kept(size: tuple[int, int]):
    image = page()
    cv2.putText(image, "12.5", (200, 300), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    rng = np.random.default_rng(3)
    specks = list(zip(rng.integers(20, 580, 40), rng.integers(20, 1200, 40)))
    for y, x in specks:
        image[y:y + size[0], x:x + size[1]] = 0
    clean = ocr_image.despeckle(image)
    assert all(clean[y, x] == 255 for y, x in specks if not (270 <= y <= 310 and 190 <= x <= 280))
    count = cv2.connectedComponents(ocr_image.dark(clean[270:310, 190:280]))[0] - 1
    assert count == 4   # 1, 2, the point, 5


def test_pieces_of_a_character_broken_by_a_faint_scan_are_kept_where_lone_specks_go():
    image = page()
    image[300:302, 200:212] = 0            # the bar of a "+" whose upright printed faint:
    image[295:298, 205:207] = 0            # its two pieces, 1.4 square points each, a pixel apart
    image[303:306, 205:207] = 0
    cv2.putText(image, "1", (216, 308), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 0, 2)
    image[100:103, 600:602] = 0            # the same blot alone
    clean = ocr_image.despeckle(image)
    assert (clean[295:298, 205:207] == 0).all() and (clean[303:306, 205:207] == 0).all()
    assert (clean[100:103, 600:602] == 255).all()


def test_a_small_one_that_is_no_speck_is_ink_in_its_cell():
    """A "1" of a 6-point font at 150 dpi, one pixel wide and 11 tall (2.5 square points), is kept
    as no speck, so its cell is not empty (never blank); a speck alone leaves its cell empty."""
    image = page()
    image[300:311, 400] = 0
    image[100:102, 600:602] = 0
    ink = ocr_image.dark(ocr_image.despeckle(image))
    assert ocr_image.inked(ink, (380, 290, 420, 320), 3) == (400, 300, 401, 311)
    assert ocr_image.inked(ink, (580, 90, 620, 120), 3) is None


def ruled_cell() -> tuple[np.ndarray, list[ocr_image.Segment]]:
    """A cell 200 × 30 pixels between rules three pixels wide, and the rules found on it."""
    image = page()
    xs, ys = [100, 300, 500], [100, 130, 160]
    for y in ys:
        image[y - 1:y + 2, xs[0] - 1:xs[-1] + 2] = 0
    for x in xs:
        image[ys[0] - 1:ys[-1] + 2, x - 1:x + 2] = 0
    return image, ocr_image.rules(image)


def test_a_digit_touching_a_rule_keeps_its_stroke_when_the_rule_is_erased():
    """A "1" two pixels wide set hard against a rule (its stroke joins the rule's ink), and a "7"
    whose bar touches it in two rows: the rule is painted white, the strokes kept."""
    image, segments = ruled_cell()
    image[105:127, 296:299] = 0     # the "1": columns 296-298, the rule's are 299-301
    image[135:137, 285:299] = 0     # the "7": its bar touches the rule ...
    cv2.line(image, (295, 137), (289, 156), 0, 2)   # ... its stroke does not
    clean = ocr_image.erase(image, segments)
    assert (clean[105:127, 296:299] == 0).all()
    assert (clean[135:137, 285:298] == 0).all()
    assert (clean[102:158, 299:302] == 255).all()   # the rule between
    ink = ocr_image.dark(ocr_image.despeckle(clean))
    assert ocr_image.inked(ink, (100.5, 100.5, 300.5, 130.5), 3) == (296, 105, 299, 127)   # rules' middles


def test_a_rule_a_shade_wider_along_part_of_its_length_is_erased_whole():
    """A rule three pixels wide for half its length and four for the other half, and one whose
    edge is grey: nothing of either is left, so no cell gets a line of ink for a digit."""
    image, segments = ruled_cell()
    image[100:131, 302] = 0                    # the middle rule a pixel wider along the first row
    image[131:160, 98] = 120                   # the left rule's edge grey along the second
    clean = ocr_image.erase(image, segments)
    assert ocr_image.inked(ocr_image.dark(clean), (100.5, 100.5, 300.5, 130.5), 3) is None
    assert (clean[95:165, 95:106] == 255).all() and (clean[95:165, 295:306] == 255).all()


def test_a_mark_reaching_into_a_cell_is_its_ink_whole():
    """The ink of a cell is every mark reaching inside its margin, whole: a digit half in the
    margin beside an erased rule is not cut at the margin; a blot only in the margin is no ink."""
    image = page()
    image[300:312, 395:399] = 0          # a stroke from x = 395, two pixels into a 3-pixel margin
    image[340:344, 380:382] = 0          # a blot in the margin only
    ink = ocr_image.dark(image)
    assert ocr_image.inked(ink, (393, 295, 450, 320), 3) == (395, 300, 399, 312)
    assert ocr_image.inked(ink, (379, 330, 450, 360), 3) is None


def test_uneven_light_is_evened():
    flat = page()
    cv2.putText(flat, "2024 0 17", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    shade = np.linspace(0.45, 0.95, WIDTH)[None, :] * np.linspace(0.8, 1.0, 600)[:, None]
    lit = (flat * shade).astype(np.uint8)
    assert (ocr_image.dark(lit) != ocr_image.dark(flat)).mean() > 0.1       # one threshold fails
    evened = ocr_image.dark(ocr_image.even_light(lit))
    assert (evened != ocr_image.dark(flat)).mean() < 0.002


def test_a_slash_is_told_from_upright_strokes():
    def shape(text: str, font: int, blur: float, speck: tuple[int, int] | None = None) -> bool:
        image = np.full((60, 60), 255, np.uint8)
        cv2.putText(image, text, (15, 45), font, 1.0, 0, 2, cv2.LINE_AA)
        if speck:
            cv2.circle(image, speck, 1, 0, -1)
        if blur:
            image = cv2.GaussianBlur(image, (0, 0), blur)
        ink = ocr_image.dark(image)
        ys, xs = np.nonzero(ink)
        return ocr_image.slash(ink, (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1))

    for font in (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_COMPLEX, cv2.FONT_HERSHEY_TRIPLEX):
        for blur in (0, 1.2):
            assert [shape(t, font, blur) for t in "/17l42"] == [True] + [False] * 5
            for speck in ((50, 50), (8, 10), (45, 20)):   # beside the stroke, within its cell's ink box
                assert [shape(t, font, blur, speck) for t in "/17l42"] == [True] + [False] * 5
