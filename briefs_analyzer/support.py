"""What each claim rests on: claim -> markers -> notes -> sources (after resolution)."""

from __future__ import annotations

from collections import Counter

from briefs_analyzer.model import Brief


def claim_sources(brief: Brief) -> dict[int, tuple[str, ...]]:
    """For every claim id, the ids of the sources it rests on, through every marker in it."""
    by_number: dict[int, tuple[str, ...]] = {}
    for note in brief.notes:
        by_number.setdefault(note.number, note.source_ids)
    out: dict[int, tuple[str, ...]] = {}
    for claim in brief.sentences:
        ids: dict[str, None] = {}
        for number in claim.markers:
            ids.update(dict.fromkeys(by_number.get(number, ())))
        out[claim.id] = tuple(ids)
    return out


def claims_per_source(brief: Brief) -> Counter[str]:
    """How many claims of the brief rest on each source."""
    counts: Counter[str] = Counter()
    for ids in claim_sources(brief).values():
        counts.update(ids)
    return counts
