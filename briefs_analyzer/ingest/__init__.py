"""Ingestion: one reader per format, all returning the same :class:`Document`.

A reader turns a file into lines of text with their position in the file.  It knows
nothing about notes or sentences; that is :mod:`briefs_analyzer.parse`'s job.
"""

from __future__ import annotations

from pathlib import Path

from briefs_analyzer.ingest.document import Document, Line
from briefs_analyzer.ingest.text import read_text

READERS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}

SUFFIXES = frozenset(READERS)


def read_document(path: Path) -> Document:
    """Read ``path`` with the reader its suffix names (plain text for unknown suffixes)."""
    fmt = READERS.get(path.suffix.lower(), "text")
    return read_text(path, markdown=(fmt == "markdown"))


__all__ = ["SUFFIXES", "Document", "Line", "read_document"]
