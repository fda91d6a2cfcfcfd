"""A run with worker processes never holds the interpreter at exit, however it ends.

Each case runs in a fresh interpreter: a corpus run with two workers that reads every result,
stops reading after the first one (the generator left suspended, its workers running), or is
stopped by Ctrl-C; then the interpreter ends.  The time from the run's last line to the end of
the process is what a user waits after the output stops.  Twenty runs in all, because a hang
at exit (a pool's manager thread waiting on a worker it lost) came one run in several.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS

SCRIPT = """
import os, signal, sys
from pathlib import Path
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner

mode, folder = sys.argv[1], Path(sys.argv[2])
runner = Runner(Config(), entities=False, jobs=2)
results = runner.run([folder])
if mode == "whole":
    print(len(list(results)), "results", flush=True)
elif mode == "abandoned":
    next(results)
    print("stopped reading", flush=True)
else:
    next(results)
    print("interrupting", flush=True)
    os.kill(os.getpid(), signal.SIGINT)
    for _ in results:
        pass
"""
EXIT_SECONDS = 5.0
RUNS = [("whole", i) for i in range(10)] + [("abandoned", i) for i in range(5)] + [("interrupted", i) for i in range(5)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight small briefs: enough for the runner to start its two workers (more than 2 x jobs)."""
    path = tmp_path_factory.mktemp("exit")
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 4):
        (path / f"{i}-{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\nVariant {i}.\n", "utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "run"), RUNS, ids=[f"{m}-{i}" for m, i in RUNS])
def test_the_interpreter_exits_promptly_after_a_run_with_workers(folder: Path, mode: str, run: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the run's last line: from here on the user only waits
    said = time.monotonic()
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"the interpreter was still running 60 s after {line.strip()!r}")
    waited = time.monotonic() - said
    err = proc.stderr.read() if proc.stderr else ""
    assert waited < EXIT_SECONDS, (waited, err)
    expected = {"whole": "8 results", "abandoned": "stopped reading", "interrupted": "interrupting"}[mode]
    assert line.strip() == expected, err
    if mode == "interrupted":
        # the main process took the Ctrl-C (and ended by it, as Python does), no worker did
        assert code == -signal.SIGINT and err.count("KeyboardInterrupt") == 1, err
    else:
        assert code == 0 and err == "", err


def test_no_worker_outlives_the_pool() -> None:
    """Leaving the pool (done, or by an exception) leaves no child process behind."""
    import multiprocessing

    from briefs_analyzer import corpus, workers
    from briefs_analyzer.config import Config

    seed = next(SEEDS.glob("*.txt"))
    with workers.Pool(2, corpus._setup, (Config(), False, None)) as pool:
        tasks = [pool.submit([seed]) for _ in range(2)]
        assert [len(pool.outcome(t)) for t in tasks] == [1, 1]
    assert multiprocessing.active_children() == []
    with pytest.raises(KeyboardInterrupt), workers.Pool(2, corpus._setup, (Config(), False, None)) as pool:
        pool.submit([seed])
        pool.submit([seed])
        raise KeyboardInterrupt
    assert multiprocessing.active_children() == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
