"""Cutting a note into one chunk per citation: at top-level semicolons, sentence ends and joins between works."""

from __future__ import annotations

import itertools
import re

from .clean import protected_mask, split_parts, top_level
from .names import part_kind
from .patterns import (
    ABBREVIATIONS,
    ATTRIBUTION,
    CONTINUATION,
    FINISHED,
    LEADING_JUNK,
    MID_SENTENCE_REPORT,
    NEW_WORK,
    NEW_WORK_JOIN,
    SENTENCE_GAP,
    SIGNAL,
    SIGNAL_WORD,
    SUBTITLE_AFTER_SEMICOLON,
)


# --- splitting a note into citation chunks ----------------------------------------------------
def split_citations(text: str) -> list[str]:
    """One chunk per citation (or per sentence of explanation), signals removed."""
    return [text[a:b] for a, b, _ in split_spans(text)]


def split_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, attributed) of each chunk: one per cited work or sentence of explanation.

    Cuts at ``;`` and sentence ends outside quotes and brackets, then inside a sentence where a
    new work starts: ``, and`` or ``, as reported in`` before a new author, title or report
    number, and before a CRS report cited mid-sentence.  ``attributed`` marks a chunk that a
    sentence attributes information to (``comes from X``, ``according to X``, ``data ... from
    X``): a work named there is cited even without its details.  Leading signals are dropped.
    """
    pieces: list[tuple[int, int, bool]] = []
    semicolons = [i + 1 for i in top_level(text, ";") if not SUBTITLE_AFTER_SEMICOLON.match(text, i)]
    for a, b in _spans_at(text, 0, len(text), semicolons):
        for sa, sb in _spans_at(text, a, b, _sentence_cuts(text, a, b)):
            pieces.extend(_work_spans(text, sa, sb))
    merged: list[tuple[int, int, bool]] = []
    for a, b, attributed in pieces:
        a, b = _strip_span(text, a, b)
        if a >= b:
            continue
        if merged and CONTINUATION.match(text[a:b]):
            merged[-1] = (merged[-1][0], b, merged[-1][2])
        else:
            merged.append((a, b, attributed))
    return merged


def _spans_at(text: str, a: int, b: int, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [a, *sorted(c for c in cuts if a < c < b), b]
    return [(x, y) for x, y in itertools.pairwise(bounds) if text[x:y].strip(" ;")]


def _sentence_cuts(text: str, a: int, b: int) -> list[int]:
    piece = text[a:b]
    inside = protected_mask(piece)
    return [a + m.end(2) for m in SENTENCE_GAP.finditer(piece) if not inside[m.start(3)] and _ends_sentence(piece, m)]


def _work_spans(text: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """A sentence cut where a new work starts inside it; see :func:`split_spans`."""
    sentence = text[a:b]
    inside = protected_mask(sentence)
    cuts: list[int] = []
    last = 0
    for m in NEW_WORK_JOIN.finditer(sentence):
        if not inside[m.start()] and NEW_WORK.match(sentence, m.end()) and FINISHED.search(sentence[last : m.start()]):
            cuts.append(m.start() + 1)
            last = m.end()
    for m in MID_SENTENCE_REPORT.finditer(sentence):
        if m.start() > 0 and not inside[m.start()]:
            cuts.append(m.start())
    commas = top_level(sentence, ",")
    parts = split_parts(sentence)
    cuts.extend(
        commas[i - 1] + 1
        for i in range(1, len(parts))
        if re.match(r"and\s+\*?[A-Z]", parts[i]) and part_kind(parts[i - 1]) == "locator"
    )
    attributed_from: list[int] = []
    for m in ATTRIBUTION.finditer(sentence):
        if not inside[m.start()]:
            cuts.append(m.end())
            attributed_from.append(m.end())
    out = []
    for x, y in _spans_at(text, a, b, [a + c for c in cuts]):
        out.append((x, y, (x - a) in attributed_from))
    return out


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    chunk = text[a:b]
    stripped = _strip_lead(chunk)
    if not stripped:
        return b, b
    start = a + chunk.find(stripped)
    return start, start + len(stripped.rstrip(" ;"))


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start(1)].rsplit(" ", 1)[-1]
    after = text[m.end(3) :]
    word = before.lstrip('("“')
    if SIGNAL_WORD.match(after):
        return not re.fullmatch(r"[A-Z]", word)
    if m.group(2) and m.group(1) != ".":
        return False  # a quoted title ending in "?" or "!"
    if not re.match(r"[\"“(*]?[A-Z][A-Za-z]|[\"“]", after):  # a capital, a quotation, italics (*...*)
        return False
    if word.lower() in ("id", "ibid"):
        return True
    if m.group(2) or before.endswith((")", "]")) or before[-1:].isdigit() or "://" in before:
        return True
    next_word = re.match(r"[A-Za-z]+", after)
    if next_word and next_word.group(0).lower() in ABBREVIATIONS | {"vol", "no", "pp", "p"}:
        return False  # "... Geologists Bulletin. Vol. 89, no. 8"
    if before.endswith("*"):
        return True  # a full stop after italics (``*Title*.``) is not an abbreviation's
    if re.fullmatch(r"[A-Z][a-z]{3,}", word) and word.lower() not in ABBREVIATIONS:
        return True  # "... from the Oil and Gas Journal. Consistent with ..."
    return bool(re.fullmatch(r"[a-z]{2,}", word)) and word not in ABBREVIATIONS


def _strip_lead(chunk: str) -> str:
    out = chunk.strip()
    while True:
        new = SIGNAL.sub("", LEADING_JUNK.sub("", out), count=1).strip()
        if new == out:
            return out
        out = new
