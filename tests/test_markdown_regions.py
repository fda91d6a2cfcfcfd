"""Markdown blocks that give no claims: pipe tables (cells kept, markers counted) and navigation."""

from __future__ import annotations

from pathlib import Path

from briefs_analyzer.corpus import analyze_file
from briefs_analyzer.output import brief_json
from briefs_analyzer.pipeline import default_stages

BRIEF = (
    "# A Brief\n\n"  # 1-2
    "In 1998 sanctions were imposed.[^1]\n\n"  # 3-4
    "| Year | Tons |\n"  # 5
    "|:-----|-----:|\n"  # 6
    "| 2024 | 1,200[^2] |\n"  # 7
    "The table shows tonnage.\n\n"  # 8-9: prose right under the table, no blank line
    "They were lifted in 2001.\n\n"  # 10-11
    "[^1]: Reuters, 12 May 1998.\n"
    "[^2]: Dawn, 3 March 2024.\n"
)


def test_a_pipe_table_is_a_region_with_its_cells_and_markers(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(BRIEF, encoding="utf-8")
    brief = analyze_file(path, default_stages())
    assert [s.text for s in brief.sentences] == [
        "In 1998 sanctions were imposed.",
        "The table shows tonnage.",
        "They were lifted in 2001.",
    ]
    (table,) = brief.regions
    assert (table.kind, table.line, table.markers) == ("table", 5, (2,))
    assert table.cells == (("Year", "Tons"), ("2024", "1,200"))
    assert not brief.problems  # note 2 is referenced from the table: no BA102
    assert brief_json(brief)["regions"] == [
        {
            "kind": "table",
            "text": "Year Tons\n2024 1,200",
            "line": 5,
            "page": None,
            "after_claim": 1,
            "markers": [2],
            "cells": [["Year", "Tons"], ["2024", "1,200"]],
        }
    ]


# A web page converted to Markdown: its breadcrumb trail, version list and contents are links only.
WEB_PAGE = (
    "# Ports\n\n"  # 1-2
    "[Citation](https://example.org#citation)[Share](https://example.org#share)"  # 3
    "[Home](https://example.org/) > [Products](https://example.org/p) > R12345\n\n"  # 3-4
    "- [April 9, 2026 (Version 2)](https://example.org/v2.pdf)\n"  # 5
    "- [April 8, 2026 (Version 1)](https://example.org/v1.pdf)\n\n"  # 6-7
    "A Report on Ports   \n"  # 8: ends in a Markdown hard line break
    "[Jump to Main Text](https://example.org#Content)\n\n"  # 9-10
    "---\n"  # 11
    "- [Introduction](https://example.org#_Toc1)\n"  # 12
    "- [Ships](https://example.org#_Toc2)\n\n"  # 13-14
    "Ports closed in 2026, as [the agency said](https://example.org/a).[^1]\n\n"  # 15-16
    "- [The agency's notice](https://example.org/n) lists 12 ports.\n"  # 17: a link inside a sentence
    "- Four of them reopened.\n\n"  # 18-19
    "[^1]: Agency, Notice 4, 2026.\n"
)


def test_navigation_of_a_web_page_gives_no_claims(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text(WEB_PAGE, encoding="utf-8")
    brief = analyze_file(path, default_stages())
    assert brief.metadata.title == "Ports"
    assert [s.text for s in brief.sentences] == [
        "Ports closed in 2026, as the agency said.",
        "The agency's notice lists 12 ports.",
        "Four of them reopened.",
    ]
    assert [(r.kind, r.line, r.text) for r in brief.regions] == [
        ("furniture", 3, "CitationShareHome > Products > R12345"),
        ("furniture", 5, "April 9, 2026 (Version 2)\nApril 8, 2026 (Version 1)"),
        ("toc", 9, "Jump to Main Text"),
        ("toc", 12, "Introduction\nShips"),
    ]
    assert [n.number for n in brief.notes] == [1] and not brief.problems


def test_a_menu_above_the_title_is_not_the_title(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    path.write_text(WEB_PAGE.removeprefix("# Ports\n\n"), encoding="utf-8")
    brief = analyze_file(path, default_stages())
    assert brief.metadata.title == "A Report on Ports"
    assert brief.sentences[0].text == "Ports closed in 2026, as the agency said."
