"""Resolving Ibid./Id., short forms, supra and cross-references; the seed briefs against the gold."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from briefs_analyzer.model import Citation, Note
from briefs_analyzer.output import sources_json
from briefs_analyzer.resolve import Ledger, Link, Resolution, resolve_notes
from tests.conftest import SEEDS, load_gold
from tests.factories import brief_from, loose

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
NOTE_LINE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d+) (\S.*)$")


def note(number: int, text: str) -> Note:
    return Note(number=number, text=text, line=number * 10, style="plain", page=1)


def notes(*texts: str) -> list[Note]:
    """Notes numbered 1, 2, 3... with the given texts."""
    return [note(i, t) for i, t in enumerate(texts, 1)]


def numbered(table: dict[int, str]) -> list[Note]:
    return [note(n, t) for n, t in table.items()]


def resolve(*texts: str) -> Resolution:
    return resolve_notes(notes(*texts))


def summary(r: Resolution) -> list[tuple[int, str | None, int | None, int]]:
    """(number, kind, antecedent, number of sources) per note."""
    return [(n.number, n.kind, n.antecedent, len(n.source_ids)) for n in r.notes]


def sources_of(r: Resolution, number: int) -> tuple[str, ...]:
    return next(n.source_ids for n in r.notes if n.number == number)


def codes(r: Resolution) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.name, p.line) for p in r.problems]


JALIL = (
    'Ghazala Yasmin Jalil, "India\'s Membership of MTCR: Implications for South Asia," *Strategic Studies* 37, '
    "no. 3 (2017): 41-54."
)
ECONOMIC_TIMES = (
    '"US to update its MTCR Export Control Policies for India," *The Economic Times*, December 18, '
    "2024, <https://e.com/a>."
)
KUMAR = 'Girish Kumar, "India and the MTCR," *Indian Journal of Politics* 9, no. 2 (2016): 98.'


# --- Ibid. ------------------------------------------------------------------------------------
def test_ibid_chain_across_a_short_form() -> None:
    r = resolve(
        ECONOMIC_TIMES,
        KUMAR,
        "Ibid.",
        "“US to update its MTCR export control policies for India.”",
        "Ibid., 45.",
    )
    assert summary(r) == [
        (1, "full", None, 1),
        (2, "full", None, 1),
        (3, "ibid", 2, 1),
        (4, "short", 1, 1),
        (5, "ibid", 4, 1),
    ]
    assert sources_of(r, 5) == sources_of(r, 4) == sources_of(r, 1) != sources_of(r, 2)
    assert r.notes[4].citations[0].locator == "45"
    assert r.problems == ()


@pytest.mark.parametrize(
    ("texts", "why"),
    [
        (("Ibid.",), "there is no earlier citation"),
        (('"One," *Reuters*, May 3, 2024; "Two," *Dawn*, May 4, 2024.', "Ibid."), "note 1 cites 2 sources"),
        (("This occurs before Members are sworn in.", "Ibid."), "note 1 cites no source"),
        ((KUMAR, "Ibid.", "Id. at 4", "This is an explanation.", "Ibid."), "note 4 cites no source"),
    ],
)
def test_unresolved_ibid_is_a_problem(texts: tuple[str, ...], why: str) -> None:
    r = resolve(*texts)
    last = r.notes[-1]
    assert (last.kind, last.antecedent, last.source_ids) == ("ibid", None, ())
    assert codes(r) == [("BA201", "unresolved-ibid", last.line)]
    assert r.problems[0].severity == "error" and r.problems[0].page == 1
    assert why in r.problems[0].message


@pytest.mark.parametrize(
    ("second", "locator"),
    [("Ibid.", None), ("Ibid., 45", "45"), ("Id.", None), ("Id. at 45", "45"), ("See id. at 45–46.", "45–46")],
)
def test_ibid_and_id_keep_their_locator(second: str, locator: str | None) -> None:
    r = resolve(KUMAR, second)
    assert summary(r)[1] == (2, "ibid", 1, 1)
    assert sources_of(r, 2) == sources_of(r, 1)
    assert r.notes[1].citations[0].locator == locator


def test_ibid_inside_a_note_repeats_the_citation_before_it() -> None:
    r = resolve(f"{JALIL[:-1]}; ibid., 44.")
    assert [c.kind for c in r.notes[0].citations] == ["full", "ibid"]
    assert len(r.notes[0].source_ids) == 1 and r.problems == ()


# --- short forms ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("short", "antecedent"),
    [
        ("Jalil, “India’s Membership of MTCR: Implications for South Asia.”", 2),  # surname + full title, curly quotes
        ("Jalil, “India’s Membership of MTCR,” 45.", 2),  # surname + shortened title
        ('"INDIA\'S MEMBERSHIP OF MTCR..."', 2),  # title alone, other case, trailing "..."
        ("“India’s Membership of…”", 2),  # title alone, trailing "…"
        ("Kumar, 98.", 1),  # surname alone, only one earlier source by Kumar
        ("Girish Kumar, “India and the MTCR,” 99.", 1),  # full name and title
    ],
)
def test_short_form_resolves_to_its_full_citation(short: str, antecedent: int) -> None:
    r = resolve(KUMAR, JALIL, "Ibid.", short)
    assert summary(r)[3] == (4, "short", antecedent, 1)
    assert sources_of(r, 4) == sources_of(r, antecedent)
    assert r.problems == ()


def test_short_form_resolves_to_the_earliest_match() -> None:
    r = resolve(
        'Jane Doe, "Nuclear Deterrence in South Asia," *Strategic Studies* 3, no. 1 (2001): 1-9.',
        'Jane Doe, "Nuclear Deterrence in South Asia Revisited," *Strategic Studies* 9, no. 2 (2011): 5-19.',
        "Doe, “Nuclear Deterrence in South Asia,” 4.",
    )
    assert summary(r)[2] == (3, "short", 1, 1)


@pytest.mark.parametrize(
    "texts",
    [
        ("Jalil, “India’s Membership of MTCR.”",),  # no earlier full citation at all
        (KUMAR, "Smith, “A Study Nobody Cited,” 4."),
        (  # surname alone, but two earlier works by Doe
            'Jane Doe, "First Study," *Strategic Studies* 3, no. 1 (2001): 1-9.',
            'Jane Doe, "Second Study," *Strategic Studies* 9, no. 2 (2011): 5-19.',
            "Doe, 4.",
        ),
        ("Brill and Hassett, Revenue Maximizing Corporate Income Taxes, p. 6.", KUMAR),  # the full one comes later
    ],
)
def test_unresolved_short_form_is_a_problem(texts: tuple[str, ...]) -> None:
    r = resolve(*texts)
    short = next(n for n in r.notes if n.kind == "short")
    assert (short.antecedent, short.source_ids) == (None, ())
    assert codes(r) == [("BA202", "unresolved-short-form", short.line)]


def test_hereinafter_defines_a_short_name() -> None:
    r = resolve(
        "See Jane Doe, A Very Long Title About the Rules of the House (GPO, 2019) (hereinafter Rules (Doe)).",
        KUMAR,
        "Rules (Doe), ch. 1, §4, p. 38.",
        "Kumar, 4; and Rules (Doe), §5.",
    )
    assert summary(r)[2:] == [(3, "short", 1, 1), (4, "short", 2, 2)]
    assert sources_of(r, 4) == (*sources_of(r, 2), *sources_of(r, 1))


# --- supra and cross-references ---------------------------------------------------------------
def test_supra_note_resolves_to_that_notes_source() -> None:
    table = {i: f'"Story {i}," *Reuters*, May {i}, 2024.' for i in range(10, 14)}
    table[12] = f"{KUMAR[:-1]}; {JALIL}"
    table[14] = "Jalil, supra note 12, at 45."
    table[15] = "See supra note 11."
    r = resolve_notes(numbered(table))
    assert summary(r)[-2:] == [(14, "supra", 12, 1), (15, "supra", 11, 1)]
    assert sources_of(r, 14) == sources_of(r, 12)[1:]
    assert sources_of(r, 15) == sources_of(r, 11)
    assert r.problems == ()


def test_supra_to_a_note_without_source_is_a_problem() -> None:
    r = resolve("Just an explanation here.", "Smith, supra note 1, at 3.")
    assert summary(r)[1] == (2, "supra", 1, 0)
    assert codes(r) == [("BA202", "unresolved-short-form", 20)]


@pytest.mark.parametrize("reference", ["See note 1.", "see footnote 1", "As argued above (see footnote 1)."])
def test_cross_reference_links_to_the_note(reference: str) -> None:
    r = resolve(KUMAR, "An explanation.", reference)
    assert summary(r)[2] == (3, "cross_reference", 1, 1)
    assert sources_of(r, 3) == sources_of(r, 1)


def test_cross_reference_to_a_later_note() -> None:
    r = resolve("See note 3.", "An explanation.", KUMAR)
    assert summary(r)[0] == (1, "cross_reference", 3, 1)
    assert sources_of(r, 1) == sources_of(r, 3)


# --- injectable resolvers and parser ----------------------------------------------------------
def test_resolvers_can_be_swapped() -> None:
    seen: list[tuple[str, Link | None]] = []

    def strict_ibid(citation: Citation, ledger: Ledger) -> Link | None:
        seen.append((citation.text, ledger.previous))
        return None

    r = resolve_notes(notes(KUMAR, "Ibid."), resolve_ibid=strict_ibid)
    assert seen == [("Ibid.", Link(1, sources_of(r, 1)))]
    assert codes(r) == [("BA201", "unresolved-ibid", 20)]


def test_parser_can_be_swapped() -> None:
    def everything_is_commentary(text: str) -> tuple[Citation, ...]:
        return (Citation(kind="commentary", text=text),)

    r = resolve_notes(notes(KUMAR, "Ibid."), parse=everything_is_commentary)
    assert summary(r) == [(1, "commentary", None, 0), (2, "commentary", None, 0)]
    assert r.sources == ()


def test_sources_are_distinct_and_in_first_cited_order() -> None:
    r = resolve(JALIL, KUMAR, JALIL.replace('"', "“", 1).replace(',"', ",”", 1), "Ibid.")
    assert [s.id for s in r.sources] == [*sources_of(r, 1), *sources_of(r, 2)]
    assert sources_of(r, 3) == sources_of(r, 1)
    assert [s.type for s in r.sources] == ["journal", "journal"]


def test_corpus_sources_merges_briefs() -> None:
    a = resolve(ECONOMIC_TIMES, "Ibid.")
    b = resolve(KUMAR, ECONOMIC_TIMES.replace("<https://e.com/a>", "<https://www.e.com/a/?utm_source=feed>"))
    shell = brief_from("Title\n\nA claim.")
    merged = sources_json(
        [
            replace(shell, path="a.txt", notes=a.notes, sources=a.sources),
            replace(shell, path="b.txt", notes=b.notes, sources=b.sources),
        ]
    )
    assert [m["title"] for m in merged] == [
        "US to update its MTCR Export Control Policies for India",
        "India and the MTCR",
    ]
    assert merged[0]["notes"] == [
        {"brief": "a.txt", "number": 1},
        {"brief": "a.txt", "number": 2},
        {"brief": "b.txt", "number": 2},
    ]
    assert merged[1]["authors"] == ["Girish Kumar"] and merged[1]["type"] == "journal"
    assert list(merged[0]) == [
        "id", "title", "authors", "container", "date", "url", "type", "notes", "volume", "issue", "pages", "accessed",
        "publisher", "identifiers", "work_type",
    ]  # fmt: skip


# --- the seed briefs against the gold ---------------------------------------------------------
def seed_notes(path: Path) -> list[Note]:
    """The note definitions of a seed: lines starting with the next note number (superscript or plain)."""
    found: list[Note] = []
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = NOTE_LINE.match(line.strip())
        if m and int(m.group(1).translate(SUPERSCRIPTS)) == len(found) + 1:
            found.append(Note(number=len(found) + 1, text=m.group(2), line=line_number, style="plain"))
    return found


def check_against_gold(stem: str) -> None:
    gold = load_gold(stem)
    r = resolve_notes(seed_notes(SEEDS / gold["file"]))
    by_number = {n.number: n for n in r.notes}
    assert sorted(by_number) == list(range(1, gold["note_count"] + 1))
    assert r.problems == ()
    ids = {g["source"]: by_number[g["n"]].source_ids for g in gold["notes"] if g["kind"] == "full"}
    assert all(len(v) == 1 for v in ids.values())
    gold_to_ours = {k: v[0] for k, v in ids.items()}
    assert len(set(gold_to_ours.values())) == len(r.sources) == gold["distinct_sources"]
    for g in gold["notes"]:
        n = by_number[g["n"]]
        assert n.kind == g["kind"], g
        assert n.antecedent == g.get("antecedent"), g
        assert n.source_ids == (gold_to_ours[g["source"]],), g
    sources = {s.id: s for s in r.sources}
    for key, want in gold["sources"].items():
        got = sources[gold_to_ours[key]]
        assert loose(got.title) == loose(want["title"]), key
        assert loose(want["container"]) in loose(got.container), key
        if "date" in want or "year" in want:
            assert str(got.date or "").startswith(want.get("date") or want["year"]), key
        else:
            assert got.date is None, key
        assert (re.sub(r"^https?://", "", got.url).split("/")[0] if got.url else None) == want["url_host"], key
        assert got.authors == tuple(want.get("authors", got.authors)), key
        for field in ("volume", "issue", "pages", "accessed"):
            if field in want:
                assert getattr(got, field) == want[field], (key, field)
        assert got.type in [want["type"], *want.get("type_also_accepted", [])], key


def test_seed_000_matches_gold() -> None:
    check_against_gold("000_2bc1844ba35e9142")


def test_seed_004_matches_gold() -> None:
    check_against_gold("004_7a6a544e9fa6e7d1")


# --- real CRS notes, quoted verbatim (pdftotext -layout; R44243 from its Markdown table) --------
R48913 = {
    11: "Alex Brill and Kevin Hassett, Revenue Maximizing Corporate Income Taxes, American Enterprise Institute, "
    "Working\n"
    "Paper no. 137, July 31, 2007, https://www.aei.org/wp-content/uploads/2011/10/20070731_Corplaffer7_31_07.pdf.",
    12: "Jack M. Mintz, 2007 Tax Competitiveness Report: A Call for comprehensive Tax Reform, C.D. Howe Institute, "
    "No.\n"
    "254, September 2007, "
    "https://cdhowe.org/publication/2007-tax-competitiveness-report-call-comprehensive-tax-reform/.",
    13: "Hence, most of the variation is across countries, which, as discussed below, is a potentially serious "
    "problem.",
    14: "An invariant tax base would occur when both production and utility were of the Cobb Douglas form, which is "
    "unitary\n"
    "factor substitution elasticities and unitary product substitution elasticities. At a 100% tax rate, a corner "
    "solution would\n"
    "presumably be reached where the corporate sector would entirely disappear, but only at that extreme rate would "
    "such an\n"
    "effect occur.",
    15: "Brill and Hassett, Revenue Maximizing Corporate Income Taxes, p. 6.",
}
R48913_LATER = {
    20: "See Joint Committee on Taxation, U.S. International Tax Policy: Overview and Analysis, JCX-16R-21, April 19,\n"
    "2021, https://www.jct.gov/CMSPages/GetFile.aspx?guid=aa66e305-74cc-40bc-acad-55bb3e6d5971, which compared\n"
    "2017 and 2018 tax data; and U.S. Department of the Treasury, Testimony of Kimberly A. Clausing, Deputy Assistant\n"
    "Secretary, Tax Analysis, Before the Senate Committee on Finance, March 21, 2021, https://home.treasury.gov/news/\n"
    "press-releases/jy0079, which compared Commerce Department data from 2000 through 2019.",
    21: "Internal Revenue Service, Federal Tax Compliance Research: Tax Gap Projections for Tax Year 2022,\n"
    "https://www.irs.gov/pub/irs-pdf/p5869.pdf.",
    22: "Internal Revenue Service, Federal Tax Compliance Research: Tax Gap Estimates for Tax Years 2014-2016,\n"
    "https://www.irs.gov/pub/irs-pdf/p1415.pdf.",
    23: "CRS Report R41743, International Corporate Tax Rate Comparisons and Policy Implications, by Jane G. Gravelle.",
    24: "Ibid.",
    28: "The reanalysis presented here was done by CRS in a prior report on corporate tax reform (see footnote 20).",
}
R44243_MD = {
    1: "For additional information on House processes and precedents related to the assembly of a new Congress and "
    "election of a Speaker, see Chapter 1 of Precedents of the U.S. House of Representatives, 115th Cong. 1st sess., "
    "H.Doc. No. 115-62 (GPO, 2019) (hereinafter Precedents (Wickham)).",
    2: "This occurs before Members are sworn in. The use of the term Member in this report refers, in these cases, "
    "to a "
    "Member-elect.",
    3: "Precedents (Wickham), ch. 1, §4, p. 38. For more information on the order of actions taken when a new Congress "
    "convenes, see CRS Report RL30725, The First Day of a New Congress: A Guide to Proceedings on the House Floor, by "
    "Christopher M. Davis.",
    4: "The House takes no action to accept the resignation of a Speaker. See John V. Sullivan, Thomas J. Wickham Jr., "
    "and Jason A. Smith, House Practice: A Guide to the Rules, Precedents and Procedures of the House (GPO, 2024), "
    "ch. 34, §2.",
    8: "A more detailed discussion of the 1910 proceedings can be found in William McKay and Charles W. Johnson, "
    "Parliament and Congress: Representation and Scrutiny in the Twenty-First Century (Oxford University Press, 2010), "
    "pp. 46-47. For a short period, due to a change in House Rule IX made in the 116th Congress (and retained in the "
    "117th Congress), such resolutions declaring the office of the Speaker vacant constituted a question of privileges "
    "of the House only if offered at the direction of a party conference or caucus. See U.S. Congress, House, "
    "Constitution, Jefferson's Manual, and Rules of the House of Representatives, One Hundred Nineteenth Congress "
    "(hereinafter House Manual), H.Doc. 118-187, 118th Cong., 2nd sess., [compiled by] Jason A. Smith, "
    "Parliamentarian (GPO, 2025), §28. At the start of the 118th Congress, pursuant to H.Res. 5, the House removed "
    "the Rule IX provision that conferred privilege on the motion only when offered at the direction of a party "
    "conference or caucus. In that Congress, any Member could take such action (subject to certain notice "
    "requirements) through a resolution raising a question of privileges of the House. In the 119th Congress, "
    "pursuant to H.Res. 5, House Rule IX was amended again to provide that such a resolution only constitutes a "
    "question of privileges of the House if offered by a majority party Member and if cosponsored (at the time the "
    "resolution is offered) by at least an additional eight Members of the majority party.",
    9: "For instance, the House Clerk presided over the election to replace Rep. Rayburn as Speaker in 1962.",
    10: 'Rep. Jim Wright had announced his resignation "on the election of my successor." He presided over the '
    "election of his successor, Rep. Thomas Foley. Rep. John Boehner also announced his resignation "
    '"effective upon the election of my successor" and presided during the proceedings to elect Rep. Paul Ryan. '
    "See Precedents (Wickham), ch 1. § 4.6.",
    14: "Prior to 1839, Speakers were regularly elected by ballot. House Manual, §27.",
    17: "The Clerk, remarks from the chair (and parliamentary inquiry immediately following), Congressional Record, "
    "vol. 143, January 7, 1997, p. 117. See also House Practice, ch. 34, §3, and House Manual, §27, for explanations "
    'that the "Speaker is elected by a majority of Members-elect voting by surname."',
}
R48915 = {
    16: "See Peter Barton Hutt, et al., FOOD & DRUG LAW 424–25 (5th ed. 2022).",
    17: "See id. at 425–26.",
    18: "All 50 states have enacted general consumer protection statutes—sometimes referred to as Unfair and "
    "Deceptive Acts\n"
    "and Practices (UDAP) laws—that prohibit deceptive and/or unfair business practices. The specific scope of "
    "prohibited\n"
    "conduct and the entities subject to the prohibition vary among states. See NAT’L CONSUMER L. CTR., CONSUMER\n"
    "PROTECTION IN THE STATES: A 50-STATE EVALUATION OF UNFAIR AND DECEPTIVE PRACTICES LAWS 1–3 (2018),\n"
    "https://www.nclc.org/wp-content/uploads/2022/09/UDAP_rpt.pdf [https://perma.cc/2FW6-9D8Q].",
    19: "See id.",
    20: "State tort law originates in common law and provides a mechanism, through case-by-case litigation, for a "
    "person\n"
    "injured by the wrongful or injurious actions of another to recover damages. Products liability is a subset of "
    "tort law that\n"
    "permits a plaintiff injured by a defective product to recover damages from the manufacturer of that product. "
    "For more\n"
    "background information on state tort law, see CRS In Focus IF11291, Introduction to Tort Law, by Andreas "
    "Kuersten\n"
    "(2023).",
    21: "See RESTATEMENT (THIRD) OF TORTS: PRODUCTS LIABILITY § 2 (A.L.I. 1998).",
    22: "U.S. CONST., art. VI, Cl. 2.",
    23: "See Murphy v. Nat’l Collegiate Athletic Ass’n, 584 U.S. 453, 471 (2018); Gade v. Nat’l Solid Wastes Mgmt. "
    "Ass’n,\n"
    "505 U.S. 88, 108 (1992).",
    24: "Murphy, 584 U.S. at 478.",
    25: "Id. at 478-80.",
}
R48915_SUPRA = {
    18: R48915[18],
    20: R48915[20],
    34: "See, e.g., Riegel v. Medtronic, 552 U.S. 312, 330 (2008) (analyzing the scope of Medical Device Amendments’\n"
    "express preemption provision, which preempts state requirements that are “‘different from, or in addition to’ "
    "the\n"
    "requirements imposed by federal law” (quoting 21 U.S.C. § 360k(a)(1)). For more information about federal\n"
    "preemption, see CRS Report R45825, Federal Preemption: A Legal Primer, by Bryan L. Adkins, Alexander H. Pepper,\n"
    "and Jay B. Sykes (2023).",
    38: "See Adkins, Pepper & Sykes, supra note 34, at 17.",
    97: "See supra note 20.",
    98: "See NAT’L CONSUMER L. CTR., supra note 18, at 1–3.",
}


def test_r48913_short_form_with_authors_and_short_title() -> None:
    r = resolve_notes(numbered(R48913))
    assert summary(r) == [
        (11, "full", None, 1),
        (12, "full", None, 1),
        (13, "commentary", None, 0),
        (14, "commentary", None, 0),
        (15, "short", 11, 1),
    ]
    assert sources_of(r, 15) == sources_of(r, 11)
    assert r.notes[-1].citations[0].locator == "p. 6"


def test_r48913_ibid_after_a_full_citation_and_see_footnote() -> None:
    r = resolve_notes(numbered(R48913_LATER))
    assert summary(r) == [
        (20, "full", None, 2),
        (21, "full", None, 1),
        (22, "full", None, 1),
        (23, "full", None, 1),
        (24, "ibid", 23, 1),
        (28, "cross_reference", 20, 2),
    ]
    assert sources_of(r, 24) == sources_of(r, 23)
    assert sources_of(r, 28) == sources_of(r, 20)
    assert r.problems == ()


def test_r44243_hereinafter_short_names() -> None:
    r = resolve_notes(numbered(R44243_MD))
    assert summary(r) == [
        (1, "full", None, 1),
        (2, "commentary", None, 0),
        (3, "short", 1, 2),  # "Precedents (Wickham)", then a full CRS report citation
        (4, "full", None, 1),
        (8, "full", None, 4),  # McKay and Johnson; the House Manual; H.Res. 5 of the 118th and of the 119th Congress
        (9, "commentary", None, 0),
        (10, "short", 1, 1),
        (14, "short", 8, 1),
        (17, "full", None, 3),  # Congressional Record; House Practice (note 4); House Manual (note 8)
    ]
    house_manual = sources_of(r, 8)[1]
    bills = [c.identifiers for c in r.notes[4].citations[2:]]
    assert bills == [(("bill", "H.Res. 5 (118th Congress)"),), (("bill", "H.Res. 5 (119th Congress)"),)]
    assert sources_of(r, 3)[0] == sources_of(r, 10)[0] == sources_of(r, 1)[0]
    assert sources_of(r, 14) == (house_manual,)
    assert sources_of(r, 17)[1:] == (*sources_of(r, 4), house_manual)
    assert [c.kind for c in r.notes[-1].citations] == ["full", "short", "short"]
    assert r.notes[1].citations[0].kind == "commentary" and r.notes[0].citations[0].short_name == "Precedents (Wickham)"
    assert r.problems == ()


def test_r48915_id_chains() -> None:
    r = resolve_notes(numbered(R48915))
    assert summary(r) == [
        (16, "full", None, 1),
        (17, "ibid", 16, 1),
        (18, "full", None, 1),
        (19, "ibid", 18, 1),
        (20, "full", None, 1),
        (21, "full", None, 1),
        (22, "full", None, 1),
        (23, "full", None, 2),
        (24, "short", 23, 1),  # "Murphy, 584 U.S. at 478": same volume and reporter as note 23's first case
        (25, "ibid", 24, 1),
    ]
    assert sources_of(r, 17) == sources_of(r, 16)
    assert sources_of(r, 25) == sources_of(r, 24) == sources_of(r, 23)[:1]
    assert [(c.kind, c.locator) for n in r.notes if n.number in (17, 25) for c in n.citations] == [
        ("ibid", "425–26"),
        ("ibid", "478-80"),
    ]
    assert r.problems == ()


def test_r48915_supra() -> None:
    r = resolve_notes(numbered(R48915_SUPRA))
    assert summary(r) == [
        (18, "full", None, 1),
        (20, "full", None, 1),
        (34, "full", None, 3),  # Riegel v. Medtronic; 21 U.S.C. § 360k (quoted by the court); the CRS report
        (38, "supra", 34, 1),
        (97, "supra", 20, 1),
        (98, "supra", 18, 1),
    ]
    assert sources_of(r, 38) == sources_of(r, 34)[2:]
    assert sources_of(r, 97) == sources_of(r, 20)
    assert sources_of(r, 98) == sources_of(r, 18)
    assert r.problems == ()
