"""A progress bar on stderr for long runs; silent when stderr is not a terminal.

The bar shows files done of all, PDF pages read, files per second and the time left.  It
appears at once (``reading 27 files``, then the file being read), before the first result, and
is cleared when the run ends, so what stays on the terminal is the results alone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported only when a bar is drawn
    from rich.console import Console
    from rich.progress import Progress, TaskID


@dataclass
class Tracker:
    """Callbacks for the corpus runner: one step per file, a counter of PDF pages."""

    progress: Progress | None
    task: TaskID | None = None
    pages: int = 0

    def file(self, path: Path) -> None:
        """A file is being started: its name takes the status's place."""
        self._update(description=path.name[:40])

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
    if not enabled or (console is None and not sys.stderr.isatty()):
        yield Tracker(None)  # nobody watches: rich is not even imported
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from briefs_analyzer.report.columns import RateColumn, TimeLeftColumn

    console = console or Console(stderr=True)
    if not console.is_terminal:
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
