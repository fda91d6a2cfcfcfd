"""Parquet: the corpus as a dataset of eight tables, written part by part as briefs are analysed.

``briefs export PATHS --format parquet -o OUT_DIR`` writes, with pyarrow::

    OUT_DIR/
      _dataset.json                 what the folder is, and its schema version
      _manifest/part-000000.json    a part's briefs (sha256 and path) and row counts: written last
      briefs/part-000000.parquet    one file per table per part, each part holding PART_BRIEFS briefs
      claims/  notes/  citations/  sources/  entities/  events/  edges/

Every table is a folder of part files with one explicit schema (:func:`schemas`, documented in
the README), readable as one table by pyarrow (``pyarrow.dataset.dataset(OUT_DIR / "claims")``),
DuckDB (``read_parquet('OUT_DIR/claims/*.parquet')``), Spark or pandas.  Every row belongs to one
brief (``brief_id``, the sha256 of its file), so parts never overlap and the dataset only grows:

* a part is written as soon as its briefs are analysed (by a local run or by a Dask run, the same
  way), each file under a temporary name renamed when complete, and the part's manifest last: a
  part without a manifest is an interrupted write, removed when the dataset is next opened, so an
  interrupted run keeps every finished part and nothing half-written;
* a re-run skips the briefs the dataset already holds with the same sha256 (the manifests list
  them): they are not analysed again (see ``skip`` in :class:`~briefs_analyzer.corpus.Runner`).

Ids are the SQLite export's and the citation graph's, so tables join one another and the
graph's node ids: ``claims.id`` is ``claim:<sha256[:16]>:<n>``, ``notes.id`` ``note:...``; a
column ``<x>_id`` holds an id of table ``<x>s``; ``briefs.node``, ``sources.node`` and
``entities.node`` are graph node ids, as ``edges.source`` and ``edges.target`` are.  A source
cited by several briefs has a row in ``sources`` for each (the same ``id``):
``count(DISTINCT brief_id)`` counts the briefs citing it.

The rows are built by the SQLite export's row functions (briefs, claims, notes, sources) and the
JSON output's (citations, entity mentions, events), so the columns they share have the same
names and values; lists stay lists (Parquet has them).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.sqlite import brief_rows as sqlite_brief_rows
from briefs_analyzer.export.sqlite import source_rows as sqlite_source_rows
from briefs_analyzer.graph import build_graph, claim_node, entity_node, note_node, source_node
from briefs_analyzer.model import Brief
from briefs_analyzer.output import citation_json, entity_json, event_json
from briefs_analyzer.outputs import OutputError, atomic_path, atomic_text, make_folder
from briefs_analyzer.support import claim_sources
from briefs_analyzer.views import View

SCHEMA_VERSION = 1
FORMAT_NAME = "briefs-analyzer parquet dataset"
PART_BRIEFS = 1000  # briefs per part: files of a few MB to a few tens of MB, a thousand parts a million briefs
TABLES = ("briefs", "claims", "notes", "citations", "sources", "entities", "events", "edges")
MANIFEST = "_manifest"
DESCRIPTION = "_dataset.json"
_PART = re.compile(r"^part-(\d{6})\.(?:parquet|json)$")

Row = dict[str, Any]

# Each table's columns in order, as (name, type): string, int32, bool, list<string>, list<int32>,
# or identifiers (list<struct<scheme: string, value: string>>).  The README documents them.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "briefs": (
        ("id", "string"), ("node", "string"), ("path", "string"), ("title", "string"), ("date", "string"),
        ("organization", "string"), ("report_number", "string"), ("series", "string"), ("format", "string"),
        ("claims", "int32"), ("notes", "int32"), ("sources", "int32"), ("authors", "list<string>"),
        ("editors", "list<string>"),
    ),
    "claims": (
        ("id", "string"), ("brief_id", "string"), ("claim_id", "int32"), ("text", "string"), ("section", "int32"),
        ("heading", "string"), ("start", "int32"), ("end", "int32"), ("line", "int32"), ("page", "int32"),
        ("paragraph", "int32"), ("support", "string"), ("support_kind", "string"), ("uncited_factual", "bool"),
        ("markers", "list<int32>"), ("source_ids", "list<string>"),
    ),
    "notes": (
        ("id", "string"), ("brief_id", "string"), ("position", "int32"), ("number", "int32"), ("text", "string"),
        ("kind", "string"), ("antecedent", "int32"), ("antecedent_id", "string"), ("style", "string"),
        ("page", "int32"), ("line", "int32"), ("source_ids", "list<string>"),
    ),
    "citations": (
        ("id", "string"), ("note_id", "string"), ("brief_id", "string"), ("position", "int32"), ("kind", "string"),
        ("text", "string"), ("authors", "list<string>"), ("title", "string"), ("container", "string"),
        ("date", "string"), ("accessed", "string"), ("volume", "string"), ("issue", "string"), ("pages", "string"),
        ("url", "string"), ("locator", "string"), ("target_note", "int32"), ("short_name", "string"),
        ("publisher", "string"), ("identifiers", "identifiers"), ("work_type", "string"), ("repeats", "int32"),
    ),
    "sources": (
        ("id", "string"), ("brief_id", "string"), ("node", "string"), ("title", "string"), ("container", "string"),
        ("publisher", "string"), ("date", "string"), ("url", "string"), ("type", "string"), ("work_type", "string"),
        ("volume", "string"), ("issue", "string"), ("pages", "string"), ("accessed", "string"),
        ("authors", "list<string>"), ("identifiers", "identifiers"),
    ),
    "entities": (
        ("brief_id", "string"), ("text", "string"), ("type", "string"), ("canonical", "string"), ("start", "int32"),
        ("end", "int32"), ("claim_id", "string"), ("in_note", "bool"), ("place", "string"), ("note", "int32"),
        ("metadata_field", "string"), ("entity_id", "string"), ("qid", "string"), ("demonym", "bool"),
        ("date_kind", "string"), ("node", "string"),
    ),
    "events": (
        ("brief_id", "string"), ("position", "int32"), ("claim_id", "string"), ("instrument", "string"),
        ("date", "string"), ("parties", "list<string>"), ("verb", "string"),
    ),
    "edges": (("brief_id", "string"), ("source", "string"), ("target", "string"), ("type", "string")),
}  # fmt: skip


@cache
def schemas() -> dict[str, Any]:
    """Each table's ``pyarrow.Schema``, from :data:`COLUMNS`."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
        "list<int32>": pa.list_(pa.int32()),
        "identifiers": pa.list_(pa.struct([("scheme", pa.string()), ("value", pa.string())])),
    }
    return {table: pa.schema([(name, types[kind]) for name, kind in columns]) for table, columns in COLUMNS.items()}


# --- one brief's rows ---------------------------------------------------------------------------


def _identifiers(pairs: Iterable[tuple[str, str]]) -> list[Row]:
    return [{"scheme": scheme, "value": value} for scheme, value in dict.fromkeys(pairs)]


def brief_rows(brief: Brief) -> dict[str, list[Row]]:
    """Every row of every table that belongs to ``brief``."""
    out: dict[str, list[Row]] = {table: [] for table in TABLES}
    b = brief.sha256
    people: dict[str, list[str]] = {"author": [], "editor": []}
    claims = {c.id: c for c in brief.sentences}
    rests_on = claim_sources(brief)
    for table, row in sqlite_brief_rows(brief):
        if table == "authors":
            people[row["kind"]].append(row["name"])
        elif table == "claims":
            claim = claims[row["claim_id"]]
            row["uncited_factual"] = bool(row["uncited_factual"])
            out["claims"].append({**row, "markers": list(claim.markers), "source_ids": list(rests_on[claim.id])})
        elif table == "notes":
            note = brief.notes[row["position"] - 1]
            out["notes"].append({**row, "source_ids": list(note.source_ids)})
        elif table == "briefs":
            out["briefs"].append(row)
        # claim_notes, note_sources, entities, claim_entities: the edges and entity mentions hold them
    out["briefs"][0].update(authors=people["author"], editors=people["editor"])
    for i, note in enumerate(brief.notes):
        n = note_node(brief, i)
        for position, citation in enumerate(note.citations, start=1):
            fields = citation_json(citation)
            fields["identifiers"] = _identifiers(citation.identifiers)
            out["citations"].append(
                {"id": f"{n}:{position}", "note_id": n, "brief_id": b, "position": position, "text": citation.text}
                | fields
            )
    sources: dict[str, Row] = {}
    for table, row in sqlite_source_rows(Corpus((brief,))):
        if table == "sources":
            sources[row["id"]] = {"brief_id": b, "node": source_node(row["id"]), "authors": [], "identifiers": []}
            sources[row["id"]] |= row
        elif table == "source_authors":
            sources[row["source_id"]]["authors"].append(row["name"])
        else:
            sources[row["source_id"]]["identifiers"].append({"scheme": row["scheme"], "value": row["value"]})
    out["sources"] = list(sources.values())
    for e in brief.entities:
        mention = entity_json(e)
        mention["claim_id"] = claim_node(brief, e.claim_id) if e.claim_id is not None else None
        out["entities"].append({"brief_id": b, **mention, "node": entity_node(e)})
    for position, ev in enumerate(brief.events, start=1):
        event = event_json(ev) | {"claim_id": claim_node(brief, ev.claim_id), "verb": ev.verb}
        out["events"].append({"brief_id": b, "position": position, **event})
    graph = build_graph([brief])
    out["edges"] = [
        {"brief_id": b, "source": u, "target": v, "type": data["type"]} for u, v, data in graph.edges(data=True)
    ]
    return out


def brief_tables(brief: Brief) -> dict[str, Any]:
    """``brief``'s rows as one ``pyarrow.RecordBatch`` per table (what a worker sends back)."""
    import pyarrow as pa

    found = schemas()
    return {table: pa.RecordBatch.from_pylist(rows, schema=found[table]) for table, rows in brief_rows(brief).items()}


def _dump_tables(tables: dict[str, Any]) -> bytes:
    """The batches as Arrow IPC streams, one after another, each after its length."""
    import pyarrow as pa

    out = io.BytesIO()
    for table in TABLES:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, tables[table].schema) as writer:
            writer.write_batch(tables[table])
        data = sink.getvalue().to_pybytes()
        out.write(len(data).to_bytes(8, "little") + data)
    return out.getvalue()


def _load_tables(data: bytes) -> dict[str, Any]:
    import pyarrow as pa

    out: dict[str, Any] = {}
    offset = 0
    for table in TABLES:
        size = int.from_bytes(data[offset : offset + 8], "little")
        offset += 8
        reader = pa.ipc.open_stream(data[offset : offset + size])
        batches = list(reader)
        out[table] = batches[0] if batches else pa.RecordBatch.from_pylist([], schema=reader.schema)
        offset += size
    if offset != len(data) or any(out[t].schema != schemas()[t] for t in TABLES):
        raise ValueError("not a stored Parquet view")
    return out


PARQUET_VIEW: View[dict[str, Any]] = View(f"parquet/{SCHEMA_VERSION}", brief_tables, _dump_tables, _load_tables)


# --- the dataset --------------------------------------------------------------------------------


def _part_name(index: int) -> str:
    return f"part-{index:06d}"


@dataclass
class Dataset:
    """A Parquet dataset folder, written one part at a time: use :meth:`open`, :meth:`add`, :meth:`close`.

    ``done`` holds the sha256 of every brief in the dataset (earlier runs' and this run's).
    """

    folder: Path
    part_briefs: int = PART_BRIEFS
    done: set[str] = field(default_factory=set)
    next_part: int = 0
    pending: list[dict[str, Any]] = field(default_factory=list)
    written: int = 0  # briefs written by this run
    parts: int = 0  # parts written by this run

    @classmethod
    def open(cls, folder: Path, *, part_briefs: int | None = None) -> Dataset:
        """Open (or start) the dataset at ``folder``: read its manifests, remove what an interrupted
        write left.  Raises :class:`OutputError`."""
        make_folder(folder)
        described = folder / DESCRIPTION
        try:
            if described.exists():
                version = json.loads(described.read_text(encoding="utf-8")).get("schema_version")
                if version != SCHEMA_VERSION:
                    raise OutputError(
                        folder, f"it holds a Parquet dataset of schema version {version}, not {SCHEMA_VERSION}"
                    )
            elif any(folder.iterdir()):
                raise OutputError(folder, "it is not empty and holds no Parquet dataset of briefs")
            for name in (MANIFEST, *TABLES):
                make_folder(folder / name)
            if not described.exists():
                with atomic_text(described) as f:
                    json.dump({"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION, "tables": TABLES}, f, indent=2)
            dataset = cls(folder, part_briefs=part_briefs or PART_BRIEFS)
            dataset._read_manifests()
        except (OSError, ValueError) as exc:
            raise OutputError(folder, str(exc)) from exc
        return dataset

    def _read_manifests(self) -> None:
        committed: set[str] = set()
        for path in sorted((self.folder / MANIFEST).iterdir()):
            found = _PART.match(path.name)
            if not found:
                if path.name.endswith(".tmp"):
                    path.unlink()
                continue
            manifest = json.loads(path.read_text(encoding="utf-8"))
            committed.add(path.stem)
            self.done.update(brief["sha256"] for brief in manifest["briefs"])
            self.next_part = max(self.next_part, int(found.group(1)) + 1)
        for table in TABLES:  # an interrupted write: files of a part with no manifest, temporary files
            for path in (self.folder / table).iterdir():
                stem = path.name.split(".", 1)[0]
                if path.name.endswith(".tmp") or (_PART.match(path.name) and stem not in committed):
                    path.unlink()
                elif _PART.match(path.name):
                    self.next_part = max(self.next_part, int(stem.split("-")[1]) + 1)

    def add(self, tables: dict[str, Any]) -> bool:
        """Add one brief's tables (:data:`PARQUET_VIEW`); False when the dataset already holds it."""
        sha256 = tables["briefs"].column("id")[0].as_py()
        if sha256 in self.done:
            return False
        self.done.add(sha256)
        self.pending.append(tables)
        if len(self.pending) >= self.part_briefs:
            self.flush()
        return True

    def flush(self) -> None:
        """Write what was added since the last part as a part of its own."""
        if not self.pending:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = _part_name(self.next_part)
        rows: dict[str, int] = {}
        for table in TABLES:
            data = pa.Table.from_batches([t[table] for t in self.pending], schema=schemas()[table])
            rows[table] = data.num_rows
            with atomic_path(self.folder / table / f"{name}.parquet") as tmp:
                pq.write_table(data, tmp, compression="zstd")
        briefs = [
            {"sha256": t["briefs"].column("id")[0].as_py(), "path": t["briefs"].column("path")[0].as_py()}
            for t in self.pending
        ]
        with atomic_text(self.folder / MANIFEST / f"{name}.json") as f:  # the part is complete once this exists
            json.dump({"part": name, "schema_version": SCHEMA_VERSION, "rows": rows, "briefs": briefs}, f, indent=1)
        self.written += len(self.pending)
        self.parts += 1
        self.next_part += 1
        self.pending = []

    def close(self) -> None:
        self.flush()


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    """Write ``corpus`` into the dataset at ``path`` (briefs it already holds are left as they are)."""
    dataset = Dataset.open(path)
    for brief in corpus.briefs:
        dataset.add(brief_tables(brief))
    dataset.close()
