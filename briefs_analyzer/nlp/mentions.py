"""Extractors: a spaCy ``Doc`` -> typed mentions.

:func:`doc_mentions` reads ``doc.ents`` (the gazetteer ruler's spans and the model's) and the
tokens the entities left alone:

* a gazetteer span keeps its type; a name the gazetteer knows gets its type and canonical
  name whoever found it; the model's labels are mapped (``GPE``/``LOC``/``FAC`` ->
  ``location``, ``ORG`` -> ``organization``, ``PERSON`` -> ``person``, ``LAW`` ->
  ``legal_instrument``, ``DATE`` -> ``date``, ``NORP`` -> the state of a demonym);
* a model span is retyped or dropped by what it is made of and what stands around it: a
  span ending in a place word (``Zone``, ``Sea``) is a location, a person followed by a
  facility noun (``the Calvert Cliffs nuclear power plant``) is a place, a name after a
  vessel word (``the ship Hidden Gem``) is nobody, a group of countries (``Least Developed
  Countries``) and a role (``Secretary of Defense``) are no body, a law needs a legal head;
* demonyms (``Russian``, ``North Korean``, ``Americans``) and hyphenated forms
  (``U.S.-flagged``, ``Pakistan-brokered``, ``JCPOA-mandated``) give the name they contain,
  marked ``demonym`` for states; a U.S. postal code after a place (``Houston, TX``) is the
  U.S. state.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from briefs_analyzer.model import EntityType
from briefs_analyzer.nlp.dates import date_mention
from briefs_analyzer.nlp.gazetteer import TYPES, Lexicon, key
from briefs_analyzer.nlp.words import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

ID_SEP: Final = "\t"  # the ruler's span id: "type<TAB>canonical"
_MODEL_LABELS: Final[dict[str, EntityType]] = {
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "ORG": "organization",
    "PERSON": "person",
    "LAW": "legal_instrument",
    "DATE": "date",
}
_LEADING_NOISE: Final = re.compile(r"(?:(?:the|The|THE)\s+|['\"\s\[])")
_TRAILING_NOISE: Final = re.compile(r"(?:['][sS]|['\",;:\s\]])$")
_DEPARTMENT_AFTER_SECRETARY: Final = re.compile(r"\bSecretar(?:y|ies)\s+of\s+(?:the\s+)?$")
_HYPHEN_SUFFIX: Final = re.compile(r"-[a-z][a-z\-]*(?![\w])")
_POSSESSOR: Final = re.compile(r"^[^\s]+(?:\s[^\s]+)?['’]s\s+(?=[A-Z])")
_CASE_NAME: Final = re.compile(r"\sv\.?\s")
_ZIP: Final = re.compile(r"\s+\d{5}(?:-\d{4})?\b")


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of one text: character offsets, type and canonical name.

    ``by_rule``: found by the gazetteer or a rule (trusted everywhere), not by the model;
    ``demonym``: a demonym or hyphenated form of a state's name; ``date_kind``:
    ``fiscal_year`` for fiscal years.
    """

    start: int
    end: int
    type: EntityType
    canonical: str
    by_rule: bool = True
    demonym: bool = False
    date_kind: str | None = None


def stored(m: Mention) -> tuple[Any, ...]:
    """A mention as plain values (what the pipeline component keeps in ``doc.user_data``)."""
    return (m.start, m.end, m.type, m.canonical, m.by_rule, m.demonym, m.date_kind)


def restored(values: Sequence[Any]) -> Mention:
    start, end, typ, canonical, by_rule, demonym, date_kind = values
    return Mention(start, end, TYPES[typ], canonical, by_rule, demonym, date_kind)


def doc_mentions(doc: Doc, *, lexicon: Lexicon) -> list[Mention]:
    """Typed, non-overlapping mentions in ``doc``, in text order (see the module's docstring)."""
    text = doc.text  # spaCy joins the tokens on every access: once per doc
    found = [extend_hyphenated(text, m) for m in ent_mentions(doc, lexicon=lexicon, text=text)]
    return merge_mentions(found, token_mentions(doc, found, lexicon=lexicon, text=text))


def merge_mentions(*groups: Iterable[Mention]) -> list[Mention]:
    """One non-overlapping list in text order: rule mentions win over the model's, then longer over shorter."""
    kept: list[Mention] = []
    for m in sorted((m for g in groups for m in g), key=lambda m: (not m.by_rule, m.start - m.end, m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def ent_mentions(doc: Doc, *, lexicon: Lexicon, text: str | None = None) -> list[Mention]:
    """Typed mentions from ``doc.ents`` (gazetteer spans and the model's), offsets into the doc's text."""
    text = doc.text if text is None else text
    found = []
    for ent in doc.ents:
        mention = _ent_mention(ent, lexicon, text)
        if mention is not None and mention.type == "person" and not mention.by_rule:
            mention = _whole_name(doc, ent, mention)
        if mention is not None:
            found.append(mention)
    return found


def _whole_name(doc: Doc, ent: Span, m: Mention) -> Mention:
    """``Seyed Abbas`` + ``Araghchi``: a capitalised word the model left after a person's name is part of it."""
    if ent.end >= len(doc) or m.end != ent.end_char:
        return m
    token = doc[ent.end]
    after = doc[ent.end + 1] if ent.end + 1 < len(doc) else None
    if token.ent_type_ or not (token.is_title and token.is_alpha) or ent[-1].whitespace_ != " ":
        return m
    if after is not None and after.lower_ in {"in", "of", "for"}:
        return m  # "Rebecca M. Nelson Specialist in ...": a role line, not a name
    if token.text in words().months or (after is not None and after.is_title and not after.ent_type_):
        return m
    end = token.idx + len(token.text)
    return replace(m, end=end, canonical=key(m.canonical + " " + token.text))


def _ent_mention(ent: Span, lexicon: Lexicon, text: str) -> Mention | None:
    trimmed = trim(ent.text)
    if trimmed is None:
        return None
    start, end = ent.start_char + trimmed[0], ent.start_char + trimmed[1]
    surface = ent.text[trimmed[0] : trimmed[1]]
    rule_type, by_rule, rule_canonical = ent.ent_id_.partition(ID_SEP)
    if rule_type == "date" or (not by_rule and ent.label_ == "DATE"):
        date = date_mention(text, start, end)
        return replace(date, by_rule=bool(by_rule)) if date else None
    sense = lexicon.sense(surface, locative=_after_locative(text, start))
    if sense is not None:
        typ = TYPES.get(sense.label)
        return Mention(start, end, typ, sense.canonical, by_rule=bool(by_rule)) if typ else None
    if by_rule:  # a token pattern of the gazetteer
        typ = TYPES.get(rule_type)
        return Mention(start, end, typ, rule_canonical or key(surface)) if typ else None
    return model_mention(text, start, end, ent.label_, lexicon)


def model_mention(text: str, start: int, end: int, label: str, lexicon: Lexicon) -> Mention | None:
    """The model's span ``text[start:end]`` labelled ``label``, typed, retyped or dropped."""
    surface = text[start:end]
    w = words()
    if label == "NORP":
        state = lexicon.demonyms.get(surface)
        return Mention(start, end, "state_actor", state, False, demonym=True) if state else None
    typ = _MODEL_LABELS.get(label)
    if typ is None or typ == "date" or not _plausible_name(surface):
        return None
    possessor = _POSSESSOR.search(surface)
    if possessor and typ != "person":  # "Commerce's Office of Inspector General": the office
        start, surface = start + possessor.end(), surface[possessor.end() :]
    after_role = _after_role(text, start, end)
    if after_role is not None:
        start, surface, typ = after_role, text[after_role:end], "person"
    last = surface.split()[-1]
    if surface in w.not_names or surface in w.common_noun_abbreviations:
        return None
    if _before(text, start, w.publication_words) or _DEPARTMENT_AFTER_SECRETARY.search(text, 0, start):
        return None
    if typ == "organization":
        if last in w.role_titles or (last in w.country_groups and " of " not in surface):
            return None
        if text[max(0, start - 4) : start] == "The " and _mid_sentence(text, start - 4):
            start -= 4  # "The Metals Company": a capital The inside a sentence is part of the name
    if typ == "legal_instrument" and not set(surface.split()) & w.legal_heads:
        return None
    if typ == "person":
        return _person_or_place(text, start, end, lexicon)
    if last in w.place_heads:
        typ = "location"
    elif typ == "organization" and w.head_type(last) in {"legal_instrument", "agreement"}:
        typ = "legal_instrument" if w.head_type(last) == "legal_instrument" else "agreement"
    return Mention(start, end, typ, key(text[start:end]), by_rule=False)


def _after_role(text: str, start: int, end: int) -> int | None:
    """``[Director of National Intelligence] Tulsi Gabbard``: where the name after a role inside the span starts."""
    window = text[max(0, start - 60) : end]
    offset = max(0, start - 60)
    for role in words().role_phrases:
        at = window.rfind(role + " ")
        if at == -1:
            continue
        name = offset + at + len(role) + 1
        rest = text[name:end].split()
        if start < name < end and 2 <= len(rest) <= 4 and all(w[:1].isupper() for w in rest):
            return name
    return None


def _person_or_place(text: str, start: int, end: int, lexicon: Lexicon) -> Mention | None:
    """A model PERSON: nobody in capitals, after a vessel word, in a case name or with a demonym in it;
    a place before a facility noun; a company or a law by its last word."""
    w = words()
    surface = text[start:end]
    parts = surface.split()
    if surface.isupper() or _before(text, start, w.vessel_words) or _CASE_NAME.search(surface):
        return None
    if any(part in lexicon.demonyms for part in parts):
        return None  # "Indian Tribes", "American Indians": a people, not a person
    head = w.head_type(parts[-1])
    if head in {"organization", "legal_instrument"} and len(parts) > 1:
        return Mention(start, end, TYPES[head], key(surface), by_rule=False)
    following = text[end : end + 60].split()[:4]
    if surface.split()[-1] in w.place_heads or any(word.strip(".,;:") in w.facility_nouns for word in following):
        return Mention(start, end, "location", key(surface), by_rule=False)
    return Mention(start, end, "person", key(surface), by_rule=False)


def _before(text: str, start: int, wanted: frozenset[str]) -> bool:
    """The word just before ``start`` (ignoring ``the`` and quotes) is one of ``wanted``."""
    before = text[max(0, start - 40) : start].replace("“", " ").replace('"', " ").split()
    if before and before[-1].lower() == "the":
        before.pop()
    return bool(before) and (before[-1] in wanted or before[-1].lower() in wanted)


def _mid_sentence(text: str, at: int) -> bool:
    """``at`` is not the start of a sentence (something other than a sentence end comes before it)."""
    before = text[:at].rstrip()
    return bool(before) and before[-1] not in ".!?\n:" and not before.endswith(("”", '"'))


def _after_locative(text: str, start: int) -> bool:
    """``in Washington``, ``at the Kremlin``: a preposition of place just before the span."""
    before = text[max(0, start - 30) : start].split()
    if before and before[-1].lower() == "the":
        before.pop()
    return bool(before) and before[-1].lower() in words().locative


def _plausible_name(surface: str) -> bool:
    """A model span that could be a name: capitalised, not a URL, not ending in a function word."""
    parts = surface.split()
    return (
        surface[0].isupper()
        and "://" not in surface
        and not surface.startswith("www.")
        and parts[-1] not in words().function_words
    )


def trim(surface: str) -> tuple[int, int] | None:
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


# --- hyphenated forms, demonyms and postal codes ------------------------------------------------


def extend_hyphenated(text: str, m: Mention) -> Mention:
    """``U.S.-flagged``, ``Pakistan-brokered``, ``JCPOA-mandated``: the whole word, a state's marked a demonym."""
    if m.type not in {"state_actor", "organization", "agreement", "regime"}:
        return m
    suffix = _HYPHEN_SUFFIX.match(text, m.end)
    if suffix is None:
        return m
    return replace(m, end=suffix.end(), demonym=m.demonym or m.type == "state_actor")


def token_mentions(doc: Doc, taken: Sequence[Mention], *, lexicon: Lexicon, text: str | None = None) -> list[Mention]:
    """Demonyms, combining forms (``Sino-``) and postal codes in the tokens no mention covers."""
    spans = sorted((m.start, m.end) for m in taken)
    starts = [a for a, _ in spans]
    text = doc.text if text is None else text
    candidates = lexicon.demonyms.keys() | lexicon.postal.keys() | words().combining_forms.keys()
    found: list[Mention] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        at = bisect_right(starts, token.idx) - 1
        if token.text not in candidates and not (i + 1 < len(doc) and f"{token.text} {doc[i + 1].text}" in candidates):
            i += 1
            continue
        if at >= 0 and token.idx < spans[at][1]:
            i += 1
            continue
        mention, used = _demonym_at(doc, i, lexicon) or _postal_code_at(doc, i, lexicon) or (None, 1)
        if mention is not None:
            found.append(extend_hyphenated(text, mention))
        i += used
    return found


def _demonym_at(doc: Doc, i: int, lexicon: Lexicon) -> tuple[Mention, int] | None:
    w = words()
    for size in (2, 1):
        if i + size > len(doc):
            continue
        span = doc[i : i + size]
        state = lexicon.demonyms.get(span.text)
        form = span.text if size == 1 else ""
        if state is None and form in w.combining_forms and i + 2 < len(doc) and doc[i + 1].text == "-":
            state = w.combining_forms[form] if doc[i + 2].text[:1].isupper() else None
        if state is None or _blocked(doc, i, i + size, state):
            continue
        start, end = span.start_char, span.end_char
        return Mention(start, end, "state_actor", state, by_rule=True, demonym=True), size
    return None


def _blocked(doc: Doc, start: int, end: int, state: str) -> bool:
    """``Latin American``, ``Native American``, ``Indian tribes``: the demonym is part of something else."""
    w = words()
    before = doc[start - 1].text if start > 0 else ""
    if before in w.demonym_blockers or (before == "-" and start > 1 and doc[start - 2].text in w.demonym_blockers):
        return True
    after = doc[end].text if end < len(doc) else ""
    return state == "India" and doc[start].text.startswith("Indian") and after in w.indian_not_india


def _postal_code_at(doc: Doc, i: int, lexicon: Lexicon) -> tuple[Mention, int] | None:
    """``Houston, TX`` (and ``Houston, TX 77002``): the code after a capitalised place and a comma."""
    token = doc[i]
    state = lexicon.postal.get(token.text)
    if state is None or i < 2 or doc[i - 1].text != "," or not doc[i - 2].text[:1].isupper():
        return None
    after = doc[i + 1].text if i + 1 < len(doc) else ""
    if after[:1].isalpha() and after[:1].isupper() and not _ZIP.match(" " + after):
        return None  # "Smith, DE Jones": not an address
    return Mention(token.idx, token.idx + len(token.text), "location", state), 1
