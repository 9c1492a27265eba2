"""The report inside a page: the smallest element that holds every report landmark the page holds
(section headings, table labels), wherever a portal's templates put it.

Found in one pass over the page's text: each text node is normalised once (`squeezed`), each
element knows the stretch of the page's text it holds, and a landmark is in an element when one of
its places is inside that stretch. (Normalising each element's whole text as the search went down
took time and memory of the text times the nesting depth: 4.5 MB of text under 150 nested elements
took 91 s and 2.4 GB.)
"""
from __future__ import annotations

from array import array
from bisect import bisect_left

from bs4 import CData, NavigableString, Tag

from xxgk.errors import ReadError
from xxgk.labels import squeezed
from xxgk.landmarks import LANDMARKS
from xxgk.limits import MAX_HTML_DEPTH

_TEXT = (NavigableString, CData)   # the strings get_text() joins (not comments, scripts or styles)


def report_element(root: Tag) -> tuple[Tag, int]:
    """The smallest element under `root` (or `root`) holding every landmark `root` holds, and how many
    landmarks that is (`root` and 0 for none). ReadError below MAX_HTML_DEPTH levels."""
    text, stretches = _text(root)
    places = {word: _places(text, word) for word in LANDMARKS}
    places = {word: starts for word, starts in places.items() if starts}
    node = root
    for _ in range(MAX_HTML_DEPTH):
        holding = (child for child in node.find_all(True, recursive=False)
                   if all(_inside(starts, len(word), *stretches[id(child)]) for word, starts in places.items()))
        child = next(holding, None) if places else None
        if child is None:
            return node, len(places)
        node = child
    raise ReadError(f"HTML nested deeper than {MAX_HTML_DEPTH} elements")


def _text(root: Tag) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text of `root` normalised node by node, and the stretch of it (start, end) each element
    under `root` holds, by the element's id."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    stretches: dict[int, tuple[int, int]] = {}
    open_tags, size = [root], 0
    for node in root.descendants:
        while len(open_tags) > 1 and node.parent is not open_tags[-1]:
            closed = id(open_tags.pop())
            stretches[closed] = (starts.pop(closed), size)
        if isinstance(node, Tag):
            starts[id(node)] = size
            open_tags.append(node)
        elif type(node) in _TEXT:
            parts.append(squeezed(str(node)))
            size += len(parts[-1])
    for tag in open_tags[1:]:
        stretches[id(tag)] = (starts.pop(id(tag)), size)
    return "".join(parts), stretches


def _places(text: str, word: str) -> array:
    """Where `word` starts in `text`, in order."""
    starts = array("q")
    at = text.find(word)
    while at >= 0:
        starts.append(at)
        at = text.find(word, at + 1)
    return starts


def _inside(starts: array, length: int, start: int, end: int) -> bool:
    """Whether a word of `length` starting at one of `starts` lies within start..end."""
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] + length <= end
