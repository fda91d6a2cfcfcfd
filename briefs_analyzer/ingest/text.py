"""Plain-text and Markdown files: decoding, with a fallback for legacy encodings."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefs_analyzer.ingest.document import Document, Line, read_bytes
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits
from briefs_analyzer.model import BriefError, Metadata, Problem

# Bytes that never occur in text: a NUL, or many C0 controls, means a binary file.
_CONTROL = bytes(range(0, 32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\x0c", b"")
_BINARY_SAMPLE = 8192


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), else cp1252, else latin-1.

    Returns the text and the encoding used.  Raises :class:`BriefError` for binary data.
    """
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample or (sample and sum(sample.count(bytes([c])) for c in _CONTROL) > len(sample) * 0.05):
        raise BriefError("binary file, not text (is it a PDF, Word or image file with the wrong suffix?)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def split_lines(text: str) -> tuple[Line, ...]:
    """Split text into :class:`Line` objects, keeping each line's offset (any newline convention)."""
    lines = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        lines.append(Line(text=body, number=number, offset=offset))
        offset += len(raw)
    return tuple(lines)


def read_text(path: Path, *, markdown: bool = False, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a ``.txt`` or ``.md`` brief into a :class:`Document`."""
    data = read_bytes(path, limits)
    if not data.strip():
        raise BriefError("file is empty")
    text, encoding = decode(data)
    problems: tuple[Problem, ...] = ()
    if encoding != "utf-8":
        problems = (
            Problem(
                code="BA002",
                name="not-utf8",
                severity="warning",
                message=f"file is not UTF-8; decoded as {encoding}",
            ),
        )
    lines = split_lines(text)
    metadata = Metadata()
    if markdown:
        from briefs_analyzer.ingest.markdown import front_matter, header
        from briefs_analyzer.metadata import merge_metadata

        taken, yaml_md, found = front_matter(lines)
        lines = lines[taken:]  # front matter is never body text
        header_md, more = header(lines)
        metadata = merge_metadata(yaml_md, header_md)
        problems = (*problems, *found, *more)
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="markdown" if markdown else "text",
        lines=lines,
        encoding=encoding,
        problems=problems,
        metadata=metadata,
    )
