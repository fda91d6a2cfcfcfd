"""The reader-neutral form of a file: typed blocks in reading order, notes, and what the format says.

Every reader hands :mod:`briefs_analyzer.parse` one :class:`Document`.  A reader passes on the
structure its format knows exactly, and nothing it does not:

* **Blocks** in reading order, each typed (:data:`BlockKind`): a heading with its level, a
  paragraph, a list item, a table with its cells, a figure, a caption or credit line, a box, a
  table of contents, the cover and front matter, page furniture.  Only paragraphs, list items
  and quotations of the body give claims; the other blocks are kept, and notes referenced from
  them still count.
* **Markers** as :class:`Mark` spans of a block (the note number and where it stood), never as
  characters written into the text.
* **Notes** as :class:`NoteDef` objects, with their own position and italics.
* **Metadata** the format holds (YAML front matter, Word core properties, HTML meta tags, the PDF's
  information dictionary and printed cover), with where each field came from.

Formats read line by line (plain text, and Markdown) leave ``blocks`` as ``None``: the parser
infers headings, paragraphs and notes from the lines themselves; for Markdown it first asks the
syntax tree what each line is (:mod:`briefs_analyzer.ingest.mdtree`: headings, list items,
tables, code and HTML blocks), and infers only what the tree does not say (notes, markers).

Positions: every character of a block has an *origin*, a position in the document's coordinate
text, and :attr:`Document.lines` maps a position to a line number and page.  For text formats the
coordinate text is the file's text; for PDF, Word and HTML it is the sequence of lines the reader
reports (a PDF line is numbered by its place on its page, a Word line by its paragraph, an HTML
line by the line of the page source).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefs_analyzer.limits import DEFAULT_LIMITS, Limits, read_limited
from briefs_analyzer.model import Format, Metadata, NoteStyle, Problem

BlockKind = Literal[
    "title",
    "heading",
    "paragraph",
    "list_item",
    "quote",
    "table",
    "figure",
    "caption",
    "box",
    "toc",
    "cover",
    "summary",
    "front_matter",
    "furniture",
    "fragment",
    "code",
    "html",
]
# The blocks whose sentences are claims.
PROSE: frozenset[str] = frozenset({"paragraph", "list_item", "quote"})


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes; :class:`BriefError` with a reason a person can act on if it cannot be read:
    not a regular file (a FIFO is never waited on), or over ``limits.max_file_size``."""
    return read_limited(path, limits.max_file_size)


@dataclass(frozen=True)
class Line:
    """One line of the coordinate text.  ``offset`` is the position of its first character.

    ``role`` and ``glue`` are hints for the text parser (formats read line by line): ``role`` is
    ``"heading"`` or ``"title"`` for a line set as one, ``glue`` joins the line to the one before
    without a space.  For a PDF, ``number`` is the line's position on its ``page``.
    """

    text: str
    number: int
    offset: int
    page: int | None = None
    role: str | None = None
    glue: bool = False


@dataclass(frozen=True)
class Mark:
    """A note reference inside a block: note ``number`` stood at ``at`` in the block's text."""

    number: int
    at: int
    origin: int  # its position in the coordinate text (for line and column)
    style: NoteStyle = "superscript"


def positions(start: int, length: int) -> array:  # type: ignore[type-arg]
    """The origins of ``length`` characters that stand one after another from ``start``."""
    return array("q", range(start, start + length))


@dataclass(frozen=True)
class Block:
    """A typed run of text in reading order.

    ``origins`` holds the coordinate-text position of every character of ``text``.  ``continues``
    says the block resumes the paragraph before it (a page break or a block of notes cut it);
    ``glued`` that it resumes a word broken there (``de-`` / ``velop``: the hyphen is gone from the
    block before, and no space comes between them).
    ``cells`` are a table's rows; ``italics`` spans of ``text`` set in italics.
    """

    kind: BlockKind
    text: str
    origins: array = field(repr=False)  # type: ignore[type-arg]
    marks: tuple[Mark, ...] = ()
    level: int = 0
    continues: bool = False
    glued: bool = False
    cells: tuple[tuple[str, ...], ...] = ()
    italics: tuple[tuple[int, int], ...] = ()

    @property
    def origin(self) -> int:
        return int(self.origins[0]) if self.origins else 0


@dataclass(frozen=True)
class NoteDef:
    """A note definition: its number, text (lines kept), and where it starts."""

    number: int
    text: str
    origin: int
    style: NoteStyle = "superscript"
    italics: tuple[tuple[int, int], ...] = ()
    line: int | None = None  # where problems about it point, when not the line of ``origin``


@dataclass(frozen=True)
class Document:
    """A file read into structure, before any parsing."""

    path: str
    sha256: str
    format: Format
    lines: tuple[Line, ...]
    encoding: str
    problems: tuple[Problem, ...] = ()
    blocks: tuple[Block, ...] | None = None  # None: infer the structure from ``lines``
    notes: tuple[NoteDef, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)  # what the format says (provenance filled)
    fallback: Metadata = field(default_factory=Metadata)  # what it says but trusts less than the printed page
    directives: tuple[tuple[str, int], ...] = ()  # (comment text, line): inline control for briefs check


class Builder:
    """Builds the coordinate text and the blocks of a structured document, one line at a time.

    A reader adds the lines of a block with :meth:`line` (each a line of the coordinate text,
    with its number and page), then closes the block with :meth:`block`, which gives each
    character its origin.  Marks are given by their place in the block's text.
    """

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.blocks: list[Block] = []
        self.offset = 0
        self._texts: list[str] = []
        self._origins = array("q")

    def line(self, text: str, number: int, page: int | None = None, *, sep: str = " ") -> int:
        """Add ``text`` as a line of the coordinate text and to the open block; its position."""
        start = self.offset
        self.lines.append(Line(text=text, number=number, offset=start, page=page))
        self.offset += len(text) + 1
        if self._texts and sep:
            self._texts.append(sep)
            self._origins.extend([start - 1] * len(sep))
        self._texts.append(text)
        self._origins.extend(range(start, start + len(text)))
        return start

    @property
    def pending(self) -> str:
        return "".join(self._texts)

    def block(
        self,
        kind: BlockKind,
        *,
        marks: Iterable[tuple[int, int, NoteStyle]] = (),
        level: int = 0,
        continues: bool = False,
        glued: bool = False,
        cells: Sequence[Sequence[str]] = (),
        italics: Iterable[tuple[int, int]] = (),
    ) -> Block | None:
        """Close the open block as a ``kind`` block; ``marks`` are (number, index in its text, style)."""
        text, origins = "".join(self._texts), self._origins
        self._texts, self._origins = [], array("q")
        if not text.strip() and not marks:
            return None
        end = int(origins[-1]) if origins else self.offset
        placed = tuple(
            Mark(number, at, int(origins[at]) if at < len(origins) else end + 1, style) for number, at, style in marks
        )
        block = Block(
            kind=kind,
            text=text,
            origins=origins,
            marks=placed,
            level=level,
            continues=continues,
            glued=glued and continues,
            cells=tuple(tuple(row) for row in cells),
            italics=tuple(italics),
        )
        self.blocks.append(block)
        return block

    def note_lines(
        self,
        number: int,
        parts: Sequence[tuple[str, int, int | None]],
        *,
        italics: tuple[tuple[int, int], ...] = (),
        style: NoteStyle = "superscript",
    ) -> NoteDef:
        """A note whose lines are ``parts`` (text, line number, page), kept as lines of its text."""
        origin = self.offset
        for text, line, page in parts:
            self.lines.append(Line(text=text, number=line, offset=self.offset, page=page))
            self.offset += len(text) + 1
        return NoteDef(
            number=number, text="\n".join(t for t, _, _ in parts), origin=origin, style=style, italics=italics
        )

    def note(self, number: int, text: str, line: int, page: int | None = None, **kwargs: object) -> NoteDef:
        """A note whose text is one line of the coordinate text."""
        origin = self.offset
        for part in text.split("\n"):
            self.lines.append(Line(text=part, number=line, offset=self.offset, page=page))
            self.offset += len(part) + 1
        return NoteDef(number=number, text=text, origin=origin, **kwargs)  # type: ignore[arg-type]


# --- text from runs: what the Word and HTML readers share --------------------------------------

_PLACE = "\x00"  # stands for a note reference while text is squeezed
Run = tuple[str, bool] | int  # (text, italic), or the number of a note referenced there


def squeeze(parts: Sequence[tuple[str, bool]]) -> tuple[str, list[tuple[int, int]]]:
    """Join (text, italic) pieces, collapsing whitespace; the italic spans of the result (trimmed)."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    space = True
    for piece, italic in parts:
        start = None
        for ch in piece:
            if ch.isspace():
                if not space:
                    text.append(" ")
                    length += 1
                    space = True
                continue
            if italic and start is None and ch != _PLACE:
                start = length
            text.append(ch)
            length += 1
            space = False
        if italic and start is not None:
            spans.append((start, length))
    joined = "".join(text)
    end = len(joined.rstrip())
    return joined[:end], [(a, min(b, end)) for a, b in spans if a < end]


def merge_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Overlapping or adjacent spans (separated by one character at most) as one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


Laid = tuple[list[str], list[tuple[int, int, NoteStyle]], list[tuple[int, int]]]  # lines, marks, italics


def lay_out(lines: Sequence[Sequence[Run]]) -> Laid:
    """A block's runs, line by line -> its lines (whitespace squeezed, empty ones dropped), its marks
    as (number, place in the lines joined by one space, style) and its italic spans there.

    A reference alone on a line belongs to the end of the line before (a marker after a break).
    """
    texts: list[str] = []
    marks: list[tuple[int, int, NoteStyle]] = []
    italics: list[tuple[int, int]] = []
    length = 0  # of the lines kept so far, joined by spaces
    for runs in lines:
        numbers = [r for r in runs if isinstance(r, int)]
        parts = [(_PLACE, False) if isinstance(r, int) else (r[0].replace(_PLACE, ""), r[1]) for r in runs]
        text, spans = squeeze(parts)
        places = [i for i, ch in enumerate(text) if ch == _PLACE]
        clean = text.replace(_PLACE, "")
        if not clean.strip():
            marks.extend((number, length, "superscript") for number in numbers)
            continue
        base = length + (1 if texts else 0)
        for k, (place, number) in enumerate(zip(places, numbers, strict=True)):
            marks.append((number, base + place - k, "superscript"))
        for start, end in spans:
            before_start = sum(1 for place in places if place < start)
            before_end = sum(1 for place in places if place < end)
            italics.append((base + start - before_start, base + end - before_end))
        texts.append(clean)
        length = base + len(clean)
    return texts, marks, italics
