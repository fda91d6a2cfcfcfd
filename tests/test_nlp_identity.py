"""One identity per entity within a brief, and the forms that name a state, law or date.

All on ``spacy.blank("en")`` plus the gazetteer ruler (no model, no drift).  Sentences are
made up in the manner of CRS reports; none is taken from the labelled reports.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from briefs_analyzer.model import Entity
from briefs_analyzer.nlp import abbreviations, annotate, load_pipeline, short_names
from briefs_analyzer.nlp.dates import canonical_date
from tests.test_nlp_rules import brief_of


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(model=None)


def entities(nlp: Language, *sentences: str) -> list[Entity]:
    return [e for e in annotate(brief_of(*sentences), nlp).entities if e.place == "body"]


def named(nlp: Language, *sentences: str) -> list[tuple[str, str, str, int | None]]:
    return [(e.text, e.type, e.canonical, e.claim_id) for e in entities(nlp, *sentences)]


def test_a_short_name_defined_in_parentheses_takes_the_full_name_everywhere(nlp: Language) -> None:
    got = named(
        nlp,
        "Tankers crossed the Bab el-Mandeb Strait (the Strait) in May 2024.",
        "Traffic through the Strait fell.",
    )
    assert ("Bab el-Mandeb Strait", "location", "Bab el-Mandeb", 1) in got
    assert ("Strait", "location", "Bab el-Mandeb", 2) in got


def test_a_defined_year_and_noun_is_one_agreement_and_no_date(nlp: Language) -> None:
    text = "The parties adopted the Convention on Fishing in the Northern Atlantic Waters (the 1979 Convention)."
    got = named(nlp, text, "The 1979 Convention entered into force.")
    assert (
        "1979 Convention",
        "agreement",
        "Convention on Fishing in the Northern Atlantic Waters",
        2,
    ) in got
    assert ("1979", "date", "1979", 2) not in got


def test_short_names_and_abbreviations_are_found_with_their_long_forms() -> None:
    text = (
        "It joined the Treaty of Amity and Cooperation (hereinafter the Treaty). The Widget Export Council "
        "(WEC; formerly the Widget Board) met. Acme Holdings Inc. [AHI] agreed. It uses intermediate-range "
        "nuclear forces (INF)."
    )
    got = {a.short: (a.long, a.named) for a in [*abbreviations(text), *short_names(text)]}
    assert got["Treaty"] == ("Treaty of Amity and Cooperation", True)
    assert got["WEC"] == ("Widget Export Council", True)
    assert got["AHI"] == ("Acme Holdings Inc.", True)
    assert got["INF"] == ("intermediate-range nuclear forces", False)


def test_an_abbreviation_of_a_common_noun_is_no_entity(nlp: Language) -> None:
    got = named(nlp, "Operators store spent nuclear fuel (SNF) on site.", "The SNF stays in Texas.")
    assert [g for g in got if g[0] == "SNF"] == []
    assert ("Texas", "location", "Texas", 2) in got


def test_a_head_word_alone_is_the_one_full_name_with_that_head(nlp: Language) -> None:
    got = named(
        nlp,
        "The Biden Administration proposed the rule.",
        "The Administration later withdrew it.",
        "The Senate Armed Services Committee held a hearing.",
        "The Committee then voted.",
    )
    assert ("Administration", "organization", "Biden Administration", 2) in got
    assert ("Committee", "organization", "Senate Armed Services Committee", 4) in got


def test_a_title_and_surname_name_the_person_the_data_knows(nlp: Language) -> None:
    from briefs_analyzer.nlp.gazetteer import shipped_tables

    assert shipped_tables().titled["President Clinton"] == "Bill Clinton"
    assert ("person", "Bill Clinton") in shipped_tables().qids


@pytest.mark.parametrize(
    ("text", "mention", "canonical"),
    [
        ("The U.S.-flagged fleet shrank.", "U.S.-flagged", "United States"),
        ("A Qatar-brokered truce held.", "Qatar-brokered", "Qatar"),
        ("Russian deployments grew.", "Russian", "Russia"),
        ("North Korean launches resumed.", "North Korean", "North Korea"),
        ("Few Germans agreed.", "Germans", "Germany"),
    ],
)
def test_demonyms_and_hyphenated_forms_give_their_state_marked_as_such(
    nlp: Language, text: str, mention: str, canonical: str
) -> None:
    got = [(e.text, e.type, e.canonical, e.demonym) for e in entities(nlp, text)]
    assert (mention, "state_actor", canonical, True) in got


def test_a_name_with_a_suffix_keeps_its_own_type(nlp: Language) -> None:
    got = [(e.text, e.type, e.canonical, e.demonym) for e in entities(nlp, "The NATO-led mission and U.S.-Iran talks.")]
    assert ("NATO-led", "organization", "North Atlantic Treaty Organization", False) in got
    assert ("U.S.", "state_actor", "United States", False) in got
    assert ("Iran", "state_actor", "Iran", False) in got


@pytest.mark.parametrize(
    "text", ["Latin American markets grew.", "Native American tribes objected.", "Indian tribes objected."]
)
def test_demonyms_inside_other_names_are_no_state(nlp: Language, text: str) -> None:
    assert [e for e in entities(nlp, text) if e.type == "state_actor"] == []


def test_a_us_state_is_a_location_and_so_is_a_postal_code_after_a_place(nlp: Language) -> None:
    got = [
        (e.text, e.type, e.canonical, e.qid) for e in entities(nlp, "Plants in Ohio and in Dayton, OH 45402 closed.")
    ]
    assert got == [("Ohio", "location", "Ohio", "Q1397"), ("OH", "location", "Ohio", "Q1397")]
    assert [e.type for e in entities(nlp, "The State of Washington sued.")] == ["location"]


def test_washington_in_an_address_is_the_city(nlp: Language) -> None:
    got = [(e.text, e.type, e.canonical) for e in entities(nlp, "The office is at 441 G St. NW, Washington, DC 20548.")]
    assert ("Washington, DC", "location", "Washington, D.C.") in got
    assert not [g for g in got if g[1] == "state_actor"]


def test_states_have_wikidata_ids_and_entities_a_stable_key(nlp: Language) -> None:
    by_text = {e.text: e for e in entities(nlp, "Canada and the Atlantis Federation met.")}
    assert by_text["Canada"].qid == "Q16" and by_text["Canada"].key == "wikidata:Q16"


@pytest.mark.parametrize(
    ("text", "mention", "canonical"),
    [
        ("It was amended by 33 U.S.C. § 1251(b)(3) in 1987.", "33 U.S.C. § 1251(b)(3)", "33 U.S.C. § 1251(b)(3)"),
        ("See 40 C.F.R. § 1502.14 for the rule.", "40 C.F.R. § 1502.14", "40 C.F.R. § 1502.14"),
        ("Congress passed H.R. 815 quickly.", "H.R. 815", "H.R. 815"),
        ("It cited E.O. 13224 again.", "E.O. 13224", "Executive Order 13224"),
        ("It invoked UNSCR 2231 again.", "UNSCR 2231", "UN Security Council Resolution 2231"),
        ("Public Law 117-58 funds it.", "Public Law 117-58", "P.L. 117-58"),
    ],
)
def test_legal_citations_are_legal_instruments(nlp: Language, text: str, mention: str, canonical: str) -> None:
    got = [(e.text, e.type, e.canonical) for e in entities(nlp, text)]
    assert (mention, "legal_instrument", canonical) in got


def test_a_public_law_after_an_act_is_that_act_with_its_year(nlp: Language) -> None:
    got = named(
        nlp,
        "The Shipping Revitalization Act of 1936, P.L. 74-835, set the rules.",
        "The 1990 Harbor Cleanup Act (P.L. 101-380) followed.",
        "Later the Harbor Cleanup Act was amended.",
    )
    assert ("P.L. 74-835", "legal_instrument", "Shipping Revitalization Act of 1936", 1) in got
    assert ("1936", "date", "1936", 1) not in got
    assert ("P.L. 101-380", "legal_instrument", "Harbor Cleanup Act of 1990", 2) in got
    assert ("Harbor Cleanup Act", "legal_instrument", "Harbor Cleanup Act of 1990", 3) in got
    assert ("P.L.", "location", "P.L.", 1) not in got


def test_a_section_without_its_act_belongs_to_the_act_the_brief_is_about(nlp: Language) -> None:
    got = named(
        nlp, "Section 404(b) permits are required.", "The Clean Water Act governs them.", "The Clean Water Act again."
    )
    assert ("Section 404(b)", "legal_instrument", "Clean Water Act § 404(b)", 1) in got


def test_a_part_of_a_treaty_is_named_with_the_treaty(nlp: Language) -> None:
    got = named(nlp, "Part VII of UNCLOS covers the high seas.", "UNCLOS Annex III sets the terms.")
    assert ("Part VII", "agreement", "United Nations Convention on the Law of the Sea, Part VII", 1) in got
    assert ("Annex III", "agreement", "United Nations Convention on the Law of the Sea, Annex III", 2) in got


@pytest.mark.parametrize(
    ("surface", "canonical", "kind"),
    [
        ("FY2006", "FY2006", "fiscal_year"),
        ("fiscal year 2006", "FY2006", "fiscal_year"),
        ("FY2026-FY2035", "FY2026/FY2035", "fiscal_year"),
        ("2008-2021", "2008/2021", None),
        ("April-June 2025", "2025-04/2025-06", None),
        ("summer 2023", "2023", None),
        ("1990s", "199X", None),
        ("May 3", "XXXX-05-03", None),
    ],
)
def test_date_forms(surface: str, canonical: str, kind: str | None) -> None:
    assert canonical_date(surface) == (canonical, kind)


def test_fiscal_years_are_dates_of_their_own_kind_not_calendar_years(nlp: Language) -> None:
    got = [(e.text, e.canonical, e.date_kind) for e in entities(nlp, "Funding for fiscal year 2006 rose.")]
    assert got == [("fiscal year 2006", "FY2006", "fiscal_year")]


def test_a_day_without_a_year_takes_the_year_of_the_date_before_it(nlp: Language) -> None:
    got = named(nlp, "Talks opened on January 12, 2024.", "They ended on February 3, as planned, and in March.")
    assert ("February 3", "date", "2024-02-03", 2) in got
    assert ("March", "date", "2024-03", 2) in got


def test_two_or_three_capitalised_words_after_a_role_are_a_person(nlp: Language) -> None:
    got = named(nlp, "Secretary of State Marco Rubio spoke.", "Vice President Kamala Harris replied.")
    assert ("Marco Rubio", "person", "Marco Rubio", 1) in got
    assert ("Kamala Harris", "person", "Kamala Harris", 2) in got
    assert not [g for g in got if g[0].startswith("President")]


def test_a_judicial_district_alone_is_the_court_named_with_it(nlp: Language) -> None:
    got = named(
        nlp,
        "The plaintiffs sued in the U.S. District Court for the Western District of Texas.",
        "The case in the Western District of Texas is stayed.",
    )
    court = "U.S. District Court for the Western District of Texas"
    assert (court, "organization", court, 1) in got
    assert ("Western District of Texas", "organization", court, 2) in got


def test_model_people_that_are_cases_peoples_companies_or_laws_are_no_people() -> None:
    from briefs_analyzer.nlp.gazetteer import shipped_lexicon
    from briefs_analyzer.nlp.mentions import model_mention

    lexicon = shipped_lexicon()

    def typed(text: str, span: str) -> tuple[str, str] | None:
        start = text.index(span)
        m = model_mention(text, start, start + len(span), "PERSON", lexicon)
        return (m.type, m.canonical) if m else None

    assert typed("The Court in Riegel v. Medtronic held so.", "Riegel v. Medtronic") is None
    assert typed("It consulted Indian Tribes first.", "Indian Tribes") is None
    assert typed("It sued Acme Widgets Inc. in 2020.", "Acme Widgets Inc.") == ("organization", "Acme Widgets Inc.")
    assert typed("The Sherman Law applies.", "Sherman Law") == ("legal_instrument", "Sherman Law")
    assert typed("Tankers left the Ras Tanura oil terminal.", "Ras Tanura") == ("location", "Ras Tanura")
    assert typed("The ship Ever Given ran aground.", "Ever Given") is None
