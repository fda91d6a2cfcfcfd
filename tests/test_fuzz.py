"""Fuzzing (issue 23): a mutated brief in any format is analysed or refused with a reason, never more.

Each example takes a real brief of one format and damages it (bytes flipped, cut, repeated or
inserted; for a .docx, also the XML inside the zip), then analyses it as a run does: the result is
a brief whose check findings and JSON can be made, or a :class:`BriefError` with a reason; any
other exception would be an "internal error" that costs the file and tells the user nothing.  PDF,
Word and HTML files are read apart (a forked child), as a run reads them, so that a fault in a
native library fails the example instead of ending the test run.

The budget is fixed and the search derandomized: the same examples every run, in a few seconds.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefs_analyzer.check import CHECK_VIEW
from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.model import BriefError
from briefs_analyzer.output import JSON_VIEW, sources_json
from briefs_analyzer.pipeline import default_stages
from briefs_analyzer.views import project
from tests import hostile
from tests.conftest import SEEDS
from tests.zoo import seed_markdown

STAGES = default_stages()
STEM = "004_7a6a544e9fa6e7d1"
SEED_TEXT = (SEEDS / f"{STEM}.txt").read_text(encoding="utf-8")
PARAGRAPHS = [p.strip() for p in SEED_TEXT.split("\n\n") if p.strip()][:24]

# What hostile or damaged briefs hold: markup, note syntax, encodings' marks, controls, odd URLs.
TOKENS = [
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x92",
    b"\xc3",
    b"\r",
    b"\x1b[2J",
    b"\xe2\x80\xae",
    "¹²³".encode(),
    b"[^1]",
    b"[^1]: ",
    b"<sup>1</sup>",
    b"<",
    b"</p>",
    b'<meta charset="base64">',
    b"<!--",
    b"]]>",
    b"&#0;",
    b"&bogus;",
    b"https://example.com[x]/page",
    b"http://[::1",
    b"doi:10.",
    b"Ibid.",
    b"(",
    b"\n\n",
    b"Notes\n",
    b"endobj",
    b"stream\n",
    b"/Count 99999",
    b"/Length 999999",
    b"/Filter /FlateDecode",
    b"%%EOF",
    b"<w:p>",
    b"</w:body>",
    b"<w:t>",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
]


def _html() -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>A brief</title></head>"
        f"<body><article><h1>A brief</h1>{body}"
        "<p>Sanctions were imposed.<sup><a href='#n1'>1</a></sup></p>"
        "<ol class='footnotes'><li id='n1'>A source, https://example.org/a (1998).</li></ol></article></body></html>"
    ).encode()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("A brief", level=1)
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BASES: dict[str, Callable[[], bytes]] = {
    "txt": lambda: SEED_TEXT.encode(),
    "md": lambda: seed_markdown(STEM)[0].encode(),
    "html": _html,
    "docx": _docx,
    "pdf": lambda: hostile.pdf_pages(2, "Sanctions were imposed in 1998. They hurt the economy of the region. " * 4),
}
_CACHE: dict[str, bytes] = {}


def base(fmt: str) -> bytes:
    if fmt not in _CACHE:
        _CACHE[fmt] = BASES[fmt]()
    return _CACHE[fmt]


# One edit: (kind, where as a fraction of the data, a token or random bytes, a length).
EDITS = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=12)),
    st.integers(min_value=1, max_value=400),
)


def mutate(data: bytes, edits: list[tuple[str, float, bytes, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, payload, length in edits:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[at] ^= payload[0] or 0xFF
        elif kind == "insert":
            out[at:at] = payload
        elif kind == "delete":
            del out[at : at + length]
        elif kind == "repeat":
            out[at:at] = out[at : at + length] * 3
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


def mutate_docx_xml(data: bytes, edits: list[tuple[str, float, bytes, int]]) -> bytes:
    """The .docx with its document.xml damaged, the zip itself intact."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = mutate(content, edits)
            target.writestr(info.filename, content)
    return out.getvalue()


def analysed_or_refused(path: Path) -> None:
    try:
        brief = analyze_file(path, STAGES, apart=True)
    except BriefError as exc:
        assert str(exc) and "\n" not in str(exc).strip(), repr(exc)
        return
    project(brief, CHECK_VIEW)
    CHECK_VIEW.dumps(CHECK_VIEW.make(brief))
    JSON_VIEW.dumps(JSON_VIEW.make(brief))
    orjson.dumps(sources_json([brief]))


FUZZ = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("fmt", list(BASES))
@FUZZ
@given(edits=st.lists(EDITS, min_size=1, max_size=6))
def test_a_mutated_brief_is_analysed_or_refused(
    tmp_path: Path, fmt: str, edits: list[tuple[str, float, bytes, int]]
) -> None:
    path = tmp_path / f"brief.{fmt}"
    path.write_bytes(mutate(base(fmt), edits))
    analysed_or_refused(path)


@FUZZ
@given(edits=st.lists(EDITS, min_size=1, max_size=6))
def test_a_docx_with_damaged_xml_is_analysed_or_refused(
    tmp_path: Path, edits: list[tuple[str, float, bytes, int]]
) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(mutate_docx_xml(base("docx"), edits))
    analysed_or_refused(path)


def test_the_bases_are_briefs(tmp_path: Path) -> None:
    """The fuzz starts from files that read: a base that failed would test only the refusal."""
    for fmt in BASES:
        path = tmp_path / f"brief.{fmt}"
        path.write_bytes(base(fmt))
        brief = analyze_file(path, STAGES, apart=True)
        assert brief.sentences, fmt
