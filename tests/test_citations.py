"""Parsing one note into citations: tables of (note text, expected fields)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs_analyzer.citations import clean_note_text, clean_url, mark_italics, parse_note, split_citations
from briefs_analyzer.model import Citation


def only(text: str) -> Citation:
    """The single citation of a note (fails if the note holds more or fewer)."""
    citations = parse_note(text)
    assert len(citations) == 1, citations
    return citations[0]


def fields(citation: Citation, *names: str) -> dict[str, Any]:
    return {name: getattr(citation, name) for name in names}


# --- titles and containers --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "title", "container"),
    [
        (
            '"US Imposes More Sanctions over Pakistan\'s Missile Program," *Reuters*, December 18, 2024, '
            "<https://www.reuters.com/world/x/>.",
            "US Imposes More Sanctions over Pakistan's Missile Program",
            "Reuters",
        ),
        (
            "Mathew Miller, “U.S. Announces Additional Sanctions,” *U.S. Department of State*, December 18, 2024.",
            "U.S. Announces Additional Sanctions",
            "U.S. Department of State",
        ),
        (
            "*Times of India*, “US to remove regulations, announces NSA Jake Sullivan” January 6, 2025, "
            "<https://t.in/a>.",
            "US to remove regulations, announces NSA Jake Sullivan",
            "Times of India",
        ),
        (
            '*Nuclear Threat Initiative*, "Missile Technology Control Regime (MTCR)", May 3, 2024, '
            "<https://www.nti.org/>.",
            "Missile Technology Control Regime (MTCR)",
            "Nuclear Threat Initiative",
        ),
        (
            '"Pakistan\'s Sanction Waivers: A Summary," Carnegie Endowment for International Peace, October 29, 2001.',
            "Pakistan's Sanction Waivers: A Summary",
            "Carnegie Endowment for International Peace",
        ),
        (
            '"Report to Congress," U.S. Department of State Archive, Bureau of South Asian Affairs, June 15, 1997.',
            "Report to Congress",
            "U.S. Department of State Archive",
        ),
        (
            "Jane G. Gravelle, “Policy Options to Address Profit Shifting: Carrots or Sticks?” Tax Notes, July 4, "
            "2016.",
            "Policy Options to Address Profit Shifting: Carrots or Sticks?",
            "Tax Notes",
        ),
        (
            "Alex Brill and Kevin Hassett, Revenue Maximizing Corporate Income Taxes, American Enterprise Institute, "
            "Working Paper no. 137, July 31, 2007.",
            "Revenue Maximizing Corporate Income Taxes",
            None,  # the institute issues the working paper: its publisher (below)
        ),
        (
            "William McKay and Charles W. Johnson, Parliament and Congress: Representation and Scrutiny "
            "(Oxford University Press, 2010), pp. 46-47.",
            "Parliament and Congress: Representation and Scrutiny",
            None,  # a book has a publisher, not a container
        ),
    ],
)
def test_title_and_container(text: str, title: str, container: str | None) -> None:
    c = only(text)
    assert (c.kind, c.title, c.container) == ("full", title, container)


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        (
            "Alex Brill and Kevin Hassett, Revenue Maximizing Corporate Income Taxes, American Enterprise Institute, "
            "Working Paper no. 137, July 31, 2007.",
            "American Enterprise Institute",
        ),
        (
            "William McKay and Charles W. Johnson, Parliament and Congress: Representation and Scrutiny "
            "(Oxford University Press, 2010), pp. 46-47.",
            "Oxford University Press",
        ),
    ],
)
def test_publisher(text: str, publisher: str) -> None:
    assert only(text).publisher == publisher


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ('Girish Kumar, "Title," *Journal* 9, no. 2 (2016): 98.', ("Girish Kumar",)),
        ('K. Subrahmanyam, "Soviet Help," The Embassy, 1981.', ("K. Subrahmanyam",)),
        ('Robert M Hathaway, "Confrontation," Arms Control Association, 2000.', ("Robert M Hathaway",)),
        (
            "Laura Kawano and Joel Slemrod, “How Do Bases Change?” Tax Journal, vol. 23 (2016).",
            ("Laura Kawano", "Joel Slemrod"),
        ),
        (
            "John V. Sullivan, Thomas J. Wickham Jr., and Jason A. Smith, House Practice: A Guide (GPO, 2024), ch. 34.",
            ("John V. Sullivan", "Thomas J. Wickham Jr.", "Jason A. Smith"),
        ),
        (
            "CRS Report R41743, International Corporate Tax Rate Comparisons and Policy Implications, by Jane G. "
            "Gravelle.",
            ("Jane G. Gravelle",),
        ),
        ('"Untitled Wire Story," *Reuters*, May 3, 2024.', ()),
    ],
)
def test_authors(text: str, authors: tuple[str, ...]) -> None:
    assert only(text).authors == authors


def test_journal_volume_issue_year_and_pages() -> None:
    c = only(
        "Ghazala Yasmin Jalil, \"India's Membership of Missile Technology Control Regime: Implications for South "
        'Asia," '
        "*Strategic Studies* 37, no. 3, (2017): 41-54."
    )
    assert fields(c, "container", "volume", "issue", "date", "pages") == {
        "container": "Strategic Studies",
        "volume": "37",
        "issue": "3",
        "date": "2017",
        "pages": "41-54",
    }


def test_plain_journal_with_vol_and_pp() -> None:
    c = only(
        "Kimberly A. Clausing, “Corporate Tax Revenues in OECD Countries,” International Tax and Public Finance, "
        "vol. 14\n"
        "(April 2007), pp. 115-133."
    )
    assert fields(c, "container", "volume", "date", "pages") == {
        "container": "International Tax and Public Finance",
        "volume": "14",
        "date": "2007-04",
        "pages": "115-133",
    }


# --- URLs -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "url"),
    [
        ('"T," *Reuters*, May 3, 2024, <https://www.reuters.com/world/a-b/>.', "https://www.reuters.com/world/a-b/"),
        (
            '"T," The Embassy, 1981, https://india.mid.ru/en/history/soviet_help/.',
            "https://india.mid.ru/en/history/soviet_help/",
        ),
        ('"T," Site, May 3, 2024, https://example.org/page?id=4;', "https://example.org/page?id=4"),
        (
            '"T," Site, May 3, 2024 (https://en.wikipedia.org/wiki/Ibid_(disambiguation)).',
            "https://en.wikipedia.org/wiki/Ibid_(disambiguation)",
        ),
        (
            '"T," Site, May 3, 2024, <https://example.org/a?x=1&y=2>, accessed May 4, 2024.',
            "https://example.org/a?x=1&y=2",
        ),
        # a line break inside <...> is just removed
        (
            '"T," Site, May 3, 2024, <https://www.nti.org/education-center/\ntreaties-and-regimes/mtcr/>.',
            "https://www.nti.org/education-center/treaties-and-regimes/mtcr/",
        ),
        (
            '"T," Site, May 3, 2024, <https://www.nti.org/education-center/treaties-\n  and-regimes/>.',
            "https://www.nti.org/education-center/treaties-and-regimes/",
        ),
        # a bare URL broken at a line end, continued on the next line without spaces (real R48913 notes)
        (
            "Timothy Dowd et al., Profit Shifting of U.S. Multinationals, January 6, 2016, "
            "https://papers.ssrn.com/sol3/\n"
            "papers.cfm?abstract_id=2711968",
            "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=2711968",
        ),
        (
            "R. Glenn Hubbard, “Art Laffer, Righter Than Ever,” National Review, February 13, 2006, "
            "https://www.aei.org/articles/art-laffer-righter-than-\never/.",
            "https://www.aei.org/articles/art-laffer-righter-than-ever/",
        ),
        (
            "See Alan Blinder, Thoughts on the Laffer Curve, 1980, https://books.google.com/books?id=YWD_CAAAQBAJ&pg=\n"
            "PA83#v=onepage&q&f=false. Laffer does not recall this specific incidence.",
            "https://books.google.com/books?id=YWD_CAAAQBAJ&pg=PA83#v=onepage&q&f=false",
        ),
        (
            "Author, Some Report, May 2006, https://www.researchgate.net/publication/\n"
            "4924248_Developments_in_the_Taxation_of_Corporate_Profit_Revenu\n"
            "es/link/00b49519df55672802000000/download",
            "https://www.researchgate.net/publication/4924248_Developments_in_the_Taxation_of_Corporate_Profit_Revenues"
            "/link/00b49519df55672802000000/download",
        ),
    ],
)
def test_url(text: str, url: str) -> None:
    assert only(text).url == url


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # a URL that ends its line with sentence punctuation is not continued
        ("see https://example.org/a.\nAccessed May 1, 2024.", "see https://example.org/a. Accessed May 1, 2024."),
        # a capitalised word on the next line is a new sentence, not the rest of the URL
        ("https://example.org/a/\nAccessed May 1, 2024.", "https://example.org/a/ Accessed May 1, 2024."),
        ("https://example.org/a/\nand more", "https://example.org/a/ and more"),
        ("https://a.org/x/\nhttps://b.org/y", "https://a.org/x/ https://b.org/y"),
        ("<https://a.org/x/\n y/z>", "<https://a.org/x/y/z>"),
        ("pp. 121-\n134. Even", "pp. 121-134. Even"),
    ],
)
def test_clean_note_text_joins_only_real_continuations(text: str, joined: str) -> None:
    assert clean_note_text(text) == joined


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<https://a.org/x>", "https://a.org/x"),
        ("https://a.org/x/.", "https://a.org/x/"),
        ("https://a.org/x),", "https://a.org/x"),
        ("https://a.org/wiki/A_(b)", "https://a.org/wiki/A_(b)"),
        ("https://a.org/x”.", "https://a.org/x"),
    ],
)
def test_clean_url(raw: str, clean: str) -> None:
    assert clean_url(raw) == clean


# --- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "date", "accessed"),
    [
        ('"T," *The Economic Times*, December 18, 2024, <https://e.com/a>.', "2024-12-18", None),
        ('"T," *Dawn*, 18 December 2024, <https://e.com/a>.', "2024-12-18", None),
        ('*Nuclear Threat Initiative*, "T", May 3, 2024, <https://www.nti.org/>.', "2024-05-03", None),
        ('Girish Kumar, "T," *Indian Journal of Politics* 9, no. 2 (2016): 98.', "2016", None),
        ('K. Subrahmanyam, "T," The Embassy of the Russian Federation, 1981, https://india.mid.ru/.', "1981", None),
        (
            'Robert M Hathaway, "T," Arms Control Association, accessed January 14, 2025, '
            "<https://www.armscontrol.org/a>.",
            None,
            "2025-01-14",
        ),
        ('"T," Site, March 2, 2020 (accessed 5 January 2021), https://s.org/.', "2020-03-02", "2021-01-05"),
        ('"US to remove regulations “in 2024”," *Times*, January 6, 2025.', "2025-01-06", None),
        ("John Smith, A Book (Oxford University Press, 2010), 45.", "2010", None),
    ],
)
def test_dates(text: str, date: str | None, accessed: str | None) -> None:
    c = only(text)
    assert (c.date, c.accessed) == (date, accessed)


# --- repeats ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "locator"),
    [
        ("Ibid.", None),
        ("Ibid", None),
        ("Ibid., 45.", "45"),
        ("Ibid., pp. 45–46.", "pp. 45–46"),
        ("ibid., 12", "12"),
        ("Id.", None),
        ("Id. at 45.", "45"),
        ("See id. at 425–26.", "425–26"),
        ("Id. § 337(a).", "§ 337(a)"),
        ("Id. at 770 (internal quotations omitted).", "770"),
        ("Id. The court noted that the clause does not reach the claim.", None),
    ],
)
def test_ibid_and_id(text: str, locator: str | None) -> None:
    c = parse_note(text)[0]
    assert (c.kind, c.locator) == ("ibid", locator)


@pytest.mark.parametrize(
    ("text", "authors", "target", "locator"),
    [
        ("See Adkins, Pepper & Sykes, supra note 34, at 17.", ("Adkins", "Pepper", "Sykes"), 34, "17"),
        ("See NAT’L CONSUMER L. CTR., supra note 18, at 1–3.", ("NAT’L CONSUMER L. CTR.",), 18, "1–3"),
        ("Smith, supra note 12.", ("Smith",), 12, None),
        ("See supra note 20.", (), 20, None),
        ("Jalil, supra, at 45.", ("Jalil",), None, "45"),
    ],
)
def test_supra(text: str, authors: tuple[str, ...], target: int | None, locator: str | None) -> None:
    c = only(text)
    assert fields(c, "kind", "authors", "target_note", "locator") == {
        "kind": "supra",
        "authors": authors,
        "target_note": target,
        "locator": locator,
    }


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("See note 20.", 20),
        ("see footnote 20", 20),
        ("See endnote 7.", 7),
        (
            "The reanalysis presented here was done by CRS in a prior report on corporate tax reform (see footnote "
            "20).",
            20,
        ),
        ("See infra notes 246-251 and accompanying text.", 246),
        ("See, e.g., infra “Case Law on the Preemptive Scope of Selected Prescription Drug Provisions.”", None),
    ],
)
def test_cross_reference(text: str, target: int | None) -> None:
    c = only(text)
    assert (c.kind, c.target_note) == ("cross_reference", target)


@pytest.mark.parametrize(
    ("text", "short_name"),
    [
        (
            "For additional information on House processes and precedents related to the assembly of a new Congress "
            "and "
            "election of a Speaker, see Chapter 1 of Precedents of the U.S. House of Representatives, 115th Cong. "
            "1st sess., "
            "H.Doc. No. 115-62 (GPO, 2019) (hereinafter Precedents (Wickham)).",
            "Precedents (Wickham)",
        ),
        ('Jane Doe, "A Long Title of a Study," Institute, 2020, hereinafter "Doe Study."', "Doe Study"),
        ("Jane Doe, A Long Title of a Study, Institute, 2020 (hereinafter *Doe Study*).", "Doe Study"),
        (
            "U.S. Congress, Rules of the House of Representatives (hereinafter House Manual), H.Doc. 118-187 (GPO, "
            "2025).",
            "House Manual",
        ),
    ],
)
def test_hereinafter(text: str, short_name: str) -> None:
    c = only(text)
    assert (c.kind, c.short_name) == ("full", short_name)


@pytest.mark.parametrize(
    ("text", "authors", "title", "locator"),
    [
        (
            "“US to update its MTCR export control policies for India.”",
            (),
            "US to update its MTCR export control policies for India",
            None,
        ),
        (
            "Jalil, “India’s Membership of Missile Technology Control Regime: Implications for South Asia.”",
            ("Jalil",),
            "India’s Membership of Missile Technology Control Regime: Implications for South Asia",
            None,
        ),
        (
            "Brill and Hassett, Revenue Maximizing Corporate Income Taxes, p. 6.",
            ("Brill", "Hassett"),
            "Revenue Maximizing Corporate Income Taxes",
            "p. 6",
        ),
        ("Precedents (Wickham), ch. 1, §4, p. 38.", (), "Precedents (Wickham)", "ch. 1, §4, p. 38"),
        ("Prior to 1839, Speakers were regularly elected by ballot. House Manual, §27.", (), "House Manual", "§27"),
        ("Jalil, “India’s Membership of Missile…,” 45.", ("Jalil",), "India’s Membership of Missile…", "45"),
        ("Murphy, 584 U.S. at 478.", (), "Murphy", "478"),
    ],
)
def test_short_forms(text: str, authors: tuple[str, ...], title: str, locator: str | None) -> None:
    c = only(text)
    assert fields(c, "kind", "authors", "title", "locator") == {
        "kind": "short",
        "authors": authors,
        "title": title,
        "locator": locator,
    }


# --- splitting and commentary -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kinds", "titles"),
    [
        (
            '"First Story," *Reuters*, May 3, 2024; "Second Story," *Dawn*, May 4, 2024.',
            ("full", "full"),
            ("First Story", "Second Story"),
        ),
        (
            '"War; Peace," *Reuters*, May 3, 2024; Ibid., 4.',
            ("full", "ibid"),
            ("War; Peace", None),
        ),
        ('*Studies; Essays*, "A Title," May 3, 2024.', ("full",), ("A Title",)),
        (
            "See Murphy v. Nat’l Collegiate Athletic Ass’n, 584 U.S. 453, 471 (2018); Gade v. Nat’l Solid Wastes Mgmt. "
            "Ass’n,\n505 U.S. 88, 108 (1992).",
            ("full", "full"),
            ("Murphy v. Nat’l Collegiate Athletic Ass’n", "Gade v. Nat’l Solid Wastes Mgmt. Ass’n"),
        ),
        (
            "The Clerk, remarks from the chair (and parliamentary inquiry immediately following), Congressional "
            "Record, "
            "vol. 143, January 7, 1997, p. 117. See also House Practice, ch. 34, §3, and House Manual, §27, for "
            'explanations that the "Speaker is elected by a majority of Members-elect voting by surname."',
            ("full", "short", "short"),
            (
                "remarks from the chair (and parliamentary inquiry immediately following)",
                "House Practice",
                "House Manual",
            ),
        ),
        (
            "The House takes no action to accept the resignation of a Speaker. See John V. Sullivan, Thomas J. Wickham "
            "Jr., and Jason A. Smith, House Practice: A Guide to the Rules, Precedents and Procedures of the House "
            "(GPO, 2024), ch. 34, §2.",
            ("full",),
            ("House Practice: A Guide to the Rules, Precedents and Procedures of the House",),
        ),
    ],
)
def test_multi_citation_notes(text: str, kinds: tuple[str, ...], titles: tuple[str | None, ...]) -> None:
    citations = parse_note(text)
    assert tuple(c.kind for c in citations) == kinds
    assert tuple(c.title for c in citations) == titles


def test_split_keeps_abbreviations_and_initials_together() -> None:
    text = (
        'K. Subrahmanyam, "Soviet Help," U.S. Department of State Archive, H.Doc. No. 5, ed. Laurence H. Meyer, 1981.'
    )
    assert split_citations(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "This occurs before Members are sworn in. The use of the term Member in this report refers, in these cases, "
        "to a Member-elect.",
        "For instance, the House Clerk presided over the election to replace Rep. Rayburn as Speaker in 1962.",
        "Individuals not serving in the House received votes in 1997, 2013, the two 2015 elections, 2019, 2021, and "
        "the two 2023 elections.",
        "",
    ],
)
def test_commentary(text: str) -> None:
    c = only(text)
    assert (c.kind, c.title, c.url, c.container) == ("commentary", None, None, None)


# --- real notes, quoted verbatim from `pdftotext -layout` ---------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # R48913 note 23
            "CRS Report R41743, International Corporate Tax Rate Comparisons and Policy Implications, by Jane G. "
            "Gravelle.",
            {
                "kind": "full",
                "title": "International Corporate Tax Rate Comparisons and Policy Implications",
                "authors": ("Jane G. Gravelle",),
            },
        ),
        ("Ibid.", {"kind": "ibid", "locator": None}),  # R48913 note 24
        (  # R48913 note 11
            "Alex Brill and Kevin Hassett, Revenue Maximizing Corporate Income Taxes, American Enterprise Institute, "
            "Working\n"
            "Paper no. 137, July 31, 2007, "
            "https://www.aei.org/wp-content/uploads/2011/10/20070731_Corplaffer7_31_07.pdf.",
            {
                "kind": "full",
                "authors": ("Alex Brill", "Kevin Hassett"),
                "date": "2007-07-31",
                "url": "https://www.aei.org/wp-content/uploads/2011/10/20070731_Corplaffer7_31_07.pdf",
            },
        ),
        (  # R48913 note 15
            "Brill and Hassett, Revenue Maximizing Corporate Income Taxes, p. 6.",
            {"kind": "short", "authors": ("Brill", "Hassett"), "locator": "p. 6"},
        ),
        (  # R48913 note 28
            "The reanalysis presented here was done by CRS in a prior report on corporate tax reform (see footnote "
            "20).",
            {"kind": "cross_reference", "target_note": 20},
        ),
        (  # R44243 note 2 (Markdown table)
            "This occurs before Members are sworn in. The use of the term Member in this report refers, in these "
            "cases, "
            "to a Member-elect.",
            {"kind": "commentary", "title": None},
        ),
        (  # R48915 note 17
            "See id. at 425–26.",
            {"kind": "ibid", "locator": "425–26"},
        ),
        (  # R48915 note 24
            "Murphy, 584 U.S. at 478.",
            {"kind": "short", "title": "Murphy", "volume": "584", "container": "U.S.", "locator": "478"},
        ),
    ],
)
def test_real_notes(text: str, expected: dict[str, Any]) -> None:
    c = parse_note(text)[0]
    assert fields(c, *expected) == expected


# --- properties -------------------------------------------------------------------------------
NOTE_ALPHABET = st.sampled_from(
    [*"abcXYZ019 ,.;:()[]<>*\"“”‘’'-–§/\n", "Ibid.", "Id. at ", "supra note ", "see note ", "https://", "www.", " and "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(NOTE_ALPHABET, max_size=40).map("".join))
def test_any_text_parses_into_at_least_one_citation(text: str) -> None:
    citations = parse_note(text)
    assert citations
    assert {c.kind for c in citations} <= {"full", "ibid", "short", "supra", "cross_reference", "commentary"}
    for c in citations:
        assert c.url is None or (c.url and not any(ch.isspace() for ch in c.url))


# --- italics (PDF, Word, HTML): the same fields as the plain text, and the extent of a title ----
def italic(text: str, *words: str) -> tuple[Citation, ...]:
    """``text`` parsed with each of ``words`` (substrings of it) set in italics."""
    spans = [(text.index(w), text.index(w) + len(w)) for w in words]
    return parse_note(text, spans)


def key_fields(citations: tuple[Citation, ...]) -> list[tuple[Any, ...]]:
    return [(c.kind, c.authors, c.title, c.container, c.date, c.identifiers) for c in citations]


@pytest.mark.parametrize(
    ("text", "words", "identifiers", "container"),
    [
        (  # a reporter set in italics between its volume and page
            "Department of Labor, “Defining the Overtime Exemptions,” 88 Federal Register 12345, May 1, 2023.",
            ("Federal Register",),
            (("fed_reg", "88 Fed. Reg. 12345"),),
            "Federal Register",
        ),
        (  # a known container in italics: its volume and page are still the record's citation
            "See Congressional Record, daily edition, vol. 160 (May 2, 2014), p. S2650.",
            ("Congressional Record",),
            (("congressional_record", "160 Cong. Rec. S2650"),),
            "Congressional Record",
        ),
        (  # a code named in words, its name in italics
            "Title 42, Section 1.5, of the Code of Federal Regulations sets the rule for grants.",
            ("Code of Federal Regulations",),
            (("cfr", "42 C.F.R. § 1.5"),),
            None,
        ),
    ],
)
def test_italics_never_hide_an_identifier(
    text: str, words: tuple[str, ...], identifiers: tuple[tuple[str, str], ...], container: str | None
) -> None:
    (found,) = italic(text, *words)
    assert (found.identifiers, found.container) == (identifiers, container)
    assert key_fields((found,)) == key_fields(parse_note(text))


def test_a_work_set_in_italics_keeps_its_place_after_a_legal_mention_in_its_author() -> None:
    # The E.O. named inside the author's parenthesis comes before the work, as in the plain text.
    text = (
        "Department of the Navy (see E.O. 14000, dated May 5, 2021), Fleet Command, Surface Warfare Manual, "
        "Navy Publication 3-20, 2019, p. 4."
    )
    found = italic(text, "Surface Warfare Manual")
    assert [c.identifiers for c in found] == [
        (("executive_order", "E.O. 14000"),),
        (("report_number", "Navy Publication 3-20"),),
    ]
    assert key_fields(found) == key_fields(parse_note(text))


@pytest.mark.parametrize(
    ("text", "words", "marked"),
    [
        # the comma, semicolon or colon after a title, set in its italics, is the sentence's
        (
            "Jane Roe, Rates and Revenues, Policy Press",
            ("Rates and Revenues,",),
            "Jane Roe, *Rates and Revenues*, Policy Press",
        ),
        ("see Annual Survey; and more", ("Annual Survey;",), "see *Annual Survey*; and more"),
        # so is the opening bracket after it, or a closing one before it
        ("the Survey Annual (March 2010)", ("Survey Annual (",), "the *Survey Annual* (March 2010)"),
        ("(in print) Annual Report, 2001", (") Annual Report",), "(in print) *Annual Report*, 2001"),
        # brackets that open and close inside the title are the title's
        ("see Distributions (IRAs), p. 2", ("Distributions (IRAs)",), "see *Distributions (IRAs)*, p. 2"),
        # a word is set in one style: a span that stops inside one takes it whole
        ("in Marine Biology, vol. 3", ("Marine Biol",), "in *Marine Biology*, vol. 3"),
        # a lone italic full stop is no title
        ("Smith, Report, p. 30.", (".",), "Smith, Report, p. 30."),
        # a title broken at a line end, its first line ending in a colon, is one span
        ("Hearings:\nWitness Rules, 2004", ("Hearings:", "Witness Rules"), "*Hearings:\nWitness Rules*, 2004"),
    ],
)
def test_an_italic_span_marks_a_titles_extent(text: str, words: tuple[str, ...], marked: str) -> None:
    spans = [(text.rindex(w), text.rindex(w) + len(w)) for w in words]
    assert mark_italics(text, spans) == marked


def test_overlapping_italic_spans_are_one() -> None:
    assert mark_italics("The Long Title of a Book, 2001", [(0, 10), (4, 24)]) == "*The Long Title of a Book*, 2001"


def test_a_comma_set_in_a_titles_italics_still_ends_it() -> None:
    text = "Jane Roe, The Economic Case for Parks: A Review, Research Report No. 13 (Washington, D.C.: 2001)."
    (found,) = italic(text, "The Economic Case for Parks: A Review,")
    assert (found.authors, found.title) == (("Jane Roe",), "The Economic Case for Parks: A Review")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # capitals before an italic title are its author, not a Bluebook title in capitals
        ("GAO, Energy Futures: A Review, GAO-10-123 (Washington, D.C.: May 2, 2010).", ("Energy Futures: A Review",)),
        ("NASA, Moon Base Plans, p. 3.", ("Moon Base Plans",)),  # a short form
        # a sentence ends before a title in italics, and after one
        ("Earlier, voting was by ballot. Senate Manual, §12.", ("Senate Manual",)),
        (
            "Agency, Notice of Rules on Ports. The notice says what it does to ports and ships.",
            ("Notice of Rules on Ports",),
        ),
        # but not before the volume of the periodical it names
        ("John Doe, “A Study,” Fish Quarterly Bulletin. Vol. 9, no. 2 (May 2005).", ("Fish Quarterly Bulletin",)),
        # "and" before an italic short form after a locator starts another work
        (
            "See also Floor Practice, ch. 2, §3, and Senate Manual, §12, for the rules on voting.",
            ("Floor Practice", "Senate Manual"),
        ),
        # the part of a work named before its title
        ("See Chapter 2 of Rules of the State Senate, 2019 ed. (State Press, 2019).", ("Rules of the State Senate",)),
        # a year after an italic title is its date, not a volume
        ("World Bank, The Role of Rivers in Trade, 2022, p. 15.", ("The Role of Rivers in Trade",)),
        # works a sentence attributes information to, named in italics
        ("This figure comes from the Agency’s Annual Energy Digest (May 2010), table 3.", ("Annual Energy Digest",)),
        ("According to the Statistical Abstract of Farms, most farms are small.", ("Statistical Abstract of Farms",)),
        # "and" before names and an italic title, as before names and a capitalised one
        (
            "See Ocean Institute, “Essay on Fish,” 2001, and Jane Roe and John Doe, Big Book of Boats, 2002.",
            ("Big Book of Boats",),
        ),
    ],
)
def test_a_note_reads_the_same_with_its_titles_in_italics(text: str, words: tuple[str, ...]) -> None:
    assert key_fields(italic(text, *words)) == key_fields(parse_note(text))


def test_an_italic_title_after_names_starts_another_work() -> None:
    # In plain text "Jane Roe, Big Book of Boats" could be a list of names; its italics say it is a title.
    text = "See John Doe, Fish and Ships, 2001, and Jane Roe, Big Book of Boats, 2002."
    found = italic(text, "Fish and Ships", "Big Book of Boats")
    assert [(c.authors, c.title, c.date) for c in found] == [
        (("John Doe",), "Fish and Ships", "2001"),
        (("Jane Roe",), "Big Book of Boats", "2002"),
    ]


def test_a_periodical_named_in_italics_by_a_sentence() -> None:
    (found,) = italic("We used data on catches from the Fisheries Gazette. The data end in 2004.", "Fisheries Gazette")
    assert (found.title, found.container) == (None, "Fisheries Gazette")
