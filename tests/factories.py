"""Small helpers that build briefs from literal text in tests."""

from __future__ import annotations

import hashlib

from briefs_analyzer.ingest.document import Document
from briefs_analyzer.ingest.text import split_lines
from briefs_analyzer.model import Brief
from briefs_analyzer.parse import parse


def brief_from(text: str, *, markdown: bool = False) -> Brief:
    """Parse ``text`` as if it had been read from a .txt (or .md) file."""
    doc = Document(
        path="test.md" if markdown else "test.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="markdown" if markdown else "text",
        lines=split_lines(text),
        encoding="utf-8",
    )
    return parse(doc)


def codes(brief: Brief) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in brief.problems]
