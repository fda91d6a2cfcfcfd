"""The rule-based entity layer on ``spacy.blank("en")`` + the gazetteer ruler (no model, no drift)."""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path

import pytest
from spacy.language import Language

from briefs_analyzer.model import Brief, Entity, Event, Metadata, Note, Person, Sentence
from briefs_analyzer.nlp import (
    GazetteerError,
    ModelMissingWarning,
    abbreviations,
    agreement_events,
    annotate,
    annotate_many,
    event_verb,
    is_rule_based,
    load_pipeline,
    read_gazetteer,
)
from briefs_analyzer.output import entity_json, event_json
from briefs_analyzer.report.terminal import entity_rows

# Sentences quoted from seed 004 (ISSI, "U.S. Sanctions on Pakistan's Missile Program").
LEMOA = (
    "On August 29, 2016, the Logistics Exchange Memorandum of Agreement (LEMOA) was signed between the U.S. and "
    "India, which aimed at improving and further strengthening bilateral military cooperation."
)
COMCASA = (
    "Similarly, India, and the U.S. signed the Communications Compatibility and Security Agreement (COMCASA) on "
    "September 6, 2018, under which the U.S. has facilitated its close allies with interoperability between "
    "militaries and high-end technologies."
)
ISA = (
    "Moreover, in December 2019, India and the U.S. further deepened their broader security partnership and "
    "defence trade relations by signing an Industrial Security Agreement (ISA) under the second 2+2 dialogue in "
    "Washington, which was aimed at facilitating each other with classified information related to defence "
    "industries."
)
BECA = (
    "Lastly, on October 27, 2020, the U.S. and India signed the Basic Exchange and Cooperation Agreement (BECA) "
    "which was aimed to further enhance research and development and to work and exchange critical geospatial "
    "information, topographical data for long-range navigation and missile targeting."
)
AMENDMENTS = (
    "Similarly from 1970s to 1990s, sanctions such as those under the Symington, the Pressler and Glenn "
    "amendments specifically targeted Pakistan's defence programs on allegations of proliferation activities."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(model=None)


def brief_of(*sentences: str, notes: tuple[str, ...] = (), path: str = "test.txt") -> Brief:
    """A brief whose body is ``sentences`` (one claim each, ids from 1) and whose notes are ``notes``."""
    claims, start = [], 0
    for number, text in enumerate(sentences, start=1):
        claims.append(Sentence(number, text, 0, start, start + len(text), (), 1))
        start += len(text) + 1
    return Brief(
        path=path,
        sha256="0" * 64,
        format="text",
        metadata=Metadata(),
        body=" ".join(sentences),
        sections=(),
        sentences=tuple(claims),
        markers=(),
        notes=tuple(Note(n, text, 1, "superscript") for n, text in enumerate(notes, start=1)),
        problems=(),
    )


def body_entities(text: str, nlp: Language) -> list[Entity]:
    brief = annotate(brief_of(text), nlp)
    return [e for e in brief.entities if e.place == "body"]


def found(text: str, nlp: Language) -> set[tuple[str, str, str]]:
    """(text, type, canonical) of every body mention."""
    return {(e.text, e.type, e.canonical) for e in body_entities(text, nlp)}


def test_the_rule_based_pipeline_is_the_ruler_and_the_resolver(nlp: Language) -> None:
    assert nlp.pipe_names == ["entity_ruler", "briefs_entities"]
    assert is_rule_based(nlp)


@pytest.mark.parametrize(
    ("text", "mention", "type_", "canonical"),
    [
        ("India joined the Wassenaar Arrangement in 2017.", "Wassenaar Arrangement", "regime", "Wassenaar Arrangement"),
        ("India joined the Australia Group in 2018.", "Australia Group", "regime", "Australia Group"),
        (
            "Pakistan has not signed the NPT.",
            "NPT",
            "regime",
            "Treaty on the Non-Proliferation of Nuclear Weapons",
        ),
        ("India did not sign the CTBT.", "CTBT", "regime", "Comprehensive Nuclear-Test-Ban Treaty"),
        (
            "India subscribed to the HCoC.",
            "HCoC",
            "regime",
            "Hague Code of Conduct against Ballistic Missile Proliferation",
        ),
        ("The firms were put under the restrictive Entity list.", "Entity list", "regime", "Entity List"),
        ("The NSG met in Seoul.", "NSG", "regime", "Nuclear Suppliers Group"),
        ("They signed the BECA.", "BECA", "agreement", "Basic Exchange and Cooperation Agreement"),
        ("They concluded the 123 Agreement.", "123 Agreement", "agreement", "123 Agreement"),
        ("Russia suspended New START.", "New START", "agreement", "New START"),
        ("The INF Treaty collapsed.", "INF Treaty", "agreement", "Intermediate-Range Nuclear Forces Treaty"),
        ("Iran and the JCPOA were discussed.", "JCPOA", "agreement", "Joint Comprehensive Plan of Action"),
        (
            "Under Executive Order 13382, the assets were frozen.",
            "Executive Order 13382",
            "legal_instrument",
            "Executive Order 13382",
        ),
        (
            "This is allowed by Section 123 of the Atomic Energy Act of the United States.",
            "Section 123 of the Atomic Energy Act",
            "legal_instrument",
            "Section 123 of the Atomic Energy Act",
        ),
        (
            "The administration worked on a national security memorandum.",
            "national security memorandum",
            "legal_instrument",
            "National Security Memorandum",
        ),
        ("India tested the Agni-V missile.", "Agni-V", "weapon_system", "Agni-V"),
        ("India tested the Agni 5 missile.", "Agni 5", "weapon_system", "Agni-V"),
        ("The development of the 'Agni V' continued.", "Agni V", "weapon_system", "Agni-V"),
        ("The BrahMos was exported.", "BrahMos", "weapon_system", "BrahMos"),
        ("India bought the S-400 system.", "S-400", "weapon_system", "S-400"),
        ("India received Sukhoi-7 aircraft.", "Sukhoi-7", "weapon_system", "Sukhoi Su-7"),
        ("India received T-55 tanks.", "T-55", "weapon_system", "T-55"),
        ("Pakistan tested the Shaheen-III.", "Shaheen-III", "weapon_system", "Shaheen-III"),
        ("It was founded by the G-7 countries.", "G-7", "organization", "G7"),
        ("The State Department said so.", "State Department", "organization", "U.S. Department of State"),
        ("The Biden Administration agreed.", "Biden Administration", "organization", "Biden Administration"),
        (
            "Officials of the Bhaba Atomic Research Center came.",
            "Bhaba Atomic Research Center",
            "organization",
            "Bhabha Atomic Research Centre",
        ),
        ("The IAEA inspected the site.", "IAEA", "organization", "International Atomic Energy Agency"),
        ("The ISSI published it.", "ISSI", "organization", "Institute of Strategic Studies Islamabad"),
        ("Tensions grew in South Asia.", "South Asia", "location", "South Asia"),
    ],
)
def test_gazetteer_names_get_their_type_and_canonical_name(
    nlp: Language, text: str, mention: str, type_: str, canonical: str
) -> None:
    assert (mention, type_, canonical) in found(text, nlp)


def test_the_names_of_coordinated_amendments_are_each_a_legal_instrument(nlp: Language) -> None:
    got = found(AMENDMENTS, nlp)
    assert {
        ("Symington", "legal_instrument", "Symington Amendment"),
        ("Pressler", "legal_instrument", "Pressler Amendment"),
        ("Glenn", "legal_instrument", "Glenn Amendment"),
        ("Pakistan", "state_actor", "Pakistan"),
        ("1970s", "date", "197X"),
        ("1990s", "date", "199X"),
    } <= got


def test_a_designation_is_a_weapon_only_beside_a_weapon_noun(nlp: Language) -> None:
    assert not [e for e in body_entities("Form X-12 was filed by the T-72 committee.", nlp) if e.type != "date"]
    assert ("F-16", "weapon_system", "F-16") in found("Pakistan flies F-16 fighter jets.", nlp)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. imposed sanctions.",
        "The US imposed sanctions.",
        "The United States imposed sanctions.",
        "Washington announced the reform.",
        "The announcement from Washington came late.",
        "America's partisan approach continued.",
        "The USA imposed sanctions.",
        "Relations with the U.S.A. improved.",
    ],
)
def test_aliases_of_the_united_states_merge(nlp: Language, text: str) -> None:
    states = [e for e in body_entities(text, nlp) if e.type == "state_actor"]
    assert [e.canonical for e in states] == ["United States"]
    assert states[0].text in {"U.S.", "US", "United States", "Washington", "America", "USA", "U.S.A."}


def test_washington_after_a_preposition_of_place_is_the_city(nlp: Language) -> None:
    got = found("The second dialogue was held in Washington last year.", nlp)
    assert got == {("Washington", "location", "Washington, D.C.")}


@pytest.mark.parametrize(
    ("text", "type_", "canonical"),
    [
        ("The USSR collapsed.", "state_actor", "Soviet Union"),
        ("The Soviet Union collapsed.", "state_actor", "Soviet Union"),
        ("India sought entry into the Nuclear Suppliers' Group.", "regime", "Nuclear Suppliers Group"),
        ("India sought entry into the Nuclear Suppliers’ Group.", "regime", "Nuclear Suppliers Group"),
        ("India sought entry into the Nuclear Suppliers Group.", "regime", "Nuclear Suppliers Group"),
        ("Japan is a member of the MTCR.", "regime", "Missile Technology Control Regime"),
    ],
)
def test_other_aliases_merge(nlp: Language, text: str, type_: str, canonical: str) -> None:
    assert [(e.type, e.canonical) for e in body_entities(text, nlp) if e.canonical not in {"India", "Japan"}] == [
        (type_, canonical)
    ]


def test_demonyms_give_their_state_marked_as_demonyms_and_the_pronoun_us_is_no_state(nlp: Language) -> None:
    text = "Indian, Pakistani, American and Chinese companies told us about it."
    got = [(e.text, e.type, e.canonical, e.demonym, e.qid) for e in body_entities(text, nlp)]
    assert got == [
        ("Indian", "state_actor", "India", True, "Q668"),
        ("Pakistani", "state_actor", "Pakistan", True, "Q843"),
        ("American", "state_actor", "United States", True, "Q30"),
        ("Chinese", "state_actor", "China", True, "Q148"),
    ]


def test_an_abbreviation_after_an_abbreviated_state_is_split_off(nlp: Language) -> None:
    got = found("These revisions strengthen U.S.-India ties.", nlp)
    assert got == {("U.S.", "state_actor", "United States"), ("India", "state_actor", "India")}


def test_abbreviations_are_found_with_their_long_forms() -> None:
    text = f"{COMCASA} It also joined the Weapons of Mass Destruction (WMD) talks on unmanned aerial vehicle (UAV)."
    got = [(a.short, a.long, text[a.start : a.end]) for a in abbreviations(text)]
    assert got[0] == (
        "COMCASA",
        "Communications Compatibility and Security Agreement",
        "Communications Compatibility and Security Agreement",
    )
    assert ("WMD", "Weapons of Mass Destruction", "Weapons of Mass Destruction") in got
    named = {a.short: a.named for a in abbreviations(text)}
    assert named["UAV"] is False  # a lower-case long form is not a name


def test_a_defined_abbreviation_links_later_mentions_to_the_long_form(nlp: Language) -> None:
    brief = brief_of(
        "In 2019 the two signed an Industrial Security Agreement (ISA) in New Delhi.",
        "The ISA covers classified data.",
        "The Quantum Widget Exchange Agreement (QWEA) followed.",
        "Nobody has read the QWEA.",
        "Sanctions hit the National Development Complex (NDC).",
        "The NDC denied it.",
        "They use an unmanned aerial vehicle (UAV).",
        "The UAV flew.",
        notes=("On the ISA, see the press release.",),
    )
    entities = annotate(brief, nlp).entities
    got = {(e.text, e.type, e.canonical, e.claim_id) for e in entities}
    assert {
        ("Industrial Security Agreement", "agreement", "Industrial Security Agreement", 1),
        ("ISA", "agreement", "Industrial Security Agreement", 1),
        ("ISA", "agreement", "Industrial Security Agreement", 2),
        ("ISA", "agreement", "Industrial Security Agreement", None),  # in the note
        ("Quantum Widget Exchange Agreement", "agreement", "Quantum Widget Exchange Agreement", 3),
        ("QWEA", "agreement", "Quantum Widget Exchange Agreement", 4),
        ("NDC", "organization", "National Development Complex", 6),
    } <= got
    assert not [e for e in entities if e.text in {"UAV", "unmanned aerial vehicle"}]


@pytest.mark.parametrize(
    ("text", "mention", "iso"),
    [
        ("It was claimed on December 17, 2024, that it changed.", "December 17, 2024", "2024-12-17"),
        ("In June 2016, India joined.", "June 2016", "2016-06"),
        ("During the 1965 war, supplies stopped.", "1965", "1965"),
        ("In April 1993 the U.S. imposed sanctions.", "April 1993", "1993-04"),
        ("It was published on 18 December 2024 in Delhi.", "18 December 2024", "2024-12-18"),
        ("It was published on Dec. 18, 2024 in Delhi.", "Dec. 18, 2024", "2024-12-18"),
        ("The file is dated 2024-12-18 in the archive.", "2024-12-18", "2024-12-18"),
        ("Similarly from 1970s onwards, sanctions grew.", "1970s", "197X"),
    ],
)
def test_dates_are_normalised_to_iso_with_their_precision(nlp: Language, text: str, mention: str, iso: str) -> None:
    dates = [(e.text, e.canonical) for e in body_entities(text, nlp) if e.type == "date"]
    assert dates == [(mention, iso)]


@pytest.mark.parametrize(
    "text",
    ["It has a range of more than 7000 km.", "They sent 2000 troops to the border.", "It cost $1500 to make."],
)
def test_numbers_that_are_quantities_are_not_dates(nlp: Language, text: str) -> None:
    assert [e for e in body_entities(text, nlp) if e.type == "date"] == []


def test_agreement_events_from_the_seed_sentences(nlp: Language) -> None:
    brief = annotate(brief_of(LEMOA, COMCASA, ISA, BECA, AMENDMENTS), nlp)
    both = ("India", "United States")
    assert brief.events == (
        Event("Logistics Exchange Memorandum of Agreement", "2016-08-29", both, 1, "sign"),
        Event("Communications Compatibility and Security Agreement", "2018-09-06", both, 2, "sign"),
        Event("Industrial Security Agreement", "2019-12", both, 3, "sign"),
        Event("Basic Exchange and Cooperation Agreement", "2020-10-27", both, 4, "sign"),
    )
    assert event_json(brief.events[0]) == {
        "instrument": "Logistics Exchange Memorandum of Agreement",
        "date": "2016-08-29",
        "parties": ["India", "United States"],
        "claim_id": 1,
    }


def test_events_of_imposing_and_joining_and_not_of_negated_verbs(nlp: Language) -> None:
    brief = brief_of(
        "In April 1993 the U.S. imposed sanctions on Pakistan under the Missile Technology Control Regime (MTCR).",
        "In June 2016, India was granted the membership of MTCR.",
        "India did not sign the CTBT.",
        "The U.S. imposed sanctions on Pakistan.",
    )
    assert annotate(brief, nlp).events == (
        Event("Missile Technology Control Regime", "1993-04", ("Pakistan", "United States"), 1, "impose"),
        Event("Missile Technology Control Regime", "2016-06", ("India",), 2, "join"),
    )


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("They inked the deal.", "ink"),
        ("India acceded to the convention.", "accede"),
        ("The two concluded an accord.", "conclude"),
        ("Pakistan has never signed it.", None),
        ("The U.S. didn't impose limits.", None),
        ("A significant design was assigned.", None),
    ],
)
def test_event_verbs(sentence: str, verb: str | None) -> None:
    assert event_verb(sentence) == verb


def test_mentions_in_notes_and_front_matter_are_kept_apart(nlp: Language) -> None:
    brief = dataclasses.replace(
        brief_of(
            "The MTCR was set up in 1987.", notes=("US to update its MTCR policies, Reuters, December 18, 2024.",)
        ),
        metadata=Metadata(
            title="MTCR REFORMS AND U.S.'S APPROACH TO INDIA",
            authors=(Person("Malaika Afridi", "Research Assistant"),),
            editors=(Person("Malik Qasim Mustafa"),),
            organization="Arms Control & Disarmament Centre, ISSI",
            image_credit="Source: AI image generated by OpenAI's DALL-E.",
        ),
    )
    entities = annotate(brief, nlp).entities
    notes = [(e.text, e.note, e.claim_id) for e in entities if e.place == "note"]
    assert ("US", 1, None) in notes and ("MTCR", 1, None) in notes and ("December 18, 2024", 1, None) in notes
    front = {(e.metadata_field, e.text, e.type, e.canonical) for e in entities if e.place == "front_matter"}
    assert {
        ("title", "MTCR", "regime", "Missile Technology Control Regime"),
        ("title", "U.S.", "state_actor", "United States"),
        ("title", "INDIA", "state_actor", "India"),
        ("authors", "Malaika Afridi", "person", "Malaika Afridi"),
        ("editors", "Malik Qasim Mustafa", "person", "Malik Qasim Mustafa"),
        ("organization", "ISSI", "organization", "Institute of Strategic Studies Islamabad"),
        ("image_credit", "OpenAI", "organization", "OpenAI"),
    } <= front
    title = next(e for e in entities if e.metadata_field == "title" and e.text == "INDIA")
    assert brief.metadata.title is not None and brief.metadata.title[title.start : title.end] == "INDIA"
    body = [e for e in entities if e.place == "body"]
    assert [(e.text, e.claim_id) for e in body] == [("MTCR", 1), ("1987", 1)]
    assert all(brief.body[e.start : e.end] == e.text for e in body)


def test_entity_json_has_exactly_the_documented_keys(nlp: Language) -> None:
    note = Note(number=3, text="See the NPT.", line=9, style="superscript")
    brief = dataclasses.replace(brief_of("The NPT entered into force in 1970."), notes=(note,))
    entities = annotate(brief, nlp).entities
    in_note = next(e for e in entities if e.place == "note")
    assert entity_json(in_note) == {
        "text": "NPT",
        "type": "regime",
        "canonical": "Treaty on the Non-Proliferation of Nuclear Weapons",
        "start": 8,
        "end": 11,
        "claim_id": None,
        "in_note": True,
        "place": "note",
        "note": 3,
        "metadata_field": None,
        "entity_id": "regime:Treaty on the Non-Proliferation of Nuclear Weapons",
        "qid": None,
        "demonym": False,
        "date_kind": None,
    }
    assert entity_json(entities[0])["in_note"] is False


def test_entity_rows_count_briefs_mentions_claims_and_dates(nlp: Language) -> None:
    one = brief_of("On August 29, 2016, India signed the LEMOA.", "India joined the MTCR in June 2016.")
    two = brief_of("India spoke.", path="other.txt")
    rows = entity_rows(list(annotate_many([one, two], nlp)))
    india = next(r for r in rows if r["canonical"] == "India")
    assert india == {
        "canonical": "India",
        "type": "state_actor",
        "briefs": 2,
        "mentions": 3,
        "claims": 3,
        "first_date": "2016-06",
        "last_date": "2016-08-29",
        "id": "wikidata:Q668",
        "qid": "Q668",
    }
    assert rows[0]["canonical"] == "India"
    dates = entity_rows(list(annotate_many([one], nlp)), types={"date"})
    assert [(r["canonical"], r["first_date"], r["last_date"]) for r in dates] == [
        ("2016-06", "2016-06", "2016-06"),
        ("2016-08-29", "2016-08-29", "2016-08-29"),
    ]


def test_annotate_many_keeps_the_order_of_the_briefs(nlp: Language) -> None:
    briefs = [brief_of(f"Brief {n} is about India and the NPT.", path=f"{n}.txt") for n in range(7)]
    briefs.append(Brief("empty.txt", "0", "text", Metadata(), "", (), (), (), (), ()))
    out = list(annotate_many(briefs, nlp, batch_size=3))
    assert [b.path for b in out] == [b.path for b in briefs]
    assert all(len(b.entities) == 2 for b in out[:-1]) and out[-1].entities == ()


def test_agreement_events_need_entities() -> None:
    assert agreement_events(brief_of(LEMOA)) == ()


def test_a_missing_model_warns_once_and_falls_back_to_the_rules() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp = load_pipeline(model="no_such_model_pkg")
    assert [type(w.message) for w in caught] == [ModelMissingWarning]
    assert "no_such_model_pkg" in str(caught[0].message)
    assert is_rule_based(nlp)
    assert ("MTCR", "regime", "Missile Technology Control Regime") in found("India joined the MTCR.", nlp)


def test_a_user_gazetteer_adds_and_overrides_names(tmp_path: Path) -> None:
    mine = tmp_path / "mine.jsonl"
    lines = [
        {"label": "weapon_system", "pattern": "Zolfaghar", "id": "Zolfaghar missile"},
        {"label": "organization", "pattern": "Congress", "id": "Indian National Congress"},
    ]
    mine.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    nlp = load_pipeline(model=None, gazetteers=[mine])
    got = found("Congress criticised the Zolfaghar test by Iran.", nlp)
    assert got == {
        ("Congress", "organization", "Indian National Congress"),
        ("Zolfaghar", "weapon_system", "Zolfaghar missile"),
        ("Iran", "state_actor", "Iran"),
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"label": "country", "pattern": "X"}', "label 'country'"),
        ('{"label": "regime", "pattern": ""}', "pattern must be"),
        ('{"label": "regime", "pattern": "X", "colour": "red"}', "expected"),
    ],
)
def test_a_bad_gazetteer_line_is_reported_with_its_place(tmp_path: Path, line: str, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "regime", "pattern": "OK"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=f"bad.jsonl:2: .*{message}"):
        read_gazetteer([bad])


def test_the_shipped_gazetteer_uses_only_our_types() -> None:
    from briefs_analyzer.nlp import ENTITY_TYPES, SHIPPED_GAZETTEER

    entries = read_gazetteer([SHIPPED_GAZETTEER])
    assert len(entries) > 500
    labels = {e["label"] for e in entries}
    assert labels <= {*ENTITY_TYPES, "none"}
    assert labels >= {"state_actor", "organization", "regime", "agreement", "legal_instrument", "weapon_system", "date"}


@pytest.mark.parametrize("limit", [5, 9, 20, 1000])
def test_long_texts_go_to_spacy_in_pieces_cut_at_paragraphs(limit: int) -> None:
    from briefs_analyzer.nlp import pieces

    text = "aaa bbb\n\nccc ddd eee\n\nfff\nggg hhh"
    cut = pieces(text, limit)
    assert "".join(p for _, p in cut) == text
    assert [o for o, _ in cut] == [sum(len(p) for _, p in cut[:i]) for i in range(len(cut))]
    assert all(len(p) <= limit and p.strip() for _, p in cut)
    if limit == 9:
        assert [p for _, p in cut] == ["aaa bbb", "\n\nccc", " ddd eee", "\n\nfff", "\nggg hhh"]
    if limit == 20:
        assert [p for _, p in cut] == ["aaa bbb", "\n\nccc ddd eee", "\n\nfff\nggg hhh"]
