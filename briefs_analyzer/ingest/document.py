"""The reader-neutral form of a file: its lines, with where each stood."""

from __future__ import annotations

from dataclasses import dataclass

from briefs_analyzer.model import Format, Problem


@dataclass(frozen=True)
class Line:
    """One line of the file.  ``offset`` is the index of its first character in the file's text.

    Layout-aware readers (PDF) add hints: ``role`` is ``"heading"`` or ``"title"`` for a
    line set as one, and ``glue`` joins the line to the one before without a space (a
    hyphenated word broken across lines, its hyphen already removed).  For a PDF,
    ``number`` is the line's position on its ``page``.
    """

    text: str
    number: int
    offset: int
    page: int | None = None
    role: str | None = None
    glue: bool = False


@dataclass(frozen=True)
class Document:
    """A file read into lines, before any parsing."""

    path: str
    sha256: str
    format: Format
    lines: tuple[Line, ...]
    encoding: str
    problems: tuple[Problem, ...] = ()
