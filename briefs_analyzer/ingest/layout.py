"""Layout analysis: pages of characters -> the lines of a :class:`Document`.

Works from font sizes, positions and rules, never from fixed coordinates:

1. Characters are grouped into visual lines by vertical overlap, and a line into
   segments where a wide horizontal gap separates them (a side-margin heading, a column).
2. The body size is the most common character size in the document.  A run of digits that
   is smaller than the rest of its line and raised above its baseline is a note marker,
   written out as Unicode superscript digits (``payloads¹``), so the text parser sees
   the same thing it sees in a plain-text brief.  Raised letters (``68th``) stay text.
3. Running headers and footers are lines near the top or bottom edge that repeat on many
   pages (digits ignored), or that are only a page number.
4. The footnote zone is everything under a short horizontal rule in the lower part of the
   page; without a rule, the run of smaller lines at the bottom of the page that begins
   with a note number.  A note continues until the next note number, across pages.
5. Body lines become paragraphs (a paragraph ends at a wider vertical gap, an indent or a
   change of size); headings are larger or bold short lines; a paragraph left unfinished
   at the foot of a page continues with the first body line of the next page.
   Hyphens at line ends are joined (not inside URLs); ligatures are expanded.

Notes are emitted after the body, each as its own block, carrying their page numbers.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefs_analyzer.ingest.document import Line
from briefs_analyzer.ingest.pdfchars import Char, PageContent
from briefs_analyzer.patterns import SUPERSCRIPT_DIGITS, TERMINAL_PUNCT

_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_SMALL = 0.82  # a character this much smaller than its line's main size is "small"
_RAISED = 0.15  # ... and raised by this share of the main size above the baseline
_SEGMENT_GAP = 2.5  # a horizontal gap this many times the font size splits a line
_MARGIN_SHARE = 0.09  # headers and footers live in this share of the page height
_DOT_LEADER = re.compile(r"(?:\.\s?){5,}\s*\d+\s*$")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$|^[ivxlc]{1,6}$", re.IGNORECASE)
_URLISH = re.compile(r"(?:https?://|www\.|/)\S*$")
_NOTE_START_PLAIN = re.compile(r"^(\d{1,4})\s+\S")
_SUPER_START = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*")
_MARKER_INSIDE = re.compile(rf"[^\s{SUPERSCRIPT_DIGITS}][{SUPERSCRIPT_DIGITS}]+(?:\s|$)")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BY_X0 = operator.attrgetter("x0")
_BY_TOP_X0 = operator.attrgetter("top", "x0")
# Fields of a Char by position: quicker than by name where every character is looked at.
_FONT, _SIZE, _X1, _TOP, _BOTTOM = (operator.itemgetter(i) for i in (1, 2, 4, 5, 6))


@dataclass
class VLine:
    """A visual line (or a segment of one) on a page."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the size most of its characters have
    bold: bool
    starts_with_marker: bool
    index: int = 0  # 1-based position among the page's lines, top to bottom

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Paragraph:
    lines: list[VLine]
    role: str | None = None  # "heading", "title" or None

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def is_open(self) -> bool:
        tail = self.lines[-1].text.rstrip().rstrip("\"'”’)]" + SUPERSCRIPT_DIGITS)
        return bool(tail) and not tail.endswith(tuple(TERMINAL_PUNCT))


@dataclass
class NoteBlock:
    number: int
    lines: list[VLine] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# 1-2. characters -> visual lines
# ---------------------------------------------------------------------------------------


def _group_rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Group characters whose boxes overlap vertically by at least half the smaller height.

    Rows are built from the characters of ordinary size first; small ones (markers,
    footnote numbers) then join the row they overlap most, so a raised digit is never
    read before the line it belongs to.  Outsized characters (a drop cap spanning three
    lines) join the first row they span, rather than swallow the lines beside them.
    """
    if not chars:
        return []
    median = statistics.median([c.size for c in chars])
    rows: list[list[Char]] = []
    spans: list[tuple[float, float]] = []

    def place(c: Char, *, look_back: int | None) -> int:
        height = max(c.bottom - c.top, 0.1)
        best, best_share = -1, 0.5
        candidates = (
            range(len(rows) - 1, -1, -1)
            if look_back is None
            else range(len(rows) - 1, max(len(rows) - 1 - look_back, -1), -1)
        )
        for i in candidates:
            top, bottom = spans[i]
            share = (min(bottom, c.bottom) - max(top, c.top)) / max(min(height, bottom - top), 0.1)
            if share >= best_share:
                best, best_share = i, share
        if best >= 0:
            rows[best].append(c)
            spans[best] = (min(spans[best][0], c.top), max(spans[best][1], c.bottom))
            return best
        rows.append([c])
        spans.append((c.top, c.bottom))
        return len(rows) - 1

    def place_all(chars: Iterable[Char], *, look_back: int | None) -> None:
        # A character with the same box as the one before goes to the same row: its span
        # already holds that box, so searching again would choose the same row (and costs).
        previous: tuple[float, float] | None = None
        row = -1
        for c in chars:
            if (c.top, c.bottom) == previous:
                rows[row].append(c)
            else:
                row = place(c, look_back=look_back)
                previous = (c.top, c.bottom)

    low, high = 0.8 * median, 2 * median
    place_all(sorted([c for c in chars if low <= c.size <= high], key=_BY_TOP_X0), look_back=4)
    place_all(sorted([c for c in chars if c.size < low], key=_BY_TOP_X0), look_back=None)
    for c in (c for c in chars if c.size > 2 * median and c.text.strip()):
        inside = [i for i, (top, bottom) in enumerate(spans) if top >= c.top - 2 and bottom <= c.bottom + 2]
        if inside:
            rows[min(inside, key=lambda i: spans[i][0])].append(c)
        else:
            rows.append([c])
            spans.append((c.top, c.bottom))
    order = sorted(range(len(rows)), key=lambda i: spans[i][0])
    return [rows[i] for i in order]


def _segments(row: list[Char]) -> list[list[Char]]:
    """Split a row where a wide gap separates its parts; drop rows of spaces only."""
    row.sort(key=_BY_X0)
    segments: list[list[Char]] = [[]]
    prev: Char | None = None
    current = segments[0]
    for c in row:
        if not c.text.strip():
            current.append(c)
            continue
        if prev is not None and c.x0 - prev.x1 > _SEGMENT_GAP * (prev.size if prev.size > c.size else c.size):
            current = []
            segments.append(current)
        current.append(c)
        prev = c
    return [seg for seg in segments if any(c.text.strip() for c in seg)]


def _strip_spaces(chars: list[Char]) -> list[Char]:
    start, end = 0, len(chars)
    while start < end and not chars[start].text.strip():
        start += 1
    while end > start and not chars[end - 1].text.strip():
        end -= 1
    return chars[start:end]


_LIGATURES = {lig: unicodedata.normalize("NFKC", lig) for lig in "ﬀﬁﬂﬃﬄﬅﬆ"}


@functools.cache
def _bold_font(fontname: str) -> bool:
    return _BOLD.search(fontname) is not None


def _line_from(chars: list[Char], page: int) -> VLine:
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
    append = out.append
    spaced = True  # the text so far ends in a space (or is empty)
    prev: Char | None = None
    for c in chars:
        text = c.text
        if not text.strip():
            if not spaced:
                append(" ")
                spaced = True
            continue
        if prev is not None and not spaced and c.x0 - prev.x1 > 0.2 * (prev.size if prev.size < c.size else c.size):
            append(" ")
        text = ligatures.get(text, text)
        if c.size < small and c.bottom < raised and text.isdigit():
            text = text.translate(_TO_SUPERSCRIPT)
        append(text)
        spaced = text == " "
        prev = c
    text = "".join(out).strip()
    marker = _SUPER_START.match(text)
    if marker:
        text = (marker.group(1) + " " + text[marker.end() :]).strip()
    fonts = Counter(map(_FONT, visible))
    bold = sum(count for font, count in fonts.items() if _bold_font(font)) >= 0.9 * len(visible)
    return VLine(
        page=page,
        text=text,
        x0=visible[0].x0,
        x1=max(map(_X1, visible)),
        top=min(map(_TOP, visible)),
        bottom=max(map(_BOTTOM, visible)),
        size=main,
        bold=bold,
        starts_with_marker=marker is not None,
    )


def page_lines(page: PageContent) -> list[VLine]:
    """The visual lines of a page, top to bottom (left segment before right on one row)."""
    lines: list[VLine] = []
    for row in _group_rows(page.chars):
        for segment in _segments(row):
            lines.append(_line_from(segment, page.number))
    ordered = _column_order(lines, page.width)
    for i, ln in enumerate(ordered, start=1):
        ln.index = i
    return ordered


def _steady_edge(lines: list[VLine]) -> bool:
    """Do most of these lines start at one left edge, as a column of text does?"""
    edges = Counter(round(ln.x0 / 3) for ln in lines)
    return edges.most_common(1)[0][1] >= 0.6 * len(lines)


def _column_order(lines: list[VLine], width: float) -> list[VLine]:
    """Read a two-column page column by column."""
    middle = width / 2
    left = [ln for ln in lines if ln.x1 < middle + 5]
    right = [ln for ln in lines if ln.x0 > middle - 5]
    paired = sum(1 for r in right if any(abs(r.top - ln.top) < 3 for ln in left))
    if len(right) < 8 or paired < 8 or paired < 0.3 * len(lines):
        return lines
    if not (_steady_edge(left) and _steady_edge(right)):
        return lines  # a table, not two columns of text
    full = [ln for ln in lines if ln not in left and ln not in right]
    split_top = min((ln.top for ln in left + right), default=0)
    above = [ln for ln in full if ln.top < split_top]
    below = [ln for ln in full if ln.top >= split_top]
    return above + left + right + below


# ---------------------------------------------------------------------------------------
# 3. running headers, footers and page numbers
# ---------------------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _furniture(pages: Sequence[list[VLine]], heights: dict[int, float]) -> set[int]:
    """ids of the lines that are running headers, footers or page numbers."""

    def in_margin(ln: VLine) -> bool:
        h = heights[ln.page]
        return ln.top < h * _MARGIN_SHARE or ln.bottom > h * (1 - _MARGIN_SHARE)

    keys: Counter[str] = Counter()
    for lines in pages:
        keys.update({_furniture_key(ln.text) for ln in lines if in_margin(ln)})
    threshold = max(2, int(0.3 * len(pages)))
    out = set()
    for lines in pages:
        for ln in lines:
            if in_margin(ln) and (keys[_furniture_key(ln.text)] >= threshold or _PAGE_NUMBER.match(ln.text)):
                out.add(id(ln))
    return out


# ---------------------------------------------------------------------------------------
# 4. the footnote zone
# ---------------------------------------------------------------------------------------


def _footnote_zone(lines: list[VLine], page: PageContent, body_size: float, expected: int) -> int:
    """Index into ``lines`` (furniture removed) where the page's footnotes begin.

    Under a separator rule, the zone may open with the rest of a note from the page
    before; without one, it must open with the next note number (``expected``), so the
    small print of a chart at the foot of a page is not taken for notes.
    """
    small = body_size * 0.95
    for rule in sorted(page.rules, key=lambda r: -r.top):  # the lowest rule with notes under it
        if rule.top < page.height * 0.3 or rule.x1 - rule.x0 > page.width * 0.7:
            continue
        below = [i for i, ln in enumerate(lines) if ln.top >= rule.bottom - 1]
        if below and all(lines[i].size < small for i in below) and lines[below[0]].top - rule.bottom < 3 * body_size:
            return below[0]
    start = len(lines)
    while start > 0 and lines[start - 1].size < small and lines[start - 1].top > page.height * 0.3:
        start -= 1
    for i in range(start, len(lines)):
        if _note_number(lines[i]) == expected:
            return i
    return len(lines)


def _note_number(ln: VLine) -> int | None:
    if ln.starts_with_marker:
        m = _SUPER_START.match(ln.text)
        return int(m.group(1).translate(_FROM_SUPERSCRIPT)) if m else None
    if ln.text.isdigit():
        return int(ln.text)
    return None


_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


# ---------------------------------------------------------------------------------------
# 5. paragraphs
# ---------------------------------------------------------------------------------------


def _is_heading(ln: VLine, body_size: float, bold_body: bool) -> bool:
    if ln.words > 20 or ln.starts_with_marker or not any(ch.isalpha() for ch in ln.text):
        return False
    if ln.text.rstrip().endswith((".", ",", ";")) and ln.size < body_size * 1.3:
        return False
    return ln.size >= body_size * 1.15 or (ln.bold and not bold_body and ln.size >= body_size * 0.95)


def _pitch(pages: Sequence[list[VLine]], body_size: float) -> float:
    gaps = [
        b.top - a.top
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if abs(a.size - body_size) < 0.5 and abs(b.size - body_size) < 0.5 and 0 < b.top - a.top < 3 * body_size
    ]
    return statistics.median(gaps) if gaps else body_size * 1.2


def _side_first(lines: list[VLine], body_size: float) -> list[VLine]:
    """Put headings set in a side margin before the body lines they stand beside."""
    main = [ln for ln in lines if abs(ln.size - body_size) < 0.5]
    if not main:
        return lines
    left = Counter(round(ln.x0) for ln in main).most_common(1)[0][0]
    side = [ln for ln in lines if ln.x1 < left - 5]
    if not side:
        return lines
    rest = [ln for ln in lines if not ln.x1 < left - 5]
    out: list[VLine] = []
    for ln in rest:
        while side and side[0].top <= ln.top + 2:
            out.append(side.pop(0))
        out.append(ln)
    return out + side


def _paragraphs(pages: Sequence[list[VLine]], body_size: float) -> list[Paragraph]:
    pitch = _pitch(pages, body_size)
    bold_body = _mostly_bold(pages, body_size)
    paragraphs: list[Paragraph] = []
    for number, lines in enumerate(pages):
        prev: VLine | None = None
        for ln in _side_first(lines, body_size):
            heading = _is_heading(ln, body_size, bold_body)
            role = "heading" if heading else None
            if number == 0 and heading and not paragraphs and ln.size >= body_size * 1.3:
                role = "title"
            current = paragraphs[-1] if paragraphs else None
            continues = (
                current is not None
                and (current.role == role or (current.role == "title" and role == "heading"))
                and abs(current.lines[-1].size - ln.size) < 0.5
                and (
                    (prev is not None and ln.top - prev.top <= 1.3 * pitch and ln.x0 <= prev.x0 + 2 * body_size)
                    or (prev is not None and role is not None and ln.top - prev.bottom <= 0.8 * ln.size)
                    or (prev is None and role is None and current.is_open)  # across a page break
                )
            )
            if continues and current is not None:
                current.lines.append(ln)
            else:
                paragraphs.append(Paragraph([ln], role))
            prev = ln
    return paragraphs


def _mostly_bold(pages: Sequence[list[VLine]], body_size: float) -> bool:
    body = [ln for lines in pages for ln in lines if abs(ln.size - body_size) < 0.5]
    return bool(body) and sum(ln.bold for ln in body) > len(body) / 2


# ---------------------------------------------------------------------------------------
# the whole document
# ---------------------------------------------------------------------------------------


def _join_hyphen(previous: str, following: str) -> bool:
    """Should ``previous`` (ending in a hyphen) be joined to ``following`` without a space?"""
    if not previous.endswith("-") or len(previous) < 2 or not previous[-2].isalpha():
        return False
    if _URLISH.search(previous):
        return False  # the hyphen in a URL is real, and the URL goes on
    return following[:1].islower()


@dataclass
class _Emitter:
    lines: list[Line] = field(default_factory=list)
    offset: int = 0

    def add(self, text: str, page: int | None, number: int, *, role: str | None = None, glue: bool = False) -> None:
        self.lines.append(Line(text=text, number=number, offset=self.offset, page=page, role=role, glue=glue))
        self.offset += len(text) + 1

    def blank(self) -> None:
        if self.lines and self.lines[-1].text:
            self.add("", self.lines[-1].page, self.lines[-1].number)


def layout_document(pages: Iterable[PageContent]) -> tuple[Line, ...]:
    """Turn a PDF's pages into the lines of a Document (body first, then notes)."""
    page_list: list[list[VLine]] = []
    contents: list[PageContent] = []
    sizes: Counter[float] = Counter()
    marked: Counter[float] = Counter()  # sizes of lines with a marker inside: body text
    for page in pages:
        lines = page_lines(page)
        for ln in lines:
            sizes[ln.size] += len(ln.text)
            if _MARKER_INSIDE.search(ln.text):
                marked[ln.size] += len(ln.text)
        page_list.append(lines)
        contents.append(page._replace(chars=[]))
    if not sizes:
        return ()
    body_size = (marked or sizes).most_common(1)[0][0]
    furniture = _furniture(page_list, {p.number: p.height for p in contents})
    bodies: list[list[VLine]] = []
    notes: list[NoteBlock] = []
    for lines, page in zip(page_list, contents, strict=True):
        kept = [ln for ln in lines if id(ln) not in furniture and not _DOT_LEADER.search(ln.text)]
        zone = _footnote_zone(kept, page, body_size, notes[-1].number + 1 if notes else 1)
        bodies.append(kept[:zone])
        for ln in kept[zone:]:
            number = _note_number(ln)
            expected = notes[-1].number + 1 if notes else None
            plain = _NOTE_START_PLAIN.match(ln.text) if number is None else None
            if plain and int(plain.group(1)) == (expected or 1):
                # "1 Jon Weimer, ...": a note number set at the size of its text
                number = int(plain.group(1))
                ln = replace(ln, text=plain.group(1).translate(_TO_SUPERSCRIPT) + ln.text[plain.end(1) :])
            if number is not None:
                notes.append(NoteBlock(number, [ln]))
            elif notes:
                notes[-1].lines.append(ln)
            else:
                bodies[-1].append(ln)
    return _emit(_paragraphs(bodies, body_size), notes)


def _emit(paragraphs: list[Paragraph], notes: list[NoteBlock]) -> tuple[Line, ...]:
    out = _Emitter()
    for paragraph in paragraphs:
        out.blank()
        if paragraph.role is not None:
            first = paragraph.lines[0]
            out.add(paragraph.text, first.page, first.index, role=paragraph.role)
            out.blank()
            continue
        previous = ""
        for ln in paragraph.lines:
            glue = _join_hyphen(previous, ln.text)
            if glue:
                last = out.lines[-1]
                out.lines[-1] = Line(last.text[:-1], last.number, last.offset, last.page, last.role, last.glue)
            out.add(ln.text, ln.page, ln.index, glue=glue)
            previous = ln.text
    for note in notes:
        out.blank()
        first = note.lines[0]
        text = first.text
        if _note_number(first) is not None and not first.starts_with_marker:
            text = str(note.number).translate(_TO_SUPERSCRIPT)  # a number on its own line
        out.add(text, first.page, first.index)
        for ln in note.lines[1:]:
            out.add(ln.text, ln.page, ln.index)
    return tuple(out.lines)
