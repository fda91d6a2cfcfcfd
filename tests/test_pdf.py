"""PDF ingestion: the seed PDFs against the gold, the real CRS and GAO reports, bad PDFs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from briefs_analyzer.citations import parse_note
from briefs_analyzer.cli import main
from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.ingest.document import Block
from briefs_analyzer.ingest.layout import layout_document
from briefs_analyzer.ingest.pdfchars import Char, PageContent, Rule
from briefs_analyzer.model import Brief, BriefError
from briefs_analyzer.pipeline import default_stages
from tests.conftest import CORPUS_REAL, SEED_STEMS, SEEDS, load_gold
from tests.factories import assert_matches_gold
from tests.pdf_fixtures import seed_pdfs

STAGES = default_stages()


@pytest.fixture(scope="module")
def seed_pdf_briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Brief, Brief]]:
    """stem -> (brief from the seed's text, brief from its PDF rendering)."""
    pdfs = seed_pdfs(tmp_path_factory.mktemp("seed-pdfs"))
    return {
        stem: (analyze_file(SEEDS / f"{stem}.txt", STAGES), analyze_file(pdfs[stem], STAGES)) for stem in SEED_STEMS
    }


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_pdf_matches_gold(seed_pdf_briefs: dict[str, tuple[Brief, Brief]], stem: str) -> None:
    _, pdf = seed_pdf_briefs[stem]
    gold = load_gold(stem)
    assert pdf.format == "pdf"
    assert_matches_gold(pdf, gold)
    assert not [p for p in pdf.problems if p.severity == "error"]


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_pdf_gives_what_its_text_gives(seed_pdf_briefs: dict[str, tuple[Brief, Brief]], stem: str) -> None:
    text, pdf = seed_pdf_briefs[stem]
    assert [(s.text, s.markers) for s in pdf.sentences] == [(s.text, s.markers) for s in text.sentences]
    # the same metadata; where each field was found (provenance) is the format's own
    assert replace(pdf.metadata, provenance=()) == replace(text.metadata, provenance=())
    # Note texts differ only where a line of the PDF broke them (inside URLs).
    assert [(n.number, "".join(n.text.split())) for n in pdf.notes] == [
        (n.number, "".join(n.text.split())) for n in text.notes
    ]
    assert [(n.kind, n.antecedent, n.source_ids) for n in pdf.notes] == [
        (n.kind, n.antecedent, n.source_ids) for n in text.notes
    ]
    assert [s.id for s in pdf.sources] == [s.id for s in text.sources]


def test_seed_pdf_pages(seed_pdf_briefs: dict[str, tuple[Brief, Brief]]) -> None:
    """Markers and notes carry their page; each note sits on its marker's page."""
    _, pdf = seed_pdf_briefs["000_2bc1844ba35e9142"]
    pages = {m.number: m.page or 0 for m in pdf.markers}
    assert all(p >= 1 for p in pages.values())
    assert pages[1] == 1 and pages[16] == max(pages.values()) >= 3
    for note in pdf.notes:
        assert note.page == pages[note.number]


# --- the real documents ---------------------------------------------------------------------

REAL_PDFS = sorted(p.name for p in CORPUS_REAL.glob("*.pdf")) if CORPUS_REAL.is_dir() else []
# COUNTS.md: notes defined and referenced, every one matched.
HAND_COUNTED = {
    "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf": 40,
    "crs-r44243-electing-the-speaker.pdf": 20,
    "crs-98-317-types-of-committee-hearings.pdf": 8,
}
NO_NOTES = {
    "crs-if12672-russias-nuclear-weapons.pdf",
    "crs-if12106-iran-and-nuclear-weapons-production.pdf",
    "crs-in12678-us-iran-ceasefire.pdf",
    "crs-lsb11421-esa-god-squad-exemption.pdf",
}
# Pages of markers per COUNTS.md.
MARKER_PAGES_R48903 = {
    1: range(1, 8),
    2: range(8, 15),
    3: range(15, 25),
    4: range(25, 32),
    5: range(32, 40),
    6: range(40, 41),
}


@pytest.fixture(scope="module")
def real_briefs() -> dict[str, Brief]:
    return {name: analyze_file(CORPUS_REAL / name, STAGES) for name in REAL_PDFS}


def test_the_real_corpus_is_all_there() -> None:
    assert len(REAL_PDFS) == 23


@pytest.mark.parametrize("name", sorted(HAND_COUNTED))
def test_hand_counted_documents(real_briefs: dict[str, Brief], name: str) -> None:
    brief = real_briefs[name]
    count = HAND_COUNTED[name]
    assert [n.number for n in brief.notes] == list(range(1, count + 1))
    assert sorted(m.number for m in brief.markers) == list(range(1, count + 1))
    assert not [p for p in brief.problems if p.code in {"BA101", "BA102", "BA103", "BA104"}]


def test_r48903_marker_pages(real_briefs: dict[str, Brief]) -> None:
    brief = real_briefs["crs-r48903-strait-of-hormuz-non-oil-shipments.pdf"]
    # The PDF's first two pages are the cover and the contents: printed page N is PDF page N + 2.
    for printed, numbers in MARKER_PAGES_R48903.items():
        assert {m.number for m in brief.markers if m.page == printed + 2} == set(numbers)
    mid = {m.number: m for m in brief.markers}
    assert mid[10].anchor.endswith("harbor mines")  # a marker mid-sentence
    note40 = brief.notes[-1]
    assert note40.number == 40 and note40.text.startswith("Crowley, ")


@pytest.mark.parametrize("name", sorted(NO_NOTES))
def test_documents_without_numbered_notes(real_briefs: dict[str, Brief], name: str) -> None:
    brief = real_briefs[name]
    assert (brief.notes, brief.markers) == ((), ())


def test_every_real_pdf_is_analysed(real_briefs: dict[str, Brief]) -> None:
    assert set(real_briefs) == set(REAL_PDFS)
    for name, brief in real_briefs.items():
        assert brief.sentences, name
        # No marker is invented from a table or an ordinal: every marker has its note.
        assert not [p for p in brief.problems if p.code == "BA101"], name


def test_ordinal_is_not_a_marker(real_briefs: dict[str, Brief]) -> None:
    note20 = real_briefs["crs-r44243-electing-the-speaker.pdf"].notes[19]
    assert "(68th Congress)" in note20.text


def test_r48913_ibid_on_the_next_page_resolves(real_briefs: dict[str, Brief]) -> None:
    notes = {n.number: n for n in real_briefs["crs-r48913-corporate-taxation-revenue-maximizing-rate.pdf"].notes}
    assert notes[24].text == "Ibid."
    assert notes[24].page == (notes[23].page or 0) + 1
    assert (notes[24].kind, notes[24].antecedent) == ("ibid", 23)
    assert notes[24].source_ids == notes[23].source_ids and len(notes[23].source_ids) == 1


# --- the layout rules on characters made by hand ---------------------------------------------


def chars(text: str, x: float, top: float, size: float, *, font: str = "Times-Roman") -> list[Char]:
    out, width = [], size * 0.5
    for i, ch in enumerate(text):
        out.append(Char(ch, font, size, x + i * width, x + (i + 1) * width, top, top + size))
    return out


def page(number: int, *rows: list[Char], rules: tuple[Rule, ...] = ()) -> PageContent:
    return PageContent(number, 612, 792, [c for row in rows for c in row], list(rules))


def marked(block: Block) -> str:
    """A block's text with its marks written back as superscript digits, to compare at a glance."""
    out, last = [], 0
    for mark in block.marks:
        out += [block.text[last : mark.at], str(mark.number).translate(SUPERSCRIPTS)]
        last = mark.at
    return "".join([*out, block.text[last:]])


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def test_superscript_becomes_a_marker_not_a_digit() -> None:
    word = chars("carry payloads", 72, 100, 11)
    raised = chars("1", word[-1].x1, 99, 7)  # smaller and above the baseline (bottom 106 < 111)
    rest = chars(" above 500kg over 300km in 1987.", raised[-1].x1, 100, 11)
    layout = layout_document([page(1, word, raised, rest)])
    (block,) = layout.blocks
    assert block.text == "carry payloads above 500kg over 300km in 1987."
    assert [(m.number, m.at) for m in block.marks] == [(1, len("carry payloads"))]
    assert marked(block) == "carry payloads¹ above 500kg over 300km in 1987."


def test_ordinal_and_decimal_are_not_markers() -> None:
    first = chars("the 68", 72, 100, 11)
    th = chars("th", first[-1].x1, 99, 7)  # raised letters: an ordinal
    rest = chars(" Congress spent 0.13 of it.", th[-1].x1, 100, 11)
    (block,) = layout_document([page(1, first, th, rest)]).blocks
    assert (block.text, block.marks) == ("the 68th Congress spent 0.13 of it.", ())


def _notes_page(*note_rows: list[Char]) -> PageContent:
    """A page of 12-point body text with one marker, a rule, and ``note_rows`` (9 point) under it."""
    body = [
        chars(f"Body line {i} of a page set in larger type than its notes goes on", 72, 100 + 15 * i, 12)
        for i in range(20)
    ]
    mark = chars("1", 72 + 65 * 6, 99, 7)
    number = chars("1", 72, 680, 6)
    return page(1, *body, mark, number, *note_rows, rules=(Rule(72, 216, 670, 670.5),))


def test_a_raised_ordinal_standing_above_its_line_stays_in_it() -> None:
    # A 6-point "th" raised in a 9-point note line: its top is above the line's top, so read top
    # down it would open a line of its own (printed before its line: "th\nSee the rules ...").
    before = chars(" See the Rules of the 119", 75, 681.64, 9)
    th = chars("th", before[-1].x1, 681.0, 6)
    after = chars(" Congress and the 2", th[-1].x1, 681.64, 9)
    nd = chars("nd", after[-1].x1, 681.0, 6)
    end = chars(" session.", nd[-1].x1, 681.64, 9)
    (note,) = layout_document([_notes_page(before, th, after, nd, end)]).notes
    assert note.text == "See the Rules of the 119th Congress and the 2nd session."


def test_digits_opening_a_note_line_stay_on_it() -> None:
    # Note digits are small beside the page's body text, but they stand on their line's baseline: a
    # URL broken before "133601p.pdf" keeps its digits in place, wherever they stand on the line.
    first = chars(" See https://example.org/docs/", 75, 681.64, 9)
    second = chars("133601p.pdf#page=8.", 72, 692, 9)
    (note,) = layout_document([_notes_page(first, second)]).notes
    assert note.text == "See https://example.org/docs/\n133601p.pdf#page=8."


def test_exponent_after_a_unit_is_text() -> None:
    word = chars("a zone of 20 km", 72, 100, 11)
    raised = chars("2", word[-1].x1, 99, 7)
    rest = chars(" grew.", raised[-1].x1, 100, 11)
    (block,) = layout_document([page(1, word, raised, rest)]).blocks
    assert (block.text, block.marks) == ("a zone of 20 km² grew.", ())


def test_note_number_on_its_own_line_and_a_note_continued_on_the_next_page() -> None:
    body1 = chars("A claim about the regime", 72, 100, 11) + chars("1", 72 + 24 * 5.5, 99, 7)
    number = chars("1", 72, 680, 6)
    note_a = chars("First part of the note", 72, 692, 9)
    body2 = chars("continues here.", 72, 100, 11)
    note_b = chars("and its end.", 72, 700, 9)
    rule = Rule(72, 216, 670, 670.5)
    layout = layout_document([page(1, body1, number, note_a, rules=(rule,)), page(2, body2, note_b, rules=(rule,))])
    assert [(b.kind, marked(b), b.continues) for b in layout.blocks] == [
        ("paragraph", "A claim about the regime¹", False),
        ("paragraph", "continues here.", True),  # the paragraph goes on across the page break
    ]
    (note,) = layout.notes
    assert (note.number, note.text) == (1, "First part of the note\nand its end.")
    assert [ln.page for ln in layout.lines if ln.text] == [1, 2, 1, 2]


def _a_note_then(*rows: list[Char], rules: tuple[Rule, ...] = ()) -> list[Any]:
    """Note 1 on page 1 (ending its page), then ``rows`` and ``rules`` on page 2, under body text."""
    body1 = chars("A claim about the regime", 72, 100, 11) + chars("1", 72 + 24 * 5.5, 99, 7)
    note = chars("1", 72, 680, 6) + chars(" A source, 1998.", 75, 681, 9)
    body2 = [
        chars(f"Body text of the second page, line {i}, goes on at length.", 72, 100 + 13 * i, 11) for i in range(12)
    ]
    layout = layout_document(
        [
            page(1, body1, note, rules=(Rule(72, 216, 670, 670.5),)),
            page(2, *body2, *rows, rules=rules),
        ]
    )
    return [(n.number, n.text) for n in layout.notes]


def test_a_tables_border_drawn_cell_by_cell_is_no_footnote_separator() -> None:
    # Three abutting pieces make one rule across the table; its first piece alone is as short as a
    # footnote separator, and the table's small print under it would have continued note 1.
    border = (Rule(72, 200, 300, 300.5), Rule(200.5, 340, 300, 300.5), Rule(340.5, 540, 300, 300.5))
    cells = [chars(text, 72, 306 + 12 * i, 9) for i, text in enumerate(["Program", "Home Loans", "Health Care"])]
    assert _a_note_then(*cells, rules=border) == [(1, "A source, 1998.")]


def test_a_charts_leader_line_is_no_footnote_separator() -> None:
    # A short rule over a chart's labels, starting right of where the labels under it start.
    leader = (Rule(300, 330, 400, 400.5),)
    labels = [chars("Venezuela", 250, 405, 7), chars("132.5", 335, 405, 7), chars("(all other)", 250, 415, 7)]
    assert _a_note_then(*labels, rules=leader) == [(1, "A source, 1998.")]


def test_print_under_a_rule_larger_than_the_note_before_does_not_continue_it() -> None:
    # A slide's bullets under a short rule: smaller than the body, but larger than note 1 (9 point),
    # so not the rest of it.
    rule = (Rule(72, 216, 400, 400.5),)
    bullets = [
        chars(text, 72, 406 + 12 * i, 10) for i, text in enumerate(["• Infants: less likely to", "• Mothers: less"])
    ]
    assert _a_note_then(*bullets, rules=rule) == [(1, "A source, 1998.")]


def test_a_note_continued_under_the_next_pages_separator() -> None:
    rule = (Rule(72, 216, 670, 670.5),)
    rest = [chars("and its end, 1999.", 72, 676, 9)]
    assert _a_note_then(*rest, rules=rule) == [(1, "A source, 1998.\nand its end, 1999.")]


def _run(*parts: tuple[str, bool], x: float, top: float, size: float = 9) -> list[Char]:
    """A line of (text, italic) pieces set one after another from ``x``."""
    out: list[Char] = []
    for text, italic in parts:
        out += chars(text, out[-1].x1 if out else x, top, size, font="Times-Italic" if italic else "Times-Roman")
    return out


def test_a_notes_italics_are_the_characters_set_in_italics_across_lines_and_pages() -> None:
    body1 = chars("A claim about the regime", 72, 100, 11) + chars("1", 72 + 24 * 5.5, 99, 7)
    number = chars("1", 72, 680, 6)
    first = _run((" See Jane Roe, ", False), ("Rates, Bases and", True), x=75, top=681)
    second = _run(("Revenues", True), (", Policy Press, 2004; and ", False), x=72, top=692)
    body2 = chars("continues here.", 72, 100, 11)
    third = _run(("Second Title", True), (", 2005.", False), x=72, top=700)
    rule = Rule(72, 216, 670, 670.5)
    layout = layout_document(
        [page(1, body1, number, first, second, rules=(rule,)), page(2, body2, third, rules=(rule,))]
    )
    (note,) = layout.notes
    assert note.text == "See Jane Roe, Rates, Bases and\nRevenues, Policy Press, 2004; and\nSecond Title, 2005."
    assert [note.text[a:b] for a, b in note.italics] == ["Rates, Bases and", "Revenues", "Second Title"]
    titles = [c.title for c in parse_note(note.text, note.italics)]
    assert titles == ["Rates, Bases and Revenues", "Second Title"]


def test_running_header_footer_and_page_number_are_dropped() -> None:
    pages = [
        page(
            n,
            chars("A Report on Things", 200, 30, 8),
            chars(f"Body text of page {n} goes on.", 72, 100, 11),
            chars(str(n), 300, 760, 9),
        )
        for n in range(1, 4)
    ]
    texts = [b.text for b in layout_document(pages).blocks]
    assert texts == ["Body text of page 1 goes on.", "Body text of page 2 goes on.", "Body text of page 3 goes on."]


def test_hyphen_joined_but_not_in_urls() -> None:
    layout = layout_document(
        [
            page(
                1,
                chars("an impor-", 72, 100, 11),
                chars("tant point, see https://a.org/long-", 72, 114, 11),
                chars("path/page here.", 72, 128, 11),
            )
        ]
    )
    (block,) = layout.blocks
    assert block.text == "an important point, see https://a.org/long- path/page here."


def test_columns_are_read_one_after_the_other() -> None:
    """Two columns side by side (lines on the same baselines), a title across both above them."""
    left = [f"Left column line {i} of the text goes" for i in range(1, 9)]
    right = [f"right column line {i} of the text goes" for i in range(1, 9)]
    rows = [chars("A Title Across Both Columns", 150, 60, 16)]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        rows += [chars(a, 50, 100 + i * 13, 10), chars(b, 330, 100 + i * 13, 10)]
    layout = layout_document([page(1, *rows)])
    lines = [ln.text for ln in layout.lines]
    assert lines == ["A Title Across Both Columns", *left, *right]


def test_a_glyph_drawn_twice_is_read_once() -> None:
    """Fake bold: every glyph drawn again half a point to the right."""
    once = chars("Yet, the committee met.", 72, 100, 11)
    twice = [c._replace(x0=c.x0 + 0.4, x1=c.x1 + 0.4) for c in once]
    (block,) = layout_document([page(1, [c for pair in zip(once, twice, strict=True) for c in pair])]).blocks
    assert block.text == "Yet, the committee met."


# --- bad PDFs ------------------------------------------------------------------------------------


def make_pdf(path: Path, pages: int = 1, *, encrypt: str | None = None, image_only: bool = False) -> Path:
    canvas = Canvas(str(path), pagesize=(612, 792), encrypt=encrypt)
    for n in range(pages):
        if image_only:
            canvas.setFillGray(0.2)
            canvas.rect(72, 600, 300, 100, fill=1)  # a scan: shapes, no text
        else:
            canvas.setFont("Times-Roman", 11)
            canvas.drawString(72, 700, f"Page {n + 1} says that sanctions were imposed in 1998.")
            canvas.setFont("Times-Roman", 7)
            canvas.drawString(72 + 262, 704, "1")
            canvas.line(72, 120, 216, 120)
            canvas.setFont("Times-Roman", 6)
            canvas.drawString(72, 104, "1")
            canvas.setFont("Times-Roman", 9)
            canvas.drawString(78, 100, f"A source for page {n + 1}, 1998.")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    make_pdf(tmp_path / "good.pdf")
    return tmp_path


def analyse(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["analyze", *args, "--format", "json"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        (
            "locked.pdf",
            lambda p: make_pdf(p, encrypt="secret"),
            "encrypted PDF: it needs a password (give it with --password)",
        ),
        (
            "scan.pdf",
            lambda p: make_pdf(p, image_only=True),
            "no text layer; run OCR first (the PDF holds only images)",
        ),
        ("cut.pdf", lambda p: p.write_bytes(make_pdf(p).read_bytes()[:400]), "not a valid PDF"),
        (
            "fake.pdf",
            lambda p: p.write_text("just text, named .pdf", encoding="utf-8"),
            "not a PDF file (it does not start with %PDF-)",
        ),
    ],
)
def test_bad_pdfs_get_one_line_and_the_rest_is_analysed(folder: Path, name: str, make: Any, reason: str) -> None:
    make(folder / name)
    code, out, err = analyse(str(folder))
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith(f"error: {folder / name}: {reason}")
    assert '"good.pdf"' in out or "good.pdf" in out
    with pytest.raises(BriefError, match=re.escape(reason)):
        analyze_file(folder / name)


def test_encrypted_pdf_with_its_password(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", encrypt="secret")
    code, out, err = analyse(str(path), "--password", "secret")
    assert (code, err) == (0, "")
    assert '"number": 1' in out
    code, _, err = analyse(str(path), "--password", "wrong")
    assert code == 1 and "the password given with --password is wrong" in err


@pytest.mark.slow
def test_five_hundred_pages_complete_with_progress(tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from briefs_analyzer.report import progress

    path = make_pdf(tmp_path / "long.pdf", pages=500)
    seen: list[int] = []
    brief = analyze_file(path, STAGES, on_page=lambda done, total: seen.append(done))
    assert seen == list(range(1, 501))
    assert len(brief.notes) == 500  # one note a page, numbered 1 on every page: duplicates
    screen = StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress.tracker(1, enabled=True, console=console) as track:
        for n in range(1, 501):
            track.page(n, 500)
        track.file_done()
    assert "500 pages" in screen.getvalue()


def test_endnotes_section_in_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "endnotes.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792))
    canvas.setFont("Times-Bold", 16)
    canvas.drawString(72, 720, "A Brief With Endnotes")
    y = 680
    for n, sentence in enumerate(["Sanctions were imposed in 1998.", "They were lifted in 2001."], start=1):
        canvas.setFont("Times-Roman", 11)
        canvas.drawString(72, y, sentence)
        canvas.setFont("Times-Roman", 7)
        canvas.drawString(72 + canvas.stringWidth(sentence, "Times-Roman", 11), y + 4, str(n))
        y -= 14
    canvas.setFont("Times-Bold", 13)
    canvas.drawString(72, y - 20, "Notes")
    canvas.setFont("Times-Roman", 11)
    canvas.drawString(72, y - 44, "1. A first source, 1998.")
    canvas.drawString(72, y - 58, "2. A second source, 2001.")
    canvas.showPage()
    canvas.save()
    brief = analyze_file(path, STAGES)
    assert [(s.text, s.markers) for s in brief.sentences] == [
        ("Sanctions were imposed in 1998.", (1,)),
        ("They were lifted in 2001.", (2,)),
    ]
    assert [(n.number, n.text, n.page) for n in brief.notes] == [
        (1, "A first source, 1998.", 1),
        (2, "A second source, 2001.", 1),
    ]
    assert brief.problems == ()
