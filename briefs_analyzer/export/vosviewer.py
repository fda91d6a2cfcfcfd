"""VOSviewer map and network JSON: the cited sources and their co-citations."""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.files import write_text

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
    note_sources: defaultdict[Any, set[Any]] = defaultdict(set)
    citing: defaultdict[Any, set[Any]] = defaultdict(set)
    note_count: Counter[Any] = Counter()
    brief_notes: Counter[Any] = Counter()
    cited_by_brief: Counter[tuple[Any, Any]] = Counter()
    for u, v, data in g.edges(data=True):
        if data.get("type") == "resolves_to":
            note_sources[u].add(v)
            note_count[v] += 1
            brief = nodes[u].get("brief")
            if brief is not None:
                citing[v].add(brief)
                cited_by_brief[brief, v] += 1
    for d in nodes.values():
        if d.get("type") == "note" and d.get("brief") is not None:
            brief_notes[d["brief"]] += 1
    claims_on: Counter[Any] = Counter()
    brief_claims: Counter[Any] = Counter()
    for n, d in nodes.items():
        if d.get("type") != "claim":
            continue
        resting: set[Any] = set()
        for _, note, data in g.edges(n, data=True):
            if data.get("type") == "cites":
                resting |= note_sources.get(note, set())
        claims_on.update(resting)
        if resting and d.get("brief") is not None:
            brief_claims[d["brief"]] += 1

    types = sorted({nodes[s].get("source_type", "other") for s in sources} - set(_SOURCE_TYPE_CLUSTERS))
    cluster_of = {t: i for i, t in enumerate((*_SOURCE_TYPE_CLUSTERS, *types), start=1)}
    brief_cluster = len(cluster_of) + 1
    ids = {s: i for i, s in enumerate(sources, start=1)}
    items: list[dict[str, Any]] = []
    for s in sources:
        d = nodes[s]
        item: dict[str, Any] = {
            "id": ids[s],
            "label": d.get("label", str(s)),
            "description": _vos_description(d),
            "cluster": cluster_of[d.get("source_type", "other")],
            "weights": {"Citing briefs": len(citing[s]), "Claims": claims_on[s], "Notes": note_count[s]},
        }
        if d.get("url"):
            item["url"] = d["url"]
        year = _year(d.get("date"))
        if year is not None:
            item["scores"] = {"Year": year}
        items.append(item)
    links: list[dict[str, Any]] = []
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
    links.extend({"source_id": a, "target_id": b, "strength": n} for (a, b), n in sorted(cocited.items()))
    clusters = [{"cluster": n, "label": t} for t, n in cluster_of.items() if n in {i["cluster"] for i in items}]
    if include_briefs:
        for b in briefs:
            ids[b] = len(ids) + 1
            d = nodes[b]
            item = {
                "id": ids[b],
                "label": d.get("label", str(b)),
                "description": _vos_description(d),
                "cluster": brief_cluster,
                "weights": {"Citing briefs": 0, "Claims": brief_claims[b], "Notes": brief_notes[b]},
            }
            year = _year(d.get("date"))
            if year is not None:
                item["scores"] = {"Year": year}
            items.append(item)
            for s in sources:
                if cited_by_brief[b, s]:
                    links.append({"source_id": ids[b], "target_id": ids[s], "strength": cited_by_brief[b, s]})
        if briefs:
            clusters.append({"cluster": brief_cluster, "label": "brief"})
    return {"network": {"items": items, "links": links, "clusters": clusters}}


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
