"""The HTML report: one self-contained page an analyst can open offline and share.

:func:`render_report` turns analysed briefs into a single HTML document: a corpus
overview with charts (inline SVG), a timeline, an interactive citation graph drawn with
the vendored Cytoscape.js, one panel per brief with its markers resolved, and a sortable
sources table.  Everything is inlined; a Content-Security-Policy forbids any network
access and lets only the page's own two scripts run.

Safety: every piece of text from a brief goes through Jinja2's autoescaping, data for the
scripts is JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&``
written as ``\\u003c`` etc., and the scripts only ever set ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from briefs_analyzer.graph import (
    brief_node,
    build_graph,
    claim_node,
    publisher_name,
    source_node,
)
from briefs_analyzer.model import Brief, Marker, Problem, Sentence, Source
from briefs_analyzer.support import claim_sources, claims_per_source, uncited_factual
from briefs_analyzer.weights import weights

GRAPH_TYPES = ("brief", "claim", "source", "publisher")
TYPE_COLORS = {"brief": "#1f3a5f", "claim": "#9aa5b1", "source": "#2a9d8f", "publisher": "#8e6bbf"}
UNCITED_COLOR = "#e8871e"
# Tableau 10: distinguishable, and readable on white.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
AGE_BINS: tuple[tuple[int, str], ...] = (
    (30, "< 1 mo"),
    (182, "1–6 mo"),
    (365, "6–12 mo"),
    (730, "1–2 y"),
    (1826, "2–5 y"),
    (3652, "5–10 y"),
    (7305, "10–20 y"),
    (10**9, "20+ y"),
)
ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


# ---------------------------------------------------------------------------
# Small helpers


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever made clickable (never ``javascript:`` and friends)."""
    return url if url and re.match(r"^https?://", url, re.IGNORECASE) else None


def _source_label(source: Source) -> str:
    return source.title or source.container or source.url or source.id


def _brief_title(brief: Brief) -> str:
    return brief.metadata.title or Path(brief.path).name


def _year(iso: str | None) -> float | None:
    """A (possibly partial) ISO date as a fractional year, for placing it on an axis."""
    match = ISO.match(iso or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    value = float(year)
    if month:
        value += (min(int(month), 12) - 1) / 12
        if day:
            value += (min(int(day), 31) - 1) / 365
    return value


def script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``: nothing in it can close the tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def _inline_script(code: str) -> Markup:
    """Code for an inline ``<script>``; refuses anything that could end the element early."""
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("script text would close its <script> element")
    return Markup(code)


def _csp_hash(code: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


@cache
def _vendor(name: str) -> str:
    return resources.files("briefs_analyzer.report").joinpath("vendor", name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Brief panels: paragraphs, claims and markers at their offsets


@dataclass(frozen=True)
class Part:
    """A run of text, or a note marker."""

    text: str = ""
    marker: int | None = None


@dataclass(frozen=True)
class Segment:
    """Text inside one claim (``claim`` set) or between claims."""

    parts: tuple[Part, ...]
    claim: int | None = None
    cited: bool = False
    uncited: bool = False


@dataclass(frozen=True)
class MarginItem:
    kind: str  # "uncited", "error", "warning" or "info"
    label: str
    text: str
    claim: int | None = None


@dataclass(frozen=True)
class Paragraph:
    heading: bool
    segments: tuple[Segment, ...]
    margin: tuple[MarginItem, ...]


@dataclass(frozen=True)
class NoteRow:
    number: int
    text: str
    kind: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class BriefPanel:
    index: int
    title: str
    file: str
    date: str
    authors: str
    organization: str
    claims: int
    cited: int
    uncited: int
    notes: tuple[NoteRow, ...]
    sources: int
    problems: tuple[Problem, ...]
    errors: int
    loose_problems: tuple[MarginItem, ...]
    paragraphs: tuple[Paragraph, ...]


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for sep in [*re.finditer(r"\n[ \t]*\n\s*", body), None]:
        end = sep.start() if sep else len(body)
        chunk = body[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            spans.append((pos + lead, end - trail))
        if sep:
            pos = sep.end()
    return spans


def _split(body: str, start: int, end: int, markers: list[tuple[int, Marker]]) -> tuple[Part, ...]:
    parts: list[Part] = []
    pos = start
    for offset, marker in sorted(markers, key=lambda om: om[0]):
        if offset > pos:
            parts.append(Part(body[pos:offset]))
            pos = offset
        parts.append(Part(marker=marker.number))
    if end > pos:
        parts.append(Part(body[pos:end]))
    return tuple(parts)


def _segments(
    brief: Brief,
    start: int,
    end: int,
    sentences: list[Sentence],
    markers: list[Marker],
    rests: dict[int, tuple[str, ...]],
    flagged: frozenset[int],
) -> tuple[Segment, ...]:
    cuts: list[tuple[int, int, Sentence | None]] = []
    pos = start
    for s in sorted(sentences, key=lambda s: s.start):
        a, b = max(s.start, pos), min(s.end, end)
        if b <= a:
            continue
        if a > pos:
            cuts.append((pos, a, None))
        cuts.append((a, b, s))
        pos = b
    if pos < end:
        cuts.append((pos, end, None))
    placed: dict[int, list[tuple[int, Marker]]] = defaultdict(list)
    for m in markers:
        offset = min(max(m.offset, start), end)
        own = [i for i, (a, b, s) in enumerate(cuts) if s is not None and s.id == m.sentence and a <= offset <= b]
        inside = [i for i, (a, b, _) in enumerate(cuts) if a <= offset < b or (offset == b == end)]
        where = own[0] if own else inside[0] if inside else len(cuts) - 1
        placed[where].append((offset, m))
    return tuple(
        Segment(
            _split(brief.body, a, b, placed[i]),
            claim=s.id if s else None,
            cited=bool(s and rests.get(s.id)),
            uncited=bool(s and s.id in flagged),
        )
        for i, (a, b, s) in enumerate(cuts)
    )


def _problem_item(p: Problem) -> MarginItem:
    return MarginItem(p.severity, p.code, p.message)


def _panel(index: int, brief: Brief, rests: dict[int, tuple[str, ...]]) -> BriefPanel:
    flagged = uncited_factual(brief)
    headings = {s.heading.strip() for s in brief.sections if s.heading}
    spans = _paragraph_spans(brief.body)
    owners = [a for a, _ in spans]
    by_para: dict[int, list[Marker]] = defaultdict(list)
    for m in brief.markers:
        k = max((i for i, a in enumerate(owners) if a <= m.offset), default=0)
        by_para[k].append(m)
    assigned: set[int] = set()
    paragraphs: list[Paragraph] = []
    for k, (a, b) in enumerate(spans):
        sentences = [s for s in brief.sentences if s.start < b and s.end > a]
        markers = by_para.get(k, [])
        text = brief.body[a:b]
        if not sentences and not markers and text.strip() in headings:
            paragraphs.append(Paragraph(True, (Segment((Part(text),)),), ()))
            continue
        margin = [
            MarginItem("uncited", f"claim {s.id}", "uncited factual", s.id)
            for s in sentences
            if s.id in flagged and s.start >= a
        ]
        lines = [s.line for s in sentences] + [m.line for m in markers]
        if lines:
            low, high = min(lines), max(lines)
            for i, p in enumerate(brief.problems):
                if i not in assigned and p.line is not None and low <= p.line <= high:
                    assigned.add(i)
                    margin.append(_problem_item(p))
        paragraphs.append(Paragraph(False, _segments(brief, a, b, sentences, markers, rests, flagged), tuple(margin)))
    loose = tuple(_problem_item(p) for i, p in enumerate(brief.problems) if i not in assigned)
    meta = brief.metadata
    return BriefPanel(
        index=index,
        title=_brief_title(brief),
        file=Path(brief.path).name,
        date=meta.date or "undated",
        authors=", ".join(p.name for p in meta.authors),
        organization=meta.organization or "",
        claims=len(brief.sentences),
        cited=sum(1 for ids in rests.values() if ids),
        uncited=len(flagged),
        notes=tuple(NoteRow(n.number, n.text, n.kind or "", n.source_ids) for n in brief.notes),
        sources=len(brief.sources),
        problems=brief.problems,
        errors=sum(p.severity == "error" for p in brief.problems),
        loose_problems=loose,
        paragraphs=tuple(paragraphs),
    )


# ---------------------------------------------------------------------------
# Charts (inline SVG; geometry computed here, text escaped by the template)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str
    value: int


@dataclass(frozen=True)
class TypeRow:
    label: str
    title: str
    y: float
    total: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class TypeChart:
    width: int
    height: int
    left: int
    rows: tuple[TypeRow, ...]
    legend: tuple[tuple[str, str, int], ...]  # type, color, count


def _type_chart(briefs: Sequence[Brief]) -> TypeChart:
    totals: Counter[str] = Counter(s.type for b in briefs for s in b.sources)
    colors = {t: PALETTE[i % len(PALETTE)] for i, (t, _) in enumerate(totals.most_common())}
    most = max((len(b.sources) for b in briefs), default=0) or 1
    left, width, row_h = 200, 540, 30
    span = width - left - 40
    rows: list[TypeRow] = []
    for i, b in enumerate(briefs):
        counts = Counter(s.type for s in b.sources)
        x, y, bars = float(left), 10.0 + i * row_h, []
        for t, _ in totals.most_common():
            n = counts.get(t, 0)
            if n:
                w = span * n / most
                bars.append(Bar(x, y, w, row_h - 10, colors[t], t, n))
                x += w
        rows.append(TypeRow(_clip(_brief_title(b), 25), _brief_title(b), y, len(b.sources), tuple(bars)))
    legend = tuple((t, colors[t], n) for t, n in totals.most_common())
    return TypeChart(width, 20 + row_h * max(len(briefs), 1), left, tuple(rows), legend)


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    base: float
    bars: tuple[Bar, ...]
    count: int
    median: str


def _age_text(days: float) -> str:
    if days < 60:
        return f"{days:.0f} days"
    if days < 730:
        return f"{days / 30.44:.0f} months"
    return f"{days / 365.25:.1f} years"


def _histogram(ages: Sequence[int]) -> Histogram:
    labels: list[tuple[str, int]] = []
    if any(a < 0 for a in ages):
        labels.append(("after brief", sum(a < 0 for a in ages)))
    low = 0
    for high, label in AGE_BINS:
        labels.append((label, sum(low <= a < high for a in ages)))
        low = high
    width, height, top, base = 520, 230, 22.0, 190.0
    slot = (width - 20) / len(labels)
    peak = max((n for _, n in labels), default=0) or 1
    bars = tuple(
        Bar(10 + i * slot + 4, base - (base - top) * n / peak, slot - 8, (base - top) * n / peak, "#4e79a7", label, n)
        for i, (label, n) in enumerate(labels)
    )
    ordered = sorted(ages)
    median = ""
    if ordered:
        mid = len(ordered) // 2
        value = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        median = _age_text(value)
    return Histogram(width, height, base, bars, len(ages), median)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    color: str
    tip: str
    href: str
    event: bool


@dataclass(frozen=True)
class TimelineRow:
    date: str
    kind: str  # "event" or "date"
    what: str
    detail: str
    brief: int
    brief_label: str
    href: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: int
    lanes: tuple[tuple[str, float, str], ...]  # label, y, color
    ticks: tuple[tuple[float, str], ...]
    axis_y: float
    dots: tuple[Dot, ...]
    rows: tuple[TimelineRow, ...]


def _timeline(briefs: Sequence[Brief]) -> Timeline:
    rows: list[TimelineRow] = []
    for i, b in enumerate(briefs):
        label = _clip(_brief_title(b), 40)
        claims = {s.id: s for s in b.sentences}
        for ev in b.events:
            parties = ", ".join(ev.parties)
            what = ev.instrument + (f" ({ev.verb})" if ev.verb else "")
            rows.append(TimelineRow(ev.date or "", "event", what, parties, i, label, f"#b{i}-c{ev.claim_id}"))
        seen: set[tuple[int | None, str]] = set()
        for e in b.entities:
            if e.type != "date" or e.place != "body" or (e.claim_id, e.canonical) in seen:
                continue
            seen.add((e.claim_id, e.canonical))
            claim = claims.get(e.claim_id) if e.claim_id is not None else None
            rows.append(
                TimelineRow(
                    e.canonical,
                    "date",
                    e.text,
                    _clip(claim.text, 140) if claim else "",
                    i,
                    label,
                    f"#b{i}-c{e.claim_id}",
                )
            )
    rows.sort(key=lambda r: (_year(r.date) is None, _year(r.date) or 0.0, r.kind != "event", r.brief))
    years = [y for r in rows if (y := _year(r.date)) is not None]
    width, left, lane_h = 980, 220, 30
    lanes = [("Agreement events", "#1f3a5f")] + [
        (_clip(_brief_title(b), 27), PALETTE[i % len(PALETTE)]) for i, b in enumerate(briefs)
    ]
    lane_y = tuple((label, 20.0 + k * lane_h, color) for k, (label, color) in enumerate(lanes))
    axis_y = 20.0 + len(lanes) * lane_h - 8
    ticks: list[tuple[float, str]] = []
    dots: list[Dot] = []
    if years:
        lo, hi = math.floor(min(years)), math.ceil(max(years)) + 1
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if (hi - lo) / s <= 12)
        lo, hi = lo - lo % step, hi + (-hi % step)
        span = max(hi - lo, 1)

        def x(year: float) -> float:
            return left + 10 + (width - left - 30) * (year - lo) / span

        ticks = [(x(t), str(t)) for t in range(lo, hi + 1, step)]
        for r in rows:
            y = _year(r.date)
            if y is None:
                continue
            lane = 0 if r.kind == "event" else r.brief + 1
            tip = f"{r.date} · {r.what}" + (f" — {r.detail}" if r.detail else "") + f" ({r.brief_label})"
            color = lanes[lane][1]
            dots.append(Dot(x(y), lane_y[lane][1], color, tip, r.href, r.kind == "event"))
    return Timeline(width, int(axis_y + 28), left, lane_y, tuple(ticks), axis_y, tuple(dots), tuple(rows))


# ---------------------------------------------------------------------------
# Sources table, graph and the data the scripts read


@dataclass(frozen=True)
class SourceRow:
    id: str
    label: str
    authors: str
    type: str
    publisher: str
    date: str
    url: str | None
    notes: int
    claims: int
    briefs: tuple[tuple[int, str, int], ...]  # brief index, label, claims in it


def _source_rows(briefs: Sequence[Brief]) -> list[SourceRow]:
    first: dict[str, Source] = {}
    claims: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    where: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for i, b in enumerate(briefs):
        per = claims_per_source(b)
        claims.update(per)
        notes.update(sid for n in b.notes for sid in dict.fromkeys(n.source_ids))
        for s in b.sources:
            first.setdefault(s.id, s)
            if not any(j == i for j, _, _ in where[s.id]):
                where[s.id].append((i, _clip(_brief_title(b), 48), per.get(s.id, 0)))
    rows = [
        SourceRow(
            id=s.id,
            label=_source_label(s),
            authors=", ".join(s.authors),
            type=s.type,
            publisher=publisher_name(s) or "",
            date=s.date or "",
            url=_safe_url(s.url),
            notes=notes.get(s.id, 0),
            claims=claims.get(s.id, 0),
            briefs=tuple(where[s.id]),
        )
        for s in first.values()
    ]
    return sorted(rows, key=lambda r: (-r.claims, r.label.lower()))


def graph_elements(briefs: Sequence[Brief]) -> dict[str, list[dict[str, Any]]]:
    """The citation graph for the page: briefs, claims, sources and publishers.

    Nodes and the ``contains`` and ``published_by`` edges come from :func:`build_graph`;
    notes are collapsed so that each claim links straight to the sources it rests on
    (``rests_on``, as :func:`claim_sources` gives them).
    """
    g = build_graph(briefs)
    index = {brief_node(b): i for i, b in enumerate(briefs)}
    flagged = {claim_node(b, c) for b in briefs for c in uncited_factual(b)}
    nodes: list[dict[str, Any]] = []
    for node, attrs in g.nodes(data=True):
        kind = attrs.get("type")
        if kind not in GRAPH_TYPES:
            continue
        label = str(attrs.get("label", node))
        data: dict[str, Any] = {"id": node, "type": kind, "label": label, "color": TYPE_COLORS[kind]}
        if kind == "brief":
            data.update(short=_clip(label, 34), brief=index.get(node), full=label)
        elif kind == "claim":
            uncited = node in flagged
            data.update(
                short=f"claim {attrs.get('claim_id')}",
                full=str(attrs.get("text", label)),
                brief=index.get(str(attrs.get("brief"))),
                claim=attrs.get("claim_id"),
                uncited=uncited,
            )
            if uncited:
                data["color"] = UNCITED_COLOR
        elif kind == "source":
            full = attrs.get("title") or attrs.get("container") or attrs.get("url") or node.split(":", 1)[1]
            data.update(
                short=_clip(str(full), 30),
                full=str(full),
                sourceType=attrs.get("source_type", ""),
                date=attrs.get("date", ""),
                container=attrs.get("container", ""),
                url=_safe_url(attrs.get("url")),
            )
        else:
            data.update(short=_clip(label, 30), full=label)
        nodes.append({"data": data})
    present = {n["data"]["id"] for n in nodes}
    edges: list[dict[str, Any]] = []
    for u, v, key in g.edges(keys=True):
        if key in ("contains", "published_by") and u in present and v in present:
            edges.append({"data": {"id": f"{key}|{u}|{v}", "source": u, "target": v, "type": key}})
    for b in briefs:
        for cid, ids in claim_sources(b).items():
            c = claim_node(b, cid)
            for sid in ids:
                s = source_node(sid)
                if c in present and s in present:
                    edges.append({"data": {"id": f"rests_on|{c}|{s}", "source": c, "target": s, "type": "rests_on"}})
    return {"nodes": nodes, "edges": edges}


def _page_data(briefs: Sequence[Brief]) -> dict[str, Any]:
    sources: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for i, b in enumerate(briefs):
        for s in b.sources:
            sources.setdefault(
                s.id,
                {
                    "label": _source_label(s),
                    "title": s.title,
                    "authors": list(s.authors),
                    "container": s.container,
                    "date": s.date,
                    "type": s.type,
                    "url": _safe_url(s.url),
                    "node": source_node(s.id),
                },
            )
        flagged = uncited_factual(b)
        rests = claim_sources(b)
        out.append(
            {
                "index": i,
                "title": _brief_title(b),
                "file": Path(b.path).name,
                "node": brief_node(b),
                "notes": {
                    str(n.number): {
                        "text": n.text,
                        "kind": n.kind,
                        "antecedent": n.antecedent,
                        "sources": list(n.source_ids),
                    }
                    for n in reversed(b.notes)  # the first definition of a duplicated number wins
                },
                "claims": {
                    str(c.id): {
                        "sources": list(rests.get(c.id, ())),
                        "markers": list(c.markers),
                        "uncited": c.id in flagged,
                        "node": claim_node(b, c.id),
                    }
                    for c in b.sentences
                },
            }
        )
    return {"briefs": out, "sources": sources}


@dataclass(frozen=True)
class Overview:
    briefs: int
    claims: int
    cited: int
    uncited: int
    notes: int
    sources: int
    problems: int
    errors: int
    warnings: int


def _overview(briefs: Sequence[Brief], panels: Sequence[BriefPanel]) -> Overview:
    problems = [p for b in briefs for p in b.problems]
    return Overview(
        briefs=len(briefs),
        claims=sum(p.claims for p in panels),
        cited=sum(p.cited for p in panels),
        uncited=sum(p.uncited for p in panels),
        notes=sum(len(b.notes) for b in briefs),
        sources=len({s.id for b in briefs for s in b.sources}),
        problems=len(problems),
        errors=sum(p.severity == "error" for p in problems),
        warnings=sum(p.severity == "warning" for p in problems),
    )


# ---------------------------------------------------------------------------
# Rendering


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda value: f"{value:.1f}"
    return env.from_string(TEMPLATE)


def render_report(briefs: Sequence[Brief], *, title: str = "Briefs report") -> str:
    """One self-contained HTML document (scripts, styles and data inlined) reporting on ``briefs``."""
    briefs = list(briefs)
    rests = [claim_sources(b) for b in briefs]
    panels = [_panel(i, b, rests[i]) for i, b in enumerate(briefs)]
    graph = graph_elements(briefs)
    vendor_js, app_js = _vendor("cytoscape.min.js"), APP_JS
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src '{_csp_hash(vendor_js)}' '{_csp_hash(app_js)}'",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    graph_counts = Counter(n["data"]["type"] for n in graph["nodes"])
    return _template().render(
        title=title,
        csp=csp,
        css=Markup(CSS),
        overview=_overview(briefs, panels),
        panels=panels,
        type_chart=_type_chart(briefs),
        histogram=_histogram(weights(briefs).citation_age_days),
        timeline=_timeline(briefs),
        sources=_source_rows(briefs),
        source_titles={s.id: _source_label(s) for b in briefs for s in b.sources},
        graph_types=[(t, TYPE_COLORS[t], graph_counts.get(t, 0)) for t in GRAPH_TYPES],
        uncited_color=UNCITED_COLOR,
        page_data=script_json(_page_data(briefs)),
        graph_data=script_json(graph),
        vendor_js=_inline_script(vendor_js),
        app_js=_inline_script(app_js),
    )


CSS = """
:root { --ink: #1d2430; --muted: #5b6675; --line: #e2e6eb; --bg: #f6f7f9; --card: #fff;
  --accent: #1f3a5f; --uncited: #e8871e; --error: #c0392b; --warning: #b7791f; --info: #2b6cb0; }
* { box-sizing: border-box; }
html { scroll-behavior: smooth; scroll-padding-top: 64px; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); }
header.top { position: sticky; top: 0; z-index: 20; background: var(--accent); color: #fff;
  display: flex; align-items: center; gap: 24px; padding: 10px 28px; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
header.top h1 { font-size: 17px; margin: 0; font-weight: 600; white-space: nowrap; }
header.top nav { display: flex; gap: 4px; flex-wrap: wrap; }
header.top nav a { color: #dbe6f3; text-decoration: none; padding: 4px 10px; border-radius: 4px; font-size: 14px; }
header.top nav a:hover { background: rgba(255,255,255,.14); color: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 28px 60px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px;
  margin: 0 0 22px; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 12px; margin-bottom: 16px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fbfcfd; }
.stat b { display: block; font-size: 24px; line-height: 1.2; }
.stat span { color: var(--muted); font-size: 13px; }
.stat.bad b { color: var(--error); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f1f3f6; white-space: nowrap; }
.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 22px; }
@media (max-width: 1000px) { .grid2 { grid-template-columns: 1fr; } }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font-family: inherit; fill: var(--ink); }
svg .axis { stroke: #98a2ad; stroke-width: 1; }
svg .grid { stroke: #eceff2; stroke-width: 1; }
svg a:hover circle, svg a:hover rect { stroke: #000; stroke-width: 1.5; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; margin-top: 6px; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px;
  vertical-align: -1px; }
.swatch.round { border-radius: 50%; }
.swatch.diamond { transform: rotate(45deg) scale(.85); }
.badge { display: inline-block; font-size: 12px; padding: 0 7px; border-radius: 9px; background: #eef1f4;
  color: #34404f; white-space: nowrap; }
.badge.error { background: #fde8e6; color: var(--error); }
.badge.warning { background: #fdf3e1; color: var(--warning); }
details.timeline-list { margin-top: 10px; }
details summary { cursor: pointer; color: var(--accent); font-weight: 500; }
/* graph */
.graph-wrap { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 16px; }
@media (max-width: 1000px) { .graph-wrap { grid-template-columns: 1fr; } }
#graph { height: 620px; border: 1px solid var(--line); border-radius: 6px; background: #fcfcfd; }
.graph-side { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.filters label { display: flex; align-items: center; gap: 7px; font-size: 14px; padding: 2px 0; cursor: pointer; }
.filters .count { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
button { font: inherit; font-size: 13px; cursor: pointer; border: 1px solid #c9d0d8; background: #fff;
  border-radius: 5px; padding: 3px 10px; color: var(--ink); }
button:hover { background: #f1f4f7; }
#graph-selection { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; font-size: 14px;
  max-height: 470px; overflow: auto; background: #fbfcfd; }
#graph-selection h4 { margin: 10px 0 4px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
#graph-selection ul { list-style: none; margin: 0; padding: 0; }
#graph-selection li button { display: block; width: 100%; text-align: left; border: 0; border-radius: 4px;
  padding: 3px 6px; background: none; font-size: 13.5px; line-height: 1.35; }
#graph-selection li button:hover { background: #e9eef4; }
#graph-selection .sel-title { font-weight: 600; }
#graph-selection .sel-title.claim { font-weight: 400; font-style: italic; }
/* briefs */
.brief-head { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; align-items: baseline; }
.brief-head h2 { margin-bottom: 2px; }
.brief-body { margin-top: 14px; }
.para { display: grid; grid-template-columns: minmax(0, 800px) 250px; gap: 28px; margin: 0 0 12px; }
.para p { margin: 0; white-space: pre-line; }
.para h3 { margin: 10px 0 0; }
.margin { border-left: 2px solid var(--line); padding-left: 10px; font-size: 12.5px; line-height: 1.4; }
.margin .item { display: block; margin-bottom: 4px; color: var(--muted); text-decoration: none; }
.margin a.item:hover { text-decoration: underline; }
.margin .item.uncited { color: #9a5a12; }
.margin .item.error { color: var(--error); }
.margin .item.warning { color: var(--warning); }
.margin .item.info { color: var(--info); }
.margin .item b { font-weight: 600; }
.claim { border-radius: 3px; cursor: pointer; }
.claim:hover, .claim:focus { background: #eef3f9; outline: none; }
.claim.uncited, .uncited-demo { text-decoration: underline dotted var(--uncited) 2px; text-underline-offset: 3px; }
.claim.uncited:hover { background: #fff1dd; }
.claim:target, .claim.flash { background: #fff1a8; box-shadow: 0 0 0 2px #fff1a8; }
sup.marker, sup.marker-demo { font-size: 11px; font-weight: 700; color: #fff; background: var(--accent);
  border-radius: 8px; padding: 0 5px; margin: 0 1px; cursor: pointer; line-height: 1; vertical-align: 5px; }
sup.marker:hover, sup.marker:focus, sup.marker.active { background: #2a9d8f; outline: none; }
sup.marker.missing { background: var(--error); }
.problems-box { border: 1px solid #f3c7c1; background: #fff7f6; border-radius: 6px; padding: 8px 12px; margin-top: 12px;
  font-size: 14px; }
.problems-box ul { margin: 4px 0 0; padding-left: 18px; }
details.notes { margin-top: 14px; }
details.notes ol { padding-left: 0; list-style: none; font-size: 13.5px; }
details.notes li { margin: 0 0 6px; display: grid; grid-template-columns: 34px minmax(0, 1fr); }
details.notes li .n { font-weight: 700; color: var(--accent); }
/* popover */
#popover { position: absolute; z-index: 50; max-width: 440px; background: #fff; border: 1px solid #c9d0d8;
  border-radius: 8px; box-shadow: 0 6px 24px rgba(20,30,45,.18); padding: 10px 14px; font-size: 13.5px;
  line-height: 1.4; }
#popover[hidden] { display: none; }
#popover .pop-head { font-weight: 700; margin-bottom: 6px; }
#popover .pop-source { padding: 6px 0; border-top: 1px solid var(--line); }
#popover .pop-title { font-weight: 600; }
#popover .pop-meta { color: var(--muted); font-size: 12.5px; }
#popover .pop-note { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; border-top: 1px solid var(--line);
  padding-top: 6px; overflow-wrap: anywhere; }
#popover .pop-missing { color: var(--error); margin: 0; }
#popover .pop-actions { margin-top: 8px; }
#popover a { overflow-wrap: anywhere; }
/* sources table */
table.sortable th button { all: unset; cursor: pointer; }
table.sortable th button::after { content: " ↕"; color: #aab2bc; font-size: 11px; }
table.sortable th[aria-sort="ascending"] button::after { content: " ▲"; color: var(--accent); }
table.sortable th[aria-sort="descending"] button::after { content: " ▼"; color: var(--accent); }
td .sub { display: block; color: var(--muted); font-size: 12.5px; }
td a { color: var(--accent); }
.brief-links a { display: block; font-size: 13px; }
footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 30px; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body>
<header class="top">
  <h1>{{ title }}</h1>
  <nav>
    <a href="#overview">Overview</a><a href="#charts">Charts</a><a href="#timeline">Timeline</a>
    <a href="#citation-graph">Graph</a><a href="#briefs">Briefs</a><a href="#sources">Sources</a>
  </nav>
</header>
<main>
<section class="card" id="overview">
  <h2>Corpus overview</h2>
  <div class="stats">
    <div class="stat"><b>{{ overview.briefs }}</b><span>briefs</span></div>
    <div class="stat"><b>{{ overview.claims }}</b><span>claims ({{ overview.cited }} cited)</span></div>
    <div class="stat{{ ' bad' if overview.uncited else '' }}"><b>{{ overview.uncited }}</b>
      <span>uncited factual claims</span></div>
    <div class="stat"><b>{{ overview.notes }}</b><span>notes</span></div>
    <div class="stat"><b>{{ overview.sources }}</b><span>distinct sources</span></div>
    <div class="stat{{ ' bad' if overview.errors else '' }}"><b>{{ overview.problems }}</b>
      <span>problems ({{ overview.errors }} errors, {{ overview.warnings }} warnings)</span></div>
  </div>
  <table id="brief-table">
    <thead><tr><th>Brief</th><th>Date</th><th>Authors</th><th class="num">Claims</th><th class="num">Cited</th>
      <th class="num">Uncited factual</th><th class="num">Notes</th><th class="num">Sources</th>
      <th class="num">Problems</th></tr></thead>
    <tbody>
    {% for p in panels %}
      <tr><td><a href="#brief-{{ p.index }}">{{ p.title }}</a><span class="sub muted small">{{ p.file }}</span></td>
        <td class="nowrap">{{ p.date }}</td><td>{{ p.authors or '—' }}</td><td class="num">{{ p.claims }}</td>
        <td class="num">{{ p.cited }}</td><td class="num">{{ p.uncited }}</td><td class="num">{{ p.notes|length }}</td>
        <td class="num">{{ p.sources }}</td>
        <td class="num">{% if p.errors %}<span class="badge error">{{ p.problems|length }}</span>
          {% else %}{{ p.problems|length }}{% endif %}</td></tr>
    {% else %}
      <tr><td colspan="9" class="muted">No briefs.</td></tr>
    {% endfor %}
    </tbody>
  </table>
</section>

<section class="card" id="charts">
  <h2>Sources and their age</h2>
  <div class="grid2">
    <figure id="chart-types">
      <figcaption>Source types per brief</figcaption>
      <svg viewBox="0 0 {{ type_chart.width }} {{ type_chart.height }}" width="100%" role="img"
           aria-label="Source types per brief">
      {% for row in type_chart.rows %}
        <text x="{{ type_chart.left - 8 }}" y="{{ (row.y + 15)|num }}" text-anchor="end"
              font-size="11.5"><title>{{ row.title }}</title>{{ row.label }}</text>
        {% for bar in row.bars %}
        <rect x="{{ bar.x|num }}" y="{{ row.y|num }}" width="{{ bar.width|num }}" height="{{ bar.height|num }}"
              fill="{{ bar.color }}"><title>{{ bar.label }}: {{ bar.value }}</title></rect>
        {% if bar.width > 18 %}<text x="{{ (bar.x + bar.width / 2)|num }}" y="{{ (row.y + 15)|num }}"
              text-anchor="middle" font-size="11" style="fill:#fff">{{ bar.value }}</text>{% endif %}
        {% endfor %}
        <text x="{{ ((row.bars|last).x + (row.bars|last).width + 6)|num if row.bars else type_chart.left + 6 }}"
              y="{{ (row.y + 15)|num }}" font-size="12">{{ row.total }}</text>
      {% endfor %}
      </svg>
      <div class="legend">
      {% for t, color, n in type_chart.legend %}
        <span><i class="swatch" style="background:{{ color }}"></i>{{ t }} ({{ n }})</span>
      {% else %}<span class="muted">No sources.</span>
      {% endfor %}
      </div>
    </figure>
    <figure id="chart-ages">
      <figcaption>Citation age <span class="muted small">(brief date − source date; {{ histogram.count }} dated
        citations{% if histogram.median %}, median {{ histogram.median }}{% endif %})</span></figcaption>
      {% if histogram.count %}
      <svg viewBox="0 0 {{ histogram.width }} {{ histogram.height }}" width="100%" role="img"
           aria-label="Histogram of citation age">
        <line class="axis" x1="6" x2="{{ histogram.width - 6 }}" y1="{{ histogram.base }}" y2="{{ histogram.base }}"/>
      {% for bar in histogram.bars %}
        <rect x="{{ bar.x|num }}" y="{{ bar.y|num }}" width="{{ bar.width|num }}" height="{{ bar.height|num }}"
              fill="{{ bar.color }}" rx="2"><title>{{ bar.label }}: {{ bar.value }}</title></rect>
        <text x="{{ (bar.x + bar.width / 2)|num }}" y="{{ (bar.y - 5)|num }}" text-anchor="middle"
              font-size="12">{{ bar.value }}</text>
        <text x="{{ (bar.x + bar.width / 2)|num }}" y="{{ histogram.base + 17 }}" text-anchor="middle"
              font-size="11.5">{{ bar.label }}</text>
      {% endfor %}
      </svg>
      {% else %}
      <p class="muted">No citation has both a dated source and a dated brief.</p>
      {% endif %}
    </figure>
  </div>
</section>

<section class="card" id="timeline">
  <h2>Timeline <span class="muted small">agreement events and dates mentioned in the briefs' claims</span></h2>
  {% if timeline.dots %}
  <svg viewBox="0 0 {{ timeline.width }} {{ timeline.height }}" width="100%" role="img" aria-label="Timeline">
    {% for x, label in timeline.ticks %}
    <line class="grid" x1="{{ x|num }}" x2="{{ x|num }}" y1="6" y2="{{ timeline.axis_y }}"/>
    <text x="{{ x|num }}" y="{{ timeline.axis_y + 18 }}" text-anchor="middle" font-size="12">{{ label }}</text>
    {% endfor %}
    <line class="axis" x1="{{ timeline.left }}" x2="{{ timeline.width - 10 }}" y1="{{ timeline.axis_y }}"
          y2="{{ timeline.axis_y }}"/>
    {% for label, y, color in timeline.lanes %}
    <text x="{{ timeline.left - 10 }}" y="{{ (y + 4)|num }}" text-anchor="end" font-size="11.5"
      {{- ' font-weight="600"' if loop.first else '' }}>{{ label }}</text>
    <line class="grid" x1="{{ timeline.left }}" x2="{{ timeline.width - 10 }}" y1="{{ y|num }}" y2="{{ y|num }}"/>
    {% endfor %}
    {% for dot in timeline.dots %}
    <a href="{{ dot.href }}"><title>{{ dot.tip }}</title>
    {% if dot.event %}
      <rect x="{{ (dot.x - 6)|num }}" y="{{ (dot.y - 6)|num }}" width="12" height="12" fill="{{ dot.color }}"
            transform="rotate(45 {{ dot.x|num }} {{ dot.y|num }})" opacity="0.9"/>
    {% else %}
      <circle cx="{{ dot.x|num }}" cy="{{ dot.y|num }}" r="5.5" fill="{{ dot.color }}" opacity="0.8"/>
    {% endif %}
    </a>
    {% endfor %}
  </svg>
  <div class="legend"><span><i class="swatch diamond" style="background:#1f3a5f"></i>agreement event (signed,
    joined, imposed…)</span><span><i class="swatch round" style="background:#8a97a8"></i>date mentioned in a claim,
    one lane per brief</span><span class="muted">hover for details, click to read the claim</span></div>
  {% else %}
  <p class="muted">No dated events or dates in the claims (entity recognition may have been off).</p>
  {% endif %}
  {% if timeline.rows %}
  <details class="timeline-list"{{ ' open' if timeline.rows|length <= 12 else '' }}>
    <summary>All {{ timeline.rows|length }} dated items</summary>
    <table>
      <thead><tr><th>Date</th><th>What</th><th>Context</th><th>Brief</th></tr></thead>
      <tbody>
      {% for r in timeline.rows %}
        <tr><td class="nowrap">{{ r.date or 'undated' }}</td>
          <td><span class="badge">{{ r.kind }}</span> {{ r.what }}</td>
          <td class="small">{{ r.detail }}</td>
          <td class="small"><a href="{{ r.href }}">{{ r.brief_label }}</a></td></tr>
      {% endfor %}
      </tbody>
    </table>
  </details>
  {% endif %}
</section>

<section class="card" id="citation-graph">
  <h2>Citation graph <span class="muted small">briefs contain claims; claims rest on sources; publishers stand behind
    sources. Click a node to see its neighbours.</span></h2>
  <div class="graph-wrap">
    <div id="graph" role="img" aria-label="Citation graph"></div>
    <div class="graph-side">
      <div class="filters" id="graph-filters">
      {% for t, color, n in graph_types %}
        <label><input type="checkbox" data-type="{{ t }}" checked>
          <i class="swatch" style="background:{{ color }}"></i>{{ t }}s<span class="count">{{ n }}</span></label>
      {% endfor %}
        <div class="small muted" style="margin-top:4px"><i class="swatch" style="background:{{ uncited_color }}"></i>
          uncited factual claim</div>
      </div>
      <div><button type="button" id="graph-fit">Fit to view</button>
        <button type="button" id="graph-clear">Clear selection</button></div>
      <div id="graph-selection"><span class="muted">Click a node in the graph.</span></div>
    </div>
  </div>
</section>

<div id="briefs">
{% for p in panels %}
<section class="card brief" id="brief-{{ p.index }}" data-brief="{{ p.index }}">
  <div class="brief-head">
    <div>
      <h2>{{ p.title }}</h2>
      <div class="muted small">{{ p.file }} · {{ p.date }}{% if p.authors %} · {{ p.authors }}{% endif %}
        {% if p.organization %} · {{ p.organization }}{% endif %}</div>
    </div>
    <div class="small">
      <span class="badge">{{ p.claims }} claims</span> <span class="badge">{{ p.cited }} cited</span>
      <span class="badge warning">{{ p.uncited }} uncited factual</span>
      <span class="badge{{ ' error' if p.errors else '' }}">{{ p.problems|length }} problems</span>
    </div>
  </div>
  <div class="legend small muted"><span><sup class="marker-demo">1</sup> note marker: hover or click for its source
    </span><span><span class="uncited-demo">dotted</span>: uncited factual claim (flagged in the margin)</span>
    <span>click a claim for the sources it rests on</span></div>
  {% if p.loose_problems %}
  <div class="problems-box"><b>Problems</b>
    <ul>{% for m in p.loose_problems %}<li><span class="badge {{ m.kind }}">{{ m.label }}</span> {{ m.text }}</li>
      {% endfor %}</ul>
  </div>
  {% endif %}
  <div class="brief-body">
  {% for para in p.paragraphs %}
    <div class="para">
    {% if para.heading %}
      <h3>{{ para.segments[0].parts[0].text }}</h3><div></div>
    {% else %}
      <p>
      {%- for seg in para.segments -%}
        {%- if seg.claim is not none -%}
        <span class="claim{{ ' uncited' if seg.uncited else '' }}{{ ' cited' if seg.cited else '' }}"
          id="b{{ p.index }}-c{{ seg.claim }}" data-brief="{{ p.index }}" data-claim="{{ seg.claim }}" tabindex="0">
        {%- endif -%}
        {%- for part in seg.parts -%}
          {%- if part.marker is not none -%}
          <sup class="marker" data-brief="{{ p.index }}" data-note="{{ part.marker }}" tabindex="0"
            role="button" aria-label="note {{ part.marker }}">{{ part.marker }}</sup>
          {%- else -%}{{ part.text }}{%- endif -%}
        {%- endfor -%}
        {%- if seg.claim is not none %}</span>{% endif -%}
      {%- endfor -%}
      </p>
      <aside class="margin">
      {% for m in para.margin %}
        {% if m.claim is not none %}
        <a class="item {{ m.kind }}" href="#b{{ p.index }}-c{{ m.claim }}" data-claim="{{ m.claim }}"
          title="states a date, a figure or a name and cites nothing"><b>⚑ {{ m.label }}</b> {{ m.text }}</a>
        {% else %}
        <span class="item {{ m.kind }}"><b>● {{ m.label }}</b> {{ m.text }}</span>
        {% endif %}
      {% endfor %}
      </aside>
    {% endif %}
    </div>
  {% endfor %}
  </div>
  <details class="notes">
    <summary>Notes ({{ p.notes|length }})</summary>
    <ol>
    {% for n in p.notes %}
      <li><span class="n">{{ n.number }}</span><span>{{ n.text }}
        {% if n.kind and n.kind != 'full' %}<span class="badge">{{ n.kind }}</span>{% endif %}
        {% for sid in n.sources %}<span class="sub muted">→ {{ source_titles.get(sid, sid) }}</span>{% endfor %}
      </span></li>
    {% endfor %}
    </ol>
  </details>
</section>
{% endfor %}
</div>

<section class="card" id="sources">
  <h2>Sources <span class="muted small">click a column heading to sort</span></h2>
  <table class="sortable" id="sources-table">
    <thead><tr>
      <th data-sort="text"><button type="button">Source</button></th>
      <th data-sort="text"><button type="button">Type</button></th>
      <th data-sort="text"><button type="button">Publisher</button></th>
      <th data-sort="text"><button type="button">Date</button></th>
      <th data-sort="number" class="num"><button type="button">Notes</button></th>
      <th data-sort="number" class="num" aria-sort="descending"><button type="button">Claims</button></th>
      <th data-sort="number"><button type="button">Briefs</button></th>
    </tr></thead>
    <tbody>
    {% for s in sources %}
      <tr data-source="{{ s.id }}">
        <td data-value="{{ s.label|lower }}">{% if s.url %}<a href="{{ s.url }}" rel="noopener noreferrer"
          target="_blank">{{ s.label }}</a>{% else %}{{ s.label }}{% endif %}
          {% if s.authors %}<span class="sub">{{ s.authors }}</span>{% endif %}</td>
        <td data-value="{{ s.type }}"><span class="badge">{{ s.type }}</span></td>
        <td data-value="{{ s.publisher|lower }}">{{ s.publisher }}</td>
        <td data-value="{{ s.date }}" class="nowrap">{{ s.date }}</td>
        <td class="num" data-value="{{ s.notes }}">{{ s.notes }}</td>
        <td class="num" data-value="{{ s.claims }}">{{ s.claims }}</td>
        <td data-value="{{ s.briefs|length }}" class="brief-links">{% for i, label, n in s.briefs %}
          <a href="#brief-{{ i }}">{{ label }} <span class="muted">({{ n }})</span></a>{% endfor %}</td>
      </tr>
    {% else %}
      <tr><td colspan="7" class="muted">No sources.</td></tr>
    {% endfor %}
    </tbody>
  </table>
</section>
<footer>Generated by briefs-analyzer · graph drawn with Cytoscape.js (MIT licence) · works offline</footer>
</main>
<div id="popover" hidden role="dialog"></div>
<script type="application/json" id="report-data">{{ page_data }}</script>
<script type="application/json" id="graph-data">{{ graph_data }}</script>
<script>{{ vendor_js }}</script>
<script>{{ app_js }}</script>
</body>
</html>
"""

APP_JS = r"""
(function () {
  "use strict";
  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }
  var data = readJson("report-data");
  var graph = readJson("graph-data");
  var report = { data: data, graph: graph, cy: null, ready: false, errors: [] };
  window.briefsReport = report;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function link(url, text) {
    var a = el("a", null, text || url);
    a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }

  /* ---------------- popover for markers and claims ---------------- */
  var pop = document.getElementById("popover");
  var pinned = null;
  var activeMarker = null;

  function place(anchor) {
    var r = anchor.getBoundingClientRect();
    pop.hidden = false;
    var w = pop.offsetWidth;
    var right = window.scrollX + document.documentElement.clientWidth - w - 12;
    var left = Math.min(Math.max(8, r.left + window.scrollX - 12), right);
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function show(anchor, content, pin) {
    pop.replaceChildren(content);
    pinned = pin ? anchor : null;
    if (activeMarker) { activeMarker.classList.remove("active"); activeMarker = null; }
    if (anchor.classList.contains("marker")) { activeMarker = anchor; anchor.classList.add("active"); }
    pop.dataset.kind = anchor.classList.contains("marker") ? "marker" : "claim";
    place(anchor);
  }
  function hide() {
    pop.hidden = true; pinned = null; pop.replaceChildren();
    if (activeMarker) { activeMarker.classList.remove("active"); activeMarker = null; }
  }

  function sourceBlock(sid) {
    var s = data.sources[sid];
    var box = el("div", "pop-source");
    box.dataset.sourceId = sid;
    if (!s) { box.appendChild(el("div", "pop-title", "Unknown source " + sid)); return box; }
    box.appendChild(el("div", "pop-title", s.label));
    var meta = [];
    if (s.authors && s.authors.length) { meta.push(s.authors.join(", ")); }
    if (s.container && s.container !== s.label) { meta.push(s.container); }
    if (s.date) { meta.push(s.date); }
    if (s.type) { meta.push(s.type); }
    if (meta.length) { box.appendChild(el("div", "pop-meta", meta.join(" · "))); }
    var url = safeUrl(s.url);
    if (url) { var d = el("div", "pop-meta"); d.appendChild(link(url)); box.appendChild(d); }
    return box;
  }
  var KIND = { ibid: "Ibid.", short: "short form", supra: "supra", cross_reference: "cross-reference",
               commentary: "commentary", full: "full citation" };

  function markerContent(bi, number) {
    var note = data.briefs[bi].notes[String(number)];
    var box = el("div");
    if (!note) {
      box.appendChild(el("div", "pop-head", "Note " + number));
      box.appendChild(el("p", "pop-missing", "No note with this number: the marker resolves to nothing."));
      return box;
    }
    var head = "Note " + number;
    if (note.kind && note.kind !== "full") {
      head += " · " + (KIND[note.kind] || note.kind);
      if (note.antecedent !== null && note.antecedent !== undefined) {
        head += " (through note " + note.antecedent + ")";
      }
    }
    box.appendChild(el("div", "pop-head", head));
    if (note.sources.length) { note.sources.forEach(function (sid) { box.appendChild(sourceBlock(sid)); }); }
    else { box.appendChild(el("p", "pop-missing", "No source resolved for this note.")); }
    box.appendChild(el("p", "pop-note", note.text));
    return box;
  }

  function claimContent(bi, cid) {
    var claim = data.briefs[bi].claims[String(cid)];
    var box = el("div");
    if (!claim) { box.appendChild(el("div", "pop-head", "Claim " + cid)); return box; }
    var n = claim.sources.length;
    box.appendChild(el("div", "pop-head",
      "Claim " + cid + (n ? " rests on " + n + (n === 1 ? " source" : " sources") : " cites nothing")));
    claim.sources.forEach(function (sid) { box.appendChild(sourceBlock(sid)); });
    if (claim.uncited) {
      box.appendChild(el("p", "pop-missing", "Uncited factual claim: it states a date, a figure or a name."));
    } else if (!n && claim.markers.length) {
      box.appendChild(el("p", "pop-missing", "Its markers resolve to no source."));
    }
    var actions = el("div", "pop-actions");
    var btn = el("button", null, "Show in graph");
    btn.type = "button";
    btn.addEventListener("click", function () { hide(); focusNode(claim.node); });
    actions.appendChild(btn);
    box.appendChild(actions);
    return box;
  }

  function markerOf(target) { return target.closest ? target.closest("sup.marker[data-brief]") : null; }
  function claimOf(target) { return target.closest ? target.closest("span.claim[data-brief]") : null; }
  function open(target, pin) {
    var m = markerOf(target);
    if (m) { show(m, markerContent(+m.dataset.brief, +m.dataset.note), pin); return true; }
    var c = claimOf(target);
    if (c && pin) { show(c, claimContent(+c.dataset.brief, +c.dataset.claim), true); return true; }
    return false;
  }
  document.addEventListener("mouseover", function (ev) {
    var m = markerOf(ev.target);
    if (m && !pinned) { open(m, false); }
  });
  document.addEventListener("mouseout", function (ev) {
    var m = markerOf(ev.target);
    if (m && !pinned && !(ev.relatedTarget && m.contains(ev.relatedTarget))) { hide(); }
  });
  document.addEventListener("click", function (ev) {
    if (pop.contains(ev.target)) { return; }
    if (!open(ev.target, true)) { hide(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hide(); return; }
    if ((ev.key === "Enter" || ev.key === " ") && (markerOf(ev.target) || claimOf(ev.target))) {
      ev.preventDefault(); open(ev.target, true);
    }
  });
  window.addEventListener("resize", function () { if (pinned) { place(pinned); } });

  // Mark markers whose note is missing.
  document.querySelectorAll("sup.marker[data-brief]").forEach(function (m) {
    if (!data.briefs[+m.dataset.brief].notes[m.dataset.note]) { m.classList.add("missing"); }
  });

  /* ---------------- sortable tables ---------------- */
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var numeric = th.dataset.sort === "number";
        var dir = th.getAttribute("aria-sort") === "descending" ? "ascending"
          : th.getAttribute("aria-sort") === "ascending" ? "descending" : (numeric ? "descending" : "ascending");
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell ? (cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent) : "";
          return numeric ? parseFloat(v) || 0 : v;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = numeric ? x - y : String(x).localeCompare(String(y));
          return dir === "ascending" ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  /* ---------------- citation graph ---------------- */
  var ORDER = ["brief", "claim", "source", "publisher"];
  var selection = document.getElementById("graph-selection");

  function nodeTitle(n) { return n.data("full") || n.data("label"); }

  function renderSelection(node) {
    var box = el("div");
    box.dataset.nodeId = node.id();
    box.appendChild(el("div", "muted small", node.data("type")));
    box.appendChild(el("div", "sel-title " + node.data("type"), nodeTitle(node)));
    var d = node.data();
    var meta = [];
    if (d.type === "source") { [d.container, d.date, d.sourceType].forEach(function (x) { if (x) { meta.push(x); } }); }
    if (d.type === "claim") {
      var b = data.briefs[d.brief];
      meta.push("claim " + d.claim + " of " + (b ? b.title : "?"));
      if (d.uncited) { meta.push("uncited factual"); }
    }
    if (meta.length) { box.appendChild(el("div", "muted small", meta.join(" · "))); }
    if (d.type === "source" && safeUrl(d.url)) {
      var p = el("div", "small");
      p.appendChild(link(d.url));
      box.appendChild(p);
    }
    if (d.type === "claim") {
      var go = el("a", "small", "Read it in the brief ↓");
      go.href = "#b" + d.brief + "-c" + d.claim;
      box.appendChild(go);
    }
    var groups = {};
    node.neighborhood("node").forEach(function (n) {
      var t = n.data("type");
      (groups[t] = groups[t] || []).push(n);
    });
    var any = false;
    ORDER.forEach(function (t) {
      var list = groups[t];
      if (!list || !list.length) { return; }
      any = true;
      list.sort(function (a, b) {
        return (a.data("claim") || 0) - (b.data("claim") || 0) || nodeTitle(a).localeCompare(nodeTitle(b));
      });
      box.appendChild(el("h4", null, t + "s (" + list.length + ")"));
      var ul = el("ul");
      ul.dataset.type = t;
      list.forEach(function (n) {
        var li = el("li");
        li.dataset.nodeId = n.id();
        var btn = el("button", null, n.data("type") === "claim" ? n.data("short") + ": " + nodeTitle(n) : nodeTitle(n));
        btn.type = "button";
        btn.addEventListener("click", function () { selectNode(n, true); });
        li.appendChild(btn);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
    if (!any) { box.appendChild(el("p", "muted", "No neighbours.")); }
    selection.replaceChildren(box);
  }

  function clearSelection() {
    if (!report.cy) { return; }
    report.cy.elements().removeClass("faded near focus");
    report.selected = null;
    selection.replaceChildren(el("span", "muted", "Click a node in the graph."));
  }

  function selectNode(node, center) {
    var cy = report.cy;
    cy.batch(function () {
      cy.elements().removeClass("near focus").addClass("faded");
      node.closedNeighborhood().removeClass("faded").addClass("near");
      node.addClass("focus");
    });
    if (center) { cy.animate({ center: { eles: node }, duration: 250 }); }
    report.selected = node.id();
    renderSelection(node);
  }

  function focusNode(id) {
    var cy = report.cy;
    if (!cy) { return; }
    var node = cy.getElementById(id);
    if (!node || node.empty()) { return; }
    document.getElementById("graph").scrollIntoView({ block: "center" });
    selectNode(node, true);
  }
  report.select = focusNode;

  function initGraph() {
    var container = document.getElementById("graph");
    if (typeof window.cytoscape !== "function") {
      container.textContent = "The graph library did not load.";
      return;
    }
    var big = graph.nodes.length > 800;
    var cy = window.cytoscape({
      container: container,
      elements: graph,
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        { selector: "node", style: { "background-color": "data(color)", "label": "", "width": 14, "height": 14,
          "font-size": 10, "color": "#1d2430", "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis",
          "text-max-width": "150px", "text-background-color": "#fff", "text-background-opacity": 0.75,
          "text-background-padding": "1px", "min-zoomed-font-size": 7 } },
        { selector: "node[type = 'brief']", style: { "shape": "round-rectangle", "width": 30, "height": 30,
          "label": "data(short)", "font-size": 12, "font-weight": "bold", "text-max-width": "220px" } },
        { selector: "node[type = 'claim']", style: { "width": 9, "height": 9 } },
        { selector: "node[type = 'source']", style: { "width": 17, "height": 17, "label": "data(short)" } },
        { selector: "node[type = 'publisher']", style: { "shape": "diamond", "width": 18, "height": 18,
          "label": "data(short)", "color": "#5a4385" } },
        { selector: "edge", style: { "width": 1, "line-color": "#cfd5dc", "curve-style": "straight", "opacity": 0.9 } },
        { selector: "edge[type = 'rests_on']", style: { "line-color": "#7fbcb4" } },
        { selector: "edge[type = 'published_by']", style: { "line-color": "#bfa9de", "line-style": "dashed" } },
        { selector: ".faded", style: { "opacity": 0.12 } },
        { selector: "node.near", style: { "label": "data(short)", "z-index": 10 } },
        { selector: "edge.near", style: { "width": 2 } },
        { selector: "node.focus", style: { "border-width": 3, "border-color": "#111", "label": "data(short)",
          "font-weight": "bold", "z-index": 20 } },
        { selector: ".hidden", style: { "display": "none" } }
      ]
    });
    report.cy = cy;
    var layout = cy.layout({ name: "cose", animate: false, randomize: true, fit: true, padding: 24,
      nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 40; },
      numIter: big ? 250 : 1200, nodeDimensionsIncludeLabels: false });
    layout.one("layoutstop", function () {
      // Lay the drawing along the container's long side, and never blow a small graph up.
      var bb = cy.elements().boundingBox();
      if ((bb.h > bb.w) !== (container.clientHeight > container.clientWidth)) {
        cy.nodes().positions(function (n) { var p = n.position(); return { x: p.y, y: p.x }; });
      }
      cy.fit(cy.elements(), 24);
      if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }
      report.ready = true;
      container.dataset.ready = "true";
    });
    layout.run();
    cy.on("tap", "node", function (evt) { selectNode(evt.target, false); });
    cy.on("tap", function (evt) { if (evt.target === cy) { clearSelection(); } });
    cy.on("mouseover", "node", function (evt) { evt.target.addClass("near"); container.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function (evt) {
      container.style.cursor = "";
      var sel = report.selected ? cy.getElementById(report.selected) : null;
      if (!sel || !sel.closedNeighborhood().contains(evt.target)) { evt.target.removeClass("near"); }
    });
    document.querySelectorAll("#graph-filters input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        var nodes = cy.nodes().filter(function (n) { return n.data("type") === box.dataset.type; });
        if (box.checked) { nodes.removeClass("hidden"); } else { nodes.addClass("hidden"); }
      });
    });
    document.getElementById("graph-fit").addEventListener("click", function () {
      cy.fit(cy.elements(":visible"), 24);
    });
    document.getElementById("graph-clear").addEventListener("click", clearSelection);
  }
  initGraph();
})();
"""
