"""Exports: GraphML, node-link and VOSviewer JSON, CSL-JSON, BibTeX, SQLite and CSV."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from briefs_analyzer import export
from briefs_analyzer.corpus import analyze
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
    export.write_graphml(g, path)
    schema.assertValid(etree.parse(str(path)))
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back) == {export.graphml_id(n) for n in g}
    assert {export.graphml_id_decode(n) for n in back} == set(g)
    decode = export.graphml_id_decode
    assert sorted((decode(u), decode(v), k) for u, v, k in back.edges(keys=True)) == sorted(g.edges(keys=True))
    for node, data in g.nodes(data=True):
        assert back.nodes[export.graphml_id(node)] == {k: _as_written(v) for k, v in data.items()}, node
    for u, v, k, data in g.edges(keys=True, data=True):
        assert back.edges[export.graphml_id(u), export.graphml_id(v), k] == {**data, "key": k}


def test_graphml_round_trip_corpus(corpus: list[Brief], schema: etree.XMLSchema, tmp_path: Path) -> None:
    g = build_graph(corpus)
    # The check means something: some ids need encoding and some values are tuples.
    assert any(export.graphml_id(n) != n for n in g)
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
    export.write_graphml(build_graph(corpus), path)
    keys = _keys(path)
    per_name = Counter((scope, name) for scope, name, _ in keys.values())
    assert per_name and max(per_name.values()) == 1
    assert keys["n_claim_id"] == ("node", "claim_id", "int")
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
    export.write_graphml(g, path)
    schema.assertValid(etree.parse(str(path)))
    types = {(scope, name): t for scope, name, t in _keys(path).values()}
    assert types == {
        ("graph", "name"): "string",
        ("node", "x"): "string",
        ("node", "y"): "string",
        ("node", "flag"): "boolean",
        ("node", "share"): "double",
        ("node", "big"): "long",
        ("node", "small"): "int",
        ("edge", "key"): "int",
        ("edge", "weight"): "string",
    }
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.graph == {"name": "test", "node_default": {}, "edge_default": {}}
    assert back.nodes["a"] == {"x": "1", "y": "[1, 2]", "flag": True, "share": 2.5, "big": 2**40, "small": 3}
    assert back.nodes["b"] == {"x": "one", "flag": False, "big": 1}
    assert back.nodes["c"] == {}
    assert sorted(back.edges(keys=True, data="weight")) == [("a", "b", 0, "1"), ("a", "b", 1, "2.0")]
    assert "None" not in path.read_text(encoding="utf-8")


def test_graphml_odd_ids_and_text(schema: etree.XMLSchema, tmp_path: Path) -> None:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    odd = ["entity:person:Jon Finer", "entity:regime:Nuclear Suppliers' Group", "a_x0020_b", "é😀", "x&y<z>"]
    for n in odd:
        g.add_node(n, label=n, text='form\x0cfeed, CR\r\nLF & <tags> "quotes"')
    g.add_edge(odd[0], odd[1], key="mentions", type="mentions")
    path = tmp_path / "odd.graphml"
    export.write_graphml(g, path)
    schema.assertValid(etree.parse(str(path)))
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert {export.graphml_id_decode(n) for n in back} == set(odd)
    assert export.graphml_id("entity:person:Jon Finer") == "entity:person:Jon_x0020_Finer"
    node = back.nodes[export.graphml_id("x&y<z>")]
    assert node == {"label": "x&y<z>", "text": 'form\ufffdfeed, CR\r\nLF & <tags> "quotes"'}
    assert list(back.edges(keys=True)) == [(export.graphml_id(odd[0]), export.graphml_id(odd[1]), "mentions")]


def test_graphml_refuses_an_edge_attribute_named_key(tmp_path: Path) -> None:
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.add_edge("a", "b", key="k")
    g.edges["a", "b", "k"]["key"] = "clash"
    with pytest.raises(ValueError, match="named 'key'"):
        export.write_graphml(g, tmp_path / "x.graphml")


@given(st.text())
def test_graphml_id_is_a_reversible_name_token(name: str) -> None:
    token = export.graphml_id(name)
    assert export.graphml_id_decode(token) == name
    assert token == "" or NMTOKEN.fullmatch(token)


# --- JSON ---------------------------------------------------------------------------------------


def test_node_link_json_round_trip(corpus: list[Brief]) -> None:
    g = build_graph(corpus)
    data = json.loads(json.dumps(export.node_link_json(g)))
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
    net = export.vosviewer_json(build_graph(corpus))["network"]
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
    net = export.vosviewer_json(build_graph([corpus[0], twin, corpus[1]]), include_briefs=True)["network"]
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
    assert export.person_name(name) == parts


def test_csl_json_values_match_gold(corpus: list[Brief]) -> None:
    items = export.csl_json(corpus)
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
    assert subrahmanyam["type"] == "report"  # a government source
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
    items = {i["id"]: i for i in export.csl_json([brief])}
    assert items["src-x"] == {"id": "src-x", "type": "document", "title": "T", "issued": {"date-parts": [[2019, 12]]}}
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
    text = export.bibtex(corpus)
    assert len(re.findall(r"^@(article|misc)\{", text, re.M)) == 17
    assert export.bibtex_key(ids["S4"]) == ids["S4"].replace("-", "")
    entry = _entry(text, export.bibtex_key(ids["S4"]))
    assert entry == (
        f"@article{{{export.bibtex_key(ids['S4'])},\n"
        "  author = {Jalil, Ghazala Yasmin},\n"
        f"  title = {{{{{gold['sources']['S4']['title']}}}}},\n"
        "  journal = {Strategic Studies},\n"
        "  year = {2017},\n"
        "  volume = {37},\n"
        "  number = {3},\n"
        "  pages = {41--54}\n"
        "}\n"
    )
    news = _entry(text, export.bibtex_key(ids["S1"]))
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
    entry = export.bibtex([replace(corpus[0], sources=(source,))])
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


CLAIMS_ON_SOURCE = """
    SELECT count(DISTINCT cn.brief_id || ':' || cn.claim_id) FROM claim_notes cn
    JOIN note_sources ns ON ns.brief_id = cn.brief_id AND ns.note_number = cn.note_number
    WHERE ns.source_id = ?
"""


def test_sqlite_tables_and_gold_claim_counts(corpus: list[Brief], tmp_path: Path) -> None:
    path = tmp_path / "corpus.db"
    path.write_text("not a database")  # overwritten
    export.write_sqlite(corpus, path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {
            t: _count(conn, f"SELECT count(*) FROM {t}")
            for t in ("briefs", "claims", "notes", "sources", "claim_notes", "note_sources", "authors", "entities")
        }
        assert counts == {
            "briefs": 2,
            "claims": sum(len(b.sentences) for b in corpus),
            "notes": 27,
            "sources": 17,
            "claim_notes": 27,
            "note_sources": 27,
            "authors": 4,  # one author and one editor per seed
            "entities": len({(e.type, e.canonical) for b in corpus for e in b.entities}),
        }
        for stem in SEED_STEMS:
            _, gold, ids = _gold_source_ids(corpus, stem)
            got = {label: _count(conn, CLAIMS_ON_SOURCE, sid) for label, sid in ids.items()}
            assert got == gold["source_claim_counts"], stem
        _, _, ids = _gold_source_ids(corpus, SEED_STEMS[0])
        assert _count(conn, CLAIMS_ON_SOURCE, ids["S4"]) == 5
        row = conn.execute(
            "SELECT title, container, date, type, volume, issue, pages FROM sources WHERE id = ?", (ids["S4"],)
        ).fetchone()
        assert row == (
            load_gold(SEED_STEMS[0])["sources"]["S4"]["title"],
            "Strategic Studies",
            "2017",
            "journal",
            "37",
            "3",
            "41-54",
        )
        assert conn.execute("SELECT name, role FROM authors WHERE kind = 'author' ORDER BY name").fetchall() == [
            ("Malaika Afridi", "Research Assistant"),
            ("Sardar Jahanzaib Ghalib", "Research Associate"),
        ]
        first = _gold_source_ids(corpus, SEED_STEMS[0])[0]
        assert conn.execute(
            "SELECT kind, antecedent FROM notes WHERE brief_id = ? AND number = 14", (first.sha256,)
        ).fetchone() == ("short", 4)
        fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(note_sources)")}
        assert fks == {("sources", "source_id"), ("notes", "brief_id"), ("notes", "note_number")}
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO note_sources VALUES (?, 1, 'src-missing')", (first.sha256,))
    finally:
        conn.close()
    export.write_sqlite(corpus[:1], path)  # a second write replaces the first
    conn = sqlite3.connect(path)
    try:
        assert _count(conn, "SELECT count(*) FROM briefs") == 1
        assert _count(conn, "SELECT count(*) FROM sources") == 7
    finally:
        conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.db"]  # no temporary file left


def test_sqlite_entities_and_uncited_claims(corpus: list[Brief], tmp_path: Path) -> None:
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
    path = tmp_path / "e.db"
    export.write_sqlite([replace(brief, entities=entities), brief], path)  # the same bytes twice: written once
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert _count(conn, "SELECT count(*) FROM briefs") == 1
        assert conn.execute("SELECT id, type, canonical FROM entities ORDER BY id").fetchall() == [
            ("regime:Missile Technology Control Regime", "regime", "Missile Technology Control Regime"),
            ("state_actor:India", "state_actor", "India"),
        ]
        rows = conn.execute(
            "SELECT c.claim_id, ce.mention FROM claim_entities ce JOIN claims c USING (brief_id, claim_id)"
            " WHERE ce.entity_id = 'state_actor:India'"
        ).fetchall()
        assert rows == [(claim.id, "India")]
        uncited = {r[0] for r in conn.execute("SELECT claim_id FROM claims WHERE uncited_factual = 1")}
        # uncited_factual is the claim-support stage's needs_source; entities do not change it (claim 1
        # names India, but it is the author's framing: analysis).
        assert uncited == {c.id for c in brief.sentences if c.support == "needs_source"}
        assert claim.id not in uncited and claim.support == "analysis"
        marked = {c.id for c in brief.sentences if c.markers}
        assert not uncited & marked
    finally:
        conn.close()


@pytest.mark.slow
def test_sqlite_real_reports(real: dict[str, Brief], tmp_path: Path) -> None:
    briefs = list(real.values())
    path = tmp_path / "real.db"
    export.write_sqlite(briefs, path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert _count(conn, "SELECT count(*) FROM claims") == sum(len(b.sentences) for b in briefs)
        assert _count(conn, "SELECT count(*) FROM notes") == sum(len({n.number for n in b.notes}) for b in briefs)
        assert _count(conn, "SELECT count(*) FROM sources") == len({s.id for b in briefs for s in b.sources})
        gao = real["gao-06-282-infant-formula-marketing-wic.pdf"]
        assert len(gao.notes) > len({n.number for n in gao.notes})  # numbers defined twice
    finally:
        conn.close()


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_nodes_and_edges(corpus: list[Brief], tmp_path: Path) -> None:
    g = build_graph(corpus)
    export.write_csv(g, tmp_path / "out")
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
