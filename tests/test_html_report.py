"""The HTML report (issue 9): escaping, embedded data, and the page in a real headless Chromium.

The browser tests start Debian's ``/usr/bin/chromium`` through Playwright.  Where it is not
installed they skip with one line (:mod:`tests.tools`); under ``.ci/run``, which installs it, they
never skip.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from markupsafe import escape

from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.graph import build_graph, claim_node, publisher_name, source_node
from briefs_analyzer.model import Brief, Source
from briefs_analyzer.report.html import render_report, script_json
from briefs_analyzer.support import claim_sources, uncited_factual
from tests import tools
from tests.conftest import SEEDS

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Page

ROOT = Path(__file__).resolve().parents[1]
CORPUS = SEEDS  # the two seed briefs
VENDOR = ROOT / "briefs_analyzer" / "report" / "vendor"
CHROMIUM = tools.CHROMIUM
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GRAPH_TYPES = ("brief", "claim", "source", "publisher")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
EVIL = f"""EVIL <script>window.__pwned=1</script> BRIEF

By
Mallory <img src=x onerror="window.__pwned=1">
Research Associate

January 2, 2025

In 2020 the {SCRIPT}<script>window.__pwned=1</script> claim was made.¹ A second claim about {IMG}\
<img src=x onerror="window.__pwned=1"> came in 1999.² Nobody cited the 500 </script><!-- \
<script>window.__pwned=1</script> tonnes moved in 2003. A marker without a note.⁷

¹ "{SCRIPT}<script>window.__pwned=1</script>," *{IMG}*, December 18, 2024, \
<https://example.org/a"onmouseover="window.__pwned=1>.
² Ibid.
"""


# ---------------------------------------------------------------------------
# Fixtures and helpers


def analyse(*paths: Path, entities: bool = False) -> list[Brief]:
    return [b for b in Runner(Config(), entities=entities).run(list(paths)) if isinstance(b, Brief)]


@pytest.fixture(scope="module")
def corpus_briefs() -> list[Brief]:
    """The two seed briefs, with entities (the timeline shows dated entities and events)."""
    briefs = analyse(CORPUS, entities=True)
    assert len(briefs) == 2
    return briefs


@pytest.fixture(scope="module")
def corpus_html(corpus_briefs: list[Brief]) -> str:
    return render_report(corpus_briefs, title="Corpus report")


@pytest.fixture(scope="module")
def evil_brief(tmp_path_factory: pytest.TempPathFactory) -> Brief:
    path = tmp_path_factory.mktemp("evil") / "evil.txt"
    path.write_text(EVIL, encoding="utf-8")
    (brief,) = analyse(path)
    # The payloads really reach the claims, the notes and the sources.
    assert any(SCRIPT in c.text for c in brief.sentences) and any(IMG in c.text for c in brief.sentences)
    assert SCRIPT in brief.notes[0].text and IMG in brief.notes[0].text
    assert brief.sources and SCRIPT in (brief.sources[0].title or "")
    return brief


@dataclass
class Parsed:
    """What an HTML parser sees in a page: every tag with its attributes, and every script's text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._script: dict[str, str | None] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._buffer = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.out.scripts.append((self._script, "".join(self._buffer)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)
        else:
            self.out.text.append(data)


def parse_html(html: str) -> Parsed:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.out


def blob(html: str, element_id: str) -> Any:
    (text,) = [t for attrs, t in parse_html(html).scripts if attrs.get("id") == element_id]
    return json.loads(text)


def source_title(source: Source) -> str:
    return source.title or source.container or source.url or source.id


def expected_graph(briefs: list[Brief]) -> tuple[Counter[str], int]:
    """Node counts per type, and the number of edges, computed straight from the analysis."""
    g = build_graph(briefs)
    nodes = Counter(str(attrs["type"]) for _, attrs in g.nodes(data=True) if attrs.get("type") in GRAPH_TYPES)
    sources = {s.id: s for b in briefs for s in b.sources}
    edges = (
        sum(len(b.sentences) for b in briefs)
        + sum(1 for s in sources.values() if publisher_name(s))
        + sum(len(ids) for b in briefs for ids in claim_sources(b).values())
    )
    return nodes, edges


# ---------------------------------------------------------------------------
# Unit tests: no browser


def test_script_json_cannot_close_its_script_element() -> None:
    value = {"a": "</script><script>alert(1)</script>", "b": "<!-- & -->", "c": "\u2028"}
    text = str(script_json(value))
    assert not set(text) & {"<", ">", "&", "\u2028"}
    assert json.loads(text) == value


def test_malicious_text_is_escaped(evil_brief: Brief) -> None:
    html = render_report([evil_brief], title=f"Report {SCRIPT}")
    page = parse_html(html)
    # No element or attribute came from the brief: one img-free page, four scripts of our own.
    assert not [tag for tag, _ in page.tags if tag in ("img", "iframe", "object", "embed")]
    assert not [(tag, a) for tag, attrs in page.tags for a in attrs if a.startswith("on")]
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", "application/json", None, None]
    assert "__pwned" not in page.scripts[2][1] + page.scripts[3][1]
    # The payloads show as text: in the title, the claims, the notes and the sources table.
    text = "".join(page.text)
    for payload in (SCRIPT, IMG, "<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">'):
        assert payload in text
    assert str(escape(SCRIPT)) in html and str(escape(IMG)) in html
    assert SCRIPT not in html and "<img" not in html
    # A URL is only ever linked inside a quoted, escaped href.
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a" and (attrs.get("href") or "").startswith("http")]
    assert hrefs == ['https://example.org/a"onmouseover="window.__pwned=1']


def test_uncited_claims_and_problems_are_in_the_margin(evil_brief: Brief) -> None:
    html = render_report([evil_brief])
    margins = " ".join(re.findall(r'<aside class="margin">(.*?)</aside>', html, re.DOTALL))
    for cid in uncited_factual(evil_brief):
        assert f'href="#b0-c{cid}" data-claim="{cid}"' in margins
        assert f'id="b0-c{cid}"' in html
    assert evil_brief.problems
    for problem in evil_brief.problems:
        assert problem.code in margins and str(escape(problem.message)) in margins


def test_json_blobs_parse_and_carry_the_text_verbatim(evil_brief: Brief) -> None:
    html = render_report([evil_brief])
    data = blob(html, "report-data")
    graph = blob(html, "graph-data")
    note = data["briefs"][0]["notes"]["1"]
    assert note["text"] == evil_brief.notes[0].text
    (source,) = data["sources"].values()
    assert source["title"] == evil_brief.sources[0].title
    claims = {n["data"]["full"] for n in graph["nodes"] if n["data"]["type"] == "claim"}
    assert {c.text for c in evil_brief.sentences} == claims


def test_corpus_blobs_parse_and_every_brief_and_source_appears(corpus_briefs: list[Brief], corpus_html: str) -> None:
    data = blob(corpus_html, "report-data")
    graph = blob(corpus_html, "graph-data")
    nodes, edges = expected_graph(corpus_briefs)
    assert Counter(n["data"]["type"] for n in graph["nodes"]) == nodes
    assert len(graph["edges"]) == edges
    text = " ".join(" ".join(parse_html(corpus_html).text).split())
    assert [b["title"] for b in data["briefs"]] == [b.metadata.title for b in corpus_briefs]
    for i, brief in enumerate(corpus_briefs):
        assert brief.metadata.title and brief.metadata.title in text
        assert f'id="brief-{i}"' in corpus_html
        # Every claim is a span carrying its id, and every marker sits in the text.
        assert len(re.findall(rf'data-brief="{i}" data-claim="\d+"', corpus_html)) >= len(brief.sentences)
        assert len(re.findall(rf'<sup class="marker" data-brief="{i}"', corpus_html)) == len(brief.markers)
        for s in brief.sources:
            assert source_title(s) in text
            assert f'data-source="{s.id}"' in corpus_html
            assert s.id in data["sources"]


def test_the_page_is_self_contained(corpus_html: str) -> None:
    page = parse_html(corpus_html)
    assert not [tag for tag, attrs in page.tags if tag in ("link", "iframe") or "src" in attrs]
    (csp,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp
    code = [text for attrs, text in page.scripts if attrs.get("type") is None]
    assert len(code) == 2 and "cytoscape" in code[0][:2000].lower()
    for text in code:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_cytoscape_is_vendored_with_its_licence() -> None:
    code = (VENDOR / "cytoscape.min.js").read_text(encoding="utf-8")
    licence = (VENDOR / "cytoscape.LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted, free of charge" in licence
    assert "The Cytoscape Consortium" in code[:500] and "</script" not in code.lower()


def test_an_empty_corpus_still_renders() -> None:
    html = render_report([])
    assert blob(html, "graph-data") == {"nodes": [], "edges": []}
    assert "No briefs." in html


# ---------------------------------------------------------------------------
# Browser tests: headless Chromium driven by Playwright


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    hint = ".ci/run installs chromium (apt-get install -y chromium); playwright is pinned in pyproject"
    from playwright.sync_api import Error, sync_playwright

    tools.chromium()
    manager = sync_playwright().start()
    try:
        context = manager.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
    except Error as exc:
        manager.stop()
        pytest.fail(f"headless Chromium at {CHROMIUM} could not start: {exc}\n{hint}", pytrace=False)
    yield context
    context.close()
    manager.stop()


@dataclass
class Watch:
    """Everything a page did that it should not have."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self, page_url: str) -> None:
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []
        assert [u for u in self.requests if u != page_url] == []


def open_report(browser: BrowserContext, html: str, path: Path) -> tuple[Page, Watch]:
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    watch = Watch()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.console_errors.append(message.text)

    def on_dialog(dialog: Dialog) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: watch.requests.append(request.url))
    page.goto(path.as_uri())
    # A function, not an expression: the page's CSP forbids eval, which string predicates use.
    page.wait_for_function("() => window.briefsReport && window.briefsReport.ready === true", timeout=30_000)
    return page, watch


def settle(page: Page) -> None:
    """Let Cytoscape draw a frame or two: its hit tests and ``:visible`` follow the last frame drawn."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def screenshot(page: Page, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot: {path}")


@pytest.fixture
def corpus_page(browser: BrowserContext, corpus_html: str, tmp_path: Path) -> Iterator[tuple[Page, Watch]]:
    page, watch = open_report(browser, corpus_html, tmp_path / "report.html")
    yield page, watch
    page.close()


@pytest.mark.model
def test_corpus_report_loads_cleanly_in_chromium(
    corpus_page: tuple[Page, Watch], corpus_briefs: list[Brief], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page, watch = corpus_page
    assert page.title() == "Corpus report"
    assert page.locator("section.brief").count() == len(corpus_briefs)
    assert page.locator("sup.marker").count() == sum(len(b.markers) for b in corpus_briefs)
    assert page.locator("#timeline svg circle").count() > 0 and page.locator("#timeline svg rect").count() > 0
    screenshot(page, tmp_path / "corpus-report.png", capsys)
    page.locator("#citation-graph").screenshot(path=str(tmp_path / "graph.png"))
    watch.assert_clean(page.url)


@pytest.mark.model
def test_graph_shows_the_expected_nodes_and_filters_by_type(
    corpus_page: tuple[Page, Watch], corpus_briefs: list[Brief]
) -> None:
    page, watch = corpus_page
    nodes, edges = expected_graph(corpus_briefs)
    assert page.evaluate("window.briefsReport.cy.nodes().length") == sum(nodes.values())
    assert page.evaluate("window.briefsReport.cy.edges().length") == edges
    for kind, n in nodes.items():
        assert page.evaluate(f"window.briefsReport.cy.nodes('[type = \"{kind}\"]').length") == n
    visible_claims = "window.briefsReport.cy.nodes('[type = \"claim\"]:visible').length"
    page.locator('#graph-filters input[data-type="claim"]').uncheck()
    settle(page)
    assert page.evaluate(visible_claims) == 0
    assert page.evaluate("window.briefsReport.cy.nodes(':visible').length") == sum(nodes.values()) - nodes["claim"]
    page.locator('#graph-filters input[data-type="claim"]').check()
    settle(page)
    assert page.evaluate(visible_claims) == nodes["claim"]
    watch.assert_clean(page.url)


def _richest_claim(briefs: list[Brief]) -> tuple[int, Brief, int, tuple[str, ...]]:
    """The claim resting on the most sources: (brief index, brief, claim id, source ids)."""
    return max(
        ((i, b, cid, ids) for i, b in enumerate(briefs) for cid, ids in claim_sources(b).items()),
        key=lambda t: len(t[3]),
    )


@pytest.mark.model
def test_clicking_a_claim_in_the_graph_shows_its_sources(
    corpus_page: tuple[Page, Watch], corpus_briefs: list[Brief]
) -> None:
    page, watch = corpus_page
    _, brief, cid, ids = _richest_claim(corpus_briefs)
    assert len(ids) >= 2
    titles = {s.id: source_title(s) for s in brief.sources}
    node = claim_node(brief, cid)
    page.locator("#graph").scroll_into_view_if_needed()
    # Zoom in on the claim so that a real mouse click lands on it, then click it.
    point = page.evaluate(
        """(id) => {
            const cy = window.briefsReport.cy, node = cy.getElementById(id);
            cy.zoom(2); cy.center(node);
            const pos = node.renderedPosition(), box = cy.container().getBoundingClientRect();
            return {x: box.left + pos.x, y: box.top + pos.y};
        }""",
        node,
    )
    settle(page)
    page.mouse.click(point["x"], point["y"])
    assert page.evaluate("window.briefsReport.selected") == node
    panel = page.locator("#graph-selection")
    claim = next(c for c in brief.sentences if c.id == cid)
    assert " ".join(claim.text.split()) in " ".join(panel.inner_text().split())
    items = panel.locator('ul[data-type="source"] li')
    shown = {items.nth(k).get_attribute("data-node-id"): items.nth(k).inner_text() for k in range(items.count())}
    assert shown == {source_node(sid): titles[sid] for sid in ids}
    # The claim's other neighbour is its brief; clicking a listed source moves the selection there.
    assert panel.locator('ul[data-type="brief"] li').count() == 1
    first = items.first.get_attribute("data-node-id")
    items.first.locator("button").click()
    assert page.evaluate("window.briefsReport.selected") == first
    assert page.locator("#graph-selection .sel-title").inner_text() == shown[first]
    watch.assert_clean(page.url)


@pytest.mark.model
def test_clicking_a_claim_in_the_text_shows_its_sources(
    corpus_page: tuple[Page, Watch], corpus_briefs: list[Brief]
) -> None:
    page, watch = corpus_page
    i, brief, cid, ids = _richest_claim(corpus_briefs)
    titles = {s.id: source_title(s) for s in brief.sources}
    page.locator(f"#b{i}-c{cid}").click()
    popover = page.locator("#popover")
    assert popover.is_visible() and popover.get_attribute("data-kind") == "claim"
    blocks = popover.locator(".pop-source")
    shown = {
        blocks.nth(k).get_attribute("data-source-id"): blocks.nth(k).locator(".pop-title").inner_text()
        for k in range(blocks.count())
    }
    assert shown == {sid: titles[sid] for sid in ids}
    # "Show in graph" selects the claim's node.
    popover.get_by_role("button", name="Show in graph").click()
    assert page.evaluate("window.briefsReport.selected") == claim_node(brief, cid)
    watch.assert_clean(page.url)


@pytest.mark.model
def test_hovering_or_clicking_a_marker_shows_its_resolved_source(
    corpus_page: tuple[Page, Watch], corpus_briefs: list[Brief]
) -> None:
    page, watch = corpus_page
    # An Ibid. note: the popover must show the source it resolves to, not just the note's text.
    i, brief, note = next((i, b, n) for i, b in enumerate(corpus_briefs) for n in b.notes if n.kind == "ibid")
    titles = {s.id: source_title(s) for s in brief.sources}
    marker = page.locator(f'sup.marker[data-brief="{i}"][data-note="{note.number}"]')
    popover = page.locator("#popover")
    marker.hover()
    assert popover.is_visible() and popover.get_attribute("data-kind") == "marker"
    assert popover.locator(".pop-head").inner_text().startswith(f"Note {note.number} · Ibid.")
    sources = popover.locator(".pop-source")
    assert [sources.nth(k).get_attribute("data-source-id") for k in range(sources.count())] == list(note.source_ids)
    assert sources.first.locator(".pop-title").inner_text() == titles[note.source_ids[0]]
    page.mouse.move(5, 300)
    assert popover.is_hidden()
    marker.click()
    page.mouse.move(5, 300)
    assert popover.is_visible() and titles[note.source_ids[0]] in popover.inner_text()
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    watch.assert_clean(page.url)


def test_sources_table_sorts(corpus_page: tuple[Page, Watch], corpus_briefs: list[Brief]) -> None:
    page, watch = corpus_page
    table = page.locator("#sources-table")

    def column(n: int) -> list[str]:
        cells = table.locator(f"tbody tr td:nth-child({n})")
        return [cells.nth(k).get_attribute("data-value") or "" for k in range(cells.count())]

    assert len(column(6)) == len({s.id for b in corpus_briefs for s in b.sources})
    claims = [int(v) for v in column(6)]
    assert claims == sorted(claims, reverse=True)
    table.get_by_role("button", name="Claims").click()
    assert [int(v) for v in column(6)] == sorted(claims)
    table.get_by_role("button", name="Source").click()
    labels = column(1)
    assert len(set(labels)) > 1
    assert labels == page.evaluate("(xs) => xs.slice().sort((a, b) => a.localeCompare(b))", labels)
    assert table.locator("th", has_text="Source").get_attribute("aria-sort") == "ascending"
    watch.assert_clean(page.url)


def test_malicious_brief_runs_no_script(
    browser: BrowserContext, evil_brief: Brief, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = render_report([evil_brief])
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert without_csp != html
    # With the page's CSP, and without it: escaping alone must keep every payload inert.
    for name, text in (("evil.html", html), ("evil-no-csp.html", without_csp)):
        page, watch = open_report(browser, text, tmp_path / name)
        body = page.locator("#brief-0 .brief-body").inner_text()
        assert SCRIPT in body and IMG in body and "<script>window.__pwned=1</script>" in body
        markers = page.locator("sup.marker")
        for k in range(markers.count()):
            markers.nth(k).hover()
            markers.nth(k).click()
            assert SCRIPT in page.locator("#popover").inner_text() or markers.nth(k).get_attribute("data-note") == "7"
            page.keyboard.press("Escape")
        claims = page.locator("span.claim")
        shown = []
        for k in range(claims.count()):
            claims.nth(k).dispatch_event("click")
            shown.append(page.locator("#popover").inner_text())
        assert any(SCRIPT in text for text in shown)
        page.keyboard.press("Escape")
        for link in page.locator("#sources-table a").all():
            link.hover()
        # Tap every graph node so the selection panel renders each label.
        labels = page.evaluate(
            """() => window.briefsReport.cy.nodes().map((n) => {
                n.emit('tap'); return document.getElementById('graph-selection').innerText;
            })"""
        )
        assert any(SCRIPT in label for label in labels)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        if name == "evil.html":
            screenshot(page, tmp_path / "evil.png", capsys)
        watch.assert_clean(page.url)
        page.close()
