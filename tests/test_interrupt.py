"""A corpus run stopped half-way (Ctrl-C, kill -9) exits cleanly and leaves a usable cache."""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from briefs_analyzer.cache import FILE_NAME
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief
from tests.conftest import CORPUS_REAL, SEEDS

BRIEFS = 40


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the run's workers), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


def finish(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    """The run's stderr once it ends; if it hangs, fail with every thread's stack (faulthandler)."""
    try:
        return proc.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGABRT)  # PYTHONFAULTHANDLER=1: Python prints each thread's stack
        _, err = proc.communicate(timeout=30)
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail(f"the run did not end within {timeout} s; where it was:\n{err.decode(errors='replace')}")


def cached_briefs(cache: Path) -> int:
    try:
        with sqlite3.connect(cache / FILE_NAME, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM briefs").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "group"),
    [(signal.SIGINT, True), (signal.SIGINT, False), (signal.SIGKILL, True), (signal.SIGKILL, False)],
    ids=["ctrl-c", "sigint-to-main-only", "kill-9", "kill-9-main-only"],
)
def test_an_interrupted_run_leaves_a_usable_cache(tmp_path: Path, sig: signal.Signals, group: bool) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(BRIEFS):
        text = seeds[i % 2].read_text(encoding="utf-8")
        (folder / f"brief-{i:03d}.txt").write_text(text + f"\nVariant {i}.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "briefs_analyzer", "analyze", str(folder), "--cache-dir", str(cache)]
    command += ["-j", "2", "--format", "json"]
    env = {**os.environ, "BRIEFS_CACHE_DIR": str(cache), "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)
    deadline = time.monotonic() + 120
    while cached_briefs(cache) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    workers = children(proc.pid)
    assert len(workers) == 2
    if group:
        os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C does
    else:
        os.kill(proc.pid, sig)  # as `kill -INT` does: the workers are not told
    err = finish(proc, timeout=60)
    ending = time.monotonic() + 10  # a signalled worker takes a moment to end
    while [pid for pid in workers if alive(pid)] and time.monotonic() < ending:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the run"
    kept = cached_briefs(cache)
    assert 0 < kept < BRIEFS
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert err.decode().split() == ["interrupted"]  # no traceback from the main process or a worker
    else:
        assert proc.returncode == -signal.SIGKILL

    again = subprocess.run(command, capture_output=True, env=env, timeout=600, check=False)
    assert again.returncode == 0, again.stderr.decode()
    document = json.loads(again.stdout)
    assert len(document["briefs"]) == BRIEFS and document["errors"] == []
    assert cached_briefs(cache) == BRIEFS


@pytest.mark.slow
def test_a_reader_that_stops_early_ends_the_workers(tmp_path: Path) -> None:
    """Closing the results half-way (the caller stopped reading, or Ctrl-C in a library user's
    loop) ends the worker processes at once instead of letting the chunks in flight run on."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(BRIEFS):
        text = seeds[i % 2].read_text(encoding="utf-8")
        (tmp_path / f"brief-{i:03d}.txt").write_text(text + f"\nVariant {i}.\n", encoding="utf-8")
    results = Runner(Config(), jobs=2).run([tmp_path])
    first = next(results)
    assert isinstance(first, Brief) and first.path.endswith("brief-000.txt")
    workers = multiprocessing.active_children()
    assert len(workers) == 2
    results.close()  # GeneratorExit inside the run: the pool is abandoned, not waited for
    sentinels = [w.sentinel for w in workers]  # ready once a process has exited
    assert len(multiprocessing.connection.wait(sentinels, timeout=0)) == 2  # by the time close() returns
    # The pool's manager thread reaps them; joining here as well races with it and can read
    # exitcode None for a moment (CPython gh-130895), so wait for the status to be recorded.
    ending = time.monotonic() + 10
    while any(w.exitcode is None for w in workers) and time.monotonic() < ending:
        time.sleep(0.05)
    assert [w.exitcode for w in workers] == [-signal.SIGTERM, -signal.SIGTERM]  # terminated, not finished


@pytest.mark.slow
def test_ctrl_c_while_a_pdf_is_read_apart(tmp_path: Path) -> None:
    """Without workers each PDF is read in a child process: Ctrl-C ends it and the run at once."""
    pdf = (CORPUS_REAL / "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf").read_bytes()
    for i in range(12):
        (tmp_path / f"report-{i:02d}.pdf").write_bytes(pdf + f"\n% variant {i}\n".encode())
    command = [sys.executable, "-m", "briefs_analyzer", "analyze", str(tmp_path), "--no-cache", "-j", "1"]
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)
    deadline = time.monotonic() + 120
    readers: list[int] = []
    while not readers and proc.poll() is None and time.monotonic() < deadline:
        readers = children(proc.pid)
        time.sleep(0.01)
    assert readers and proc.poll() is None, "no PDF was seen being read apart"
    os.killpg(proc.pid, signal.SIGINT)
    err = finish(proc, timeout=60)
    assert proc.returncode == 130
    assert err.decode().split() == ["interrupted"]
    ending = time.monotonic() + 10
    while [pid for pid in readers if alive(pid)] and time.monotonic() < ending:
        time.sleep(0.1)
    assert not [pid for pid in readers if alive(pid)], "a reading child outlived the run"


# --- Ctrl-C in the instant a child process starts ----------------------------------------------
# A forked child runs its parent's Ctrl-C handler until it sets its own. These send the child
# SIGINT before it has done anything, as a Ctrl-C to the process group landing just then would.


def test_ctrl_c_as_a_pdf_reader_starts_is_left_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from briefs_analyzer import apart
    from briefs_analyzer.ingest import read_document

    pdf = CORPUS_REAL / "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf"
    real = apart._read_in_child

    def interrupted_at_once(*args: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # in the child: forked, so it runs this patch
        real(*args)

    monkeypatch.setattr(apart, "_read_in_child", interrupted_at_once)
    document = apart.read_apart(pdf, pdf_engine="pdfium")
    assert document == read_document(pdf, pdf_engine="pdfium")  # read whole, not "crashed"
    assert "Traceback" not in capfd.readouterr().err


def test_ctrl_c_as_a_worker_starts_is_left_to_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from briefs_analyzer import corpus

    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 2):
        (tmp_path / f"{i}-{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\nVariant {i}.\n", "utf-8")
    real = corpus._setup

    def interrupted_at_once(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args)

    monkeypatch.setattr(corpus, "CHUNK", 1)
    expected = list(Runner(Config(), entities=False, jobs=1).run([tmp_path]))
    monkeypatch.setattr(corpus, "_setup", interrupted_at_once)
    results = list(Runner(Config(), entities=False, jobs=2).run([tmp_path]))
    assert len(results) == 4 and results == expected  # no worker died of it, no file "crashed"
    assert "Traceback" not in capfd.readouterr().err
