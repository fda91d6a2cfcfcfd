"""The reader-neutral form of a file: its lines, with where each stood."""

from __future__ import annotations

from dataclasses import dataclass

from briefs_analyzer.model import Format, Problem


@dataclass(frozen=True)
class Line:
    """One line of the file.  ``offset`` is the index of its first character in the file's text."""

    text: str
    number: int
    offset: int
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A file read into lines, before any parsing."""

    path: str
    sha256: str
    format: Format
    lines: tuple[Line, ...]
    encoding: str
    problems: tuple[Problem, ...] = ()
