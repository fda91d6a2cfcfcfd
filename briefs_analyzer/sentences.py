"""Sentence splitting tuned for policy prose.

Splits after ``.``, ``!``, ``?`` or an ellipsis (with any closing quotes or brackets) when
the next word starts a sentence.  Does not split after abbreviations (``Dr.``, ``No. 2``,
``e.g.``), initials (``Robert M. Hathaway``), inside ``U.S.-India``, after a mid-sentence
ellipsis or before a lowercase word.  ``U.S.`` ends a sentence only when the next word is a
common sentence opener (``... with the U.S. As both ...``), not a name (``U.S. Congress``).
"""

from __future__ import annotations

import re

from briefs_analyzer.patterns import (
    ABBREVIATIONS,
    CLOSING_PUNCT,
    MAY_END_SENTENCE,
    OPENING_PUNCT,
    SENTENCE_STARTERS,
)

_CANDIDATE = re.compile(r"(\.{3}|…|[.!?]+)([" + re.escape(CLOSING_PUNCT) + r"]*)(\s+)(?=\S)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"[" + re.escape(OPENING_PUNCT) + r"]*([\w'’.-]+)")
_INITIAL = re.compile(r"^[A-Z]$")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}[A-Za-z]?$")


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    punct, closing = m.group(1), m.group(2)
    nxt = _NEXT_WORD.match(text, m.end())
    if nxt is None:
        next_char = text[m.end()]
        return not next_char.islower()
    word = nxt.group(1)
    if not (word[0].isupper() or word[0].isdigit()):
        return False
    if punct in ("...", "…"):
        # A mid-quote ellipsis runs on; one that closes a quote ends the sentence.
        return bool(closing)
    if punct != ".":
        return True
    before = _TOKEN_BEFORE.search(text, 0, m.start(1))
    if before is None:
        return True
    token = before.group(1).lstrip(OPENING_PUNCT).rsplit("-", 1)[-1]  # "India-U.S." is "U.S." here
    bare = token.lower()
    if closing:
        return True
    if _INITIAL.match(token):
        return False
    if bare in MAY_END_SENTENCE or _ACRONYM.match(token):
        return word.lower() in SENTENCE_STARTERS
    return bare not in ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of every sentence in ``text`` (whitespace excluded)."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _CANDIDATE.finditer(text):
        if m.start() < start:
            continue
        if _ends_sentence(text, m):
            end = m.start(3)
            if end > start:
                spans.append((start, end))
            start = m.end()
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans
