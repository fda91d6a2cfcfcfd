"""The seeds against their expectations (tests/data/seeds/*.expected.json), value by value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefs_analyzer.model import Brief
from tests.conftest import ROOT, SEEDS, load_gold
from tests.factories import norm

Seed = tuple[Brief, dict[str, Any]]


def test_metadata(seed: Seed) -> None:
    brief, gold = seed
    md, want = brief.metadata, gold["metadata"]
    assert md.title == want["title"]
    assert [a.name for a in md.authors] == want["authors"]
    assert {a.name: a.role for a in md.authors} == want["author_roles"]
    assert [e.name for e in md.editors] == want["editors"]
    assert md.organization == want["organization"]
    assert md.date == want["date"]
    assert md.disclaimer == want["disclaimer"]
    assert md.image_credit == want.get("image_credit")


def test_sections(seed: Seed) -> None:
    brief, gold = seed
    assert [s.heading for s in brief.sections if s.heading] == gold["sections"]
    # Every claim belongs to exactly one section, in order.
    ids = [i for s in brief.sections for i in s.sentences]
    assert ids == [s.id for s in brief.sentences]


def test_notes(seed: Seed) -> None:
    brief, gold = seed
    assert [n.number for n in brief.notes] == list(range(1, gold["note_count"] + 1))
    for g in gold["notes"]:
        if g.get("written_as") == "plain digit at line start":
            assert brief.notes[g["n"] - 1].style == "plain", g
    assert sorted({m.number for m in brief.markers}) == gold["markers_in_text"]
    assert len(brief.markers) == len(gold["markers_in_text"])


def test_claims_with_markers(seed: Seed) -> None:
    brief, gold = seed
    for want in gold["claims_with_markers"]:
        hits = [s for s in brief.sentences if norm(want["sentence_contains"]) in norm(s.text)]
        assert len(hits) == 1, want
        assert list(hits[0].markers) == want["markers"], want


def test_stitched_sentences(seed: Seed) -> None:
    brief, gold = seed
    texts = {norm(s.text) for s in brief.sentences}
    for sentence in gold["stitched_sentences"]:
        assert norm(sentence) in texts


def test_no_problems(seed: Seed) -> None:
    brief, _ = seed
    assert brief.problems == ()


def test_offsets_slice_body(seed: Seed) -> None:
    brief, _ = seed
    for s in brief.sentences:
        assert brief.body[s.start : s.end] == s.text
    for m in brief.markers:
        claim = brief.sentences[m.sentence - 1]
        assert m.number in claim.markers
        assert claim.start <= m.offset <= claim.end


def test_marker_positions_point_at_the_file() -> None:
    """Markers keep the line and column where they stood in the file."""
    gold = load_gold("004_7a6a544e9fa6e7d1")
    path = SEEDS / gold["file"]
    from tests.conftest import parse_path

    brief = parse_path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    for m in brief.markers:
        line = lines[m.line - 1]
        digits = line[m.column - 1 :]
        assert digits[:1] in "¹²³⁴⁵⁶⁷⁸⁹", (m, digits[:10])
    by_number = {m.number: m for m in brief.markers}
    assert (by_number[3].anchor, by_number[4].anchor, by_number[5].anchor) == (
        "Similarly from 1970s to 1990s, sanctions such as those under the Symington",
        ", the Pressler",
        "and Glenn amendments",
    )
    notes = {n.number: n for n in brief.notes}
    assert lines[notes[7].line - 1].startswith("⁷ ")


@pytest.mark.parametrize(
    ("seed_file", "corpus_file"),
    [
        ("000_2bc1844ba35e9142.txt", "issi-2025-01-23-mtcr-reforms-us-selective-approach-to-india.txt"),
        ("004_7a6a544e9fa6e7d1.txt", "issi-2025-01-28-us-sanctions-on-pakistan-missile-program.txt"),
    ],
)
def test_corpus_holds_the_seeds_byte_for_byte(seed_file: str, corpus_file: str) -> None:
    assert (ROOT / "corpus" / corpus_file).read_bytes() == (SEEDS / seed_file).read_bytes()
    assert (ROOT / "corpus" / "README.md").read_text(encoding="utf-8").count(Path(seed_file).stem) == 1
