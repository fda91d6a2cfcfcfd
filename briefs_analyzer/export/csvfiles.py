"""CSV: a folder with ``nodes.csv`` and ``edges.csv``, for spreadsheets, pandas and Gephi's importer."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.graphml import scalar
from briefs_analyzer.outputs import atomic_text, make_folder

if TYPE_CHECKING:
    import networkx as nx


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(scalar(value))


def write_csv(g: nx.Graph[Any], folder: Path) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (made if missing), each file atomically.

    ``nodes.csv``: ``id``, ``type``, ``label``, then every other node attribute in name order;
    ``edges.csv``: ``source``, ``target``, ``type``, then ``key`` (multigraphs) and every other
    edge attribute.  Lists, tuples and dicts are JSON, booleans ``true``/``false``, missing
    values empty.  UTF-8, comma-separated, quoted where needed (RFC 4180).
    """
    import networkx as nx

    make_folder(folder)
    node_names = sorted({str(k) for _, d in g.nodes(data=True) for k in d} - {"id", "type", "label"})
    with atomic_text(folder / "nodes.csv") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "type", "label", *node_names])
        for node, d in g.nodes(data=True):
            writer.writerow([str(node), *(_csv_text(d.get(k)) for k in ("type", "label", *node_names))])
    multigraph = isinstance(g, nx.MultiGraph)
    edges: list[tuple[Any, Any, dict[str, Any]]] = (
        [(u, v, {**d, "key": k}) for u, v, k, d in g.edges(keys=True, data=True)]
        if isinstance(g, nx.MultiGraph)
        else [(u, v, dict(d)) for u, v, d in g.edges(data=True)]
    )
    first = ["type", "key"] if multigraph else ["type"]
    edge_names = sorted({str(k) for _, _, d in edges for k in d} - {"source", "target", *first})
    with atomic_text(folder / "edges.csv") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target", *first, *edge_names])
        for u, v, d in edges:
            writer.writerow([str(u), str(v), *(_csv_text(d.get(k)) for k in (*first, *edge_names))])


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    write_csv(corpus.graph, path)
