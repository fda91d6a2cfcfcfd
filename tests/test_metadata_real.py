"""Who wrote it, when, for whom: the metadata of every real report, against hand labels.

The labels (``tests/data/labels/metadata/metadata.json``, rubric beside it) were written from each
document's cover, letter and back matter, not from this analyser.  Each field is asserted exactly
(quotes and whitespace compared as printed text: curly and straight quotes alike).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.model import Brief
from tests.conftest import CORPUS_REAL, LABELS
from tests.factories import norm

LABELLED: dict[str, dict[str, Any]] = json.loads((LABELS / "metadata" / "metadata.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def briefs() -> dict[str, Brief]:
    return {name: analyze_file(CORPUS_REAL / name) for name in LABELLED}


def test_every_real_document_is_labelled() -> None:
    files = sorted(p.name for p in CORPUS_REAL.iterdir() if p.suffix in (".pdf", ".md") and p.stem.islower())
    assert sorted(LABELLED) == files


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_metadata_as_printed(briefs: dict[str, Brief], name: str) -> None:
    want, md = LABELLED[name], briefs[name].metadata
    got = {
        "title": norm(md.title),
        "subtitle": norm(md.subtitle) or None,
        "authors": [(norm(a.name), norm(a.role) or None) for a in md.authors],
        "organization": norm(md.organization),
        "date": md.date,
        "report_number": md.report_number,
        "series": md.series,
    }
    expected = {
        "title": norm(want["title"]),
        "subtitle": norm(want["subtitle"]) or None,
        "authors": [(norm(a["name"]), norm(a["role"]) or None) for a in want["authors"]],
        "organization": norm(want["organization"]),
        "date": want["date"],
        "report_number": want["report_number"],
        "series": want["series"],
    }
    assert got == expected


def test_provenance_says_where_each_field_came_from(briefs: dict[str, Brief]) -> None:
    gao = dict(briefs["gao-07-283-crude-oil-peak-production.pdf"].metadata.provenance)
    assert gao["title"] == "pdf-cover" and gao["date"] == "pdf-cover" and gao["authors"] == "pdf-cover"
    crs = dict(briefs["crs-r48903-strait-of-hormuz-non-oil-shipments.pdf"].metadata.provenance)
    assert crs["title"] == "pdf-info" and crs["authors"] == "pdf-info"
    md = dict(briefs["crs-r48903-strait-of-hormuz-non-oil-shipments.md"].metadata.provenance)
    assert md["authors"] == "markdown-header" and md["series"] == "report-number"


def test_pdf_title_from_a_tool_is_not_a_title(tmp_path: Path) -> None:
    from briefs_analyzer.metadata import plausible_author, plausible_title

    assert plausible_title("Microsoft Word - draft3.docx") is None
    assert plausible_title("untitled") is None
    assert plausible_title("brief_final.pdf") is None
    assert plausible_title("Iran and Nuclear Weapons Production") == "Iran and Nuclear Weapons Production"
    assert plausible_author("admin") is None
    assert plausible_author("Paul K. Kerr") == "Paul K. Kerr"
