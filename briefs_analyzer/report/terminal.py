"""Terminal reports drawn with rich."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from briefs_analyzer.model import Brief, Failure


def _authors(b: Brief) -> str:
    return ", ".join(p.name for p in b.metadata.authors) or "—"


def corpus_table(briefs: Sequence[Brief], width: int = 120) -> Table:
    """One row per brief: what it is and how well its claims are backed.

    The numbers always show; file, title and authors share what is left of ``width``.
    """
    spare = max(width - 80, 30)
    table = Table(title="Briefs", show_lines=False, header_style="bold")
    table.add_column("File", overflow="ellipsis", no_wrap=True, max_width=max(12, spare * 2 // 5))
    table.add_column("Date", no_wrap=True, min_width=10)
    for name in ("Sect.", "Sent.", "Cited", "Notes", "Probl."):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    table.add_column("Title", overflow="ellipsis", no_wrap=True, max_width=max(10, spare * 2 // 5))
    table.add_column("Authors", overflow="ellipsis", no_wrap=True, max_width=max(8, spare // 5))
    for b in briefs:
        errors = sum(p.severity == "error" for p in b.problems)
        problems = str(len(b.problems))
        if errors:
            problems = f"[red]{problems}[/red]"
        table.add_row(
            Path(b.path).name,
            b.metadata.date or "—",
            str(sum(1 for s in b.sections if s.heading)),
            str(len(b.sentences)),
            str(sum(1 for s in b.sentences if s.markers)),
            str(len(b.notes)),
            problems,
            b.metadata.title or "—",
            _authors(b),
        )
    return table


def summary_line(briefs: Sequence[Brief], failures: Sequence[Failure]) -> str:
    notes = sum(len(b.notes) for b in briefs)
    claims = sum(len(b.sentences) for b in briefs)
    cited = sum(1 for b in briefs for s in b.sentences if s.markers)
    problems = sum(len(b.problems) for b in briefs)
    line = (
        f"{len(briefs)} brief{'s' if len(briefs) != 1 else ''} analysed: {claims} claims "
        f"({cited} cited), {notes} notes, {problems} problem{'s' if problems != 1 else ''}"
    )
    if failures:
        line += f"; {len(failures)} file{'s' if len(failures) != 1 else ''} could not be analysed"
    return line


def print_corpus(console: Console, briefs: Sequence[Brief], failures: Sequence[Failure]) -> None:
    if briefs:
        console.print(corpus_table(briefs, console.width))
    console.print(summary_line(briefs, failures))
