"""PDF briefs: a backend reads characters, :mod:`layout` turns them into lines."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefs_analyzer.ingest.document import Document
from briefs_analyzer.ingest.layout import layout_document
from briefs_analyzer.ingest.pdfchars import PageCallback, PageContent, PdfBackend
from briefs_analyzer.model import BriefError

PDF_MAGIC = b"%PDF-"


def default_backend() -> PdfBackend:
    from briefs_analyzer.ingest.pdfplumber_backend import PdfplumberBackend

    return PdfplumberBackend()


def read_pdf(
    path: Path,
    *,
    backend: PdfBackend | None = None,
    password: str | None = None,
    on_page: PageCallback | None = None,
) -> Document:
    """Read a PDF brief into a :class:`Document`.  Raises :class:`BriefError` with a reason a person can act on."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefError(exc.strerror or str(exc)) from exc
    if not data:
        raise BriefError("file is empty")
    if PDF_MAGIC not in data[:1024]:
        raise BriefError("not a PDF file (it does not start with %PDF-)")
    backend = backend or default_backend()
    pages: list[PageContent] = []
    has_text = False
    for page in backend.pages(path, password=password):
        has_text = has_text or any(c.text.strip() for c in page.chars)
        pages.append(page)
        if on_page is not None:
            on_page(page.number, 0)
    if not pages:
        raise BriefError("not a valid PDF (it has no pages)")
    if not has_text:
        raise BriefError("no text layer; run OCR first (the PDF holds only images)")
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        lines=layout_document(pages),
        encoding="pdf",
    )
