"""A progress bar on stderr for long runs; silent when stderr is not a terminal.

The bar shows files done of all, PDF pages read, files per second and the time left.  It
appears at once (``reading 27 files``, then the file being read), before the first result, and
is cleared when the run ends, so what stays on the terminal is the results alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.text import Text

from briefs_analyzer.display import path_text, printable


def files_per_second(task: Task) -> float | None:
    """Files done over the time since the run started, once a file is done.

    Results arrive in bursts (a chunk of files at a time), so rich's own estimate, taken over
    the last few updates, swings from near nothing to thousands of files per second.
    """
    elapsed = task.elapsed
    if not task.completed or not elapsed:
        return None
    return task.completed / elapsed


class RateColumn(ProgressColumn):
    """Files per second over the whole run, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = files_per_second(task)
        return Text("" if speed is None else f"{speed:.1f} files/s", style="progress.data.speed")


class TimeLeftColumn(ProgressColumn):
    """The time left at the run's average rate, ``-:--:--`` until there is one."""

    def render(self, task: Task) -> Text:
        speed = files_per_second(task)
        if speed is None or task.total is None:
            return Text("-:--:--", style="progress.remaining")
        left = timedelta(seconds=int(max(0.0, task.total - task.completed) / speed))
        return Text(str(left), style="progress.remaining")


@dataclass
class Tracker:
    """Callbacks for the corpus runner: one step per file, a counter of PDF pages."""

    progress: Progress | None
    task: TaskID | None = None
    pages: int = 0

    def file(self, path: Path) -> None:
        """A file is being started: its name takes the status's place."""
        self._update(description=escape(printable(path_text(path.name))[:40]))

    def file_done(self) -> None:
        self._update(advance=1)

    def page(self, done: int, total: int) -> None:
        """One PDF page read in this process (the ingest layer's page callback)."""
        self.add_pages(1)

    def add_pages(self, count: int) -> None:
        """Pages read elsewhere (by a worker process)."""
        self.pages += count
        self._update(pages=self.pages)

    def _update(self, *, advance: int = 0, **fields: Any) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=advance, **fields)


@contextmanager
def tracker(total: int, *, enabled: bool, console: Console | None = None) -> Iterator[Tracker]:
    console = console or Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield Tracker(None)
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files, {task.fields[pages]} pages"),
        RateColumn(),
        TimeLeftColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task(f"reading {total} file{'s' if total != 1 else ''}", total=total, pages=0)
    progress.start()  # at once: the first result may be a minute away (a model to load, a long PDF)
    try:
        yield Tracker(progress, task)
    finally:
        progress.stop()
