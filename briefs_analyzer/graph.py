"""The citation graph: which assertions rest on which references.

One pure function, :func:`build_graph`, turns analysed briefs into a networkx
``MultiDiGraph``.  Ranking, reports and export live elsewhere and only read the graph.

Nodes (``type`` attribute), with ids that are stable across runs and machines:

========== ===================================== =========================================
type       id                                    from
========== ===================================== =========================================
brief      ``brief:<sha256[:16]>``               the file's bytes
claim      ``claim:<sha256[:16]>:<claim id>``    the brief and the claim's position
note       ``note:<sha256[:16]>:<position>``     the brief and the note's place among its
                                                 notes (1-based; ``number`` is an attribute,
                                                 so two notes that share a number stay two)
source     ``source:<source id>``                the citation's content (see sources.py)
publisher  ``publisher:<normalised name>``       the publisher, else the container, else the
                                                 URL's host
entity     ``entity:<qid>`` or                   the entity's Wikidata id when it has one,
           ``entity:<type>:<canonical name>``    else the NLP layer's type and canonical name
========== ===================================== =========================================

Edges (``type`` attribute; the edge key is the type too): brief ``contains`` claim,
claim ``cites`` note (the note its marker points to: of two notes with one number, the
nearest in reading order), claim ``covered_by`` note (a nearby note backs an unmarked claim),
note ``resolves_to`` source (through Ibid. and short forms), note ``repeats`` note (a repeat
and the note it resolves through), source ``published_by`` publisher, claim ``mentions``
entity.  Every node has a human ``label``.

Only :func:`build_graph` needs networkx; the id and note helpers here are plain functions, so
modules that only need them (the weights, the SQLite export) never import it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from briefs_analyzer.model import Brief, Entity, Note, Source
from briefs_analyzer.sources import normalize_text, url_host

if TYPE_CHECKING:
    import networkx as nx

NodeAttrs = dict[str, Any]
Graph: TypeAlias = "nx.MultiDiGraph[str]"
REPEAT_KINDS = ("ibid", "short", "supra", "cross_reference")


def brief_node(brief: Brief) -> str:
    return f"brief:{brief.sha256[:16]}"


def claim_node(brief: Brief, claim_id: int) -> str:
    return f"claim:{brief.sha256[:16]}:{claim_id}"


def note_node(brief: Brief, index: int) -> str:
    """The node of ``brief.notes[index]`` (ids count from 1, in the order the brief lists its notes)."""
    return f"note:{brief.sha256[:16]}:{index + 1}"


def missing_note_node(brief: Brief, number: int) -> str:
    """A note a marker or a repeat points to that the brief never defines."""
    return f"note:{brief.sha256[:16]}:missing-{number}"


def source_node(source_id: str) -> str:
    return f"source:{source_id}"


def entity_key(entity: Entity) -> str:
    """One key per entity across the corpus: its Wikidata QID when known, else type and canonical name."""
    qid = getattr(entity, "qid", None)
    return str(qid) if qid else f"{entity.type}:{entity.canonical}"


def entity_node(entity: Entity) -> str:
    return f"entity:{entity_key(entity)}"


def publisher_name(source: Source) -> str | None:
    """Who stands behind a source: its publisher, else its container, else the host of its URL (without www.)."""
    if source.publisher:
        return source.publisher.strip()
    if source.container:
        return source.container.strip()
    host = url_host(source.url) if source.url else None
    return re.sub(r"^www\.", "", host) if host else None


def publisher_node(name: str) -> str:
    return f"publisher:{re.sub(r'^the ', '', normalize_text(name))}"


# --- which note a marker points to -------------------------------------------------------------


def _reading_key(page: int | None, line: int) -> tuple[int, int]:
    return (page or 0, line)


def note_index(brief: Brief, number: int, page: int | None, line: int) -> int | None:
    """The index in ``brief.notes`` of the note numbered ``number`` that a marker at (page, line) means.

    One note with that number: that one.  Several (a report that restarts its numbering in an
    appendix): the first at or after the marker in reading order (a footnote sits below its
    marker, an endnote after it), else the last before it.  None when no note has the number.
    """
    candidates = [i for i, n in enumerate(brief.notes) if n.number == number]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    return _nearest(brief.notes, candidates, _reading_key(page, line))


def _nearest(notes: Sequence[Note], candidates: list[int], key: tuple[int, int]) -> int:
    ordered = sorted(candidates, key=lambda i: _reading_key(notes[i].page, notes[i].line))
    after = [i for i in ordered if _reading_key(notes[i].page, notes[i].line) >= key]
    return after[0] if after else ordered[-1]


def marker_notes(brief: Brief) -> list[tuple[int, int, int | None]]:
    """(claim id, note number, index in ``brief.notes`` or None) for every marker, in order."""
    by_number: dict[int, list[int]] = defaultdict(list)
    for i, n in enumerate(brief.notes):
        by_number[n.number].append(i)
    out: list[tuple[int, int, int | None]] = []
    for m in brief.markers:
        found = by_number.get(m.number, [])
        index = found[0] if len(found) == 1 else None
        if len(found) > 1:
            index = _nearest(brief.notes, found, _reading_key(m.page, m.line))
        out.append((m.sentence, m.number, index))
    return out


def claim_note_indexes(brief: Brief) -> dict[int, tuple[int, ...]]:
    """For every claim id, the indexes in ``brief.notes`` of the notes its markers point to, in order."""
    out: dict[int, dict[int, None]] = {c.id: {} for c in brief.sentences}
    for claim_id, _, index in marker_notes(brief):
        if index is not None and claim_id in out:
            out[claim_id][index] = None
    return {cid: tuple(found) for cid, found in out.items()}


def claim_sources_by_note(brief: Brief) -> dict[int, tuple[str, ...]]:
    """For every claim id, the sources it rests on through the notes its markers point to."""
    out: dict[int, tuple[str, ...]] = {}
    for cid, indexes in claim_note_indexes(brief).items():
        ids: dict[str, None] = {}
        for i in indexes:
            ids.update(dict.fromkeys(brief.notes[i].source_ids))
        out[cid] = tuple(ids)
    return out


def antecedent_index(brief: Brief, index: int) -> int | None:
    """The note a repeat at ``brief.notes[index]`` resolves through (its nearest earlier note with that number)."""
    note = brief.notes[index]
    if note.antecedent is None or note.kind not in REPEAT_KINDS:
        return None
    candidates = [i for i, n in enumerate(brief.notes) if n.number == note.antecedent and i != index]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    key = _reading_key(note.page, note.line)
    before = [i for i in candidates if _reading_key(brief.notes[i].page, brief.notes[i].line) <= key]
    return max(before, key=lambda i: _reading_key(brief.notes[i].page, brief.notes[i].line)) if before else None


# --- the graph --------------------------------------------------------------------------------


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _attrs(**values: Any) -> NodeAttrs:
    """Node or edge attributes with missing values left out."""
    return {k: v for k, v in values.items() if v is not None and v != () and v != []}


def source_attrs(source: Source) -> NodeAttrs:
    return _attrs(
        type="source",
        label=_clip(source.title or source.container or source.url or source.id),
        title=source.title,
        container=source.container,
        publisher=source.publisher,
        date=source.date,
        url=source.url,
        source_type=source.type,
        work_type=source.work_type,
        authors=source.authors,
        identifiers=tuple(f"{scheme}:{value}" for scheme, value in source.identifiers),
    )


def _add_brief(g: Graph, brief: Brief) -> None:
    b = brief_node(brief)
    g.add_node(
        b,
        **_attrs(
            type="brief",
            label=brief.metadata.title or Path(brief.path).name,
            path=brief.path,
            date=brief.metadata.date,
            authors=tuple(p.name for p in brief.metadata.authors),
            organization=brief.metadata.organization,
            report_number=brief.metadata.report_number,
        ),
    )
    for claim in brief.sentences:
        c = claim_node(brief, claim.id)
        g.add_node(
            c,
            **_attrs(
                type="claim",
                label=_clip(claim.text),
                text=claim.text,
                brief=b,
                claim_id=claim.id,
                markers=claim.markers,
                page=claim.page,
                support=claim.support,
                support_kind=claim.support_kind,
            ),
        )
        g.add_edge(b, c, key="contains", type="contains")
        for number in claim.covered_by:
            index = note_index(brief, number, claim.page, claim.line)
            target = note_node(brief, index) if index is not None else missing_note_node(brief, number)
            g.add_edge(c, target, key="covered_by", type="covered_by")
    for claim_id, number, index in marker_notes(brief):
        target = note_node(brief, index) if index is not None else missing_note_node(brief, number)
        g.add_edge(claim_node(brief, claim_id), target, key="cites", type="cites")
    for i, note in enumerate(brief.notes):
        n = note_node(brief, i)
        g.add_node(
            n,
            **_attrs(
                type="note",
                label=f"note {note.number}: {_clip(note.text, 60)}",
                text=note.text,
                brief=b,
                number=note.number,
                position=i + 1,
                kind=note.kind,
                page=note.page,
            ),
        )
        for sid in note.source_ids:
            g.add_edge(n, source_node(sid), key="resolves_to", type="resolves_to")
        if note.antecedent is not None and note.kind in REPEAT_KINDS:
            before = antecedent_index(brief, i)
            target = note_node(brief, before) if before is not None else missing_note_node(brief, note.antecedent)
            g.add_edge(n, target, key="repeats", type="repeats")


def _add_sources(g: Graph, brief: Brief) -> None:
    for source in brief.sources:
        s = source_node(source.id)
        if s not in g or "type" not in g.nodes[s]:
            g.add_node(s, **source_attrs(source))
        name = publisher_name(source)
        if name:
            p = publisher_node(name)
            if p not in g:
                g.add_node(p, type="publisher", label=name)
            if not g.has_edge(s, p, key="published_by"):
                g.add_edge(s, p, key="published_by", type="published_by")


def _add_entities(g: Graph, brief: Brief) -> None:
    for entity in brief.entities:
        if entity.claim_id is None or entity.type == "date" or entity.place != "body":
            continue
        e = entity_node(entity)
        if e not in g:
            qid = getattr(entity, "qid", None)
            g.add_node(e, **_attrs(type="entity", label=entity.canonical, entity_type=entity.type, qid=qid))
        c = claim_node(brief, entity.claim_id)
        if not g.has_edge(c, e, key="mentions"):
            g.add_edge(c, e, key="mentions", type="mentions")


def build_graph(briefs: Iterable[Brief]) -> Graph:
    """The citation graph of a corpus (pure: the same briefs give the same graph)."""
    import networkx as nx

    g: Graph = nx.MultiDiGraph()
    for brief in briefs:
        _add_brief(g, brief)
        _add_sources(g, brief)
        _add_entities(g, brief)
    # Notes cited by a marker but never defined, and repeats of missing notes, still need a type.
    for node, data in g.nodes(data=True):
        if "type" not in data:
            data.update(type=node.split(":", 1)[0], label=node, missing=True)
    return g
