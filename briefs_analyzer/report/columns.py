"""The progress bar's own columns: rates averaged over the whole run."""

from __future__ import annotations

from datetime import timedelta

from rich.progress import ProgressColumn, Task
from rich.text import Text


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
