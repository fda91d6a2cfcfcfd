"""Dates as mentions: ISO 8601 at the printed precision, intervals, EDTF decades, fiscal years.

``June 2016`` -> ``2016-06``; ``2008-2021`` -> ``2008/2021``; ``April-June 2025`` ->
``2025-04/2025-06``; ``the 2000s`` -> ``200X`` (EDTF); ``summer 2023`` -> ``2023`` (ISO has no
seasons); ``FY2006`` and ``fiscal year 2006`` -> ``FY2006`` with ``date_kind`` ``fiscal_year``.
A month or day printed without a year (``on April 8``, ``in early March``) is
``XXXX-04-08`` / ``XXXX-03`` until :func:`fill_years` gives it the year of the nearest
date before it in the brief.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from briefs_analyzer.dates import parse_date
from briefs_analyzer.nlp.words import words

if TYPE_CHECKING:
    from briefs_analyzer.nlp.mentions import Mention

FISCAL_YEAR: Final = "fiscal_year"
UNKNOWN_YEAR: Final = "XXXX"
_MONTH_NAMES: Final = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_YEAR: Final = r"(?:1[5-9]|20)\d\d"
_DECADE: Final = re.compile(r"(?P<y>(?:1[5-9]|20)\d)0s")
_YEAR_RANGE: Final = re.compile(rf"(?P<a>{_YEAR})\s*[-–]\s*(?P<b>{_YEAR})")
_MONTH_RANGE: Final = re.compile(rf"(?P<a>{_MONTH_NAMES})\s*[-–]\s*(?P<b>{_MONTH_NAMES}),?\s+(?P<y>{_YEAR})")
_SEASON: Final = re.compile(rf"(?P<season>[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn|[Ww]inter)(?:\s+of)?\s+(?P<y>{_YEAR})")
_FISCAL: Final = re.compile(
    rf"(?:FY\s?(?P<a>{_YEAR}|\d\d)|[Ff]iscal\s+[Yy]ears?\s+\(?(?:FY\s?)?(?P<b>{_YEAR}))"
    rf"(?:\s*[-–]\s*(?:FY\s?)?(?P<c>{_YEAR}|\d\d))?"
)
_MONTH_DAY: Final = re.compile(rf"(?P<m>{_MONTH_NAMES})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?")
_MONTH: Final = re.compile(_MONTH_NAMES)
_QUALIFIER: Final = re.compile(r"^(?:(?:the|early|late|mid|mid-|since|by|until|in|of|end|as)\s+|mid-)+", re.IGNORECASE)
_ISO_PREFIX: Final = re.compile(r"\d{4}")

# Text patterns the token-level ruler cannot express, tried in this order at each place.
DATE_PATTERNS: Final = re.compile(
    rf"\b(?:{_FISCAL.pattern}"
    rf"|{_MONTH_RANGE.pattern.replace('?P<a>', '?:').replace('?P<b>', '?:').replace('?P<y>', '?:')}"
    rf"|{_SEASON.pattern.replace('?P<season>', '?:').replace('?P<y>', '?:')}"
    rf"|{_YEAR_RANGE.pattern.replace('?P<a>', '?:').replace('?P<b>', '?:')})\b".replace("?P<a>", "?:")
    .replace("?P<b>", "?:")
    .replace("?P<c>", "?:")
)
_BARE_MONTH: Final = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]hrough|[Ee]arly|[Ll]ate|mid-?|[Dd]uring|[Ff]rom)\s+"
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"(?![\s,]*\d)(?!\s+[A-Z])"
)
_NUMBERS_AFTER: Final = re.compile(r"\s*(?:,\s*)?(?:\d|[A-Z]{2,})")


def canonical_date(surface: str) -> tuple[str, str | None] | None:
    """``surface`` as (canonical, date_kind), or None when it is no date."""
    s = surface.strip().strip(".,;")
    if m := _FISCAL.fullmatch(s):
        return _fiscal(m), FISCAL_YEAR
    if m := _DECADE.fullmatch(s):
        return m.group("y") + "X", None
    if m := _YEAR_RANGE.fullmatch(s):
        return f"{m.group('a')}/{m.group('b')}", None
    if m := _MONTH_RANGE.fullmatch(s):
        a, b = parse_date(f"{m.group('a')} {m.group('y')}"), parse_date(f"{m.group('b')} {m.group('y')}")
        return (f"{a}/{b}", None) if a and b else None
    if m := _SEASON.fullmatch(s):
        return m.group("y"), None
    iso = parse_date(s)
    if iso:
        return iso, None
    if m := _MONTH_DAY.fullmatch(s):
        month = parse_date(f"{m.group('m')} 2000")
        day = int(m.group("d"))
        return (f"{UNKNOWN_YEAR}-{month[5:7]}-{day:02d}", None) if month and 1 <= day <= 31 else None
    return None


def _fiscal(m: re.Match[str]) -> str:
    first = _full_year(m.group("a") or m.group("b"))
    last = m.group("c")
    return f"FY{first}/FY{_full_year(last, first)}" if last else f"FY{first}"


def _full_year(digits: str, like: str = "2000") -> str:
    return digits if len(digits) == 4 else like[:2] + digits


def date_mention(text: str, start: int, end: int) -> Mention | None:
    """The date ``text[start:end]`` (a ruler or model DATE span), trimmed of qualifiers, or None."""
    from briefs_analyzer.nlp.mentions import Mention

    surface = text[start:end]
    lead = _QUALIFIER.match(surface)
    if lead:
        start += lead.end()
        surface = text[start:end]
    found = canonical_date(surface)
    if found is None:
        return _bare_month(text, start, end)
    canonical, kind = found
    if len(canonical) == 4 and surface.strip("()") == canonical and _quantity(text, start, end):
        return None
    return Mention(start, end, "date", canonical, date_kind=kind)


def _bare_month(text: str, start: int, end: int) -> Mention | None:
    """``in March``, ``early March``: a month alone after a word that makes it a date."""
    from briefs_analyzer.nlp.mentions import Mention

    surface = text[start:end]
    if surface not in words().months:
        return None
    before = text[max(0, start - 20) : start].split()
    if not before or before[-1] not in words().before_bare_month:
        return None
    month = parse_date(f"{surface} 2000")
    return Mention(start, end, "date", f"{UNKNOWN_YEAR}-{month[5:7]}") if month else None


def _quantity(text: str, start: int, end: int) -> bool:
    """A four-digit number that counts something: ``7000 km``, ``$1500``, ``than 2000``."""
    w = words()
    after = text[end : end + 20].split()
    before = text[max(0, start - 20) : start].split()
    if text[max(0, start - 1) : start] in {"$", "£", "€", "₹"}:
        return True
    return bool(after and after[0].lower().strip(".,;") in w.counted) or bool(
        before and before[-1] in w.before_quantity
    )


def text_dates(text: str) -> list[Mention]:
    """Dates the ruler's token patterns cannot express: fiscal years, ranges, seasons, undated days and months."""
    from briefs_analyzer.nlp.mentions import Mention

    found = []
    for m in DATE_PATTERNS.finditer(text):
        parsed = canonical_date(m.group())
        if parsed:
            found.append(Mention(m.start(), m.end(), "date", parsed[0], date_kind=parsed[1]))
    for m in _BARE_MONTH.finditer(text):
        month = parse_date(f"{m.group('m')} 2000")
        if month:
            found.append(Mention(m.start("m"), m.end("m"), "date", f"{UNKNOWN_YEAR}-{month[5:7]}"))
    for m in _MONTH_DAY.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if _NUMBERS_AFTER.match(text, m.end()) or text[m.end() : m.end() + 1].isalnum():
            continue  # "April 8, 2026" is the ruler's; "May 5 percent" is no date
        parsed = canonical_date(m.group())
        if parsed:
            found.append(Mention(m.start(), m.end(), "date", parsed[0]))
    return found


def fill_years(mentions: Sequence[Mention]) -> list[Mention]:
    """Give ``XXXX-MM(-DD)`` dates the year of the nearest date before them with a month (or any year)."""
    out = []
    year: str | None = None
    for m in mentions:
        if m.type == "date" and m.canonical.startswith(UNKNOWN_YEAR) and year:
            m = replace(m, canonical=year + m.canonical[len(UNKNOWN_YEAR) :])
        elif m.type == "date" and m.date_kind is None and len(m.canonical) >= 7 and _ISO_PREFIX.match(m.canonical):
            year = m.canonical[:4] if "/" not in m.canonical else m.canonical.rsplit("/", 1)[1][:4]
        out.append(m)
    return out
