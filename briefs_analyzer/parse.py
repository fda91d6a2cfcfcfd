"""Document -> Brief: front matter, sections, sentences (claims), markers and notes.

The body is read line by line into *units*: headings, paragraphs and note definitions.

* A note definition starts with a superscript number (``¹ ...``), a Markdown definition
  (``[^1]: ...``), a bracketed number (``[1] ...``, when the brief uses bracketed notes), a
  table row under a ``Notes`` heading, or a plain number (``2 Girish Kumar, ...``).  A plain
  number counts only where it continues the note sequence and the note was referenced
  before (or a run of notes is under way): a paragraph opening ``1965 war`` is never a note.
* A paragraph that stops mid-sentence and resumes after a block of notes (a page break in
  the source) is stitched back into one paragraph.
* Markers are removed from the text and kept, with the file position they stood at.
* Each paragraph is split into sentences; every sentence is a claim.

Inconsistencies (a marker with no note, a note with no marker, duplicates, gaps) become
:class:`~briefs_analyzer.model.Problem` records; the parser never raises on odd input.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from briefs_analyzer.frontmatter import parse_front_matter
from briefs_analyzer.ingest import Document, Line
from briefs_analyzer.mapped import MappedText
from briefs_analyzer.model import Brief, Marker, Note, NoteStyle, Problem, Section, Sentence
from briefs_analyzer.patterns import (
    CLOSING_PUNCT,
    CREDIT_LINE,
    HTML_COMMENT,
    MARKER_BRACKET,
    MARKER_MARKDOWN,
    MARKER_SUPERSCRIPT,
    MD_BLOCKQUOTE,
    MD_EMPHASIS,
    MD_HEADING,
    MD_IMAGE,
    MD_LINK,
    MD_LIST_ITEM,
    MD_RULE,
    MD_TABLE_LINE,
    NOTE_BRACKET,
    NOTE_MARKDOWN,
    NOTE_PLAIN,
    NOTE_SUPERSCRIPT,
    NOTE_TABLE_ROW,
    NOTES_HEADING,
    SUPERSCRIPT_TO_INT,
    TERMINAL_PUNCT,
    UNIT_BEFORE_SUPERSCRIPT,
)
from briefs_analyzer.sentences import split_sentences

_HEADING_MAX_CHARS = 120
_MAX_NOTE_GAP = 3  # a plain-number note may skip this many numbers that markers cite
_HEADING_MAX_WORDS = 15


@dataclass(frozen=True)
class _RawMarker:
    number: int
    origin: int
    style: NoteStyle


@dataclass
class _Paragraph:
    text: MappedText
    markers: list[_RawMarker]
    notes_after: bool = False  # a block of notes (or a page break) came after it

    @property
    def is_open(self) -> bool:
        """Does the paragraph stop mid-sentence?"""
        tail = self.text.text.rstrip().rstrip(CLOSING_PUNCT)
        return bool(tail) and not tail.endswith(tuple(TERMINAL_PUNCT))


@dataclass(frozen=True)
class _Heading:
    text: MappedText
    level: int
    line: int
    markers: tuple[_RawMarker, ...] = ()  # a note on a heading backs the section's first claim


@dataclass
class _NoteDraft:
    number: int
    style: NoteStyle
    line: Line
    parts: list[str] = field(default_factory=list)


Unit = _Paragraph | _Heading


@dataclass
class _Reader:
    """The state of one pass over the body lines."""

    markdown: bool
    bracket_markers: bool
    # Headings come marked by the reader (PDF), not guessed; and footnotes come as superscript
    # numbers, so a plain number starts a note only under a Notes heading.
    layout_headings: bool = False
    units: list[Unit] = field(default_factory=list)
    notes: list[_NoteDraft] = field(default_factory=list)
    block: list[Line] = field(default_factory=list)
    note: _NoteDraft | None = None
    in_notes_section: bool = False
    referenced: set[int] = field(default_factory=set)

    # -- notes -------------------------------------------------------------------------
    def note_start(self, line: Line, block_start: bool) -> tuple[int, NoteStyle, str] | None:
        text = line.text
        if m := NOTE_MARKDOWN.match(text):
            return int(m.group(1)), "markdown", m.group(2)
        if m := NOTE_SUPERSCRIPT.match(text):
            return int(m.group(1).translate(SUPERSCRIPT_TO_INT)), "superscript", m.group(2)
        if self.in_notes_section and (m := NOTE_TABLE_ROW.match(text)):
            return int(m.group(1)), "table", m.group(2)
        if (self.bracket_markers or self.in_notes_section) and (m := NOTE_BRACKET.match(text)):
            return int(m.group(1)), "bracket", m.group(2)
        plain_allowed = self.in_notes_section or not self.layout_headings
        if plain_allowed and (block_start or self.note is not None) and (m := NOTE_PLAIN.match(text)):
            number = int(m.group(1))
            expected = max((n.number for n in self.notes), default=0) + 1
            cited_beyond = max(self.referenced, default=0) >= number
            continues = number == expected and (cited_beyond or self.note is not None or self.in_notes_section)
            # A note deleted just before this one leaves a small gap, reported as BA101.
            after_gap = number in self.referenced and expected < number <= expected + _MAX_NOTE_GAP
            if continues or after_gap:
                return number, "plain", m.group(2)
        return None

    def start_note(self, line: Line, number: int, style: NoteStyle, text: str) -> None:
        self.flush_block()
        self.note = _NoteDraft(number, style, line, [text.strip()])
        self.notes.append(self.note)
        if self.units and isinstance(self.units[-1], _Paragraph):
            self.units[-1].notes_after = True

    # -- paragraphs and headings -------------------------------------------------------
    def flush_block(self) -> None:
        lines, self.block = self.block, []
        if not lines:
            return
        if len(lines) == 1 and self._single_line(lines[0]):
            return
        pieces: list[MappedText] = []
        for line in lines:
            text = self._line_text(line)
            if not text.text.strip():
                continue
            if line.glue and pieces:
                pieces[-1] = MappedText.join([pieces[-1], text], sep="")
            else:
                pieces.append(text)
        if pieces:
            self.add_paragraph(MappedText.join(pieces))

    def _single_line(self, line: Line) -> bool:
        """Handle a one-line block that is not a paragraph; True if it was one."""
        text = line.text.strip()
        if NOTES_HEADING.match(text):
            self.in_notes_section = True
            return True
        if CREDIT_LINE.match(text) and len(text) < 300:
            return True  # an image or figure credit: neither body nor note
        if line.role in ("heading", "title"):
            start = line.text.index(text)
            self.add_heading(MappedText.from_source(text, line.offset + start), 2, line.number)
            return True
        md = MD_HEADING.match(line.text) if self.markdown else None
        if md:
            start = line.text.index(md.group(2)) if md.group(2) else len(line.text)
            heading = MappedText.from_source(md.group(2), line.offset + start)
            self.add_heading(self._strip_markdown(heading), len(md.group(1)), line.number)
            return True
        if not self.layout_headings and _looks_like_heading(text, self.units):
            start = line.text.index(text)
            self.units.append(_Heading(MappedText.from_source(text, line.offset + start), 2, line.number))
            self.in_notes_section = False
            return True
        return False

    def add_heading(self, text: MappedText, level: int, line: int) -> None:
        text, markers = self._extract_markers(text)
        self.referenced.update(m.number for m in markers)
        self.units.append(_Heading(text.squeeze(), level, line, tuple(markers)))
        self.in_notes_section = False

    def _line_text(self, line: Line) -> MappedText:
        text, offset = line.text, line.offset
        if self.markdown:
            for prefix in (MD_BLOCKQUOTE, MD_LIST_ITEM):
                if m := prefix.match(text):
                    text, offset = text[m.end() :], offset + m.end()
            if MD_TABLE_LINE.match(text) or MD_RULE.match(text) or MD_IMAGE.match(text) or HTML_COMMENT.match(text):
                return MappedText("", MappedText.from_source("", offset).origins)
        return MappedText.from_source(text, offset)

    def _strip_markdown(self, text: MappedText) -> MappedText:
        if not self.markdown:
            return text
        return text.replace(MD_LINK, 1).replace(MD_EMPHASIS, 2)

    def add_paragraph(self, text: MappedText) -> None:
        text, markers = self._extract_markers(self._strip_markdown(text))
        text = text.squeeze()
        if not text.text:
            return
        self.in_notes_section = False
        self.referenced.update(m.number for m in markers)
        previous = self.units[-1] if self.units else None
        if isinstance(previous, _Paragraph) and previous.is_open and (previous.notes_after or text.text[0].islower()):
            previous.text = MappedText.join([previous.text, text])
            previous.markers.extend(markers)
            previous.notes_after = False
            return
        self.units.append(_Paragraph(text, markers))

    def _extract_markers(self, text: MappedText) -> tuple[MappedText, list[_RawMarker]]:
        found: list[tuple[int, int, int, NoteStyle]] = []
        for m in MARKER_SUPERSCRIPT.finditer(text.text):
            if UNIT_BEFORE_SUPERSCRIPT.search(text.text, 0, m.start()):
                continue
            found.append((m.start(), m.end(), int(m.group().translate(SUPERSCRIPT_TO_INT)), "superscript"))
        for m in MARKER_MARKDOWN.finditer(text.text):
            found.append((m.start(), m.end(), int(m.group(1)), "markdown"))
        if self.bracket_markers:
            for m in MARKER_BRACKET.finditer(text.text):
                found.append((m.start(), m.end(), int(m.group(1)), "bracket"))
        found.sort()
        markers = [_RawMarker(number, text.origin(start), style) for start, _, number, style in found]
        return text.remove((start, end) for start, end, _, _ in found), markers

    # -- the pass ----------------------------------------------------------------------
    def feed(self, line: Line, block_start: bool) -> None:
        if not line.text.strip():
            self.flush_block()
            if not (self.markdown and self.note is not None):
                self.note = None
            return
        if HTML_COMMENT.match(line.text):
            return  # an editor's comment (e.g. "<!-- briefs: ignore BA301 -->"), in any format
        if self.note is not None and self.markdown and line.text[:1].isspace() and not NOTE_MARKDOWN.match(line.text):
            self.note.parts.append(line.text.strip())
            return
        start = self.note_start(line, block_start)
        if start is not None:
            self.start_note(line, *start)
            return
        if self.note is not None and not block_start:
            self.note.parts.append(line.text.strip())
            return
        self.note = None
        if self.markdown and MD_HEADING.match(line.text):
            self.flush_block()
            self.block = [line]
            self.flush_block()
            return
        self.block.append(line)


def _looks_like_heading(text: str, units: Sequence[Unit]) -> bool:
    """A short line, without closing punctuation, starting with a capital, between paragraphs."""
    if MARKER_MARKDOWN.search(text) or MARKER_BRACKET.search(text) or MARKER_SUPERSCRIPT.search(text):
        return False
    words = text.split()
    if not words or len(text) > _HEADING_MAX_CHARS or len(words) > _HEADING_MAX_WORDS:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or not any(c.isalpha() for c in text):
        return False
    if text.rstrip(CLOSING_PUNCT).endswith((".", ",", ";", ":", "!", "…")):
        return False
    previous = units[-1] if units else None
    # A paragraph cut off by a page of notes resumes; a capitalised resumption is rare,
    # but a heading right after an unfinished paragraph with no notes between is rarer.
    return not (isinstance(previous, _Paragraph) and previous.is_open and not previous.notes_after)


def _uses_bracket_notes(lines: Sequence[Line]) -> bool:
    return any(NOTE_BRACKET.match(line.text) or NOTES_HEADING.match(line.text) for line in lines)


def _read_body(lines: Sequence[Line], fmt: str) -> _Reader:
    reader = _Reader(
        markdown=fmt == "markdown",
        bracket_markers=_uses_bracket_notes(lines),
        layout_headings=fmt in ("pdf", "docx", "html"),
    )
    block_start = True
    for line in lines:
        reader.feed(line, block_start)
        block_start = not line.text.strip()
    reader.flush_block()
    return reader


@dataclass
class _Position:
    """Maps a file offset to its 1-based line and column."""

    lines: Sequence[Line]
    offsets: list[int]

    @classmethod
    def of(cls, lines: Sequence[Line]) -> _Position:
        return cls(lines, [line.offset for line in lines])

    def line_col(self, offset: int) -> tuple[int, int, int | None]:
        i = max(bisect_right(self.offsets, offset) - 1, 0)
        if not self.lines:
            return 1, 1, None
        line = self.lines[i]
        return line.number, offset - line.offset + 1, line.page


def _anchor(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


def _build(reader: _Reader, position: _Position) -> tuple[str, list[Section], list[Sentence], list[Marker]]:
    body: list[str] = []
    length = 0
    sections: list[tuple[str | None, int, int | None, list[int]]] = [(None, 0, None, [])]
    sentences: list[Sentence] = []
    markers: list[Marker] = []
    pending: tuple[_RawMarker, ...] = ()  # markers on a heading, waiting for its first claim
    paragraph = -1
    for unit in reader.units:
        if body:
            body.append("\n\n")
            length += 2
        base = length
        body.append(unit.text.text)
        length += len(unit.text.text)
        if isinstance(unit, _Heading):
            sections.append((unit.text.text, unit.level, unit.line, []))
            pending = (*pending, *unit.markers)
            continue
        text = unit.text.text
        spans = split_sentences(text)
        if not spans:
            continue
        starts = [s for s, _ in spans]
        numbers: list[list[int]] = [[] for _ in spans]
        placed: list[tuple[int, int, _RawMarker]] = [(0, spans[0][0], raw) for raw in pending]
        for raw in pending:
            numbers[0].append(raw.number)
        heading_markers = {id(raw) for raw in pending}
        heading_text = sections[-1][0] or ""
        pending = ()
        for raw in unit.markers:
            pos = bisect_left(unit.text.origins, raw.origin)
            k = max(bisect_right(starts, pos) - 1, 0)
            numbers[k].append(raw.number)
            placed.append((k, pos, raw))
        first_id = len(sentences) + 1
        section_index = len(sections) - 1
        paragraph += 1
        for k, (s, e) in enumerate(spans):
            line, _, page = position.line_col(unit.text.origin(s))
            sentences.append(
                Sentence(
                    id=first_id + k,
                    text=text[s:e],
                    section=section_index,
                    start=base + s,
                    end=base + e,
                    markers=tuple(numbers[k]),
                    line=line,
                    page=page,
                    paragraph=paragraph,
                )
            )
            sections[-1][3].append(first_id + k)
        previous_in: dict[int, int] = {}
        for k, pos, raw in placed:
            s, e = spans[k]
            anchor_start = max(previous_in.get(k, s), s)
            if id(raw) not in heading_markers:
                previous_in[k] = min(pos, e)
            line, column, page = position.line_col(raw.origin)
            markers.append(
                Marker(
                    number=raw.number,
                    offset=base + min(pos, e),
                    sentence=first_id + k,
                    anchor=heading_text if id(raw) in heading_markers else _anchor(text, anchor_start, min(pos, e)),
                    line=line,
                    column=column,
                    style=raw.style,
                    page=page,
                )
            )
    built = [
        Section(heading=h, level=lvl, sentences=tuple(ids), line=ln)
        for i, (h, lvl, ln, ids) in enumerate(sections)
        if i or ids
    ]
    # Claims point at their section by index into the kept sections.
    if sections and not sections[0][3]:
        sentences = [replace(s, section=s.section - 1) for s in sentences]
    return "".join(body), built, sentences, markers


def consistency_problems(markers: Sequence[Marker], notes: Sequence[Note]) -> list[Problem]:
    """Markers without notes, notes without markers, duplicate numbers, gaps and steps back."""
    problems: list[Problem] = []
    defined = {n.number for n in notes}
    referenced = {m.number for m in markers}
    for m in markers:
        if m.number not in defined:
            problems.append(
                Problem(
                    "BA101", "marker-without-note", "error", f"marker {m.number} has no note", m.line, m.column, m.page
                )
            )
    counts: Counter[int] = Counter()
    for n in notes:
        counts[n.number] += 1
        if counts[n.number] == 2:
            problems.append(
                Problem(
                    "BA103", "duplicate-note", "error", f"note {n.number} is defined more than once", n.line, 1, n.page
                )
            )
        if n.number not in referenced:
            problems.append(
                Problem(
                    "BA102",
                    "note-without-marker",
                    "error",
                    f"note {n.number} is never referenced in the text",
                    n.line,
                    1,
                    n.page,
                )
            )
    # A gap that a marker without its note (or a note without its marker) explains is
    # reported once, as BA101 (BA102), not again as BA104.
    problems.extend(
        _sequence_problems([(n.number, n.line, 1, n.page) for n in notes], "note", explained=referenced - defined)
    )
    problems.extend(
        _sequence_problems(
            [(m.number, m.line, m.column, m.page) for m in markers], "marker", explained=defined - referenced
        )
    )
    return problems


def _sequence_problems(
    items: Sequence[tuple[int, int, int, int | None]], what: str, *, explained: set[int]
) -> list[Problem]:
    problems = []
    highest = 0
    seen: set[int] = set()
    for number, line, column, page in items:
        if number in seen and what == "note":
            continue  # reported as a duplicate
        if number > highest + 1 and not set(range(highest + 1, number)) <= explained:
            message = f"{what} {number} follows {what} {highest}: numbers {highest + 1}–{number - 1} are missing"
            if highest + 1 == number - 1:
                message = f"{what} {number} follows {what} {highest}: number {highest + 1} is missing"
            problems.append(Problem("BA104", "note-sequence", "error", message, line, column, page))
        elif number <= highest and number not in seen:
            problems.append(
                Problem(
                    "BA104",
                    "note-sequence",
                    "error",
                    f"{what} {number} comes after {what} {highest}",
                    line,
                    column,
                    page,
                )
            )
        seen.add(number)
        highest = max(highest, number)
    return problems


def parse(doc: Document) -> Brief:
    """Parse a read document into a :class:`Brief` (pure; never raises on odd text)."""
    metadata, body_start = parse_front_matter(doc.lines)
    body_lines = doc.lines[body_start:]
    reader = _read_body(body_lines, doc.format)
    position = _Position.of(doc.lines)
    body, sections, sentences, markers = _build(reader, position)
    notes = [
        Note(
            number=d.number,
            text="\n".join(p for p in d.parts if p),
            line=d.line.number,
            style=d.style,
            page=d.line.page,
        )
        for d in reader.notes
    ]
    problems = [*doc.problems, *consistency_problems(markers, notes)]
    return Brief(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        metadata=metadata,
        body=body,
        sections=tuple(sections),
        sentences=tuple(sentences),
        markers=tuple(markers),
        notes=tuple(notes),
        problems=tuple(problems),
        encoding=doc.encoding,
    )
