"""One brief as the report shows it: paragraphs cut into claims and markers, notes, and what each claim rests on.

The page keeps each brief's panel as compact JSON in its own inert ``<script type="application/json">``
element and draws it only when someone opens the brief, so a corpus of a thousand briefs costs no
more to open than its overview.  Everything here is plain data; ``static/report.js`` draws it with
``textContent`` only.

Claim status (``support``): the claim-support stage's value when it has run (``cited``,
``covered``, ``needs_source``, ``analysis``, ``not_prose``); before it has, ``cited`` for a claim
with a marker, ``needs_source`` for an uncited factual claim (a date, a figure or a name), and
``unassessed`` for the rest.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefs_analyzer.graph import claim_sources_by_note, marker_notes, note_index
from briefs_analyzer.model import Brief, Marker, Problem, Sentence
from briefs_analyzer.support import uncited_factual

STATUSES = ("cited", "covered", "needs_source", "analysis", "not_prose", "unassessed")


def claim_status(claim: Sentence, flagged: frozenset[int]) -> str:
    if claim.support:
        return claim.support
    if claim.markers:
        return "cited"
    return "needs_source" if claim.id in flagged else "unassessed"


@dataclass(frozen=True)
class ClaimSupport:
    """What one claim rests on: its status, the sources its markers reach and those nearby notes reach."""

    status: str
    cited: tuple[str, ...]
    covered: tuple[str, ...]


def claim_supports(brief: Brief) -> dict[int, ClaimSupport]:
    flagged = uncited_factual(brief)
    cited = claim_sources_by_note(brief)
    out: dict[int, ClaimSupport] = {}
    for c in brief.sentences:
        covered: dict[str, None] = {}
        for number in c.covered_by:
            index = note_index(brief, number, c.page, c.line)
            if index is not None:
                covered.update(dict.fromkeys(brief.notes[index].source_ids))
        mine = cited.get(c.id, ())
        out[c.id] = ClaimSupport(claim_status(c, flagged), mine, tuple(s for s in covered if s not in mine))
    return out


def brief_title(brief: Brief) -> str:
    return brief.metadata.title or Path(brief.path).name


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for sep in [*re.finditer(r"\n[ \t]*\n\s*", body), None]:
        end = sep.start() if sep else len(body)
        chunk = body[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            spans.append((pos + lead, end - trail))
        if sep:
            pos = sep.end()
    return spans


Part = str | list[int]  # text, or [note number, index of the note in the brief or -1]


def _split(body: str, start: int, end: int, markers: list[tuple[int, Marker, int]]) -> list[Part]:
    parts: list[Part] = []
    pos = start
    for offset, marker, index in sorted(markers, key=lambda om: om[0]):
        if offset > pos:
            parts.append(body[pos:offset])
            pos = offset
        parts.append([marker.number, index])
    if end > pos:
        parts.append(body[pos:end])
    return parts


def _cuts(start: int, end: int, sentences: list[Sentence]) -> list[tuple[int, int, Sentence | None]]:
    cuts: list[tuple[int, int, Sentence | None]] = []
    pos = start
    for s in sorted(sentences, key=lambda s: s.start):
        a, b = max(s.start, pos), min(s.end, end)
        if b <= a:
            continue
        if a > pos:
            cuts.append((pos, a, None))
        cuts.append((a, b, s))
        pos = b
    if pos < end:
        cuts.append((pos, end, None))
    return cuts


def _segments(
    body: str, start: int, end: int, sentences: list[Sentence], markers: list[tuple[Marker, int]]
) -> list[dict[str, Any]]:
    cuts = _cuts(start, end, sentences)
    placed: dict[int, list[tuple[int, Marker, int]]] = defaultdict(list)
    for m, index in markers:
        offset = min(max(m.offset, start), end)
        own = [i for i, (a, b, s) in enumerate(cuts) if s is not None and s.id == m.sentence and a <= offset <= b]
        inside = [i for i, (a, b, _) in enumerate(cuts) if a <= offset < b or (offset == b == end)]
        where = own[0] if own else inside[0] if inside else len(cuts) - 1
        placed[where].append((offset, m, index))
    out: list[dict[str, Any]] = []
    for i, (a, b, s) in enumerate(cuts):
        segment: dict[str, Any] = {"p": _split(body, a, b, placed[i])}
        if s is not None:
            segment["c"] = s.id
        out.append(segment)
    return out


def _problem(p: Problem) -> list[Any]:
    return [p.severity, p.code, p.message]


def _margin(
    brief: Brief, sentences: list[Sentence], markers: list[Marker], a: int, assigned: set[int], flagged: frozenset[int]
) -> list[Any]:
    margin: list[Any] = [["uncited", f"claim {s.id}", "uncited factual", s.id] for s in sentences if s.id in flagged
                         and s.start >= a]  # fmt: skip
    lines = [s.line for s in sentences] + [m.line for m in markers]
    if lines:
        low, high = min(lines), max(lines)
        for i, p in enumerate(brief.problems):
            if i not in assigned and p.line is not None and low <= p.line <= high:
                assigned.add(i)
                margin.append(_problem(p))
    return margin


def _paragraphs(brief: Brief) -> tuple[list[dict[str, Any]], set[int]]:
    headings = {s.heading.strip() for s in brief.sections if s.heading}
    spans = paragraph_spans(brief.body)
    owners = [a for a, _ in spans]
    indexes = [index for _, _, index in marker_notes(brief)]
    by_para: dict[int, list[tuple[Marker, int]]] = defaultdict(list)
    for m, index in zip(brief.markers, indexes, strict=True):
        k = max(bisect.bisect_right(owners, m.offset) - 1, 0)
        by_para[k].append((m, -1 if index is None else index))
    assigned: set[int] = set()
    out: list[dict[str, Any]] = []
    flagged = uncited_factual(brief)
    ordered = sorted(brief.sentences, key=lambda s: s.start)
    lo = 0
    for k, (a, b) in enumerate(spans):
        while lo < len(ordered) and ordered[lo].end <= a:  # claims do not overlap: their ends rise with their starts
            lo += 1
        sentences = []
        for s in ordered[lo:]:
            if s.start >= b:
                break
            if s.end > a:
                sentences.append(s)
        markers = by_para.get(k, [])
        text = brief.body[a:b]
        if not sentences and not markers and text.strip() in headings:
            out.append({"h": text})
            continue
        paragraph: dict[str, Any] = {"s": _segments(brief.body, a, b, sentences, markers)}
        margin = _margin(brief, sentences, [m for m, _ in markers], a, assigned, flagged)
        if margin:
            paragraph["m"] = margin
        out.append(paragraph)
    return out, assigned


def panel(brief: Brief, source_index: Mapping[str, int], supports: Mapping[int, ClaimSupport]) -> dict[str, Any]:
    """The JSON the page draws brief ``brief`` from (sources as indexes into the page's source list).

    A claim's text is not repeated: the page joins the text of the segments that carry its id.
    """
    paragraphs, assigned = _paragraphs(brief)

    def idx(ids: tuple[str, ...]) -> list[int]:
        return [source_index[s] for s in ids if s in source_index]

    return {
        "paragraphs": paragraphs,
        "notes": [[n.number, n.text, n.kind or "", n.antecedent, idx(n.source_ids)] for n in brief.notes],
        "claims": {
            str(c.id): [supports[c.id].status, idx(supports[c.id].cited), idx(supports[c.id].covered)]
            for c in brief.sentences
        },
        "problems": [_problem(p) for i, p in enumerate(brief.problems) if i not in assigned],
    }
