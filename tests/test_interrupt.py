"""A corpus run stopped half-way (Ctrl-C, kill -9) exits cleanly and leaves a usable cache."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefs_analyzer.cache import FILE_NAME
from tests.conftest import SEEDS, require_shared

BRIEFS = 40


def cached_briefs(cache: Path) -> int:
    try:
        with sqlite3.connect(cache / FILE_NAME, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM briefs").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill-9"])
def test_an_interrupted_run_leaves_a_usable_cache(tmp_path: Path, sig: signal.Signals) -> None:
    require_shared()
    folder = tmp_path / "corpus"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(BRIEFS):
        text = seeds[i % 2].read_text(encoding="utf-8")
        (folder / f"brief-{i:03d}.txt").write_text(text + f"\nVariant {i}.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "briefs_analyzer", "analyze", str(folder), "--cache-dir", str(cache)]
    command += ["-j", "2", "--format", "json"]
    env = {**os.environ, "BRIEFS_CACHE_DIR": str(cache)}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)
    deadline = time.monotonic() + 120
    while cached_briefs(cache) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C does
    _, err = proc.communicate(timeout=60)
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
