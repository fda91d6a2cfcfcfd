"""PDF layout rules the layout zoo (issue 15) asked for, on characters made by hand: notes at the
foot of pages, words broken across columns, hyphens that are the word's, justified lines that
leave rivers, and a line printed over the next column."""

from __future__ import annotations

from briefs_analyzer.ingest.columns import page_lines
from briefs_analyzer.ingest.hyphens import Hyphenation
from briefs_analyzer.ingest.layout import layout_document
from briefs_analyzer.ingest.pdfchars import Char
from briefs_analyzer.ingest.pdflines import VLine
from tests.test_pdf import chars, page


def line(text: str, top: float, *, x0: float = 72, x1: float = 540, flow: int = 0) -> VLine:
    return VLine(page=1, text=text, x0=x0, x1=x1, top=top, bottom=top + 10, size=10, bold=False, flow=flow)


def spaced(words: list[str], x: float, top: float, size: float, gap: float) -> list[Char]:
    """A row of words set ``gap`` points apart (a justified line stretched word by word)."""
    out: list[Char] = []
    for word in words:
        out += chars(word, x, top, size)
        x = out[-1].x1 + gap
    return out


def test_a_note_repeated_at_the_foot_of_pages_is_not_a_running_footer() -> None:
    """``²Ibid.`` at the foot of two pages repeats like a footer; its raised number makes it a note."""
    pages = []
    for number in (1, 2):
        body = chars("The claim that this sentence makes is cited here.", 72, 100, 11)
        raised = chars(str(number), body[-1].x1, 99, 7)
        note_number = chars(str(number), 72, 740, 5)
        note = chars("Ibid.", note_number[-1].x1, 741, 8)
        pages.append(page(number, body, raised, note_number, note))
    layout = layout_document(pages)
    assert [(n.number, n.text) for n in layout.notes] == [(1, "Ibid."), (2, "Ibid.")]
    assert [(b.kind, b.text) for b in layout.blocks] == [
        ("paragraph", "The claim that this sentence makes is cited here."),
        ("paragraph", "The claim that this sentence makes is cited here."),
    ]


def test_a_word_broken_at_a_column_break_is_joined() -> None:
    left = [f"Left column line {i} of the text goes on" for i in range(1, 8)] + ["while India continued to de-"]
    right = ["velop its missile programs for years.", *(f"right column line {i} of the text" for i in range(2, 9))]
    rows = []
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        rows += [chars(a, 50, 100 + i * 13, 10), chars(b, 330, 100 + i * 13, 10)]
    layout = layout_document([page(1, *rows)])
    first, second = layout.blocks
    assert first.text.endswith("while India continued to de")
    assert second.text.startswith("velop its missile programs for years.")
    assert (second.continues, second.glued) == (True, True)


def test_a_hyphen_the_document_prints_inside_a_line_stays() -> None:
    lines = [
        line("missiles of long-range and of short range are", 100),
        line("the data for long-", 112),
        line("range navigation and to develop", 124),
    ]
    hyphens = Hyphenation.of(lines)
    assert hyphens.keeps("the data for long-", "range navigation")
    assert not hyphens.keeps("continued to de-", "velop its programs")  # 'develop' is printed whole


def test_a_ragged_document_keeps_its_hyphens_and_a_justified_one_breaks_words() -> None:
    ragged = [line(f"a line of running text number {i} set ragged", 100 + 12 * i, x1=400 + 9 * i) for i in range(8)]
    assert Hyphenation.of(ragged).justified is False
    assert Hyphenation.of(ragged).keeps("enhance its second-", "strike capability")
    justified = [line(f"a line of running text number {i} set flush", 100 + 12 * i) for i in range(8)]
    assert Hyphenation.of(justified).justified is True
    assert not Hyphenation.of(justified).keeps("an impor-", "tant point")  # 'impor' and 'tant' are no words
    # A document whose line ends are words it prints whole breaks words itself: the others join too.
    breaking = [
        *justified,
        line("they develop and they continue", 300),
        line("to de-", 312),
        line("velop and to con-", 324),
        line("tinue the second-", 336),
        line("strike programs", 348),
    ]
    hyphens = Hyphenation.of(breaking)
    assert hyphens.breaks_words is True
    assert not hyphens.keeps("tinue the second-", "strike programs")


def test_a_word_printed_both_ways_follows_the_documents_habit() -> None:
    """``breastfeeding`` in the text, ``Breast-feeding`` in a cited title: a line ending ``breast-``
    is the word broken by a document that breaks words, the compound in one that does not."""
    text = [
        line("rates of breastfeeding in the general population and", 100),
        line("a study titled The Duration of Breast-feeding among", 112),
    ]
    breaking = [*text, line("they develop and they continue", 124), line("to de-", 136), line("velop and to con-", 148)]
    breaking.append(line("tinue the breast-", 160))
    hyphens = Hyphenation.of([*breaking, line("feeding programs", 172)])
    assert hyphens.breaks_words is True
    assert not hyphens.keeps("tinue the breast-", "feeding programs")
    keeping = [
        *text,
        line("a second-strike and a long-range", 124),
        line("the second-", 136),
        line("strike and long-", 148),
    ]
    hyphens = Hyphenation.of([*keeping, line("range missiles", 160)])
    assert hyphens.breaks_words is False
    assert hyphens.keeps("of the breast-", "feeding programs")
    assert Hyphenation.of(text).keeps("of the breast-", "feeding programs")  # no evidence either way


def test_stretched_word_spaces_one_under_another_are_no_gutter() -> None:
    """Justified lines that cannot break a long word set every word apart; their equal spaces line
    up into a channel (a river), which must not cut the lines into columns."""
    words = ["Reliance", "Defence", "Embassy", "Russian", "Federation", "Republic"]
    rows = [spaced(words, 72, 100 + 12 * i, 10, 18) for i in range(5)]
    lines = page_lines([c for row in rows for c in row], 1, 10)
    assert [ln.text for ln in lines] == [" ".join(words)] * 5
    assert {ln.flow for ln in lines} == {0}


def test_a_line_printed_over_the_next_column_stays_in_its_own() -> None:
    """A URL too long for its column runs on over the next one (drawn with its column, before it)."""
    left = [f"Left column line {i} of the text goes on" for i in range(1, 9)]
    right = [f"right column line {i} of the text goes" for i in range(1, 9)]
    url = "https://www.example.org/a/very/long/address/that/cannot/break"  # 61 characters: to x 355
    left[5] = url
    drawn = [chars(text, 50, 100 + i * 13, 10) for i, text in enumerate(left)]
    drawn += [chars(text, 330, 100 + i * 13, 10) for i, text in enumerate(right)]
    lines = page_lines([c for row in drawn for c in row], 1, 10)
    flows = [[ln.text for ln in lines if ln.flow == flow] for flow in sorted({ln.flow for ln in lines})]
    assert flows == [left, right]


def test_contents_end_where_the_body_begins_on_their_page() -> None:
    """A report set in one flow (a web page printed, a Markdown report typeset) starts its body on
    the page of its contents: the entries are contents, the paragraphs after them are claims."""
    entries = ["Contents", "• Introduction", "• Control of the Strait", "• Food and Animal Feed", "Introduction"]
    prose = [
        "Before the operations began in February, about a hundred ships a day",
        "went through the Strait. Since then only a handful have risked it.",
        "The ceasefire has not yet changed this, and insurers remain wary of",
        "sending ships through while the talks go on between the parties.",
    ]
    rows = [chars(text, 72, 100 + 14 * i, 11) for i, text in enumerate([*entries, *prose])]
    blocks = layout_document([page(1, *rows)]).blocks
    assert [b.kind for b in blocks if b.kind != "paragraph"] == ["toc"]
    assert "Control of the Strait" in blocks[0].text and "Before" not in blocks[0].text
    assert [b.text for b in blocks if b.kind == "paragraph"] == [" ".join(prose)]
    # A page of contents only, with page numbers, stays contents to its end.
    numbered = [f"{title} {n}" for n, title in enumerate(entries[1:], start=2)]
    rows = [chars(text, 72, 100 + 14 * i, 11) for i, text in enumerate(["Contents", *numbered * 3])]
    assert {b.kind for b in layout_document([page(1, *rows)]).blocks} == {"toc"}


def test_a_list_number_stays_with_its_text_across_a_tab() -> None:
    """Word processors set a numbered list with a tab after the number: ``10.`` and its text are one
    line (the note list of a LibreOffice PDF lost notes 10 and on); cells of a table stay apart."""
    rows = [
        [*chars("10.", 90, 100, 12), *chars("Rep. Jim Wright had announced it.", 144, 100, 12)],
        [*chars("•", 90, 116, 12), *chars("The House takes no action.", 144, 116, 12)],
        [*chars("2024", 90, 132, 12), *chars("1,200", 200, 132, 12)],
    ]
    lines = page_lines([c for row in rows for c in row], 1, 12)
    assert [ln.text for ln in lines] == [
        "10. Rep. Jim Wright had announced it.",
        "• The House takes no action.",
        "2024",
        "1,200",
    ]


def flows_of(lines: list[VLine]) -> list[list[str]]:
    return [[ln.text for ln in lines if ln.flow == flow] for flow in sorted({ln.flow for ln in lines})]


def test_a_list_number_standing_in_the_gutter_is_the_next_columns() -> None:
    """A numbered list in the right column sets its numbers in the white channel between the
    columns (a hanging ``9.``, ``10.``); the middle of the channel falls in them, and the row must
    still be cut between the columns, the number staying with its item."""
    left = [f"Left column line {i:02d} of the text goes on" for i in range(1, 9)]  # to x 250
    right = ["9. For instance, the Clerk", "presided over the vote.", "10. See the Precedents,", "ch. 1, sec. 4."]
    right += ["11. The House takes no", "action to accept it.", "12. Prior to 1839, the", "Speaker was elected."]
    rows = []
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        label, _, text = b.partition(" ") if b[0].isdigit() else ("", "", b)
        row = chars(a, 50, 100 + 12 * i, 10) + chars(text, 290, 100 + 12 * i, 10)
        if label:
            row += chars(label, 272 - 5 * len(label), 100 + 12 * i, 10)  # numbers set flush right
        rows.append(row)
    assert flows_of(page_lines([c for row in rows for c in row], 1, 10)) == [left, right]


def test_columns_on_their_own_baselines_are_read_one_after_the_other() -> None:
    """Two columns share their baselines until a heading in one shifts its lines by half a line:
    their rows then alternate, each with text in one column only, and the gutter goes on."""
    left = [f"Left column line {i:02d} of the text goes on" for i in range(1, 11)]
    right = [f"right column line {i:02d} of the text goes" for i in range(1, 11)]
    rows = [chars(text, 50, 100 + 12 * i, 10) for i, text in enumerate(left)]
    rows += [chars(text, 330, 100 + 12 * i + (6 if i >= 4 else 0), 10) for i, text in enumerate(right)]
    assert flows_of(page_lines([c for row in rows for c in row], 1, 10)) == [left, right]


def test_a_column_going_on_below_the_end_of_the_next_is_read_before_it() -> None:
    """On a last page the left column runs on below the right one's end: it is read whole, then
    the right column; a page number far below is read last.  A short line under a grid that text
    across the page follows is no column's: it is read after the grid."""
    left = [f"Left column line {i:02d} of the text goes on" for i in range(1, 11)]
    right = [f"right column line {i} of the text goes" for i in range(1, 6)]
    rows = [chars(text, 50, 100 + 12 * i, 10) for i, text in enumerate(left)]
    rows += [chars(text, 330, 100 + 12 * i, 10) for i, text in enumerate(right)]
    rows.append(chars("4", 300, 400, 10))
    assert flows_of(page_lines([c for row in rows for c in row], 1, 10)) == [left, right, ["4"]]
    grid = [(f"Cell {i} of the first column", f"Cell {i} of the second column") for i in range(1, 6)]
    rows = [chars(a, 50, 100 + 12 * i, 10) + chars(b, 330, 100 + 12 * i, 10) for i, (a, b) in enumerate(grid)]
    below = ["A Heading Under The Grid", "A paragraph of text across the whole page, where the gutter was before it."]
    rows += [chars(below[0], 50, 172, 10), chars(below[1], 50, 186, 10)]
    lines = [ln.text for ln in page_lines([c for row in rows for c in row], 1, 10)]
    assert lines == [a for a, _ in grid] + [b for _, b in grid] + below


def test_a_line_run_over_the_next_column_on_its_own_baseline_stays_in_its_own() -> None:
    """A line too long for its column runs on over the next one, whose lines are set on other
    baselines (half a line lower): it stands over them, is read whole in its own column, and the
    gutter goes on beside it."""
    left = [f"Left column line {i:02d} of the text goes on" for i in range(1, 11)]
    left[6] = "- The document has been published in a refereed medium (for example,"  # to x 390
    right = [f"right column line {i:02d} of the text goes" for i in range(1, 11)]
    rows = [chars(text, 50, 100 + 12 * i, 10) for i, text in enumerate(left)]
    rows += [chars(text, 330, 100 + 12 * i + (6 if i >= 3 else 0), 10) for i, text in enumerate(right)]
    assert flows_of(page_lines([c for row in rows for c in row], 1, 10)) == [left, right]
