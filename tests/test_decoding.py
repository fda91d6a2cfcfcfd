"""Decoding (issue 23): a few bad bytes cost those bytes, not the file; UTF-16 is text; a page's
charset that names no text encoding is ignored with a warning, never an internal error."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from briefs_analyzer.ingest.text import decode_text
from briefs_analyzer.model import Brief, BriefError

# A UTF-8 brief whose notes are marked with superscript digits, which a latin-1 reading garbles.
BRIEF = (
    "SANCTIONS AND THE REGION\n\nBy\n\nJane Doe\n\n"
    "The sanctions were imposed in 1998.¹ They were lifted in 2004.² Trade recovered within a year.³\n"
    "The region’s exports doubled by 2010.⁴\n\n"
    "Notes\n\n"
    "¹ United Nations, Security Council Resolution 1160 (1998).\n"
    "² Jane Doe, “Lifting Sanctions,” Foreign Affairs 83, no. 2 (2004): 10–25.\n"
    "³ World Bank, World Development Indicators (Washington, DC: World Bank, 2006).\n"
    "⁴ Eurostat, Trade Statistics 2010 (Luxembourg: Eurostat, 2011).\n"
)


def analyze(path: Path) -> Brief:
    from briefs_analyzer.corpus import analyze_file
    from briefs_analyzer.pipeline import default_stages

    return analyze_file(path, default_stages())


def test_one_stray_byte_in_a_utf8_brief_costs_that_byte_not_the_file(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(BRIEF, encoding="utf-8")
    stray = tmp_path / "stray.txt"
    # a cp1252 apostrophe (0x92) pasted into line 8 of a UTF-8 file
    stray.write_bytes(BRIEF.replace("region’s", "region\x00s").encode("utf-8").replace(b"\x00", b"\x92"))
    good, bad = analyze(clean), analyze(stray)
    assert bad.encoding == "utf-8"
    assert len(bad.notes) == len(good.notes) == 4  # a whole-file cp1252 reading found none
    assert [n.text for n in bad.notes] == [n.text for n in good.notes]
    assert [(p.code, p.message, p.line) for p in bad.problems if p.code == "BA002"] == [
        ("BA002", "file is not valid UTF-8: 1 byte replaced with U+FFFD (line 8)", 8)
    ]
    assert not [p for p in bad.problems if p.code == "BA101"]
    assert "region\ufffds" in bad.body


def test_the_warning_names_the_lines_and_counts_the_bytes() -> None:
    data = "é\nok\n\x00\n\x00\x00\n".encode().replace(b"\x00", b"\xff")
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8" and len(decoded.replaced) == 3
    assert decoded.text == "é\nok\n\ufffd\n\ufffd\ufffd\n"


def test_a_legacy_file_is_still_read_as_cp1252() -> None:
    decoded = decode_text("The “sanctions” – lifted.".encode("cp1252"))
    assert (decoded.encoding, decoded.text, decoded.replaced) == ("cp1252", "The “sanctions” – lifted.", ())


@pytest.mark.parametrize(
    ("data", "encoding", "warned"),
    [
        (codecs.BOM_UTF8 + BRIEF.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF16_LE + BRIEF.encode("utf-16-le"), "utf-16", False),
        (codecs.BOM_UTF16_BE + BRIEF.encode("utf-16-be"), "utf-16", False),
        (BRIEF.encode("utf-16-le"), "utf-16-le", True),  # no mark: known by its NUL bytes, and said so
        (BRIEF.encode("utf-16-be"), "utf-16-be", True),
        (codecs.BOM_UTF32_LE + BRIEF.encode("utf-32-le"), "utf-32", False),
    ],
    ids=["utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32le-bom"],
)
def test_unicode_encodings_are_text_not_binary(tmp_path: Path, data: bytes, encoding: str, warned: bool) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(data)
    brief = analyze(path)
    assert brief.encoding == encoding
    assert len(brief.notes) == 4
    assert brief.metadata.title is not None and brief.metadata.title.startswith("S")  # no byte-order mark left
    assert brief.body.startswith("The sanctions were imposed in 1998.")
    assert any(p.code == "BA002" for p in brief.problems) == warned


def test_binary_data_is_still_refused() -> None:
    with pytest.raises(BriefError, match="binary file"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


PAGE = (
    "<html><head>{meta}<title>Sanctions</title></head><body><article><h1>Sanctions and the region</h1>"
    "<p>The sanctions were imposed in 1998 – and lifted in 2004.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="base64">',
        '<meta http-equiv="Content-Type" content="text/html; charset=rot13">',
        '<meta charset="hex">',
        '<meta charset="zlib">',
    ],
)
def test_a_charset_that_is_no_text_encoding_is_ignored_with_a_warning(tmp_path: Path, meta: str) -> None:
    (tmp_path / "good.txt").write_text(BRIEF, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(meta=meta).encode("utf-8"))
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--no-cache", "--model", "", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    declared = meta.split("charset=")[1].strip('">')
    assert result.stderr == (
        f"warning: {page}: the page declares the charset {declared!r}, not a text encoding; decoded as utf-8\n"
    )
    brief = analyze(page)
    assert "The sanctions were imposed in 1998 – and lifted in 2004." in brief.body


def test_a_page_with_a_stray_byte_keeps_its_utf8(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(meta="").encode("utf-8").replace(b"lifted", b"lif\x92ted"))
    brief = analyze(page)
    assert brief.encoding == "utf-8"
    assert "The sanctions were imposed in 1998 – and lif\ufffdted in 2004." in brief.body
    assert [p.message for p in brief.problems if p.code == "BA002"] == [
        "file is not valid UTF-8: 1 byte replaced with U+FFFD (line 1)"
    ]
