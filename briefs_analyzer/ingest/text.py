"""Plain-text and Markdown files: decoding, with a fallback for legacy encodings.

How bytes become text (:func:`decode`):

* a byte-order mark says UTF-8, UTF-16 or UTF-32, and is believed;
* without one, text in UTF-16 is known by its NUL bytes (every other byte of ASCII text is NUL),
  and read as such, with a BA002 warning that the encoding was guessed;
* else the file is UTF-8.  A file that holds valid UTF-8 beyond ASCII but also a few bytes that are
  not (one stray cp1252 quote in a UTF-8 brief) keeps its UTF-8: each bad byte becomes U+FFFD and a
  BA002 warning names the lines.  Decoding the whole file as cp1252 instead read every UTF-8
  character wrongly (a superscript marker became two letters: 2 notes found of 16).  A file with no
  valid UTF-8 beyond ASCII is in a legacy encoding: cp1252 (else latin-1), with a BA002 warning.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from briefs_analyzer.ingest.document import Document, Line, read_bytes
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits
from briefs_analyzer.model import BriefError, Metadata, Problem
from briefs_analyzer.rules import NOT_UTF8

# Bytes that never occur in text: a NUL, or many C0 controls, means a binary file.
_CONTROL = bytes(range(0, 32)).replace(b"\t", b"").replace(b"\n", b"").replace(b"\r", b"").replace(b"\x0c", b"")
_BINARY_SAMPLE = 8192
_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte UTF-8 could not decode, kept by surrogateescape
_BEYOND_ASCII = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")  # a character UTF-8 did decode
_SHOWN_LINES = 5


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in, and where bytes were replaced (positions in ``text``)."""

    text: str
    encoding: str
    replaced: tuple[int, ...] = ()
    guessed: bool = False  # the encoding was inferred without a byte-order mark (UTF-16 by its NULs)


def _utf16_by_nuls(sample: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the NUL bytes fall on one side of each pair, as ASCII in UTF-16 does."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0)
    odd = sample[1 : 2 * pairs : 2].count(0)
    if odd >= 0.4 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _binary(sample: bytes) -> bool:
    return b"\x00" in sample or (bool(sample) and sum(sample.count(bytes([c])) for c in _CONTROL) > len(sample) * 0.05)


def decode_text(data: bytes) -> Decoded:
    """Decode a text file's bytes (see the module's docstring).  Raises :class:`BriefError` for binary data."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(codec, errors="replace"), name)
    sample = data[:_BINARY_SAMPLE]
    utf16 = _utf16_by_nuls(sample)
    if utf16 is not None:
        return Decoded(data[: len(data) // 2 * 2].decode(utf16, errors="replace"), utf16, guessed=True)
    if _binary(sample):
        raise BriefError("binary file, not text (is it a PDF, Word or image file with the wrong suffix?)")
    text = data.decode("utf-8", errors="surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(text)]
    if not bad:
        return Decoded(text, "utf-8")
    if _BEYOND_ASCII.search(text):  # UTF-8 with a few stray bytes: keep the UTF-8, replace the bytes
        return Decoded(_ESCAPED.sub("\ufffd", text), "utf-8", tuple(bad))
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in (see :func:`decode_text`)."""
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def _lines_of(positions: tuple[int, ...], lines: tuple[Line, ...]) -> list[int]:
    """The numbers of the lines that hold these positions of the text, in order, each once."""
    starts = [line.offset for line in lines]
    numbers = (lines[max(bisect_right(starts, p) - 1, 0)].number for p in positions)
    return list(dict.fromkeys(numbers))


def encoding_problems(decoded: Decoded, lines: tuple[Line, ...]) -> tuple[Problem, ...]:
    """The BA002 warning a decoding deserves, if any: the legacy encoding, the guess, or the lines with bad bytes."""
    if decoded.replaced:
        numbers = _lines_of(decoded.replaced, lines)
        shown = ", ".join(map(str, numbers[:_SHOWN_LINES]))
        more = f" and {len(numbers) - _SHOWN_LINES} more" if len(numbers) > _SHOWN_LINES else ""
        count = len(decoded.replaced)
        where = f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"
        return (
            NOT_UTF8.problem(
                template="replaced", count=count, s="" if count == 1 else "s", where=where, line=numbers[0]
            ),
        )
    if decoded.encoding in ("cp1252", "latin-1") or decoded.guessed:
        return (NOT_UTF8.problem(encoding=decoded.encoding),)
    return ()


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
    decoded = decode_text(data)
    text, encoding = decoded.text, decoded.encoding
    lines = split_lines(text)
    problems: tuple[Problem, ...] = encoding_problems(decoded, lines)
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
