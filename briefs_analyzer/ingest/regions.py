"""What on a page is not prose: tables, figures, captions, boxes, contents, cover and summary pages.

Decided from what the page draws and prints, never from a publisher's coordinates:

* a **table** is bounded by three or more horizontal rules that span the same width (the rules
  above and below its header and under its last row), or by a grid of rules; the text between
  them is its cells;
* a **figure** is an image, or a cluster of drawn paths (a chart), with the text over it (axis
  labels, legends); a **box** is text on a drawn rectangle (a sidebar, a text box);
* a **caption** is a line that opens ``Table 3.``, ``Figure 2:``, ``Exhibit 1``, ``Map 4`` ...,
  with the lines that continue it, and a ``Source:`` or ``Notes:`` credit line by a table or
  figure (or set smaller than the body text);
* a **table of contents** is a page headed ``Contents``, or lines ending in dot leaders;
* the **cover** is a first page with no running prose; a **summary** is a page headed
  ``Summary`` or ``Highlights`` (and the pages it runs on to, until the contents or a heading).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefs_analyzer.ingest.pdfchars import PageContent, Shape
from briefs_analyzer.ingest.pdflines import VLine

# "Table 3.", "Figure A-2:", "Exhibit 1 —", "Map 4 Seabed Areas": never "Figure 1 shows ..." (a sentence).
CAPTION = re.compile(
    r"^(?i:table|figure|fig\.|chart|exhibit|map|graph|graphic|box|illustration|plate)\s+"
    r"(?:[A-Z]{1,2}-?)?\d{1,3}(?:\.\d{1,3})?[a-z]?(?:[.:]|\s+[-–—]|\s*$|\s+[A-Z(])"
)
CREDIT = re.compile(r"^(?:sources?|notes?|data|credit|image credit|photo credit)\s*:", re.IGNORECASE)
_SLIDE_SIZE = 0.85  # text over an image at this share of the body size or more may be a slide's
_SLIDE_LINES = 5  # lines of running words over an image that make it a slide's background
_UNDER_CAPTION = 2  # lines between a caption and its table or figure that belong to the caption
DOT_LEADER = re.compile(r"(?:\.\s?){5,}\s*\w{1,6}\s*$")
CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents$", re.IGNORECASE)
SUMMARY = re.compile(r"^(?:summary|highlights|executive\s+summary|key\s+takeaways|in\s+brief)$", re.IGNORECASE)
BACK_MATTER = re.compile(
    r"^(?:author\s+information|author\s+contact\s+information|acknowledg(?:e)?ments?|disclaimer|"
    r"about\s+the\s+authors?|gao\s+contacts?(?:\s+and\s+staff\s+acknowledg(?:e)?ments?)?|"
    r"staff\s+acknowledg(?:e)?ments?|contacts?)$",
    re.IGNORECASE,
)
# A telephone number, an e-mail address or a web address: what a back cover lists.
_CONTACT = re.compile(r"\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b|[\w.]+@[\w-]+\.[\w.]+|www\.|https?://")
_BACK_COVER_CONTACTS = 4  # a back cover lists at least this many ways to reach the publisher
_BACK_COVER_SHARE = 0.15  # ... on at least this share of its lines
_RULE_TOLERANCE = 1.5  # points: rule pieces this close in height are one rule
_MIN_TABLE_RULES = 3
_MAX_ROW_GAP = 0.35  # share of the page height: rules farther apart do not bound one table
_HEADER_GAP = 0.1  # two rules this close (a share of the page height) can rule a table's header
_MAX_TABLE_GAP = 0.8  # and its bottom rule may stand this far below them
_MARGIN_SHARE = 0.07  # running heads and feet (and their rules) live in this share of the page
_FIGURE_MIN_SIDE = 40.0
_COVER_MAX_PROSE = 2  # a cover page has at most this many lines of running prose
_COVER_MAX_WORDS = 150  # and fewer words in lines of its body's size than a column of running text
_PROSE_WORDS = 6  # a line of running prose has at least this many words


@dataclass(frozen=True)
class Area:
    kind: str  # "table", "figure", "box"
    x0: float
    x1: float
    top: float
    bottom: float

    def holds(self, ln: VLine, slack: float = 2.0) -> bool:
        cx = (ln.x0 + ln.x1) / 2
        cy = (ln.top + ln.bottom) / 2
        return self.x0 - slack <= cx <= self.x1 + slack and self.top - slack <= cy <= self.bottom + slack


def rule_rows(page: PageContent) -> list[tuple[float, float, float]]:
    """Horizontal rules as (top, x0, x1), collinear pieces joined."""
    pieces = sorted(((r.top + r.bottom) / 2, r.x0, r.x1) for r in page.rules)
    rows: list[tuple[float, float, float]] = []
    for y, x0, x1 in pieces:
        if rows and abs(rows[-1][0] - y) <= _RULE_TOLERANCE and x0 <= rows[-1][2] + 3:
            top, a, b = rows[-1]
            rows[-1] = (top, min(a, x0), max(b, x1))
        else:
            rows.append((y, x0, x1))
    return rows


def table_areas(page: PageContent, text_width: float) -> list[Area]:
    """Areas bounded by three or more horizontal rules of one width (or two, with column rules
    between them).  Rules in the page's top and bottom margins (running heads and feet) are
    left out, and so are rules too far apart to bound one table."""
    margin = _MARGIN_SHARE * page.height
    rows = [r for r in rule_rows(page) if r[2] - r[1] >= 0.25 * text_width and margin < r[0] < page.height - margin]
    areas: list[Area] = []
    used: set[int] = set()
    for i, (y, x0, x1) in enumerate(rows):
        if i in used:
            continue
        group = [i]
        for j in range(i + 1, len(rows)):
            yj, a, b = rows[j]
            overlap = min(x1, b) - max(x0, a)
            if overlap < 0.8 * max(x1 - x0, b - a):
                continue
            # A header ruled above and below (two rules close together) may run down to its
            # table's bottom rule with no rules between its rows (booktabs' style).
            header = len(group) == 2 and rows[group[1]][0] - rows[group[0]][0] < _HEADER_GAP * page.height
            if yj - rows[group[-1]][0] > (_MAX_TABLE_GAP if header else _MAX_ROW_GAP) * page.height:
                break
            group.append(j)
        bottom = rows[group[-1]][0]
        verticals = [
            s
            for s in page.shapes
            if s.kind == "vrule" and x0 - 2 <= s.x0 <= x1 + 2 and y - 4 <= s.top and s.bottom <= bottom + 4
        ]
        inner = [v for v in verticals if x0 + 4 < v.x0 < x1 - 4]  # column rules, not a box's sides
        if len(group) >= _MIN_TABLE_RULES or (len(group) >= 2 and inner):
            used.update(group)
            areas.append(Area("table", x0, x1, y, bottom))
        elif len(group) == 2 and len(verticals) >= 2:
            used.update(group)
            areas.append(Area("box", x0, x1, y, bottom))
    return areas


def _merge(shapes: Sequence[Shape], slack: float = 4.0) -> list[tuple[float, float, float, float, int]]:
    """Overlapping (or nearly touching) shapes as one box: (x0, x1, top, bottom, how many)."""
    boxes: list[list[float]] = []
    for s in shapes:
        box = [s.x0, s.x1, s.top, s.bottom, 1.0]
        merged = True
        while merged:
            merged = False
            for other in boxes:
                if (
                    box[0] <= other[1] + slack
                    and other[0] <= box[1] + slack
                    and box[2] <= other[3] + slack
                    and other[2] <= box[3] + slack
                ):
                    boxes.remove(other)
                    box = [
                        min(box[0], other[0]),
                        max(box[1], other[1]),
                        min(box[2], other[2]),
                        max(box[3], other[3]),
                        box[4] + other[4],
                    ]
                    merged = True
                    break
        boxes.append(box)
    return [(b[0], b[1], b[2], b[3], int(b[4])) for b in boxes]


def _figures_and_boxes(page: PageContent) -> list[Area]:
    area = page.width * page.height
    out: list[Area] = []
    images = [s for s in page.shapes if s.kind == "image"]
    for x0, x1, top, bottom, _ in _merge(images, slack=2.0):  # images that tile one area (a slide's background)
        if (
            x1 - x0 >= _FIGURE_MIN_SIDE
            and bottom - top >= _FIGURE_MIN_SIDE
            and (x1 - x0) * (bottom - top) < 0.85 * area
        ):
            out.append(Area("figure", x0, x1, top, bottom))
    paths = [s for s in page.shapes if s.kind == "path"]
    for x0, x1, top, bottom, count in _merge(paths):
        size = (x1 - x0) * (bottom - top)
        if count >= 3 and size < 0.6 * area and x1 - x0 >= _FIGURE_MIN_SIDE and bottom - top >= _FIGURE_MIN_SIDE:
            out.append(Area("figure", x0, x1, top, bottom))
    for s in page.shapes:
        if s.kind == "rect" and (s.x1 - s.x0) * (s.bottom - s.top) < 0.6 * area and s.bottom - s.top >= 30:
            out.append(Area("box", s.x0, s.x1, s.top, s.bottom))
    return out


def _caption_runs(lines: Sequence[VLine], kinds: dict[int, str], body_size: float, areas: Sequence[Area]) -> None:
    """Captions and credit lines, with the lines that continue them."""
    near_area = [a for a in areas if a.kind in ("table", "figure")]
    for i, ln in enumerate(lines):
        if id(ln) in kinds:
            continue
        text = ln.text.strip()
        credit = CREDIT.match(text) is not None and (
            ln.size < body_size - 0.4
            or any(abs(ln.top - a.bottom) < 4 * body_size or abs(a.top - ln.bottom) < 4 * body_size for a in near_area)
            or any(kinds.get(id(o)) in ("caption", "table", "figure") for o in lines[max(i - 3, 0) : i])
        )
        if not (CAPTION.match(text) or credit):
            continue
        kinds[id(ln)] = "caption"
        for nxt in lines[i + 1 :]:
            if nxt.flow == ln.flow and nxt.page == ln.page and (nxt.x1 < ln.x0 or nxt.x0 > ln.x1):
                continue  # a line of the text beside it, read between the caption's lines (no gutter found)
            if id(nxt) in kinds or nxt.flow != ln.flow or nxt.page != ln.page:
                break
            gap = nxt.top - ln.bottom
            if gap > 0.8 * nxt.size or abs(nxt.size - ln.size) > 0.6 or nxt.x0 > ln.x1:
                break
            if CAPTION.match(nxt.text) or (CREDIT.match(nxt.text) is None and credit and nxt.bold != ln.bold):
                break
            kinds[id(nxt)] = "caption"
            ln = nxt


def _under_captions(lines: Sequence[VLine], kinds: dict[int, str]) -> None:
    """The few lines between a caption and what it captions belong to the caption: a subtitle
    (``In Trillions of Dollars``) over a table, a note (``Figure is interactive in the HTML version``)
    where the figure stands.  What it captions is the table or figure found on the page, or, for
    a figure drawn as a picture the page does not describe, the credit line under it."""
    for i, ln in enumerate(lines):
        if kinds.get(id(ln)) != "caption" or not CAPTION.match(ln.text.strip()):
            continue
        between: list[VLine] = []
        for nxt in lines[i + 1 :]:
            if nxt.page != ln.page or nxt.flow != ln.flow or len(between) > _UNDER_CAPTION:
                break
            kind = kinds.get(id(nxt))
            if kind == "caption" and CAPTION.match(nxt.text.strip()):
                break  # the next caption: this one captions nothing the page shows
            if kind in ("table", "figure") or (kind == "caption" and CREDIT.match(nxt.text.strip())):
                if len(between) <= _UNDER_CAPTION:
                    kinds.update(dict.fromkeys(map(id, between), "caption"))
                break
            if kind is None:
                between.append(nxt)


def _prose(ln: VLine, body_size: float) -> bool:
    return ln.words >= _PROSE_WORDS and abs(ln.size - body_size) < 1.5


def _real(area: Area, lines: Sequence[VLine], body_size: float) -> bool:
    """Is ``area`` a figure or a box, not a background or a frame?

    Running prose drawn over an image or a chart is text on a background (a slide's template),
    not a figure's labels; a rectangle holding all of a page's prose is a frame, not a box.
    """
    inside = [ln for ln in lines if area.holds(ln)]
    prose_in = sum(1 for ln in inside if _prose(ln, body_size))
    if area.kind == "figure":
        # A slide's text need not be set at the report's body size: many lines of running words,
        # set near the body's size or larger, are prose on a background; a chart has few.
        running = sum(1 for ln in inside if ln.words >= _PROSE_WORDS and ln.size >= _SLIDE_SIZE * body_size)
        return prose_in < 2 and running < _SLIDE_LINES
    if area.kind == "table":
        # Rules that set off sections of running text (a slide's, a form's) do not make a table:
        # a table's lines are its cells, narrower than the table.
        wide = sum(1 for ln in inside if _prose(ln, body_size) and ln.x1 - ln.x0 >= 0.6 * (area.x1 - area.x0))
        return wide < 2
    if area.kind == "box":
        # A box may hold most of its page (a sidebar under the end of a paragraph), never all of
        # the page's running text.
        return bool(inside) and any(not area.holds(ln) and _prose(ln, body_size) for ln in lines)
    return True


def classify_page(lines: Sequence[VLine], page: PageContent, body_size: float, *, text_width: float) -> dict[int, str]:
    """For each line (by id) that is not running prose, its kind: table, figure, box, caption, toc."""
    kinds: dict[int, str] = {}
    areas = [a for a in (*table_areas(page, text_width), *_figures_and_boxes(page)) if _real(a, lines, body_size)]
    for ln in lines:
        if DOT_LEADER.search(ln.text):
            kinds[id(ln)] = "toc"
            continue
        for area in sorted(areas, key=lambda a: ("table", "figure", "box").index(a.kind)):
            if area.holds(ln):
                kinds[id(ln)] = area.kind
                break
    _caption_runs(lines, kinds, body_size, areas)
    _under_captions(lines, kinds)
    return kinds


_ENTRY_END = re.compile(r"(?:\d{1,4}|[ivxlc]{1,6})\s*$")  # a contents entry ends in its page number


def contents_end(lines: Sequence[VLine], body_size: float) -> int:
    """Where the contents on a page headed ``Contents`` end: at the first paragraph of running
    prose (two lines of body text that are not entries), when the body begins on the same page
    (a report set as one flow, a web page printed); else the whole page."""

    def prose(ln: VLine) -> bool:
        text = ln.text.strip()
        return (
            abs(ln.size - body_size) < 0.6
            and ln.words >= 8
            and not DOT_LEADER.search(text)
            and not _ENTRY_END.search(text)
            and not text.startswith(("•", "-", "–", "*"))
        )

    for i in range(1, len(lines) - 1):
        if prose(lines[i]) and prose(lines[i + 1]):
            return i
    return len(lines)


def page_kind(lines: Sequence[VLine], body_size: float, *, number: int, pages: int, in_summary: bool) -> str | None:
    """The kind of a whole page: ``cover`` (front or back), ``summary`` or ``toc`` (None for a page of the body)."""
    texts = [ln for ln in lines if ln.text.strip()]
    if not texts:
        return None
    head = [ln for ln in texts[:6] if ln.size >= body_size - 0.5 or ln.bold]
    if any(CONTENTS.match(ln.text.strip()) for ln in head):
        return "toc"
    if any(SUMMARY.match(ln.text.strip()) for ln in head[:3]):
        return "summary"
    body = [ln for ln in texts if abs(ln.size - body_size) < 0.6]
    prose = [ln for ln in body if ln.words >= 8]
    # Narrow columns hold fewer words a line: the running text is also told by its words.
    words = sum(ln.words for ln in body if ln.words >= 4)
    if number == 1 and pages >= 3 and len(prose) <= _COVER_MAX_PROSE and words < _COVER_MAX_WORDS:
        return "cover"
    if in_summary and not any(ln.bold or ln.size > body_size + 0.5 for ln in texts[:2]):
        return "summary"
    if number == pages and pages >= 3 and _back_cover(texts):
        return "cover"
    return None


def _back_cover(texts: Sequence[VLine]) -> bool:
    """A last page of the publisher's mission, ordering and contact details: telephone numbers,
    e-mail and web addresses on many of its lines, and no note marker."""
    if any(ln.marks for ln in texts):
        return False
    contacts = sum(1 for ln in texts if _CONTACT.search(ln.text))
    return contacts >= _BACK_COVER_CONTACTS and contacts >= _BACK_COVER_SHARE * len(texts)
