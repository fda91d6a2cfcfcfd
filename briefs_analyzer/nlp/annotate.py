"""Briefs through the entity pipeline: their texts, mentions as :class:`~briefs_analyzer.model.Entity`, events.

:func:`annotate_many` streams the body, notes and front matter of every brief through one
``nlp.pipe``, then works per brief: the model's mentions are kept only in running text,
:func:`~briefs_analyzer.nlp.identity.resolve_identity` gives each entity one identity, body
mentions get the claim they sit in and the Wikidata id the gazetteer has, and claims that
sign, join or impose an instrument become events (:mod:`~briefs_analyzer.nlp.events`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from briefs_analyzer.model import Brief, Entity, MentionPlace, Metadata
from briefs_analyzer.nlp.events import agreement_events
from briefs_analyzer.nlp.gazetteer import Lexicon, key, shipped_lexicon
from briefs_analyzer.nlp.identity import resolve_identity
from briefs_analyzer.nlp.mentions import Mention, doc_mentions, merge_mentions, restored
from briefs_analyzer.nlp.pipeline import doc_stored_mentions, lexicon_of
from briefs_analyzer.nlp.rules import rule_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_FRONT_MATTER_FIELDS: Final = ("title", "organization", "disclaimer", "image_credit")
_QUOTES: Final = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_QUOTED: Final = re.compile(r'"[^"\n]*"')
_URL_AFTER: Final = re.compile(r"[\s,.;:]{0,3}(?:https?://|www\.)")
# spaCy refuses texts over nlp.max_length (1,000,000 characters) and needs memory in
# proportion to a text's length, so long texts go through in pieces cut at paragraphs.
PIECE_CHARS = 50_000
# Texts per nlp.pipe batch.  A batch's memory grows with the tokens in it (a body piece may
# hold 10,000): on this corpus 32 costs a worker 55 MB more than 8 for 6% more speed; 16 is
# the middle (bench/RESULTS.md).
BATCH_SIZE = 16


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
    lexicon = lexicon_of(nlp) if nlp is not None else shipped_lexicon()
    return [part.prepared for part in _parts(brief, lexicon)]


def annotate(brief: Brief, nlp: Language) -> Brief:
    """``brief`` with its entities and agreement events."""
    return next(annotate_many([brief], nlp))


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


def annotate_many(briefs: Iterable[Brief], nlp: Language, *, batch_size: int = BATCH_SIZE) -> Iterator[Brief]:
    """Annotate ``briefs`` in order, streaming every text of every brief through one ``nlp.pipe``."""
    lexicon = lexicon_of(nlp)
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
        saved = doc_stored_mentions(doc)
        found = doc_mentions(doc, lexicon=lexicon) if saved is None else [restored(s) for s in saved]
        from_ents += [replace(m, start=m.start + offset, end=m.end + offset) for m in found] if offset else found
    return merge_mentions(from_ents, rule_mentions(text, lexicon=lexicon))


def _annotated(
    brief: Brief, parts: Sequence[_Part], docs: Sequence[Sequence[tuple[int, Doc]]], lexicon: Lexicon
) -> Brief:
    found = resolve_identity(
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
                qid=lexicon.qid(m.type, m.canonical),
                demonym=m.demonym,
                date_kind=m.date_kind,
            )
            if part.place == "body":
                body.append(replace(entity, claim_id=_claim_of(brief, starts, m)))
            elif part.place == "note":
                notes.append(entity)
            else:
                by_field[part.field or ""].append(entity)
    by_field["authors"] = _people(brief.metadata, "authors", lexicon)
    by_field["editors"] = _people(brief.metadata, "editors", lexicon)
    front = [e for name in ("title", "authors", "editors", *_FRONT_MATTER_FIELDS[1:]) for e in by_field[name]]
    annotated = replace(brief, entities=(*front, *body, *notes))
    return replace(annotated, events=agreement_events(annotated))


def _prose_spans(brief: Brief, part: _Part) -> list[tuple[int, int]]:
    """Where the model's mentions are trusted: running text, not headings, quoted titles or capitals."""
    if part.text.isupper() or part.field in {"title", "disclaimer"}:
        return []
    if part.place == "body":
        return _without_cited_titles(part.prepared, [(s.start, s.end) for s in brief.sentences])
    if part.place == "note":
        spans, last = [], 0
        for quoted in _QUOTED.finditer(part.prepared):
            spans.append((last, quoted.start()))
            last = quoted.end()
        return [*spans, (last, len(part.prepared))]
    return [(0, len(part.prepared))]


def _without_cited_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` less the quoted titles of citations in the body (a quotation followed by a URL)."""
    titles = [m.span() for m in _QUOTED.finditer(text) if _URL_AFTER.match(text, m.end())]
    out = []
    for start, end in spans:
        for title_start, title_end in titles:
            if start <= title_start < end:
                out.append((start, title_start))
                start = title_end
        out.append((start, end))
    return [(a, b) for a, b in out if a < b]


def _in_prose(mentions: list[Mention], spans: Sequence[tuple[int, int]]) -> list[Mention]:
    """The rule mentions, and the model's that lie inside one of ``spans`` (sorted, not overlapping)."""
    starts = [a for a, _ in spans]

    def inside(m: Mention) -> bool:
        i = bisect_right(starts, m.start) - 1
        return i >= 0 and m.end <= spans[i][1]

    return [m for m in mentions if m.by_rule or inside(m)]


def _people(metadata: Metadata, name: str, lexicon: Lexicon) -> list[Entity]:
    people = metadata.authors if name == "authors" else metadata.editors
    return [
        Entity(
            p.name,
            "person",
            key(p.name),
            0,
            len(p.name),
            place="front_matter",
            metadata_field=name,
            qid=lexicon.qid("person", key(p.name)),
        )
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
