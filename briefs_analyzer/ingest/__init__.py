"""Ingestion: one reader per format, all returning the same :class:`Document`.

A reader turns a file into lines of text with their position in the file.  It knows
nothing about notes or sentences; that is :mod:`briefs_analyzer.parse`'s job.  Each reader
is imported when a file of its format is first read (a check of one text brief never loads
the PDF libraries).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.ingest.engines import DEFAULT_ENGINE, ENGINES

if TYPE_CHECKING:
    from briefs_analyzer.ingest.document import Document, Line
    from briefs_analyzer.ingest.pdfchars import PageCallback, PageCount

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
) -> Document:
    """Read ``path`` with the reader its suffix names (plain text for unknown suffixes)."""
    fmt = READERS.get(path.suffix.lower(), "text")
    if fmt == "pdf":
        from briefs_analyzer.ingest.pdf import backend_named, read_pdf

        return read_pdf(path, backend=backend_named(pdf_engine), password=password, on_page=on_page)
    if fmt == "docx":
        from briefs_analyzer.ingest.docx import read_docx

        return read_docx(path)
    if fmt == "html":
        from briefs_analyzer.ingest.html import read_html

        return read_html(path)
    from briefs_analyzer.ingest.text import read_text

    return read_text(path, markdown=(fmt == "markdown"))


_LAZY = {
    "Document": "briefs_analyzer.ingest.document",
    "Line": "briefs_analyzer.ingest.document",
    "PageCallback": "briefs_analyzer.ingest.pdfchars",
    "PageCount": "briefs_analyzer.ingest.pdfchars",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "READERS",
    "SUFFIXES",
    "Document",
    "Line",
    "PageCallback",
    "PageCount",
    "read_document",
]
