"""Layout analysis: a PDF's pages of characters -> typed blocks, notes and the cover's lines.

Works from font sizes, positions, rules and drawn shapes, never from fixed coordinates:

1. Each page is read into visual lines in reading order, column by column
   (:mod:`briefs_analyzer.ingest.columns`); markers come as marks, not text
   (:mod:`briefs_analyzer.ingest.pdflines`).
2. The body size is the most common size of lines that carry markers (else of all lines).
3. Running headers and footers (lines near the top or bottom edge that repeat on many pages,
   digits ignored) and page numbers are furniture.
4. The footnote zone (:mod:`briefs_analyzer.ingest.pdfnotes`) is found at the foot of each
   column: under a short rule, or the run of smaller lines that opens with the next note number.
   Rule pieces drawn end to end (a table's border, cell by cell) are one rule, and a separator
   starts where the notes under it start (a chart's leader line over its labels does not).  A
   note continues until the next note number, across columns and pages.  A
   ``Notes``/``Endnotes``/``Footnotes``/``References`` section, and the numbered list a web
   page printed to PDF ends with (after a rule, its items with ``↩`` back-links), are notes too.
5. What is not prose is kept apart (:mod:`briefs_analyzer.ingest.regions`): tables, figures,
   boxes, captions, contents, cover and summary pages, and the back matter (author information,
   disclaimers).
6. Body lines become paragraphs (a paragraph ends at a wider vertical gap, an indent or a
   change of size); headings are larger or bold short lines; a paragraph left unfinished at the
   foot of a column or page continues with the first body line of the next (a word broken there
   is joined).  Hyphens at line ends are joined (not inside URLs), unless the document's own
   words say the hyphen is the word's (:mod:`briefs_analyzer.ingest.hyphens`).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefs_analyzer.ingest.columns import page_lines
from briefs_analyzer.ingest.document import Block, BlockKind, Builder, Line, NoteDef
from briefs_analyzer.ingest.hyphens import Hyphenation, join_hyphen
from briefs_analyzer.ingest.pdfchars import PageContent
from briefs_analyzer.ingest.pdflines import VLine, dedupe_overprint
from briefs_analyzer.ingest.regions import BACK_MATTER, classify_page, contents_end, page_kind, table_areas
from briefs_analyzer.patterns import ABBREVIATIONS, BULLETS, SIGNATURE_TITLE, TERMINAL_PUNCT

from .pdfnotes import NOTE_START_PLAIN, NoteBlock, endnotes, footnote_zone, split_notes

_MARGIN_SHARE = 0.09  # headers and footers live in this share of the page height
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$|^[ivxlc]{1,6}$", re.IGNORECASE)
_BACK_LINK = re.compile(r"\s*[↩↑⤴]\ufe0e?\s*")
_CONTINUED = re.compile(r"\(continued\.{0,3}\)\s*$", re.IGNORECASE)
_ABBREVIATED = re.compile(r"(?:^|\s)(?:(?:[A-Za-z]\.){2,}|(?i:" + "|".join(sorted(ABBREVIATIONS)) + r")\.)$")
_NO_WORDS = Hyphenation()
_CENTRED_LINES = 3
_RUN_ON_LINES = 2  # lines going on in lower case, and more than half of them
_BULLET = re.compile(rf"^[{BULLETS}]\s*")
_LETTER_LABEL = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})[.)]\s")  # a list item's ``a)``, ``(iv)``, ``b.``


@dataclass
class Paragraph:
    lines: list[VLine]
    role: str | None = None  # "heading", "title", a region kind, or None for prose
    continues: bool = False  # it resumes the paragraph before it (a column or page break)
    glued: bool = False  # and its first word ends the word the paragraph before broke at a hyphen
    cut: bool = False  # its last line ends in a hyphen that goes when a resuming paragraph joins it

    @property
    def is_open(self) -> bool:
        tail = self.lines[-1].text.rstrip().rstrip("\"'”’)]")
        return bool(tail) and not tail.endswith(tuple(TERMINAL_PUNCT))


@dataclass(frozen=True)
class Layout:
    """What the layout analysis hands the PDF reader."""

    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    notes: tuple[NoteDef, ...]
    first_page: tuple[VLine, ...]  # the first page's lines, for the cover's metadata
    last_pages: tuple[VLine, ...]  # the back matter's lines (author information)
    body_size: float
    furniture: str = ""  # the running heads and feet of the first pages (they print the report's number)
    signature: tuple[VLine, ...] = ()  # the lines after a letter's "Sincerely yours," (who signs it)
    tail: tuple[VLine, ...] = ()  # the last lines of the body (a short brief ends with its author's name)


# ---------------------------------------------------------------------------------------
# furniture: running headers, footers and page numbers
# ---------------------------------------------------------------------------------------


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _furniture(pages: Sequence[list[VLine]], heights: dict[int, float]) -> set[int]:
    """ids of the lines that are running headers, footers or page numbers."""

    def in_margin(ln: VLine) -> bool:
        # A line that opens with a raised number is a note (``⁷Ibid.`` at the foot of two pages),
        # however often its words repeat.
        h = heights[ln.page]
        return not ln.starts_with_marker and (ln.top < h * _MARGIN_SHARE or ln.bottom > h * (1 - _MARGIN_SHARE))

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
# paragraphs
# ---------------------------------------------------------------------------------------


def _is_heading(ln: VLine, body_size: float, bold_body: bool) -> bool:
    if ln.words > 20 or ln.starts_with_marker or not any(ch.isalpha() for ch in ln.text):
        return False
    text = ln.text.rstrip()
    # A heading broken over lines may end one at an abbreviation (``Historical Context of U.S.``).
    if text.endswith((".", ",", ";")) and ln.size < body_size * 1.3 and not _ABBREVIATED.search(text):
        return False
    return ln.size >= body_size * 1.15 or (ln.bold and not bold_body and ln.size >= body_size * 0.95)


def _pitch(pages: Sequence[list[VLine]], body_size: float) -> float:
    gaps = [
        b.top - a.top
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if a.flow == b.flow
        and abs(a.size - body_size) < 0.5
        and abs(b.size - body_size) < 0.5
        and 0 < b.top - a.top < 3 * body_size
    ]
    return statistics.median(gaps) if gaps else body_size * 1.2


def _mostly_bold(pages: Sequence[list[VLine]], body_size: float) -> bool:
    body = [ln for lines in pages for ln in lines if abs(ln.size - body_size) < 0.5]
    return bool(body) and sum(ln.bold for ln in body) > len(body) / 2


def _paragraphs(
    pages: Sequence[list[VLine]], kinds: dict[int, str], body_size: float, hyphens: Hyphenation = _NO_WORDS
) -> list[Paragraph]:
    pitch = _pitch(pages, body_size)
    bold_body = _mostly_bold(pages, body_size)
    paragraphs: list[Paragraph] = []
    open_prose: Paragraph | None = None  # the last prose paragraph, for a break of column or page
    for number, lines in enumerate(pages):
        prev: VLine | None = None
        for ln in lines:
            if prev is not None and ln.flow != prev.flow:
                prev = None  # a new column: the paragraph may go on
            kind = kinds.get(id(ln))
            heading = kind is None and _is_heading(ln, body_size, bold_body)
            role = kind or ("heading" if heading else None)
            if number == 0 and heading and not any(p.role in (None, "heading", "title") for p in paragraphs):
                role = "title" if ln.size >= body_size * 1.3 else role
            current = paragraphs[-1] if paragraphs else None
            same = current is not None and (current.role == role or (current.role == "title" and role == "heading"))
            continues = (
                same
                and current is not None
                and prev is not None
                and abs(current.lines[-1].size - ln.size) < 0.5
                and (
                    (ln.top - prev.top <= 1.3 * pitch and ln.x0 <= prev.x0 + 2 * body_size)
                    or (role is not None and role not in ("heading", "title") and ln.top - prev.bottom <= 1.2 * ln.size)
                    or (role is not None and ln.top - prev.bottom <= 0.8 * ln.size)
                )
            )
            bullet = role is None and _BULLET.match(ln.text) is not None
            # A paragraph left mid-sentence goes on at the next column or page, or after a break
            # where the next line starts in lower case right under it, in the same weight (no
            # paragraph does: a sentence cut by a paragraph break, or by a line set apart, such as
            # a code line); a list's ``a)`` starts one.
            lower = (
                open_prose is not None
                and open_prose is current
                and ln.text[:1].islower()
                and ln.bold == open_prose.lines[-1].bold
                and not bullet
                and not _LETTER_LABEL.match(ln.text)
            )
            resumes = (
                role is None
                and (prev is None or lower)
                and open_prose is not None
                and open_prose.is_open
                and abs(open_prose.lines[-1].size - ln.size) < 0.5
            )
            if continues and current is not None and not bullet:
                current.lines.append(ln)
            else:
                glued = resumes and open_prose is not None and join_hyphen(open_prose.lines[-1].text, ln.text)
                if glued and open_prose is not None:
                    open_prose.cut = not hyphens.keeps(open_prose.lines[-1].text, ln.text)
                paragraphs.append(Paragraph([ln], role, continues=resumes, glued=glued))
            if role is None:
                open_prose = paragraphs[-1]
            elif role in ("heading", "title"):
                open_prose = None
            prev = ln
    return paragraphs


def _back_matter(pages: Sequence[list[VLine]], kinds: dict[int, str], body_size: float) -> list[VLine]:
    """Lines under an Author Information / Acknowledgments / Disclaimer heading: furniture, not claims."""
    found: list[VLine] = []
    for lines in pages:
        inside = False
        for ln in lines:
            text = ln.text.strip()
            if kinds.get(id(ln)) == "toc":
                continue
            if BACK_MATTER.match(text) and (ln.bold or ln.size > body_size + 0.5):
                inside = True
            elif (
                inside
                and ((ln.bold and ln.size >= body_size - 0.5) or ln.size >= body_size * 1.15)
                and ln.words <= 12
                and not kinds.get(id(ln))
                and len(text) > 3
                and not _looks_like_author_line(ln, lines)
            ):
                inside = False
            if inside:
                kinds.setdefault(id(ln), "furniture")
                found.append(ln)
    return found


def _looks_like_author_line(ln: VLine, lines: Sequence[VLine]) -> bool:
    """A bold name in an author block (the name above its role line) is not a new heading."""
    words = ln.text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words if w.isalpha())


# ---------------------------------------------------------------------------------------
# the whole document
# ---------------------------------------------------------------------------------------


def _body_size(page_list: Sequence[list[VLine]]) -> float:
    sizes: Counter[float] = Counter()
    marked: Counter[float] = Counter()  # sizes of lines with a marker inside: body text
    for lines in page_list:
        for ln in lines:
            sizes[ln.size] += len(ln.text)
            if any(at > 0 for at, _ in ln.marks):
                marked[ln.size] += len(ln.text)
    return (marked or sizes).most_common(1)[0][0] if sizes else 10.0


def _page_size(page: PageContent) -> float:
    sizes = [round(c.size, 1) for c in page.chars if c.text.strip()]
    return Counter(sizes).most_common(1)[0][0] if sizes else 10.0


def layout_document(pages: Iterable[PageContent]) -> Layout:
    """Turn a PDF's pages into typed blocks and notes."""
    page_list: list[list[VLine]] = []
    contents: list[PageContent] = []
    for page in pages:
        chars = dedupe_overprint(page.chars)
        page_list.append(page_lines(chars, page.number, _page_size(page)))
        contents.append(page._replace(chars=[]))
    if not any(page_list):
        return Layout((), (), (), (), (), 10.0)
    body_size = _body_size(page_list)
    furniture = _furniture(page_list, {p.number: p.height for p in contents})
    by_number = {p.number: p for p in contents}
    notes: list[NoteBlock] = []
    bodies: list[list[VLine]] = []
    for lines, page in zip(page_list, contents, strict=True):
        kept = [ln for ln in lines if id(ln) not in furniture]
        tables = [a for a in table_areas(page, 0.6 * page.width) if a.kind == "table"]
        body: list[VLine] = []
        for _, flow in itertools.groupby(kept, key=lambda ln: ln.flow):
            column = list(flow)
            cells = {id(ln) for ln in column if any(t.holds(ln) for t in tables)}  # never footnotes
            prose = [ln for ln in column if id(ln) not in cells]
            carried = notes[-1].size if notes else None
            zone, ruled = footnote_zone(prose, page, body_size, notes[-1].number + 1 if notes else 1, carried)
            above = {id(ln) for ln in prose[:zone]} | cells
            body.extend(ln for ln in column if id(ln) in above)
            split_notes(prose[zone:], notes, body, ruled=ruled)
        bodies.append(body)
    kinds = _kinds(bodies, contents, body_size)
    back = _back_matter(bodies, kinds, body_size)
    flat = endnotes([ln for body in bodies for ln in body], notes, by_number)
    kept_ids = {id(ln) for ln in flat}
    bodies = [[ln for ln in body if id(ln) in kept_ids] for body in bodies]
    hyphens = Hyphenation.of(ln for lines in page_list for ln in lines)
    paragraphs = _paragraphs(bodies, kinds, body_size, hyphens)
    builder = Builder()
    for paragraph in paragraphs:
        _emit(builder, paragraph, hyphens)
    note_defs = [_note_def(builder, note) for note in notes]
    return Layout(
        lines=tuple(builder.lines),
        blocks=tuple(builder.blocks),
        notes=tuple(n for n in note_defs if n is not None),
        first_page=tuple(page_list[0]),
        last_pages=tuple(back),
        body_size=body_size,
        furniture=" ".join(ln.text for lines in page_list[:3] for ln in lines if id(ln) in furniture),
        signature=_signature(flat),
        tail=tuple(ln for ln in flat if id(ln) not in {id(b) for b in back})[-6:],
    )


_CLOSING = re.compile(r"^(?:sincerely|respectfully|very truly)(?:\s+yours)?,?$", re.IGNORECASE)


def _signature(lines: Sequence[VLine]) -> tuple[VLine, ...]:
    """A letter's signature: the lines after ``Sincerely yours,``, or else the first name standing
    alone on its line above a title (``Jim Wells`` / ``Director, Natural Resources ...``)."""
    for i, ln in enumerate(lines):
        if _CLOSING.match(ln.text.strip()):
            return tuple(lines[i + 1 : i + 6])
    for i, ln in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        addressee = ln.text.lower().startswith(("the honorable", "honorable", "dear "))
        if 2 <= ln.words <= 5 and not addressee and SIGNATURE_TITLE.match(nxt.text.strip()) and abs(nxt.x0 - ln.x0) < 4:
            return tuple(lines[i : i + 4])
    return ()


def _kinds(bodies: Sequence[list[VLine]], contents: Sequence[PageContent], body_size: float) -> dict[int, str]:
    """For every line that is not prose (by id): its kind."""
    body_lines = [ln for body in bodies for ln in body if abs(ln.size - body_size) < 0.5 and ln.words >= 6]
    text_width = (max(ln.x1 for ln in body_lines) - min(ln.x0 for ln in body_lines)) if body_lines else 400.0
    kinds: dict[int, str] = {}
    in_summary = False
    for number, (body, page) in enumerate(zip(bodies, contents, strict=True), start=1):
        whole = page_kind(body, body_size, number=number, pages=len(bodies), in_summary=in_summary)
        in_summary = whole == "summary"
        if whole == "toc":
            end = contents_end(body, body_size)
            kinds.update(dict.fromkeys(map(id, body[:end]), whole))
            if end < len(body):
                kinds.update(classify_page(body[end:], page, body_size, text_width=text_width))
            continue
        if whole is not None:
            kinds.update(dict.fromkeys(map(id, body), whole))
            continue
        kinds.update(classify_page(body, page, body_size, text_width=text_width))
        previous = bodies[number - 2] if number > 1 else []
        if previous and kinds.get(id(previous[-1])) == "caption":
            _caption_carried(previous[-1], body, kinds, body_size)
    return kinds


def _caption_carried(last: VLine, body: Sequence[VLine], kinds: dict[int, str], body_size: float) -> None:
    """A figure's notes that run on to the next page: its first lines, set as the caption line that
    ended the page before (smaller than the body text) and from the same left edge, are caption."""
    if last.size > body_size - 0.4:
        return
    for ln in body:
        if id(ln) in kinds or abs(ln.size - last.size) > 0.3 or abs(ln.x0 - last.x0) > last.size:
            return
        kinds[id(ln)] = "caption"


_BLOCK_KIND: dict[str | None, BlockKind] = {
    None: "paragraph",
    "heading": "heading",
    "title": "title",
    "table": "table",
    "figure": "figure",
    "box": "box",
    "caption": "caption",
    "toc": "toc",
    "cover": "cover",
    "summary": "summary",
    "furniture": "furniture",
}


def _emit(builder: Builder, paragraph: Paragraph, hyphens: Hyphenation = _NO_WORDS) -> None:
    kind = _BLOCK_KIND.get(paragraph.role, "paragraph")
    marks: list[tuple[int, int, str]] = []
    italics: list[tuple[int, int]] = []
    lines = paragraph.lines
    texts = [ln.text for ln in lines]
    lead = 0  # a list item's bullet, left out of its text
    if kind == "paragraph" and (bullet := _BULLET.match(texts[0])) is not None:
        kind, lead = "list_item", bullet.end()
        texts[0] = texts[0][lead:]
    elif kind == "paragraph" and _stacked_labels(lines):
        kind = "fragment"
    glue = [False] * len(lines)
    if kind in ("paragraph", "list_item", "heading", "title"):  # a heading broken at a hyphen too
        for i in range(1, len(lines)):
            if join_hyphen(texts[i - 1], texts[i]):
                glue[i] = True
                if not hyphens.keeps(texts[i - 1], texts[i]):
                    texts[i - 1] = texts[i - 1][:-1]
    if paragraph.cut:
        texts[-1] = texts[-1][:-1]  # the word goes on in the paragraph that resumes this one
    offset = 0
    for i, ln in enumerate(lines):
        sep = "" if glue[i] or i == 0 else " "
        offset += len(sep)
        shift = lead if i == 0 else 0
        builder.line(texts[i], ln.index, ln.page, sep=sep)
        marks.extend(
            (int(digits), offset + min(max(at - shift, 0), len(texts[i])), "superscript") for at, digits in ln.marks
        )
        italics.extend(
            (offset + max(a - shift, 0), offset + min(b - shift, len(texts[i])))
            for a, b in ln.italics
            if shift <= a < len(texts[i]) + shift
        )
        offset += len(texts[i])
    cells = _cells(lines) if kind == "table" else ()
    builder.block(
        kind,
        marks=marks,  # type: ignore[arg-type]
        level=1 if kind == "title" else 2 if kind == "heading" else 0,
        continues=paragraph.continues,
        glued=paragraph.glued,
        cells=cells,
        italics=italics,
    )


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SENTENCE_INSIDE = re.compile(r"(?:[a-z]{2}|\))[.!?][\"'”’)\]]*\s+[A-Z]")


def _stacked_labels(lines: Sequence[VLine]) -> bool:
    """Short lines one under another, none ending a sentence, none carrying a marker: an address,
    an addressee block, a list of names; no sentence runs through them.  A narrow column's lines
    are short too, but its sentences end inside lines and its words break at hyphens."""
    if _centred_labels(lines):
        return True
    return (
        len(lines) >= 2
        and all(ln.words <= 7 and not _SENTENCE_END.search(ln.text.rstrip()) and not ln.marks for ln in lines)
        and max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines) < 0.8 * max(ln.x1 - ln.x0 for ln in lines) + 200
        and not any(_SENTENCE_INSIDE.search(ln.text) for ln in lines)
        and not any(join_hyphen(a.text, b.text) for a, b in itertools.pairwise(lines))
        and not _runs_on(lines)
    )


def _runs_on(lines: Sequence[VLine]) -> bool:
    """Most lines after the first go on in lower case: a sentence running through a narrow
    column's lines (a word processor's, which breaks no word), not labels each of its own."""
    lower = sum(ln.text.lstrip()[:1].islower() for ln in lines[1:])
    return lower >= _RUN_ON_LINES and lower * 2 > len(lines) - 1


def _centred_labels(lines: Sequence[VLine]) -> bool:
    """Lines of different lengths centred one under another, none ending a sentence: a title
    page's addressee block or a list of committees, however long its lines; running prose is
    set from the left margin."""
    if len(lines) < _CENTRED_LINES:
        return False
    centres = [(ln.x0 + ln.x1) / 2 for ln in lines]
    widths = [ln.x1 - ln.x0 for ln in lines]
    size = max(ln.size for ln in lines)
    return (
        max(centres) - min(centres) < size
        and max(widths) - min(widths) > 4 * size
        and not any(_SENTENCE_END.search(ln.text.rstrip()) or ln.marks for ln in lines)
    )


def _cells(lines: Sequence[VLine]) -> list[list[str]]:
    """A table's rows: lines whose tops are within half a line of each other, left to right."""
    rows: list[list[VLine]] = []
    for ln in sorted(lines, key=lambda o: (o.top, o.x0)):
        if rows and abs(rows[-1][0].top - ln.top) < 0.5 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [[ln.text for ln in sorted(row, key=lambda o: o.x0)] for row in rows]


def _note_def(builder: Builder, note: NoteBlock) -> NoteDef | None:
    parts: list[tuple[str, int, int | None]] = []
    italics: list[tuple[int, int]] = []
    length = 0
    for i, ln in enumerate(note.lines):
        text, shift = ln.text, 0
        if i == 0:
            if ln.starts_with_marker:
                shift = 0
            elif (m := NOTE_START_PLAIN.match(text)) and int(m.group(1)) == note.number:
                shift = m.end(1)
                shift += len(text[shift:]) - len(text[shift:].lstrip(".) "))
            elif text.strip() == str(note.number):
                shift = len(text)
        text = _BACK_LINK.sub(" ", text[shift:]).strip()
        text = _CONTINUED.sub("", text).rstrip()
        if not text:
            continue
        if parts:
            length += 1
        italics.extend((length + max(a - shift, 0), length + b - shift) for a, b in ln.italics if b - shift > 0)
        parts.append((text, ln.index, ln.page))
        length += len(text)
    if not parts:
        return None
    return builder.note_lines(note.number, parts, italics=tuple(italics))
