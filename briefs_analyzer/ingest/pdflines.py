"""A PDF page's characters -> visual lines, with their markers, fonts and italics.

1. A glyph drawn again within a fraction of its width (a common way to fake bold) is read once.
2. Characters are grouped into rows by vertical overlap; a row is cut into segments at the
   page's column gutters and where a wide gap separates its parts (a side-margin heading, a
   table's cells).  Smaller glyphs set within a line's height and touching its glyphs (the
   raised ``th`` of ``119th``, whose top may stand above the line's) are part of that line.
3. A run of digits smaller than the rest of its line and raised above its baseline is a note
   marker: it is kept as a mark (its place in the line's text and its digits), never as text.
   Raised letters (``68th``) and exponents after a unit (``km²``) stay text.
"""

from __future__ import annotations

import functools
import operator
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from briefs_analyzer.ingest.pdfchars import Char
from briefs_analyzer.patterns import LIST_MARK, SUPERSCRIPT_DIGITS, unit_before

_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_SMALL = 0.9  # a character this much smaller than its line's main size is "small" (a browser's <sup> is 83%)
_RAISED = 0.15  # ... and raised by this share of the main size above the baseline
_IN_WORD = 0.1  # glyphs closer than this share of their size are letters of one word
_SIZE_APART = 1.4  # sizes this far apart, with a gap between them, are not one line
SEGMENT_GAP = 2.5  # a horizontal gap this many times the font size splits a line
_INLINE_TOUCH = 0.3  # a raised glyph this close (share of its line's height) to one of the line's glyphs touches it
_INLINE_GLYPHS = 4  # a raised run longer than this ("th", "st", "ème") is a line, never a suffix
_INLINE_WINDOW = 6  # rows opened this many before or after a raised glyph's row may be its line
_OVERPRINT = 0.3  # a same glyph this close (share of its width and size) is drawn twice
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique|(?<![a-z])it(?![a-z])", re.IGNORECASE)
_BY_X0 = operator.attrgetter("x0")
_BY_TOP_X0 = operator.attrgetter("top", "x0")
# Fields of a Char by position: quicker than by name where every character is looked at.
_FONT, _SIZE, _X1, _TOP, _BOTTOM = (operator.itemgetter(i) for i in (1, 2, 4, 5, 6))
# Glyphs read as something else: ligatures as their letters, and the bullets of the Symbol and
# Wingdings fonts (word processors' list bullets) as the bullets they print, not private-use codes.
_LIGATURES = {lig: unicodedata.normalize("NFKC", lig) for lig in "ﬀﬁﬂﬃﬄﬅﬆ"} | {
    "\uf0b7": "•",  # Symbol's bullet
    "\uf06c": "●",  # Wingdings' filled circle
    "\uf0a7": "▪",  # Wingdings' small square
    "\uf06e": "■",  # Wingdings' square
    "\uf0d8": "➢",  # Wingdings' arrowhead
    "\uf076": "❖",  # Wingdings' diamond
    "\uf0fc": "✓",  # Wingdings' check
}


@dataclass
class VLine:
    """A visual line (or a segment of one) on a page.  ``marks`` are (place in ``text``, digits)."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the size most of its characters have
    bold: bool
    marks: list[tuple[int, str]] = field(default_factory=list)
    italics: list[tuple[int, int]] = field(default_factory=list)
    index: int = 0  # 1-based position among the page's lines, in reading order
    flow: int = 0  # the column (or region) of the page it belongs to, in reading order

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def starts_with_marker(self) -> bool:
        return bool(self.marks) and self.marks[0][0] == 0

    @property
    def lead_number(self) -> int | None:
        """The raised number that opens the line (a footnote's number), if any."""
        return int(self.marks[0][1]) if self.starts_with_marker else None

    def marked_text(self) -> str:
        """The text with its marks as superscript digits (for tests and debugging)."""
        out, last = [], 0
        for at, digits in self.marks:
            out += [self.text[last:at], digits.translate(_TO_SUPERSCRIPT)]
            last = at
        out.append(self.text[last:])
        return "".join(out)


def dedupe_overprint(chars: Sequence[Char]) -> list[Char]:
    """Drop each glyph that repeats the same character in the same font at (almost) the same place.

    Fake bold draws every glyph twice, offset by a fraction of a point; read twice, ``Yet,``
    becomes ``YYeett,,``.  Spaces are left alone.  A glyph of another font or size there is other
    text printed over this (a code line run on over the next column), not the same glyph again.
    """
    buckets: defaultdict[tuple[str, str, int], list[Char]] = defaultdict(list)
    drop: set[int] = set()
    for i, c in enumerate(chars):
        if not c.text.strip():
            continue
        key = (c.text, c.fontname, round(c.bottom))
        width = max(c.x1 - c.x0, 0.5)
        for j in (key, (c.text, c.fontname, round(c.bottom) - 1), (c.text, c.fontname, round(c.bottom) + 1)):
            for other in buckets.get(j, ()):
                if (
                    abs(other.x0 - c.x0) < _OVERPRINT * width
                    and abs(other.bottom - c.bottom) < _OVERPRINT * c.size
                    and abs(other.size - c.size) < _OVERPRINT
                ):
                    drop.add(i)
                    break
            if i in drop:
                break
        if i not in drop:
            buckets[key].append(c)
    if not drop:
        return list(chars)
    return [c for i, c in enumerate(chars) if i not in drop]


def group_rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Group characters whose boxes overlap vertically by at least half the smaller height
    with the first character of a row.

    Rows are built from the characters of ordinary size first; small ones (markers,
    footnote numbers) then join the row they overlap most, so a raised digit is never
    read before the line it belongs to.  Outsized characters (a drop cap spanning three
    lines) join the first row they span, rather than swallow the lines beside them.
    """
    if not any(c.text.strip() for c in chars):
        return []
    median = statistics.median([c.size for c in chars if c.text.strip()])
    rows: list[list[Char]] = []
    spans: list[tuple[float, float]] = []
    extents: list[tuple[float, float]] = []  # the x-range each row covers

    def place(c: Char, *, look_back: int | None, baseline: bool = True) -> int:
        height = max(c.bottom - c.top, 0.1)
        best, best_share = -1, 0.5
        candidates = (
            range(len(rows) - 1, -1, -1)
            if look_back is None
            else range(len(rows) - 1, max(len(rows) - 1 - look_back, -1), -1)
        )
        for i in candidates:
            top, bottom = spans[i]
            smaller = max(min(height, bottom - top), 0.1)
            share = (min(bottom, c.bottom) - max(top, c.top)) / smaller
            # Glyphs of one line stand on one baseline: a tall logo beside three lines of text
            # overlaps each of them, but shares the baseline of none.  A smaller glyph raised off
            # the baseline (a marker) belongs to the line it stands by, not to another block.
            near = extents[i][0] - 2 * smaller <= c.x1 and c.x0 <= extents[i][1] + 2 * smaller
            raised = height <= 0.9 * (bottom - top) and c.bottom < bottom - 0.15 * (bottom - top) and near
            if baseline and abs(bottom - c.bottom) > 0.4 * smaller and not raised:
                continue
            # A digit as tall as a line and on its baseline is a digit of its text, however far
            # along the line it stands (a footnote's ``133601`` on a page of larger print).
            if not baseline and not near and (abs(bottom - c.bottom) > 0.1 * smaller or height < 0.9 * (bottom - top)):
                continue
            if share >= best_share:
                best, best_share = i, share
        if best >= 0:
            # The row keeps the span of the line that opened it: a taller glyph beside it (a
            # heading in the next column, on another baseline) must not bridge it to the line below.
            rows[best].append(c)
            extents[best] = (min(extents[best][0], c.x0), max(extents[best][1], c.x1))
            return best
        rows.append([c])
        spans.append((c.top, c.bottom))
        extents.append((c.x0, c.x1))
        return len(rows) - 1

    def place_all(chars: Iterable[Char], *, look_back: int | None, baseline: bool = True) -> None:
        # A character with the same box as the one before goes to the same row: its span
        # already holds that box, so searching again would choose the same row (and costs).
        previous: tuple[float, float] | None = None
        row = -1
        for c in chars:
            if (c.top, c.bottom) == previous:
                rows[row].append(c)
                extents[row] = (min(extents[row][0], c.x0), max(extents[row][1], c.x1))
            else:
                row = place(c, look_back=look_back, baseline=baseline)
                previous = (c.top, c.bottom)

    # Lines are built from their glyphs on one baseline first; small digits (note markers, a
    # browser's <sup> at 83%) then join the line they are raised beside.
    low, high = 0.9 * median, 2 * median
    visible = [c for c in chars if c.text.strip()]
    small = [c for c in visible if c.size < low and c.text.isdigit()]
    lines = [c for c in visible if c.size <= high and not (c.size < low and c.text.isdigit())]
    place_all(sorted(lines, key=_BY_TOP_X0), look_back=4)
    # "Small" is against the page's median size: on a cover set in large type, a line of text
    # in the body's size has small digits too ("Expected at 2:00 p.m."). A digit standing on the
    # baseline of a line set in its own size is that line's, not a marker raised beside another.
    raised: list[Char] = []
    for c in sorted(small, key=_BY_TOP_X0):
        line = _same_line(c, spans, extents)
        if line is None:
            raised.append(c)
        else:
            rows[line].append(c)
            extents[line] = (min(extents[line][0], c.x0), max(extents[line][1], c.x1))
    place_all(raised, look_back=None, baseline=False)
    _adopt_inline_rows(rows, spans, extents)
    for c in (c for c in visible if c.size > high):
        inside = [i for i, (top, bottom) in enumerate(spans) if top >= c.top - 2 and bottom <= c.bottom + 2]
        if inside:
            rows[min(inside, key=lambda i: spans[i][0])].append(c)
        else:
            rows.append([c])
            spans.append((c.top, c.bottom))
            extents.append((c.x0, c.x1))
    _place_spaces(chars, rows, spans)
    order = sorted(range(len(rows)), key=lambda i: spans[i][0])
    out = [rows[i] for i in order]
    for row in out:
        row.sort(key=_BY_X0)
    return out


def _place_spaces(chars: Sequence[Char], rows: list[list[Char]], spans: Sequence[tuple[float, float]]) -> None:
    """Spaces never open or join rows by themselves: each goes to the row it overlaps most, if any."""
    for c in chars:
        if c.text.strip():
            continue
        height = max(c.bottom - c.top, 0.1)
        best, best_share = -1, 0.5
        for i, (top, bottom) in enumerate(spans):
            share = (min(bottom, c.bottom) - max(top, c.top)) / max(min(height, bottom - top), 0.1)
            if share >= best_share:
                best, best_share = i, share
        if best >= 0:
            rows[best].append(c)


def _same_line(c: Char, spans: Sequence[tuple[float, float]], extents: Sequence[tuple[float, float]]) -> int | None:
    """The row whose line ``c`` is set in: the same height, on the same baseline, beside it."""
    height = max(c.bottom - c.top, 0.1)
    for i in range(len(spans) - 1, -1, -1):
        top, bottom = spans[i]
        if (
            abs(bottom - c.bottom) <= 0.15 * height
            and abs((bottom - top) - height) <= 0.2 * height
            and extents[i][0] - 2 * height <= c.x1
            and c.x0 <= extents[i][1] + 2 * height
        ):
            return i
    return None


def _adopt_inline_rows(
    rows: list[list[Char]], spans: list[tuple[float, float]], extents: list[tuple[float, float]]
) -> None:
    """Rows of smaller glyphs set within a taller line's height, touching its glyphs, join that line.

    Placed top down, the raised ``th`` of ``119th`` (its top above the top of its line) opens a row
    of its own before its line's glyphs are reached; it belongs to the line it stands in (its middle
    inside the line's height) and follows or precedes one of its glyphs without a gap.  Rows are in
    the order they were opened, so a line's own row is among the next few.
    """
    drop: set[int] = set()
    for i, row in enumerate(rows):
        top = min(map(_TOP, row))
        bottom = max(map(_BOTTOM, row))
        middle = (top + bottom) / 2
        host = -1
        for j in range(max(i - _INLINE_WINDOW, 0), min(i + _INLINE_WINDOW + 1, len(rows))):
            line_top, line_bottom = spans[j]
            if j == i or j in drop or not line_top < middle < line_bottom:
                continue
            if bottom - top <= _SMALL * (line_bottom - line_top) and (
                host < 0 or line_bottom - line_top > spans[host][1] - spans[host][0]
            ):
                host = j
        if host >= 0 and _touches(row, rows[host], _INLINE_TOUCH * (spans[host][1] - spans[host][0])):
            rows[host].extend(row)
            extents[host] = (min(extents[host][0], extents[i][0]), max(extents[host][1], extents[i][1]))
            drop.add(i)
    for i in sorted(drop, reverse=True):
        del rows[i], spans[i], extents[i]


def _touches(row: Sequence[Char], line: Sequence[Char], tolerance: float) -> bool:
    """Is every run of ``row``'s glyphs (glyphs closer than ``tolerance``) short, and does it start right
    after or end right before a glyph of ``line``?"""
    runs: list[tuple[float, float]] = []
    glyphs: list[int] = []
    for c in sorted(row, key=_BY_X0):
        if runs and c.x0 - runs[-1][1] <= tolerance:
            runs[-1] = (runs[-1][0], max(runs[-1][1], c.x1))
            glyphs[-1] += 1
        else:
            runs.append((c.x0, c.x1))
            glyphs.append(1)
    if max(glyphs, default=0) > _INLINE_GLYPHS:
        return False  # words of their own (a cover's small print beside its title), not a raised suffix
    return all(any(abs(x0 - g.x1) <= tolerance or abs(g.x0 - x1) <= tolerance for g in line) for x0, x1 in runs)


def segments(row: list[Char], cuts: Sequence[float] = ()) -> list[list[Char]]:
    """Split a row (sorted by x) where a wide gap separates its parts, and at ``cuts`` (gutters' x).

    A list's number or bullet opening the row stays with its text however wide the tab after it
    (``10.`` and ``Rep. Jim Wright had ...``, as word processors set a numbered list).
    """
    out: list[list[Char]] = [[]]
    prev: Char | None = None
    current = out[0]
    opens_column = True  # the current segment starts the row or a column (after a gutter)
    for c in row:
        if not c.text.strip():
            current.append(c)
            continue
        # A gutter's cut falls between glyphs set apart, never inside a word run on over it.
        at_cut = (
            prev is not None
            and c.x0 - prev.x1 > _IN_WORD * min(prev.size, c.size)
            and any(prev.x1 <= cut <= c.x0 + 0.5 for cut in cuts)
        )
        if prev is not None and (
            at_cut
            or (
                c.x0 - prev.x1 > SEGMENT_GAP * _gap_size(prev.size, c.size)
                and not (opens_column and _list_label(current))
            )
            or _apart_in_size(prev, c)
        ):
            current = []
            out.append(current)
            opens_column = at_cut
        current.append(c)
        prev = c
    return [seg for seg in out if any(c.text.strip() for c in seg)]


def _apart_in_size(a: Char, b: Char) -> bool:
    """Two texts of very different sizes with more than an em of the smaller between them: a side
    heading beside the body's line, never one line (a drop cap or small capitals touch their word)."""
    small, large = sorted((a.size, b.size))
    return large >= _SIZE_APART * small and b.x0 - a.x1 > small


def printed(text: str) -> str:
    """The text a glyph prints: a ligature's letters, a Symbol or Wingdings bullet's bullet."""
    return _LIGATURES.get(text, text)


def _list_label(segment: Sequence[Char]) -> bool:
    """The segment holds only a list item's number or bullet."""
    return LIST_MARK.fullmatch("".join(printed(c.text) for c in segment).strip()) is not None


def _gap_size(a: float, b: float) -> float:
    """The size a gap between two glyphs is measured in: the larger one's, unless the sizes are
    far apart (a cover's 10-point date beside its 30-point title), when the smaller one's."""
    small, large = (a, b) if a < b else (b, a)
    return small if large > 2 * small else large


def _strip_spaces(chars: list[Char]) -> list[Char]:
    start, end = 0, len(chars)
    while start < end and not chars[start].text.strip():
        start += 1
    while end > start and not chars[end - 1].text.strip():
        end -= 1
    return chars[start:end]


@functools.cache
def bold_font(fontname: str) -> bool:
    return _BOLD.search(fontname) is not None


@functools.cache
def _italic_font(fontname: str) -> bool:
    return _ITALIC.search(fontname.rsplit("+", 1)[-1]) is not None


def line_from(chars: list[Char], page: int) -> VLine:
    """One visual line from its characters (sorted by x)."""
    # Runs once per line of every page, so it is written for speed: what can be decided
    # per distinct value (a size, a font) is, and each character is looked at in one pass.
    chars = _strip_spaces(chars)
    visible = [c for c in chars if c.text.strip()]
    sizes: Counter[float] = Counter()
    for size, count in Counter(map(_SIZE, visible)).items():
        sizes[round(size, 1)] += count
    main = max(sizes, key=lambda s: (sizes[s], s))
    mains = {size for size in set(map(_SIZE, chars)) if round(size, 1) == main}
    baseline = statistics.median([c.bottom for c in chars if c.size in mains])
    small, raised = _SMALL * main, baseline - _RAISED * main
    ligatures = _LIGATURES
    out: list[str] = []
    length = 0
    marks: list[tuple[int, str]] = []
    italics: list[tuple[int, int]] = []
    spaced = True  # the text so far ends in a space (or is empty)
    in_mark = False
    soft = False  # a space was drawn over the last glyph
    prev: Char | None = None
    for c in chars:
        text = c.text
        if not text.strip():
            if prev is not None and c.x0 < prev.x1 - 0.5:
                # A space drawn over the glyph before it: a word space only if some gap follows
                # (``Nations’ specialized`` set tight), else nothing (``U nited``-like overlaps).
                soft = True
                continue
            if not spaced:
                out.append(" ")
                length += 1
                spaced = True
            in_mark = False
            continue
        least = 0.2 * (prev.size if prev is not None and prev.size < c.size else c.size)
        gap = prev is not None and c.x0 - prev.x1 > (0.05 * c.size if soft else least)
        soft = False
        if gap and prev is not None and _initial(prev, c, out):
            gap = False  # a word's larger first letter ("U nited", "F ebruary"): one word
        if c.size < small and c.bottom < raised and text.isdigit():
            before = "".join(out[-16:])  # the end of the line is enough (unit_before)
            if not unit_before(before.rstrip() if gap else before):
                if in_mark and not gap:
                    marks[-1] = (marks[-1][0], marks[-1][1] + text)
                else:
                    at = len(before.rstrip()) if gap and not marks_start(before) else length
                    marks.append((at, text))
                in_mark = True
                prev = c
                continue
            text = text.translate(_TO_SUPERSCRIPT)
        in_mark = False
        if gap and not spaced:
            out.append(" ")
            length += 1
        text = ligatures.get(text, text)
        if _italic_font(c.fontname):
            if italics and italics[-1][1] >= length - 1:
                italics[-1] = (italics[-1][0], length + len(text))
            else:
                italics.append((length, length + len(text)))
        out.append(text)
        length += len(text)
        spaced = text == " "
        prev = c
    raw = "".join(out)
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    marks = [(max(min(at - lead, len(text)), 0), digits) for at, digits in marks]
    italics = [(max(a - lead, 0), min(b - lead, len(text))) for a, b in italics if b - lead > 0]
    fonts = Counter(map(_FONT, visible))
    bold = sum(count for font, count in fonts.items() if bold_font(font)) >= 0.9 * len(visible)
    return VLine(
        page=page,
        text=text,
        x0=visible[0].x0,
        x1=max(map(_X1, visible)),
        top=min(map(_TOP, visible)),
        bottom=max(map(_BOTTOM, visible)),
        size=main,
        bold=bold,
        marks=marks,
        italics=italics,
    )


def _initial(prev: Char, c: Char, out: Sequence[str]) -> bool:
    """Is ``prev`` a capital set larger than the word it opens (a cover's styled initial)?"""
    if not (prev.text.isupper() and c.text.islower() and prev.size > 1.15 * c.size):
        return False
    before = "".join(out[-2:])
    return len(before) < 2 or before[-2] == " "


def marks_start(before: str) -> bool:
    """Is the text so far empty (a mark here opens the line: a footnote's number)?"""
    return not before.strip()
