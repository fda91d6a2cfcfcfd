"""A Markdown rendering of each seed gives the same notes and claims as its text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from briefs_analyzer.model import Brief
from briefs_analyzer.patterns import SUPERSCRIPT_TO_INT
from tests.factories import brief_from

SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def to_markdown(text: str, brief: Brief, gold: dict[str, Any], *, notes_at_end: bool) -> str:
    """Render a seed as Markdown: `# title`, `## headings`, `[^n]` markers, `[^n]:` definitions."""
    note_lines = {n.line: n.number for n in brief.notes}
    out: list[str] = []
    definitions: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in note_lines:
            n = note_lines[number]
            rest = re.sub(r"^\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d+)\s*", "", line)
            (definitions if notes_at_end else out).append(f"[^{n}]: {rest}")
            continue
        if line.strip() == gold["metadata"]["title"]:
            line = f"# {line}"
        elif line.strip() in gold["sections"]:
            line = f"## {line}"
        else:
            line = SUPERSCRIPT_RUN.sub(lambda m: f"[^{m.group().translate(SUPERSCRIPT_TO_INT)}]", line)
        out.append(line)
    return "\n".join(out) + "\n\n" + "\n\n".join(definitions) + "\n"


@pytest.mark.parametrize("notes_at_end", [False, True], ids=["notes-in-place", "notes-at-end"])
def test_markdown_rendering_matches_text(seed: tuple[Brief, dict[str, Any]], notes_at_end: bool) -> None:
    brief, gold = seed
    from tests.conftest import SEEDS

    text = (SEEDS / gold["file"]).read_text(encoding="utf-8")
    md = brief_from(to_markdown(text, brief, gold, notes_at_end=notes_at_end), markdown=True)
    assert md.format == "markdown"
    assert [(n.number, n.text) for n in md.notes] == [(n.number, n.text) for n in brief.notes]
    assert {n.style for n in md.notes} == {"markdown"}
    assert [(s.text, s.markers) for s in md.sentences] == [(s.text, s.markers) for s in brief.sentences]
    assert [s.heading for s in md.sections if s.heading] == gold["sections"]
    assert md.metadata.title == brief.metadata.title
    assert md.metadata.authors == brief.metadata.authors
    assert md.problems == ()
