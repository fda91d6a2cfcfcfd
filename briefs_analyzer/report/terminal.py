"""Terminal reports drawn with rich."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from briefs_analyzer.model import Brief, Failure
from briefs_analyzer.support import claims_per_source


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


def source_rows(briefs: Sequence[Brief]) -> list[dict[str, Any]]:
    """One row per source across the corpus: what it is and how much rests on it."""
    rows: dict[str, dict[str, Any]] = {}
    for b in briefs:
        claims = claims_per_source(b)
        notes = Counter(sid for n in b.notes for sid in n.source_ids)
        for s in b.sources:
            row = rows.setdefault(
                s.id,
                {
                    "id": s.id,
                    "title": s.title,
                    "container": s.container,
                    "date": s.date,
                    "type": s.type,
                    "notes": 0,
                    "claims": 0,
                    "briefs": [],
                },
            )
            row["notes"] += notes[s.id]
            row["claims"] += claims[s.id]
            row["briefs"].append(Path(b.path).name)
    return sorted(rows.values(), key=lambda r: (-r["claims"], -r["notes"], r["title"] or ""))


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "—" if value is None else str(value)


def print_rows(console: Console, rows: Sequence[dict[str, Any]], title: str) -> None:
    """A table of rows (dicts with the same keys).

    Numbers and short fields keep their full width; the text columns share what is left
    of the terminal, cut with an ellipsis.
    """
    if not rows:
        console.print(f"{title}: none")
        return
    keys = list(rows[0])
    widths = {k: max(len(k), *(len(_cell(r[k])) for r in rows)) for k in keys}
    fixed = [k for k in keys if widths[k] <= 16 or all(isinstance(r[k], int) for r in rows)]
    flexible = [k for k in keys if k not in fixed]
    spare = console.width - sum(widths[k] + 3 for k in fixed) - 4
    share = max(8, spare // max(len(flexible), 1) - 3)
    table = Table(title=title, header_style="bold")
    for k in keys:
        numeric = all(isinstance(r[k], int) for r in rows)
        table.add_column(
            k.replace("_", " ").capitalize(),
            justify="right" if numeric else "left",
            overflow="ellipsis",
            no_wrap=True,
            min_width=widths[k] if k in fixed else None,
            max_width=None if k in fixed else share,
        )
    for r in rows:
        table.add_row(*(_cell(v) for v in r.values()))
    console.print(table)
