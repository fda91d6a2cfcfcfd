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
_NEXT_WORD = re.compile(r"[" + re.escape(OPENING_PUNCT) + r"]*([\w'’.-]+)")
_INITIAL = re.compile(r"^[A-Z]$")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}[A-Za-z]?$")


def _token_before(text: str, end: int, floor: int) -> str:
    """The run of non-space characters that ends at ``end``, looking back no further than ``floor``.

    A scan backwards, not a regular-expression search from the start of the text: that cost a pass
    over the whole text for every sentence end, quadratic on one long paragraph (issue 23).
    """
    start = end
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _ends_sentence(text: str, m: re.Match[str], floor: int = 0) -> bool:
    """Whether the candidate ``m`` ends a sentence; ``floor`` is where the previous candidate ended
    (the token before ``m`` cannot start earlier, since every candidate ends in white space)."""
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
    before = _token_before(text, m.start(1), floor)
    if not before:
        return True
    token = before.lstrip(OPENING_PUNCT).rsplit("-", 1)[-1]  # "India-U.S." is "U.S." here
    bare = token.lower()
    if closing:
        return True
    if _INITIAL.match(token):
        return False
    if bare in MAY_END_SENTENCE or _ACRONYM.match(token):
        return word.lower() in SENTENCE_STARTERS
    return bare not in ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of every sentence in ``text`` (whitespace excluded).

    Linear in the length of the text: each candidate end looks back only to the one before.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    floor = 0
    for m in _CANDIDATE.finditer(text):
        previous, floor = floor, m.end()
        if m.start() < start:
            continue
        if _ends_sentence(text, m, previous):
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
