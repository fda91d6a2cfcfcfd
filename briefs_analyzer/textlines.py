"""Structure inferred from lines: plain-text and Markdown briefs, which say little of it themselves.

The body is read line by line into *units*: headings, paragraphs and note definitions.  In a
Markdown brief the syntax tree (:mod:`briefs_analyzer.ingest.mdtree`) says what each line is:
headings, list items and table rows are taken from it, never guessed; code and HTML blocks are
regions; only the lines of paragraphs are read for notes, markers and navigation.

* A note definition starts with a superscript number (``¹ ...``), a Markdown definition
  (``[^1]: ...``), a bracketed number (``[1] ...``, when the brief uses bracketed notes), a
  table row under a ``Notes`` heading, or a plain number (``2 Girish Kumar, ...``).  A plain
  number counts only where it continues the note sequence and the note was referenced
  before (or a run of notes is under way): a paragraph opening ``1965 war`` is never a note.
* A paragraph that stops mid-sentence and resumes after a block of notes (a page break in
  the source) is stitched back into one paragraph.
* Markers are the format's own syntax here (superscript digits, ``[^1]``, ``[1]``): they are
  removed from the text and kept, with the file position they stood at.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefs_analyzer.ingest.document import Line
from briefs_analyzer.ingest.mdtree import Hint, MdBlock, line_hints
from briefs_analyzer.mapped import MappedText
from briefs_analyzer.model import NoteStyle
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
    MD_RULE,
    MD_TABLE_LINE,
    MD_TABLE_SEPARATOR,
    NOTE_BRACKET,
    NOTE_MARKDOWN,
    NOTE_PLAIN,
    NOTE_SUPERSCRIPT,
    NOTE_TABLE_ROW,
    NOTES_HEADING,
    SUPERSCRIPT_TO_INT,
    TERMINAL_PUNCT,
    links_only,
    unit_before,
)
from briefs_analyzer.units import Heading, NoteDraft, Other, Paragraph, RawMarker, Unit

_HEADING_MAX_CHARS = 120
_MAX_NOTE_GAP = 3  # a plain-number note may skip this many numbers that markers cite
_HEADING_MAX_WORDS = 15


@dataclass
class LineReader:
    """The state of one pass over the body lines."""

    markdown: bool
    bracket_markers: bool
    # Headings come marked by the reader (PDF), not guessed; and footnotes come as superscript
    # numbers, so a plain number starts a note only under a Notes heading.
    layout_headings: bool = False
    units: list[Unit] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    block: list[Line] = field(default_factory=list)
    note: NoteDraft | None = None
    in_notes_section: bool = False
    referenced: set[int] = field(default_factory=set)
    # Markdown: what the syntax tree says each line is (ingest/mdtree.py), by line number.
    hints: dict[int, Hint] = field(default_factory=dict)

    def hint(self, line: Line) -> Hint | None:
        return self.hints.get(line.number) if self.markdown else None

    def item_start(self, line: Line) -> bool:
        """Does a list item start on this line?  (Markdown: the tree says so.)"""
        hint = self.hint(line)
        return hint is not None and hint.kind == "item"

    def table_line(self, line: Line) -> bool:
        """A row of a table: a GFM table's (the tree says so), or a line opening with a pipe."""
        hint = self.hint(line)
        return (hint is not None and hint.kind == "table") or MD_TABLE_LINE.match(line.text) is not None

    # -- notes -------------------------------------------------------------------------
    def note_start(self, line: Line, block_start: bool) -> tuple[int, NoteStyle, str] | None:
        text = line.text
        hint = self.hint(line)
        if hint is not None and hint.kind == "table":  # a GFM table's row is a note only under a notes heading
            m = NOTE_TABLE_ROW.match(text) if self.in_notes_section else None
            return (int(m.group(1)), "table", m.group(2)) if m else None
        if m := NOTE_MARKDOWN.match(text):
            return int(m.group(1)), "markdown", m.group(2)
        if m := NOTE_SUPERSCRIPT.match(text):
            return int(m.group(1).translate(SUPERSCRIPT_TO_INT)), "superscript", m.group(2)
        if self.in_notes_section and (m := NOTE_TABLE_ROW.match(text)):
            return int(m.group(1)), "table", m.group(2)
        if (self.bracket_markers or self.in_notes_section) and (m := NOTE_BRACKET.match(text)):
            return int(m.group(1)), "bracket", m.group(2)
        plain_allowed = self.in_notes_section or not self.layout_headings
        if hint is not None and hint.kind == "item" and not self.in_notes_section:
            plain_allowed = False  # a numbered list is a list, except under a notes heading
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
        self.note = NoteDraft(number, style, line.offset, [text.strip()])
        self.notes.append(self.note)
        if self.units and isinstance(self.units[-1], Paragraph):
            self.units[-1].notes_after = True

    # -- paragraphs and headings -------------------------------------------------------
    def flush_block(self) -> None:
        lines, self.block = self.block, []
        if not lines:
            return
        if self.markdown and any(self.table_line(line) for line in lines):
            self._split_tables(lines)
            return
        if self.markdown and any(links_only(line.text) for line in lines):
            self._split_navigation(lines)
            return
        if len(lines) == 1 and self._single_line(lines[0]):
            return
        self._paragraph(lines)

    def _split_tables(self, lines: Sequence[Line]) -> None:
        """A Markdown block holding pipe tables: each run of table rows is a table, the rest prose."""
        run: list[Line] = []
        for line in [*lines, None]:
            if line is not None and (not run or self.table_line(line) == self.table_line(run[0])):
                run.append(line)
                continue
            if self.table_line(run[0]):
                self.add_table(run)
            elif len(run) > 1 or not self._single_line(run[0]):
                self._paragraph(run)
            run = [line] if line is not None else []

    def _split_navigation(self, lines: Sequence[Line]) -> None:
        """A Markdown block holding items made of links only: each run of them is navigation.

        A web page converted to Markdown keeps its menus, breadcrumbs, version lists and contents
        (``[Home](/) > [Products](/p)``, ``- [Introduction](#_Toc1)``): links and nothing else,
        never sentences of the brief.  A run of such items is a ``toc`` region when its links
        point inside the page, else ``furniture``; a paragraph with a link in a sentence is prose.
        """
        items: list[list[Line]] = []
        for line in lines:
            if MD_RULE.match(line.text):
                items.append([])  # a thematic break ends what came before
                continue
            if not items or not items[-1] or self.item_start(line) or _HARD_BREAK.search(items[-1][-1].text):
                items.append([line])
            else:
                items[-1].append(line)
        run: list[Line] = []
        nav = False
        for item in [*(i for i in items if i), None]:
            item_nav = item is not None and all(links_only(line.text) for line in item)
            if item is not None and (not run or item_nav == nav):
                run.extend(item)
                nav = item_nav
                continue
            if nav:
                self.add_navigation(run)
            elif len(run) > 1 or not self._single_line(run[0]):
                self._paragraph(run)
            run, nav = (list(item), item_nav) if item is not None else ([], False)

    def add_navigation(self, lines: Sequence[Line]) -> None:
        targets = [m.group(1) for line in lines for m in _LINK_TARGET.finditer(line.text)]
        kind = "toc" if targets and all(_in_page(t) for t in targets) else "furniture"
        text = "\n".join(self._strip_markdown(self._line_text(line)).text.strip() for line in lines)
        self.units.append(Other(kind, text, lines[0].offset))

    def add_table(self, rows: Sequence[Line]) -> None:
        """A pipe table: a region with its cells; markers in its cells count as referenced."""
        texts: list[MappedText] = []
        cells: list[tuple[str, ...]] = []
        markers: list[RawMarker] = []
        for line in rows:
            if MD_TABLE_SEPARATOR.match(line.text):
                continue
            text, found = self._extract_markers(self._strip_markdown(MappedText.from_source(line.text, line.offset)))
            markers.extend(found)
            row = tuple(" ".join(cell.split()) for cell in text.text.strip().strip("|").split("|"))
            cells.append(row)
            texts.append(text)
        if not cells:
            return
        self.in_notes_section = False
        self.referenced.update(m.number for m in markers)
        joined = "\n".join(" ".join(c for c in row if c) for row in cells)
        self.units.append(Other("table", joined, rows[0].offset, tuple(markers), tuple(cells)))

    def _paragraph(self, lines: Sequence[Line]) -> None:
        for part, item in self._parts(lines):
            pieces: list[MappedText] = []
            for line in part:
                text = self._line_text(line)
                if not text.text.strip():
                    continue
                if line.glue and pieces:
                    pieces[-1] = MappedText.join([pieces[-1], text], sep="")
                else:
                    pieces.append(text)
            if pieces and not item and _stacked(pieces):
                # An address or an addressee block: short lines, none ending a sentence.
                text = MappedText.join(pieces)
                self.units.append(Other("fragment", text.text, text.origin(0)))
            elif pieces:
                self.add_paragraph(MappedText.join(pieces), item=item)

    def _parts(self, lines: Sequence[Line]) -> list[tuple[list[Line], bool]]:
        """A Markdown block's paragraphs: each list item is one, and a hard line break after a
        sentence's end (or a label's colon) ends one (``... strategies.`` / ``Disclaimer:`` / text).
        Other formats: the block is one paragraph."""
        if not self.markdown:
            return [(list(lines), False)]
        parts: list[tuple[list[Line], bool]] = []
        ended = True
        for line in lines:
            item = self.item_start(line)
            if ended or item:
                parts.append(([line], item))
            else:
                parts[-1][0].append(line)
            ended = _HARD_BREAK.search(line.text) is not None and line.text.rstrip(" \\").endswith(
                tuple(TERMINAL_PUNCT)
            )
        return parts

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
            self.units.append(Heading(MappedText.from_source(text, line.offset + start), 2, line.number))
            self.in_notes_section = False
            return True
        return False

    def add_heading(self, text: MappedText, level: int, line: int) -> None:
        text, markers = self._extract_markers(text)
        self.referenced.update(m.number for m in markers)
        self.units.append(Heading(text.squeeze(), level, line, tuple(markers)))
        self.in_notes_section = False

    def _line_text(self, line: Line) -> MappedText:
        text, offset = line.text, line.offset
        if self.markdown:
            for prefix in (MD_BLOCKQUOTE, _ITEM_MARKER if self.item_start(line) else None):
                if prefix is not None and (m := prefix.match(text)):
                    text, offset = text[m.end() :], offset + m.end()
            if MD_TABLE_LINE.match(text) or MD_RULE.match(text) or MD_IMAGE.match(text) or HTML_COMMENT.match(text):
                return MappedText("", MappedText.from_source("", offset).origins)
        return MappedText.from_source(text, offset)

    def _strip_markdown(self, text: MappedText) -> MappedText:
        if not self.markdown:
            return text
        text = text.replace(MD_LINK, 1).replace(MD_EMPHASIS, 2).replace(MD_EMPHASIS, 2)
        # Emphasis a converter left unclosed (``**Oversight. **Any``): its asterisks are markup.
        return text.remove((m.start(), m.end()) for m in _STRAY_EMPHASIS.finditer(text.text))

    def add_paragraph(self, text: MappedText, *, item: bool = False) -> None:
        text, markers = self._extract_markers(self._strip_markdown(text))
        text = text.squeeze()
        if not text.text:
            return
        self.in_notes_section = False
        self.referenced.update(m.number for m in markers)
        previous = self.units[-1] if self.units else None
        # A paragraph cut by notes (a page break) resumes; so does one resumed in lower case, unless
        # this is a list item of its own.
        if (
            isinstance(previous, Paragraph)
            and previous.is_open
            and (previous.notes_after or (text.text[0].islower() and not item))
        ):
            previous.text = MappedText.join([previous.text, text])
            previous.markers.extend(markers)
            previous.notes_after = False
            return
        self.units.append(Paragraph(text, markers, is_item=item))

    def _extract_markers(self, text: MappedText) -> tuple[MappedText, list[RawMarker]]:
        found: list[tuple[int, int, int, NoteStyle]] = []
        for m in MARKER_SUPERSCRIPT.finditer(text.text):
            if unit_before(text.text, m.start()):
                continue
            found.append((m.start(), m.end(), int(m.group().translate(SUPERSCRIPT_TO_INT)), "superscript"))
        for m in MARKER_MARKDOWN.finditer(text.text):
            found.append((m.start(), m.end(), int(m.group(1)), "markdown"))
        if self.bracket_markers:
            for m in MARKER_BRACKET.finditer(text.text):
                found.append((m.start(), m.end(), int(m.group(1)), "bracket"))
        found.sort()
        markers = [RawMarker(number, text.origin(start), style) for start, _, number, style in found]
        return text.remove((start, end) for start, end, _, _ in found), markers

    # -- the pass ----------------------------------------------------------------------
    def feed(self, line: Line, block_start: bool) -> None:
        hint = self.hint(line)
        if hint is not None and hint.block is not None and not self._note_goes_on(line, hint.block):
            self.take_block(hint)
            return
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
        self.block.append(line)

    # -- blocks the Markdown tree gives whole --------------------------------------------
    def _note_goes_on(self, line: Line, block: MdBlock) -> bool:
        """An indented line after a ``[^1]:`` note goes on with the note (not an indented code block)."""
        return self.note is not None and block.kind == "code" and not block.fenced and line.text[:1].isspace()

    def take_block(self, hint: Hint) -> None:
        """A heading, code block or HTML block of the tree: read at its first line, its other lines skipped."""
        block = hint.block
        if not hint.first or block is None:
            return
        self.flush_block()
        self.note = None
        if block.kind == "heading":
            self._tree_heading(block)
        elif block.kind == "code" and block.content.strip():
            self.units.append(Other("code", block.content.strip("\n"), block.lines[0].offset))
        elif block.kind == "html":
            self._html_block(block)
        # an HTML comment (``<!-- briefs: ... -->``) is a directive, read from the file elsewhere

    def _tree_heading(self, block: MdBlock) -> None:
        if block.setext:  # ``Title`` / ``-----``: the underline is no text
            texts = [line.text.strip() for line in block.lines[:-1]]
            parts = [
                MappedText.from_source(t, line.offset + line.text.index(t))
                for t, line in zip(texts, block.lines, strict=False)
                if t
            ]
            text = MappedText.join(parts)
        else:
            line = block.lines[0]
            start = line.text.find(block.content) if block.content else -1
            if start < 0:
                return  # an empty heading (``#``)
            text = MappedText.from_source(block.content, line.offset + start)
        if NOTES_HEADING.match(text.text):
            self.in_notes_section = True
        elif text.text.strip():
            self.add_heading(self._strip_markdown(text), block.level, block.lines[0].number)

    def _html_block(self, block: MdBlock) -> None:
        """An HTML block: its text without tags, a region (never claims); its markers count as referenced."""
        raw = MappedText.join((MappedText.from_source(line.text, line.offset) for line in block.lines), sep="\n")
        text, markers = self._extract_markers(raw.remove((m.start(), m.end()) for m in _TAG.finditer(raw.text)))
        text = text.squeeze()
        if text.text:
            self.referenced.update(m.number for m in markers)
            self.units.append(Other("html", html.unescape(text.text), text.origin(0), tuple(markers)))


_ITEM_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s+|$)")  # a list item's bullet or number
_TAG = re.compile(r"<[^<>]*>")
_STRAY_EMPHASIS = re.compile(r"\*{2,}|(?<!\S)\*(?=[^\s*])")  # never an asterisk note's ``claim.*``
_HARD_BREAK = re.compile(r"(?:\S {2,}|\\)$")  # a Markdown hard line break ends the line
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")


def _in_page(target: str) -> bool:
    """A link to a place in the same page (``#_Toc1``, ``https://site/page#section``)."""
    return "#" in target


_STACKED_LINES = 3
_STACKED_WORDS = 7


def _stacked(lines: Sequence[MappedText]) -> bool:
    """Three short lines or more one under another, none ending a sentence nor carrying a marker:
    an address, an addressee block (``Ranking Minority Member`` / ``Committee on Appropriations`` /
    ``United States Senate``), as the PDF layout tells them apart from prose."""
    texts = [ln.text.strip() for ln in lines]
    return len(texts) >= _STACKED_LINES and all(
        len(t.split()) <= _STACKED_WORDS
        and not t.endswith((".", "!", "?", ";", ":", "”", '"'))
        and not MARKER_SUPERSCRIPT.search(t)
        and not MARKER_MARKDOWN.search(t)
        and not MARKER_BRACKET.search(t)
        for t in texts
    )


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
    return not (isinstance(previous, Paragraph) and previous.is_open and not previous.notes_after)


def _uses_bracket_notes(lines: Sequence[Line]) -> bool:
    return any(NOTE_BRACKET.match(line.text) or NOTES_HEADING.match(line.text) for line in lines)


def read_body(lines: Sequence[Line], fmt: str) -> LineReader:
    reader = LineReader(
        markdown=fmt == "markdown",
        bracket_markers=_uses_bracket_notes(lines),
        layout_headings=fmt in ("pdf", "docx", "html"),
    )
    if reader.markdown:
        reader.hints = line_hints(lines)
    block_start = True
    for line in lines:
        reader.feed(line, block_start)
        hint = reader.hint(line)
        # A blank line, or the end of a heading, code or HTML block the tree gives, starts a block.
        block_start = not line.text.strip() or (hint is not None and hint.block is not None)
    reader.flush_block()
    return reader
