"""Word and HTML ingestion: the seeds through pandoc against the gold, hand-made pages, bad input.

The seed .docx and .html files are made here with pandoc (from PyPI's ``pypandoc-binary``, a dev
dependency; see :mod:`tests.tools`), from a Markdown version of each seed's text
(:func:`tests.zoo.seed_markdown`): its front-matter lines as paragraphs, the title as ``#``, the
gold's section headings as ``##``, superscript markers as ``[^n]`` and note definitions as
``[^n]: text``.  pandoc writes real Word footnotes and its own HTML
footnote markup, so the readers are tested on notes as structure, not as layout.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from briefs_analyzer.cli import main
from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.ingest import read_document
from briefs_analyzer.ingest.docx import read_docx
from briefs_analyzer.ingest.html import read_html
from briefs_analyzer.model import Brief, BriefError
from briefs_analyzer.pipeline import default_stages
from tests import tools
from tests.conftest import SEED_STEMS, SEEDS, load_gold
from tests.factories import assert_matches_gold
from tests.zoo import seed_markdown

STAGES = default_stages()
FORMATS = ("docx", "html")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def squash(text: str) -> str:
    """A note's text modulo whitespace and Markdown ``*`` emphasis."""
    return "".join(text.replace("*", "").split())


# --- pandoc and the Markdown versions of the seeds ----------------------------------------------


def require_pandoc() -> str:
    return tools.pandoc()


def pandoc(markdown: Path, out: Path, *options: str) -> Path:
    to = "docx" if out.suffix == ".docx" else "html"
    command = [require_pandoc(), "-f", "markdown-smart", "-t", to, *options, "-o", str(out), str(markdown)]
    subprocess.run(command, check=True, capture_output=True)
    return out


def seed_files(folder: Path) -> dict[tuple[str, str], Path]:
    files = {}
    for stem in SEED_STEMS:
        markdown, title = seed_markdown(stem)
        source = folder / f"{stem}.md"
        source.write_text(markdown, encoding="utf-8")
        files[stem, "docx"] = pandoc(source, folder / f"{stem}.docx")
        files[stem, "html"] = pandoc(source, folder / f"{stem}.html", "--standalone", "-M", f"pagetitle={title}")
    return files


@pytest.fixture(scope="module")
def seed_briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Brief, Brief]]:
    """(stem, format) -> (brief from the seed's text, brief from its .docx or .html)."""
    files = seed_files(tmp_path_factory.mktemp("seed-docx-html"))
    texts = {stem: analyze_file(SEEDS / f"{stem}.txt", STAGES) for stem in SEED_STEMS}
    return {key: (texts[key[0]], analyze_file(path, STAGES)) for key, path in files.items()}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_matches_gold(seed_briefs: dict[tuple[str, str], tuple[Brief, Brief]], stem: str, fmt: str) -> None:
    _, brief = seed_briefs[stem, fmt]
    gold = load_gold(stem)
    assert brief.format == fmt
    assert [e.name for e in brief.metadata.editors] == gold["metadata"]["editors"]
    assert_matches_gold(brief, gold)
    assert len(brief.sources) == gold["distinct_sources"]
    assert not brief.problems


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_seed_gives_what_its_text_gives(
    seed_briefs: dict[tuple[str, str], tuple[Brief, Brief]], stem: str, fmt: str
) -> None:
    text, brief = seed_briefs[stem, fmt]
    assert [(s.text, s.markers) for s in brief.sentences] == [(s.text, s.markers) for s in text.sentences]
    assert [(m.number, m.sentence, m.anchor) for m in brief.markers] == [
        (m.number, m.sentence, m.anchor) for m in text.markers
    ]
    assert replace(brief.metadata, provenance=()) == replace(text.metadata, provenance=())
    assert [(n.number, squash(n.text)) for n in brief.notes] == [(n.number, squash(n.text)) for n in text.notes]
    assert [(n.kind, n.antecedent, n.source_ids) for n in brief.notes] == [
        (n.kind, n.antecedent, n.source_ids) for n in text.notes
    ]
    assert [[c.kind for c in n.citations] for n in brief.notes] == [[c.kind for c in n.citations] for n in text.notes]
    assert brief.sources == text.sources


def test_docx_lines_are_paragraphs(seed_briefs: dict[tuple[str, str], tuple[Brief, Brief]]) -> None:
    """A .docx has no lines: claims and markers point at their paragraph's number."""
    _, brief = seed_briefs["004_7a6a544e9fa6e7d1", "docx"]
    lines = {s.line for s in brief.sentences}
    assert min(lines) > 1 and max(lines) < 40
    first = {m.number: m.line for m in brief.markers}
    # The title, By, name, role, organisation, Edited by, editor, date, disclaimer and credit come first.
    assert first[1] == 11
    assert [s.line for s in brief.sentences if s.markers == (1,)] == [11]


# --- editing a pandoc-made .docx -------------------------------------------------------------------


def make_docx(folder: Path, markdown: str, name: str = "brief.docx") -> Path:
    source = folder / f"{name}.md"
    source.write_text(markdown, encoding="utf-8")
    return pandoc(source, folder / name)


def edit_docx(path: Path, edits: dict[str, Callable[[Any], None]]) -> Path:
    """Rewrite parts of a .docx with lxml (``{"word/document.xml": function(root)}``)."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    for name, edit in edits.items():
        root = etree.fromstring(parts[name])
        edit(root)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def run(text: str, *, deleted: bool = False) -> Any:
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def change(tag: str, *children: Any) -> Any:
    el = etree.Element(w(tag), {w("id"): "901", w("author"): "Editor", w("date"): "2025-01-01T00:00:00Z"})
    el.extend(children)
    return el


def run_with(root: Any, text: str) -> Any:
    return next(t.getparent() for t in root.iter(w("t")) if t.text == text)


NOTES_MD = """# Missile Policy Review

By

Jane Doe

January 5, 2025

The regime was set up in 1987.[^1]

## Membership

India joined it in June 2016.[^2] The United States backed it.[^3]

[^1]: Nuclear Threat Initiative, *MTCR*, 2024.

[^2]: Ghazala Jalil, "India's Membership," *Strategic Studies* 37, no. 3 (2017): 41-54.

[^3]: Ibid.
"""


@pytest.fixture
def notes_docx(tmp_path: Path) -> Path:
    return make_docx(tmp_path, NOTES_MD)


def test_docx_reads_footnotes_headings_and_front_matter(notes_docx: Path) -> None:
    brief = analyze_file(notes_docx, STAGES)
    assert brief.format == "docx"
    assert brief.metadata.title == "Missile Policy Review"
    assert [a.name for a in brief.metadata.authors] == ["Jane Doe"]
    assert brief.metadata.date == "2025-01-05"
    assert [s.heading for s in brief.sections if s.heading] == ["Membership"]
    assert [(s.text, s.markers, s.line) for s in brief.sentences] == [
        ("The regime was set up in 1987.", (1,), 5),
        ("India joined it in June 2016.", (2,), 7),
        ("The United States backed it.", (3,), 7),
    ]
    assert [(n.number, n.text, n.line) for n in brief.notes] == [
        (1, "Nuclear Threat Initiative, MTCR, 2024.", 5),
        (2, 'Ghazala Jalil, "India\'s Membership," Strategic Studies 37, no. 3 (2017): 41-54.', 7),
        (3, "Ibid.", 7),
    ]
    # Italics come as spans of the note's text, not as markup written into it.
    spans = [[n.text[a:b] for a, b in n.italics] for n in brief.notes]
    assert spans == [["MTCR"], ["Strategic Studies"], []]
    assert brief.notes[2].kind == "ibid" and brief.notes[2].antecedent == 2
    assert not brief.problems


def test_docx_problems_point_at_paragraphs(notes_docx: Path) -> None:
    def drop_note_two_add_an_orphan(root: Any) -> None:
        notes = [n for n in root if n.get(w("id")) not in ("-1", "0")]
        orphan = etree.fromstring(etree.tostring(notes[0]))
        orphan.set(w("id"), "99")
        root.remove(notes[1])
        root.append(orphan)

    edit_docx(notes_docx, {"word/footnotes.xml": drop_note_two_add_an_orphan})
    brief = analyze_file(notes_docx, STAGES)
    found = {(p.code, p.line) for p in brief.problems}
    assert ("BA101", 7) in found  # marker 2, in paragraph 7, has no note
    assert ("BA102", 0) in found  # note 4 is referenced nowhere
    result = CliRunner().invoke(main, ["check", str(notes_docx), "--format", "json"])
    code, out = result.exit_code, result.stdout
    assert code == 1
    findings = json.loads(out)["findings"]
    assert {"code": "BA101", "line": 7} in [{"code": f["code"], "line": f["line"]} for f in findings]


def test_docx_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path,
        "A plain opening paragraph about policy.\n\nThe quick brown lazy fox jumps.[^1]\n\n"
        "A dropped claim.[^2] A kept claim.[^3]\n\n[^1]: One, 2020.\n\n[^2]: Two, 2021.\n\n"
        "[^3]: Three, 2022.\n",
    )

    def track(root: Any) -> None:
        r = run_with(root, "The quick brown lazy fox jumps.")
        parent, at = r.getparent(), r.getparent().index(r)
        parent.remove(r)
        pieces = [
            run("The "),
            change("ins", run("quick ")),
            run("brown "),
            change("del", run("lazy ", deleted=True)),
            run("fox jumps."),
        ]
        for i, piece in enumerate(pieces):
            parent.insert(at + i, piece)
        reference = list(root.iter(w("footnoteReference")))[1].getparent()  # the reference of "[^2]"
        holder = reference.getparent()
        holder.replace(reference, change("del", etree.fromstring(etree.tostring(reference))))

    edit_docx(path, {"word/document.xml": track})
    brief = analyze_file(path, STAGES)
    assert [s.text for s in brief.sentences] == [
        "A plain opening paragraph about policy.",
        "The quick brown fox jumps.",
        "A dropped claim.",
        "A kept claim.",
    ]
    # The note whose reference was deleted goes with it; the rest are renumbered as Word shows them.
    assert [(n.number, n.text) for n in brief.notes] == [(1, "One, 2020."), (2, "Three, 2022.")]
    assert [p.code for p in brief.problems] == ["BA003"]
    assert brief.problems[0].severity == "warning" and "tracked changes" in brief.problems[0].message
    assert brief.problems[0].line == 2  # the first paragraph with a change


def test_docx_core_properties_fill_what_the_text_lacks(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path,
        "The regime was set up in 1987 to curb the spread of missiles and drones.[^1]\n\n"
        "[^1]: Nuclear Threat Initiative, 2024.\n",
    )

    def props(root: Any) -> None:
        dc = "{http://purl.org/dc/elements/1.1/}"
        root.find(f"{dc}title").text = "Missile Control in Review"
        root.find(f"{dc}creator").text = "Jane Doe"
        root.find("{http://purl.org/dc/terms/}created").text = "2024-03-02T10:00:00Z"

    edit_docx(path, {"docProps/core.xml": props})
    brief = analyze_file(path, STAGES)
    assert brief.metadata.title == "Missile Control in Review"
    assert [a.name for a in brief.metadata.authors] == ["Jane Doe"]
    assert brief.metadata.date is None  # when the file was made is not when the brief was published
    assert dict(brief.metadata.provenance) == {"title": "docx-core", "authors": "docx-core"}
    assert [s.text for s in brief.sentences] == [
        "The regime was set up in 1987 to curb the spread of missiles and drones."
    ]


# --- hand-made HTML pages --------------------------------------------------------------------------


def html_brief(tmp_path: Path, page: str, name: str = "page.html", encoding: str = "utf-8") -> Brief:
    path = tmp_path / name
    path.write_bytes(page.encode(encoding))
    return analyze_file(path, STAGES)


WORDPRESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sanctions and the Region | Think Tank</title>
<meta name="citation_title" content="Sanctions and the Region">
<meta name="citation_author" content="Doe, Jane">
<meta name="citation_author" content="Richard Roe">
<meta name="citation_publication_date" content="2024/12/18">
</head><body>
<header class="site-header"><a href="/">Think Tank</a>
<nav><ul><li><a href="/about">About us and our long mission statement.</a></li></ul></nav></header>
<div class="wrap">
<aside class="widget-area"><p>Subscribe to our newsletter for the latest analysis on sanctions.</p></aside>
<div class="sidebar-menu"><p>Our programmes cover arms control and regional security.</p></div>
<article class="post"><header class="entry-header"><h1 class="entry-title">Sanctions and the Region</h1>
<div class="entry-meta">Posted on <time datetime="2024-12-18T09:00:00Z">December 18, 2024</time> in Analysis</div>
</header><div class="entry-content">
<p>The United States imposed sanctions in December 2024.<sup data-fn="a1b2" class="fn"><a href="#a1b2"
id="a1b2-link">1</a></sup> The measures targeted four entities.<sup data-fn="c3d4" class="fn"><a href="#c3d4"
id="c3d4-link">2</a></sup></p>
<h2>Background</h2>
<p>Earlier sanctions were imposed in 1998.<span class="easy-footnote-margin-adjust" id="easy-footnote-3-99"></span><span
class="easy-footnote"><a href="https://example.org/post/#easy-footnote-bottom-3-99"
title="Smith"><sup>3</sup></a></span>
They were lifted in 2001.<sup><a href="#footnote_3_99" id="identifier_3_99" class="footnote-link
footnote-identifier-link" title="Jones">4</a></sup></p>
<p>A tooltip note follows here.<sup class="modern-footnotes-footnote" data-mfn="5"><a href="javascript:void(0)"
role="button" aria-describedby="mfn-content-99-5">5</a></sup><span id="mfn-content-99-5" role="tooltip"
class="modern-footnotes-footnote__note" tabindex="0" data-mfn="5">Miller, <em>State Department</em>, 2024.</span>
And the text goes on.</p>
<div class="sharedaddy sd-sharing"><p>Share this: Twitter Facebook LinkedIn Email Print the article.</p></div>
<ol class="wp-block-footnotes"><li id="a1b2">Reuters, <em>Sanctions</em>, December 18, 2024. <a href="#a1b2-link"
aria-label="Jump to footnote reference 1">↩︎</a></li><li id="c3d4">Ibid. <a href="#c3d4-link">↩︎</a></li></ol>
<ol class="easy-footnotes-wrapper" start="3"><li class="easy-footnote-single"><span id="easy-footnote-bottom-3-99"
class="easy-footnote-margin-adjust"></span>Smith, <em>History of Sanctions</em>, 2001.<a class="easy-footnote-to-top"
href="#easy-footnote-3-99"></a></li></ol>
<ol start="4" class="footnotes"><li id="footnote_3_99" class="footnote">Jones, "Lifting," 2002. <span
class="footnote-back-link-wrapper">[<a href="#identifier_3_99"
class="footnote-link footnote-back-link">↩</a>]</span></li></ol>
</div>
<div id="comments" class="comments-area"><p>Great article, thanks for writing this so clearly and concisely!</p></div>
</article></div>
<footer class="site-footer"><p>Copyright 2025 Think Tank. All rights reserved worldwide.</p></footer>
<script>var claims = "This script is not a claim.";</script>
</body></html>
"""


def test_wordpress_footnote_plugins_navigation_and_meta_tags(tmp_path: Path) -> None:
    brief = html_brief(tmp_path, WORDPRESS)
    assert brief.format == "html"
    assert [(s.text, s.markers) for s in brief.sentences] == [
        ("The United States imposed sanctions in December 2024.", (1,)),
        ("The measures targeted four entities.", (2,)),
        ("Earlier sanctions were imposed in 1998.", (3,)),
        ("They were lifted in 2001.", (4,)),
        ("A tooltip note follows here.", (5,)),
        ("And the text goes on.", ()),
    ]
    assert [(n.number, n.text) for n in brief.notes] == [
        (1, "Reuters, Sanctions, December 18, 2024."),
        (2, "Ibid."),
        (3, "Smith, History of Sanctions, 2001."),
        (4, 'Jones, "Lifting," 2002.'),
        (5, "Miller, State Department, 2024."),
    ]
    assert brief.notes[1].kind == "ibid" and brief.notes[1].antecedent == 1
    assert [s.heading for s in brief.sections if s.heading] == ["Background"]
    assert brief.metadata.title == "Sanctions and the Region"
    assert [a.name for a in brief.metadata.authors] == ["Jane Doe", "Richard Roe"]
    assert brief.metadata.date == "2024-12-18"
    everything = " ".join(s.text for s in brief.sentences)
    for noise in ("About us", "Subscribe", "programmes", "Posted", "Share", "Great article", "Copyright", "script"):
        assert noise not in everything
    assert not brief.problems


def test_office_sdfootnote_anchors_and_declared_charset(tmp_path: Path) -> None:
    page = """<html><head><meta http-equiv="content-type" content="text/html; charset=windows-1252">
<title>Office export</title></head><body lang="en-GB" dir="ltr">
<p>Missile Policy in South Asia</p><p>By Jane Doe</p><p>March 3, 2025</p>
<p>The regime was established in 1987.<a class="sdfootnoteanc" name="sdfootnote1anc"
href="#sdfootnote1sym"><sup>1</sup></a>
India joined it in June 2016.<a class="sdfootnoteanc" name="sdfootnote2anc" href="#sdfootnote2sym"><sup>2</sup></a>
It says \u201cquoted\u201d things.</p>
<div id="sdfootnote1"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote1sym"
href="#sdfootnote1anc">1</a>Nuclear
Threat Initiative, <i>MTCR</i>, 2024.</p></div>
<div id="sdfootnote2"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote2sym"
href="#sdfootnote2anc">2</a>Ibid.</p><p>A second paragraph of the note.</p></div>
</body></html>"""
    brief = html_brief(tmp_path, page, encoding="cp1252")
    assert brief.encoding == "cp1252"
    assert brief.metadata.title == "Missile Policy in South Asia"
    assert [a.name for a in brief.metadata.authors] == ["Jane Doe"]
    assert brief.metadata.date == "2025-03-03"
    assert [(s.text, s.markers) for s in brief.sentences] == [
        ("The regime was established in 1987.", (1,)),
        ("India joined it in June 2016.", (2,)),
        ("It says \u201cquoted\u201d things.", ()),
    ]
    assert [(n.number, n.text) for n in brief.notes] == [
        (1, "Nuclear Threat Initiative, MTCR, 2024."),
        (2, "Ibid. A second paragraph of the note."),
    ]
    assert not brief.problems


def test_word_save_as_html_footnotes(tmp_path: Path) -> None:
    page = """<html><head><meta name=ProgId content=Word.Document><title>Word export</title></head><body>
<div class=WordSection1><p class=MsoTitle>Export Controls Revisited</p>
<p class=MsoNormal>The policy changed in 2024.<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1"
title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><span
class=MsoFootnoteReference>[1]</span></span></span></a> It was welcomed.<a style='mso-footnote-id:ftn2'
href="#_ftn2" name="_ftnref2" title=""><span class=MsoFootnoteReference>[2]</span></a></p></div>
<div style='mso-element:footnote-list'><hr align=left size=1 width="33%">
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1"
name="_ftn1" title=""><span class=MsoFootnoteReference>[1]</span></a> White House, <i>Fact Sheet</i>, 2024.</p></div>
<div style='mso-element:footnote' id=ftn2><p class=MsoFootnoteText><a style='mso-footnote-id:ftn2' href="#_ftnref2"
name="_ftn2" title=""><span class=MsoFootnoteReference>[2]</span></a> Ibid.</p></div></div>
</body></html>"""
    brief = html_brief(tmp_path, page)
    assert [(s.text, s.markers) for s in brief.sentences] == [
        ("The policy changed in 2024.", (1,)),
        ("It was welcomed.", (2,)),
    ]
    assert [(n.number, n.text) for n in brief.notes] == [(1, "White House, Fact Sheet, 2024."), (2, "Ibid.")]
    assert not brief.problems


def test_reference_is_tied_by_its_target_not_its_printed_number(tmp_path: Path) -> None:
    page = """<html><head><title>Mismatch</title></head><body><main><h1>Mismatch</h1>
<p>First claim here.<a href="#fn1" class="footnote-ref"><sup>1</sup></a>
Second claim here.<a href="#fn2" class="footnote-ref"><sup>3</sup></a></p>
<section class="footnotes"><ol><li id="fn1">One, 2020.</li><li id="fn2">Two, 2021.</li><li id="fn3">Three, 2022.</li>
</ol></section></main></body></html>"""
    brief = html_brief(tmp_path, page)
    assert [(s.text, s.markers) for s in brief.sentences] == [("First claim here.", (1,)), ("Second claim here.", (2,))]
    assert [(p.code, p.name, p.severity, p.line) for p in brief.problems if p.code == "BA105"] == [
        ("BA105", "marker-number-mismatch", "warning", 3)
    ]
    assert "printed as 3 links to note 2" in brief.problems[0].message
    assert ("BA102", 4) in {(p.code, p.line) for p in brief.problems}  # note 3 is linked from nowhere


def test_plain_superscripts_with_a_notes_heading_and_og_meta(tmp_path: Path) -> None:
    page = """<html><head><meta property="og:title" content="Area Denial in Review">
<meta property="article:published_time" content="2025-02-03T08:30:00+05:00"></head>
<body><div id="content"><p>The zone covers 20 km<sup>2</sup> and it grew after the 2019 crisis.<sup>1</sup>
Another claim follows.<sup>2</sup></p>
<h3>Notes</h3><ol><li>First source, 2020.</li><li>Second source, 2021.</li></ol></div></body></html>"""
    brief = html_brief(tmp_path, page)
    assert brief.metadata.title == "Area Denial in Review"
    assert brief.metadata.date == "2025-02-03"
    assert [(s.text, s.markers) for s in brief.sentences] == [
        ("The zone covers 20 km² and it grew after the 2019 crisis.", (1,)),
        ("Another claim follows.", (2,)),
    ]
    assert [(n.number, n.text) for n in brief.notes] == [(1, "First source, 2020."), (2, "Second source, 2021.")]
    assert not brief.problems


def test_html_with_missing_notes_list_is_analysed_with_ba101(tmp_path: Path) -> None:
    page = """<html><head><title>Missing notes</title></head><body><article>
<p>First claim here.<a href="#fn1"><sup>1</sup></a> Second claim here.<a href="#fn2"><sup>2</sup></a></p>
</article></body></html>"""
    brief = html_brief(tmp_path, page)
    assert [(s.text, s.markers) for s in brief.sentences] == [("First claim here.", (1,)), ("Second claim here.", (2,))]
    assert [(p.code, p.line) for p in brief.problems] == [("BA101", 2), ("BA101", 2)]
    assert brief.metadata.title == "Missing notes"


def test_html_encoding_falls_back_to_cp1252(tmp_path: Path) -> None:
    page = "<html><body><p>It says \u201cquoted\u201d things about the regime in 2024.</p></body></html>"
    brief = html_brief(tmp_path, page, encoding="cp1252")
    assert brief.sentences[0].text == "It says \u201cquoted\u201d things about the regime in 2024."
    assert [p.code for p in brief.problems] == ["BA002"]
    bom = tmp_path / "bom.html"
    bom.write_bytes(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert read_html(bom).encoding == "utf-8"


# --- bad input -------------------------------------------------------------------------------------


def zip_without_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")


GOOD_HTML = (
    "<html><body><article><p>Sanctions were imposed in 1998.<sup><a href='#fn1'>1</a></sup></p>"
    "<ol class='footnotes'><li id='fn1'>A source, 1998.</li></ol></article></body></html>"
)


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        (
            "notzip.docx",
            lambda p: p.write_text("just text, named .docx", encoding="utf-8"),
            "not a Word document (not a zip file)",
        ),
        ("other.docx", zip_without_word, "a zip file, but not a Word document (no word/document.xml)"),
        (
            "locked.docx",
            lambda p: p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4096)),
            "encrypted Word document: remove the password in Word first",
        ),
        (
            "empty.html",
            lambda p: p.write_text(
                "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
                "<script>document.write('loading')</script><footer>© 2025</footer></body></html>",
                encoding="utf-8",
            ),
            "no article text found in the HTML page",
        ),
    ],
)
def test_bad_files_get_one_line_and_the_rest_is_analysed(tmp_path: Path, name: str, make: Any, reason: str) -> None:
    (tmp_path / "good.html").write_text(GOOD_HTML, encoding="utf-8")
    make(tmp_path / name)
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {tmp_path / name}: {reason}")
    assert "good.html" in result.stdout
    with pytest.raises(BriefError, match=re.escape(reason)):
        read_document(tmp_path / name)


def test_readers_are_chosen_by_suffix(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm", "C.HTML"):
        (tmp_path / name).write_text(GOOD_HTML, encoding="utf-8")
        assert read_document(tmp_path / name).format == "html"
    with pytest.raises(BriefError, match="not a zip file"):
        read_docx(tmp_path / "a.html")


def test_check_text_output_names_the_paragraph_of_a_docx(notes_docx: Path) -> None:
    def drop_note_two(root: Any) -> None:
        notes = [n for n in root if n.get(w("id")) not in ("-1", "0")]
        root.remove(notes[1])

    edit_docx(notes_docx, {"word/footnotes.xml": drop_note_two})
    result = CliRunner().invoke(main, ["check", str(notes_docx), "--no-cache"])
    assert result.exit_code == 1
    assert (
        f"  {notes_docx}:7:30: BA101 marker 2 has no note (paragraph 7) [marker-without-note, error]" in result.stdout
    )
