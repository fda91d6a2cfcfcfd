"""Corpus scale: the incremental SQLite cache, JSON round trips, parallel runs."""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefs_analyzer import cache as cache_module
from briefs_analyzer import corpus, workers
from briefs_analyzer.cache import FILE_NAME, BriefCache, CacheWarning
from briefs_analyzer.check import CHECK_VIEW
from briefs_analyzer.cli import main
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief, Failure
from briefs_analyzer.output import JSON_VIEW, SourceIndex
from briefs_analyzer.serialize import from_data, to_data
from tests.conftest import CORPUS_REAL, SEEDS


def briefs_of(results: list[Brief | Failure]) -> list[Brief]:
    return [r for r in results if isinstance(r, Brief)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (docs / seed.name).write_bytes(seed.read_bytes())
    (docs / "r48903.pdf").write_bytes((CORPUS_REAL / "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf").read_bytes())
    return docs


def test_round_trip_through_json(folder: Path) -> None:
    for brief in briefs_of(list(Runner(Config(), entities=False).run([folder]))):
        assert from_data(Brief, json.loads(json.dumps(to_data(brief)))) == brief


def test_unchanged_briefs_are_never_parsed_again(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = list(Runner(Config(), entities=False, cache_dir=cache).run([folder]))
    calls: list[Path] = []
    real = corpus.analyze_file

    def counting(path: Path, *args: object, **kwargs: object) -> Brief:
        calls.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "analyze_file", counting)
    again = list(Runner(Config(), entities=False, cache_dir=cache).run([folder]))
    assert again == first and calls == []
    changed = folder / "000_2bc1844ba35e9142.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("favoritism", "favouritism"), encoding="utf-8")
    third = list(Runner(Config(), entities=False, cache_dir=cache).run([folder]))
    assert calls == [changed]
    assert third[1:] == first[1:] and third[0] != first[0]


def test_a_moved_file_is_served_under_its_new_path(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    list(Runner(Config(), entities=False, cache_dir=cache).run([folder]))
    moved = tmp_path / "moved.txt"
    (folder / "000_2bc1844ba35e9142.txt").rename(moved)
    (hit,) = list(Runner(Config(), entities=False, cache_dir=cache).run([moved]))
    assert isinstance(hit, Brief) and hit.path == str(moved)


def test_configuration_changes_miss_the_cache(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    list(Runner(Config(), entities=False, cache_dir=cache).run([folder]))
    types = tmp_path / "types.toml"
    types.write_text('[hosts]\n"reuters.com" = "other"\n', encoding="utf-8")
    results = briefs_of(list(Runner(Config(source_types=types), entities=False, cache_dir=cache).run([folder])))
    reuters = [s for b in results for s in b.sources if s.container == "Reuters"]
    assert reuters and {s.type for s in reuters} == {"other"}


def test_a_damaged_cache_is_rebuilt_with_a_warning(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(b"this is not a database" * 100)
    with pytest.warns(CacheWarning, match="unreadable"):
        results = list(Runner(Config(), entities=False, cache_dir=cache).run([folder]))
    assert len(briefs_of(results)) == 3
    assert (cache / "briefs.broken").exists()
    with sqlite3.connect(cache / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM briefs").fetchone() == (3,)


def test_each_write_is_committed_at_once(folder: Path, tmp_path: Path) -> None:
    """An interrupted run keeps what it wrote: every put is its own transaction."""
    (brief,) = briefs_of(list(Runner(Config(), entities=False).run([folder / "004_7a6a544e9fa6e7d1.txt"])))
    open_cache = BriefCache(tmp_path / "cache", "key")
    open_cache.put(brief)  # never closed, as if the process were killed here
    with sqlite3.connect(tmp_path / "cache" / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM briefs").fetchone() == (1,)
    assert BriefCache(tmp_path / "cache", "key").get(brief.sha256, brief.path) == brief


def test_two_jobs_give_what_one_gives(folder: Path) -> None:
    for i in range(6):  # enough files for the worker processes to share
        (folder / f"copy{i}.txt").write_text(
            (SEEDS / "004_7a6a544e9fa6e7d1.txt").read_text(encoding="utf-8") + f"\nVariant {i}.\n", encoding="utf-8"
        )
    corpus.CHUNK, saved = 2, corpus.CHUNK
    try:
        one = list(Runner(Config(), entities=False, jobs=1).run([folder]))
        two = list(Runner(Config(), entities=False, jobs=2).run([folder]))
    finally:
        corpus.CHUNK = saved
    assert [r.path for r in two] == [r.path for r in one]
    assert two == one


def test_cli_cache_options(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", str(folder), "--no-cache", "-q", "--format", "json"])
    assert result.exit_code == 0
    cache = tmp_path / "here"
    result = runner.invoke(main, ["analyze", str(folder), "--cache-dir", str(cache), "-q", "--format", "json"])
    assert result.exit_code == 0 and (cache / FILE_NAME).is_file()
    again = runner.invoke(
        main, ["analyze", str(folder), "--cache-dir", str(cache), "-q", "--format", "json", "-j", "2"]
    )
    assert json.loads(again.stdout) == json.loads(result.stdout)


def test_streamed_json_is_one_valid_document(folder: Path) -> None:
    (folder / "broken.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["analyze", str(folder), str(SEEDS), "-q", "--format", "json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert len(data["briefs"]) == 5 and data["errors"] == [
        {"path": str(folder / "broken.txt"), "reason": "file is empty"}
    ]
    assert {s["id"] for s in data["sources"]} >= {
        i for b in data["briefs"] for n in b["notes"] for i in n["source_ids"]
    }


# --- views: what outputs need, kept beside each brief -------------------------------------------
def analyze_cli(folder: Path, cache: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["analyze", str(folder), "--cache-dir", str(cache), "-q", *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_warm_run_copies_views_out_without_rebuilding_briefs(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold_json = analyze_cli(folder, cache, "--format", "json")
    cold_table = analyze_cli(folder, cache)
    with sqlite3.connect(cache / FILE_NAME) as db:
        stored = db.execute("SELECT view, count(*) FROM views GROUP BY view ORDER BY view").fetchall()
    assert stored == [("json/1", 3), ("table-row/2", 3)]

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run rebuilt or re-analysed a brief")

    monkeypatch.setattr(BriefCache, "get", never)
    monkeypatch.setattr(corpus, "analyze_file", never)
    assert analyze_cli(folder, cache, "--format", "json") == cold_json
    assert analyze_cli(folder, cache) == cold_table
    document = json.loads(cold_json)
    assert [Path(b["path"]).name for b in document["briefs"]] == [
        "000_2bc1844ba35e9142.txt",
        "004_7a6a544e9fa6e7d1.txt",
        "r48903.pdf",
    ]
    assert "3 briefs analysed" in cold_table


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_a_warm_check_reads_findings_from_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    cache = tmp_path / "cache"
    (folder / "broken.txt").write_text("", encoding="utf-8")  # a failure is never cached: analysed again

    def check(*extra: str) -> tuple[int, str]:
        args = ["check", str(folder), "--cache-dir", str(cache), "-q", "--format", fmt, *extra]
        result = CliRunner().invoke(main, args)
        assert not isinstance(result.exception, AssertionError), result.exception
        return result.exit_code, result.stdout

    cold = check()
    cold_warnings = check("--fail-on", "warning")
    with sqlite3.connect(cache / FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM views WHERE view = ?", (CHECK_VIEW.name,)).fetchone() == (3,)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm check rebuilt or re-analysed a brief")

    monkeypatch.setattr(cache_module, "from_data", never)  # a brief rebuilt from the cache
    monkeypatch.setattr(corpus, "parse", never)  # a file read again (the empty one fails before)
    assert check() == cold
    assert check("--fail-on", "warning") == cold_warnings
    if fmt == "json":
        document = json.loads(cold[1])
        assert cold[0] == 1  # broken.txt: BA001, an error
        assert document["summary"]["files"] == 4
        codes = {(Path(f["path"]).name, f["code"]) for f in document["findings"]}
        assert ("broken.txt", "BA001") in codes
        assert ("004_7a6a544e9fa6e7d1.txt", "BA301") in codes  # the COMCASA sentence (hand labels: needs_source)


def test_views_are_made_again_for_a_moved_file_or_a_damaged_row(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    seed = "004_7a6a544e9fa6e7d1.txt"
    before = json.loads(analyze_cli(folder / seed, cache, "--format", "json"))
    moved = tmp_path / "moved.txt"
    (folder / seed).rename(moved)
    after = json.loads(analyze_cli(moved, cache, "--format", "json"))
    assert after["briefs"][0]["path"] == str(moved)
    assert {n["brief"] for s in after["sources"] for n in s["notes"]} == {str(moved)}
    before["briefs"][0]["path"] = str(moved)
    for source in before["sources"]:
        for note in source["notes"]:
            note["brief"] = str(moved)
    assert after == before
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("UPDATE views SET data = x'00ff'")
    assert json.loads(analyze_cli(moved, cache, "--format", "json")) == after


def test_the_source_list_takes_a_missing_field_from_a_later_brief() -> None:
    bare: dict[str, Any] = {
        "id": "s1",
        "title": "T",
        "authors": [],
        "container": None,
        "date": None,
        "url": None,
        "type": "web",
    }
    details = {"volume": None, "issue": None, "pages": None, "accessed": None}
    index = SourceIndex()
    index.add("a.txt", {"sources": [bare | details], "cites": [[1, ["s1"]], [2, ["s1", "s2"]]]})
    index.add("b.txt", {"sources": [bare | details | {"date": "2020", "pages": "4"}], "cites": [[7, ["s1"]]]})
    (entry,) = list(index)
    assert entry["date"] == "2020" and entry["pages"] == "4" and entry["title"] == "T"
    assert entry["notes"] == [
        {"brief": "a.txt", "number": 1},
        {"brief": "a.txt", "number": 2},
        {"brief": "b.txt", "number": 7},
    ]


def test_a_cache_that_fails_mid_run_is_bypassed_with_a_warning(folder: Path, tmp_path: Path) -> None:
    (brief,) = briefs_of(list(Runner(Config(), entities=False).run([folder / "004_7a6a544e9fa6e7d1.txt"])))
    open_cache = BriefCache(tmp_path / "cache", "key")
    open_cache.put(brief)
    with sqlite3.connect(tmp_path / "cache" / FILE_NAME) as db:
        db.execute("DROP TABLE views")
    with pytest.warns(CacheWarning, match="cannot be read"):
        assert open_cache.get_view(brief.sha256, brief.path, JSON_VIEW) is None
    assert open_cache.get(brief.sha256, brief.path) == brief


def test_a_file_that_kills_its_worker_fails_alone(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's death (a native fault, the OOM killer) costs the run one file, not the run."""
    for i in range(6):
        (folder / f"copy{i}.txt").write_text(
            (SEEDS / "004_7a6a544e9fa6e7d1.txt").read_text(encoding="utf-8") + f"\nVariant {i}.\n", encoding="utf-8"
        )
    killer = folder / "copy3.txt"
    real = corpus.analyze_file

    def dies_on_killer(path: Path, *args: object, **kwargs: object) -> Brief:
        if path == killer:
            os.kill(os.getpid(), signal.SIGKILL)  # in a worker: forked, so it has this patch too
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "CHUNK", 2)
    expected = list(Runner(Config(), entities=False, jobs=1).run([folder]))
    monkeypatch.setattr(corpus, "analyze_file", dies_on_killer)
    results = list(Runner(Config(), entities=False, jobs=2).run([folder]))
    assert [r.path for r in results] == [r.path for r in expected]
    (failure,) = [r for r in results if isinstance(r, Failure)]
    assert failure.path == str(killer) and failure.reason == workers.CRASHED
    assert [r for r in results if r.path != str(killer)] == [r for r in expected if r.path != str(killer)]


def test_a_worker_that_dies_between_chunks_is_replaced(folder: Path) -> None:
    """A worker killed while it waits for work (the OOM killer choosing it) costs nothing:
    the next chunk goes to a new worker instead of ending the run."""
    path = folder / "004_7a6a544e9fa6e7d1.txt"
    expected = list(Runner(Config(), entities=False).run([path]))
    with workers.Pool(1, corpus._setup, (Config(), False, None)) as pool:
        assert pool.outcome(pool.submit([path])) == expected
        (victim,) = pool.workers
        os.kill(victim.process.pid or 0, signal.SIGKILL)
        victim.process.join(30)
        assert pool.outcome(pool.submit([path])) == expected
        (replacement,) = pool.workers
        assert replacement is not victim and replacement.process.is_alive()


def test_a_pdf_that_kills_the_pdf_library_fails_alone_in_one_process(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without workers (-j 1, or a run too small for them) each PDF is read in a child
    process: a native fault on one PDF fails that file, and the run and its results go on."""
    from briefs_analyzer import apart
    from briefs_analyzer.ingest import pdfium_backend

    killer = folder / "killer.pdf"
    killer.write_bytes((folder / "r48903.pdf").read_bytes() + b"\n% variant\n")
    expected = list(Runner(Config(), entities=False).run([folder]))
    real = pdfium_backend.PdfiumBackend.pages

    def faults_on_killer(self: object, path: Path, *, password: str | None = None) -> Any:
        if path == killer:
            faulthandler.disable()  # pytest's would print this child's stack into the test log
            os.kill(os.getpid(), signal.SIGSEGV)  # as a fault in PDFium would
        return real(self, path, password=password)  # type: ignore[arg-type]

    monkeypatch.setattr(pdfium_backend.PdfiumBackend, "pages", faults_on_killer)
    pages: list[int] = []
    results = list(Runner(Config(), entities=False, on_page=lambda done, total: pages.append(done)).run([folder]))
    assert [r.path for r in results] == [r.path for r in expected]
    (failure,) = [r for r in results if isinstance(r, Failure)]
    assert failure.path == str(killer) and failure.reason == apart.CRASHED_READING
    assert [r for r in results if r.path != str(killer)] == [r for r in expected if r.path != str(killer)]
    assert pages == list(range(1, 9))  # r48903.pdf's 8 pages, told once the child has read them

    # The CLI: one error line naming the file, the other briefs in the output, exit status 1.
    result = CliRunner().invoke(main, ["analyze", str(folder), "--no-cache", "-j", "1", "--format", "json"])
    assert result.exit_code == 1
    assert f"error: {killer}: {apart.CRASHED_READING}" in result.stderr
    document = json.loads(result.stdout)
    assert len(document["briefs"]) == 3 and [e["path"] for e in document["errors"]] == [str(killer)]


# --- briefs cache: info, prune, clear -----------------------------------------------------------
def cache_cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["cache", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cache_info_prune_and_clear(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert cache_cli("info", "--cache-dir", str(cache)) == f"no cache at {cache / FILE_NAME}\n"
    before = analyze_cli(folder, cache, "--format", "json")
    with sqlite3.connect(cache / FILE_NAME) as db:  # what an older version left: another salt
        db.execute("INSERT INTO briefs VALUES ('0' , 'older-version', x'00')")
        db.execute("INSERT INTO views VALUES ('0', 'older-version', 'json/1', 'a.txt', '[]', x'00')")
    info = json.loads(cache_cli("info", "--cache-dir", str(cache), "--format", "json"))
    assert info["exists"] is True and info["path"] == str(cache / FILE_NAME) and info["size"] > 0
    assert (info["briefs"], info["kept_briefs"], info["views"], info["kept_views"]) == (4, 3, 4, 3)
    other = json.loads(cache_cli("info", "--cache-dir", str(cache), "--format", "json", "--model", ""))
    assert (other["kept_briefs"], other["kept_views"]) == (0, 0)  # another configuration: nothing of it cached
    text = cache_cli("info", "--cache-dir", str(cache))
    assert "briefs: 4 (3 for this version and configuration)" in text and "cache prune" in text

    said = cache_cli("prune", "--cache-dir", str(cache))
    assert said.startswith("removed 1 briefs and 1 views of other versions or configurations;")
    info = json.loads(cache_cli("info", "--cache-dir", str(cache), "--format", "json"))
    assert (info["briefs"], info["kept_briefs"], info["views"], info["kept_views"]) == (3, 3, 3, 3)
    assert analyze_cli(folder, cache, "--format", "json") == before  # what serves this configuration stays

    (cache / "mine.txt").write_text("not the cache's", encoding="utf-8")
    said = cache_cli("clear", "--cache-dir", str(cache))
    assert said.startswith(f"removed {cache / FILE_NAME}")
    assert sorted(p.name for p in cache.iterdir()) == ["mine.txt"]  # only the cache's own files go
    (cache / "mine.txt").unlink()
    assert cache_cli("info", "--cache-dir", str(cache)).startswith("no cache at")
    assert cache_cli("clear", "--cache-dir", str(cache)) == f"no cache at {cache / FILE_NAME}\n"
    assert not cache.exists()  # emptied, so removed


def test_cache_info_on_a_damaged_file_sets_it_aside(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE_NAME).write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(main, ["cache", "info", "--cache-dir", str(cache), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: cache {cache / FILE_NAME} is unreadable")
    info = json.loads(result.stdout)
    assert (info["exists"], info["briefs"], info["views"]) == (True, 0, 0)
    assert (cache / "briefs.broken").read_bytes() == b"not a database" * 100
