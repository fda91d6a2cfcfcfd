"""The words sentences are read with: the lexicon of ``data/support.toml``, tokens, phrase look-up, dates and years.

Pure data and look-ups, shared by :mod:`briefs_analyzer.factuality` and :mod:`briefs_analyzer.support`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": " - "})


def normalise(text: str) -> str:
    """NFKC, straight quotes, dashes as hyphens (an em dash as a spaced one: it separates clauses), single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_STRAIGHT).split())


@cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``data/support.toml``."""
    text = resources.files("briefs_analyzer").joinpath("data/support.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return data


# -- words and phrases ----------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")


class Token(NamedTuple):
    text: str  # as printed
    lower: str
    start: int
    end: int
    pause: bool  # followed by a comma, semicolon, colon or closing parenthesis
    spaced: bool  # the next token follows after nothing but spaces (a phrase may go on)


def tokens_of(text: str) -> list[Token]:
    found = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out = []
    for k, (word, start, end) in enumerate(found):
        following = found[k + 1][1] if k + 1 < len(found) else end
        gap = text[end:following]
        out.append(Token(word, word.lower(), start, end, text[end : end + 1] in (",", ";", ":", ")"), gap.isspace()))
    return out


@dataclass(frozen=True)
class Hit:
    """A phrase of a word list found in a text: token positions and character offsets."""

    first: int  # index of its first token
    last: int  # index of its last token
    start: int
    end: int


class Phrases:
    """Word lists matched over a text's tokens, ignoring case: one dictionary look-up per n-gram
    that starts with a word some phrase starts with (far quicker than a regular expression of a
    thousand alternatives).  Words of a phrase are separated by spaces only, never punctuation."""

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        table: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for category, phrases in lists.items():
            for phrase in phrases:
                key = tuple(t.lower for t in tokens_of(normalise(phrase)))
                if key:
                    table[key].add(category)
        self.table = {k: frozenset(v) for k, v in table.items()}
        self.longest: dict[str, int] = {}
        for key in self.table:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def scan(self, tokens: Sequence[Token]) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = defaultdict(list)
        words = [t.lower for t in tokens]
        for i, word in enumerate(words):
            longest = self.longest.get(word)
            if longest is None:
                continue
            for n in range(1, longest + 1):
                last = i + n - 1
                if last >= len(words) or (n > 1 and not tokens[last - 1].spaced):
                    break
                categories = self.table.get(tuple(words[i : i + n]))
                if categories:
                    hit = Hit(i, last, tokens[i].start, tokens[last].end)
                    for category in categories:
                        found[category].append(hit)
        return found


@cache
def phrases() -> Phrases:
    lx = lexicon()
    att, own, hed, rec, leg, act, fig = (
        lx["attribution"],
        lx["own_research"],
        lx["hedges"],
        lx["recommendation"],
        lx["legal"],
        lx["actions"],
        lx["figures"],
    )
    return Phrases(
        {
            "reporting": att["verbs"],
            "attributing": att["phrases"],
            "finding_noun": att["nouns"],
            "finding_verb": att["noun_verbs"],
            "impersonal": att["impersonal"],
            "own": own["phrases"],
            "research_verb": own["research_verbs"],
            "generic": hed["generic"],
            "uncertain": hed["uncertain"],
            "permission": hed["permission_verbs"],
            "recommendation": rec["phrases"],
            "option": rec["options"],
            "evaluation": lx["evaluation"]["words"],
            "opening": lx["evaluation"]["openings"],
            "structure": lx["structure"]["phrases"],
            "hypothetical": lx["structure"]["hypothetical"],
            "legal_participle": leg["participles"],
            "legal": leg["verbs"],
            "instrument": leg["instruments"],
            "instrument_verb": leg["instrument_verbs"],
            "irregular_past": act["irregular_past"],
            "not_past": act["not_past"],
            "number_word": fig["number_words"],
            "enumeration": fig["enumerations"],
            "quantity": fig["quantity_nouns"],
            "trend": fig["trend_verbs"],
            "unit": fig["units"],
            "rank_noun": fig["rank_nouns"],
            "rank_word": fig["rank_words"],
        }
    )


# -- dates and numbers ----------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?\b"  # March 4, 2026; March 15
    rf"|\b{_MONTH},?\s+{_YEAR}\b"  # May 2018
    rf"|\b\d{{1,2}}\s+{_MONTH}\s+{_YEAR}\b"  # 4 March 2026
    rf"|(?:(?<=mid-)|(?<=pre-)|(?<=post-)|(?<![\w./§$-])){_YEAR}s?(?![\w%/-]|\.\d|\s*(?:%|percent|per cent))"
    r"|\b\d{1,2}(?:st|nd|rd|th)\s+century\b"  # the 19th century
    r"|\bFY\s?\d{2,4}\b|\bfiscal\s+year\s+\d{2,4}\b",  # FY2026
)
_MONTH_DATE = re.compile(rf"{_MONTH},?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{_YEAR}|\d{{1,2}}\s+{_MONTH}\s+{_YEAR}")
NUMBER = re.compile(
    r"(?<![\w./§+-])(?P<cur>[$£€])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?[½¼¾]?)"
    r"(?![\w/+-]|\.\d|\)\s)\s*(?P<unit>%|percent\b|per\s+cent\b|[A-Za-z]+)?"
)
ENUMERATOR = re.compile(r"^\s*\(?\d{1,2}[).]\s")  # "1) What ...", "2. ..."
DIGIT = re.compile(r"\d")
A_YEAR = re.compile(_YEAR)
SUBSECTION = re.compile(r"[\w)]\($")  # "7(a)(2)"
AREA_CODE_END = re.compile(r"\)\s*\d")  # "(415) 904-2272"
_YEARS = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def years_of(dates: Iterable[str]) -> set[int]:
    return {int(y) for d in dates for y in _YEARS.findall(d)}


def other_event(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    """Do two sets of dates name different events: different full dates, or years two apart?"""
    a_set, b_set = set(mine), set(theirs)
    precise_a = {d for d in a_set if _MONTH_DATE.fullmatch(d)}
    precise_b = {d for d in b_set if _MONTH_DATE.fullmatch(d)}
    if precise_a and precise_b and not precise_a & precise_b:
        return True
    a, b = years_of(a_set), years_of(b_set)
    return bool(a and b) and min(abs(x - y) for x in a for y in b) >= 2


# -- what a sentence says -------------------------------------------------------------------------


CAPITALISED = re.compile(r"(?<![\w.'-])(?:[A-Z][\w'.-]*[A-Za-z]|[A-Z]\.(?:[A-Z]\.)+|[A-Z]{2,}\w*)")
FIRST_WORD = re.compile(r"^\W*([\w'.-]+)")


def grammar(name: str) -> frozenset[str]:
    words: list[str] = lexicon()["grammar"][name]
    return frozenset(words)
