"""Text printed sideways: characters whose text matrix turns them a quarter turn on a page without
/Rotate (Word and WPS print a landscape table so on a portrait page), read turned upright.

A ruled table goes with the turn most of its characters have, rules and all, so labels turned inside
an upright table stay where they are; a character outside the ruled tables goes with its own turn.
Boxes are (x0, top, x1, bottom) in PDF points from the top left, as pdfplumber gives them.
"""
from __future__ import annotations

import math
from collections import Counter

from pdfplumber.page import DerivedPage, Page
from pdfplumber.utils import objects_to_bbox

QUARTER_TURNS = (90, 270)   # degrees counterclockwise, the sense of a text matrix
TILT = 5.0                  # degrees off a quarter turn still read as one
SNAP = 3.0                  # points: rules this far outside a table's box are its own (pdfplumber's snap_tolerance)


def quarter_turn(char: dict) -> int:
    """90 or 270 when the character's text matrix (a, b, c, d, e, f) turns it so far (within TILT),
    else 0: upright, upside-down and slanted characters are read as they stand."""
    if char["upright"]:
        return 0
    a, b = char["matrix"][:2]
    angle = math.degrees(math.atan2(b, a)) % 360
    return next((turn for turn in QUARTER_TURNS if abs(angle - turn) <= TILT), 0)


def split(page: Page, found: list) -> tuple[Page, list, list[TurnedPage]]:
    """The page without its sideways characters, the found tables (pdfplumber Tables of the whole
    page) that stand upright, and a TurnedPage for each quarter turn the rest of the page takes."""
    turn_of = {id(char): quarter_turn(char) for char in page.chars}
    upright, rules = [], page.lines + page.rects + page.curves
    moved: dict[int, list[dict]] = {turn: [] for turn in QUARTER_TURNS}
    for table in found:
        inside = [char for char in page.chars if _holds(table.bbox, char)]
        turn, count = Counter(turn_of[id(char)] for char in inside).most_common(1)[0] if inside else (0, 0)
        if turn and 2 * count > len(inside):
            x0, top, x1, bottom = table.bbox
            moved[turn] += [rule for rule in rules if rule["x0"] >= x0 - SNAP and rule["x1"] <= x1 + SNAP
                            and rule["top"] >= top - SNAP and rule["bottom"] <= bottom + SNAP]
        else:
            upright.append(table)
            turn = 0
        turn_of.update((id(char), turn) for char in inside)
    chars = {turn: [char for char in page.chars if turn_of[id(char)] == turn] for turn in (0, *QUARTER_TURNS)}
    kept = {id(char) for char in chars[0]}
    rest = page.filter(lambda obj: obj["object_type"] != "char" or id(obj) in kept)
    return rest, upright, [TurnedPage(page, turn, chars[turn], moved[turn]) for turn in QUARTER_TURNS if chars[turn]]


def _holds(bbox, char: dict) -> bool:
    """Whether the middle of a character lies in a box."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


class TurnedPage(DerivedPage):
    """Characters and rules of a page turned clockwise by `angle` (90 or 270), so that text the matrix
    turns by `angle` stands upright: a page `page.height` wide and `page.width` high, whose
    characters are upright when their own turn is `angle`, with their height as their size (as
    pdfminer sizes upright text). `region` is the box of the objects on the page."""

    def __init__(self, page: Page, angle: int, chars: list[dict], rules: list[dict]) -> None:
        super().__init__(page)
        self.angle = angle
        self.region = objects_to_bbox(chars + rules)
        self.bbox = (0, 0, page.height, page.width)
        objects: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}
        for obj in chars + rules:
            objects[obj["object_type"]].append(self._turned(obj))
        self._objects = objects

    def _point(self, x: float, top: float) -> tuple[float, float]:
        """A point of the page on the turned page."""
        x0, page_top, x1, bottom = self.parent_page.bbox
        return (bottom - top, x - x0) if self.angle == 90 else (top - page_top, x1 - x)

    def page_box(self, box: list[float]) -> list[float]:
        """A box on the turned page as a box on the page."""
        x0, top, x1, bottom = self.parent_page.bbox
        u0, v0, u1, v1 = box
        if self.angle == 90:
            return [x0 + v0, bottom - u1, x0 + v1, bottom - u0]
        return [x1 - v1, top + u0, x1 - v0, top + u1]

    def _turned(self, obj: dict) -> dict:
        """A copy of a page object (pdfplumber's keys) with its coordinates on the turned page."""
        (a, b), (c, d) = self._point(obj["x0"], obj["top"]), self._point(obj["x1"], obj["bottom"])
        x0, x1, top, bottom = min(a, c), max(a, c), min(b, d), max(b, d)
        height = self.bbox[3]
        item = dict(obj, x0=x0, x1=x1, top=top, bottom=bottom, y0=height - bottom, y1=height - top,
                    width=x1 - x0, height=bottom - top, doctop=self.initial_doctop + top)
        if "pts" in obj:
            item["pts"] = [self._point(x, y) for x, y in obj["pts"]]
        if obj["object_type"] == "char":
            item.update(upright=quarter_turn(obj) == self.angle, size=bottom - top)
        return item
