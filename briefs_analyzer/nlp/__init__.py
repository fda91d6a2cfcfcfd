"""Entities and agreement events: spaCy's English model plus a domain gazetteer.

The package reads like the stage it is:

* :mod:`~briefs_analyzer.nlp.gazetteer`: the names we know (``data/gazetteer.jsonl``,
  ``states.tsv``, ``us_states.tsv``, ``wikidata.tsv``, ``people.tsv``) and their Wikidata ids;
* :mod:`~briefs_analyzer.nlp.words`: the word lists (``data/words.toml``);
* :mod:`~briefs_analyzer.nlp.pipeline`: the spaCy pipeline, ruler before ``ner``;
* :mod:`~briefs_analyzer.nlp.mentions`, :mod:`~briefs_analyzer.nlp.rules`,
  :mod:`~briefs_analyzer.nlp.dates`: extractors, from a ``Doc`` or a text to typed mentions;
* :mod:`~briefs_analyzer.nlp.abbreviations`, :mod:`~briefs_analyzer.nlp.identity`: names a
  brief defines, and one identity per entity within a brief;
* :mod:`~briefs_analyzer.nlp.annotate`: briefs in, briefs with entities out;
* :mod:`~briefs_analyzer.nlp.events`: agreement events.

Gazetteers
----------
A gazetteer is a JSON Lines file of spaCy ``EntityRuler`` patterns, one object per line
(blank lines are allowed)::

    {"label": "agreement", "pattern": "LEMOA", "id": "Logistics Exchange Memorandum of Agreement"}
    {"label": "legal_instrument", "pattern": [{"LOWER": "executive"}, {"LOWER": "order"}, {"SHAPE": "ddddd"}]}
    {"label": "organization", "pattern": "NATO", "id": "North Atlantic Treaty Organization", "wikidata": "Q7184"}
    {"label": "none", "pattern": "ICBMs"}

``label`` is one of the entity types (``state_actor``, ``organization``, ``person``, ``regime``,
``agreement``, ``legal_instrument``, ``weapon_system``, ``date``, ``location``) or ``none`` (a
string that is not an entity: it stops the model from tagging it).  ``pattern`` is either a
string, matched exactly and case-sensitively, or a list of spaCy token patterns.  ``id`` is
the canonical name; without it the mention's own text is its canonical name.  ``wikidata``
(optional) is the entity's Wikidata id.  A string listed both as ``state_actor`` and as
``location`` (``Washington``) is read as the state, except after ``in``/``at``/``to``/``into``/``near``,
where it is the place.

The shipped gazetteer is ``briefs_analyzer/data/gazetteer.jsonl``.  To add your own, write a
file in the same format and pass it with ``briefs analyze --gazetteer my-names.jsonl``
(repeatable), or list it in ``pyproject.toml``::

    [tool.briefs]
    gazetteers = ["gazetteers/my-names.jsonl"]

From Python: ``load_pipeline(gazetteers=[Path("my-names.jsonl")])``.  Your files are read
after the shipped one: a string you define again takes your label and canonical name.

spaCy is imported only when a pipeline is built.
"""

from briefs_analyzer.nlp.abbreviations import Abbreviation, abbreviations, short_names
from briefs_analyzer.nlp.annotate import BATCH_SIZE, PIECE_CHARS, annotate, annotate_many, brief_texts, pieces
from briefs_analyzer.nlp.events import agreement_events, event_verb
from briefs_analyzer.nlp.gazetteer import (
    ENTITY_TYPES,
    SHIPPED_GAZETTEER,
    GazetteerError,
    Lexicon,
    Sense,
    build_lexicon,
    read_gazetteer,
)
from briefs_analyzer.nlp.mentions import Mention, doc_mentions
from briefs_analyzer.nlp.pipeline import DEFAULT_MODEL, ModelMissingWarning, is_rule_based, load_pipeline

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_MODEL",
    "ENTITY_TYPES",
    "PIECE_CHARS",
    "SHIPPED_GAZETTEER",
    "Abbreviation",
    "GazetteerError",
    "Lexicon",
    "Mention",
    "ModelMissingWarning",
    "Sense",
    "abbreviations",
    "agreement_events",
    "annotate",
    "annotate_many",
    "brief_texts",
    "build_lexicon",
    "doc_mentions",
    "event_verb",
    "is_rule_based",
    "load_pipeline",
    "pieces",
    "read_gazetteer",
    "short_names",
]
