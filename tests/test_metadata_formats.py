"""Metadata from every format (issue 16): each rendering of a seed gives the gold metadata it carries.

The renderings are the layout zoo's (:mod:`tests.zoo`); what each carries is its ``fields``:

=================  ==================================================================================
``markdown-yaml``  title, date, authors with their roles, organization, editors (the YAML block)
``word``           title, date, authors (Word's Title/Author/Date paragraphs and core properties)
``page-citation``  title, date, authors, organization (``citation_*`` meta tags, pandoc's title block)
``page-jsonld``    title, date, authors with their job titles, organization, editors (JSON-LD)
every PDF          title, date, authors (pandoc's title block, printed)
=================  ==================================================================================

The seeds' text gives all of them (:mod:`tests.test_layout_zoo` checks it).  What fails today is
``xfail(strict=True)`` below, with the fields that fail, so the mark must go when a field is read.
"""

from __future__ import annotations

import json
import zipfile
from typing import Any

import pytest

from tests import zoo
from tests.conftest import SEED_STEMS, load_gold
from tests.gold import failures, metadata_checks

# Every format the zoo makes gives the gold metadata (2026-11-30); a field that stops being read
# is listed here with why.
FAILS: dict[str, str] = {}


def case(stem: str, layout: str) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=FAILS[layout])] if layout in FAILS else []
    return pytest.param(stem, layout, id=f"{stem}-{layout}", marks=marks)


@pytest.fixture(scope="module", autouse=True)
def _zoo() -> None:
    """Build what the cache lacks all at once, a job per core (each test then finds its file)."""
    zoo.build_all()


@pytest.mark.parametrize(("stem", "layout"), [case(stem, layout) for stem in SEED_STEMS for layout in zoo.SEED_LAYOUTS])
def test_rendering_gives_the_gold_metadata(stem: str, layout: str) -> None:
    brief = zoo.analysed(zoo.render(zoo.seed_source(stem), layout))
    checks = metadata_checks(brief, load_gold(stem), zoo.LAYOUTS[layout].fields)
    assert checks, "the gold has none of the fields this layout carries"
    missed = failures(checks)
    assert not missed, "; ".join(missed)


def test_every_seed_field_is_asked_of_some_format() -> None:
    """The formats together carry every metadata field the gold has."""
    asked = {field for layout in zoo.LAYOUTS.values() for field in layout.fields}
    assert asked == {"title", "date", "authors", "roles", "organization", "editors"}
    assert {"markdown-yaml", "word", "page-citation", "page-jsonld", *zoo.PDF_LAYOUTS} == set(zoo.SEED_LAYOUTS)


def test_the_pages_carry_the_tags() -> None:
    """The citation_* tags and the JSON-LD are in the pages, with the gold's values."""
    source = zoo.seed_source(SEED_STEMS[0])
    gold = load_gold(SEED_STEMS[0])["metadata"]
    citation = zoo.render(source, "page-citation").read_text(encoding="utf-8")
    assert '<meta name="citation_author" content="Malaika Afridi">' in citation
    assert '<meta name="citation_publication_date" content="2025/01/23">' in citation
    assert '<meta name="citation_publisher" content="Arms Control &amp; Disarmament Centre, ISSI">' in citation
    jsonld = zoo.render(source, "page-jsonld").read_text(encoding="utf-8")
    start = jsonld.index('<script type="application/ld+json">')
    data = jsonld[jsonld.index("{", start) : jsonld.index("</script>", start)]
    report = json.loads(data.replace("<\\/", "</"))
    assert report["@type"] == "Report" and report["headline"] == gold["title"]
    assert report["author"] == [{"@type": "Person", "name": "Malaika Afridi", "jobTitle": "Research Assistant"}]
    assert report["datePublished"] == "2025-01-23"
    assert report["publisher"] == {"@type": "Organization", "name": gold["organization"]}
    assert report["editor"] == [{"@type": "Person", "name": "Malik Qasim Mustafa"}]
    assert "citation_" not in jsonld


def test_the_docx_carries_title_author_and_date() -> None:
    """Word's Title, Author and Date paragraph styles, and the core properties, hold the gold's values."""
    path = zoo.render(zoo.seed_source(SEED_STEMS[1]), "word")
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    for style, text in (
        ("Title", "U.S. SANCTIONS ON PAKISTAN"),
        ("Author", "Sardar Jahanzaib Ghalib"),
        ("Date", "January 28, 2025"),
    ):
        at = document.index(f'<w:pStyle w:val="{style}" />')
        assert text in document[at : at + 400]
    assert "<dc:creator>Sardar Jahanzaib Ghalib</dc:creator>" in core
    assert "2025-01-28T00:00:00Z" in core
