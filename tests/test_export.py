"""Exports: GraphML, node-link and VOSviewer JSON, CSL-JSON, BibTeX, SQLite and CSV."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import stat
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from briefs_analyzer.corpus import analyze
from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.bibtex import bibtex as _bibtex
from briefs_analyzer.export.bibtex import bibtex_key
from briefs_analyzer.export.csl import csl_json as _csl_json
from briefs_analyzer.export.csvfiles import write_csv
from briefs_analyzer.export.graphml import graphml_id, graphml_id_decode, write_graph
from briefs_analyzer.export.names import person_name
from briefs_analyzer.export.nodelink import node_link_json
from briefs_analyzer.export.sqlite import write as _write_sqlite
from briefs_analyzer.export.vosviewer import vosviewer_json
from briefs_analyzer.graph import build_graph
from briefs_analyzer.model import Brief, Entity, Source
from briefs_analyzer.pipeline import default_stages
from tests.conftest import CORPUS_REAL, SEED_STEMS, SEEDS, load_gold

CORPUS = SEEDS  # the two seed briefs
SCHEMA = Path(__file__).parent / "data" / "graphml" / "graphml.xsd"
G = "{http://graphml.graphdrawing.org/xmlns}"
# Small real reports; gao-06-282 defines notes 1 and 2 twice.
REAL = (
    "crs-98-317-types-of-committee-hearings.pdf",
    "crs-r44243-electing-the-speaker.pdf",
    "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf",
    "gao-06-282-infant-formula-marketing-wic.pdf",
)
NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")


def csl_json(briefs: list[Brief]) -> list[dict[str, Any]]:
    return _csl_json(Corpus.of(briefs))


def bibtex(briefs: list[Brief]) -> str:
    return _bibtex(Corpus.of(briefs))


def write_sqlite(briefs: list[Brief], path: Path) -> None:
    _write_sqlite(Corpus.of(briefs), path, ExportOptions())


def _briefs(paths: list[Path]) -> list[Brief]:
    return [b for b in analyze(paths, default_stages()) if isinstance(b, Brief)]


@pytest.fixture(scope="module")
def corpus() -> list[Brief]:
    briefs = _briefs([CORPUS])
    assert len(briefs) == 2
    return briefs


@pytest.fixture(scope="module")
def real() -> dict[str, Brief]:
    return {name: _briefs([CORPUS_REAL / name])[0] for name in REAL}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _gold_source_ids(briefs: list[Brief], stem: str) -> tuple[Brief, dict[str, Any], dict[str, str]]:
    """(the corpus brief of a seed, its gold, gold source label -> source id via the gold's full notes)."""
    gold = load_gold(stem)
    sha = hashlib.sha256((SEEDS / gold["file"]).read_bytes()).hexdigest()
    brief = next(b for b in briefs if b.sha256 == sha)
    notes = {n.number: n for n in brief.notes}
    ids = {g["source"]: notes[g["n"]].source_ids[0] for g in gold["notes"] if g["kind"] == "full"}
    return brief, gold, ids


# --- GraphML ------------------------------------------------------------------------------------


def _as_written(value: Any) -> Any:
    """What a value of the citation graph reads back as (every key there has one Python type)."""
    return json.dumps(list(value), ensure_ascii=False) if isinstance(value, (tuple, list)) else value


def _assert_round_trip(g: nx.MultiDiGraph[str], path: Path, schema: etree.XMLSchema) -> None:
    write_graph(g, path)
    schema.assertValid(etree.parse(str(path)))
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back) == {graphml_id(n) for n in g}
    assert {graphml_id_decode(n) for n in back} == set(g)
    decode = graphml_id_decode
    assert sorted((decode(u), decode(v), k) for u, v, k in back.edges(keys=True)) == sorted(g.edges(keys=True))
    for node, data in g.nodes(data=True):
        assert back.nodes[graphml_id(node)] == {k: _as_written(v) for k, v in data.items()}, node
    for u, v, k, data in g.edges(keys=True, data=True):
        assert back.edges[graphml_id(u), graphml_id(v), k] == {**data, "key": k}


def test_graphml_round_trip_corpus(corpus: list[Brief], schema: etree.XMLSchema, tmp_path: Path) -> None:
    g = build_graph(corpus)
    # The check means something: some ids need encoding and some values are tuples.
    assert any(graphml_id(n) != n for n in g)
    assert any(isinstance(v, tuple) for _, d in g.nodes(data=True) for v in d.values())
    _assert_round_trip(g, tmp_path / "corpus.graphml", schema)
    text = (tmp_path / "corpus.graphml").read_text(encoding="utf-8")
    assert '<data key="n_authors">["Ghazala Yasmin Jalil"]</data>' in text
    assert '<node id="publisher:times_x0020_of_x0020_india">' in text


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL)
def test_graphml_round_trip_real_reports(
    real: dict[str, Brief], name: str, schema: etree.XMLSchema, tmp_path: Path
) -> None:
    g = build_graph([real[name]])
    assert nx.number_of_nodes(g) > 50
    _assert_round_trip(g, tmp_path / "real.graphml", schema)


def test_graphml_real_reports_together(real: dict[str, Brief], schema: etree.XMLSchema, tmp_path: Path) -> None:
    _assert_round_trip(build_graph(real.values()), tmp_path / "all.graphml", schema)


def _keys(path: Path) -> dict[str, tuple[str, str, str]]:
    """key id -> (for, attr.name, attr.type) of a written GraphML file."""
    root = etree.parse(str(path)).getroot()
    return {
        k.get("id", ""): (k.get("for", ""), k.get("attr.name", ""), k.get("attr.type", ""))
        for k in root.iter(f"{G}key")
    }


def test_graphml_one_type_per_key_and_no_none(corpus: list[Brief], tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    write_graph(build_graph(corpus), path)
    keys = _keys(path)
    per_name = Counter((scope, name) for scope, name, _ in keys.values())
    assert per_name and max(per_name.values()) == 1
    assert keys["n_claim_id"] == ("node", "claim_id", "long")
    assert keys["n_markers"] == ("node", "markers", "string")
    assert keys["e_key"] == ("edge", "key", "string")
    assert not any(re.fullmatch(r"d\d+", k) for k in keys)  # Gephi reads d3 / d7 as yEd labels
    data = list(etree.parse(str(path)).getroot().iter(f"{G}data"))
    assert data and all(d.get("key") in keys for d in data)
    assert all(d.text not in (None, "", "None", "null") for d in data)


def test_graphml_mixed_types_become_strings(schema: etree.XMLSchema, tmp_path: Path) -> None:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="test")
    g.add_node("a", x=1, y=(1, 2), flag=True, share=2.5, big=2**40, small=3)
    g.add_node("b", x="one", flag=False, share=None, big=1, small=None)
    g.add_node("c", x=None)
    g.add_edge("a", "b", key=0, weight=1)
    g.add_edge("a", "b", key=1, weight=2.0)
    path = tmp_path / "mixed.graphml"
    write_graph(g, path)
    schema.assertValid(etree.parse(str(path)))
    types = {(scope, name): t for scope, name, t in _keys(path).values()}
    assert types == {
        ("graph", "name"): "string",
        ("node", "x"): "string",
        ("node", "y"): "string",
        ("node", "flag"): "boolean",
        ("node", "share"): "double",
        ("node", "big"): "long",
        ("node", "small"): "long",
        ("edge", "key"): "long",
        ("edge", "weight"): "double",  # ints and floats together are doubles
    }
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.graph == {"name": "test", "node_default": {}, "edge_default": {}}
    assert back.nodes["a"] == {"x": "1", "y": "[1, 2]", "flag": True, "share": 2.5, "big": 2**40, "small": 3}
    assert back.nodes["b"] == {"x": "one", "flag": False, "big": 1}
    assert back.nodes["c"] == {}
    assert sorted(back.edges(keys=True, data="weight")) == [("a", "b", 0, 1.0), ("a", "b", 1, 2.0)]
    assert "None" not in path.read_text(encoding="utf-8")


def test_graphml_odd_ids_and_text(schema: etree.XMLSchema, tmp_path: Path) -> None:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    odd = ["entity:person:Jon Finer", "entity:regime:Nuclear Suppliers' Group", "a_x0020_b", "é😀", "x&y<z>"]
    for n in odd:
        g.add_node(n, label=n, text='form\x0cfeed, CR\r\nLF & <tags> "quotes"')
    g.add_edge(odd[0], odd[1], key="mentions", type="mentions")
    path = tmp_path / "odd.graphml"
    write_graph(g, path)
    schema.assertValid(etree.parse(str(path)))
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert {graphml_id_decode(n) for n in back} == set(odd)
    assert graphml_id("entity:person:Jon Finer") == "entity:person:Jon_x0020_Finer"
    node = back.nodes[graphml_id("x&y<z>")]
    assert node == {"label": "x&y<z>", "text": 'form\ufffdfeed, CR\r\nLF & <tags> "quotes"'}
    assert list(back.edges(keys=True)) == [(graphml_id(odd[0]), graphml_id(odd[1]), "mentions")]


def test_graphml_refuses_an_edge_attribute_named_key(tmp_path: Path) -> None:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_edge("a", "b", key="k")
    g.edges["a", "b", "k"]["key"] = "clash"
    with pytest.raises(ValueError, match="named 'key'"):
        write_graph(g, tmp_path / "x.graphml")


@given(st.text())
def test_graphml_id_is_a_reversible_name_token(name: str) -> None:
    token = graphml_id(name)
    assert graphml_id_decode(token) == name
    assert token == "" or NMTOKEN.fullmatch(token)


# --- JSON ---------------------------------------------------------------------------------------


def test_node_link_json_round_trip(corpus: list[Brief]) -> None:
    g = build_graph(corpus)
    data = json.loads(json.dumps(node_link_json(g)))
    back = nx.node_link_graph(data, edges="edges")
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back) == set(g)
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    for node, attrs in g.nodes(data=True):
        assert back.nodes[node] == {k: list(v) if isinstance(v, tuple) else v for k, v in attrs.items()}
    source = next(n for n, d in back.nodes(data=True) if d.get("authors") == ["Ghazala Yasmin Jalil"])
    assert source.startswith("source:src-")


def test_vosviewer_co_citation_map(corpus: list[Brief]) -> None:
    brief, _, ids = _gold_source_ids(corpus, SEED_STEMS[0])
    net = vosviewer_json(build_graph(corpus))["network"]
    items, links = net["items"], net["links"]
    assert [i["id"] for i in items] == list(range(1, 18))  # 7 + 10 distinct sources
    known = {i["id"] for i in items}
    assert all(isinstance(i["id"], int) and 1 <= i["cluster"] <= 1000 for i in items)
    assert all(link["source_id"] in known and link["target_id"] in known for link in links)
    assert all(link["source_id"] < link["target_id"] for link in links)
    # Each brief co-cites every pair of its own sources once; the two briefs share none.
    assert len(links) == 7 * 6 // 2 + 10 * 9 // 2
    assert {link["strength"] for link in links} == {1}
    jalil = next(i for i in items if i["description"].startswith("India's Membership of Missile"))
    assert jalil["weights"] == {"Citing briefs": 1, "Claims": 5, "Notes": 5}
    assert jalil["scores"] == {"Year": 2017}
    assert jalil["cluster"] == 2 and {"cluster": 2, "label": "journal"} in net["clusters"]
    assert "url" not in jalil
    economic_times = next(i for i in items if i["label"].startswith("US to update its MTCR"))
    assert economic_times["cluster"] == 1 and economic_times["url"].startswith("https://economictimes")
    assert len(ids) == 7 and brief.sources


def test_vosviewer_counts_briefs_citing_both_and_brief_items(corpus: list[Brief]) -> None:
    twin = replace(corpus[0], sha256="0" * 64, path="twin.txt")
    net = vosviewer_json(build_graph([corpus[0], twin, corpus[1]]), include_briefs=True)["network"]
    items, links = net["items"], net["links"]
    assert len(items) == 17 + 3
    briefs = [i for i in items if i["cluster"] == max(i["cluster"] for i in items)]
    assert len(briefs) == 3 and {"cluster": briefs[0]["cluster"], "label": "brief"} in net["clusters"]
    source_ids = {i["id"] for i in items} - {b["id"] for b in briefs}
    co = [link for link in links if link["source_id"] in source_ids and link["target_id"] in source_ids]
    assert Counter(link["strength"] for link in co) == {2: 21, 1: 45}
    cite = [link for link in links if link["source_id"] not in source_ids]
    assert len(cite) == 7 + 7 + 10
    first = next(b for b in briefs if b["label"].startswith("MISSILE TECHNOLOGY"))
    jalil = next(i["id"] for i in items if i["label"].startswith("India's Membership of Missile"))
    # Notes 4, 5, 6, 7 and 14 of the first seed resolve to Jalil's article.
    assert {"source_id": first["id"], "target_id": jalil, "strength": 5} in cite
    assert first["weights"] == {"Citing briefs": 0, "Claims": 16, "Notes": 16}


# --- bibliography -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("K. Subrahmanyam", {"family": "Subrahmanyam", "given": "K."}),
        ("Ghazala Yasmin Jalil", {"family": "Jalil", "given": "Ghazala Yasmin"}),
        ("Robert M Hathaway", {"family": "Hathaway", "given": "Robert M"}),
        ("R. Eric Petersen", {"family": "Petersen", "given": "R. Eric"}),
        ("Thomas J. Wickham Jr.", {"family": "Wickham", "given": "Thomas J.", "suffix": "Jr."}),
        ("Caitlin Keating-Bitonti", {"family": "Keating-Bitonti", "given": "Caitlin"}),
        ("Rosanna Carver et al.", {"family": "Carver", "given": "Rosanna"}),
        ("Nees Jan van Eck", {"family": "van Eck", "given": "Nees Jan"}),
        ("Reuters", {"literal": "Reuters"}),
        ("NOAA", {"literal": "NOAA"}),
        ("U.S. Congress", {"literal": "U.S. Congress"}),
        ("Library of Congress", {"literal": "Library of Congress"}),
        ("Impossible Metals Inc.", {"literal": "Impossible Metals Inc."}),
        ("The Metals Company (TMC)", {"literal": "The Metals Company (TMC)"}),
        ("Jefferson’s Manual", {"literal": "Jefferson’s Manual"}),
    ],
)
def test_person_name(name: str, parts: dict[str, str]) -> None:
    assert person_name(name) == parts


def test_csl_json_values_match_gold(corpus: list[Brief]) -> None:
    items = csl_json(corpus)
    assert len(items) == 17 and len({i["id"] for i in items}) == 17
    by_id = {i["id"]: i for i in items}
    _, gold, ids = _gold_source_ids(corpus, SEED_STEMS[0])
    s4 = gold["sources"]["S4"]
    assert by_id[ids["S4"]] == {
        "id": ids["S4"],
        "type": "article-journal",
        "title": s4["title"],
        "author": [{"family": "Jalil", "given": "Ghazala Yasmin"}],
        "container-title": "Strategic Studies",
        "issued": {"date-parts": [[2017]]},
        "volume": "37",
        "issue": "3",
        "page": "41-54",
    }
    s1 = by_id[ids["S1"]]
    assert s1["type"] == "article-newspaper" and s1["container-title"] == "The Economic Times"
    assert s1["issued"] == {"date-parts": [[2024, 12, 18]]} and "author" not in s1
    assert s1["URL"].startswith("https://economictimes.indiatimes.com/")
    _, gold4, ids4 = _gold_source_ids(corpus, SEED_STEMS[1])
    subrahmanyam = by_id[ids4["S2"]]
    # An article on an embassy's web site: a web page, the site its container.
    assert subrahmanyam["type"] == "webpage"
    assert subrahmanyam["container-title"] == "The Embassy of the Russian Federation in the Republic of India"
    assert subrahmanyam["author"] == [{"family": "Subrahmanyam", "given": "K."}]
    assert subrahmanyam["issued"] == {"date-parts": [[1981]]}
    hathaway = by_id[ids4["S3"]]
    assert hathaway["accessed"] == {"date-parts": [[2025, 1, 14]]} and "issued" not in hathaway
    assert hathaway["title"] == gold4["sources"]["S3"]["title"]
    assert all(v is not None for item in items for v in item.values())
    assert json.loads(json.dumps(items)) == items


def test_csl_types_and_partial_dates(corpus: list[Brief]) -> None:
    base = Source(id="src-x", title="T", authors=(), container=None, date="2019-12", url=None, type="other")
    brief = replace(
        corpus[0],
        sources=(
            base,
            replace(base, id="src-y", url="https://example.org/a", date="sometime"),
            replace(base, id="src-z", type="international-organization", date=None),
        ),
    )
    items = {i["id"]: i for i in csl_json([brief])}
    # Nothing tells what src-x is: a document some body issued ("document" renders to nothing in Chicago).
    assert items["src-x"] == {"id": "src-x", "type": "report", "title": "T", "issued": {"date-parts": [[2019, 12]]}}
    assert items["src-y"]["type"] == "webpage" and items["src-y"]["issued"] == {"raw": "sometime"}
    assert items["src-z"]["type"] == "report" and "issued" not in items["src-z"]


def _entry(text: str, key: str) -> str:
    match = re.search(rf"^@\w+\{{{key},\n.*?^\}}\n", text, re.S | re.M)
    assert match, key
    return match.group()


def _balanced(text: str) -> bool:
    depth = 0
    for i, c in enumerate(text):
        if c in "{}" and (i == 0 or text[i - 1] != "\\"):
            depth += 1 if c == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_bibtex_entry_for_the_jalil_article(corpus: list[Brief]) -> None:
    _, gold, ids = _gold_source_ids(corpus, SEED_STEMS[0])
    text = bibtex(corpus)
    assert len(re.findall(r"^@(article|misc|techreport|book)\{", text, re.M)) == 17
    assert bibtex_key(ids["S4"]) == ids["S4"].replace("-", "")
    entry = _entry(text, bibtex_key(ids["S4"]))
    assert entry == (
        f"@article{{{bibtex_key(ids['S4'])},\n"
        "  author = {Jalil, Ghazala Yasmin},\n"
        f"  title = {{{{{gold['sources']['S4']['title']}}}}},\n"
        "  journal = {Strategic Studies},\n"
        "  year = {2017},\n"
        "  volume = {37},\n"
        "  number = {3},\n"
        "  pages = {41--54}\n"
        "}\n"
    )
    news = _entry(text, bibtex_key(ids["S1"]))
    assert news.startswith("@misc{") and "  howpublished = {The Economic Times},\n" in news
    assert "  year = {2024},\n  month = dec,\n" in news and "  url = {https://economictimes" in news
    assert _balanced(text)


def test_bibtex_escapes_specials(corpus: list[Brief]) -> None:
    source = Source(
        id="src-0123456789ab",
        title="R&D at 50% of $5 #1 for C_x {braces} ~ ^ \\ in 2019",
        authors=("Rosanna Carver et al.", "U.S. Department of State"),
        container="Arms Control & Disarmament",
        date="2019-06-02",
        url="https://example.org/a_b?x=1&y=50%25#frag",
        type="think-tank",
        pages="12–14",
        accessed="2025-01-14",
    )
    entry = bibtex([replace(corpus[0], sources=(source,))])
    assert entry == (
        "@misc{src0123456789ab,\n"
        "  author = {Carver, Rosanna and {U.S. Department of State} and others},\n"
        r"  title = {{R\&D at 50\% of \$5 \#1 for C\_x \{braces\} \textasciitilde{} \textasciicircum{}"
        r" \textbackslash{} in 2019}}," + "\n"
        r"  howpublished = {Arms Control \& Disarmament}," + "\n"
        "  year = {2019},\n"
        "  month = jun,\n"
        "  pages = {12--14},\n"
        "  url = {https://example.org/a_b?x=1&y=50%25#frag},\n"
        "  urldate = {2025-01-14}\n"
        "}\n"
    )
    assert _balanced(entry)


# --- SQLite -------------------------------------------------------------------------------------


def _count(conn: sqlite3.Connection, sql: str, *args: Any) -> int:
    value = conn.execute(sql, args).fetchone()[0]
    assert isinstance(value, int)
    return value


CLAIMS_ON_SOURCE = "SELECT count(DISTINCT claim_id) FROM claim_sources WHERE source_id = ? AND relation = 'cites'"


def test_sqlite_tables_and_gold_claim_counts(corpus: list[Brief], tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    path.write_text("not a database")  # overwritten
    write_sqlite(corpus, path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {
            t: _count(conn, f"SELECT count(*) FROM {t}")
            for t in ("briefs", "claims", "notes", "sources", "claim_notes", "note_sources", "authors")
        }
        assert counts == {
            "briefs": 2,
            "claims": sum(len(b.sentences) for b in corpus),
            "notes": 27,
            "sources": 17,
            # 27 markers (gold), and a row for each note that covers an unmarked claim nearby
            "claim_notes": 27 + sum(len(c.covered_by) for b in corpus for c in b.sentences),
            "note_sources": 27,
            "authors": 4,  # one author and one editor per seed
        }
        assert _count(conn, "SELECT count(*) FROM claim_notes WHERE relation = 'cites'") == 27
        for stem in SEED_STEMS:
            _, gold, ids = _gold_source_ids(corpus, stem)
            got = {label: _count(conn, CLAIMS_ON_SOURCE, sid) for label, sid in ids.items()}
            assert got == gold["source_claim_counts"], stem
        _, _, ids = _gold_source_ids(corpus, SEED_STEMS[0])
        assert _count(conn, CLAIMS_ON_SOURCE, ids["S4"]) == 5
        row = conn.execute(
            "SELECT title, container, date, type, work_type, volume, issue, pages FROM sources WHERE id = ?",
            (ids["S4"],),
        ).fetchone()
        assert row == (
            load_gold(SEED_STEMS[0])["sources"]["S4"]["title"],
            "Strategic Studies",
            "2017",
            "journal",
            "article-journal",
            "37",
            "3",
            "41-54",
        )
        assert conn.execute("SELECT name, role FROM authors WHERE kind = 'author' ORDER BY name").fetchall() == [
            ("Malaika Afridi", "Research Assistant"),
            ("Sardar Jahanzaib Ghalib", "Research Associate"),
        ]
        first = _gold_source_ids(corpus, SEED_STEMS[0])[0]
        sha = first.sha256[:16]
        assert conn.execute(
            "SELECT kind, antecedent, antecedent_id FROM notes WHERE brief_id = ? AND number = 14", (first.sha256,)
        ).fetchone() == ("short", 4, f"note:{sha}:4")
        fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(note_sources)")}
        assert fks == {("sources", "source_id"), ("notes", "note_id")}
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO note_sources VALUES (?, 'src-missing', 1)", (f"note:{sha}:1",))
        # Full-text search over claims and notes, as Datasette offers it.
        hits = conn.execute(
            "SELECT claims.claim_id FROM claims JOIN claims_fts ON claims_fts.rowid = claims.rowid"
            " WHERE claims_fts MATCH 'LEMOA' ORDER BY claims.claim_id"
        ).fetchall()
        assert hits and all("LEMOA" in c.text for b in corpus for c in b.sentences if c.id in {h[0] for h in hits}
                            and b is not first)  # fmt: skip
        notes = _count(conn, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'Strategic'")
        assert notes == sum("Strategic" in n.text for b in corpus for n in b.notes)
    finally:
        conn.close()
    write_sqlite(corpus[:1], path)  # a second write replaces the first
    conn = sqlite3.connect(path)
    try:
        assert _count(conn, "SELECT count(*) FROM briefs") == 1
        assert _count(conn, "SELECT count(*) FROM sources") == 7
    finally:
        conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.db"]  # no temporary file left


def test_sqlite_entities_support_and_uncited_claims(corpus: list[Brief], tmp_path: Path) -> None:
    brief = corpus[0]
    claim = brief.sentences[0]
    at = claim.text.index("India")
    entities = (
        Entity(
            text="India",
            type="state_actor",
            canonical="India",
            start=claim.start + at,
            end=claim.start + at + 5,
            claim_id=claim.id,
        ),
        Entity(text="India", type="state_actor", canonical="India", start=0, end=5, place="note", note=1),
        Entity(
            text="MTCR", type="regime", canonical="Missile Technology Control Regime", start=0, end=4, claim_id=claim.id
        ),
    )
    # The claim-support stage's fields reach the claims table and claim_notes.
    covered = replace(brief.sentences[1], support="covered", covered_by=(2,), markers=())
    sentences = (replace(claim, support="needs_source", support_kind="a figure"), covered, *brief.sentences[2:])
    changed = replace(brief, entities=entities, sentences=sentences)
    path = tmp_path / "e.db"
    write_sqlite([changed, brief], path)  # the same bytes twice: written once
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert _count(conn, "SELECT count(*) FROM briefs") == 1
        assert conn.execute("SELECT id, type, canonical FROM entities ORDER BY id").fetchall() == [
            ("regime:Missile Technology Control Regime", "regime", "Missile Technology Control Regime"),
            ("state_actor:India", "state_actor", "India"),
        ]
        rows = conn.execute(
            "SELECT c.claim_id, ce.mention FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id"
            " WHERE ce.entity_id = 'state_actor:India'"
        ).fetchall()
        assert rows == [(claim.id, "India")]
        assert conn.execute(
            "SELECT support, support_kind, uncited_factual FROM claims WHERE claim_id = ?", (claim.id,)
        ).fetchone() == ("needs_source", "a figure", 1)
        sha = brief.sha256[:16]
        assert conn.execute(
            "SELECT relation, note_number, note_id FROM claim_notes WHERE claim_id = ?", (f"claim:{sha}:{covered.id}",)
        ).fetchall() == [("covered_by", 2, f"note:{sha}:2")]
        marked = {c.id for c in brief.sentences if c.markers}
        uncited = {r[0] for r in conn.execute("SELECT claim_id FROM claims WHERE uncited_factual = 1")}
        assert claim.id in uncited and not uncited & marked
    finally:
        conn.close()


def test_sqlite_keeps_notes_that_share_a_number(real: dict[str, Brief], tmp_path: Path) -> None:
    gao = real["gao-06-282-infant-formula-marketing-wic.pdf"]
    assert len(gao.notes) > len({n.number for n in gao.notes})  # notes 1 and 2 are defined twice
    path = tmp_path / "gao.db"
    write_sqlite([gao], path)
    conn = sqlite3.connect(path)
    try:
        assert _count(conn, "SELECT count(*) FROM notes") == len(gao.notes)
        # Each marker 1 cites the note 1 of its own part: the letter's (page 4), the slides' (page
        # 12, under the slide's "(USDA).1"), the appendix's (page 39).
        cited = conn.execute(
            "SELECT n.page FROM claim_notes cn JOIN notes n ON n.id = cn.note_id"
            " WHERE cn.note_number = 1 ORDER BY n.page"
        ).fetchall()
        assert cited == [(4,), (12,), (39,)]
    finally:
        conn.close()


def test_sqlite_file_takes_the_umask(corpus: list[Brief], tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_sqlite(corpus, tmp_path / "u.db")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "u.db").stat().st_mode) == 0o640


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_nodes_and_edges(corpus: list[Brief], tmp_path: Path) -> None:
    g = build_graph(corpus)
    write_csv(g, tmp_path / "out")
    with (tmp_path / "out" / "nodes.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames is not None and reader.fieldnames[:3] == ["id", "type", "label"]
        nodes = {row["id"]: row for row in reader}
    assert set(nodes) == set(g)
    for node, data in g.nodes(data=True):
        for name, value in data.items():
            expected = json.dumps(list(value)) if isinstance(value, tuple) else str(value)
            assert nodes[node][name] == expected, (node, name)
    jalil = next(row for row in nodes.values() if row["authors"] == '["Ghazala Yasmin Jalil"]')
    assert jalil["type"] == "source" and jalil["source_type"] == "journal" and jalil["claim_id"] == ""
    with (tmp_path / "out" / "edges.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["source", "target", "type", "key"]
        edges = [(row["source"], row["target"], row["type"]) for row in reader]
    assert sorted(edges) == sorted((u, v, d["type"]) for u, v, d in g.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "json", "vosviewer", "csv", "sqlite", "csl-json", "bibtex"])
def test_export_command_writes_each_format(tmp_path: Path, fmt: str) -> None:
    from click.testing import CliRunner

    from briefs_analyzer.cli import main

    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", str(CORPUS), "--format", fmt, "-o", str(out), "--no-cache", "-q"])
    assert result.exit_code == 0, result.stderr
    if fmt == "csv":
        assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "nodes.csv"]
    elif fmt == "sqlite":
        with sqlite3.connect(out) as db:
            assert db.execute("SELECT count(*) FROM sources").fetchone() == (17,)
    elif fmt == "graphml":
        g = nx.read_graphml(out, force_multigraph=True)
        assert sum(1 for _, data in g.nodes(data=True) if data.get("type") == "brief") == 2
    elif fmt == "bibtex":
        assert out.read_text(encoding="utf-8").count("@") == 17
    elif fmt == "csl-json":
        assert len(json.loads(out.read_text(encoding="utf-8"))) == 17
    elif fmt == "vosviewer":
        assert len(json.loads(out.read_text(encoding="utf-8"))["network"]["items"]) == 17
    else:
        g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
        assert sum(1 for _, data in g.nodes(data=True) if data.get("type") == "source") == 17


# --- nothing lost ------------------------------------------------------------------------------


def _counts_json(briefs: tuple[Brief, ...]) -> Counter[str]:
    """What ``briefs analyze --format json`` holds: briefs, claims, notes, sources, and the links."""
    from briefs_analyzer.output import brief_json, sources_json

    out: Counter[str] = Counter(sources=len(sources_json(briefs)))
    for b in briefs:
        doc = brief_json(b)
        out.update(briefs=1, claims=len(doc["claims"]), notes=len(doc["notes"]))
        out["cites"] += len({(m["claim_id"], m["number"]) for m in doc["markers"]})
        out["resolves_to"] += sum(len(set(n["source_ids"])) for n in doc["notes"])
    return out


def _counts_sqlite(path: Path) -> Counter[str]:
    conn = sqlite3.connect(path)
    try:
        return Counter(
            briefs=_count(conn, "SELECT count(*) FROM briefs"),
            claims=_count(conn, "SELECT count(*) FROM claims"),
            notes=_count(conn, "SELECT count(*) FROM notes"),
            sources=_count(conn, "SELECT count(*) FROM sources"),
            cites=_count(conn, "SELECT count(*) FROM claim_notes WHERE relation = 'cites'"),
            resolves_to=_count(conn, "SELECT count(*) FROM note_sources"),
        )
    finally:
        conn.close()


def _counts_graphml(path: Path) -> Counter[str]:
    g = nx.read_graphml(path, force_multigraph=True)
    out: Counter[str] = Counter()
    for _, d in g.nodes(data=True):
        if d.get("type") in ("brief", "claim", "note", "source") and not d.get("missing"):
            out[f"{d['type']}s" if d["type"] != "brief" else "briefs"] += 1
    for _, _, data in g.edges(data=True):
        if data.get("type") in ("cites", "resolves_to"):
            out[str(data["type"])] += 1
    return out


@pytest.mark.slow
@pytest.mark.parametrize("which", ["seeds", "real"])
def test_nothing_is_lost_between_formats(which: str, tmp_path: Path) -> None:
    from tests.corpora import real_corpus, seed_corpus

    briefs = seed_corpus() if which == "seeds" else real_corpus()
    corpus = Corpus.of(briefs)
    expected = _counts_json(briefs)
    assert expected["notes"] == sum(len(b.notes) for b in briefs)  # notes that share a number included
    _write_sqlite(corpus, tmp_path / "c.db", ExportOptions())
    write_graph(corpus.graph, tmp_path / "c.graphml")
    assert _counts_sqlite(tmp_path / "c.db") == expected
    assert _counts_graphml(tmp_path / "c.graphml") == expected
    assert len(_csl_json(corpus)) == expected["sources"]
    assert len(re.findall(r"^@\w+\{", _bibtex(corpus), re.M)) == expected["sources"]
    if which == "real":
        # Two GAO reports number some notes twice (an appendix restarts, a number printed twice):
        # those notes too must come through every format.
        assert sum(len(b.notes) - len({n.number for n in b.notes}) for b in briefs) >= 4


# --- the command: output paths ---------------------------------------------------------------


def _cli(*args: str) -> Any:
    from click.testing import CliRunner

    from briefs_analyzer.cli import main

    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    ("fmt", "target", "reason"),
    [
        ("sqlite", "missing/dir/x.db", "folder {tmp}/missing/dir does not exist"),
        ("graphml", ".", "it is a folder (give a file name)"),
        ("csv", "file.txt", "it is a file, and this format writes a folder"),
    ],
)
def test_export_refuses_an_unwritable_output_before_analysing(
    tmp_path: Path, fmt: str, target: str, reason: str
) -> None:
    (tmp_path / "file.txt").write_text("keep me")
    out = tmp_path / target if target != "." else tmp_path
    result = _cli("export", str(tmp_path / "nothing-here"), "--format", fmt, "-o", str(out), "--no-cache", "-q")
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {out}: {reason.format(tmp=tmp_path)}\n"
    assert (tmp_path / "file.txt").read_text() == "keep me"


def test_report_refuses_a_folder(tmp_path: Path) -> None:
    result = _cli("report", str(CORPUS), "-o", str(tmp_path), "--no-cache", "-q")
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: cannot write {tmp_path}: it is a folder (give a file name)\n",
    )


def test_a_failed_write_keeps_the_earlier_result(
    corpus: list[Brief], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefs_analyzer.export import OutputError, write
    from briefs_analyzer.export import csl as csl_module

    path = tmp_path / "refs.json"
    write("csl-json", Corpus.of(corpus), path)
    before = path.read_bytes()

    def broken(corpus: Corpus) -> list[dict[str, Any]]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csl_module, "csl_json", broken)
    with pytest.raises(OSError):
        write("csl-json", Corpus.of(corpus), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["refs.json"]
    assert issubclass(OutputError, Exception)


def test_export_and_report_modules_stay_small_and_simple() -> None:
    """No module over 600 lines and no function above cyclomatic complexity 20 (ruff's C901)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1] / "briefs_analyzer"
    mine = [*sorted((root / "export").glob("*.py")), *sorted((root / "report").glob("*.py")), root / "graph.py"]
    assert all(len(p.read_text(encoding="utf-8").splitlines()) <= 600 for p in mine)
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "C901", "--config", "lint.mccabe.max-complexity = 20",
         "--output-format", "concise", *map(str, mine)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout
