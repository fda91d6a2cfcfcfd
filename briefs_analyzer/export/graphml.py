"""GraphML: the citation graph for Gephi, Cytoscape and yEd, written by networkx.

GraphML holds only ``boolean``, ``int``, ``long``, ``float``, ``double`` and ``string`` values,
one type per attribute, and ids that are XML name tokens.  :func:`flatten` makes a copy of the
graph that fits, and networkx's GraphML writer writes it:

* node ids become name tokens (:func:`graphml_id`; ids of briefs, claims, notes and sources never
  change, ``entity:person:Jon Finer`` becomes ``entity:person:Jon_x0020_Finer``);
* lists, tuples, sets and dicts become JSON text (``["Ghazala Yasmin Jalil"]``);
* ``None`` is left out (no ``<data>`` element);
* an attribute whose values have different types (say an int here and a string there, or a
  boolean and a number) is text everywhere; ints and floats together are doubles;
* characters XML 1.0 cannot hold (control characters) become U+FFFD;
* a multigraph's edge key is written as the edge's ``key`` data, and edges carry no GraphML ``id``
  (ids must be unique in a graph; our keys, the edge types, are unique only between two nodes);
  ``networkx.read_graphml(path, force_multigraph=True)`` takes the key back from it.

Key ids are ``n_<name>``, ``e_<name>`` and ``g_<name>``, never networkx's ``d0``, ``d1``...:
Gephi reads ``d3`` and ``d7`` as yEd's label keys.  The output is valid against the GraphML 1.0
XML Schema.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.outputs import atomic_path

if TYPE_CHECKING:
    import networkx as nx

# Characters XML 1.0 cannot hold at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NMTOKEN_SAFE = re.compile(r"[A-Za-z0-9.:-]|_(?!x)")
_ESCAPED = re.compile(r"_x([0-9A-F]{8}|[0-9A-F]{4})_")


def graphml_id(name: str) -> str:
    """``name`` as an XML name token (``xs:NMTOKEN``), which GraphML requires of ids.

    ASCII letters, digits, ``.``, ``:``, ``-`` and ``_`` stay as they are; every other
    character, and the ``_`` of a ``_x``, becomes ``_xHHHH_`` (``_xHHHHHHHH_`` above U+FFFF),
    the convention of .NET's ``XmlConvert.EncodeName``.  :func:`graphml_id_decode` reverses it.
    """
    out: list[str] = []
    for i, char in enumerate(name):
        match = _NMTOKEN_SAFE.match(name, i)
        if match:
            out.append(match.group())
        else:
            code = ord(char)
            out.append(f"_x{code:04X}_" if code <= 0xFFFF else f"_x{code:08X}_")
    return "".join(out)


def graphml_id_decode(token: str) -> str:
    """The name that :func:`graphml_id` turned into ``token``."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def scalar(value: Any) -> bool | int | float | str:
    """A value GraphML can hold: containers as JSON text, text cleaned of what XML cannot hold."""
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        value = json.dumps(_jsonable(value), ensure_ascii=False)
    if isinstance(value, (bool, int, float)):
        return value
    return _NOT_XML.sub("\ufffd", str(value))


def _text(value: bool | int | float | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind(value: Any) -> str:
    return "bool" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "str"


def _unify(records: Iterable[dict[str, Any]]) -> None:
    """Make every attribute name hold one kind of value across ``records``: else text everywhere."""
    listed = list(records)
    kinds: defaultdict[str, set[str]] = defaultdict(set)
    for data in listed:
        for name, value in data.items():
            kinds[name].add(_kind(value))
    mixed = {name for name, found in kinds.items() if len(found) > 1}
    for data in listed:
        for name in mixed & data.keys():
            data[name] = _text(data[name])


def _clean(data: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): scalar(v) for k, v in data.items() if v is not None}


def flatten(g: nx.Graph[Any]) -> nx.Graph[Any]:
    """A copy of ``g`` that GraphML can hold (see the module's docstring)."""
    import networkx as nx

    out: nx.Graph[Any] = nx.DiGraph() if g.is_directed() else nx.Graph()
    if g.is_multigraph():
        out = nx.MultiDiGraph() if g.is_directed() else nx.MultiGraph()
    out.graph.update(_clean({k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")}))
    nodes = [(graphml_id(str(n)), _clean(d)) for n, d in g.nodes(data=True)]
    edges: list[tuple[str, str, dict[str, Any]]] = []
    if isinstance(g, nx.MultiGraph):
        for u, v, k, d in g.edges(keys=True, data=True):
            if "key" in d:
                raise ValueError(f"edge {u!r} -> {v!r} has an attribute named 'key', which GraphML export uses")
            edges.append((graphml_id(str(u)), graphml_id(str(v)), {"key": scalar(k), **_clean(d)}))
    else:
        edges = [(graphml_id(str(u)), graphml_id(str(v)), _clean(d)) for u, v, d in g.edges(data=True)]
    _unify(d for _, d in nodes)
    _unify(d for _, _, d in edges)
    out.add_nodes_from(nodes)
    for u, v, d in edges:
        if isinstance(out, nx.MultiGraph):
            key = out.add_edge(u, v)  # a fresh key: the original one travels as the "key" data
            out.edges[u, v, key].update(d)
        else:
            out.add_edge(u, v, **d)
    return out


def _writer_class() -> type[Any]:
    from networkx.readwrite.graphml import GraphMLWriterLxml

    class Writer(GraphMLWriterLxml):
        """networkx's writer, with key ids that name their scope and no edge ids."""

        def get_key(self, name: str, attr_type: str, scope: str, default: Any) -> str:
            keys_key = (name, attr_type, scope)
            if keys_key not in self.keys:
                key_id = f"{scope[0]}_{graphml_id(name)}"
                self.keys[keys_key] = key_id
                element = self.myElement("key", id=key_id, **{"for": scope, "attr.name": name, "attr.type": attr_type})
                self.xml.append(element)  # in order of first use: type and label first
            return str(self.keys[keys_key])

        def add_edges(self, G: Any, graph_element: Any) -> None:
            for u, v, data in G.edges(data=True):
                edge = self.myElement("edge", source=str(u), target=str(v))
                self.add_attributes("edge", edge, data, {})
                graph_element.append(edge)

        def add_data(self, name: str, element_type: Any, value: Any, scope: str = "all", default: Any = None) -> Any:
            if element_type is bool:
                value = "true" if value in (True, "True") else "false"
            return super().add_data(name, element_type, value, scope, default)

    return Writer


def write_graph(g: nx.Graph[Any], path: Path) -> None:
    """Write any networkx graph as schema-valid GraphML to ``path`` (atomically)."""
    flat = flatten(g)
    with atomic_path(path) as tmp:
        writer = _writer_class()(str(tmp), graph=flat, encoding="utf-8", prettyprint=True, infer_numeric_types=True)
        writer.dump()


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    write_graph(corpus.graph, path)
