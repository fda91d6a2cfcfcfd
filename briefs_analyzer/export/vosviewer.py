"""VOSviewer map and network JSON: the cited sources and their co-citations."""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.outputs import write_text

if TYPE_CHECKING:
    import networkx as nx


# Cluster numbers of VOSviewer items, fixed so colours mean the same thing in every map.
_SOURCE_TYPE_CLUSTERS = ("news", "journal", "government", "think-tank", "international-organization", "other")


def vosviewer_json(g: nx.Graph[Any], *, include_briefs: bool = False) -> dict[str, Any]:
    """The citation graph as a VOSviewer JSON network (``{"network": {"items", "links", "clusters"}}``).

    The mapping, chosen for VOSviewer's usual bibliometric maps:

    * **items** are the cited sources (``id`` 1, 2, ... in the order of their node ids), with
      ``label`` (the node's label), ``description`` (title, container, date, type; HTML),
      ``url``, ``cluster`` (the source type: 1 news, 2 journal, 3 government, 4 think-tank,
      5 international-organization, 6 other, then any other type), ``weights``
      (``Citing briefs``: briefs that cite it; ``Claims``: claims resting on it; ``Notes``:
      notes resolving to it) and ``scores`` (``Year`` of the source, when known, for
      VOSviewer's overlay visualisation);
    * **links** are co-citations: two sources cited by the same brief are linked, with
      ``strength`` = the number of briefs citing both (the classic co-citation count, the brief
      being the citing document);
    * with ``include_briefs=True`` every brief is an item too (after the sources, in their own
      cluster; ``Claims`` = its claims that rest on a source, ``Notes`` = its notes), linked to
      each source it cites with ``strength`` = the number of its notes resolving to that source.

    A claim cites a note (``cites``), a note resolves to a source (``resolves_to``); a brief
    cites a source when one of its notes resolves to it, whether or not a marker points there.
    """
    nodes = dict(g.nodes(data=True))
    sources = sorted(n for n, d in nodes.items() if d.get("type") == "source")
    briefs = sorted(n for n, d in nodes.items() if d.get("type") == "brief")
    c = _count(g, nodes)
    types = sorted({nodes[s].get("source_type", "other") for s in sources} - set(_SOURCE_TYPE_CLUSTERS))
    cluster_of = {t: i for i, t in enumerate((*_SOURCE_TYPE_CLUSTERS, *types), start=1)}
    ids = {s: i for i, s in enumerate(sources, start=1)}
    items = [
        _item(ids[s], nodes[s], cluster_of[nodes[s].get("source_type", "other")],
              {"Citing briefs": len(c.citing[s]), "Claims": c.claims_on[s], "Notes": c.note_count[s]})
        for s in sources
    ]  # fmt: skip
    links = _cocitations(sources, ids, c.citing)
    clusters = [{"cluster": n, "label": t} for t, n in cluster_of.items() if n in {i["cluster"] for i in items}]
    if include_briefs and briefs:
        brief_cluster = len(cluster_of) + 1
        for b in briefs:
            ids[b] = len(ids) + 1
            weights = {"Citing briefs": 0, "Claims": c.brief_claims[b], "Notes": c.brief_notes[b]}
            items.append(_item(ids[b], nodes[b], brief_cluster, weights))
            links.extend(
                {"source_id": ids[b], "target_id": ids[s], "strength": c.cited_by_brief[b, s]}
                for s in sources
                if c.cited_by_brief[b, s]
            )
        clusters.append({"cluster": brief_cluster, "label": "brief"})
    return {"network": {"items": items, "links": links, "clusters": clusters}}


@dataclass
class _Counts:
    note_sources: defaultdict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))
    citing: defaultdict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))
    note_count: Counter[Any] = field(default_factory=Counter)
    brief_notes: Counter[Any] = field(default_factory=Counter)
    cited_by_brief: Counter[tuple[Any, Any]] = field(default_factory=Counter)
    claims_on: Counter[Any] = field(default_factory=Counter)
    brief_claims: Counter[Any] = field(default_factory=Counter)


def _count(g: nx.Graph[Any], nodes: Mapping[Any, Mapping[str, Any]]) -> _Counts:
    c = _Counts()
    for u, v, data in g.edges(data=True):
        if data.get("type") == "resolves_to":
            c.note_sources[u].add(v)
            c.note_count[v] += 1
            brief = nodes[u].get("brief")
            if brief is not None:
                c.citing[v].add(brief)
                c.cited_by_brief[brief, v] += 1
    for n, d in nodes.items():
        if d.get("type") == "note" and d.get("brief") is not None:
            c.brief_notes[d["brief"]] += 1
        if d.get("type") != "claim":
            continue
        resting: set[Any] = set()
        for _, note, data in g.edges(n, data=True):
            if data.get("type") == "cites":
                resting |= c.note_sources.get(note, set())
        c.claims_on.update(resting)
        if resting and d.get("brief") is not None:
            c.brief_claims[d["brief"]] += 1
    return c


def _item(item_id: int, d: Mapping[str, Any], cluster: int, weights: dict[str, int]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": item_id,
        "label": d.get("label", ""),
        "description": _vos_description(d),
        "cluster": cluster,
        "weights": weights,
    }
    if d.get("url") and d.get("type") == "source":
        item["url"] = d["url"]
    year = _year(d.get("date"))
    if year is not None:
        item["scores"] = {"Year": year}
    return item


def _cocitations(sources: list[Any], ids: Mapping[Any, int], citing: Mapping[Any, set[Any]]) -> list[dict[str, Any]]:
    """Two sources cited by the same brief are linked; strength = the number of briefs citing both."""
    cocited: Counter[tuple[int, int]] = Counter()
    cited: defaultdict[Any, list[int]] = defaultdict(list)
    for s in sources:
        for b in citing[s]:
            cited[b].append(ids[s])
    for source_ids in cited.values():
        ordered = sorted(source_ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                cocited[a, b] += 1
    return [{"source_id": a, "target_id": b, "strength": n} for (a, b), n in sorted(cocited.items())]


def _vos_description(d: Mapping[str, Any]) -> str:
    parts = [d.get("title") or d.get("label"), d.get("container") or d.get("organization"), d.get("date")]
    kind = d.get("source_type") or d.get("type")
    text = "<br>".join(html.escape(str(p), quote=False) for p in parts if p)
    return f"{text}<br><i>{html.escape(str(kind), quote=False)}</i>" if kind else text


def _year(date: Any) -> int | None:
    match = re.match(r"(\d{4})", date) if isinstance(date, str) else None
    return int(match.group(1)) if match else None


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    data = vosviewer_json(corpus.graph, include_briefs=options.vosviewer_briefs)
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
