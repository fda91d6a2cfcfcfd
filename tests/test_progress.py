"""The progress bar: shown at once when someone watches, with pages read by workers too."""

from __future__ import annotations

import os
import pty
import re
import selectors
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import Progress

from briefs_analyzer import corpus
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief
from briefs_analyzer.report.columns import RateColumn, TimeLeftColumn
from briefs_analyzer.report.progress import tracker
from tests.conftest import CORPUS_REAL, SEEDS

# Page counts from the "pages" column of tests/data/real/SOURCES.md.
PDFS = {"crs-r48903-strait-of-hormuz-non-oil-shipments.pdf": 8, "crs-if12672-russias-nuclear-weapons.pdf": 3}


def screen() -> tuple[Console, StringIO]:
    out = StringIO()
    return Console(file=out, force_terminal=True, width=120), out


def test_the_status_shows_before_the_first_file() -> None:
    console, out = screen()
    with tracker(27, enabled=True, console=console) as track:
        assert "reading 27 files" in out.getvalue()  # before any file is started or done
        track.file(Path("report.pdf"))
        track.progress.refresh()  # type: ignore[union-attr]
        assert "report.pdf" in out.getvalue()


def test_a_long_run_shows_files_pages_rate_and_time_left() -> None:
    console, out = screen()
    with tracker(4, enabled=True, console=console) as track:
        track.file(Path("report.pdf"))
        track.add_pages(12)
        track.file_done()
        track.page(1, 2)
        track.file_done()
        track.progress.refresh()  # type: ignore[union-attr]
    text = out.getvalue()
    assert "2/4" in text and "13 pages" in text and "files/s" in text


def test_rate_and_time_left_are_averaged_over_the_run() -> None:
    """Results come a chunk at a time: 4 files at once after 2 s is 2 files/s, not thousands."""
    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task_id = progress.add_task("analysing", total=10)
    task = progress.tasks[0]
    assert RateColumn().render(task).plain == "" and TimeLeftColumn().render(task).plain == "-:--:--"
    now[0] = 2.0
    for _ in range(4):
        progress.update(task_id, advance=1)
        now[0] += 1e-6  # a burst: four results within microseconds
    assert RateColumn().render(task).plain == "2.0 files/s"
    assert TimeLeftColumn().render(task).plain == "0:00:03"  # 6 files left at 2 files/s
    now[0] = 7202.0
    assert TimeLeftColumn().render(task).plain == "3:00:03"  # 4 files in 7202 s: 6 left take 10,803 s


def test_a_bar_never_reaches_a_pipe() -> None:
    out = StringIO()
    with tracker(3, enabled=True, console=Console(file=out)) as track:
        track.file_done()
    assert out.getvalue() == ""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in PDFS:
        shutil.copy(CORPUS_REAL / name, folder / name)
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 2):
        (folder / f"{i}-{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\nVariant {i}.\n", "utf-8")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_counted_in_workers_as_in_one_process(mixed: Path, jobs: int) -> None:
    pages: list[int] = []
    started: list[str] = []
    runner = Runner(
        Config(),
        entities=False,
        jobs=jobs,
        on_page=lambda done, total: pages.append(1),
        on_file=lambda path: started.append(Path(path).name),
    )
    assert runner.plan(6) == ((1, corpus.CHUNK) if jobs == 1 else (2, 1))  # 6 files, 2 workers: both take some
    results = list(runner.run([mixed]))
    assert all(isinstance(r, Brief) for r in results) and len(results) == 6
    assert sum(pages) == sum(PDFS.values()) == 11
    assert sorted(started) == sorted(Path(r.path).name for r in results)  # told as each file starts


def run_on_terminal(args: list[str], *, stdout_terminal: bool, cwd: Path) -> tuple[str, str]:
    """Run the CLI with stderr on a pseudo-terminal, and stdout on one too or on a pipe."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TTY_", "FORCE_", "NO_COLOR"))}
    env.update(TERM="xterm-256color", COLUMNS="120")
    try:
        err_master, err_slave = pty.openpty()
    except OSError as exc:  # a sandbox without /dev/ptmx: no terminal to watch a bar on
        pytest.skip(f"no pseudo-terminals here: {exc}")
    out_master, out_slave = pty.openpty() if stdout_terminal else os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefs_analyzer", *args], stdout=out_slave, stderr=err_slave, env=env, cwd=cwd
    )
    os.close(err_slave)
    os.close(out_slave)
    seen = {out_master: b"", err_master: b""}
    with selectors.DefaultSelector() as sel:
        for fd in seen:
            sel.register(fd, selectors.EVENT_READ)
        while sel.get_map():
            for key, _ in sel.select(timeout=120):
                try:
                    data = os.read(key.fd, 65536)
                except OSError:  # EIO: the terminal's other side closed
                    data = b""
                if data:
                    seen[key.fd] += data
                else:
                    sel.unregister(key.fd)
    proc.wait(timeout=60)
    for fd in seen:
        os.close(fd)
    assert proc.returncode == 0, seen[err_master].decode(errors="replace")
    return seen[out_master].decode(errors="replace"), seen[err_master].decode(errors="replace")


@pytest.fixture
def many(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 3):  # long enough a run (over a second)
        (folder / f"{i}-{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\nVariant {i}.\n", "utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "stdout_terminal", "bar"),
    [
        (["analyze", "many"], True, True),
        (["analyze", "many"], False, False),  # `briefs analyze many > out.txt`: results only
        (["analyze", "many", "--quiet"], True, False),
        (["export", "many", "--format", "graphml", "-o", "graph.graphml"], False, True),  # the results go to a file
    ],
    ids=["terminal", "stdout-redirected", "quiet", "export-to-file"],
)
def test_the_bar_shows_only_when_someone_watches(many: Path, args: list[str], stdout_terminal: bool, bar: bool) -> None:
    out, err = run_on_terminal([*args, "--no-cache", "-j", "1"], stdout_terminal=stdout_terminal, cwd=many.parent)
    assert ("files, " in err) is bar, err
    assert "files, " not in out and "files/s" not in out
    rates = [float(r) for r in re.findall(r"([0-9.]+) files/s", err)]
    assert all(rate < 100 for rate in rates), rates  # six briefs take seconds, whatever the bursts
    if args[0] == "analyze":
        assert "6 briefs analysed" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out)  # the results, on stdout
