"""networkx node-link JSON: the citation graph for scripts and D3."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.outputs import write_text

if TYPE_CHECKING:
    import networkx as nx


def jsonable(value: Any) -> Any:
    """``value`` with tuples, lists and sets as lists and mappings as dicts, recursively."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def node_link_json(g: nx.Graph[Any]) -> dict[str, Any]:
    """networkx node-link data of ``g``, ready for :func:`json.dumps`.

    The shape is networkx's (``directed``, ``multigraph``, ``graph``, ``nodes``, ``edges``;
    edges carry ``source``, ``target`` and, in a multigraph, ``key``), so
    ``networkx.node_link_graph(data, edges="edges")`` rebuilds the graph, with tuples as lists.
    ``None`` values are left out.
    """
    import networkx as nx

    data: dict[str, Any] = nx.node_link_data(g, edges="edges")
    for record in (*data["nodes"], *data["edges"]):
        for name in [n for n, v in record.items() if v is None]:
            del record[name]
    out: dict[str, Any] = jsonable(data)
    return out


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    write_text(path, json.dumps(node_link_json(corpus.graph), ensure_ascii=False, indent=2) + "\n")
