"""A progress bar on stderr for long runs; silent when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn


@dataclass
class Tracker:
    """Callbacks for the corpus runner: one step per file, a counter of PDF pages."""

    progress: Progress | None
    task: TaskID | None = None
    pages: int = 0

    def file(self, path: Path) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, description=path.name[:40])

    def file_done(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def page(self, done: int, total: int) -> None:
        self.pages += 1
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, pages=self.pages)


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
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        task = progress.add_task("analysing", total=total, pages=0)
        yield Tracker(progress, task)
