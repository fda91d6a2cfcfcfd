"""Machine-readable output: the JSON document of ``briefs analyze --format json``.

The shape is a public interface, documented in the README; fields may be added, but a
rename or removal bumps :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from briefs_analyzer.model import Brief, Citation, Entity, Event, Failure, Note, Person, Problem, Region, Sentence
from briefs_analyzer.support import claim_sources, uncited_factual
from briefs_analyzer.views import Projected, View

SCHEMA_VERSION = 1


def _person(p: Person) -> dict[str, Any]:
    return {"name": p.name, "role": p.role, "affiliation": p.affiliation}


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
        "paragraph": s.paragraph,
        "support": s.support,
        "covered_by": list(s.covered_by),
        "support_kind": s.support_kind,
    }


CITATION_FIELDS = (
    "kind", "authors", "title", "container", "date", "accessed", "volume", "issue", "pages", "url",
    "locator", "target_note", "short_name", "publisher", "identifiers", "work_type", "repeats",
)  # fmt: skip


def _plain(obj: object, keys: Sequence[str]) -> dict[str, Any]:
    """These fields of a frozen dataclass as JSON values (tuples become lists; ``identifiers`` an object)."""
    out = {key: list(v) if isinstance(v := getattr(obj, key), tuple) else v for key in keys}
    if "identifiers" in out:
        out["identifiers"] = dict(out["identifiers"])
    return out


def citation_json(c: Citation) -> dict[str, Any]:
    return _plain(c, CITATION_FIELDS)


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
        "entity_id": e.key,
        "qid": e.qid,
        "demonym": e.demonym,
        "date_kind": e.date_kind,
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
            "subtitle": md.subtitle,
            "report_number": md.report_number,
            "series": md.series,
            "abstract": md.abstract,
            "provenance": dict(md.provenance),
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
        "regions": [region_json(r) for r in b.regions],
        "body": b.body,
    }


def region_json(r: Region) -> dict[str, Any]:
    """A block that gives no claims (a table, figure, caption, contents, cover, box): its text is kept."""
    return {
        "kind": r.kind,
        "text": r.text,
        "line": r.line,
        "page": r.page,
        "after_claim": r.after_claim,
        "markers": list(r.markers),
        "cells": [list(row) for row in r.cells],
    }


SOURCE_FIELDS = ("title", "authors", "container", "date", "url", "type")
SOURCE_DETAILS = ("volume", "issue", "pages", "accessed", "publisher", "identifiers", "work_type")


def source_part(b: Brief) -> dict[str, Any]:
    """What one brief adds to the corpus's source list: its sources, and the notes citing each."""
    return {
        "sources": [{"id": s.id, **_plain(s, SOURCE_FIELDS + SOURCE_DETAILS)} for s in b.sources],
        "cites": [[n.number, list(n.source_ids)] for n in b.notes if n.source_ids],
    }


class SourceIndex:
    """The corpus's distinct sources, gathered brief by brief from :func:`source_part`.

    Sources keep the order in which the corpus first cites them; a field missing from the
    first sighting is taken from a later one.  Only the entries and (brief, note number)
    pairs are kept, never the briefs, so memory grows with the sources, not the corpus.
    """

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] = {}
        self._cited_by: dict[str, list[tuple[str, int]]] = {}

    def add(self, path: str, part: dict[str, Any]) -> None:
        for source in part["sources"]:
            entry = self._entries.get(source["id"])
            if entry is None:
                self._entries[source["id"]] = dict(source)
                self._cited_by[source["id"]] = []
            else:
                for key, value in source.items():
                    if value and not entry.get(key):
                        entry[key] = value
        for number, ids in part["cites"]:
            for sid in ids:
                if sid in self._cited_by:
                    self._cited_by[sid].append((path, number))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Each source as the JSON document lists it: id, fields, citing notes, details."""
        for sid, entry in self._entries.items():
            notes = [{"brief": path, "number": number} for path, number in self._cited_by[sid]]
            yield {
                "id": sid,
                **{key: entry.get(key) for key in SOURCE_FIELDS},
                "notes": notes,
                **{key: entry.get(key) for key in SOURCE_DETAILS},
            }


def sources_json(briefs: Iterable[Brief]) -> list[dict[str, Any]]:
    """The corpus's distinct sources, each with the notes (brief, number) that cite it."""
    index = SourceIndex()
    for b in briefs:
        index.add(b.path, source_part(b))
    return list(index)


@dataclass(frozen=True)
class JsonPart:
    """One brief's share of the analysis document: its entry, already rendered, and its sources."""

    fragment: bytes  # orjson of brief_json, indented by two spaces
    sources: dict[str, Any]  # source_part


def _json_part(b: Brief) -> JsonPart:
    return JsonPart(orjson.dumps(brief_json(b), option=orjson.OPT_INDENT_2), source_part(b))


def _dump_part(part: JsonPart) -> bytes:
    return orjson.dumps(part.sources) + b"\n" + part.fragment


def _load_part(data: bytes) -> JsonPart:
    head, _, fragment = data.partition(b"\n")
    sources = orjson.loads(head)
    if not fragment.startswith(b"{") or not isinstance(sources, dict):
        raise ValueError("not a stored JSON part")
    return JsonPart(fragment, sources)


JSON_VIEW = View(f"json/{SCHEMA_VERSION}", _json_part, _dump_part, _load_part)


def write_analysis(
    results: Iterable[Projected[JsonPart] | Failure], write: Callable[[bytes], object], failures: list[Failure]
) -> None:
    """Write the ``briefs analyze --format json`` document brief by brief, so memory does not grow
    with the corpus; each Failure is appended to ``failures`` and listed under ``errors``.

    Each brief's entry comes rendered (from the cache, when the file is unchanged); only its sources
    are kept, for the corpus-level list at the end.  Nothing is written before the first result: a
    run that cannot start (a Dask scheduler out of reach) leaves the output empty.
    """
    results = iter(results)
    started = list(itertools.islice(results, 1))
    write(f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "briefs": ['.encode())
    index = SourceIndex()
    first = True
    for result in itertools.chain(started, results):
        if isinstance(result, Failure):
            failures.append(result)
            continue
        part = result.value
        write(b"\n    " if first else b",\n    ")
        write(_indented(part.fragment, 4))
        first = False
        index.add(result.path, part.sources)
    write(b'\n  ],\n  "sources": [')
    first = True
    for entry in index:
        write(b"\n    " if first else b",\n    ")
        write(_indented(orjson.dumps(entry, option=orjson.OPT_INDENT_2), 4))
        first = False
    write(b"\n  ]" if not first else b"]")
    errors = [{"path": f.path, "reason": f.reason} for f in failures]
    write(b',\n  "errors": ' + _indented(orjson.dumps(errors, option=orjson.OPT_INDENT_2), 2) + b"\n}\n")


def _indented(document: bytes, spaces: int) -> bytes:
    """A JSON value printed with indent 2, set ``spaces`` deeper (its first line is placed by the caller)."""
    return document.replace(b"\n", b"\n" + b" " * spaces)
