"""The progress bar: shown only for runs over about a second, with pages read by workers too."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from briefs_analyzer import corpus
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief
from briefs_analyzer.report.progress import tracker
from tests.conftest import CORPUS_REAL, SEEDS, require_shared

# Page counts from the "pages" column of ../shared/corpus-real/SOURCES.md.
PDFS = {"crs-r48903-strait-of-hormuz-non-oil-shipments.pdf": 8, "crs-if12672-russias-nuclear-weapons.pdf": 3}


def screen() -> tuple[Console, StringIO]:
    out = StringIO()
    return Console(file=out, force_terminal=True, width=120), out


def test_a_quick_run_shows_no_bar() -> None:
    console, out = screen()
    with tracker(3, enabled=True, console=console) as track:
        for _ in range(3):
            track.file(Path("a.txt"))
            track.file_done()
    assert out.getvalue() == ""


def test_a_long_run_shows_files_pages_rate_and_time_left() -> None:
    console, out = screen()
    with tracker(4, enabled=True, console=console, show_after=0) as track:
        track.file(Path("report.pdf"))
        track.add_pages(12)
        track.file_done()
        track.page(1, 2)
        track.file_done()
        track.progress.refresh()  # type: ignore[union-attr]
    text = out.getvalue()
    assert "2/4" in text and "13 pages" in text and "files/s" in text


def test_a_bar_never_reaches_a_pipe() -> None:
    out = StringIO()
    with tracker(3, enabled=True, console=Console(file=out), show_after=0) as track:
        track.file_done()
    assert out.getvalue() == ""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    require_shared()
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in PDFS:
        shutil.copy(CORPUS_REAL / name, folder / name)
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 2):
        (folder / f"{i}-{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\nVariant {i}.\n", "utf-8")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_are_counted_in_workers_as_in_one_process(
    mixed: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "CHUNK", 2)  # several chunks, so both workers take some
    pages: list[int] = []
    runner = Runner(
        Config(), entities=False, jobs=jobs, on_page=lambda done, total: pages.append(1), on_pages=pages.append
    )
    results = list(runner.run([mixed]))
    assert all(isinstance(r, Brief) for r in results) and len(results) == 6
    assert sum(pages) == sum(PDFS.values()) == 11
