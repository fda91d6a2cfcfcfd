"""Ingestion: one reader per format, all returning the same :class:`Document`.

A reader turns a file into lines of text with their position in the file.  It knows
nothing about notes or sentences; that is :mod:`briefs_analyzer.parse`'s job.
"""

from __future__ import annotations

from pathlib import Path

from briefs_analyzer.ingest.document import Document, Line
from briefs_analyzer.ingest.docx import read_docx
from briefs_analyzer.ingest.html import read_html
from briefs_analyzer.ingest.pdf import DEFAULT_ENGINE, ENGINES, backend_named, read_pdf
from briefs_analyzer.ingest.pdfchars import PageCallback, PageCount
from briefs_analyzer.ingest.text import read_text
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits, check_count

READERS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}

SUFFIXES = frozenset(READERS)


def read_document(
    path: Path,
    *,
    password: str | None = None,
    on_page: PageCallback | None = None,
    pdf_engine: str = DEFAULT_ENGINE,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Read ``path`` with the reader its suffix names (plain text for unknown suffixes), within ``limits``
    (:class:`~briefs_analyzer.limits.LimitExceeded`, a :class:`BriefError`, names the one a file is over)."""
    fmt = READERS.get(path.suffix.lower(), "text")
    if fmt == "pdf":
        document = read_pdf(path, backend=backend_named(pdf_engine), password=password, on_page=on_page, limits=limits)
    elif fmt == "docx":
        document = read_docx(path, limits=limits)
    elif fmt == "html":
        document = read_html(path, limits=limits)
    else:
        document = read_text(path, markdown=(fmt == "markdown"), limits=limits)
    chars = sum(len(line.text) for line in document.lines) + sum(len(note.text) for note in document.notes)
    check_count("characters of text", chars, limits.max_chars, "max_chars")
    return document


__all__ = ["ENGINES", "SUFFIXES", "Document", "Line", "PageCallback", "PageCount", "read_document"]
