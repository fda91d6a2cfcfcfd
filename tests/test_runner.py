"""The runner owns discovery and the number of workers (issue 21): the CLI finds files once."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefs_analyzer import corpus
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief, Failure
from tests.conftest import SEEDS


def test_what_discover_found_is_analysed_in_place(tmp_path: Path) -> None:
    seed = tmp_path / "a.txt"
    seed.write_bytes((SEEDS / "004_7a6a544e9fa6e7d1.txt").read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    runner = Runner(Config(), entities=False, jobs=1)
    found = runner.discover([tmp_path, tmp_path / "missing.txt"])
    assert [Path(f.path) if isinstance(f, Failure) else f for f in found] == [
        seed,
        tmp_path / "b.txt",
        tmp_path / "missing.txt",
    ]
    results = list(runner.analyze(found))
    assert [type(r) for r in results] == [Brief, Failure, Failure]
    assert [r.path for r in results] == [str(seed), str(tmp_path / "b.txt"), str(tmp_path / "missing.txt")]
    assert results == list(runner.run([tmp_path, tmp_path / "missing.txt"]))


@pytest.mark.parametrize(
    ("jobs", "cores", "files", "plan"), [(None, 2, 10, (2, 2)), (None, 1, 10, (1, 16)), (3, 8, 4, (1, 16))]
)
def test_the_runner_decides_the_workers(
    monkeypatch: pytest.MonkeyPatch, jobs: int | None, cores: int, files: int, plan: tuple[int, int]
) -> None:
    monkeypatch.setattr(corpus, "default_jobs", lambda: cores)
    assert Runner(Config(), jobs=jobs).plan(files) == plan
