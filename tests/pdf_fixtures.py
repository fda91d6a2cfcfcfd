"""Render parsed briefs as PDFs with real footnotes, the way a think tank would publish them.

The PDFs are test fixtures for the PDF reader: the body is set in Times-Roman 11pt, every note
marker is a small raised ASCII number (Times-Roman 7pt, rise 4pt) glued to the character it
follows, and every note is printed at the foot of the page on which its marker falls (Times-Roman
9pt, its number a 6pt raised ASCII number), under a short separator rule.  A paragraph that runs
across a page break therefore has that page's footnotes between its two halves in reading order.

Only reportlab's low-level canvas is used, with the standard Type 1 fonts, and lines are wrapped
here with :func:`reportlab.pdfbase.pdfmetrics.stringWidth`.

Run ``python -m tests.pdf_fixtures [FOLDER]`` to write the seed PDFs to FOLDER (default
``/tmp/seed-pdfs``) and look at them.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.model import Brief

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
LETTER: tuple[float, float] = (612.0, 792.0)

# Letter with 1in margins gives each seed 3 pages and a paragraph broken mid-sentence by a page
# break (see tests/test_pdf_fixtures.py), so no seed needs a smaller page.
SEED_PAGE_SIZES: dict[str, tuple[float, float]] = {}

ROMAN, BOLD, ITALIC = "Times-Roman", "Times-Bold", "Times-Italic"

BODY_SIZE, BODY_LEADING, PARAGRAPH_GAP = 11.0, 14.0, 8.0
HEADING_SIZE, HEADING_LEADING, HEADING_GAP = 13.0, 16.0, 16.0
MARKER_SIZE, MARKER_RISE = 7.0, 4.0
NOTE_SIZE, NOTE_LEADING = 9.0, 11.0
NOTE_NUMBER_SIZE, NOTE_NUMBER_RISE = 6.0, 3.0
RULE_WIDTH, RULE_GAP, BODY_NOTES_GAP = 0.5, 5.0, 10.0
HEADER_SIZE, FOLIO_SIZE = 8.0, 9.0
FRONT_MATTER_GAP = 20.0

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Run:
    """A piece of a word in one font, size and rise."""

    text: str
    font: str
    size: float
    rise: float = 0.0

    @property
    def width(self) -> float:
        return float(stringWidth(self.text, self.font, self.size))


Word = tuple[Run, ...]


def word_width(word: Word) -> float:
    return sum(run.width for run in word)


@dataclass(frozen=True)
class Line:
    """One typeset line: words separated by spaces of ``font``/``size``."""

    words: tuple[Word, ...]
    font: str
    size: float
    leading: float
    space_before: float = 0.0
    justify: bool = False
    centre: bool = False
    notes: tuple[int, ...] = ()  # numbers of the markers on this line
    keep_with_next: int = 0  # how many following lines must share this line's page

    @property
    def space(self) -> float:
        return float(stringWidth(" ", self.font, self.size))

    @property
    def natural_width(self) -> float:
        return sum(word_width(w) for w in self.words) + self.space * max(len(self.words) - 1, 0)


@dataclass
class Placed:
    """A line with its position on a page (``y`` is its baseline)."""

    line: Line
    x: float
    y: float
    width: float


@dataclass
class Page:
    body: list[Placed] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # footnote lines, top to bottom


def format_date(iso: str) -> str:
    """``2025-01-23`` -> ``January 23, 2025``; ``2025-01`` -> ``January 2025``; ``2025`` -> ``2025``."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[2])}, {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso


def plain_words(text: str, font: str, size: float) -> list[Word]:
    return [(Run(token, font, size),) for token in text.split()]


def split_word(word: Word, room: float) -> tuple[Word, Word]:
    """Split a word too long for any line: the longest head narrower than ``room``, and the rest.

    Breaks after a ``/`` or ``-`` in the second half of the head when there is one (URLs), else
    between any two characters; a raised marker stays with the characters before it.
    """
    runs = list(word)
    head: list[Run] = []
    used = 0.0
    while runs:
        run = runs[0]
        if run.width + used <= room:
            head.append(runs.pop(0))
            used += run.width
            continue
        n = 0
        while n < len(run.text) and used + stringWidth(run.text[: n + 1], run.font, run.size) <= room:
            n += 1
        cut = max(run.text.rfind("/", 0, n), run.text.rfind("-", 0, n)) + 1
        if cut > n // 2:
            n = cut
        if n == 0 and not head:
            n = 1  # always make progress
        if n:
            head.append(Run(run.text[:n], run.font, run.size, run.rise))
            runs[0] = Run(run.text[n:], run.font, run.size, run.rise)
        break
    while runs and runs[0].rise and head:  # never start a line with a raised marker
        head.append(runs.pop(0))
    return tuple(head), tuple(runs)


def wrap(words: Sequence[Word], width: float, font: str, size: float) -> list[list[Word]]:
    """Greedy line breaking; a word wider than a whole line is split (see :func:`split_word`)."""
    space = float(stringWidth(" ", font, size))
    lines: list[list[Word]] = []
    current: list[Word] = []
    used = 0.0
    pending = list(words)
    while pending:
        word = pending.pop(0)
        w = word_width(word)
        gap = space if current else 0.0
        if used + gap + w <= width:
            current.append(word)
            used += gap + w
            continue
        if w > width:  # break it, filling what is left of this line if that is worth it
            room = width - used - gap
            if current and room < width / 4:
                lines.append(current)
                current, used, room = [], 0.0, width
            head, rest = split_word(word, room)
            current.append(head)
            lines.append(current)
            current, used = [], 0.0
            if rest:
                pending.insert(0, rest)
            continue
        lines.append(current)
        current, used = [word], w
    if current:
        lines.append(current)
    return lines


def body_paragraphs(brief: Brief) -> list[tuple[int, str]]:
    """(offset in ``brief.body``, text) for every paragraph or heading of the body."""
    out: list[tuple[int, str]] = []
    start = 0
    for chunk in brief.body.split("\n\n"):
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, chunk.strip()))
        start += len(chunk) + 2
    return out


def marked_words(text: str, markers: Sequence[tuple[int, int]]) -> list[Word]:
    """Words of one paragraph, with their markers as raised runs.

    ``markers`` holds (position in ``text``, note number); a marker is drawn right after the
    character before its position (inside the word if punctuation follows it), and a marker
    that stands after a space goes to the end of the word before it.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for token in text.split():
        start = text.index(token, pos)
        pos = start + len(token)
        spans.append((start, pos))
    cuts: list[dict[int, list[int]]] = [{} for _ in spans]
    for at, number in sorted(markers):
        index = max((i for i, (start, _) in enumerate(spans) if start < at), default=0)
        cut = min(max(at, spans[index][0]), spans[index][1])
        cuts[index].setdefault(cut, []).append(number)
    words: list[Word] = []
    for (start, end), word_cuts in zip(spans, cuts, strict=True):
        runs: list[Run] = []
        last = start
        for cut in sorted(word_cuts):
            if cut > last:
                runs.append(Run(text[last:cut], ROMAN, BODY_SIZE))
                last = cut
            for number in word_cuts[cut]:
                runs.append(Run(str(number), ROMAN, MARKER_SIZE, MARKER_RISE))
        if end > last:
            runs.append(Run(text[last:end], ROMAN, BODY_SIZE))
        words.append(tuple(runs))
    return words


class Layout:
    """Lays out a brief's lines page by page, reserving room for each page's footnotes."""

    def __init__(self, page_size: tuple[float, float], margin: float, note_lines: dict[int, list[Line]]) -> None:
        self.width, self.height = page_size
        self.margin = margin
        self.text_width = self.width - 2 * margin
        self.note_lines = note_lines
        self.pages: list[Page] = []
        self.carry: list[Line] = []
        self.cursor = 0.0
        self.page_notes: list[int] = []
        self.new_page()

    def new_page(self) -> None:
        if self.pages:
            self.finish_page()
        self.pages.append(Page())
        self.cursor = self.height - self.margin
        self.page_notes = []

    def notes_height(self, numbers: Iterable[int]) -> float:
        count = len(self.carry) + sum(len(self.note_lines[n]) for n in numbers)
        return count * NOTE_LEADING + RULE_GAP + BODY_NOTES_GAP if count else 0.0

    def fits(self, lines: Sequence[Line]) -> bool:
        cursor = self.cursor
        numbers = list(self.page_notes)
        for i, line in enumerate(lines):
            at_top = i == 0 and not self.pages[-1].body
            cursor -= (0.0 if at_top else line.space_before) + line.leading
            numbers.extend(line.notes)
        return cursor >= self.margin + self.notes_height(numbers)

    def place(self, lines: Sequence[Line]) -> None:
        for i, line in enumerate(lines):
            ahead = list(lines[i : i + 1 + line.keep_with_next])
            if not self.fits(ahead) and self.pages[-1].body:
                self.new_page()
            at_top = not self.pages[-1].body
            baseline = self.cursor - (0.0 if at_top else line.space_before) - line.size
            self.cursor = baseline - (line.leading - line.size)
            x = self.margin
            if line.centre:
                x += (self.text_width - line.natural_width) / 2
            self.pages[-1].body.append(Placed(line, x, baseline, self.text_width))
            self.page_notes.extend(line.notes)

    def finish_page(self) -> None:
        page = self.pages[-1]
        lines = self.carry + [line for n in self.page_notes for line in self.note_lines[n]]
        room = int((self.cursor - self.margin - RULE_GAP - BODY_NOTES_GAP) // NOTE_LEADING)
        room = max(room, 1) if lines else 0
        page.notes, self.carry = lines[:room], lines[room:]
        self.page_notes = []

    def finish(self) -> list[Page]:
        self.finish_page()
        while self.carry:  # notes that would not fit even under a single body line
            self.pages.append(Page())
            self.cursor = self.height - self.margin
            self.finish_page()
        return self.pages


def front_matter_lines(brief: Brief, width: float) -> list[Line]:
    md = brief.metadata
    out: list[Line] = []

    def add(text: str | None, font: str, size: float, leading: float, space_before: float = 0.0) -> None:
        if not text:
            return
        for i, words in enumerate(wrap(plain_words(text, font, size), width, font, size)):
            before = space_before if i == 0 else 0.0
            out.append(Line(tuple(words), font, size, leading, before, centre=True))

    add(md.title, BOLD, 16.0, 20.0)
    if md.authors:
        add("By", ROMAN, BODY_SIZE, BODY_LEADING, 12.0)
        for person in md.authors:
            add(person.name, BOLD, BODY_SIZE, BODY_LEADING)
            add(person.role, ROMAN, BODY_SIZE, BODY_LEADING)
    add(md.organization, ROMAN, BODY_SIZE, BODY_LEADING)
    if md.editors:
        add("Edited by", ROMAN, BODY_SIZE, BODY_LEADING, 10.0)
        for person in md.editors:
            add(person.name, BOLD, BODY_SIZE, BODY_LEADING)
            add(person.role, ROMAN, BODY_SIZE, BODY_LEADING)
    if md.date:
        add(format_date(md.date), ROMAN, BODY_SIZE, BODY_LEADING, 10.0)
    add(md.disclaimer, ITALIC, 10.0, 13.0, 10.0)
    add(md.image_credit, ROMAN, 10.0, 13.0, 6.0)
    return out


def body_lines(brief: Brief, width: float) -> list[Line]:
    headings = {s.heading.strip() for s in brief.sections if s.heading}
    paragraphs = body_paragraphs(brief)
    starts = [offset for offset, _ in paragraphs]
    markers: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    for marker in brief.markers:  # a marker belongs to the paragraph holding the character before it
        index = max(bisect_left(starts, marker.offset) - 1, 0)
        markers[index].append((marker.offset - starts[index], marker.number))
    out: list[Line] = []
    for (_, text), paragraph_markers in zip(paragraphs, markers, strict=True):
        if text in headings:
            wrapped = wrap(plain_words(text, BOLD, HEADING_SIZE), width, BOLD, HEADING_SIZE)
            for i, words in enumerate(wrapped):
                keep = len(wrapped) - i + 1  # the rest of the heading and two lines of what follows
                gap = HEADING_GAP + PARAGRAPH_GAP if i == 0 else 0.0
                out.append(Line(tuple(words), BOLD, HEADING_SIZE, HEADING_LEADING, gap, keep_with_next=keep))
            continue
        words = marked_words(text, paragraph_markers)
        wrapped = wrap(words, width, ROMAN, BODY_SIZE)
        for i, line_words in enumerate(wrapped):
            numbers = tuple(int(run.text) for w in line_words for run in w if run.rise)
            out.append(
                Line(
                    tuple(line_words),
                    ROMAN,
                    BODY_SIZE,
                    BODY_LEADING,
                    PARAGRAPH_GAP if i == 0 else 0.0,
                    justify=i < len(wrapped) - 1,
                    notes=numbers,
                )
            )
    return out


def footnote_lines(brief: Brief, width: float) -> dict[int, list[Line]]:
    out: dict[int, list[Line]] = {}
    for note in brief.notes:
        number: Word = (Run(str(note.number), ROMAN, NOTE_NUMBER_SIZE, NOTE_NUMBER_RISE),)
        words = [number, *plain_words(note.text, ROMAN, NOTE_SIZE)]
        out[note.number] = [
            Line(tuple(w), ROMAN, NOTE_SIZE, NOTE_LEADING) for w in wrap(words, width, ROMAN, NOTE_SIZE)
        ]
    return out


def draw_line(canvas: Any, placed: Placed) -> None:
    line = placed.line
    text = canvas.beginText(placed.x, placed.y)
    word_space = 0.0  # always set: word spacing is graphics state and outlives the text object
    if line.justify and len(line.words) > 1:
        word_space = (placed.width - line.natural_width) / (len(line.words) - 1)
    text.setWordSpace(word_space)
    for i, word in enumerate(line.words):
        if i:
            text.setFont(line.font, line.size)
            text.setRise(0)
            text.textOut(" ")
        for run in word:
            text.setFont(run.font, run.size)
            text.setRise(run.rise)
            text.textOut(run.text)
    canvas.drawText(text)


def running_header(title: str, width: float) -> str:
    """The title, shortened at a word boundary with an ellipsis if it is wider than ``width``."""
    words = title.split()
    header = " ".join(words)
    while len(words) > 1 and stringWidth(header, ITALIC, HEADER_SIZE) > width:
        words.pop()
        header = " ".join(words).rstrip(",:;") + "…"
    return header


def render_brief_pdf(
    brief: Brief, out: Path, *, page_size: tuple[float, float] = (612, 792), margin: float = 72
) -> int:
    """Write ``brief`` to ``out`` as a PDF with footnotes; return the number of pages."""
    page_w, page_h = float(page_size[0]), float(page_size[1])
    width = page_w - 2 * margin
    layout = Layout((page_w, page_h), margin, footnote_lines(brief, width))
    front = front_matter_lines(brief, width)
    if front:
        front[-1] = replace(front[-1], leading=front[-1].leading + FRONT_MATTER_GAP)
    layout.place(front)
    layout.place(body_lines(brief, width))
    pages = layout.finish()

    title = " ".join((brief.metadata.title or "").split())
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(out), pagesize=(page_w, page_h), invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(", ".join(p.name for p in brief.metadata.authors))
    for number, page in enumerate(pages, start=1):
        if number > 1 and title:
            header = running_header(title, page_w - margin)
            canvas.setFont(ITALIC, HEADER_SIZE)
            canvas.drawCentredString(page_w / 2, page_h - margin / 2, header)
        for placed in page.body:
            draw_line(canvas, placed)
        if page.notes:
            rule_y = margin + len(page.notes) * NOTE_LEADING + RULE_GAP
            canvas.setLineWidth(RULE_WIDTH)
            canvas.line(margin, rule_y, margin + width / 3, rule_y)
            for i, line in enumerate(page.notes):
                baseline = rule_y - RULE_GAP - NOTE_SIZE - i * NOTE_LEADING
                draw_line(canvas, Placed(line, margin, baseline, width))
        canvas.setFont(ROMAN, FOLIO_SIZE)
        canvas.drawCentredString(page_w / 2, max(margin / 2 - FOLIO_SIZE, 2.0), str(number))
        canvas.showPage()
    canvas.save()
    return len(pages)


def seed_pdfs(tmp_dir: Path) -> dict[str, Path]:
    """Render both seed briefs into ``tmp_dir``; return {seed stem: PDF path}."""
    out: dict[str, Path] = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        pdf = tmp_dir / f"{seed.stem}.pdf"
        render_brief_pdf(analyze_file(seed), pdf, page_size=SEED_PAGE_SIZES.get(seed.stem, LETTER))
        out[seed.stem] = pdf
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/seed-pdfs")
    for stem, path in seed_pdfs(folder).items():
        print(f"{stem}: {path}")
