"""Machine-readable output: the JSON document of ``briefs analyze --format json``.

The shape is a public interface, documented in the README; fields may be added, but a
rename or removal bumps :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefs_analyzer.model import Brief, Failure, Note, Person, Problem, Sentence

SCHEMA_VERSION = 1


def _person(p: Person) -> dict[str, Any]:
    return {"name": p.name, "role": p.role}


def _claim(s: Sentence) -> dict[str, Any]:
    return {
        "id": s.id,
        "text": s.text,
        "section": s.section,
        "start": s.start,
        "end": s.end,
        "line": s.line,
        "markers": list(s.markers),
    }


def _note(n: Note) -> dict[str, Any]:
    return {
        "number": n.number,
        "text": n.text,
        "style": n.style,
        "line": n.line,
        "page": n.page,
    }


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
        "claims": [_claim(s) for s in b.sentences],
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
        "body": b.body,
    }


def analysis_json(briefs: Sequence[Brief], failures: Sequence[Failure]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "briefs": [brief_json(b) for b in briefs],
        "errors": [{"path": f.path, "reason": f.reason} for f in failures],
    }
