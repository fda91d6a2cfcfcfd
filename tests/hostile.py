"""Adversarial fixtures, made in the test that needs them (never big binary files in git).

Zip bombs are written member by member through ``zipfile``'s streaming writer, so a file that
unpacks to hundreds of megabytes never exists unpacked, in memory or on disk.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import docx

_CHUNK = 1 << 20
_DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>A brief that unpacks to far more than it holds.</w:t></w:r></w:p>"
)
_DOCUMENT_TAIL = b"</w:body></w:document>"


def small_docx(text: str = "Sanctions were imposed in 1998. They hurt.") -> bytes:
    """A real .docx (python-docx) with one paragraph."""
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(path: Path, unpacked: int, unit: bytes = b"<w:p/>") -> None:
    """A .docx whose ``word/document.xml`` unpacks to about ``unpacked`` bytes of ``unit`` (empty
    paragraphs), the other parts those of a real document."""
    with zipfile.ZipFile(io.BytesIO(small_docx())) as source, zipfile.ZipFile(path, "w") as bomb:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                continue
            bomb.writestr(info, source.read(info))
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(info, "w", force_zip64=True) as member:
            member.write(_DOCUMENT_HEAD)
            block = unit * (_CHUNK // len(unit))
            for _ in range(max(1, unpacked // len(block))):
                member.write(block)
            member.write(_DOCUMENT_TAIL)


# --- PDFs, written object by object --------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1-based), with a correct cross-reference table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes, *, deflate: bool = False) -> bytes:
    if deflate:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_with_text(text: str = "Sanctions were imposed in 1998. They hurt.") -> bytes:
    """A one-page PDF with a line of text."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents 4 0 R >>",
            _stream(content),
            _FONT,
        ]
    )


def pdf_one_page_many_times(times: int) -> bytes:
    """A page tree that names one page ``times`` times: a small file that is ``times`` pages long."""
    kids = b" ".join([b"3 0 R"] * times)
    content = b"BT /F1 12 Tf 72 720 Td (The same page, again.) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % times,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents 4 0 R >>",
            _stream(content),
            _FONT,
        ]
    )


def pdf_pages(count: int, text: str = "A page of text.") -> bytes:
    """A PDF of ``count`` distinct pages, each with ``text`` (up to a few hundred characters) on a few lines."""
    lines = [text[i : i + 90] for i in range(0, len(text), 90)]
    shows = b" ".join(b"(" + line.encode("latin-1") + b") Tj 0 -14 Td" for line in lines)
    content = b"BT /F1 10 Tf 72 720 Td " + shows + b" ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        _stream(content),
        _FONT,
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 3 0 R >>"
    ] * count
    return _pdf(objects)


def pdf_flate_bomb(unpacked: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``unpacked`` bytes of text-showing operators."""
    line = b"BT /F1 12 Tf 72 720 Td (bomb bomb bomb bomb bomb bomb bomb bomb) Tj ET\n"
    compressor = zlib.compressobj(9)
    block = line * (_CHUNK // len(line))
    parts = [compressor.compress(block) for _ in range(max(1, unpacked // len(block)))]
    data = b"".join(parts) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents 4 0 R >>",
            stream,
            _FONT,
        ]
    )
