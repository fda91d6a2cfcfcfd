"""The data the report's page starts from: briefs, sources, publishers and the map, as compact JSON.

Sources are numbered (their index in :func:`overview`'s ``sources`` list, most claims first), so a
brief's panel and the map refer to a source with one small integer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefs_analyzer.export.works import work_type
from briefs_analyzer.graph import publisher_name, publisher_node
from briefs_analyzer.model import Brief, Source
from briefs_analyzer.report.layout import ring, skeleton_layout
from briefs_analyzer.report.panels import ClaimSupport, brief_title

BRIEF, SOURCE, PUBLISHER = 0, 1, 2


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever made clickable (never ``javascript:`` and friends)."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def source_label(source: Source) -> str:
    return source.title or source.container or source.url or source.id


@dataclass(frozen=True)
class Rests:
    """Which claims of the corpus rest on which source: (brief index, claim id, covered?) per source id."""

    claims: Mapping[str, tuple[tuple[int, int, bool], ...]]
    notes: Counter[str]
    first: Mapping[str, Source]
    cited_by: Mapping[str, tuple[int, ...]]  # the briefs that cite each source (in a note, resting claims or not)


def rests(briefs: Sequence[Brief], supports: Sequence[Mapping[int, ClaimSupport]]) -> Rests:
    claims: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    notes: Counter[str] = Counter()
    first: dict[str, Source] = {}
    cited_by: dict[str, dict[int, None]] = defaultdict(dict)
    for i, b in enumerate(briefs):
        for s in b.sources:
            first.setdefault(s.id, s)
            cited_by[s.id][i] = None
        notes.update(sid for n in b.notes for sid in dict.fromkeys(n.source_ids))
        for cid, support in supports[i].items():
            claims_of = [(sid, False) for sid in support.cited] + [(sid, True) for sid in support.covered]
            for sid, covered in claims_of:
                claims[sid].append((i, cid, covered))
    return Rests({k: tuple(v) for k, v in claims.items()}, notes, first, {k: tuple(v) for k, v in cited_by.items()})


def source_order(r: Rests) -> list[Source]:
    """Sources by the claims resting on them, then by label."""
    return sorted(r.first.values(), key=lambda s: (-len(r.claims.get(s.id, ())), source_label(s).lower()))


def _source_json(s: Source, r: Rests) -> dict[str, Any]:
    resting = r.claims.get(s.id, ())
    per_brief = Counter(bi for bi, _, _ in resting)
    return {
        "id": s.id,
        "label": source_label(s),
        "title": s.title,
        "authors": list(s.authors),
        "container": s.container,
        "type": s.type,
        "work": work_type(s),
        "publisher": publisher_name(s) or "",
        "date": s.date or "",
        "url": safe_url(s.url),
        "notes": r.notes.get(s.id, 0),
        "claims": len({(bi, cid) for bi, cid, _ in resting}),
        "briefs": [[bi, per_brief[bi]] for bi in r.cited_by.get(s.id, ())],
        "rest": [[bi, cid, int(covered)] for bi, cid, covered in resting],
    }


def _brief_json(i: int, b: Brief, support: Mapping[int, ClaimSupport]) -> dict[str, Any]:
    status = Counter(s.status for s in support.values())
    return {
        "i": i,
        "title": brief_title(b),
        "file": Path(b.path).name,
        "date": b.metadata.date or "",
        "authors": ", ".join(p.name for p in b.metadata.authors),
        "organization": b.metadata.organization or "",
        "claims": len(b.sentences),
        "status": dict(status),
        "notes": len(b.notes),
        "sources": len(b.sources),
        "problems": len(b.problems),
        "errors": sum(p.severity == "error" for p in b.problems),
    }


def map_json(briefs: Sequence[Brief], sources: Sequence[Source], r: Rests) -> dict[str, Any]:
    """The aggregated map: briefs, sources, publishers, with positions and sizes; edges carry counts."""
    index = {s.id: k for k, s in enumerate(sources)}
    publishers: dict[str, int] = {}
    names: list[str] = []
    of_source: dict[int, int] = {}
    for k, s in enumerate(sources):
        name = publisher_name(s)
        if name:
            key = publisher_node(name)
            if key not in publishers:
                publishers[key] = len(names)
                names.append(name)
            of_source[k] = publishers[key]
    cites: Counter[tuple[int, int]] = Counter()  # (brief, source) -> claims resting (at least 1: a note cites it)
    for bi, b in enumerate(briefs):
        for s in b.sources:
            cites[bi, index[s.id]] += 0
    for sid, claims in r.claims.items():
        for bi, _, _ in claims:
            if sid in index:
                cites[bi, index[sid]] += 1
    nb, npub = len(briefs), len(names)
    shared: Counter[tuple[int, int]] = Counter()
    degree = [0.0] * (nb + npub)
    for bi, k in cites:
        if k in of_source:
            shared[bi, nb + of_source[k]] += 1
    for (u, v), w in shared.items():
        degree[u] += w
        degree[v] += w
    skeleton = skeleton_layout(nb + npub, [(u, v, 1.0 + w**0.5) for (u, v), w in shared.items()], degree)
    return _map_nodes(briefs, sources, names, of_source, cites, skeleton, r)


def _map_nodes(
    briefs: Sequence[Brief],
    sources: Sequence[Source],
    names: Sequence[str],
    of_source: Mapping[int, int],
    cites: Counter[tuple[int, int]],
    skeleton: Sequence[tuple[float, float]],
    r: Rests,
) -> dict[str, Any]:
    nb = len(briefs)
    nodes: list[list[Any]] = [
        [BRIEF, *map(_round, skeleton[bi]), len(b.sentences), brief_title(b), bi] for bi, b in enumerate(briefs)
    ]
    around: dict[int, list[int]] = defaultdict(list)  # skeleton node -> its sources
    heaviest: dict[int, tuple[int, int]] = {}
    for (bi, k), n in cites.items():
        if k not in heaviest or n > heaviest[k][1]:
            heaviest[k] = (bi, n)
    for k in range(len(sources)):
        around[nb + of_source[k] if k in of_source else heaviest.get(k, (0, 0))[0]].append(k)
    source_pos: dict[int, tuple[float, float]] = {}
    for hub, members in around.items():
        for k, xy in zip(members, ring(skeleton[hub], len(members)), strict=True):
            source_pos[k] = xy
    first_source = len(nodes)
    for k, s in enumerate(sources):
        nodes.append([SOURCE, *map(_round, source_pos[k]), len(r.claims.get(s.id, ())), source_label(s), k])
    first_publisher = len(nodes)
    per_publisher = Counter(of_source.values())
    for p, name in enumerate(names):
        nodes.append([PUBLISHER, *map(_round, skeleton[nb + p]), per_publisher[p], name, p])
    edges = [[bi, first_source + k, n] for (bi, k), n in sorted(cites.items())]
    edges += [[first_source + k, first_publisher + p, 1] for k, p in sorted(of_source.items())]
    return {"nodes": nodes, "edges": edges, "publishers": list(names)}


def _round(value: float) -> float:
    return round(value, 5)


def overview(
    briefs: Sequence[Brief], supports: Sequence[Mapping[int, ClaimSupport]], r: Rests, sources: Sequence[Source]
) -> dict[str, Any]:
    """What the page draws first: brief rows, source rows (with the claims resting on each) and the map."""
    return {
        "briefs": [_brief_json(i, b, supports[i]) for i, b in enumerate(briefs)],
        "sources": [_source_json(s, r) for s in sources],
        "map": map_json(briefs, sources, r),
    }
