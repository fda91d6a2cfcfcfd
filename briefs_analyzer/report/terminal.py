"""Terminal reports drawn with rich."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from briefs_analyzer.model import Brief, Failure, Sentence, Source, Support
from briefs_analyzer.rules import UNCITED_FACTUAL_CLAIM
from briefs_analyzer.serialize import from_data, to_data
from briefs_analyzer.support import assign_support, claim_sources, claims_per_source
from briefs_analyzer.views import View
from briefs_analyzer.weights import cooccurring_entities, shared_publishers, shared_sources, weights

SHOWN_SINGLE = 3  # claims resting on a single source, kept per brief to quote under the table


@dataclass(frozen=True)
class Weighed:
    """A source and how many of one brief's claims rest on it."""

    id: str
    label: str
    claims: int


@dataclass(frozen=True)
class Single:
    """A claim resting on a single source, as quoted under the corpus table."""

    claim: str
    source: str


@dataclass(frozen=True)
class BriefRow:
    """What the corpus table and the lines under it show of one brief."""

    path: str
    date: str | None
    title: str | None
    authors: str
    sections: int  # headed sections
    claims: int
    cited: int  # claims with a marker
    notes: int
    problems: int
    errors: int  # problems of severity "error"
    sources: tuple[Weighed, ...] = ()  # the sources claims rest on, most claims first
    single_source: int = 0  # claims resting on exactly one source
    singles: tuple[Single, ...] = ()  # the first few of them


def source_label(s: Source, width: int = 70) -> str:
    """A source as one short line: its title, else its container, address or id."""
    label = s.title or (s.identifiers[0][1] if s.identifiers else None) or s.container or s.url or s.id
    if s.title and s.authors:
        label = f"{s.authors[0]}, {label}"
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def _weighed(b: Brief) -> tuple[tuple[Weighed, ...], int, tuple[Single, ...]]:
    by_id = {s.id: s for s in b.sources}
    rests = claim_sources(b)
    counts = claims_per_source(b)
    sources = tuple(Weighed(sid, source_label(by_id[sid]), n) for sid, n in counts.most_common() if sid in by_id and n)
    single = [c for c in b.sentences if len(rests.get(c.id, ())) == 1 and rests[c.id][0] in by_id]
    shown = tuple(Single(_snippet(c.text), source_label(by_id[rests[c.id][0]])) for c in single[:SHOWN_SINGLE])
    return sources, len(single), shown


def _snippet(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def brief_row(b: Brief) -> BriefRow:
    sources, single, singles = _weighed(b)
    return BriefRow(
        path=b.path,
        date=b.metadata.date,
        title=b.metadata.title,
        authors=", ".join(p.name for p in b.metadata.authors),
        sections=sum(1 for s in b.sections if s.heading),
        claims=len(b.sentences),
        cited=sum(1 for s in b.sentences if s.markers),
        notes=len(b.notes),
        problems=len(b.problems),
        errors=sum(p.severity == "error" for p in b.problems),
        sources=sources,
        single_source=single,
        singles=singles,
    )


def _load_row(data: bytes) -> BriefRow:
    return from_data(BriefRow, json.loads(data))


ROW_VIEW = View("table-row/2", brief_row, lambda row: json.dumps(to_data(row)).encode(), _load_row)


def corpus_table(rows: Sequence[BriefRow], width: int = 120) -> Table:
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
    for row in rows:
        problems = f"[red]{row.problems}[/red]" if row.errors else str(row.problems)
        table.add_row(
            escape(Path(row.path).name),
            row.date or "—",
            str(row.sections),
            str(row.claims),
            str(row.cited),
            str(row.notes),
            problems,
            escape(row.title or "—"),
            escape(row.authors or "—"),
        )
    return table


def summary_line(rows: Sequence[BriefRow], failures: Sequence[Failure]) -> str:
    notes = sum(r.notes for r in rows)
    claims = sum(r.claims for r in rows)
    cited = sum(r.cited for r in rows)
    problems = sum(r.problems for r in rows)
    line = (
        f"{len(rows)} brief{'s' if len(rows) != 1 else ''} analysed: {claims} claims "
        f"({cited} cited), {notes} notes, {problems} problem{'s' if problems != 1 else ''}"
    )
    if failures:
        line += f"; {len(failures)} file{'s' if len(failures) != 1 else ''} could not be analysed"
    return line


def print_corpus(console: Console, rows: Sequence[BriefRow], failures: Sequence[Failure], *, top: int = 5) -> None:
    """The corpus table, the summary line, then what the corpus rests on (see :func:`rests_on`)."""
    if rows:
        console.print(corpus_table(rows, console.width))
    console.print(summary_line(rows, failures))
    for line in rests_on(rows, top=top):
        console.print(line, highlight=False, soft_wrap=True)  # a command to copy stays on one line


def rests_on(rows: Sequence[BriefRow], *, top: int = 5) -> list[str]:
    """What the briefs rest on, as lines for under the table.

    The sources the most claims rest on (across the briefs), the claims that rest on a single
    source (how many, and the first few quoted), and the command that shows one brief's claims
    with the sources under each: the brief with the most single-source claims.
    """
    claims: Counter[str] = Counter()
    briefs: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for row in rows:
        for w in row.sources:
            claims[w.id] += w.claims
            briefs[w.id] += 1
            labels.setdefault(w.id, w.label)
    if not claims:
        return []
    lines = ["", "[bold]Sources the most claims rest on[/bold]"]
    for sid, n in claims.most_common(top):
        where = f"in {briefs[sid]} briefs" if briefs[sid] > 1 else "in 1 brief"
        lines.append(f"  {n:>4} claims {where:<12} {escape(labels[sid])}")
    single = sum(r.single_source for r in rows)
    cited = sum(r.cited for r in rows)
    lines += ["", f"[bold]Claims resting on a single source[/bold]: {single} of {cited} cited claims"]
    ranked = sorted((r for r in rows if r.singles), key=lambda r: -r.single_source)
    quoted = [
        (row, s)
        for depth in range(SHOWN_SINGLE)
        for row in ranked
        if depth < len(row.singles)
        for s in (row.singles[depth],)
    ][:top]
    for row, s in quoted:
        lines.append(f"  {escape(Path(row.path).name)}: {escape(s.claim)!s}")
        lines.append(f"      → {escape(s.source)}")
    worst = max(rows, key=lambda r: (r.single_source, r.cited))
    lines += ["", f"One brief's claims with the sources under each: [bold]briefs show {escape(worst.path)}[/bold]"]
    return lines


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


def _source_line(s: Source) -> str:
    parts = [f"“{s.title}”" if s.title else None, s.container, s.date, f"[{s.type}]"]
    return ", ".join(p for p in parts if p)


_SUPPORT_SHOWN: dict[Support, str] = {
    "cited": "cited",
    "covered": "covered",
    "needs_source": "need a source",
    "analysis": "analysis",
    "not_prose": "not prose",
}


def _support_tag(claim: Sentence) -> str:
    """What ``briefs show`` prints after a claim: its support, with the notes or the kind of fact."""
    if claim.support == "covered":
        notes = " ".join(f"[{n}]" for n in claim.covered_by)
        return f"  [green]covered by {escape(notes)}[/green]"
    if claim.support == "needs_source":
        return f"  [yellow]needs a source: {escape(claim.support_kind or 'a specific fact')}[/yellow]"
    if claim.support in ("analysis", "not_prose"):
        return f"  [dim]{_SUPPORT_SHOWN[claim.support]}[/dim]"
    return ""


def print_show(console: Console, brief: Brief) -> None:
    """Each claim in order with its support (cited with its markers and the sources it rests on,
    covered with the notes that back it, needs a source with the kind of fact, analysis, not
    prose); then each source with the claims that rest on it; then the claims that need a source."""
    if any(c.support is None for c in brief.sentences):
        brief = assign_support(brief)
    sources = {s.id: s for s in brief.sources}
    rests = claim_sources(brief)
    console.print(f"[bold]{escape(brief.metadata.title or Path(brief.path).name)}[/bold]  {brief.metadata.date or ''}")
    counts = Counter(c.support for c in brief.sentences)
    console.print(", ".join(f"{counts[k]} {v}" for k, v in _SUPPORT_SHOWN.items() if counts[k]))
    console.rule("Claims, their support and what they rest on")
    for claim in brief.sentences:
        if claim.support == "not_prose":
            console.print(f"[dim]{claim.id}. {escape(claim.text)}  (not prose)[/dim]")
            continue
        marks = " ".join(f"[{n}]" for n in claim.markers)
        console.print(
            f"[bold]{claim.id}.[/bold] {escape(claim.text)} [cyan]{escape(marks)}[/cyan]{_support_tag(claim)}"
        )
        for sid in rests[claim.id]:
            if sid in sources:
                console.print(f"     ↳ {escape(_source_line(sources[sid]))}")
    console.rule("Sources and the claims resting on them")
    for source in brief.sources:
        resting = [c for c in brief.sentences if source.id in rests[c.id]]
        console.print(
            f"[bold]{escape(_source_line(source))}[/bold]  ({len(resting)} claim{'s' if len(resting) != 1 else ''})"
        )
        for claim in resting:
            console.print(f"     {claim.id}. {escape(claim.text)}")
    console.rule(f"Claims that need a source ({UNCITED_FACTUAL_CLAIM.code})")
    for claim in brief.sentences:
        if claim.support == "needs_source":
            kind = escape(claim.support_kind or "a specific fact")
            console.print(f"{claim.id}. {escape(claim.text)}  [yellow]({kind})[/yellow]")


def print_weights(console: Console, briefs: Sequence[Brief]) -> None:
    """Weight and fragility per brief and for the corpus; then what briefs share."""
    scopes: list[tuple[str, Sequence[Brief]]] = [(Path(b.path).name, [b]) for b in briefs]
    if len(briefs) > 1:
        scopes.append(("whole corpus", briefs))
    for name, scope in scopes:
        w = weights(scope)
        console.rule(escape(name))
        console.print(
            f"{w.claims} claims, {w.cited_claims} cited; {len(w.single_source)} rest on a single source; "
            f"{len(w.news_only)} rest only on news reports; {len(w.uncited_factual)} uncited factual claims"
        )
        if w.citation_age_days:
            ages = w.citation_age_days
            console.print(
                f"citation age: median {ages[len(ages) // 2]} days, oldest {ages[-1]} days, newest {ages[0]} days"
            )
        table = Table(title="Sources carrying the most claims", header_style="bold")
        table.add_column("Claims", justify="right", no_wrap=True, min_width=6)
        table.add_column("Share", justify="right", no_wrap=True, min_width=5)
        table.add_column("Type", no_wrap=True, min_width=10)
        table.add_column("Source", overflow="ellipsis", no_wrap=True, max_width=max(20, console.width - 36))
        for sw in w.heaviest:
            table.add_row(str(sw.claims), f"{sw.share:.0%}", sw.source.type, escape(_source_line(sw.source)))
        console.print(table)
    if len(briefs) > 1:
        console.rule("Shared across briefs")
        for label, items in (("sources", shared_sources(briefs)), ("publishers", shared_publishers(briefs))):
            console.print(f"[bold]{label} cited by several briefs:[/bold] {len(items)}")
            for item in items[:15]:
                console.print(f"  {escape(item.name)} — {', '.join(item.briefs)}")
        pairs = cooccurring_entities(briefs)
        if pairs:
            console.print("[bold]entities mentioned together in claims:[/bold]")
            for a, b, n in pairs:
                console.print(f"  {escape(a)} + {escape(b)}: {n}")


# --- `briefs entities` ---------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}(?:-\d\d){0,2}")


def entity_rows(briefs: Sequence[Brief], *, types: set[str] | None = None) -> list[dict[str, Any]]:
    """One row per entity across ``briefs``: its id, how many briefs, mentions and claims, and when.

    An entity is its type and canonical name; ``id`` is the identity it keeps across briefs
    and runs (``wikidata:<QID>`` where the gazetteer has the entity's Wikidata id, else
    ``<type>:<canonical>``), ``qid`` the Wikidata id itself.  ``first_date``/``last_date``
    are, for a date, its ISO form; for anything else, the earliest and latest ISO date of the
    claims it is mentioned in (None if none is dated).  Rows come most widespread first.
    """
    briefs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    mentions: dict[tuple[str, str], int] = defaultdict(int)
    claims: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    dates: dict[tuple[str, str], list[str]] = defaultdict(list)
    qids: dict[tuple[str, str], str | None] = {}
    for brief in briefs:
        claim_dates: dict[int, list[str]] = defaultdict(list)
        for e in brief.entities:
            if e.type == "date" and e.claim_id is not None and _ISO_DATE.fullmatch(e.canonical):
                claim_dates[e.claim_id].append(e.canonical)
        for e in brief.entities:
            if types is not None and e.type not in types:
                continue
            k = (e.canonical, e.type)
            qids[k] = qids.get(k) or e.qid
            briefs_of[k].add(brief.path)
            mentions[k] += 1
            if e.claim_id is not None:
                claims[k].add((brief.path, e.claim_id))
            if e.type == "date" and _ISO_DATE.fullmatch(e.canonical):
                dates[k].append(e.canonical)
            elif e.type != "date" and e.claim_id is not None:
                dates[k] += claim_dates.get(e.claim_id, [])
    rows: list[dict[str, Any]] = [
        {
            "canonical": canonical,
            "type": typ,
            "briefs": len(briefs_of[(canonical, typ)]),
            "mentions": mentions[(canonical, typ)],
            "claims": len(claims[(canonical, typ)]),
            "first_date": min(dates[(canonical, typ)], default=None),
            "last_date": max(dates[(canonical, typ)], default=None),
            "id": f"wikidata:{qids[(canonical, typ)]}" if qids[(canonical, typ)] else f"{typ}:{canonical}",
            "qid": qids[(canonical, typ)],
        }
        for canonical, typ in mentions
    ]
    rows.sort(key=lambda r: (-r["briefs"], -r["mentions"], r["type"], r["canonical"]))
    return rows
