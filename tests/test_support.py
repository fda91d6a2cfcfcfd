"""Claim support (issue #18): the decision rules, the targets on the hand labels, and BA301.

The rule tables quote sentences of the labelled documents (tests/data/labels/support, with
their rubric); each row's expected value is the hand label.  The figures the targets are asserted
against are printed by ``bench/score_support.py`` and recorded in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefs_analyzer.check import brief_findings
from briefs_analyzer.cli import main
from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.factuality import KINDS, read_sentence
from briefs_analyzer.model import Brief, Note, Section, Sentence
from briefs_analyzer.output import brief_json
from briefs_analyzer.pipeline import citation_stage, default_stages
from briefs_analyzer.support import assign_support, note_role, uncited_factual
from tests.conftest import ROOT
from tests.factories import brief_from, norm
from tests.support_labels import (
    HELD_OUT,
    Judged,
    document_for,
    judge,
    label_files,
    load_labels,
    needs_source_score,
)

# The baseline "no marker and (a digit or any spaCy entity)", measured once by
# bench/score_support.py on the same labels and protocols (bench/RESULTS.md); spaCy is not loaded here.
BASELINE_F1 = {"strict": 0.28, "found": 0.30, "completed": 0.39}
TARGET = 0.75  # precision and recall of needs_source, each
GAIN = 0.25  # F1 above the baseline's


def analysed(text: str, *, markdown: bool = False) -> Brief:
    """A brief from literal text (a title line first), through citation resolution and claim support."""
    return assign_support(citation_stage()(brief_from("A TITLE\n\n" + text, markdown=markdown)))


def only(text: str) -> Sentence:
    (claim,) = analysed(text).sentences
    return claim


def claims_of(*texts: str, heading: str | None = None) -> Brief:
    """A brief whose claims are ``texts``, one paragraph, whatever the parser would make of them (a
    PDF delivers cover lines and table cells as claims)."""
    sentences = tuple(
        Sentence(id=i, text=t, section=0, start=0, end=len(t), markers=(), line=i, paragraph=0)
        for i, t in enumerate(texts, start=1)
    )
    base = brief_from("A TITLE\n\nA sentence.\n")
    sections = (Section(heading, 1 if heading else 0, tuple(s.id for s in sentences)),)
    return assign_support(replace(base, sentences=sentences, sections=sections))


# ---------------------------------------------------------------------------------------------
# Analysis or a checkable fact: one row per rule, each sentence quoted from a labelled document.

FACTS = [
    # a quotation (IF12106)
    (
        "IAEA Director General Rafael Grossi stated on March 4, 2026, that the agency “never had information "
        "indicating that there was a structured systematic [Iranian] program to build or to construct a nuclear "
        "weapon.”",
        "a quotation",
    ),
    # a legal fact: a rule's predicate (R48910)
    ("Withdrawals are generally not allowed from Trump Accounts during the growth period.", "a legal fact"),
    # a legal fact: a rule-giving text as the subject; an inline pinpoint is no reference (R48903)
    (
        "The Jones Act (Section 27 of the Merchant Marine Act of 1920, P.L. 66-261) restricts vessels transporting "
        "cargo between U.S. ports to those that are U.S.-built, owned, and crewed.",
        "a legal fact",
    ),
    # a legal fact: "may" with a verb of permission (98-317)
    (
        "If a bill is referred to more than one committee, each committee may decide whether to hold a hearing.",
        "a legal fact",
    ),
    # a legal fact: a claim of absence in a specific text (98-317)
    ("Senate Rule XXXI, setting procedures on presidential nominees, is silent on hearings.", "a legal fact"),
    # a figure in words (R44243)
    ("Five Speakers died while in office (most recently Representative Sam Rayburn in 1962).", "a figure"),
    # a figure: a share (GAO-06-282)
    ("Nearly half of infants born in the U.S. receive benefits through WIC.", "a figure"),
    # a ranking about the world is a figure (R48903)
    ("Saudi Arabia is an important source of phosphate fertilizer.", "a figure"),
    # an attributed statement (IF12106)
    ("According to Grossi, Tehran’s enriched uranium stockpile remains in the country.", "an attributed statement"),
    # an impersonal attribution reports others' views (ISSI sanctions)
    (
        "The lack of resistance while facilitating its strategic equation has raised concerns regarding growing "
        "Indian hegemony and increasing risks of military escalation in the region.",
        "an attributed statement",
    ),
    # a dated event (IF12106)
    (
        "Then-President Donald Trump announced in May 2018 that the United States was ending U.S. participation in "
        "the JCPOA.",
        "a dated event",
    ),
    # an action of a named actor (IF12106)
    (
        "Over time, Iran subsequently stopped implementing many of its JCPOA obligations and also scaled back "
        "JCPOA-required International Atomic Energy Agency (IAEA) monitoring.",
        "an action of a named actor",
    ),
    # a technical fact: a measure (R48903)
    (
        "It is shipped in large quantities by container ships in specially designed insulated and pressurized "
        "containers that keep the helium in liquid form at minus 452 degrees Fahrenheit for up to 45 days.",
        "a technical fact",
    ),
    # a trend: a quantity and a verb of change (GAO-07-106)
    (
        "In addition, while hydropower makes up the bulk of energy generated from renewable sources, its share of "
        "the renewable energy has declined because new wind, geothermal, and solar-generating capacity has been added "
        "while hydropower generation has remained unchanged.",
        "a figure",
    ),
    # what a document provides is reported content, not the author's recommendation (R48907)
    (
        "The Stanley Memorandum also provides that the repeal of DADT should be a sufficient basis to support "
        "reconsideration of requests from applicants who were previously denied upgrades.",
        "a legal fact",
    ),
    # a new dated fact outweighs the author's evaluation (ISSI MTCR)
    (
        "Building further on the U.S.’s strategic intent to strengthen U.S.-India relations, the visit of then U.S. "
        "National Security Advisor Jake Sullivan to India on January 6, 2025, once again reinforced America's "
        "favoritism towards India.",
        "a dated event",
    ),
]


@pytest.mark.parametrize(("text", "kind"), FACTS)
def test_a_checkable_fact_with_no_note_needs_a_source(text: str, kind: str) -> None:
    claim = only(text)
    assert (claim.support, claim.support_kind) == ("needs_source", kind)


ANALYSIS = [
    # the author's framing: a topic of debate, no view reported (ISSI MTCR)
    "The United States' favoritism towards India stemming from their deepening strategic ties has been a significant "
    "subject of debate, especially in the context of regional stability.",
    # a recommendation (ISSI sanctions)
    "Pakistan's missile program should be viewed not as an act of aggression but as a crucial step towards ensuring "
    "peace and stability within the region.",
    # a policy option for Congress (R48903)
    "At issue for Congress is Iran’s attempt at controlling the Strait, the commodities in addition to oil that cannot "
    "be shipped to or from Persian Gulf ports, and the safety of U.S.-flagged vessels in the Persian Gulf.",
    # hedged: may (R48903)
    "Aluminum and steel manufacturing are two industries that may be significantly affected by the blockage of the "
    "Strait.",
    # the author's evaluation (ISSI sanctions)
    "If anything, these sanctions reflected the double standards of the U.S. and its continued policy of "
    "discrimination between India and Pakistan.",
    # the author's own method: first person (GAO-06-282)
    "To assess the reliability of the data, we talked with company representatives about data quality control "
    "procedures and reviewed relevant documentation.",
    # the report's structure (R48903)
    "This report first briefly describes the status of the Strait as of the publication date of this report, then "
    "identifies non-oil products that are significant to seaborne trade in the Persian Gulf region.",
    # a pointer (R44243)
    "For additional discussion of selection procedures and a selected bibliography on the office, see CRS Report "
    "97-780, The Speaker of the House: House Officer, Party Leader, and Representative, by Valerie Heitshusen.",
    # a definition in a glossary box (R48910)
    "Beneficiary – the child for whom the Trump Account has been opened.",
    # a worked hypothetical example (R48910)
    "For example, consider if a child’s parents open an account for the child and contribute $3,000.",
    # a general statement of practice hedged with "sometimes" (98-317)
    "A House or Senate resolution is sometimes used to establish a special investigative committee or to initiate a "
    "specific investigation.",
    # a general absence of action rests on the author's own review (IF12106)
    "Neither the U.S. government nor the IAEA have publicly described any evidence that Iran is conducting covert "
    "fissile material production nuclear activities.",
    # a lead-in ending with a colon (R48910)
    "Some relevant participants in the process include the following:",
    # uncertainty (IF12106)
    "The current assessed public timeline is unclear.",
]


@pytest.mark.parametrize("text", ANALYSIS)
def test_the_authors_analysis_needs_no_source(text: str) -> None:
    assert only(text).support == "analysis"


def test_what_officials_told_crs_in_a_crs_report_is_analysis() -> None:
    # IF12106: the author's own research; the organisation is read from the report's furniture.
    brief = claims_of(
        "Congressional Research Service https://crsreports.congress.gov",
        "A State Department official told CRS in an April 2022 email that Iran would have needed approximately one "
        "year to complete the necessary weaponization steps.",
    )
    assert [c.support for c in brief.sentences] == ["not_prose", "analysis"]


NOT_PROSE = [
    "Congressional Research Service https://crsreports.congress.gov",  # cover furniture
    "Any breastfeeding At birth: 75% of infants",  # cells of a briefing slide (GAO-06-282)
    "Source: CRS analysis.",  # a source line (R48910)
    "R48910 · VERSION 2 · NEW",  # a running footer
]


@pytest.mark.parametrize("text", NOT_PROSE)
def test_lines_that_are_not_prose(text: str) -> None:
    (claim,) = claims_of(text).sentences
    assert claim.support == "not_prose"


def test_back_matter_and_boilerplate_are_not_prose() -> None:
    brief = analysed(
        "## Acknowledgments\n\nRichard S. Beth and Christopher M. Davis provided helpful comments.\n\n"
        "## Body\n\nThis is a work of the U.S. government and is not subject to copyright protection in the "
        "United States. It may be reproduced and distributed in its entirety without further permission from GAO.\n",
        markdown=True,
    )
    # The acknowledgment is a claim that needs no source; the notice is no claim at all.
    assert [c.support for c in brief.sentences] == ["not_prose"]
    assert [r.kind for r in brief.regions] == ["furniture"]
    assert brief.regions[0].text.startswith("This is a work of the U.S. government")


def test_a_notice_printed_on_after_a_paragraph_is_cut_off_at_its_label() -> None:
    brief = analysed(
        "Members may engage with the Administration on the conflict.[^1] Disclaimer: These documents were "
        "prepared by the Service. Information in a report should not be relied upon for purposes other than "
        "public understanding. Reports are not subject to copyright protection in the United States.\n\n"
        "[^1]: Congressional Record, April 2026.\n",
        markdown=True,
    )
    assert [(c.text, c.markers) for c in brief.sentences] == [
        ("Members may engage with the Administration on the conflict.", (1,))
    ]
    (notice,) = brief.regions
    assert notice.kind == "furniture" and notice.text.startswith("Disclaimer: These documents were prepared")
    assert not brief.problems


def test_a_sentence_quoting_one_phrase_of_a_notice_is_a_claim() -> None:
    brief = analysed("## Body\n\nThe agency said the report may be used without further permission.\n", markdown=True)
    assert [c.text for c in brief.sentences] == ["The agency said the report may be used without further permission."]
    assert not brief.regions


def test_the_authors_summary_of_findings_is_analysis() -> None:
    # GAO-07-106: the Results in Brief restate the letter's findings, which the body sources.
    brief = analysed(
        "## Results in Brief\n\nMinnesota had displaced nearly 10 percent of all of its gasoline consumption with "
        "ethanol by June 2006 and had nearly one-third of the nation’s ethanol fueling stations in September 2006.\n\n"
        "## Background\n\nIn 1973, oil cost about $15 per barrel (in real terms) and accounted for 96 percent of the "
        "energy used in the transportation sector and 17 percent of the energy used to generate electricity.\n",
        markdown=True,
    )
    assert [c.support for c in brief.sentences] == ["analysis", "needs_source"]


def test_a_sentence_pointing_at_a_figure_is_covered_by_it() -> None:
    # GAO-07-106: Figure 1's source line is "Source: GAO analysis of EIA data."
    brief = claims_of(
        "As shown in figure 1, the current U.S. energy portfolio is similar to the energy portfolio in 1973.",
        "Figure 1: Comparison of the U.S. Energy Portfolio in 1973 and 2004",
    )
    assert [(c.support, c.covered_by) for c in brief.sentences] == [("covered", ()), ("not_prose", ())]


def test_a_bulleted_list_of_the_authors_findings_is_analysis() -> None:
    # GAO-06-282: the findings GAO reports in its letter are its own research.
    brief = analysed(
        "In summary, we reported the following findings:\n\n"
        "• Infant formula marketing targets non-WIC mothers and also reaches WIC mothers. Some of these marketing "
        "efforts use the trademarked WIC acronym in promotional materials. Although FNS requires states to restrict "
        "this practice in their WIC contracts, most states do not.\n"
    )
    assert {c.support for c in brief.sentences} == {"analysis"}


def test_what_officials_told_the_author_is_analysis() -> None:
    # GAO-06-282: the agency's comments on the draft, in a paragraph where GAO speaks of its own work.
    brief = analysed(
        "We provided a draft of this report to officials of the U.S. Department of Agriculture for review and "
        "comment. The officials noted that it may be necessary to include language in the state contracts allowing "
        "for fair use of the WIC name and acronym, as allowed by federal trademark law.\n"
    )
    assert [c.support for c in brief.sentences] == ["analysis", "analysis"]


# ---------------------------------------------------------------------------------------------
# Coverage: a note of the paragraph backs an unmarked factual sentence.

COVERAGE = [
    (
        "the note closing the run (ISSI MTCR)",
        "The MTCR, originally established in 1987 by the G-7 countries, is aimed at curtailing the proliferation of "
        "missile systems and technologies. It has established specific guidelines designed to restrict the spread of "
        "missile and unmanned aerial vehicle (UAV) technology with the ability to carry payloads above 500kg over "
        "distances surpassing 300km.²\n\n² Girish Kumar, “India’s MTCR Membership,” Strategic Studies, 2016, "
        "https://example.org/mtcr.\n",
        ["covered", "cited"],
        [(2,), ()],
    ),
    (
        "the next sentence, about the same event, carries the note (R44243)",
        "A vote on a resolution in 1910 declaring a vacancy in the Speaker’s office failed, and the sitting Speaker, "
        "Representative Joseph Cannon, remained in the position until the end of the Congress. It was during these "
        "1910 proceedings that the House established the precedent that resolutions declaring the office of the "
        "Speaker vacant “constitute a matter of high constitutional privilege.”⁸\n\n⁸ William McKay and Charles W. "
        "Johnson, Parliament and Congress (Oxford: Oxford University Press, 2010), p. 45.\n",
        ["covered", "cited"],
        [(8,), ()],
    ),
    (
        "a sentence carrying on the cited statement before it (ISSI MTCR)",
        "Jon Finer, Principal Deputy National Security Advisor, declared that the intent behind this revision was to "
        "further boost “commercial space cooperation” with “close partners like India.”⁸ He maintained that they are "
        "actively making efforts to clear impediments to private-sector cooperation.\n\n⁸ Pranav Mukul, “US to update "
        "its MTCR Export Control Policies for India,” The Economic Times, December 18, 2024, https://example.org/et.\n",
        ["cited", "covered"],
        [(), (8,)],
    ),
    (
        "an Ibid. chain: the notes before and after are one source (ISSI MTCR)",
        "It has been argued that Indian membership of MTCR, rather than promoting nonproliferation objectives, "
        "increased the possibility of boosting the Indian missile program, as it could enjoy easier access to "
        "advanced missile systems.⁵ Thus, it is believed to provide India with greater opportunities to enter the "
        "global missile market, enabling it to become a key importer of missiles and technology. It has also been "
        "argued that this would provide assistance to India in acquiring military technology from the U.S. and "
        "increase its chances of obtaining armed Predator drones.⁶\n\n⁵ Ghazala Yasmin Jalil, “India’s Entry into "
        "the MTCR,” Strategic Studies 36, no. 4 (2016): 1-20.\n⁶ Ibid.\n",
        ["cited", "covered", "cited"],
        [(), (5, 6), ()],
    ),
    (
        "a note that gives one example backs nothing before it (R44243)",
        "When a Speaker is selected at the start of a new Congress, the Clerk of the House presides. The Clerk has "
        "also presided over an election to replace a Speaker who had died during a Congress.⁹\n\n⁹ For instance, the "
        "House Clerk presided over the election to replace Rep. Rayburn as Speaker in 1962.\n",
        ["needs_source", "cited"],
        [(), ()],
    ),
    (
        "another event's date in the run; a sentence carrying on one that needs a source (ISSI sanctions)",
        "Similarly, India, and the U.S. signed the Communications Compatibility and Security Agreement (COMCASA) on "
        "September 6, 2018, under which the U.S. has facilitated its close allies with interoperability between "
        "militaries and high-end technologies. It was done on the sidelines of the India-U.S. 2+2 ministerial "
        "dialogue to secure communications between their respective governments and ministries. Moreover, in "
        "December 2019, India and the U.S. further deepened their broader security partnership and defence trade "
        "relations by signing an Industrial Security Annex (ISA) to the General Security of Military Information "
        'Agreement. On that occasion, Indian Ambassador to the U.S., Harsh Vardhan Shringla, said, "This agreement '
        'will facilitate close technology transfer with private industries."¹⁰\n\n¹⁰ “India, US sign Industrial '
        "Security Annex,” The Economic Times, December 19, 2019, https://example.org/isa.\n",
        ["needs_source", "needs_source", "covered", "cited"],
        [(), (), (10,), ()],
    ),
    (
        "the closing sentence adds another item (ISSI sanctions)",
        "By 1966, the Indo-Soviet military cooperation had expanded to include the supply of advanced military "
        "equipment, such as Sukhoi-7 aircraft, T-55 tanks, artillery, and radar systems.² On the other hand, Pakistan "
        "was restrained from accessing such advantages or acquiring any advanced weaponry. Similarly from 1970s to "
        "1990s, sanctions such as those under the Symington, the Pressler and Glenn amendments specifically targeted "
        "Pakistan's defence programs on allegations of proliferation activities.³\n\n² “Soviet Help for "
        "Self-Reliance in Defence,” The Embassy of the Russian Federation in the Republic of India, 1981, "
        "https://example.org/ru.\n³ “Confrontation and Retreat,” Arms Control Association, https://example.org/aca.\n",
        ["cited", "needs_source", "cited"],
        [(), (), ()],
    ),
    (
        "a note published before the event cannot back it (R48903)",
        "Before U.S. and Israeli military operations began against Iran on February 28, 2026, the average number of "
        "ships transiting through the Strait of Hormuz was about 130 each day.¹ As of April 7, 2026, only a handful "
        "of ships have risked the transit each day since the start of the operations. Before the conflict began, the "
        "Strait was open to ship navigation without constraint as per long-standing international law.²\n\n¹ UNCTAD, "
        "“Strait of Hormuz Disruptions,” March 10, 2026, https://example.org/unctad.\n² Robert Beckman et al., "
        "“Possible Actions by Coastal States,” International Journal of Marine and Coastal Law, 2024, "
        "https://example.org/beckman.\n",
        ["cited", "needs_source", "cited"],
        [(), (), ()],
    ),
]


@pytest.mark.parametrize(("rule", "text", "support", "covered_by"), COVERAGE, ids=[c[0] for c in COVERAGE])
def test_coverage_rules(rule: str, text: str, support: list[str], covered_by: list[tuple[int, ...]]) -> None:
    brief = analysed(text)
    assert [c.support for c in brief.sentences] == support, rule
    assert [c.covered_by for c in brief.sentences] == covered_by, rule


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Harbor mines are devices that explode if struck by a vessel hull.", "explanation"),  # R48903 note 10
        ("See, for example, committee Rule 10 of the Senate Foreign Relations Committee.", "example"),  # 98-317 note 8
        ("Individuals not serving in the House received votes in 1997, 2013, and 2019.", "source"),  # a dated record
        ("46 U.S.C. §53103(d).", "source"),  # R48903 note 35
    ],
)
def test_what_a_note_does(text: str, role: str) -> None:
    assert note_role(Note(1, text, 1, "superscript")) == role


# ---------------------------------------------------------------------------------------------
# Reading sentences: dates and identifiers are no figures; month names are no modal verbs.


def test_identifiers_and_dates_are_not_figures() -> None:
    cues = read_sentence(
        "However, under clause 8(b)(3) of House Rule I (adopted in the 108th Congress), the Speaker must provide the "
        "Clerk a list of Members designated to act as Speaker pro tempore."
    )
    assert cues.numbers == frozenset()
    assert read_sentence("Members convened as scheduled on March 31, 2026.").numbers == frozenset()
    assert read_sentence("The range is more than 7000 km and about 65% of it.").numbers == {"7000", "65%"}


def test_may_the_month_is_no_hedge() -> None:
    assert not read_sentence("Then-President Donald Trump announced in May 2018 that the U.S. was leaving.").hedged
    assert read_sentence("These developments may inform congressional consideration.").hedged


def test_uncited_factual_is_needs_source_even_without_the_stage() -> None:
    brief = brief_from("A TITLE\n\nIt was bad. Five Speakers died while in office. Nothing else.\n")
    assert all(c.support is None for c in brief.sentences)
    assert uncited_factual(brief) == {2}


# ---------------------------------------------------------------------------------------------
# The targets on the hand labels.


@cache
def judged() -> tuple[Judged, ...]:
    out: list[Judged] = []
    for path in label_files():
        out += judge(path.stem, analyze_file(document_for(path.stem), default_stages()))
    return tuple(out)


def test_the_labels_cover_enough_documents_and_none_held_out() -> None:
    files = label_files()
    assert not [f for f in files if f.stem.startswith(HELD_OUT)]
    real = [f for f in files if not f.stem.startswith("issi-")]
    assert len(real) >= 4
    assert sum(len(load_labels(f)) for f in real) >= 300


@pytest.mark.parametrize("protocol", ["completed", "found"])
def test_needs_source_meets_the_targets_on_the_labels(protocol: str) -> None:
    """``completed``: every labelled sentence, a sentence the PDF layer garbled judged on its own text;
    ``found``: the labelled sentences found whole among the analyser's claims."""
    score = needs_source_score(judged(), protocol)
    assert score.precision >= TARGET, score
    assert score.recall >= TARGET, score
    assert score.f1 >= BASELINE_F1[protocol] + GAIN, score


def test_through_the_analyser_the_gain_over_the_baseline_holds() -> None:
    # Labels the analyser did not deliver whole (IF12106's columns, read across today) are misses here.
    score = needs_source_score(judged(), "strict")
    assert score.precision >= TARGET, score
    assert score.f1 >= BASELINE_F1["strict"] + GAIN, score


# ---------------------------------------------------------------------------------------------
# BA301 and the outputs.

SEEDS_IN_CORPUS = sorted((ROOT / "corpus").glob("issi-*.txt"))


@pytest.mark.parametrize("seed", SEEDS_IN_CORPUS, ids=lambda p: p.stem[:15])
def test_check_reports_ba301_only_on_sentences_the_labels_call_needs_source(seed: Path) -> None:
    labels = {norm(lab.text): lab for lab in load_labels(ROOT / "tests/data/labels/support" / f"{seed.stem}.jsonl")}
    result = CliRunner().invoke(main, ["check", str(seed), "--format", "json"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "BA301"]
    wanted = [lab for lab in labels.values() if lab.label == "needs_source"]
    assert len(findings) <= len(wanted)
    for finding in findings:
        snippet = re.search(r"no note: ['\"](.*?)(?:\.\.\.)?['\"]$", finding["message"])
        assert snippet, finding["message"]
        (label,) = [lab for text, lab in labels.items() if text.startswith(norm(snippet.group(1)))]
        assert label.label == "needs_source", label.text
        assert any(finding["message"].startswith(f"states {kind} with no note") for kind in KINDS), finding["message"]


def test_ba301_names_the_kind_of_fact(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("A TITLE\n\nFive Speakers died while in office (most recently Sam Rayburn in 1962).\n", "utf-8")
    brief = analyze_file(path, default_stages())
    (finding,) = [f for f in brief_findings(brief).findings if f.code == "BA301"]
    assert (
        finding.message
        == "states a figure with no note: 'Five Speakers died while in office (most recently Sam Ray...'"
    )


def test_json_uncited_factual_is_support_needs_source() -> None:
    brief = analyze_file(SEEDS_IN_CORPUS[1], default_stages())
    claims = brief_json(brief)["claims"]
    assert any(c["support"] == "needs_source" for c in claims)
    for claim in claims:
        assert claim["uncited_factual"] == (claim["support"] == "needs_source")
        assert claim["support"] in ("cited", "covered", "needs_source", "analysis", "not_prose")
        assert (claim["support_kind"] is not None) == (claim["support"] == "needs_source")
        assert bool(claim["covered_by"]) == (claim["support"] == "covered")


def test_support_and_ba301_load_no_language_model() -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefs_analyzer.check import brief_findings\n"
        "from briefs_analyzer.corpus import analyze_file\n"
        "from briefs_analyzer.pipeline import default_stages\n"
        f"brief = analyze_file(Path({str(SEEDS_IN_CORPUS[1])!r}), default_stages())\n"
        "assert any(f.code == 'BA301' for f in brief_findings(brief).findings)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


@pytest.mark.model
def test_analyze_with_entities_gives_the_support_check_gives() -> None:
    result = CliRunner().invoke(main, ["analyze", str(SEEDS_IN_CORPUS[1]), "--format", "json", "--no-cache"])
    (brief,) = json.loads(result.stdout)["briefs"]
    assert brief["entities"]  # the NLP layer ran
    checked = analyze_file(SEEDS_IN_CORPUS[1], default_stages())
    assert [c["support"] for c in brief["claims"]] == [c.support for c in checked.sentences]


def test_show_prints_each_claims_support() -> None:
    out = CliRunner().invoke(main, ["show", str(SEEDS_IN_CORPUS[1])], env={"COLUMNS": "400"}).stdout
    lines = out.splitlines()
    comcasa = next(line for line in lines if "Similarly, India, and the U.S. signed" in line)
    assert comcasa.endswith("needs a source: a dated event")
    beca = next(line for line in lines if line.startswith("39. BECA allowed"))
    assert beca.endswith("covered by [11]")
    assert "Claims that need a source (BA301)" in out
    needs = out.split("Claims that need a source (BA301)")[1]
    assert "Similarly, India, and the U.S. signed" in needs and "(a dated event)" in needs
    # Dated after the sentence citing the foundational agreements (note 9): a new fact (the gold flags it).
    assert "On August 29, 2016, the Logistics Exchange" in needs
    assert "In recent years, the U.S. has been working to fortify" not in needs  # the run note 9 closes
