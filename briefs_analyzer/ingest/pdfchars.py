"""The small interface between a PDF library and our layout analysis.

A backend turns a PDF into pages of characters (text, font, size, box) and horizontal
rules (the separator drawn above footnotes).  Everything after that, in
:mod:`briefs_analyzer.ingest.layout`, works on these plain tuples only, so another PDF
library can be added by writing one more backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple, Protocol


class Char(NamedTuple):
    """One glyph, in PDF points, ``top``/``bottom`` measured from the top of the page."""

    text: str
    fontname: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float


class Rule(NamedTuple):
    """A horizontal line or thin rectangle."""

    x0: float
    x1: float
    top: float
    bottom: float


class Shape(NamedTuple):
    """A drawn area: an image, a filled or stroked rectangle, a vertical rule, or another path's box."""

    kind: str  # "image", "rect" (a filled rectangle), "vrule", "path"
    x0: float
    x1: float
    top: float
    bottom: float


class PageContent(NamedTuple):
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    rules: list[Rule]
    shapes: list[Shape] = []  # noqa: RUF012 - a NamedTuple default, never mutated


PageCallback = Callable[[int, int], None]  # (pages done, pages in all)


class PageCount:
    """A :data:`PageCallback` that counts the pages read, for a process that reports them later."""

    def __init__(self) -> None:
        self.pages = 0

    def __call__(self, done: int, total: int) -> None:
        self.pages += 1


class PdfBackend(Protocol):
    """What a PDF library must provide.  ``pages`` raises BriefError for unreadable files."""

    name: str

    def pages(self, path: Path, *, password: str | None = None, max_pages: int | None = None) -> Iterator[PageContent]:
        """The PDF's pages in order; :class:`~briefs_analyzer.limits.LimitExceeded` before any page is
        read when it has more than ``max_pages``."""
        ...

    def info(self, path: Path, *, password: str | None = None) -> dict[str, str]:
        """The document information dictionary, keys in lower case (``title``, ``author`` ...)."""
        ...


# A rule is thin and wide enough to be a separator, not a table border dot.
RULE_MAX_THICKNESS = 2.0
RULE_MIN_WIDTH = 20.0


def is_rule(x0: float, x1: float, top: float, bottom: float) -> bool:
    return (bottom - top) <= RULE_MAX_THICKNESS and (x1 - x0) >= RULE_MIN_WIDTH


# A shape worth telling the layout about: an image or an area at least this wide and high (a
# figure, a box's background), or a vertical rule at least this high (a table's column line).
SHAPE_MIN_SIDE = 20.0
VRULE_MIN_HEIGHT = 8.0


def shape_of(kind: str, x0: float, x1: float, top: float, bottom: float) -> Shape | None:
    """The shape these bounds make, or None when it is too small to matter to the layout."""
    width, height = x1 - x0, bottom - top
    if kind == "image":
        return Shape("image", x0, x1, top, bottom) if width >= 2 and height >= 2 else None
    if width <= RULE_MAX_THICKNESS and height >= VRULE_MIN_HEIGHT:
        return Shape("vrule", x0, x1, top, bottom)
    if width >= SHAPE_MIN_SIDE and height >= SHAPE_MIN_SIDE:
        return Shape(kind, x0, x1, top, bottom)
    return None
