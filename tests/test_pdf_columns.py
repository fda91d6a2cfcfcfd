"""PDF layout rules the layout zoo (issue 15) asked for, on characters made by hand: notes at the
foot of pages, words broken across columns, hyphens that are the word's, justified lines that
leave rivers, and a line printed over the next column."""

from __future__ import annotations

from briefs_analyzer.ingest.columns import page_lines
from briefs_analyzer.ingest.hyphens import Hyphenation
from briefs_analyzer.ingest.layout import layout_document
from briefs_analyzer.ingest.pdfchars import Char, Rule, Shape
from briefs_analyzer.ingest.pdfcover import printed_metadata
from briefs_analyzer.ingest.pdflines import VLine, dedupe_overprint
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


def test_a_line_between_a_caption_and_its_credit_line_is_the_figures() -> None:
    """A figure drawn as a picture the page does not describe: the line where it stands, between its
    caption and its ``Source:`` line, is the figure's, not a claim; the prose around stays."""
    texts = [
        "Figure 1 shows the foreign share of the debt held by the public since the year 1945.",
        "Figure 1. Foreign and Domestic Holdings of Treasury Securities",
        "Figure is interactive in the HTML version of this report.",
        "Source: Created by CRS from data of the Federal Reserve.",
        "Table 2 provides data on the major foreign holders of the debt, by their country.",
    ]
    rows = [chars(text, 72, 100 + 24 * i, 11) for i, text in enumerate(texts)]  # a blank line apart
    blocks = layout_document([page(1, *rows)]).blocks
    assert [b.text for b in blocks if b.kind == "paragraph"] == [texts[0], texts[-1]]
    # Three lines of prose after a caption are running text: the figure stands elsewhere.
    prose = [f"The holdings of country {n} rose by {n} percent in the year to December." for n in range(3)]
    tops = [100, 124, 138, 152, 176]  # a paragraph's lines close together, blank lines around it
    rows = [chars(text, 72, top, 11) for top, text in zip(tops, [texts[1], *prose, texts[3]], strict=True)]
    blocks = layout_document([page(1, *rows)]).blocks
    assert any(" ".join(prose) in b.text for b in blocks if b.kind == "paragraph")


def test_a_symbol_font_bullet_is_a_bullet_not_a_column() -> None:
    """Word processors draw list bullets in the Symbol font, read as the private-use U+F0B7: it is
    a bullet (an item of its own, its bullet left out), and the hanging indent after a column of
    them is no gutter."""
    rows: list[list[Char]] = [chars("Issues of potential disagreement or contention include", 72, 100, 12)]
    for n, top in enumerate((120, 160, 200), start=1):
        rows.append(
            [*chars("\uf0b7", 90, top, 12), *chars(f"Issue {n} is the first line of this item and", 108, top, 12)]
        )
        rows.append(chars(f"its second line, which ends item {n}.", 108, top + 14, 12))
    blocks = layout_document([page(1, *rows)]).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Issues of potential disagreement or contention include"),
        *[
            ("list_item", f"Issue {n} is the first line of this item and its second line, which ends item {n}.")
            for n in (1, 2, 3)
        ],
    ]


def test_a_box_holding_most_of_a_page_is_a_box_and_one_holding_all_of_it_a_frame() -> None:
    """A sidebar drawn under the last line of a paragraph holds most of its page's prose: still a
    box, its sentences no claims.  A rectangle around all of a page's running text is a frame."""
    above = "once any asset is on a public blockchain it can be traded in a decentralized fashion."
    inside = [f"Sentence {n} of the box says how the centralized platforms work for their users." for n in range(8)]
    rows = [chars(above, 72, 100, 11), *(chars(text, 80, 140 + 14 * i, 11) for i, text in enumerate(inside))]
    box = Shape("rect", 74, 540, 130, 260)
    framed = layout_document([page(1, *rows)._replace(shapes=[box])]).blocks
    assert [(b.kind, b.text) for b in framed] == [("paragraph", above), ("box", " ".join(inside))]
    frame = Shape("rect", 60, 560, 90, 260)
    whole = layout_document([page(1, *rows)._replace(shapes=[frame])]).blocks
    assert {b.kind for b in whole} == {"paragraph"}


def test_a_table_ruled_above_and_below_its_header_runs_to_its_bottom_rule() -> None:
    """booktabs' style: rules above and under the header, none between the rows, one at the foot,
    which may stand far below on a long table.  Its cells give no claims."""
    header = [*chars("Account", 80, 100, 9), *chars("Contributions taxed", 300, 100, 9)]
    cells = [
        [
            *chars(f"Account kind {n}", 80, 130 + 26 * n, 9),
            *chars(f"Deductible only for kind {n}.", 300, 130 + 26 * n, 9),
        ]
        for n in range(10)
    ]
    prose = chars("The table compares the kinds of accounts a family may open for a child.", 72, 440, 11)
    rules = tuple(Rule(72, 520, y, y + 0.5) for y in (95, 115, 400))  # 285 points from header to foot
    blocks = layout_document([page(1, header, *cells, prose, rules=rules)]).blocks
    assert [b.text for b in blocks if b.kind == "paragraph"] == [
        "The table compares the kinds of accounts a family may open for a child."
    ]
    assert any(b.kind == "table" and "Deductible only for kind 9." in b.text for b in blocks)


def test_centred_lines_with_no_sentence_are_labels_however_long() -> None:
    """A title page's addressee block: names and committees centred one under another, some long;
    no claims.  Prose set from the margin, or centred lines that end sentences, stay prose."""
    block = [
        "Congressional Addressees:",
        "The Honorable Robert Bennett, Chairman",
        "Subcommittee on Agriculture, Rural Development, Food and Drug Administration, and Related Agencies",
        "Committee on Appropriations",
        "United States Senate",
    ]

    def centred(texts: list[str]) -> list[list[Char]]:
        return [chars(text, 306 - len(text) * 2.25, 300 + 10 * i, 9) for i, text in enumerate(texts)]

    blocks = layout_document([page(1, *centred(block))]).blocks
    assert {b.kind for b in blocks} == {"fragment"}
    sentences = ["The agency agreed.", "It will change the contracts by the spring.", "Nothing else changes."]
    assert {b.kind for b in layout_document([page(1, *centred(sentences))]).blocks} == {"paragraph"}


def test_a_figures_notes_run_on_to_the_next_page() -> None:
    """The notes under a figure, cut by a page break, go on at the top of the next page in their
    smaller type: caption, not claims; the body text under them stays."""
    body = [f"Line {n} of the running text of the report goes on here." for n in range(6)]
    first = [chars(text, 72, 100 + 14 * i, 11) for i, text in enumerate(body)]
    first += [chars("Figure 3. Mineral Deposits", 72, 200, 11), chars("Notes: The depths at", 80, 600, 8)]
    rest = ["which the deposits lie below the surface of the ocean.", "For illustrative purposes only."]
    second = [chars(text, 80, 90 + 10 * i, 8) for i, text in enumerate(rest)]
    second.append(chars("The report goes on with a paragraph of its own on this page.", 72, 130, 11))
    blocks = layout_document([page(1, *first), page(2, *second)]).blocks
    assert [b.text for b in blocks if b.kind == "paragraph"] == [
        " ".join(body),
        "The report goes on with a paragraph of its own on this page.",
    ]


def test_a_side_heading_in_larger_type_is_not_part_of_the_line_beside_it() -> None:
    """A side heading set in 17 points stands an em of the body's 11 points from a body line: two
    lines, the heading read before the line beside it, never ``Breast Formula Discharge Pumps``."""
    rows = [
        chars("Bliss, Mary Campbell, and Kathleen Tebb. The Effect of Breast", 216, 161, 11),
        [*chars("Formula Discharge", 37, 178, 17), *chars("Pumps on Breastfeeding Duration, Birth 24.", 216, 181, 11)],
        chars("Caulfield, Laura E. Interventions to Promote Breastfeeding.", 216, 199, 11),
    ]
    texts = [ln.text for ln in page_lines([c for row in rows for c in row], 1, 11)]
    assert texts == [
        "Bliss, Mary Campbell, and Kathleen Tebb. The Effect of Breast",
        "Formula Discharge",
        "Pumps on Breastfeeding Duration, Birth 24.",
        "Caulfield, Laura E. Interventions to Promote Breastfeeding.",
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


def test_a_compound_broken_at_its_own_hyphen_before_a_capital_joins_without_a_space() -> None:
    """``U.S.-`` / ``India``: a word is never broken before a capital, so the hyphen is the
    compound's and the lines join without a space; a dash set apart (``word -``) stays apart."""
    rows = [
        chars("the strategic effort to strengthen U.S.-", 72, 100, 11),
        chars("India ties and the Fischer-", 72, 114, 11),
        chars("Tropsch process of the year -", 72, 128, 11),
        chars("Now the rest.", 72, 142, 11),
    ]
    (block,) = layout_document([page(1, *rows)]).blocks
    assert block.text == (
        "the strategic effort to strengthen U.S.-India ties and the Fischer-Tropsch process of the year - Now the rest."
    )


def test_a_title_set_large_in_a_narrow_column_is_read_whole_with_its_date() -> None:
    """A two-column Word layout sets the title in the first column a word or two a line, with
    ``U.S.`` and ``INDIA`` on lines of their own (a short line of capitals is taken for a logo
    only apart from the title), and the date under the author far down the page."""
    title = ["U.S.", "SANCTIONS ON", "PAKISTAN'S", "MISSILE", "PROGRAM", "AND", "INDIA"]
    rows = [chars(text, 80, 72 + 34 * i, 26) for i, text in enumerate(title)]
    rows += [chars("Jane Doe", 90, 330, 12), chars("January 28, 2025", 90, 346, 12)]
    rows += [
        chars(f"Line {n} of the body text in the second column of the page.", 320, 72 + 14 * n, 12) for n in range(30)
    ]
    layout = layout_document([page(1, *rows), page(2, *rows[-30:]), page(3, *rows[-30:])])
    metadata = printed_metadata(layout.first_page, layout.last_pages, {}, body_size=layout.body_size)
    assert (metadata.title, metadata.date) == ("U.S. SANCTIONS ON PAKISTAN'S MISSILE PROGRAM AND INDIA", "2025-01-28")


def test_a_letter_of_another_font_printed_over_one_is_not_a_glyph_drawn_twice() -> None:
    """A code line run on over the next column puts its ``e`` (a monospaced font, a point lower)
    over the ``e`` of ``Affect``: that is two letters of two lines, not fake bold's glyph drawn twice."""
    word = chars("Affect", 330, 100, 10)
    code = chars("the", word[3].x0 - 10, 101, 10, font="Courier")  # its "e" over the word's "e"
    assert (code[2].text, code[2].x0) == (word[3].text, word[3].x0)
    kept = dedupe_overprint(word + code)
    assert "".join(c.text for c in kept if c.fontname == "Times-Roman") == "Affect"
    assert len(kept) == len(word + code)
    bold = chars("Yet,", 72, 200, 10)
    twice = [c._replace(x0=c.x0 + 0.3, x1=c.x1 + 0.3) for c in bold]
    assert [ln.text for ln in page_lines(dedupe_overprint(bold + twice), 1, 10)] == ["Yet,"]


def test_a_hyphen_before_a_capital_or_a_figure_is_the_words_and_joins_without_a_space() -> None:
    """``non-`` / ``WIC``, ``Emrey-`` / ``Arras``, ``904-`` / ``2272``: no word is broken before a
    capital or a figure; the lines join keeping the hyphen (a name printed whole stays whole)."""
    text = ["Call us at (415) 904-", "2272 or write to Melissa Emrey-", "Arras about the non-", "WIC mothers."]
    layout = layout_document([page(1, *(chars(t, 72, 100 + 12 * i, 10) for i, t in enumerate(text)))])
    assert [b.text for b in layout.blocks] == [
        "Call us at (415) 904-2272 or write to Melissa Emrey-Arras about the non-WIC mothers."
    ]
    hyphens = Hyphenation.of([line("the staff: Jean McSween and others", 100)])
    assert not hyphens.keeps("and Jean Mc-", "Sween, Karen")  # printed whole elsewhere
    assert hyphens.keeps("pages 99-", "107 of the study")


def test_a_compound_broken_at_one_of_its_own_hyphens_keeps_it() -> None:
    """``Co-Analyst-`` / ``in-Charge``: a word with hyphens of its own breaks only at them, and the
    document printing ``Co-Analyst-in-Charge`` inside a line says so too, in a document that
    breaks other words at line ends."""
    breaking = [
        line("they develop and they continue", 100),
        line("to de-", 112),
        line("velop and to con-", 124),
        line("tinue the work", 136),
    ]
    hyphens = Hyphenation.of(breaking)
    assert hyphens.breaks_words is True
    assert hyphens.keeps("Marissa Jones (Co-Analyst-", "in-Charge), and")
    printed = Hyphenation.of([*breaking, line("Melissa (Co-Analyst-in-Charge) and", 148)])
    assert printed.keeps("Jones (Co-Analyst-", "in-Charge), and")
    assert not printed.keeps("Jones (Co-Ana-", "lyst-in-Charge)")  # 'analyst' printed whole


def test_a_sentence_cut_by_a_paragraph_break_goes_on_where_the_next_line_starts_in_lower_case() -> None:
    """``... for mothers who do not`` / (a paragraph's gap) / ``exclusively breastfeed.``: no paragraph
    starts in lower case, so the sentence goes on; a list's ``a)`` and a line in another weight
    (a heading's) start their own."""
    paragraphs = [
        ["Although formula makers agree that breastfeeding is best, they", "market it to mothers who do not"],
        ["exclusively breastfeed. A committee asked us to review the", "marketing and its effects on them."],
        ["We answered the following questions about the marketing and", "the rates, in this order"],
        ["a) how are the rates measured, and by whom are they measured", "in the states?"],
        ["The officials of the department said that they would look at", "the results of the review with"],
    ]
    for lines in paragraphs:  # three lines each: a paragraph's gap stands out from the line pitch
        lines.insert(1, "a line of running text set in the middle of this paragraph")
    rows, top = [], 100.0
    for lines in paragraphs:
        for text in lines:
            rows.append(chars(text, 72, top, 10))
            top += 12
        top += 8
    rows.append(chars("the states", 72, top, 10, font="Times-Bold"))
    blocks = layout_document([page(1, *rows)]).blocks
    assert [(b.text.split()[0], b.continues) for b in blocks] == [
        ("Although", False),
        ("exclusively", True),
        ("We", False),
        ("a)", False),
        ("The", False),
        ("the", False),
    ]


def test_a_narrow_columns_short_lines_running_on_in_lower_case_are_prose() -> None:
    """A word processor's narrow column breaks no word: a sentence runs through lines of a few
    words each, going on in lower case, or ends inside one after a parenthesis (``(WIC). WIC
    is``).  Prose, not stacked labels; an address block's lines each start a label of its own."""
    prose = [
        "In order to better protect the",
        "acronym and logo from being",
        "inappropriately used in formula",
        "advertisements, we recommend",
    ]
    ended = ["Program for Women, Infants", "and Children (WIC). WIC is", "administered by the Service"]
    address = ["Ranking Minority Member", "Committee on Appropriations", "United States Senate"]
    for lines, kind in ((prose, "paragraph"), (ended, "paragraph"), (address, "fragment")):
        rows = [chars(text, 72, 100 + 14 * i, 11) for i, text in enumerate(lines)]
        assert [b.kind for b in layout_document([page(1, *rows)]).blocks] == [kind], lines


def test_a_line_too_long_for_its_column_stopping_in_the_gutter_does_not_end_it() -> None:
    """A URL TeX cannot break runs from its column into the gutter, a few points short of the next
    column, on a baseline of its own: the columns are still read one after the other."""
    left = [f"Left column line {n} of the text goes on" for n in range(12)]
    left[8] = "https://www.example.com/news/why-the-strait-is-closed-n"  # 55 glyphs: 52 to 327
    right = [f"right column line {n} of the text" for n in range(12)]
    rows = [chars(text, 52 if n == 8 else 50, 100 + 13 * n, 10) for n, text in enumerate(left)]
    # The columns share baselines, then the second's lines fall between the first's (a list's spacing).
    rows += [chars(text, 330, 100 + 13 * n + (6 if n >= 4 else 0), 10) for n, text in enumerate(right)]
    lines = page_lines([c for row in rows for c in row], 1, 10)
    assert [ln.text for ln in lines] == left + right


def test_a_slides_text_over_its_background_image_is_prose() -> None:
    """A briefing slide printed in a report: its bullets, a little smaller than the letter's body,
    stand over the slide's background image.  Running prose on a background, not a figure's labels
    (a chart over an image has a few short labels)."""
    letter = [
        chars(f"Line {n} of the letter that goes on for many words here.", 72, 100 + 18 * n, 13.5) for n in range(20)
    ]
    bullets = [f"Point {n} of the slide is made in a line of many words." for n in range(6)]
    slide = [chars(text, 76, 250 + 14 * n, 12) for n, text in enumerate(bullets)]
    background = Shape("image", 35, 575, 160, 570)
    labels = [chars(text, 100, 250 + 40 * n, 9) for n, text in enumerate(["2019", "Share of infants", "2024"])]
    pages = [
        page(1, *letter),
        page(2, *slide)._replace(shapes=[background]),
        page(3, *labels)._replace(shapes=[background]),
    ]
    blocks = layout_document(pages).blocks
    assert [b.text for b in blocks if b.kind == "paragraph" and b.text.startswith("Point")] == [" ".join(bullets)]
    assert {b.kind for b in blocks if "infants" in b.text} == {"figure"}


def test_a_chart_notes_lines_read_between_the_lines_beside_it_stay_its_caption() -> None:
    """Beside a slide's last bullet, a chart's note runs on in smaller type; with too few rows for
    a gutter, its lines are read between the bullet's: still the note's, never claims."""
    body = [
        chars(f"Line {n} of the report's text runs on here in many words.", 76, 300 + 14 * n, 12) for n in range(10)
    ]
    bullet = ["• 64 percent of WIC infants had ever", "  been breastfed, compared to 78"]
    note = [
        "Note: Any breastfeeding includes",
        "infants who were also fed formula.",
        "The Healthy People 2000 goals were 75",
        "percent for infants at birth.",
    ]
    rows = [chars(text, 76, 100 + 13 * n, 12) for n, text in enumerate(bullet)]
    rows += [chars(text, 330, 100 + 10 * n, 9) for n, text in enumerate(note)]
    blocks = layout_document([page(1, *rows, *body)]).blocks
    caption = " ".join(b.text for b in blocks if b.kind == "caption")
    assert "The Healthy People 2000 goals were 75 percent for infants at birth." in caption
    assert not any("Healthy People" in b.text for b in blocks if b.kind in ("paragraph", "list_item"))
