"""What each claim rests on: claim -> markers -> notes -> sources (after resolution)."""

from __future__ import annotations

import re
from collections import Counter

from briefs_analyzer.dates import find_dates
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


# A figure: a number written with digits (500kg, 7000 km, 17, 1,000, 20%), or a year.
FIGURE = re.compile(r"\d")
NAMED_TYPES = frozenset(
    {"state_actor", "organization", "person", "regime", "agreement", "legal_instrument", "weapon_system", "location"}
)


def uncited_factual(brief: Brief) -> frozenset[int]:
    """Claims with no marker that state a date, a figure or a named entity.

    Dates and figures are found in the claim's text; named entities come from the NLP
    layer (``brief.entities``), so without it only dates and figures count.
    """
    named = {e.claim_id for e in brief.entities if e.place == "body" and e.type in NAMED_TYPES}
    return frozenset(
        c.id
        for c in brief.sentences
        if not c.markers and (FIGURE.search(c.text) or find_dates(c.text) or c.id in named)
    )
