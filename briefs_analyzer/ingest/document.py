"""The reader-neutral form of a file: its lines, with where each stood."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefs_analyzer.model import BriefError, Format, Problem


def read_bytes(path: Path) -> bytes:
    """The file's bytes; :class:`BriefError` with a reason a person can act on if it cannot be read."""
    try:
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise BriefError("is a directory, not a file") from exc
    except PermissionError as exc:
        raise BriefError("permission denied") from exc
    except OSError as exc:
        raise BriefError(exc.strerror or str(exc)) from exc


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
