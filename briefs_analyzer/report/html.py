"""The HTML report: one self-contained page an analyst can open offline and share, for any corpus size.

:func:`render_report` turns analysed briefs into a single HTML document.  The page opens on an
overview (every brief with its claims by support status), a matrix of one brief's claims against
the sources they rest on, the sources table (each source with the claims across the corpus that
rest on it), a map of briefs, sources and publishers laid out here in Python
(:mod:`~briefs_analyzer.report.layout`), and charts.  A brief's text, with its markers resolved,
is drawn only when someone opens it: each brief's data waits in its own inert JSON element.  So a
corpus of a thousand briefs opens in a few seconds (``tests/test_report_speed.py`` measures it in
headless Chromium), where laying out ten thousand nodes in the browser never finished.

The markup, styles and script are files: ``report/templates/report.html.j2`` (Jinja2, loaded with
``PackageLoader``), ``report/static/report.css``, ``report/static/map.js`` and ``report/static/report.js``, all inlined.

Safety: every piece of text from a brief goes through Jinja2's autoescaping; data for the script
is JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as
``\\u003c`` etc.; the script only ever sets ``textContent``; a Content-Security-Policy forbids any
network access and lets only the page's own script run.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefs_analyzer.model import Brief
from briefs_analyzer.report import charts
from briefs_analyzer.report.data import overview, rests, source_order
from briefs_analyzer.report.panels import claim_supports, panel
from briefs_analyzer.weights import weights

if TYPE_CHECKING:
    import jinja2

STATUS_LABELS = (
    ("cited", "cited (a marker)"),
    ("covered", "covered (a nearby note)"),
    ("needs_source", "needs a source"),
    ("analysis", "analysis"),
    ("not_prose", "not prose"),
    ("unassessed", "no checkable fact"),
)
MAP_TYPES = (("briefs", "#1f3a5f"), ("sources", "#2a9d8f"), ("publishers", "#8e6bbf"))


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
def static(name: str) -> str:
    """A file of ``report/static`` (the page's styles and script)."""
    return resources.files("briefs_analyzer.report").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefs_analyzer.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda value: f"{value:.1f}"
    return env


@dataclass(frozen=True)
class Overview:
    briefs: int
    claims: int
    cited: int
    covered: int
    needs: int
    notes: int
    sources: int
    problems: int
    errors: int
    warnings: int


def _overview(briefs: Sequence[Brief], status: Counter[str], sources: int) -> Overview:
    problems = [p for b in briefs for p in b.problems]
    return Overview(
        briefs=len(briefs),
        claims=sum(len(b.sentences) for b in briefs),
        cited=status["cited"],
        covered=status["covered"],
        needs=status["needs_source"],
        notes=sum(len(b.notes) for b in briefs),
        sources=sources,
        problems=len(problems),
        errors=sum(p.severity == "error" for p in problems),
        warnings=sum(p.severity == "warning" for p in problems),
    )


def render_report(briefs: Sequence[Brief], *, title: str = "Briefs report") -> str:
    """One self-contained HTML document (script, styles and data inlined) reporting on ``briefs``."""
    briefs = list(briefs)
    supports = [claim_supports(b) for b in briefs]
    r = rests(briefs, supports)
    sources = source_order(r)
    index = {s.id: k for k, s in enumerate(sources)}
    data = overview(briefs, supports, r, sources)
    scripts = [static("map.js"), static("report.js")]
    csp = "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(f"'{_csp_hash(code)}'" for code in scripts),
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    status = Counter(s.status for support in supports for s in support.values())
    map_counts = Counter(node[0] for node in data["map"]["nodes"])
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            csp=csp,
            css=Markup(static("report.css")),
            overview=_overview(briefs, status, len(sources)),
            statuses=STATUS_LABELS,
            briefs=data["briefs"],
            type_chart=charts.type_chart(briefs),
            histogram=charts.histogram(weights(briefs).citation_age_days),
            timeline=charts.timeline(briefs),
            map_types=[(t, color, map_counts.get(k, 0)) for k, (t, color) in enumerate(MAP_TYPES)],
            data=script_json(data),
            panels=[script_json(panel(b, index, supports[i])) for i, b in enumerate(briefs)],
            scripts=[_inline_script(code) for code in scripts],
        )
    )
