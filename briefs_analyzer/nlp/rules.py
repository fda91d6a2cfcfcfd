"""Mentions found in the text by patterns the token ruler cannot express.

* ``the Symington, the Pressler and Glenn amendments``: one legal instrument per name;
* ``T-55 tanks``, ``F-16 fighter jets``: a designation beside a weapon noun;
* legal citations: ``16 U.S.C. § 1536(h)``, ``50 C.F.R. § 402.02``, ``P.L. 66-261``,
  ``H.R. 2012``, ``S.Res. 12``, ``Executive Order 14347``, ``UN Security Council Resolution
  2231``, ``Section 7(a)(2)`` (whose act the brief gives later: :mod:`~briefs_analyzer.nlp.identity`);
* dates: fiscal years, year and month ranges, seasons, days and months without a year
  (:func:`~briefs_analyzer.nlp.dates.text_dates`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from briefs_analyzer.nlp.dates import text_dates
from briefs_analyzer.nlp.gazetteer import Lexicon, key
from briefs_analyzer.nlp.mentions import Mention
from briefs_analyzer.nlp.words import words

# "the Symington, the Pressler and Glenn amendments": each name is its own amendment.
_COORDINATED_AMENDMENTS: Final = re.compile(
    r"(?P<names>(?:[Tt]he\s+)?[A-Z][A-Za-z'\-]+(?:\s*,\s*(?:the\s+)?[A-Z][A-Za-z'\-]+)*"
    r"\s*,?\s+(?:and|or)\s+(?:the\s+)?[A-Z][A-Za-z'\-]+)\s+[Aa]mendments\b"
)
_NAME: Final = re.compile(r"[A-Z][A-Za-z'\-]+")
# "T-55 tanks", "F-16 fighter jets": a designation is a weapon only beside a weapon noun.
_DESIGNATION: Final = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][A-Za-z]{0,9}-\d{1,3}[A-Z]{0,4})(?=\s+(?:main\s+battle\s+|fighter\s+|attack\s+|"
    r"cruise\s+|ballistic\s+)?(?:tanks?|aircraft|fighters?|jets?|bombers?|helicopters?|missiles?|drones?|"
    r"submarines?|rockets?|interceptors?|launchers?)\b)"
)
_SUBSECTIONS: Final = r"(?:\([a-zA-Z0-9]{1,4}\))*"
# (pattern, how to write its canonical name from the match)
_CITATIONS: Final = (
    (re.compile(rf"\b\d+\s+U\.\s?S\.\s?C\.(?:A\.)?\s*§§?\s*\d+[a-z]?(?:[-–]\d+[a-z]?)?{_SUBSECTIONS}"), "text"),
    (re.compile(rf"\b\d+\s+C\.\s?F\.\s?R\.\s*(?:§§?\s*)?\d+(?:\.\d+)*{_SUBSECTIONS}"), "text"),
    (re.compile(r"\b(?:P\.\s?L\.|Pub\.?\s?L\.(?:\s?No\.?)?|Public\s+Law)\s*(?P<n>\d+[-–]\d+)\b"), "public_law"),
    (re.compile(r"(?<![\w.])(?P<kind>H\.\s?R\.|S\.|H\.\s?Res\.|S\.\s?Res\.|H\.\s?J\.\s?Res\.|S\.\s?J\.\s?Res\.|"
                r"H\.\s?Con\.\s?Res\.|S\.\s?Con\.\s?Res\.)\s?(?P<n>\d{1,5})\b(?!\.\d)"), "bill"),
    (re.compile(r"\b(?:Executive\s+Order|E\.\s?O\.)\s+(?:No\.\s*)?(?P<n>\d{4,6})\b"), "executive_order"),
    (re.compile(r"\b(?:(?:UN|U\.N\.|United\s+Nations)\s+)?Security\s+Council\s+[Rr]esolution\s+(?:No\.\s*)?(?P<n>\d{2,4})"
                r"|\bUNSCR\s*(?P<m>\d{2,4})"), "unscr"),
    (re.compile(rf"\bSection\s+\d+[A-Za-z]?{_SUBSECTIONS}(?![\w(])"), "section"),
)  # fmt: skip


def rule_mentions(text: str, *, lexicon: Lexicon) -> list[Mention]:
    """Every mention the text patterns find (see the module's docstring)."""
    return [
        *coordinated_amendments(text, lexicon=lexicon),
        *weapon_designations(text, lexicon=lexicon),
        *legal_citations(text),
        *text_dates(text),
        *people_after_roles(text),
    ]


_NAME_WORD: Final = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"


@cache
def _after_role() -> re.Pattern[str]:
    w = words()
    titles = sorted(
        {*w.role_phrases, *(t for t in w.person_titles if t[0].isupper() and len(t) > 3)}, key=len, reverse=True
    )
    return re.compile(
        r"(?<![\w\-])(?:"
        + "|".join(map(re.escape, titles))
        + rf")\s+(?P<name>{_NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+{_NAME_WORD}){{1,2}})"
        r"(?![\w\-]|\s+[A-Z][a-z])"
    )


def people_after_roles(text: str) -> list[Mention]:
    """``Director of National Intelligence Tulsi Gabbard``: two or three capitalised words after a role are a person."""
    titles = words().person_titles
    return [
        Mention(m.start("name"), m.end("name"), "person", key(m.group("name")), by_rule=False)
        for m in _after_role().finditer(text)
        if not set(m.group("name").split()) & titles
    ]


def coordinated_amendments(text: str, *, lexicon: Lexicon) -> list[Mention]:
    """``the Symington, the Pressler and Glenn amendments``: one legal instrument per name."""
    found = []
    for match in _COORDINATED_AMENDMENTS.finditer(text):
        for name in _NAME.finditer(match.group("names"), 0):
            if name.group() in {"The", "the"}:
                continue
            sense = lexicon.sense(f"{name.group()} Amendment")
            canonical = sense.canonical if sense and sense.label == "legal_instrument" else f"{name.group()} Amendment"
            start = match.start("names") + name.start()
            found.append(Mention(start, start + len(name.group()), "legal_instrument", canonical))
    return found


def weapon_designations(text: str, *, lexicon: Lexicon) -> list[Mention]:
    """``T-55 tanks``, ``F-16 fighter jets``: a letters-digits designation beside a weapon noun."""
    found = []
    for match in _DESIGNATION.finditer(text):
        sense = lexicon.sense(match.group("name"))
        canonical = sense.canonical if sense and sense.label == "weapon_system" else match.group("name")
        found.append(Mention(match.start("name"), match.end("name"), "weapon_system", canonical))
    return found


def legal_citations(text: str) -> list[Mention]:
    """U.S.C. and C.F.R. sections, public laws, bills, executive orders, UN Security Council resolutions, sections."""
    found = []
    for pattern, form in _CITATIONS:
        for m in pattern.finditer(text):
            found.append(Mention(m.start(), m.end(), "legal_instrument", _citation_name(m, form)))
    return found


def _citation_name(m: re.Match[str], form: str) -> str:
    if form == "public_law":
        return f"P.L. {m.group('n').replace('–', '-')}"
    if form == "bill":
        return f"{m.group('kind').replace(' ', '')} {m.group('n')}"
    if form == "executive_order":
        return f"Executive Order {m.group('n')}"
    if form == "unscr":
        return f"UN Security Council Resolution {m.group('n') or m.group('m')}"
    return key(m.group())
