"""Markdown read through its syntax tree (ingest/mdtree.py): what the format knows exactly is not guessed.

Each test names what the line reader got wrong before the tree told it what each line is.
"""

from __future__ import annotations

from briefs_analyzer.model import Brief
from tests.factories import brief_from, codes


def _read(text: str) -> Brief:
    return brief_from(text, markdown=True)


def _claims(brief: Brief) -> list[tuple[str, int, tuple[int, ...]]]:
    return [(s.text, s.line, s.markers) for s in brief.sentences]


def _regions(brief: Brief) -> list[tuple[str, str, int | None, tuple[int, ...]]]:
    return [(r.kind, r.text, r.line, r.markers) for r in brief.regions]


def _notes(brief: Brief) -> list[tuple[int, str, str, int]]:
    return [(n.number, n.text, n.style, n.line) for n in brief.notes]


# --- 1. a numbered list is a list, except under a notes heading ---------------------------------


def test_a_numbered_list_in_the_body_is_a_list_not_notes() -> None:
    brief = _read(
        "# Sanctions on India\n\n"  # 1-2
        "Sanctions were imposed in 1998.[^1]\n\n"  # 3-4
        "The measures were these:\n\n"  # 5-6
        "1. First item is here.\n"  # 7
        "2. Second item.\n\n"  # 8-9
        "[^1]: Reuters, 12 May 1998.\n"  # 10
    )
    assert _claims(brief) == [
        ("Sanctions were imposed in 1998.", 3, (1,)),
        ("First item is here.", 7, ()),
        ("Second item.", 8, ()),
    ]
    assert _notes(brief) == [(1, "Reuters, 12 May 1998.", "markdown", 10)]
    assert codes(brief) == []  # was BA102 (note 2 never referenced) and BA103 (note 1 defined twice)
    assert [(m.number, m.line, m.column) for m in brief.markers] == [(1, 3, 32)]


def test_a_numbered_list_under_a_notes_heading_is_the_notes_list() -> None:
    brief = _read(
        "# Sanctions on India\n\n"
        "Sanctions were imposed in 1998.[1] They were lifted in 2001.[2]\n\n"
        "## Notes\n"  # 5: no blank line before the list
        "1. Reuters, 12 May 1998.\n"  # 6
        "2. Dawn, 3 March 2001.\n"  # 7
    )
    assert _notes(brief) == [(1, "Reuters, 12 May 1998.", "plain", 6), (2, "Dawn, 3 March 2001.", "plain", 7)]
    assert codes(brief) == []
    assert [s.markers for s in brief.sentences] == [(1,), (2,)]


def test_a_nested_list_item_is_an_item_of_its_own() -> None:
    brief = _read("# Brief\n\nThe measures were many:\n\n- Parent item one.\n    - Nested item.\n- Parent two.\n")
    assert _claims(brief) == [("Parent item one.", 5, ()), ("Nested item.", 6, ()), ("Parent two.", 7, ())]


# --- 2. code is a region, never claims -----------------------------------------------------------

CODE = (
    "# Sanctions on India\n\n"  # 1-2
    "The data were fetched with a script.[^1]\n\n"  # 3-4
    "```python\n"  # 5
    "# not a heading\n"  # 6
    "[^2]: not a note. Not a claim either.\n"  # 7
    "```\n\n"  # 8-9
    "    tons = 1200. Not a claim.\n\n"  # 10-11
    "The script ran in 2024.\n\n"  # 12-13
    "[^1]: The script, 2024.\n"  # 14
    "    Continued on an indented line.\n\n"  # 15-16
    "    And after a blank line.\n"  # 17: goes on with the note, not an indented code block
)


def test_fenced_and_indented_code_are_code_regions() -> None:
    brief = _read(CODE)
    assert _claims(brief) == [("The data were fetched with a script.", 3, (1,)), ("The script ran in 2024.", 12, ())]
    assert _regions(brief) == [
        ("code", "# not a heading\n[^2]: not a note. Not a claim either.", 5, ()),
        ("code", "tons = 1200. Not a claim.", 10, ()),
    ]
    assert [s.heading for s in brief.sections] == [None]  # '# not a heading' is code
    assert _notes(brief) == [
        (1, "The script, 2024.\nContinued on an indented line.\nAnd after a blank line.", "markdown", 14)
    ]
    assert codes(brief) == []  # was BA102 and BA104 for the 'note' in the code


def test_a_marker_after_a_code_block_keeps_its_line_and_column() -> None:
    brief = _read("# Brief\n\n```\ncode\n```\nSanctions were imposed in 1998.[^3]\n\n[^1]: Reuters.\n")
    assert _claims(brief) == [("Sanctions were imposed in 1998.", 6, (3,))]
    assert _regions(brief) == [("code", "code", 3, ())]
    assert [(m.number, m.line, m.column) for m in brief.markers] == [(3, 6, 32)]
    assert [(p.code, p.line, p.column) for p in brief.problems] == [
        ("BA101", 6, 32),
        ("BA102", 8, 1),
        ("BA104", 6, 32),
    ]


def test_prose_a_converter_indented_deeply_is_still_read_as_text() -> None:
    brief = _read("# Brief\n\nThe media were these:\n\n                    - network TV, and\n\nThey were counted.\n")
    assert "code" not in [r.kind for r in brief.regions]


# --- 3. setext headings ------------------------------------------------------------------------


def test_setext_headings_are_headings() -> None:
    brief = _read(
        "# Sanctions on India\n\n"  # 1-2
        "Sanctions were imposed in 1998.\n\n"  # 3-4
        "Background and\n"  # 5
        "Context\n"  # 6
        "==============\n\n"  # 7-8
        "They were lifted in 2001.\n\n"  # 9-10
        "Outlook\n"  # 11
        "-------\n\n"  # 12-13
        "They may return.\n"  # 14
    )
    assert [(s.heading, s.level, s.line) for s in brief.sections] == [
        (None, 0, None),
        ("Background and Context", 1, 5),
        ("Outlook", 2, 11),
    ]
    assert _claims(brief) == [
        ("Sanctions were imposed in 1998.", 3, ()),
        ("They were lifted in 2001.", 9, ()),
        ("They may return.", 14, ()),
    ]
    assert _regions(brief) == []  # the underlines were read as text: two fragments


def test_a_setext_notes_heading_opens_the_notes_list() -> None:
    brief = _read("# Brief\n\nSanctions were imposed in 1998.[1]\n\nNotes\n-----\n\n1. Reuters, 12 May 1998.\n")
    assert _notes(brief) == [(1, "Reuters, 12 May 1998.", "plain", 8)]
    assert codes(brief) == []


# --- 4. GFM tables without leading pipes -------------------------------------------------------


def test_a_table_without_leading_pipes_is_a_table_region() -> None:
    brief = _read(
        "# Sanctions on India\n\n"  # 1-2
        "Exports fell after 1998.[^1]\n\n"  # 3-4
        "Year | Tons\n"  # 5
        "---- | ----\n"  # 6
        "1998 | 1,200[^2]\n"  # 7
        "2001 | 900\n\n"  # 8-9
        "They recovered by 2005.\n\n"  # 10-11
        "[^1]: Reuters, 12 May 1998.\n"
        "[^2]: Dawn, 3 March 2001.\n"
    )
    assert _claims(brief) == [("Exports fell after 1998.", 3, (1,)), ("They recovered by 2005.", 10, ())]
    (table,) = brief.regions
    assert (table.kind, table.line, table.markers) == ("table", 5, (2,))
    assert table.cells == (("Year", "Tons"), ("1998", "1,200"), ("2001", "900"))
    assert codes(brief) == []  # note 2 is referenced from the table


# --- 5. HTML blocks ---------------------------------------------------------------------------


def test_an_html_block_is_a_region_of_its_text_without_tags() -> None:
    brief = _read(
        "# Sanctions on India\n\n"  # 1-2
        "Sanctions were imposed in 1998.[^1]\n\n"  # 3-4
        '<div class="box">\n'  # 5
        "<p>A boxed <b>summary</b> of the sanctions &amp; tariffs.[^2]</p>\n"  # 6
        "</div>\n\n"  # 7-8
        "<!--\nAn editor's note over\ntwo lines.\n-->\n\n"  # 9-13: a comment gives nothing
        "They were lifted in 2001.\n\n"  # 14-15
        "[^1]: Reuters, 12 May 1998.\n"
        "[^2]: Dawn, 3 March 2001.\n"
    )
    assert _claims(brief) == [("Sanctions were imposed in 1998.", 3, (1,)), ("They were lifted in 2001.", 14, ())]
    assert _regions(brief) == [("html", "A boxed summary of the sanctions & tariffs.", 6, (2,))]
    assert codes(brief) == []


def test_a_directive_comment_still_silences_its_rule() -> None:
    text = (
        "# Brief\n\n"
        "<!-- briefs: disable-file BA102 -->\n\n"
        "Sanctions were imposed in 1998.\n\n"
        "[^1]: Reuters, 12 May 1998.\n"
    )
    brief = _read(text)
    assert _claims(brief) == [("Sanctions were imposed in 1998.", 5, ())]
    assert brief.regions == ()
    assert codes(brief) == [("BA102", 7)]  # found here; the check silences it (tests/test_directives.py)


# --- what the tree does not change ---------------------------------------------------------


def test_crs_notes_table_rows_under_a_footnotes_heading_stay_notes() -> None:
    brief = _read(
        "# Brief\n\n"
        "Sanctions were imposed in 1998. They were lifted in 2001.\n\n"
        "# Footnotes\n\n"
        "| 1. | Reuters, 12 May 1998. \n"
        "| 2. | Dawn, 3 March 2001. \n"
    )
    assert _notes(brief) == [(1, "Reuters, 12 May 1998.", "table", 7), (2, "Dawn, 3 March 2001.", "table", 8)]
    assert brief.regions == ()


def test_plain_text_keeps_reading_a_numbered_list_after_a_marker_as_notes() -> None:
    brief = brief_from("Sanctions were imposed in 1998.¹\n\n1 Reuters, 12 May 1998.\n")
    assert _notes(brief) == [(1, "Reuters, 12 May 1998.", "plain", 3)]
