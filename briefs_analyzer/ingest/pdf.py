"""PDF briefs: a backend reads characters, :mod:`layout` turns them into lines."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefs_analyzer.ingest.document import Document, read_bytes
from briefs_analyzer.ingest.engines import DEFAULT_ENGINE, ENGINES
from briefs_analyzer.ingest.layout import layout_document
from briefs_analyzer.ingest.pdfchars import PageCallback, PageContent, PdfBackend
from briefs_analyzer.ingest.pdfcover import printed_metadata
from briefs_analyzer.model import BriefError

PDF_MAGIC = b"%PDF-"


def backend_named(name: str = DEFAULT_ENGINE) -> PdfBackend:
    """The PDF backend called ``name`` (``pdfium`` or ``pdfplumber``)."""
    if name == "pdfium":
        from briefs_analyzer.ingest.pdfium_backend import PdfiumBackend

        return PdfiumBackend()
    if name == "pdfplumber":
        from briefs_analyzer.ingest.pdfplumber_backend import PdfplumberBackend

        return PdfplumberBackend()
    raise ValueError(f"unknown PDF engine {name!r}; choose one of {', '.join(ENGINES)}")


def read_pdf(
    path: Path,
    *,
    backend: PdfBackend | None = None,
    password: str | None = None,
    on_page: PageCallback | None = None,
) -> Document:
    """Read a PDF brief into a :class:`Document`.  Raises :class:`BriefError` with a reason a person can act on."""
    data = read_bytes(path)
    if not data:
        raise BriefError("file is empty")
    if PDF_MAGIC not in data[:1024]:
        raise BriefError("not a PDF file (it does not start with %PDF-)")
    backend = backend or backend_named()
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
    layout = layout_document(pages)
    metadata = printed_metadata(
        layout.first_page,
        layout.last_pages,
        backend.info(path, password=password),
        body_size=layout.body_size,
        furniture=layout.furniture,
        signature=layout.signature,
        tail=layout.tail,
    )
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        lines=layout.lines,
        encoding="pdf",
        blocks=layout.blocks,
        notes=layout.notes,
        metadata=metadata,
    )
