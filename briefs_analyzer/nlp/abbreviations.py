"""Names a brief defines for itself.

* ``Logistics Exchange Memorandum of Agreement (LEMOA)``, ``Endangered Species Act (ESA; 16
  U.S.C. ...)``, ``The Metals Company [TMC]``: an abbreviation after its long form (the
  algorithm of Schwartz & Hearst, 2003).  A long form in lower case (``low-enriched uranium
  (LEU)``) makes the abbreviation a common noun, not a name.
* ``Strait of Hormuz (the Strait)``, ``... Part XI ... Law of the Sea (the 1994 Agreement)``,
  ``(hereinafter the Agreement)``: a short name after the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_ABBREVIATION: Final = re.compile(r"[(\[](?P<short>[A-Za-z][A-Za-z0-9&.\-]{1,11})(?=[)\];,])")
_SHORT_NAME: Final = re.compile(
    r"\((?:hereinafter(?:\s+referred\s+to\s+as)?\s+)?(?:the\s+)?[\"“]?(?:the\s+)?[\"“]?"
    r"(?P<short>(?:(?:1[89]|20)\d\d\s+)?[A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+){0,3})[\"”]?\)"
)
_HEREINAFTER: Final = re.compile(r"\(hereinafter", re.IGNORECASE)
_LONG_FORM_STOP: Final = re.compile(r"[(),;:\"\n\[\]“”]")
_CONNECTORS: Final = frozenset({"of", "the", "on", "for", "and", "to", "in", "de", "du", "against", "&"})
_NAME_WORD: Final = re.compile(r"[A-Z0-9][\w'’.\-]*|[\w'’.\-]+")


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """``long (short)`` as defined in a text, with the long form's offsets.

    ``named``: the long form is a name (capitalised); an abbreviation of a common noun is not.
    """

    short: str
    long: str
    start: int
    end: int
    named: bool = True


def abbreviations(text: str) -> list[Abbreviation]:
    """Definitions like ``Logistics Exchange Memorandum of Agreement (LEMOA)`` (Schwartz & Hearst, 2003).

    Only abbreviations with two capitals or more; lower-case long forms come back with ``named`` false.
    """
    found = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group("short").rstrip(".")
        if sum(c.isupper() for c in short) < 2 or not short[0].isalpha():
            continue
        before = text[: match.start()].rstrip()
        stops = list(_LONG_FORM_STOP.finditer(before, max(0, len(before) - 200)))
        window = before[stops[-1].end() if stops else max(0, len(before) - 200) :]
        candidate = " ".join(window.split()[-min(len(short) + 5, 2 * len(short)) :])
        long = _best_long_form(short, candidate)
        if long is not None and long[0].islower():
            long = _capitalised_start(short, candidate, long)
        if long is None or len(long) <= len(short) or short.lower() in long.lower().split():
            continue
        start = _rfind_words(before, long)
        if start is not None:
            named = long[0].isupper() or long[0].isdigit()
            found.append(Abbreviation(short, text[start : len(before)], start, len(before), named))
    return found


def short_names(text: str) -> list[Abbreviation]:
    """``Strait of Hormuz (the Strait)``, ``(hereinafter the Agreement)``: short names after a full name.

    The full name is the run of capitalised words (and ``of``, ``the``, ``on``...) just before
    the parenthesis; it must hold the short name's head word, unless ``hereinafter`` says so.
    """
    found = []
    for match in _SHORT_NAME.finditer(text):
        short = match.group("short")
        head = short.split()[-1]
        before = text[: match.start()].rstrip().rstrip(",")
        start = _name_start(before)
        if start is None:
            continue
        long = before[start:]
        hereinafter = bool(_HEREINAFTER.match(text, match.start()))
        if long == short or len(long.split()) < 2 or (head not in long.split() and not hereinafter):
            continue
        found.append(Abbreviation(short, long, start, len(before)))
    return found


def _name_start(before: str) -> int | None:
    """Where the capitalised name ending ``before`` starts (None if ``before`` does not end in one)."""
    tokens = list(_NAME_WORD.finditer(before[-300:]))
    offset = max(0, len(before) - 300)
    start = None
    for token in reversed(tokens[-25:]):
        word = token.group()
        if word[0].isupper() or word[0].isdigit():
            start = offset + token.start()
        elif word.lower() not in _CONNECTORS:
            break
        gap = before[offset + token.end() : (start if start is not None else offset + token.end())]
        if _LONG_FORM_STOP.search(gap):
            break
    if start is None:
        return None
    while True:  # a name starts with a capital, not with "of" or "the"
        first = before[start:].split(maxsplit=1)
        if not first or ((first[0][0].isupper() or first[0][0].isdigit()) and first[0] not in {"The", "A", "An"}):
            break
        if len(first) == 1:
            return None
        start = len(before) - len(first[1])
    return start


def _capitalised_start(short: str, candidate: str, long: str) -> str:
    """``Office of the Director ... (ODNI)``: the name, not ``of the Director ...``, when a capital can start it."""
    before = candidate[: len(candidate) - len(long)].split()
    if before and before[-1][:1].isupper() and before[-1][:1].lower() == short[0].lower():
        return f"{before[-1]} {long}"
    return long


def _best_long_form(short: str, candidate: str) -> str | None:
    s, c = len(short) - 1, len(candidate) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while c >= 0 and (candidate[c].lower() != char or (s == 0 and c > 0 and candidate[c - 1].isalnum())):
            c -= 1
        if c < 0:
            return None
        c -= 1
        s -= 1
    return candidate[candidate.rfind(" ", 0, c + 1) + 1 :]


def _rfind_words(text: str, words: str) -> int | None:
    """Start of the whitespace-normalised ``words`` ending ``text``."""
    pattern = r"\s+".join(map(re.escape, words.split())) + r"$"
    match = re.search(pattern, text)
    return match.start() if match else None
