"""Inputs read through fsspec: URLs kept as written, discovery by the folder rules, the worker's task in-process.

The task a Dask worker runs (:func:`briefs_analyzer.distributed.analyze_task`) is a plain function:
here it runs in this process, on fsspec's ``memory://`` filesystem (which lives in one process, so
it cannot be read by a cluster's worker processes; ``file://`` is tested on a cluster in
test_distributed.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import fsspec
import pytest

from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner, Skipped
from briefs_analyzer.distributed import Job, analyze_task
from briefs_analyzer.locations import Url, discover, fetch, location
from briefs_analyzer.model import Brief, BriefError, Failure
from briefs_analyzer.output import JSON_VIEW
from briefs_analyzer.pipeline import build_pipeline
from briefs_analyzer.views import Projected
from tests.conftest import CORPUS_REAL, SEEDS

SEED = SEEDS / "004_7a6a544e9fa6e7d1.txt"
PDF = CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf"


@pytest.fixture
def memory() -> Iterator[str]:
    """A corpus on fsspec's memory filesystem: two briefs, a sub-folder, and files that are not briefs."""
    fs = fsspec.filesystem("memory")
    root = "/briefs-test"
    fs.pipe(f"{root}/b.txt", SEED.read_bytes())
    fs.pipe(f"{root}/sub/a.pdf", PDF.read_bytes())
    fs.pipe(f"{root}/README.md", b"# not a brief\n")
    fs.pipe(f"{root}/.hidden/c.txt", b"hidden\n")
    fs.pipe(f"{root}/notes.csv", b"a,b\n")
    fs.pipe(f"{root}/empty.txt", b"")
    yield f"memory://{root.lstrip('/')}"
    fs.rm(root, recursive=True)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("s3://bucket/briefs/", True),
        ("file:///tmp/x.pdf", True),
        ("memory://corpus", True),
        ("corpus/brief.txt", False),
        ("C:\\briefs\\a.txt", False),
        ("notes:2024.txt", False),
    ],
)
def test_a_path_with_a_scheme_is_a_url_kept_as_written(text: str, url: bool) -> None:
    found = location(text)
    assert isinstance(found, Url) is url
    assert str(found) == (text if url else str(Path(text)))


def test_discovery_follows_the_folder_rules_and_keeps_the_url_as_written(memory: str) -> None:
    assert list(discover([Url(memory + "/")])) == [
        f"{memory}/b.txt",
        f"{memory}/empty.txt",
        f"{memory}/sub/a.pdf",
    ]
    # A glob, a file named alone (whatever its suffix), a URL given twice, a missing URL, a local path.
    assert list(discover([Url(f"{memory}/*.txt"), Url(f"{memory}/notes.csv"), Url(f"{memory}/b.txt"), SEED])) == [
        f"{memory}/b.txt",
        f"{memory}/empty.txt",
        f"{memory}/notes.csv",
        SEED,
    ]
    assert list(discover([Url(f"{memory}/s*/*.pdf")])) == [f"{memory}/sub/a.pdf"]
    assert list(discover([Url(f"{memory}/gone.txt")])) == [Failure(f"{memory}/gone.txt", "no such file or directory")]
    (unknown,) = discover([Url("nosuchscheme://x/y.txt")])
    assert isinstance(unknown, Failure) and "nosuchscheme" in unknown.reason


def test_fetch_says_why_a_url_cannot_be_read(memory: str) -> None:
    assert fetch(Url(f"{memory}/b.txt")) == SEED.read_bytes()
    with pytest.raises(BriefError, match=r"^no such file or directory$"):
        fetch(Url(f"{memory}/gone.txt"))


def test_a_workers_task_on_urls_gives_the_local_briefs_named_by_their_urls(memory: str) -> None:
    """Read through fsspec and the spool, a brief is value for value the local file's, but for its path."""
    config = Config()
    job = Job(config, False, build_pipeline(config, entities=False).key)
    urls = [Url(f"{memory}/b.txt"), Url(f"{memory}/sub/a.pdf"), Url(f"{memory}/empty.txt"), Url(f"{memory}/gone")]
    answer = analyze_task(urls, job, frozenset())
    local = list(Runner(config, entities=False).run([SEED, PDF]))
    assert [r.path for r in answer.results] == urls
    briefs = [r for r in answer.results if isinstance(r, Brief)]
    assert briefs == [replace(b, path=url) for b, url in zip(local, urls, strict=False)]
    assert answer.results[2:] == [
        Failure(urls[2], "file is empty"),
        Failure(urls[3], "no such file or directory"),
    ]
    # A view is made on the worker, from the brief named by its URL; a brief the run must skip is not read.
    viewed = analyze_task(urls[:2], replace(job, view=JSON_VIEW), frozenset({briefs[1].sha256}))
    first, second = viewed.results
    assert isinstance(first, Projected) and first.path == urls[0] and first.value == JSON_VIEW.make(briefs[0])
    assert second == Skipped(urls[1], briefs[1].sha256)
