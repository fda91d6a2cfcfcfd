"""The PDF fixtures themselves (tests/pdf_fixtures.py), checked with pdfplumber.

Markers must be small raised digits glued to their words, every note must be printed once as a
footnote on the page of its marker, under a separator rule, and at least one paragraph must be
broken by a page break, so that the PDF reader meets footnotes in the middle of a paragraph.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.model import Brief
from tests.conftest import SEED_STEMS, SEEDS, load_gold
from tests.pdf_fixtures import LETTER, format_date, render_brief_pdf, running_header, seed_pdfs

Char = dict[str, Any]
Pages = list[list[Char]]  # the chars of each page, in content-stream order

BODY, MARKER, NOTE, NOTE_NUMBER, HEADING, TITLE = 11.0, 7.0, 9.0, 6.0, 13.0, 16.0
A5 = (420.0, 595.0)


def is_size(char: Char, size: float) -> bool:
    return abs(float(char["size"]) - size) < 0.01


def baseline(char: Char, page_height: float) -> float:
    """The char's baseline, measured from the top of the page like pdfplumber's ``top``/``bottom``."""
    return page_height - float(char["matrix"][5])


def same_line(a: Char, b: Char) -> bool:
    return abs(float(a["matrix"][5]) - float(b["matrix"][5])) < 0.5


def numbers(chars: list[Char], size: float) -> list[tuple[int, int]]:
    """Runs of consecutive ``size`` chars (in stream order) read as numbers: (number, index of first char)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(chars):
        if not is_size(chars[i], size):
            i += 1
            continue
        j = i
        while j < len(chars) and is_size(chars[j], size):
            j += 1
        digits = "".join(c["text"] for c in chars[i:j])
        assert digits.isdigit(), f"size-{size} chars that are not digits: {digits!r}"
        out.append((int(digits), i))
        i = j
    return out


def footnote_chars(page: list[Char], number: int) -> list[Char]:
    """The 9pt chars of the footnotes and 6pt footnote numbers: all but the page number (the lowest 9pt line)."""
    small = [c for c in page if is_size(c, NOTE)]
    if small:
        lowest = max(round(float(c["top"]), 1) for c in small)
        folio = [c for c in small if round(float(c["top"]), 1) == lowest]
        assert "".join(c["text"] for c in folio).strip() == str(number), "no page number at the foot of the page"
        small = [c for c in small if c not in folio]
    return small + [c for c in page if is_size(c, NOTE_NUMBER)]


def lines_of(chars: list[Char], size: float) -> list[str]:
    """Text of the ``size`` chars grouped by line (same ``top``), top to bottom."""
    rows: dict[float, list[Char]] = {}
    for c in chars:
        if is_size(c, size):
            rows.setdefault(round(float(c["top"]), 1), []).append(c)
    return [" ".join("".join(c["text"] for c in rows[top]).split()) for top in sorted(rows)]


@cache
def read(path: Path) -> tuple[Pages, list[float], list[list[dict[str, Any]]]]:
    """(chars of each page, height of each page, horizontal rules (lines and thin rects) of each page).

    Cached: callers must not modify what it returns.
    """
    with pdfplumber.open(path) as pdf:
        chars = [list(page.chars) for page in pdf.pages]
        heights = [float(page.height) for page in pdf.pages]
        rules = [[*page.lines, *(r for r in page.rects if float(r["height"]) <= 1.0)] for page in pdf.pages]
    return chars, heights, rules


@pytest.fixture(scope="module")
def seed_pdf_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return seed_pdfs(tmp_path_factory.mktemp("seed-pdfs"))


@pytest.fixture(scope="module")
def a5_pdf_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeds on a smaller page (A5, 0.75in margins), to stress the footnote reservation."""
    folder = tmp_path_factory.mktemp("seed-pdfs-a5")
    out: dict[str, Path] = {}
    for stem in SEED_STEMS:
        out[stem] = folder / f"{stem}.pdf"
        render_brief_pdf(analyze_file(SEEDS / f"{stem}.txt"), out[stem], page_size=A5, margin=54)
    return out


@pytest.fixture(params=["letter", "a5"])
def any_pdf_paths(
    request: pytest.FixtureRequest, seed_pdf_paths: dict[str, Path], a5_pdf_paths: dict[str, Path]
) -> dict[str, Path]:
    return seed_pdf_paths if request.param == "letter" else a5_pdf_paths


@cache
def brief_of(stem: str) -> Brief:
    return analyze_file(SEEDS / f"{stem}.txt")


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_at_least_three_pages(seed_pdf_paths: dict[str, Path], stem: str) -> None:
    chars, _, _ = read(seed_pdf_paths[stem])
    assert len(chars) >= 3
    assert render_brief_pdf(brief_of(stem), seed_pdf_paths[stem].with_suffix(".again.pdf")) == len(chars)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_markers_are_small_raised_digits_glued_to_their_word(any_pdf_paths: dict[str, Path], stem: str) -> None:
    brief = brief_of(stem)
    chars, heights, _ = read(any_pdf_paths[stem])
    found: list[int] = []
    for page, height in zip(chars, heights, strict=True):
        for number, i in numbers(page, MARKER):
            mark = page[i]
            middle = (float(mark["top"]) + float(mark["bottom"])) / 2
            line = [c for c in page if is_size(c, BODY) and c["top"] <= middle <= c["bottom"]]
            assert line, f"marker {number} is not on a line of body text"
            assert mark["bottom"] < min(baseline(c, height) for c in line), f"marker {number} is not raised"
            before = page[i - 1]
            assert is_size(before, BODY) and before["text"] != " ", f"marker {number} does not follow a character"
            assert abs(float(before["x1"]) - float(mark["x0"])) < 0.5, f"marker {number} is not glued to its word"
            j = i
            while (
                j > 0 and is_size(page[j - 1], BODY) and page[j - 1]["text"] != " " and same_line(page[j - 1], before)
            ):
                j -= 1
            word = "".join(c["text"] for c in page[j:i])
            found.append(number)
            offset = next(m.offset for m in brief.markers if m.number == number)
            assert brief.body[:offset].split()[-1].endswith(word), f"marker {number} follows {word!r}"
    assert found == [m.number for m in brief.markers]


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_note_is_a_footnote_on_its_markers_page(any_pdf_paths: dict[str, Path], stem: str) -> None:
    count = int(load_gold(stem)["note_count"])
    chars, heights, _ = read(any_pdf_paths[stem])
    printed: list[int] = []
    for page, height in zip(chars, heights, strict=True):
        notes = numbers(page, NOTE_NUMBER)
        printed.extend(n for n, _ in notes)
        assert {n for n, _ in notes} == {n for n, _ in numbers(page, MARKER)}
        for number, i in notes:
            after = next(c for c in page[i + 1 :] if not is_size(c, NOTE_NUMBER) and c["text"] != " ")
            assert is_size(after, NOTE), f"footnote {number} is not followed by 9pt text"
            assert page[i]["bottom"] < baseline(after, height), f"footnote number {number} is not raised"
    assert sorted(printed) == list(range(1, count + 1))


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_separator_rule_above_the_footnotes(any_pdf_paths: dict[str, Path], stem: str) -> None:
    chars, _, rules = read(any_pdf_paths[stem])
    for number, (page, page_rules) in enumerate(zip(chars, rules, strict=True), start=1):
        notes = footnote_chars(page, number)
        if not notes:
            continue
        body = [c for c in page if is_size(c, BODY) or is_size(c, MARKER)]
        left = min(float(c["x0"]) for c in body)
        text_width = max(float(c["x1"]) for c in body) - left
        first_note = min(float(c["top"]) for c in notes)
        last_body = max(float(c["bottom"]) for c in body)
        assert any(
            abs(float(r["x0"]) - left) < 1
            and 0.25 < (float(r["x1"]) - float(r["x0"])) / text_width < 0.45
            and last_body < float(r["top"]) < first_note
            and first_note - float(r["bottom"]) < 12
            for r in page_rules
        ), f"page {number}: no separator rule above its footnotes"


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_a_page_break_splits_a_paragraph(seed_pdf_paths: dict[str, Path], stem: str) -> None:
    chars, _, _ = read(seed_pdf_paths[stem])
    split = []
    for number, page in enumerate(chars[:-1], start=1):
        lines = lines_of(page, BODY)
        last = lines[-1].rstrip("\"'”’)")
        if last and last[-1] not in ".!?:":
            notes = footnote_chars(page, number)
            body_bottom = max(float(c["bottom"]) for c in page if is_size(c, BODY))
            assert notes and min(float(c["top"]) for c in notes) > body_bottom
            split.append(number)
    assert split, "no page ends in the middle of a paragraph"


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_front_matter_and_headings(seed_pdf_paths: dict[str, Path], stem: str) -> None:
    brief = brief_of(stem)
    chars, _, _ = read(seed_pdf_paths[stem])
    assert " ".join(lines_of(chars[0], TITLE)) == brief.metadata.title
    assert brief.metadata.date and format_date(brief.metadata.date) in lines_of(chars[0], BODY)
    headings = [line for page in chars for line in lines_of(page, HEADING)]
    assert headings == [s.heading for s in brief.sections if s.heading]
    for page in chars[1:]:
        header = "".join(c["text"] for c in page if is_size(c, 8.0))
        assert header == running_header(brief.metadata.title or "", LETTER[0] - 72)


def test_format_date() -> None:
    assert format_date("2025-01-23") == "January 23, 2025"
    assert format_date("2025-01") == "January 2025"
    assert format_date("2025") == "2025"
