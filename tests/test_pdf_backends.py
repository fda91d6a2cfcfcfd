"""The two PDF backends read alike: pdfplumber (pdfminer) and PDFium (pypdfium2).

On the seed PDFs and on every real CRS and GAO report, both give the same notes (number, text
modulo whitespace, page), markers (number, page, the claim they sit in) and claims (text,
markers); bad PDFs get the same reasons.  The character-level tests pin down what makes the
layout analysis read PDFium's characters like pdfminer's: the em box, the size at which text is
drawn, spaces drawn on their own, hyphens at line ends, rotated pages, rules.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path
from typing import NamedTuple

import pytest
import reportlab  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from briefs_analyzer.ingest.pdf import read_pdf
from briefs_analyzer.ingest.pdfchars import Char, PageContent, PdfBackend
from briefs_analyzer.ingest.pdfium_backend import PdfiumBackend
from briefs_analyzer.ingest.pdfplumber_backend import PdfplumberBackend
from briefs_analyzer.model import Brief, BriefError
from briefs_analyzer.parse import parse
from tests.conftest import CORPUS_REAL, SEED_STEMS
from tests.pdf_fixtures import seed_pdfs
from tests.test_pdf import make_pdf

REAL_PDFS = sorted(p.name for p in CORPUS_REAL.glob("*.pdf")) if CORPUS_REAL.is_dir() else []
PLUMBER, PDFIUM = PdfplumberBackend(), PdfiumBackend()

# pdfminer leaves the codes that WinAnsiEncoding does not define unread, as "(cid:127)"; the PDF
# standard (ISO 32000-1, Annex D, note 6) maps them to the bullet, as PDFium does.  The GAO
# reports draw their bullets so; the comparison reads pdfplumber's placeholder as the bullet.
UNREAD_BULLET = "(cid:127)"


class Reading(NamedTuple):
    notes: list[tuple[int, str, int | None]]  # number, text without whitespace, page
    markers: list[tuple[int, int | None, str]]  # number, page, text of its sentence (the claim)
    claims: list[tuple[str, tuple[int, ...]]]  # sentences with markers: text, markers


def reading(brief: Brief) -> Reading:
    sentences = {s.id: s.text for s in brief.sentences}
    return Reading(
        notes=[(n.number, "".join(n.text.split()), n.page) for n in brief.notes],
        markers=[(m.number, m.page, sentences[m.sentence]) for m in brief.markers],
        claims=[(s.text, s.markers) for s in brief.sentences if s.markers],
    )


def read_with(path: Path, backend: PdfBackend) -> Reading:
    return reading(parse(read_pdf(path, backend=backend)))


# --- the seed PDFs and the real reports ----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return seed_pdfs(tmp_path_factory.mktemp("seed-pdfs"))


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_pdfs_read_alike(seed_paths: dict[str, Path], stem: str) -> None:
    plumber = read_with(seed_paths[stem], PLUMBER)
    pdfium = read_with(seed_paths[stem], PDFIUM)
    assert len(plumber.notes) >= 10 and len(plumber.markers) >= 10 and len(plumber.claims) >= 9
    assert pdfium.notes == plumber.notes
    assert pdfium.markers == plumber.markers
    assert pdfium.claims == plumber.claims


def test_the_real_corpus_is_all_there() -> None:
    assert len(REAL_PDFS) == 23


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_PDFS)
def test_real_pdfs_read_alike(name: str) -> None:
    plumber = read_with(CORPUS_REAL / name, PLUMBER)
    pdfium = read_with(CORPUS_REAL / name, PDFIUM)
    assert pdfium.notes == plumber.notes
    assert pdfium.markers == plumber.markers
    assert pdfium.claims == plumber.claims


def test_bullets_pdfminer_leaves_unread_are_read_as_bullets() -> None:
    """WinAnsi code 127 is a bullet: without it the GAO report's bulleted claims would split differently."""
    path = CORPUS_REAL / "gao-06-282-infant-formula-marketing-wic.pdf"
    plumber, pdfium = read_with(path, PLUMBER), read_with(path, PDFIUM)
    # In reading order: the letter's note, the slides' notes 1-18, the appendix's notes 1-2.
    assert [n for n, _, _ in plumber.notes] == [1, *range(1, 19), 1, 2]
    assert len(plumber.claims) == 21  # the slides' note 1 is cited from a slide's bullet (page 12)
    assert not any(UNREAD_BULLET in text or "•" in text for text, _ in plumber.claims)
    assert plumber.claims[1] == (
        "The U.S. would save at least $3.6 billion in direct and indirect health care costs if breastfeeding "
        "rates met federal Healthy People goals (USDA).",
        (1,),
    )
    assert plumber.claims[2] == (
        "WIC: Started in 1972, WIC provides free food to improve the health and nutritional wellbeing of "
        "low-income women, infants, and young children.",
        (2,),
    )
    # A bulleted item is a claim of its own, without its bullet.
    assert ("Hispanic, compared to non-Hispanic (WIC only)", (7,)) in plumber.claims
    assert plumber == pdfium


# --- bad PDFs ------------------------------------------------------------------------------------


def locked(path: Path) -> Path:
    return make_pdf(path, encrypt="secret")


def cut(path: Path) -> Path:
    path.write_bytes(make_pdf(path).read_bytes()[:400])
    return path


def reason(path: Path, backend: PdfBackend, password: str | None = None) -> str:
    with pytest.raises(BriefError) as caught:
        read_pdf(path, backend=backend, password=password)
    return str(caught.value)


@pytest.mark.parametrize(
    ("make", "password", "expected"),
    [
        (locked, None, "encrypted PDF: it needs a password (give it with --password)"),
        (locked, "wrong", "encrypted PDF: the password given with --password is wrong"),
        (lambda p: make_pdf(p, image_only=True), None, "no text layer; run OCR first (the PDF holds only images)"),
        (cut, None, "not a valid PDF (truncated or corrupt): "),
        (lambda p: p.write_text("just text", encoding="utf-8"), None, "not a PDF file (it does not start with %PDF-)"),
    ],
    ids=["locked", "wrong-password", "image-only", "truncated", "not-a-pdf"],
)
def test_bad_pdfs_get_the_same_reason(tmp_path: Path, make: object, password: str | None, expected: str) -> None:
    path = tmp_path / "bad.pdf"
    make(path)  # type: ignore[operator]
    plumber, pdfium = reason(path, PLUMBER, password), reason(path, PDFIUM, password)
    assert plumber.startswith(expected)
    assert pdfium.startswith(expected)
    # Past the colon, each library says what it found; the reason itself is the same.
    assert pdfium.split(":")[0] == plumber.split(":")[0]


def test_encrypted_pdf_with_its_password(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", encrypt="secret")
    assert read_pdf(path, backend=PDFIUM, password="secret").lines == read_pdf(path, password="secret").lines


# --- characters ----------------------------------------------------------------------------------


def visible(page: PageContent) -> list[Char]:
    return [c for c in page.chars if c.text.strip()]


def assert_same_chars(plumber: PageContent, pdfium: PageContent, tolerance: float = 0.01) -> None:
    """Every visible char of pdfplumber's has its twin in PDFium's (same text, box within ``tolerance``)."""
    assert (pdfium.width, pdfium.height) == pytest.approx((plumber.width, plumber.height))
    mine, theirs = visible(pdfium), visible(plumber)
    assert sorted(c.text for c in mine) == sorted(c.text for c in theirs)
    for b in theirs:
        a = min((c for c in mine if c.text == b.text), key=lambda c: abs(c.x0 - b.x0) + abs(c.top - b.top))
        mine.remove(a)
        assert a.size == pytest.approx(b.size, abs=tolerance), (a, b)
        assert (a.x0, a.x1, a.top, a.bottom) == pytest.approx((b.x0, b.x1, b.top, b.bottom), abs=tolerance), (a, b)
        assert ("Bold" in a.fontname) == ("Bold" in b.fontname)
    assert len(pdfium.rules) == len(plumber.rules)
    for a_rule, b_rule in zip(sorted(pdfium.rules), sorted(plumber.rules), strict=True):
        assert tuple(a_rule) == pytest.approx(tuple(b_rule), abs=tolerance)


def test_chars_are_pdfminers_em_boxes(seed_paths: dict[str, Path]) -> None:
    """Text, size, box and rules of every character of a seed PDF, to a hundredth of a point."""
    path = seed_paths[SEED_STEMS[0]]
    pages = list(zip(PLUMBER.pages(path), PDFIUM.pages(path), strict=True))
    assert len(pages) == 3
    for plumber, pdfium in pages:
        assert_same_chars(plumber, pdfium)
    markers = [c for _, page in pages for c in page.chars if c.size == pytest.approx(7.0)]
    assert markers and all(c.bottom - c.top == pytest.approx(7.0) for c in markers)


def test_size_is_the_drawn_size() -> None:
    """A GAO report sets its text at size 1 scaled by the text matrix: the size is the scaled one."""
    page = next(PDFIUM.pages(CORPUS_REAL / "gao-08-587t-gao-act-of-2007-testimony.pdf"))
    sizes = {round(c.size, 2) for c in page.chars if c.text.strip()}
    assert 1.0 not in sizes
    assert max(sizes) > 10
    assert all(c.bottom - c.top == pytest.approx(c.size) for c in page.chars)


def draw_rotated(path: Path, rotation: int) -> Path:
    """One page turned by /Rotate, its text drawn so that it reads upright as displayed."""
    # reportlab turns the media box itself for 90 and 270 degrees: the page is shown 612 x 792 always.
    user_w, user_h = (792.0, 612.0) if rotation in (90, 270) else (612.0, 792.0)
    shown_w, shown_h = 612.0, 792.0
    # shown (bottom-up) -> user space, the inverse of the turn a viewer applies
    matrices = {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, 1, -1, 0, user_w, 0),
        180: (-1, 0, 0, -1, user_w, user_h),
        270: (0, -1, 1, 0, 0, user_h),
    }
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.setPageRotation(rotation)
    canvas.transform(*matrices[rotation])
    canvas.setFont("Times-Roman", 11)
    canvas.drawString(72, shown_h - 100, "Sanctions were imposed in 1998.")
    canvas.setFont("Times-Roman", 7)
    canvas.drawString(72 + canvas.stringWidth("Sanctions were imposed in 1998.", "Times-Roman", 11), shown_h - 96, "1")
    canvas.line(72, 120, 216, 120)
    canvas.setFont("Times-Bold", 9)
    canvas.drawString(72, 100, "1 A source, 1998.")
    canvas.drawString(shown_w - 200, 100, "right edge")
    canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_pages_read_as_displayed(tmp_path: Path, rotation: int) -> None:
    path = draw_rotated(tmp_path / f"turned-{rotation}.pdf", rotation)
    (plumber,), (pdfium,) = list(PLUMBER.pages(path)), list(PDFIUM.pages(path))
    assert (pdfium.width, pdfium.height) == (612.0, 792.0)
    assert_same_chars(plumber, pdfium)
    first = visible(pdfium)[0]
    assert first.text == "S"
    assert (first.x0, first.bottom) == pytest.approx((72.0, 100 + 11 * 0.217), abs=0.01)
    doc = read_pdf(path, backend=PDFIUM)
    assert [(b.text, [m.number for m in b.marks]) for b in doc.blocks or ()] == [
        ("Sanctions were imposed in 1998.", [1])
    ]
    # "right edge" stands at the right edge of the page as shown, on the note's row: a line of the note zone.
    assert [(n.number, n.text) for n in doc.notes] == [(1, "A source, 1998.\nright edge")]


def test_turned_text_gets_pdfminers_box(tmp_path: Path) -> None:
    """Text drawn at 90 and 45 degrees (chart labels): the em box turned, its height the size."""
    path = tmp_path / "labels.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.setFont("Helvetica", 9)
    for angle, x in ((90, 100), (45, 300)):
        canvas.saveState()
        canvas.translate(x, 400)
        canvas.rotate(angle)
        canvas.drawString(0, 0, "1978 2005")
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    (plumber,), (pdfium,) = list(PLUMBER.pages(path)), list(PDFIUM.pages(path))
    assert_same_chars(plumber, pdfium)
    # At 90 degrees the box's height is the advance; at 45, advance and font size share it.
    assert {round(c.size, 2) for c in pdfium.chars if c.text == "1"} == {5.0, round((5.004 + 9) / 2**0.5, 2)}


def test_a_space_drawn_on_its_own_is_kept(tmp_path: Path) -> None:
    """PDFium's text page skips a text object of no width (a lone space); the backend puts it back."""
    path = tmp_path / "space.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.setFont("Times-Roman", 11)
    word = "Nations’"
    width = canvas.stringWidth(word, "Times-Roman", 11)
    canvas.drawString(72, 700, word)
    canvas.drawString(72 + width - 0.8, 700, " ")  # overlapping the apostrophe, as in a CRS report
    canvas.drawString(72 + width + 1.9, 700, "specialized agency.")  # a gap too narrow to read as a space
    canvas.showPage()
    canvas.save()
    (pdfium,) = list(PDFIUM.pages(path))
    spaces = sorted((c for c in pdfium.chars if c.text == " "), key=lambda c: c.x0)
    assert [(round(c.x0, 2), round(c.x1 - c.x0, 2)) for c in spaces] == [
        (round(72 + width - 0.8, 2), round(0.25 * 11, 2)),
        (round(72 + width + 1.9 + canvas.stringWidth("specialized", "Times-Roman", 11), 2), 2.75),
    ]
    for backend in (PLUMBER, PDFIUM):
        lines = [ln.text for ln in read_pdf(path, backend=backend).lines if ln.text]
        assert lines == ["Nations’ specialized agency."], backend.name


def test_hyphen_at_a_line_end_stays_a_hyphen(tmp_path: Path) -> None:
    """PDFium marks a hyphen ending a line with a control code; the content holds a hyphen."""
    path = tmp_path / "hyphen.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.setFont("Times-Roman", 11)
    canvas.drawString(72, 700, "an impor-")
    canvas.drawString(72, 686, "tant point.")
    canvas.showPage()
    canvas.save()
    (page,) = list(PDFIUM.pages(path))
    assert "".join(c.text for c in page.chars) == "an impor-tant point."
    assert [ln.text for ln in read_pdf(path, backend=PDFIUM).lines if ln.text] == ["an impor", "tant point."]


def test_memory_stays_bounded_over_five_hundred_pages(tmp_path: Path) -> None:
    """Every page and text page is closed as soon as it is read: reading again costs no memory."""
    path = make_pdf(tmp_path / "long.pdf", pages=500)

    def resident_mb() -> float:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    counts, sizes = [], []
    for _ in range(3):
        counts.append(sum(1 for _ in PDFIUM.pages(path)))
        sizes.append(resident_mb())
    assert counts == [500, 500, 500]
    assert sizes[2] - sizes[0] < 4.0, sizes  # unclosed pages would hold ~17 MB per reading


def test_a_partly_read_document_is_closed(tmp_path: Path) -> None:
    """Leaving the pages unread (an error in the layout, a Ctrl-C) still closes the document."""
    path = make_pdf(tmp_path / "three.pdf", pages=3)

    def held() -> bool:  # PDFium keeps the file open while the document is
        fds = Path("/proc/self/fd")
        return any(os.path.realpath(fd) == str(path.resolve()) for fd in fds.iterdir() if fd.exists())

    pages = PDFIUM.pages(path)
    assert isinstance(pages, Generator)
    assert next(pages).number == 1
    assert held()
    pages.close()
    assert not held()
    assert [page.number for page in PDFIUM.pages(path)] == [1, 2, 3]
    assert not held()


def one_page_pdf(path: Path, content: bytes, to_unicode: dict[str, str] | None = None) -> Path:
    """A PDF of one page whose content stream is ``content`` (font /F1 is Helvetica).

    ``to_unicode`` maps characters of the content to the text they stand for (a ToUnicode CMap),
    as a font's ligature glyph maps to "ff".
    """
    pairs = b"".join(
        b"<%02X> <%s> " % (ord(k), v.encode("utf-16-be").hex().encode()) for k, v in (to_unicode or {}).items()
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /M def"
        b" 1 begincodespacerange <00> <FF> endcodespacerange %d beginbfchar %sendbfchar"
        b" endcmap CMapName currentdict /CMap defineresource pop end end" % (len(to_unicode or {}), pairs)
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding%s >>"
        % (b" /ToUnicode 6 0 R" if to_unicode else b""),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_spaces_pdfium_makes_up_are_left_out(tmp_path: Path) -> None:
    """A narrow kerning gap is no word space: PDFium puts a space there, the content has none."""
    path = one_page_pdf(tmp_path / "kerned.pdf", b"BT /F1 11 Tf 72 700 Td [(Hello) -150 (World.)] TJ ET")
    (pdfium,) = list(PDFIUM.pages(path))
    assert "".join(c.text for c in pdfium.chars) == "HelloWorld."
    for backend in (PLUMBER, PDFIUM):
        assert [ln.text for ln in read_pdf(path, backend=backend).lines if ln.text] == ["HelloWorld."], backend.name


def test_a_ligature_spans_its_glyph(tmp_path: Path) -> None:
    """PDFium reads the glyph "ﬁ" as the letters "f" and "i": one char "fi" gets the whole glyph's box."""
    pdfmetrics.registerFont(TTFont("Vera", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
    path = tmp_path / "ligatures.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.setFont("Vera", 11)
    canvas.drawString(72, 700, "We \ufb01nd the \ufb02ow of \ufb01ne things.")
    canvas.showPage()
    canvas.save()
    (plumber,), (pdfium,) = list(PLUMBER.pages(path)), list(PDFIUM.pages(path))
    ligature = next(c for c in plumber.chars if c.text == "\ufb01")
    (fi,) = (c for c in pdfium.chars if abs(c.x0 - ligature.x0) < 0.1)
    assert fi.text == "fi"
    assert fi.x1 == pytest.approx(ligature.x1, abs=0.1)
    for backend in (PLUMBER, PDFIUM):
        lines = [ln.text for ln in read_pdf(path, backend=backend).lines if ln.text]
        assert lines == ["We find the flow of fine things."], backend.name


def test_a_ligature_of_one_letter_twice_is_not_overprint(tmp_path: Path) -> None:
    """A glyph read as "ff" or "ffi" (LaTeX's ligatures): PDFium splits it into letters at one place,
    which read as "f" once, like a glyph drawn twice for bold, lost a letter ("afected")."""
    content = b"BT /F1 11 Tf 72 700 Td (It aXected a diYcult oZce.) Tj ET"
    path = one_page_pdf(tmp_path / "ff.pdf", content, {"X": "ff", "Y": "ffi", "Z": "ffi"})
    for backend in (PLUMBER, PDFIUM):
        lines = [ln.text for ln in read_pdf(path, backend=backend).lines if ln.text]
        assert lines == ["It affected a difficult office."], backend.name


def test_pdf_engine_option_and_configuration(tmp_path: Path) -> None:
    import json
    import os

    from click.testing import CliRunner

    from briefs_analyzer.cli import main

    pdf = CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf"
    runner = CliRunner()
    out = {
        engine: json.loads(
            runner.invoke(main, ["analyze", str(pdf), "--pdf-engine", engine, "-q", "--format", "json"]).stdout
        )
        for engine in ("pdfium", "pdfplumber")
    }
    assert [n["text"] for n in out["pdfium"]["briefs"][0]["notes"]] == [
        n["text"] for n in out["pdfplumber"]["briefs"][0]["notes"]
    ]
    assert len(out["pdfium"]["briefs"][0]["notes"]) == 8
    assert runner.invoke(main, ["analyze", str(pdf), "--pdf-engine", "ghostscript"]).exit_code == 2
    (tmp_path / ".briefs.toml").write_text('pdf-engine = "mupdf"\n', encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(main, ["analyze", str(pdf)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2
    assert "key 'pdf-engine': 'mupdf' is not a PDF engine (use pdfium, pdfplumber)" in result.stderr
