"""The note, marker and heading forms real briefs use, and the problems they can have."""

from __future__ import annotations

from pathlib import Path

from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.model import Brief
from briefs_analyzer.pipeline import default_stages
from tests.factories import brief_from, codes

FRONT = "A TITLE FOR TESTS\n\nBy\n\nJane Doe\n\nJanuary 5, 2025\n\n"


def word_brief(folder: Path, paragraphs: list[str], *, author: str | None = None) -> Brief:
    """A .docx with a Title-styled title and ``paragraphs``, analysed."""
    import docx

    document = docx.Document()
    if author:
        document.core_properties.author = author
    document.add_paragraph("A Title for Tests", style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(folder / "brief.docx"))
    return analyze_file(folder / "brief.docx", default_stages())


def claim_markers(brief: Brief) -> list[tuple[str, tuple[int, ...]]]:
    return [(s.text, s.markers) for s in brief.sentences if s.markers]


def test_superscripts_mid_sentence_and_multi_digit() -> None:
    body = "x " * 0 + "Laws such as the Symington³, the Pressler⁴ and Glenn amendments⁵ applied.¹⁰\n\n"
    notes = "³ Note three.\n\n⁴ Ibid.\n\n⁵ Five.\n\n¹⁰ Ten.\n"
    brief = brief_from(FRONT + body + notes)
    assert claim_markers(brief) == [
        ("Laws such as the Symington, the Pressler and Glenn amendments applied.", (3, 4, 5, 10))
    ]
    assert [n.number for n in brief.notes] == [3, 4, 5, 10]
    assert [m.anchor for m in brief.markers] == [
        "Laws such as the Symington",
        ", the Pressler",
        "and Glenn amendments",
        "applied.",
    ]


def test_plain_number_note_only_where_it_continues_the_sequence() -> None:
    text = FRONT + (
        "The war began.¹ It spread.²\n\n"
        "¹ First source, 2001.\n\n"
        "1965 war between the two states is a plain paragraph.\n\n"
        "2 Second source, 2002.\n"
    )
    brief = brief_from(text)
    assert [(n.number, n.style) for n in brief.notes] == [(1, "superscript"), (2, "plain")]
    assert any(s.text.startswith("1965 war") for s in brief.sentences)
    assert brief.problems == ()


def test_paragraph_split_by_notes_is_stitched() -> None:
    text = FRONT + (
        "It carries payloads¹\n\n"
        "¹ A note, 2020.\n\n"
        "above 500kg over long distances.² Next sentence here.\n\n"
        "² Another note, 2021.\n"
    )
    brief = brief_from(text)
    assert [s.text for s in brief.sentences] == [
        "It carries payloads above 500kg over long distances.",
        "Next sentence here.",
    ]
    assert brief.sentences[0].markers == (1, 2)


def test_markdown_footnotes_multiline_and_headings() -> None:
    text = (
        "# A Markdown Brief\n\n"
        "By Jane Doe\n\n"
        "## First Section\n\n"
        "A claim with a *stressed* word and a [link](https://example.org).[^1] Another claim.[^2]\n\n"
        "[^1]: First line of the note,\n"
        "    continued on an indented line.\n"
        "[^2]: Second note.\n"
    )
    brief = brief_from(text, markdown=True)
    assert brief.metadata.title == "A Markdown Brief"
    assert [a.name for a in brief.metadata.authors] == ["Jane Doe"]
    assert [(s.heading, s.level) for s in brief.sections] == [("First Section", 2)]
    assert claim_markers(brief) == [
        ("A claim with a stressed word and a link.", (1,)),
        ("Another claim.", (2,)),
    ]
    assert [(n.number, n.style, n.text) for n in brief.notes] == [
        (1, "markdown", "First line of the note,\ncontinued on an indented line."),
        (2, "markdown", "Second note."),
    ]
    assert brief.problems == ()


def test_bracketed_markers_with_endnotes_list() -> None:
    text = FRONT + (
        "Sanctions were imposed in 1998.[1] They were lifted in 2001.[2]\n\n"
        "Endnotes\n\n"
        "1. First source, 1998.\n"
        "2. Second source, 2001.\n"
    )
    brief = brief_from(text)
    assert claim_markers(brief) == [
        ("Sanctions were imposed in 1998.", (1,)),
        ("They were lifted in 2001.", (2,)),
    ]
    assert [(n.number, n.text) for n in brief.notes] == [(1, "First source, 1998."), (2, "Second source, 2001.")]
    assert brief.problems == ()
    assert all(s.heading != "Endnotes" for s in brief.sections)


def test_references_list_in_brackets() -> None:
    text = FRONT + "A claim.[1]\n\nReferences\n\n[1] A source, 2020.\n"
    brief = brief_from(text)
    assert [(n.number, n.style) for n in brief.notes] == [(1, "bracket")]
    assert claim_markers(brief) == [("A claim.", (1,))]


def test_markdown_table_of_notes_without_markers() -> None:
    text = "# Report\n\nSome text of the report here.\n\n# Footnotes\n\n| 1. | First note. |\n| 2. | Second note. |\n"
    brief = brief_from(text, markdown=True)
    assert [(n.number, n.style, n.text) for n in brief.notes] == [
        (1, "table", "First note."),
        (2, "table", "Second note."),
    ]
    assert codes(brief) == [("BA102", 7), ("BA102", 8)]


def test_unit_exponents_are_not_markers() -> None:
    brief = brief_from(FRONT + "The zone covers 300 km² of sea.\n")
    assert brief.markers == ()
    assert brief.sentences[0].text == "The zone covers 300 km² of sea."


def test_problems_marker_without_note_and_note_without_marker() -> None:
    text = FRONT + "First claim.¹ Second claim.²\n\n¹ Only note one.\n\n³ A note nobody cites.\n"
    brief = brief_from(text)
    by_code = {p.code: p for p in brief.problems}
    # The gap in the notes (1, 3) is explained by marker 2's missing note: reported once, as BA101.
    assert set(by_code) == {"BA101", "BA102"}
    assert (by_code["BA101"].line, by_code["BA101"].column) == (9, 28)
    assert by_code["BA101"].message == "marker 2 has no note"
    assert by_code["BA102"].line == 13


def test_problem_gap_in_both_numberings() -> None:
    brief = brief_from(FRONT + "First claim.¹ Second claim.³\n\n¹ One.\n\n³ Three.\n")
    assert [(p.code, p.line, p.message) for p in brief.problems] == [
        ("BA104", 13, "note 3 follows note 1: number 2 is missing"),
        ("BA104", 9, "marker 3 follows marker 1: number 2 is missing"),
    ]


def test_problem_duplicate_note() -> None:
    text = FRONT + "A claim.¹ B claim.²\n\n¹ One.\n\n² Two.\n\n² Two again.\n"
    brief = brief_from(text)
    assert codes(brief) == [("BA103", 15)]


def test_problem_marker_steps_backwards() -> None:
    text = FRONT + "A.¹ B.³ C.²\n\n¹ One.\n\n² Two.\n\n³ Three.\n"
    brief = brief_from(text)
    assert [(p.code, p.message) for p in brief.problems] == [
        ("BA104", "marker 3 follows marker 1: number 2 is missing"),
        ("BA104", "marker 2 comes after marker 3"),
    ]


def test_brief_without_notes() -> None:
    brief = brief_from(FRONT + "A claim without support. Another one.\n")
    assert (brief.notes, brief.markers, brief.problems) == ((), (), ())
    assert len(brief.sentences) == 2


def test_notes_without_markers_are_each_a_problem() -> None:
    brief = brief_from(FRONT + "A claim.\n\n¹ One.\n\n² Two.\n")
    assert [p.code for p in brief.problems] == ["BA102", "BA102"]


def test_front_matter_variants() -> None:
    text = (
        "Title Of A Brief\nBy Jane Doe and John Roe\nSenior Fellow, Institute of Things\n3 March 2024\n\n"
        "Body text starts here and it is long enough to be prose for sure.\n"
    )
    md = brief_from(text).metadata
    assert md.title == "Title Of A Brief"
    assert [(a.name, a.role) for a in md.authors] == [("Jane Doe", None), ("John Roe", "Senior Fellow")]
    assert md.organization == "Institute of Things"
    assert md.date == "2024-03-03"


def test_text_without_front_matter() -> None:
    brief = brief_from("This is simply a long paragraph of running text with no title at all, nothing more.\n")
    assert brief.metadata.title is None
    assert len(brief.sentences) == 1


def test_markdown_key_value_front_matter() -> None:
    text = (
        "# Electing the Speaker\n\n"
        "**Product Type:** Reports\n"
        "**Author(s):** Heitshusen, Valerie\n"
        "**Publication Date:** 04/21/2026\n\n"
        "The House elects its Speaker at the start of each Congress, by roll call vote.\n"
    )
    md = brief_from(text, markdown=True).metadata
    assert (md.title, [a.name for a in md.authors], md.date) == (
        "Electing the Speaker",
        ["Valerie Heitshusen"],
        "2026-04-21",
    )


def test_marker_on_a_heading_backs_the_first_claim_of_its_section() -> None:
    text = "# Report\n\n## Magnitude of Risk[^1]\n\nThe risk is large. It grows.[^2]\n\n[^1]: One.\n[^2]: Two.\n"
    brief = brief_from(text, markdown=True)
    assert [s.heading for s in brief.sections] == ["Magnitude of Risk"]
    assert claim_markers(brief) == [("The risk is large.", (1,)), ("It grows.", (2,))]
    assert [(m.number, m.anchor) for m in brief.markers] == [(1, "Magnitude of Risk"), (2, "It grows.")]
    assert brief.problems == ()


def test_the_authors_line_closing_a_brief_is_not_a_claim(tmp_path: Path) -> None:
    """``Jane Doe, Specialist in Nonproliferation`` under the text, as two-page briefs end: front
    matter.  A sentence about the author, or a line naming someone else, stays a claim."""
    paragraphs = [
        "Sanctions were imposed in 1998 and lifted in 2001.",
        "Jane Doe, Specialist in Nonproliferation",
        "Jane Doe, an analyst, wrote in 2024 that they failed.",
        "John Roe, Specialist in Trade Policy",
    ]
    brief = word_brief(tmp_path, paragraphs, author="Jane Doe")
    assert [p.name for p in brief.metadata.authors] == ["Jane Doe"]
    assert [s.text for s in brief.sentences] == [
        "Sanctions were imposed in 1998 and lifted in 2001.",
        "Jane Doe, an analyst, wrote in 2024 that they failed.",
    ]
    regions = [(r.kind, r.text) for r in brief.regions]
    assert ("front_matter", "Jane Doe, Specialist in Nonproliferation") in regions
    assert ("fragment", "John Roe, Specialist in Trade Policy") in regions  # a label, not the author


def test_markdown_list_items_and_hard_breaks_end_paragraphs() -> None:
    """Each list item is a paragraph of its own (a lead-in without a colon does not swallow it); a
    hard line break after a sentence ends one; emphasis left unclosed (``**Oversight. **Any``) is
    markup, not text."""
    text = (
        "# A Title\n\n"
        "Possible issues include\n"
        "- **Sanctions.** Relief was discussed in April.\n"
        "- **Oversight. **Any agreement would trigger review.  \n"
        "Disclaimer:  \n"
        "This report is not subject to copyright protection in the United States. It may be reproduced "
        "and distributed in its entirety without further permission.\n"
    )
    brief = brief_from(text, markdown=True)
    assert [s.text for s in brief.sentences] == [
        "Sanctions.",
        "Relief was discussed in April.",
        "Oversight.",
        "Any agreement would trigger review.",
    ]
    assert [(r.kind, r.text[:23]) for r in brief.regions] == [
        ("fragment", "Possible issues include"),
        ("fragment", "Disclaimer:"),
        ("furniture", "This report is not subj"),
    ]


def test_a_reference_list_gives_no_claims() -> None:
    """Three entries or more, author surname first, with a year and a title or volume: a reference
    list.  A sentence of the body that opens with a surname stays a claim."""
    entries = [
        "Bliss, Mary, and Kathleen Tebb. “The Effect of Discharge Pack Formula.” Birth 24:2 (June 1997): 90-97.",
        "Caulfield, Laura E. “Interventions to Promote Breastfeeding.” Journal of Human Lactation 14:1 (1998).",
        "Dungy, Claibourne I. “Hospital Infant Formula Discharge Packages.” Pediatrics 151 (July 1997): 724-729.",
    ]
    body = "Smith, Jones and others found lower rates in 1997.\n\n## Studies Reviewed\n\n"
    brief = brief_from(FRONT + body + "\n\n".join(entries) + "\n", markdown=True)
    assert [s.text for s in brief.sentences] == ["Smith, Jones and others found lower rates in 1997."]
    assert [r.text for r in brief.regions if r.kind == "references"] == entries
    two = brief_from(FRONT + body + "\n\n".join(entries[:2]) + "\n", markdown=True)
    assert not [r for r in two.regions if r.kind == "references"]  # two entries are not yet a list


def test_a_paragraph_left_mid_sentence_resumes_in_the_next(tmp_path: Path) -> None:
    """A paragraph that stops mid-sentence and one that goes on in lower case (a figure, a page
    break or a converter's blank line between them) are one paragraph, in every format; a short
    open line (a heading, a running head) is never resumed."""
    paragraphs = [
        "The agency reported in its annual review that the program had not met its",
        "goals in any year since 2015.",
        "Appendix I: Scope and Methodology",
        "data were gathered from the states.",
    ]
    brief = word_brief(tmp_path, paragraphs)
    assert [s.text for s in brief.sentences] == [
        "The agency reported in its annual review that the program had not met its goals in any year since 2015.",
        "data were gathered from the states.",
    ]


def test_an_address_block_in_text_is_a_fragment() -> None:
    """Short lines stacked with no sentence ending in them (a letter's addressee) are a fragment,
    as in a PDF; a paragraph of wrapped prose lines, or one ending a sentence, stays prose."""
    address = "\n".join(
        ["Ranking Minority Member", "Subcommittee on Agriculture, Rural Development,", "Committee on Appropriations"]
    )
    prose = "The agency said\nthat the sanctions\nwere lifted in 2001."
    brief = brief_from(FRONT + "Sanctions were imposed in 1998.\n\n" + address + "\n\n" + prose + "\n", markdown=True)
    assert [s.text for s in brief.sentences] == [
        "Sanctions were imposed in 1998.",
        "The agency said that the sanctions were lifted in 2001.",
    ]
    assert [r.kind for r in brief.regions if "Ranking" in r.text] == ["fragment"]
