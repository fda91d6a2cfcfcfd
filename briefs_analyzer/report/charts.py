"""The report's charts, as inline SVG whose geometry is computed here (the template escapes the text).

Sized for any corpus: the source-type chart shows the briefs with the most sources (the rest in one
row), the timeline gives each brief a lane only for a handful of briefs, and long lists are cut.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefs_analyzer.model import Brief
from briefs_analyzer.report.panels import brief_title

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
TYPE_ROWS = 25  # briefs shown in the source-type chart; the rest share one row
BRIEF_LANES = 10  # up to this many briefs, each has its own timeline lane
TIMELINE_DOTS = 1500  # dots drawn at most (the earliest first, events always)
TIMELINE_ROWS = 400  # rows of the dated-items table at most


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def year_of(iso: str | None) -> float | None:
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


def type_chart(briefs: Sequence[Brief]) -> TypeChart:
    """Source types per brief: the briefs with the most sources, one bar each; the others in one row."""
    totals: Counter[str] = Counter(s.type for b in briefs for s in b.sources)
    order = [t for t, _ in totals.most_common()]
    colors = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(order)}
    ranked = sorted(range(len(briefs)), key=lambda i: -len(briefs[i].sources))
    shown = sorted(ranked[:TYPE_ROWS])
    rest = ranked[TYPE_ROWS:]
    groups: list[tuple[str, str, Counter[str]]] = [
        (clip(brief_title(briefs[i]), 25), brief_title(briefs[i]), Counter(s.type for s in briefs[i].sources))
        for i in shown
    ]
    if rest:
        label = f"{len(rest)} other briefs"
        groups.append((label, label, Counter(s.type for i in rest for s in briefs[i].sources)))
    most = max((sum(c.values()) for _, _, c in groups), default=0) or 1
    left, width, row_h = 200, 540, 30
    span = width - left - 40
    rows: list[TypeRow] = []
    for k, (label, title, counts) in enumerate(groups):
        x, y, bars = float(left), 10.0 + k * row_h, []
        for t in order:
            n = counts.get(t, 0)
            if n:
                w = span * n / most
                bars.append(Bar(x, y, w, row_h - 10, colors[t], t, n))
                x += w
        rows.append(TypeRow(label, title, y, sum(counts.values()), tuple(bars)))
    legend = tuple((t, colors[t], n) for t, n in totals.most_common())
    return TypeChart(width, 20 + row_h * max(len(groups), 1), left, tuple(rows), legend)


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


def histogram(ages: Sequence[int]) -> Histogram:
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
    rows: tuple[TimelineRow, ...]  # the first TIMELINE_ROWS
    total: int


def _timeline_rows(briefs: Sequence[Brief]) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    for i, b in enumerate(briefs):
        label = clip(brief_title(b), 40)
        claims = {s.id: s for s in b.sentences}
        for ev in b.events:
            what = ev.instrument + (f" ({ev.verb})" if ev.verb else "")
            rows.append(
                TimelineRow(ev.date or "", "event", what, ", ".join(ev.parties), i, label, f"#b{i}-c{ev.claim_id}")
            )
        seen: set[tuple[int | None, str]] = set()
        for e in b.entities:
            if e.type != "date" or e.place != "body" or (e.claim_id, e.canonical) in seen:
                continue
            seen.add((e.claim_id, e.canonical))
            claim = claims.get(e.claim_id) if e.claim_id is not None else None
            detail = clip(claim.text, 140) if claim else ""
            rows.append(TimelineRow(e.canonical, "date", e.text, detail, i, label, f"#b{i}-c{e.claim_id}"))
    rows.sort(key=lambda r: (year_of(r.date) is None, year_of(r.date) or 0.0, r.kind != "event", r.brief))
    return rows


def timeline(briefs: Sequence[Brief]) -> Timeline:
    """Agreement events and the dates claims mention; one lane per brief for a few briefs, else one lane."""
    rows = _timeline_rows(briefs)
    years = [y for r in rows if (y := year_of(r.date)) is not None]
    width, left, lane_h = 980, 220, 30
    own_lanes = len(briefs) <= BRIEF_LANES
    lanes = [("Agreement events", "#1f3a5f")] + (
        [(clip(brief_title(b), 27), PALETTE[i % len(PALETTE)]) for i, b in enumerate(briefs)]
        if own_lanes
        else [(f"Dates in claims ({len(briefs)} briefs)", PALETTE[0])]
    )
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
        drawn = [r for r in rows if r.kind == "event"] + [r for r in rows if r.kind != "event"]
        for r in drawn[:TIMELINE_DOTS]:
            y = year_of(r.date)
            if y is None:
                continue
            lane = 0 if r.kind == "event" else (r.brief + 1 if own_lanes else 1)
            tip = f"{r.date} · {r.what}" + (f" — {r.detail}" if r.detail else "") + f" ({r.brief_label})"
            dots.append(Dot(x(y), lane_y[lane][1], lanes[lane][1], tip, r.href, r.kind == "event"))
    shown = tuple(rows[:TIMELINE_ROWS])
    return Timeline(width, int(axis_y + 28), left, lane_y, tuple(ticks), axis_y, tuple(dots), shown, len(rows))
