"""A Markdown pipe table is a table region: its cells kept, no claims from it, its markers counted."""

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
