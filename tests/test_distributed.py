"""Runs on a Dask cluster (--scheduler): the same results as a local run, failures that stay with their file.

One ``LocalCluster(n_workers=2, processes=True, threads_per_worker=1)`` serves the module (it takes
seconds to start); ``allowed-failures`` is 1, so a file that kills its worker costs two workers
rather than four before Dask gives up on it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner, Result
from distributed import Client, LocalCluster, Worker, WorkerPlugin

from briefs_analyzer import corpus
from briefs_analyzer.cli import main
from briefs_analyzer.workers import CRASHED
from tests.conftest import CORPUS_REAL, SEEDS

SMALL = [
    SEEDS,
    CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf",
    CORPUS_REAL / "crs-r44243-electing-the-speaker.pdf",
]


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
    ):
        yield cluster.scheduler_address


def briefs(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, [*args, "--no-cache", "-q"], env=env)


def analysis(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    result = briefs("analyze", *args, "--format", "json", env=env)
    return result.exit_code, json.loads(result.stdout), result.stderr


def _pipelines_built() -> int:
    from briefs_analyzer import distributed

    return distributed.builds


@pytest.mark.slow
def test_a_dask_run_gives_the_local_analysis_value_by_value(scheduler: str) -> None:
    paths = [str(p) for p in SMALL]
    local = analysis(*paths, "-j", "1")
    assert local[0] == 0 and len(local[1]["briefs"]) == 4
    assert analysis(*paths, "--scheduler", scheduler) == local
    # Five single-file tasks went to two worker processes: each built its pipeline (spaCy) once.
    with Client(scheduler) as client:
        assert set(client.run(_pipelines_built).values()) == {1}
    # The same files as file:// URLs, read on the workers through fsspec (the scheduler from the environment).
    code, document, err = analysis(*(f"file://{p}" for p in paths), env={"BRIEFS_SCHEDULER": scheduler})
    assert (code, err) == (0, "")
    assert json.loads(json.dumps(document).replace('"file://', '"')) == local[1]
    assert [b["path"] for b in document["briefs"]][:2] == [f"file://{p}" for p in sorted(SEEDS.glob("*.txt"))]


class KillOn(WorkerPlugin):
    """Makes the analysis of one file end its worker process at once, as a fault in a native library would."""

    name = "kill-on"

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def setup(self, worker: Worker) -> None:
        real = corpus.analyze_file
        file_name = self.file_name

        def dies(path: Path, *args: Any, **kwargs: Any) -> Any:
            if path.name == file_name:
                os._exit(1)
            return real(path, *args, **kwargs)

        dies.real = real  # type: ignore[attr-defined]
        corpus.analyze_file = dies

    def teardown(self, worker: Worker) -> None:
        corpus.analyze_file = getattr(corpus.analyze_file, "real", corpus.analyze_file)


@pytest.mark.slow
def test_a_file_that_fails_or_kills_its_worker_fails_alone(scheduler: str, tmp_path: Path) -> None:
    """Nine files make tasks of two: the killer's task dies on every worker Dask tries, so it is run
    again file by file; its partner is analysed, the killer fails with one line, the run goes on."""
    seed, other = sorted(SEEDS.glob("*.txt"))
    (tmp_path / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "b-killer.txt").write_bytes(other.read_bytes() + b"\nA variant.\n")
    (tmp_path / "c.txt").write_bytes(other.read_bytes())
    (tmp_path / "d-empty.txt").write_bytes(b"")
    for i in range(5):
        (tmp_path / f"e{i}.txt").write_bytes(seed.read_bytes() + f"\nVariant {i}.\n".encode())
    killer, empty = tmp_path / "b-killer.txt", tmp_path / "d-empty.txt"
    options = ("--model", "")  # the rules alone: each restarted worker loads them again, quickly
    code, local, _ = analysis(str(tmp_path), "-j", "1", *options)
    assert code == 1 and len(local["briefs"]) == 8
    with Client(scheduler) as client:
        client.register_plugin(KillOn(killer.name))
        try:
            code, document, err = analysis(str(tmp_path), "--scheduler", scheduler, *options)
        finally:
            client.unregister_worker_plugin(KillOn.name)
    assert code == 1
    assert err.splitlines() == [f"error: {killer}: {CRASHED}", f"error: {empty}: file is empty"]
    assert document["errors"] == [
        {"path": str(killer), "reason": CRASHED},
        {"path": str(empty), "reason": "file is empty"},
    ]
    assert document["briefs"] == [b for b in local["briefs"] if b["path"] != str(killer)]


@pytest.mark.slow
def test_a_dask_run_writes_the_parquet_dataset_a_local_run_writes(scheduler: str, tmp_path: Path) -> None:
    paths = [*map(str, SMALL), str(CORPUS_REAL / "crs-r44243-electing-the-speaker.md")]
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert briefs("export", *paths, "-j", "1", "--format", "parquet", "-o", str(local)).exit_code == 0
    result = briefs("export", *paths, "--scheduler", scheduler, "--format", "parquet", "-o", str(remote))
    assert result.exit_code == 0, result.stderr
    for table in ("briefs", "claims", "notes", "citations", "sources", "entities", "events", "edges"):
        mine, theirs = (ds.dataset(folder / table).to_table().to_pylist() for folder in (local, remote))
        assert mine == theirs and mine, table
    # Again: the workers hash each file and leave out the five the dataset holds.
    result = CliRunner().invoke(
        main, ["export", *paths, "--scheduler", scheduler, "--format", "parquet", "-o", str(remote), "--no-cache"]
    )
    assert (result.exit_code, result.stderr) == (0, f"wrote {remote} (parquet, 0 briefs in 0 parts; 5 already there)\n")


def test_without_dask_the_scheduler_option_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    result = briefs("analyze", str(SEEDS), "--scheduler", "local", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "--scheduler needs Dask: pip install 'briefs-analyzer[dask]'\n",
    )


@pytest.mark.slow
def test_scheduler_local_starts_a_cluster_of_jobs_workers_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import distributed

    started: list[dict[str, Any]] = []
    real: Any = distributed.LocalCluster

    def recorded(**kwargs: Any) -> Any:
        trim = dask.config.get("distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_")
        started.append({**kwargs, "trim": trim})
        return real(**kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", recorded)
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    local = analysis(seed, "-j", "1", "--model", "")
    assert local[0] == 0
    assert analysis(seed, "--scheduler", "local", "-j", "1", "--model", "") == local
    # Its workers keep the C library's way of returning memory (Dask's nannies set one costing 16% CPU).
    assert [(k["n_workers"], k["processes"], k["threads_per_worker"], k["trim"]) for k in started] == [
        (1, True, 1, None)
    ]


def test_a_run_with_nothing_to_analyse_starts_no_cluster(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import distributed

    def refused(**kwargs: Any) -> Any:
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(distributed, "LocalCluster", refused)
    missing = tmp_path / "missing.txt"
    result = briefs("analyze", str(missing), "--scheduler", "local", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {missing}: ") and result.stderr.count("\n") == 1
    assert json.loads(result.stdout)["errors"][0]["path"] == str(missing)


def test_a_scheduler_out_of_reach_is_one_line_and_status_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefs_analyzer import distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "0.5s")
    result = briefs("analyze", str(SEEDS), "--scheduler", "tcp://127.0.0.1:9", "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert result.stderr.count("\n") == 1


def test_a_url_on_a_local_run_says_to_add_a_scheduler() -> None:
    result = briefs("analyze", "memory://briefs/", "--format", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: memory://briefs/: URLs are read on a Dask run: add --scheduler local (or a scheduler's address)\n",
    )


@pytest.mark.slow
def test_a_relative_path_is_read_where_the_client_means_it_and_keeps_its_name(
    scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers started elsewhere (their working folder is not the client's): they are sent the
    absolute path, and the brief is named as the user wrote it, as a local run names it."""
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.chdir(tmp_path)
    local = analysis("briefs", "-j", "1", "--model", "")
    assert local[0] == 0 and [b["path"] for b in local[1]["briefs"]] == [f"briefs/{seed.name}"]
    assert analysis("briefs", "--scheduler", scheduler, "--model", "") == local
