"""Small helpers that build briefs from literal text in tests, and run the command line."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from briefs_analyzer.ingest.document import Document
from briefs_analyzer.ingest.text import split_lines
from briefs_analyzer.model import Brief
from briefs_analyzer.parse import parse


def brief_from(text: str, *, markdown: bool = False) -> Brief:
    """Parse ``text`` as if it had been read from a .txt (or .md) file."""
    doc = Document(
        path="test.md" if markdown else "test.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="markdown" if markdown else "text",
        lines=split_lines(text),
        encoding="utf-8",
    )
    return parse(doc)


def codes(brief: Brief) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in brief.problems]


_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def norm(text: object) -> str:
    """Text compared as the gold scorer compares it: NFKC, straight quotes and dashes, single spaces."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(text)).translate(_STRAIGHT).split())


def loose(text: object) -> str:
    """Titles and containers as the gold scorer compares them: no case, quotes, punctuation or leading 'the'."""
    bare = re.sub(r"[^\w\s-]", "", norm(text).lower())
    return re.sub(r"^the ", "", " ".join(bare.split()))


def assert_matches_gold(brief: Brief, gold: dict[str, Any]) -> None:
    """What the seed expectations (tests/data/seeds) ask of a seed, whatever format the brief was read from."""
    assert brief.metadata.title == gold["metadata"]["title"]
    assert brief.metadata.date == gold["metadata"]["date"]
    assert [a.name for a in brief.metadata.authors] == gold["metadata"]["authors"]
    assert [s.heading for s in brief.sections if s.heading] == gold["sections"]
    assert [n.number for n in brief.notes] == list(range(1, gold["note_count"] + 1))
    assert sorted(m.number for m in brief.markers) == gold["markers_in_text"]
    for want in gold["claims_with_markers"]:
        hits = [s for s in brief.sentences if norm(want["sentence_contains"]) in norm(s.text)]
        assert len(hits) == 1 and list(hits[0].markers) == want["markers"], want
    texts = {norm(s.text) for s in brief.sentences}
    for sentence in gold["stitched_sentences"]:
        assert norm(sentence) in texts
    for g in gold["notes"]:
        note = brief.notes[g["n"] - 1]
        assert (note.kind, note.antecedent) == (g["kind"], g.get("antecedent")), g


def invoke(*args: str) -> tuple[int, str, str]:
    """Run ``briefs ARGS`` in process: (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from briefs_analyzer.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr
