"""Machine-readable output: the JSON document of ``briefs analyze --format json``.

The shape is a public interface, documented in the README; fields may be added, but a
rename or removal bumps :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefs_analyzer.model import Brief, Citation, Entity, Event, Failure, Note, Person, Problem, Sentence, Source
from briefs_analyzer.resolve import corpus_sources
from briefs_analyzer.support import claim_sources, uncited_factual

SCHEMA_VERSION = 1


def _person(p: Person) -> dict[str, Any]:
    return {"name": p.name, "role": p.role}


def _claim(s: Sentence, sources: tuple[str, ...], flagged: frozenset[int]) -> dict[str, Any]:
    return {
        "id": s.id,
        "text": s.text,
        "section": s.section,
        "start": s.start,
        "end": s.end,
        "line": s.line,
        "page": s.page,
        "markers": list(s.markers),
        "source_ids": list(sources),
        "uncited_factual": s.id in flagged,
    }


CITATION_FIELDS = (
    "kind", "authors", "title", "container", "date", "accessed", "volume", "issue", "pages", "url",
    "locator", "target_note", "short_name",
)  # fmt: skip


def citation_json(c: Citation) -> dict[str, Any]:
    return {key: list(v) if isinstance(v := getattr(c, key), tuple) else v for key in CITATION_FIELDS}


def _note(n: Note) -> dict[str, Any]:
    return {
        "number": n.number,
        "text": n.text,
        "style": n.style,
        "line": n.line,
        "page": n.page,
        "kind": n.kind,
        "antecedent": n.antecedent,
        "source_ids": list(n.source_ids),
        "citations": [citation_json(c) for c in n.citations],
    }


def entity_json(e: Entity) -> dict[str, Any]:
    """One mention: body mentions point into ``body`` and a claim; note mentions into the note's text."""
    return {
        "text": e.text,
        "type": e.type,
        "canonical": e.canonical,
        "start": e.start,
        "end": e.end,
        "claim_id": e.claim_id,
        "in_note": e.place == "note",
        "place": e.place,
        "note": e.note,
        "metadata_field": e.metadata_field,
    }


def event_json(ev: Event) -> dict[str, Any]:
    return {"instrument": ev.instrument, "date": ev.date, "parties": list(ev.parties), "claim_id": ev.claim_id}


def problem_json(p: Problem) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "severity": p.severity,
        "line": p.line,
        "column": p.column,
        "page": p.page,
        "message": p.message,
    }


def brief_json(b: Brief) -> dict[str, Any]:
    md = b.metadata
    rests_on = claim_sources(b)
    flagged = uncited_factual(b)
    return {
        "path": b.path,
        "sha256": b.sha256,
        "format": b.format,
        "encoding": b.encoding,
        "metadata": {
            "title": md.title,
            "authors": [_person(p) for p in md.authors],
            "editors": [_person(p) for p in md.editors],
            "organization": md.organization,
            "date": md.date,
            "disclaimer": md.disclaimer,
            "image_credit": md.image_credit,
        },
        "sections": [
            {"heading": s.heading, "level": s.level, "line": s.line, "claims": list(s.sentences)} for s in b.sections
        ],
        "claims": [_claim(s, rests_on[s.id], flagged) for s in b.sentences],
        "markers": [
            {
                "number": m.number,
                "claim_id": m.sentence,
                "offset": m.offset,
                "anchor": m.anchor,
                "line": m.line,
                "column": m.column,
                "page": m.page,
                "style": m.style,
            }
            for m in b.markers
        ],
        "notes": [_note(n) for n in b.notes],
        "problems": [problem_json(p) for p in b.problems],
        "entities": [entity_json(e) for e in b.entities],
        "events": [event_json(ev) for ev in b.events],
        "body": b.body,
    }


SOURCE_DETAILS = ("volume", "issue", "pages", "accessed")


def sources_json(briefs: Sequence[Brief]) -> list[dict[str, Any]]:
    """The corpus's distinct sources, each with the notes (brief, number) that cite it."""
    details: dict[str, Source] = {s.id: s for b in briefs for s in reversed(b.sources)}
    out = []
    for entry in corpus_sources((b.path, b.notes, b.sources) for b in briefs):
        source = details[entry["id"]]
        out.append({**entry, **{key: getattr(source, key) for key in SOURCE_DETAILS}})
    return out


def analysis_json(briefs: Sequence[Brief], failures: Sequence[Failure]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "briefs": [brief_json(b) for b in briefs],
        "sources": sources_json(briefs),
        "errors": [{"path": f.path, "reason": f.reason} for f in failures],
    }
