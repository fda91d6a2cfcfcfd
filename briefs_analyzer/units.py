"""The units the parser builds a brief from: paragraphs, headings and other regions, with raw markers.

Both ways into the parser produce them: :mod:`briefs_analyzer.textlines` infers them from the lines
of a plain-text or Markdown file, :mod:`briefs_analyzer.parse` takes them from a structured
document's typed blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefs_analyzer.mapped import MappedText
from briefs_analyzer.model import NoteStyle
from briefs_analyzer.patterns import CLOSING_PUNCT, TERMINAL_PUNCT


@dataclass(frozen=True)
class RawMarker:
    """A note reference before claims exist: its number and the coordinate position it stood at."""

    number: int
    origin: int
    style: NoteStyle


@dataclass
class Paragraph:
    text: MappedText
    markers: list[RawMarker]
    notes_after: bool = False  # a block of notes (or a page break) came after it
    is_item: bool = False  # an item of a list (a bullet's text may be a fragment, and still a claim)

    @property
    def is_open(self) -> bool:
        """Does the paragraph stop mid-sentence?"""
        tail = self.text.text.rstrip().rstrip(CLOSING_PUNCT)
        return bool(tail) and not tail.endswith(tuple(TERMINAL_PUNCT))


@dataclass(frozen=True)
class Heading:
    text: MappedText
    level: int
    line: int
    markers: tuple[RawMarker, ...] = ()  # a note on a heading backs the section's first claim


@dataclass(frozen=True)
class Other:
    """A block that gives no claims (table, figure, caption, contents, cover ...); its markers still count."""

    kind: str
    text: str
    origin: int
    markers: tuple[RawMarker, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()


@dataclass
class NoteDraft:
    number: int
    style: NoteStyle
    origin: int
    parts: list[str] = field(default_factory=list)
    line: int | None = None  # where problems point, when not the line of ``origin``
    italics: tuple[tuple[int, int], ...] = ()


Unit = Paragraph | Heading | Other
