"""Exports: the citation graph and the corpus in the formats other tools read.

Each function writes one file (or folder) or returns one object; none prints.

===================== ============================================ ==================================
function              format                                       read by
===================== ============================================ ==================================
:func:`write_graphml` GraphML 1.0                                  Gephi, Cytoscape, yEd, networkx
:func:`node_link_json` networkx node-link data (a JSON object)     networkx, d3, any JSON reader
:func:`vosviewer_json` VOSviewer map/network JSON                  VOSviewer, VOSviewer Online
:func:`csl_json`      CSL-JSON items, one per distinct source      Zotero, pandoc, citeproc
:func:`bibtex`        BibTeX, one entry per distinct source        BibTeX, biber/biblatex, Zotero
:func:`write_sqlite`  one SQLite file with foreign keys            sqlite3, Datasette
:func:`write_csv`     ``nodes.csv`` and ``edges.csv``              spreadsheets, Gephi, pandas
===================== ============================================ ==================================

The graph functions take the graph of :func:`briefs_analyzer.graph.build_graph` (any networkx
graph works); the bibliography and database functions take the analysed briefs.
"""

from __future__ import annotations

import csv
import html
import json
import math
import os
import re
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from briefs_analyzer.model import Brief, Person, Source
from briefs_analyzer.support import uncited_factual

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

# --- values -------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all (they become U+FFFD), and the carriage return, which
# XML parsers turn into a line feed unless it is written as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _jsonable(value: Any) -> Any:
    """``value`` with tuples, lists and sets as lists and mappings as dicts, recursively."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _json_text(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False)


def _scalar_text(value: Any) -> str:
    """The text of one attribute value: booleans as ``true``/``false``, containers as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return _json_text(value)
    return str(value)


# --- GraphML ------------------------------------------------------------------------------------

_NMTOKEN_SAFE = re.compile(r"[A-Za-z0-9.:-]|_(?!x)")
_ESCAPED = re.compile(r"_x([0-9A-F]{8}|[0-9A-F]{4})_")


def graphml_id(name: str) -> str:
    """``name`` as an XML name token (``xs:NMTOKEN``), which GraphML requires of ids.

    ASCII letters, digits, ``.``, ``:``, ``-`` and ``_`` stay as they are; every other
    character, and the ``_`` of a ``_x``, becomes ``_xHHHH_`` (``_xHHHHHHHH_`` above U+FFFF),
    the convention of .NET's ``XmlConvert.EncodeName``.  Ids of briefs, claims, notes and
    sources never change; ``entity:person:Jon Finer`` becomes ``entity:person:Jon_x0020_Finer``.
    :func:`graphml_id_decode` reverses it.
    """
    out: list[str] = []
    i = 0
    while i < len(name):
        match = _NMTOKEN_SAFE.match(name, i)
        if match:
            out.append(match.group())
        else:
            code = ord(name[i])
            out.append(f"_x{code:04X}_" if code <= 0xFFFF else f"_x{code:08X}_")
        i += 1
    return "".join(out)


def graphml_id_decode(token: str) -> str:
    """The name that :func:`graphml_id` turned into ``token``."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), token)


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text), {"\r": "&#13;"})


def _graphml_kind(value: Any) -> str:
    """The GraphML type a single value would take on its own."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int" if -(2**31) <= value < 2**31 else "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _graphml_key_types(items: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """One GraphML type per attribute name: its values' type, or ``string`` if they differ.

    ``int`` widens to ``long`` when some value needs 64 bits; lists, tuples, sets and dicts
    are strings (JSON); any other mix of types is written as strings everywhere.
    """
    kinds: defaultdict[str, set[str]] = defaultdict(set)
    for data in items:
        for name, value in data.items():
            if value is not None:
                kinds[str(name)].add(_graphml_kind(value))
    out: dict[str, str] = {}
    for name, found in kinds.items():
        out[name] = found.pop() if len(found) == 1 else "long" if found == {"int", "long"} else "string"
    return out


def _graphml_value(value: Any, key_type: str) -> str:
    if key_type == "double":
        number = float(value)
        if math.isnan(number):
            return "NaN"
        return "INF" if number == math.inf else "-INF" if number == -math.inf else repr(number)
    return _scalar_text(value)


def write_graphml(g: nx.Graph[Any], path: str | os.PathLike[str]) -> None:
    """Write ``g`` as GraphML that Gephi, Cytoscape, yEd and networkx open.

    The file is valid against the GraphML 1.0 XML Schema.  To get there, a copy of the data
    is converted as follows (:func:`networkx.read_graphml` reads it back with these changes):

    * node ids are XML name tokens: see :func:`graphml_id` (most ids are unchanged);
    * every attribute has one ``<key>`` per scope (node, edge, graph) with ONE GraphML type
      (``boolean``, ``int``, ``long``, ``double`` or ``string``); an attribute whose values have
      different Python types is written as ``string`` everywhere;
    * lists, tuples, sets and dicts are JSON strings (``["Ghazala Yasmin Jalil"]``);
    * ``None`` is left out, as are missing attributes (no ``<data>`` element);
    * characters XML 1.0 cannot hold (control characters) become U+FFFD;
    * edges carry no GraphML ``id`` (ids must be unique in a graph, keys of a multigraph are
      unique only between two nodes); a multigraph's edge key is written as the edge's ``key``
      data, from which ``networkx.read_graphml(path, force_multigraph=True)`` takes the key back
      (it also keeps ``key`` as an edge attribute).  An edge attribute named ``key`` is refused.

    Key ids are ``n_<name>``, ``e_<name>`` and ``g_<name>``, never ``d3``/``d7``, which Gephi
    takes for yEd's label keys.
    """
    edge_rows: list[tuple[Any, Any, dict[str, Any]]] = []
    if isinstance(g, nx.MultiGraph):
        for u, v, k, data in g.edges(keys=True, data=True):
            if "key" in data:
                raise ValueError(f"edge {u!r} -> {v!r} has an attribute named 'key', which GraphML export uses")
            edge_rows.append((u, v, {"key": k, **data}))
    else:
        edge_rows = [(u, v, dict(data)) for u, v, data in g.edges(data=True)]
    scopes: list[tuple[str, str, dict[str, str]]] = [
        ("graph", "g", _graphml_key_types([g.graph])),
        ("node", "n", _graphml_key_types(data for _, data in g.nodes(data=True))),
        ("edge", "e", _graphml_key_types(data for _, _, data in edge_rows)),
    ]
    key_ids: dict[tuple[str, str], str] = {}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f' xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_XSD}">',
    ]
    for scope, prefix, types in scopes:
        for name in _ordered_names(types):
            key_id = f"{prefix}_{graphml_id(name)}"
            key_ids[scope, name] = key_id
            lines.append(
                f"  <key id={quoteattr(key_id)} for={quoteattr(scope)}"
                f" attr.name={quoteattr(graphml_id(name))} attr.type={quoteattr(types[name])}/>"
            )

    def data_lines(scope: str, types: dict[str, str], data: Mapping[Any, Any], indent: str) -> Iterator[str]:
        for name in _ordered_names(types):
            value = data.get(name)
            if value is not None:
                text = _xml_text(_graphml_value(value, types[name]))
                yield f"{indent}<data key={quoteattr(key_ids[scope, name])}>{text}</data>"

    lines.append(f'  <graph id="G" edgedefault="{"directed" if g.is_directed() else "undirected"}">')
    lines.extend(data_lines("graph", scopes[0][2], g.graph, "    "))
    for node, data in g.nodes(data=True):
        inner = list(data_lines("node", scopes[1][2], data, "      "))
        node_id = quoteattr(graphml_id(str(node)))
        lines.extend([f"    <node id={node_id}>", *inner, "    </node>"] if inner else [f"    <node id={node_id}/>"])
    for u, v, data in edge_rows:
        head = f"    <edge source={quoteattr(graphml_id(str(u)))} target={quoteattr(graphml_id(str(v)))}"
        inner = list(data_lines("edge", scopes[2][2], data, "      "))
        lines.extend([f"{head}>", *inner, "    </edge>"] if inner else [f"{head}/>"])
    lines.extend(["  </graph>", "</graphml>", ""])
    Path(path).write_text("\n".join(lines), encoding="utf-8")


_FIRST_NAMES = ("type", "label", "key")


def _ordered_names(types: Mapping[str, str]) -> list[str]:
    """Attribute names in a stable order: ``type``, ``label``, ``key`` first, the rest sorted."""
    return sorted(types, key=lambda n: (_FIRST_NAMES.index(n) if n in _FIRST_NAMES else len(_FIRST_NAMES), n))


# --- JSON ---------------------------------------------------------------------------------------


def node_link_json(g: nx.Graph[Any]) -> dict[str, Any]:
    """networkx node-link data of ``g``, ready for :func:`json.dumps`.

    The shape is networkx's (``directed``, ``multigraph``, ``graph``, ``nodes``, ``edges``;
    edges carry ``source``, ``target`` and, in a multigraph, ``key``), so
    ``networkx.node_link_graph(data, edges="edges")`` rebuilds the graph, with tuples as lists.
    ``None`` values are left out.
    """
    data: dict[str, Any] = nx.node_link_data(g, edges="edges")
    for record in (*data["nodes"], *data["edges"]):
        for name in [n for n, v in record.items() if v is None]:
            del record[name]
    out: dict[str, Any] = _jsonable(data)
    return out


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


# --- bibliography -------------------------------------------------------------------------------


def distinct_sources(briefs: Iterable[Brief]) -> list[Source]:
    """Every source of the corpus once, in order of first appearance (the first record wins)."""
    seen: dict[str, Source] = {}
    for brief in briefs:
        for source in brief.sources:
            seen.setdefault(source.id, source)
    return list(seen.values())


_CSL_TYPES = {
    "news": "article-newspaper",
    "journal": "article-journal",
    "government": "report",
    "think-tank": "report",
    "international-organization": "report",
}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "ibn", "al", "el"})
_NAME_WORD = re.compile(r"^[A-Z](?:\.|[A-Za-z\u00C0-\u024F'’.-]*)$")
# Words that make a name an institution rather than a person.
_INSTITUTION_WORDS = frozenset(
    [
        "academy",
        "administration",
        "agency",
        "assembly",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "caucus",
        "center",
        "centre",
        "commission",
        "committee",
        "company",
        "congress",
        "constitution",
        "corp.",
        "corporation",
        "council",
        "court",
        "department",
        "embassy",
        "federal",
        "forum",
        "foundation",
        "fund",
        "government",
        "group",
        "house",
        "inc.",
        "institute",
        "international",
        "library",
        "llc",
        "ltd.",
        "manual",
        "ministry",
        "mining",
        "national",
        "nations",
        "network",
        "news",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "press",
        "program",
        "programme",
        "project",
        "reserve",
        "rules",
        "senate",
        "service",
        "society",
        "states",
        "times",
        "union",
        "united",
        "university",
    ]
)


def person_name(name: str) -> dict[str, str]:
    """A CSL name for ``name``: ``{"family", "given"[, "suffix"]}`` for a person, else ``{"literal"}``.

    The last word is the family name (``K. Subrahmanyam`` -> family ``Subrahmanyam``, given ``K.``),
    with lower-case particles (``van``, ``de``, ``bin``...) kept with it and ``Jr.``/``III`` as the
    suffix; a trailing ``et al.`` is dropped.  A single word, an acronym, a word in brackets, a
    lower-case word that is no particle, or an institutional word (Department, Office, Times...)
    makes the name an institution, kept whole as ``literal``.
    """
    words = re.sub(r",?\s+et al\.?$", "", name.strip()).replace(",", " ").split()
    suffix = words.pop() if len(words) > 2 and words[-1] in _NAME_SUFFIXES else None
    person = 2 <= len(words) <= 5 and all(
        w in _NAME_PARTICLES
        or (
            _NAME_WORD.match(w)
            and w.lower() not in _INSTITUTION_WORDS
            and not (len(w) > 1 and w.isupper() and "." not in w)
            and not w.endswith(("'s", "’s"))
        )
        for w in words
    )
    if not person or words[-1] in _NAME_PARTICLES or words[0] in _NAME_PARTICLES:
        return {"literal": name.strip()}
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _NAME_PARTICLES:
        cut -= 1
    out = {"family": " ".join(words[cut:]), "given": " ".join(words[:cut])}
    if suffix:
        out["suffix"] = suffix
    return out


def _date_parts(date: str) -> dict[str, Any]:
    match = _ISO_DATE.match(date.strip())
    if not match:
        return {"raw": date}
    return {"date-parts": [[int(p) for p in match.groups() if p is not None]]}


def csl_json(briefs: Iterable[Brief]) -> list[dict[str, Any]]:
    """CSL-JSON items for every distinct source of the corpus (``id`` = the source id).

    ``type``: ``article-newspaper`` (news), ``article-journal`` (journal), ``report``
    (government, think-tank, international organization), else ``webpage`` if it has a URL,
    else ``document``.  Names go through :func:`person_name`; ``issued`` and ``accessed`` keep
    only the date parts that are known (``2019-12`` -> ``[[2019, 12]]``).  Missing fields are
    left out.
    """
    items: list[dict[str, Any]] = []
    for s in distinct_sources(briefs):
        item: dict[str, Any] = {"id": s.id, "type": _CSL_TYPES.get(s.type, "webpage" if s.url else "document")}
        fields: dict[str, Any] = {
            "title": s.title,
            "author": [person_name(a) for a in s.authors] or None,
            "container-title": s.container,
            "issued": _date_parts(s.date) if s.date else None,
            "accessed": _date_parts(s.accessed) if s.accessed else None,
            "URL": s.url,
            "volume": s.volume,
            "issue": s.issue,
            "page": s.pages,
        }
        item.update((k, v) for k, v in fields.items() if v is not None)
        items.append(item)
    return items


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """``text`` with BibTeX/LaTeX specials escaped (``&`` -> ``\\&``...); other characters stay UTF-8."""
    return _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], " ".join(text.split()))


def bibtex_key(source_id: str) -> str:
    """A citation key from a source id: ``src-150f566845b2`` -> ``src150f566845b2``."""
    return re.sub(r"[^A-Za-z0-9]", "", source_id)


def _bibtex_name(name: str) -> str:
    parts = person_name(name)
    if "literal" in parts:
        return "{" + bibtex_escape(parts["literal"]) + "}"
    family = bibtex_escape(parts["family"])
    given = bibtex_escape(parts["given"])
    return f"{family}, {bibtex_escape(parts['suffix'])}, {given}" if "suffix" in parts else f"{family}, {given}"


def bibtex(briefs: Iterable[Brief]) -> str:
    """A BibTeX file with one entry per distinct source of the corpus.

    ``@article`` for journal articles (container as ``journal``), ``@misc`` otherwise (container
    as ``howpublished``).  Keys come from the source id (:func:`bibtex_key`).  Field values are
    escaped (:func:`bibtex_escape`), titles double-braced to keep their capitals, names written
    ``Family, Given`` (institutions braced whole), ``et al.`` as ``and others``, page ranges with
    ``--``, months as the standard macros (``dec``).  ``url`` is written as it is (it is read
    verbatim) and ``urldate`` is the ISO access date (biblatex; BibTeX ignores it).
    """
    entries: list[str] = []
    for s in distinct_sources(briefs):
        fields: list[tuple[str, str]] = []
        if s.authors:
            names = [_bibtex_name(a) for a in s.authors]
            if any(re.search(r"\bet al\.?$", a) for a in s.authors):
                names.append("others")
            fields.append(("author", "{" + " and ".join(names) + "}"))
        if s.title:
            fields.append(("title", "{{" + bibtex_escape(s.title) + "}}"))
        if s.container:
            fields.append(
                ("journal" if s.type == "journal" else "howpublished", "{" + bibtex_escape(s.container) + "}")
            )
        date = _ISO_DATE.match(s.date) if s.date else None
        if date:
            fields.append(("year", "{" + date.group(1) + "}"))
            if date.group(2) and 1 <= int(date.group(2)) <= 12:
                fields.append(("month", _MONTHS[int(date.group(2)) - 1]))
        for name, value in (("volume", s.volume), ("number", s.issue)):
            if value:
                fields.append((name, "{" + bibtex_escape(value) + "}"))
        if s.pages:
            fields.append(("pages", "{" + bibtex_escape(re.sub(r"\s*[-–—]+\s*", "--", s.pages)) + "}"))
        if s.url:
            fields.append(("url", "{" + s.url.replace("{", "%7B").replace("}", "%7D") + "}"))
        if s.accessed:
            fields.append(("urldate", "{" + bibtex_escape(s.accessed) + "}"))
        kind = "article" if s.type == "journal" else "misc"
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@{kind}{{{bibtex_key(s.id)},\n{body}\n}}\n" if body else f"@{kind}{{{bibtex_key(s.id)}}}\n")
    return "\n".join(entries)


# --- SQLite -------------------------------------------------------------------------------------

SQLITE_SCHEMA = """
CREATE TABLE briefs (
    id TEXT PRIMARY KEY,            -- sha256 of the file's bytes
    path TEXT NOT NULL,
    title TEXT,
    date TEXT,                      -- ISO 8601, possibly partial
    organization TEXT,
    format TEXT NOT NULL
);
CREATE TABLE authors (
    brief_id TEXT NOT NULL REFERENCES briefs(id),
    kind TEXT NOT NULL CHECK (kind IN ('author', 'editor')),
    position INTEGER NOT NULL,      -- 1-based, in the order printed
    name TEXT NOT NULL,
    role TEXT,                      -- as printed beside the name ("Research Assistant")
    PRIMARY KEY (brief_id, kind, position)
);
CREATE TABLE claims (
    brief_id TEXT NOT NULL REFERENCES briefs(id),
    claim_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    section INTEGER NOT NULL,       -- index into the brief's sections
    heading TEXT,                   -- that section's heading
    start INTEGER NOT NULL,         -- character offsets into the brief's body
    end INTEGER NOT NULL,
    line INTEGER,
    uncited_factual INTEGER CHECK (uncited_factual IN (0, 1)),
    PRIMARY KEY (brief_id, claim_id)
);
CREATE TABLE notes (
    brief_id TEXT NOT NULL REFERENCES briefs(id),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT,                      -- full, ibid, short, supra, cross_reference, commentary
    antecedent INTEGER,             -- the note a repeat resolves through
    style TEXT,
    page INTEGER,
    line INTEGER,
    PRIMARY KEY (brief_id, number)
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    title TEXT,
    container TEXT,
    date TEXT,
    url TEXT,
    type TEXT NOT NULL,
    volume TEXT,
    issue TEXT,
    pages TEXT,
    accessed TEXT
);
CREATE TABLE source_authors (
    source_id TEXT NOT NULL REFERENCES sources(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (source_id, position)
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,            -- type:canonical
    type TEXT NOT NULL,
    canonical TEXT NOT NULL,
    UNIQUE (type, canonical)
);
CREATE TABLE claim_notes (
    brief_id TEXT NOT NULL,
    claim_id INTEGER NOT NULL,
    note_number INTEGER NOT NULL,   -- no foreign key: a marker may cite a note the brief never defines
    PRIMARY KEY (brief_id, claim_id, note_number),
    FOREIGN KEY (brief_id, claim_id) REFERENCES claims(brief_id, claim_id)
);
CREATE TABLE note_sources (
    brief_id TEXT NOT NULL,
    note_number INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (brief_id, note_number, source_id),
    FOREIGN KEY (brief_id, note_number) REFERENCES notes(brief_id, number)
);
CREATE TABLE claim_entities (
    brief_id TEXT NOT NULL,
    claim_id INTEGER NOT NULL,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    mention TEXT NOT NULL,          -- the text as written in the claim
    start INTEGER NOT NULL,         -- character offsets into the brief's body
    end INTEGER NOT NULL,
    PRIMARY KEY (brief_id, claim_id, start, end, entity_id),
    FOREIGN KEY (brief_id, claim_id) REFERENCES claims(brief_id, claim_id)
);
CREATE INDEX note_sources_by_source ON note_sources(source_id);
CREATE INDEX claim_notes_by_note ON claim_notes(brief_id, note_number);
CREATE INDEX claim_entities_by_entity ON claim_entities(entity_id);
"""


def _schema_statements() -> list[str]:
    statements: list[str] = []
    for chunk in SQLITE_SCHEMA.split(";"):
        lines = [line.split("--", 1)[0].rstrip() for line in chunk.splitlines()]
        statement = "\n".join(line for line in lines if line.strip())
        if statement:
            statements.append(statement)
    return statements


def _people(brief: Brief) -> Iterator[tuple[str, str, int, str, str | None]]:
    groups: tuple[tuple[str, tuple[Person, ...]], ...] = (
        ("author", brief.metadata.authors),
        ("editor", brief.metadata.editors),
    )
    for kind, people in groups:
        for position, person in enumerate(people, start=1):
            yield brief.sha256, kind, position, person.name, person.role


def write_sqlite(briefs: Iterable[Brief], path: str | os.PathLike[str]) -> None:
    """Write the corpus to one SQLite file at ``path``, replacing any file there.

    Tables (see :data:`SQLITE_SCHEMA`): ``briefs``, ``authors`` (authors and editors),
    ``claims``, ``notes``, ``sources``, ``source_authors``, ``entities``, and the link tables
    ``claim_notes`` (claim -> note numbers of its markers), ``note_sources`` (note -> the
    sources it resolves to, through Ibid. and short forms) and ``claim_entities``.  Foreign
    keys are declared and checked (``PRAGMA foreign_keys=ON``).  Claims rest on a source
    through ``claim_notes`` joined to ``note_sources``::

        SELECT count(DISTINCT cn.brief_id || ':' || cn.claim_id) FROM claim_notes cn
        JOIN note_sources ns ON ns.brief_id = cn.brief_id AND ns.note_number = cn.note_number
        WHERE ns.source_id = 'src-150f566845b2';

    A brief whose bytes were already written (same sha256) is skipped; a note number defined
    twice in a brief keeps its first definition, and the sources of both are linked to it; a
    source cited by several briefs keeps its first record.  ``uncited_factual`` is 1 for a
    claim with no marker that states a date, a figure or (with the NLP layer) a named entity.
    Everything is written in one transaction to a temporary file that then replaces ``path``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN")
            for statement in _schema_statements():
                conn.execute(statement)
            _insert_corpus(conn, briefs)
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _insert_corpus(conn: sqlite3.Connection, briefs: Iterable[Brief]) -> None:
    written: set[str] = set()
    for brief in briefs:
        if brief.sha256 in written:
            continue
        written.add(brief.sha256)
        b = brief.sha256
        m = brief.metadata
        conn.execute(
            "INSERT INTO briefs VALUES (?, ?, ?, ?, ?, ?)",
            (b, brief.path, m.title, m.date, m.organization, brief.format),
        )
        conn.executemany("INSERT INTO authors VALUES (?, ?, ?, ?, ?)", _people(brief))
        for s in brief.sources:
            cur = conn.execute(
                "INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.id, s.title, s.container, s.date, s.url, s.type, s.volume, s.issue, s.pages, s.accessed),
            )
            if cur.rowcount:
                conn.executemany(
                    "INSERT INTO source_authors VALUES (?, ?, ?)",
                    [(s.id, i, a) for i, a in enumerate(s.authors, start=1)],
                )
        uncited = uncited_factual(brief)
        headings = [section.heading for section in brief.sections]
        conn.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    b,
                    c.id,
                    c.text,
                    c.section,
                    headings[c.section] if 0 <= c.section < len(headings) else None,
                    c.start,
                    c.end,
                    c.line,
                    int(c.id in uncited),
                )
                for c in brief.sentences
            ],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO claim_notes VALUES (?, ?, ?)",
            [(b, c.id, number) for c in brief.sentences for number in c.markers],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(b, n.number, n.text, n.kind, n.antecedent, n.style, n.page, n.line) for n in brief.notes],
        )
        known = {s.id for s in brief.sources}
        for n in brief.notes:
            for sid in n.source_ids:
                if sid not in known:
                    raise ValueError(f"{brief.path}: note {n.number} resolves to {sid}, which is not among its sources")
        conn.executemany(
            "INSERT OR IGNORE INTO note_sources VALUES (?, ?, ?)",
            [(b, n.number, sid) for n in brief.notes for sid in n.source_ids],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO entities VALUES (?, ?, ?)",
            [(f"{e.type}:{e.canonical}", e.type, e.canonical) for e in brief.entities],
        )
        claim_ids = {c.id for c in brief.sentences}
        conn.executemany(
            "INSERT OR IGNORE INTO claim_entities VALUES (?, ?, ?, ?, ?, ?)",
            [
                (b, e.claim_id, f"{e.type}:{e.canonical}", e.text, e.start, e.end)
                for e in brief.entities
                if e.place == "body" and e.claim_id in claim_ids
            ],
        )


# --- CSV ----------------------------------------------------------------------------------------


def _csv_text(value: Any) -> str:
    return "" if value is None else _scalar_text(value)


def write_csv(g: nx.Graph[Any], folder: str | os.PathLike[str]) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (made if missing).

    ``nodes.csv``: ``id``, ``type``, ``label``, then every other node attribute in name order;
    ``edges.csv``: ``source``, ``target``, ``type``, then ``key`` (multigraphs) and every other
    edge attribute.  Lists, tuples and dicts are JSON, booleans ``true``/``false``, missing
    values empty.  UTF-8, comma-separated, quoted where needed (RFC 4180).
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    node_names = sorted({str(k) for _, d in g.nodes(data=True) for k in d} - {"id", "type", "label"})
    with (out / "nodes.csv").open("w", encoding="utf-8", newline="") as f:
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
    with (out / "edges.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target", *first, *edge_names])
        for u, v, d in edges:
            writer.writerow([str(u), str(v), *(_csv_text(d.get(k)) for k in (*first, *edge_names))])
