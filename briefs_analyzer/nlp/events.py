"""Agreement events: claims that sign, conclude, join, ink, impose, ratify or accede to an instrument.

One event per agreement, regime or legal instrument named in such a claim: (instrument, date,
parties), the date the most precise in the claim, the parties its state actors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Final

from briefs_analyzer.model import Brief, Entity, Event

_INSTRUMENT_TYPES: Final = frozenset({"agreement", "regime", "legal_instrument"})
_ISO: Final = re.compile(r"\d{4}(?:-\d\d){0,2}")
_EVENT_VERB: Final = re.compile(
    r"\b(?:(?P<sign>sign(?:s|ed|ing)?)|(?P<conclude>conclud(?:e|es|ed|ing))|(?P<join>join(?:s|ed|ing)?)"
    r"|(?P<ink>ink(?:s|ed|ing)?)|(?P<impose>impos(?:e|es|ed|ing))|(?P<accede>acced(?:e|es|ed|ing))"
    r"|(?P<ratify>ratif(?:y|ies|ied|ying))|(?P<membership>(?:granted|gained|obtained|acquired)\s+(?:the\s+|its\s+)?"
    r"membership|became\s+(?:a\s+)?(?:member|party|signatory))|(?P<admit>admitted\s+(?:in)?to))\b",
    re.IGNORECASE,
)
_VERB_LEMMAS: Final = {"membership": "join", "admit": "join"}
_NEGATED: Final = re.compile(r"(?:\bnot|\bnever|n't|\bno\s+longer)\s+(?:\w+\s+)?$", re.IGNORECASE)


def event_verb(sentence: str) -> str | None:
    """The first sign/conclude/join/ink/impose/accede/ratify verb not negated, as a lemma."""
    for match in _EVENT_VERB.finditer(sentence):
        if _NEGATED.search(sentence, 0, match.start()):
            continue
        kind = next(name for name, value in match.groupdict().items() if value)
        return _VERB_LEMMAS.get(kind, kind)
    return None


def agreement_events(brief: Brief) -> tuple[Event, ...]:
    """Events of claims that sign, conclude, join, ink, impose or accede to an agreement, regime or instrument.

    One event per instrument named in the claim; its date is the most precise date in the
    claim, its parties the state actors in the claim (sorted canonical names).
    """
    by_claim: dict[int, list[Entity]] = defaultdict(list)
    for e in brief.entities:
        if e.place == "body" and e.claim_id is not None:
            by_claim[e.claim_id].append(e)
    events = []
    for claim in brief.sentences:
        mentions = by_claim.get(claim.id, [])
        instruments = list(dict.fromkeys(e.canonical for e in mentions if e.type in _INSTRUMENT_TYPES))
        if not instruments:
            continue
        verb = event_verb(brief.body[claim.start : claim.end])
        if verb is None:
            continue
        dates = [e.canonical for e in mentions if e.type == "date" and _ISO.fullmatch(e.canonical)]
        date = max(dates, key=len) if dates else None
        parties = tuple(sorted({e.canonical for e in mentions if e.type == "state_actor"}))
        events += [Event(instrument, date, parties, claim.id, verb) for instrument in instruments]
    return tuple(events)
