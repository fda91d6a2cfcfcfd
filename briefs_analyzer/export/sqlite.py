"""SQLite: the corpus as tables with primary and foreign keys and full-text search, for Datasette.

Built with sqlite-utils.  Ids are the citation graph's (``claim:<sha256[:16]>:<claim id>``,
``note:<sha256[:16]>:<position>``), so a row joins a GraphML node; every link is a single-column
foreign key, which Datasette follows and labels.

================= ==========================================================================
table             rows
================= ==========================================================================
briefs            one per brief (``id`` = sha256 of the file)
authors           authors and editors of each brief, in printed order
claims            one per claim: text, section, offsets, page, ``support`` (cited, covered,
                  needs_source, analysis, not_prose), ``uncited_factual``
notes             one per note, two notes that share a number kept apart (``position``)
sources           one per distinct source, with ``work_type`` (CSL) and ``publisher``
source_authors    the authors of each source, in order
source_identifiers (scheme, value) pairs: report_number, doi, usc, public_law, ...
entities          one per canonical entity (``id`` = its Wikidata QID, else type:canonical)
claim_notes       claim -> note: ``cites`` (a marker) or ``covered_by`` (a nearby note)
note_sources      note -> the sources it resolves to (through Ibid. and short forms)
claim_entities    claim -> the entities it mentions, with the text as written
================= ==========================================================================

The view ``claim_sources`` lists (claim, source) for every claim resting on a source.  Full-text
search (FTS5) covers ``claims.text``, ``notes.text`` and ``sources.title``::

    SELECT claims.id, claims.text FROM claims
    JOIN claims_fts ON claims_fts.rowid = claims.rowid WHERE claims_fts MATCH 'sanctions'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.works import work_type
from briefs_analyzer.graph import (
    antecedent_index,
    brief_node,
    claim_node,
    entity_key,
    marker_notes,
    note_index,
    note_node,
    publisher_name,
)
from briefs_analyzer.model import Brief, Source
from briefs_analyzer.outputs import OutputError, atomic_path
from briefs_analyzer.support import uncited_factual

if TYPE_CHECKING:
    import sqlite_utils

Row = dict[str, Any]

# table: (columns, primary key, foreign keys (column, table, column))
SCHEMA: dict[str, tuple[dict[str, type], str | tuple[str, ...], list[tuple[str, str, str]]]] = {
    "briefs": (
        {"id": str, "node": str, "path": str, "title": str, "date": str, "organization": str, "report_number": str,
         "series": str, "format": str, "claims": int, "notes": int, "sources": int},
        "id",
        [],
    ),
    "authors": (
        {"brief_id": str, "kind": str, "position": int, "name": str, "role": str},
        ("brief_id", "kind", "position"),
        [("brief_id", "briefs", "id")],
    ),
    "claims": (
        {"id": str, "brief_id": str, "claim_id": int, "text": str, "section": int, "heading": str, "start": int,
         "end": int, "line": int, "page": int, "paragraph": int, "support": str, "support_kind": str,
         "uncited_factual": int},
        "id",
        [("brief_id", "briefs", "id")],
    ),
    "notes": (
        {"id": str, "brief_id": str, "position": int, "number": int, "text": str, "kind": str, "antecedent": int,
         "antecedent_id": str, "style": str, "page": int, "line": int},
        "id",
        [("brief_id", "briefs", "id"), ("antecedent_id", "notes", "id")],
    ),
    "sources": (
        {"id": str, "title": str, "container": str, "publisher": str, "date": str, "url": str, "type": str,
         "work_type": str, "volume": str, "issue": str, "pages": str, "accessed": str},
        "id",
        [],
    ),
    "source_authors": (
        {"source_id": str, "position": int, "name": str},
        ("source_id", "position"),
        [("source_id", "sources", "id")],
    ),
    "source_identifiers": (
        {"source_id": str, "scheme": str, "value": str},
        ("source_id", "scheme", "value"),
        [("source_id", "sources", "id")],
    ),
    "entities": (
        {"id": str, "type": str, "canonical": str, "qid": str},
        "id",
        [],
    ),
    "claim_notes": (
        {"claim_id": str, "relation": str, "note_number": int, "note_id": str},
        ("claim_id", "relation", "note_number"),
        [("claim_id", "claims", "id"), ("note_id", "notes", "id")],
    ),
    "note_sources": (
        {"note_id": str, "source_id": str, "position": int},
        ("note_id", "source_id"),
        [("note_id", "notes", "id"), ("source_id", "sources", "id")],
    ),
    "claim_entities": (
        {"claim_id": str, "entity_id": str, "mention": str, "start": int, "end": int},
        ("claim_id", "entity_id", "start", "end"),
        [("claim_id", "claims", "id"), ("entity_id", "entities", "id")],
    ),
}  # fmt: skip
FTS = {"claims": ["text"], "notes": ["text"], "sources": ["title"]}
CLAIM_SOURCES_VIEW = """
SELECT cn.claim_id, ns.source_id, cn.relation
FROM claim_notes cn JOIN note_sources ns ON ns.note_id = cn.note_id
GROUP BY cn.claim_id, ns.source_id, cn.relation
"""


def _source_row(s: Source) -> Row:
    return {
        "id": s.id,
        "title": s.title,
        "container": s.container,
        "publisher": s.publisher or publisher_name(s),
        "date": s.date,
        "url": s.url,
        "type": s.type,
        "work_type": work_type(s),
        "volume": s.volume,
        "issue": s.issue,
        "pages": s.pages,
        "accessed": s.accessed,
    }


def brief_rows(brief: Brief) -> Iterator[tuple[str, Row]]:
    """(table, row) for everything that belongs to one brief (the Parquet export reads them too)."""
    b, m = brief.sha256, brief.metadata
    yield (
        "briefs",
        {
            "id": b,
            "node": brief_node(brief),
            "path": brief.path,
            "title": m.title,
            "date": m.date,
            "organization": m.organization,
            "report_number": m.report_number,
            "series": m.series,
            "format": brief.format,
            "claims": len(brief.sentences),
            "notes": len(brief.notes),
            "sources": len(brief.sources),
        },
    )
    for kind, people in (("author", m.authors), ("editor", m.editors)):
        for position, person in enumerate(people, start=1):
            yield (
                "authors",
                {"brief_id": b, "kind": kind, "position": position, "name": person.name, "role": person.role},
            )
    yield from _claim_rows(brief)
    yield from _note_rows(brief)


def _claim_rows(brief: Brief) -> Iterator[tuple[str, Row]]:
    uncited = uncited_factual(brief)
    headings = [section.heading for section in brief.sections]
    for c in brief.sentences:
        yield (
            "claims",
            {
                "id": claim_node(brief, c.id),
                "brief_id": brief.sha256,
                "claim_id": c.id,
                "text": c.text,
                "section": c.section,
                "heading": headings[c.section] if 0 <= c.section < len(headings) else None,
                "start": c.start,
                "end": c.end,
                "line": c.line,
                "page": c.page,
                "paragraph": c.paragraph,
                "support": c.support,
                "support_kind": c.support_kind,
                "uncited_factual": int(c.id in uncited),
            },
        )
        for number in c.covered_by:
            index = note_index(brief, number, c.page, c.line)
            note = note_node(brief, index) if index is not None else None
            yield "claim_notes", {"claim_id": claim_node(brief, c.id), "relation": "covered_by", "note_number": number,
                                  "note_id": note}  # fmt: skip
    for claim_id, number, index in marker_notes(brief):
        note = note_node(brief, index) if index is not None else None  # a marker with no note: no note_id
        yield "claim_notes", {"claim_id": claim_node(brief, claim_id), "relation": "cites", "note_number": number,
                              "note_id": note}  # fmt: skip
    claim_ids = {c.id for c in brief.sentences}
    for e in brief.entities:
        if e.place == "body" and e.claim_id in claim_ids and e.type != "date":
            yield "entities", {"id": entity_key(e), "type": e.type, "canonical": e.canonical,
                               "qid": getattr(e, "qid", None)}  # fmt: skip
            yield "claim_entities", {"claim_id": claim_node(brief, e.claim_id), "entity_id": entity_key(e),
                                     "mention": e.text, "start": e.start, "end": e.end}  # fmt: skip


def _note_rows(brief: Brief) -> Iterator[tuple[str, Row]]:
    for i, n in enumerate(brief.notes):
        before = antecedent_index(brief, i)
        yield (
            "notes",
            {
                "id": note_node(brief, i),
                "brief_id": brief.sha256,
                "position": i + 1,
                "number": n.number,
                "text": n.text,
                "kind": n.kind,
                "antecedent": n.antecedent,
                "antecedent_id": note_node(brief, before) if before is not None else None,
                "style": n.style,
                "page": n.page,
                "line": n.line,
            },
        )
        for position, sid in enumerate(dict.fromkeys(n.source_ids), start=1):
            yield "note_sources", {"note_id": note_node(brief, i), "source_id": sid, "position": position}


def source_rows(corpus: Corpus) -> Iterator[tuple[str, Row]]:
    """(table, row) for the corpus's sources, their authors and identifiers."""
    known = {s.id for s in corpus.sources}
    for s in corpus.sources:
        yield "sources", _source_row(s)
        for position, name in enumerate(s.authors, start=1):
            yield "source_authors", {"source_id": s.id, "position": position, "name": name}
        for scheme, value in dict.fromkeys(s.identifiers):
            yield "source_identifiers", {"source_id": s.id, "scheme": scheme, "value": value}
    # A note resolving to a source its brief does not list still gets a row for it: nothing is lost.
    for brief in corpus.briefs:
        for sid in {sid for n in brief.notes for sid in n.source_ids} - known:
            known.add(sid)
            yield "sources", {"id": sid, "type": "other"}


def rows(corpus: Corpus) -> dict[str, list[Row]]:
    """Every row of every table, by table (rows that repeat a primary key kept once)."""
    out: dict[str, dict[Any, Row]] = {name: {} for name in SCHEMA}
    for brief in corpus.briefs:
        for table, row in brief_rows(brief):
            _keep(out, table, row)
    for table, row in source_rows(corpus):
        _keep(out, table, row)
    return {name: list(found.values()) for name, found in out.items()}


def _keep(out: dict[str, dict[Any, Row]], table: str, row: Row) -> None:
    pk = SCHEMA[table][1]
    key = tuple(row.get(c) for c in pk) if isinstance(pk, tuple) else row[pk]
    out[table].setdefault(key, row)


def build(db: sqlite_utils.Database, corpus: Corpus) -> None:
    """Create the tables, views and full-text indexes in ``db`` and fill them."""
    data = rows(corpus)
    with db.conn:
        for name, (columns, pk, fks) in SCHEMA.items():
            db.table(name).create(columns, pk=pk, foreign_keys=fks, not_null={"id"} & set(columns))
        for name in SCHEMA:
            db.table(name).insert_all(data[name], batch_size=1000)
        for column in ("brief_id",):
            for name in ("claims", "notes"):
                db.table(name).create_index([column])
        db.table("note_sources").create_index(["source_id"])
        db.table("claim_notes").create_index(["note_id"])
        db.table("claim_entities").create_index(["entity_id"])
        db.create_view("claim_sources", CLAIM_SOURCES_VIEW)
    for name, searched in FTS.items():
        db.table(name).enable_fts(searched, fts_version="FTS5", create_triggers=False)


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    """Write the corpus to one SQLite file at ``path``, replacing any file there once complete."""
    import sqlite_utils

    with atomic_path(path) as tmp:
        db = sqlite_utils.Database(tmp, recreate=True)
        try:
            build(db, corpus)
            db.execute("PRAGMA foreign_keys = ON")
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise ValueError(f"foreign keys broken in the export: {problems[:3]}")
        except sqlite3.OperationalError as exc:  # a full disk, a read-only folder: not a bug
            raise OutputError(path, str(exc)) from exc
        finally:
            db.close()
