"""The citation graph: which assertions rest on which references.

One pure function, :func:`build_graph`, turns analysed briefs into a networkx
``MultiDiGraph``.  Ranking, reports and export live elsewhere and only read the graph.

Nodes (``type`` attribute), with ids that are stable across runs and machines:

========== ===================================== =========================================
type       id                                    from
========== ===================================== =========================================
brief      ``brief:<sha256[:16]>``               the file's bytes
claim      ``claim:<sha256[:16]>:<claim id>``    the brief and the claim's position
note       ``note:<sha256[:16]>:<number>``       the brief and the note's number
source     ``source:<source id>``                the citation's content (see sources.py)
publisher  ``publisher:<normalised name>``       the container, else the URL's host
entity     ``entity:<type>:<canonical name>``    the NLP layer's canonical name
========== ===================================== =========================================

Edges (``type`` attribute; the edge key is the type too): brief ``contains`` claim,
claim ``cites`` note, note ``resolves_to`` source (through Ibid. and short forms), note
``repeats`` note (a repeat and the note it resolves through), source ``published_by``
publisher, claim ``mentions`` entity.  Every node has a human ``label``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeAlias

import networkx as nx

from briefs_analyzer.model import Brief, Source
from briefs_analyzer.sources import normalize_text, url_host

NodeAttrs = dict[str, Any]
Graph: TypeAlias = "nx.MultiDiGraph[str]"


def brief_node(brief: Brief) -> str:
    return f"brief:{brief.sha256[:16]}"


def claim_node(brief: Brief, claim_id: int) -> str:
    return f"claim:{brief.sha256[:16]}:{claim_id}"


def note_node(brief: Brief, number: int) -> str:
    return f"note:{brief.sha256[:16]}:{number}"


def source_node(source_id: str) -> str:
    return f"source:{source_id}"


def entity_node(entity_type: str, canonical: str) -> str:
    return f"entity:{entity_type}:{canonical}"


def publisher_name(source: Source) -> str | None:
    """Who stands behind a source: its container, else the host of its URL (without www.)."""
    if source.container:
        return source.container.strip()
    host = url_host(source.url) if source.url else None
    return re.sub(r"^www\.", "", host) if host else None


def publisher_node(name: str) -> str:
    return f"publisher:{re.sub(r'^the ', '', normalize_text(name))}"


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _attrs(**values: Any) -> NodeAttrs:
    """Node or edge attributes with missing values left out."""
    return {k: v for k, v in values.items() if v is not None and v != () and v != []}


def build_graph(briefs: Iterable[Brief]) -> Graph:
    """The citation graph of a corpus (pure: the same briefs give the same graph)."""
    g: Graph = nx.MultiDiGraph()
    for brief in briefs:
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
                ),
            )
            g.add_edge(b, c, key="contains", type="contains")
            for number in dict.fromkeys(claim.markers):
                g.add_edge(c, note_node(brief, number), key="cites", type="cites")
        for note in brief.notes:
            n = note_node(brief, note.number)
            g.add_node(
                n,
                **_attrs(
                    type="note",
                    label=f"note {note.number}: {_clip(note.text, 60)}",
                    text=note.text,
                    brief=b,
                    number=note.number,
                    kind=note.kind,
                    page=note.page,
                ),
            )
            for sid in note.source_ids:
                g.add_edge(n, source_node(sid), key="resolves_to", type="resolves_to")
            if note.antecedent is not None and note.kind in ("ibid", "short", "supra", "cross_reference"):
                g.add_edge(n, note_node(brief, note.antecedent), key="repeats", type="repeats")
        for source in brief.sources:
            s = source_node(source.id)
            if s not in g or "type" not in g.nodes[s]:
                g.add_node(
                    s,
                    **_attrs(
                        type="source",
                        label=_clip(source.title or source.container or source.url or source.id),
                        title=source.title,
                        container=source.container,
                        date=source.date,
                        url=source.url,
                        source_type=source.type,
                        authors=source.authors,
                    ),
                )
            name = publisher_name(source)
            if name:
                p = publisher_node(name)
                if p not in g:
                    g.add_node(p, type="publisher", label=name)
                if not g.has_edge(s, p, key="published_by"):
                    g.add_edge(s, p, key="published_by", type="published_by")
        for entity in brief.entities:
            if entity.claim_id is None or entity.type == "date":
                continue
            e = entity_node(entity.type, entity.canonical)
            if e not in g:
                g.add_node(e, type="entity", label=entity.canonical, entity_type=entity.type)
            c = claim_node(brief, entity.claim_id)
            if not g.has_edge(c, e, key="mentions"):
                g.add_edge(c, e, key="mentions", type="mentions")
    # Notes cited by a marker but never defined, and repeats of missing notes, still need a type.
    for node, data in g.nodes(data=True):
        if "type" not in data:
            data.update(type=node.split(":", 1)[0], label=node, missing=True)
    return g


def nodes_of(g: Graph, node_type: str) -> list[str]:
    return [n for n, data in g.nodes(data=True) if data.get("type") == node_type]
