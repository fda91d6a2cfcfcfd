"""The Parquet export: the same briefs, claims, notes, sources and events as the JSON, written part by part.

The corpus: the two seeds, a short CRS report, and CRS R44243 both as PDF and as Markdown (they cite
the same sources, so some sources are cited by two briefs).  The JSON document of ``briefs analyze``
is the reference every value is checked against; the README's DuckDB queries run exactly as printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner, Result

from briefs_analyzer import corpus
from briefs_analyzer.cli import main
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.export import parquet
from briefs_analyzer.export.parquet import COLUMNS, TABLES, Dataset, brief_tables, schemas
from briefs_analyzer.graph import build_graph
from briefs_analyzer.model import Brief
from tests.conftest import CORPUS_REAL, ROOT, SEEDS

FILES = [
    SEEDS,
    CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf",
    CORPUS_REAL / "crs-r44243-electing-the-speaker.pdf",
    CORPUS_REAL / "crs-r44243-electing-the-speaker.md",
]
Export = tuple[Path, dict[str, Any]]


def briefs(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """(the dataset's folder, the JSON document of the same corpus)."""
    out = tmp_path_factory.mktemp("export") / "corpus-parquet"
    analysis = briefs("analyze", *map(str, FILES), "-q", "--format", "json")
    assert analysis.exit_code == 0, analysis.stderr
    result = briefs("export", *map(str, FILES), "--format", "parquet", "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, f"wrote {out} (parquet, 5 briefs in 1 part; 0 already there)\n")
    return out, json.loads(analysis.stdout)


def table(folder: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ds.dataset(folder / name).to_table().to_pylist()
    return rows


def claim_id(brief: dict[str, Any], n: int) -> str:
    return f"claim:{brief['sha256'][:16]}:{n}"


@pytest.mark.slow
def test_the_dataset_holds_what_the_json_holds(exported: Export) -> None:
    out, document = exported
    got = {name: table(out, name) for name in TABLES}
    assert [(b["id"], b["path"], b["title"], b["claims"]) for b in got["briefs"]] == [
        (b["sha256"], b["path"], b["metadata"]["title"], len(b["claims"])) for b in document["briefs"]
    ]
    assert [(c["id"], c["text"], c["support"], c["source_ids"], c["markers"]) for c in got["claims"]] == [
        (claim_id(b, c["id"]), c["text"], c["support"], c["source_ids"], c["markers"])
        for b in document["briefs"]
        for c in b["claims"]
    ]
    assert [(n["brief_id"], n["number"], n["text"], n["kind"], n["source_ids"]) for n in got["notes"]] == [
        (b["sha256"], n["number"], n["text"], n["kind"], n["source_ids"])
        for b in document["briefs"]
        for n in b["notes"]
    ]
    assert [(c["note_id"], c["kind"], c["title"], c["identifiers"]) for c in got["citations"]] == [
        (
            f"note:{b['sha256'][:16]}:{i}",
            c["kind"],
            c["title"],
            [{"scheme": k, "value": v} for k, v in c["identifiers"].items()],
        )
        for b in document["briefs"]
        for i, n in enumerate(b["notes"], start=1)
        for c in n["citations"]
    ]
    assert {(s["brief_id"], s["id"]) for s in got["sources"]} == {
        (b["sha256"], sid) for b in document["briefs"] for n in b["notes"] for sid in n["source_ids"]
    }
    assert len(got["sources"]) == len({(s["brief_id"], s["id"]) for s in got["sources"]})
    assert [
        (e["brief_id"], e["text"], e["start"], e["canonical"], e["entity_id"], e["place"]) for e in got["entities"]
    ] == [
        (b["sha256"], e["text"], e["start"], e["canonical"], e["entity_id"], e["place"])
        for b in document["briefs"]
        for e in b["entities"]
    ]
    assert [(e["claim_id"], e["instrument"], e["date"], e["parties"]) for e in got["events"]] == [
        (claim_id(b, e["claim_id"]), e["instrument"], e["date"], e["parties"])
        for b in document["briefs"]
        for e in b["events"]
    ]
    # The edges of all the briefs' graphs are the corpus graph's edges (a source's published_by once per brief).
    analysed = [
        b for b in Runner(Config(), cache_dir=Path(os.environ["BRIEFS_CACHE_DIR"])).run(FILES) if isinstance(b, Brief)
    ]
    graph = build_graph(analysed)
    assert {(e["source"], e["target"], e["type"]) for e in got["edges"]} == {
        (u, v, k) for u, v, k in graph.edges(keys=True)
    }
    assert Counter(e["type"] for e in got["edges"])["contains"] == len(got["claims"])
    # Ids join: every claim's brief, every citation's note, every edge's claim and note ends.
    ids = {name: {r["id"] for r in got[name]} for name in ("briefs", "claims", "notes")}
    assert {c["brief_id"] for c in got["claims"]} <= ids["briefs"]
    assert {c["note_id"] for c in got["citations"]} <= ids["notes"]
    assert {e["source"] for e in got["edges"] if e["type"] == "cites"} <= ids["claims"]


def test_the_schema_is_the_one_the_readme_documents() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = {}
    for name in TABLES:
        row = re.search(rf"^\| `{name}` \| [^|]+ \| (.+) \|$", readme, re.MULTILINE)
        assert row, name
        documented[name] = tuple(
            re.findall(r"`(\w+)` (string|int32|bool|list<string>|list<int32>|identifiers)", row[1])
        )
    assert documented == COLUMNS
    assert [str(schemas()[name].field("identifiers").type) for name in ("citations", "sources")] == [
        "list<item: struct<scheme: string, value: string>>"
    ] * 2


def readme_queries(folder: Path) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Querying it with DuckDB.**") :]
    queries = re.findall(r"```sql\n(.*?)```", section, re.DOTALL)[:3]
    return [q.replace("'corpus-parquet/", f"'{folder}/") for q in queries]


@pytest.mark.slow
def test_the_readme_duckdb_queries_give_what_the_json_says(exported: Export) -> None:
    out, document = exported
    db = duckdb.connect()
    most_cited, single_source, by_year = (db.execute(q).fetchall() for q in readme_queries(out))

    citing = {s["id"]: len({n["brief"] for n in s["notes"]}) for s in document["sources"]}
    title = {s["id"]: s["title"] for s in document["sources"]}
    top = sorted(citing, key=lambda sid: (-citing[sid], sid))[:10]
    assert most_cited == [(sid, title[sid], citing[sid]) for sid in top]
    assert [row[2] for row in most_cited] == [2] * 10  # sources both forms of R44243 cite fill the ten

    assert [row[:3] for row in single_source] == sorted(
        (claim_id(b, c["id"]), c["text"], c["source_ids"][0])
        for b in document["briefs"]
        for c in b["claims"]
        if len(c["source_ids"]) == 1
    )
    assert len(single_source) == 32
    assert all(row[3] == title[row[2]] for row in single_source)

    events = [e for b in document["briefs"] for e in b["events"] if re.match(r"\d{4}", e["date"] or "")]
    years = sorted({e["date"][:4] for e in events})
    assert by_year == [
        (
            year,
            sum(e["date"][:4] == year for e in events),
            sorted({e["instrument"] for e in events if e["date"][:4] == year}),
        )
        for year in years
    ]
    assert [row[:2] for row in by_year] == [("1993", 1), ("2016", 2), ("2018", 1), ("2019", 1), ("2020", 1)]


@pytest.mark.slow
def test_an_interrupted_export_keeps_its_parts_and_a_rerun_writes_only_the_rest(
    exported: Export, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete, _ = exported
    out = tmp_path / "corpus-parquet"
    done = [b for b in Runner(Config(), cache_dir=Path(os.environ["BRIEFS_CACHE_DIR"])).run([SEEDS])]
    dataset = Dataset.open(out, part_briefs=2)
    for b in done:
        assert isinstance(b, Brief) and dataset.add(brief_tables(b))
    assert dataset.parts == 1  # the first part is complete; then the run is cut short while writing the next:
    for name in ("briefs", "claims"):
        shutil.copy(out / name / "part-000000.parquet", out / name / "part-000001.parquet")
    (out / "notes" / ".part-000001.parquet.x1y2.tmp").write_bytes(b"PAR1")

    analysed: list[str] = []
    real = corpus.analyze_file

    def recorded(path: Path, *args: Any, **kwargs: Any) -> Brief:
        analysed.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(corpus, "analyze_file", recorded)
    monkeypatch.setattr(parquet, "PART_BRIEFS", 2)
    (tmp_path / "copy").mkdir()
    copy = tmp_path / "copy" / "same-bytes-as-a-seed.txt"
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], copy)
    result = briefs(
        "export", *map(str, FILES), str(copy), "--no-cache", "-j", "1", "--format", "parquet", "-o", str(out)
    )
    assert (result.exit_code, result.stderr) == (0, f"wrote {out} (parquet, 3 briefs in 2 parts; 3 already there)\n")
    assert sorted(analysed) == sorted(p.name for p in FILES[1:])  # neither seed, nor the seed's copy
    assert sorted(p.name for p in (out / "claims").iterdir()) == [f"part-00000{i}.parquet" for i in range(3)]
    assert not list((out / "notes").glob(".*"))
    for name in TABLES:
        assert sorted(map(repr, table(out, name))) == sorted(map(repr, table(complete, name))), name


def test_a_folder_that_holds_something_else_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me\n", encoding="utf-8")
    result = briefs("export", str(SEEDS), "--format", "parquet", "-o", str(tmp_path / "mine"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: cannot write {tmp_path / 'mine'}: it is not empty and holds no Parquet dataset of briefs\n",
    )
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "_dataset.json").write_text('{"schema_version": 0}', encoding="utf-8")
    result = briefs("export", str(SEEDS), "--format", "parquet", "-o", str(tmp_path / "old"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: cannot write {tmp_path / 'old'}: it holds a Parquet dataset of schema version 0, not 1\n",
    )
