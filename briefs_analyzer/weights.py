"""Weight and fragility: what rests on what, and what would fall with a reference.

Pure functions over analysed briefs; the terminal and HTML reports only render them.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefs_analyzer.graph import publisher_name
from briefs_analyzer.model import Brief, Sentence, Source
from briefs_analyzer.support import claim_sources, uncited_factual


@dataclass(frozen=True)
class SourceWeight:
    source: Source
    claims: int
    share: float  # of the cited claims in scope


@dataclass(frozen=True)
class ClaimRef:
    brief: Brief
    claim: Sentence


@dataclass(frozen=True)
class Weights:
    """Weight and fragility of one brief or a whole corpus."""

    cited_claims: int
    claims: int
    single_source: tuple[ClaimRef, ...]
    news_only: tuple[ClaimRef, ...]
    uncited_factual: tuple[ClaimRef, ...]
    heaviest: tuple[SourceWeight, ...]
    citation_age_days: tuple[int, ...]  # one per dated source cited by a dated brief


def _day(iso: str | None) -> date | None:
    """The first day of a (possibly partial) ISO date."""
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")[:3]]
    try:
        return date(parts[0], *([*parts[1:], 1, 1])[:2])
    except (ValueError, TypeError):
        return None


def weights(briefs: Sequence[Brief], *, top: int = 10) -> Weights:
    sources: dict[str, Source] = {}
    claims_on: Counter[str] = Counter()
    single, news_only, uncited = [], [], []
    ages: list[int] = []
    cited = total = 0
    for brief in briefs:
        sources.update((s.id, s) for s in brief.sources)
        types = {s.id: s.type for s in brief.sources}
        rests = claim_sources(brief)
        flagged = uncited_factual(brief)
        for claim in brief.sentences:
            total += 1
            ids = rests[claim.id]
            if ids:
                cited += 1
                claims_on.update(ids)
                if len(ids) == 1:
                    single.append(ClaimRef(brief, claim))
                if all(types.get(i) == "news" for i in ids):
                    news_only.append(ClaimRef(brief, claim))
            if claim.id in flagged:
                uncited.append(ClaimRef(brief, claim))
        published = _day(brief.metadata.date)
        if published:
            for s in brief.sources:
                day = _day(s.date)
                if day:
                    ages.append((published - day).days)
    heaviest = tuple(
        SourceWeight(sources[sid], n, n / cited if cited else 0.0) for sid, n in claims_on.most_common(top)
    )
    return Weights(cited, total, tuple(single), tuple(news_only), tuple(uncited), heaviest, tuple(sorted(ages)))


@dataclass(frozen=True)
class Shared:
    name: str
    briefs: tuple[str, ...]


def shared_sources(briefs: Sequence[Brief]) -> list[Shared]:
    """Sources cited by more than one brief."""
    seen: dict[str, tuple[str, set[str]]] = {}
    for b in briefs:
        for s in b.sources:
            label = s.title or s.url or s.id
            seen.setdefault(s.id, (label, set()))[1].add(Path(b.path).name)
    return sorted(
        (Shared(label, tuple(sorted(bs))) for label, bs in seen.values() if len(bs) > 1), key=lambda x: -len(x.briefs)
    )


def shared_publishers(briefs: Sequence[Brief]) -> list[Shared]:
    """Publishers (containers or hosts) behind sources of more than one brief."""
    seen: dict[str, set[str]] = defaultdict(set)
    for b in briefs:
        for s in b.sources:
            name = publisher_name(s)
            if name:
                seen[name.removeprefix("The ")].add(Path(b.path).name)
    return sorted((Shared(n, tuple(sorted(bs))) for n, bs in seen.items() if len(bs) > 1), key=lambda x: -len(x.briefs))


def cooccurring_entities(briefs: Sequence[Brief], *, top: int = 15) -> list[tuple[str, str, int]]:
    """Pairs of named entities mentioned in the same claim, with how many claims."""
    pairs: Counter[tuple[str, str]] = Counter()
    for b in briefs:
        per_claim: dict[int, set[str]] = defaultdict(set)
        for e in b.entities:
            if e.place == "body" and e.claim_id is not None and e.type != "date":
                per_claim[e.claim_id].add(e.canonical)
        for names in per_claim.values():
            pairs.update(itertools.combinations(sorted(names), 2))
    return [(a, b, n) for (a, b), n in pairs.most_common(top)]
