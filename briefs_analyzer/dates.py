"""Dates as briefs print them, turned into ISO 8601 with their precision.

``January 23, 2025`` -> ``2025-01-23``; ``June 2016`` -> ``2016-06``; ``1987`` -> ``1987``.
Parsing is python-dateutil's; we only decide which components the text really gave,
by parsing twice with two different defaults and keeping what did not change.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as _dateparser

_YEAR = re.compile(r"^\(?((?:1[5-9]|20)\d\d)\)?$")
_HAS_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=\s|,|$|\d)",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^\d{4}-\d{2}(-\d{2})?$|^\d{1,2}/\d{1,2}/\d{4}$")
_DEFAULTS = (datetime(1, 1, 1), datetime(2, 2, 2))


def parse_date(text: str) -> str | None:
    """Return ``text`` as an ISO 8601 date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or None.

    Only whole-date strings are accepted: a month name with a year (and maybe a day),
    a bare four-digit year, or a numeric ISO/US date.  Anything else is None rather than a guess.
    """
    s = text.strip().strip(".,;").strip()
    if not s or len(s) > 40:
        return None
    year = _YEAR.match(s)
    if year:
        return year.group(1)
    if not (_HAS_MONTH.search(s) or _NUMERIC.match(s)):
        return None
    if not re.search(r"\b(1[5-9]|20)\d\d\b", s):
        return None
    try:
        a, b = (_dateparser.parse(s, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if a.year != b.year:
        return None
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.year:04d}-{a.month:02d}-{a.day:02d}"


# A date as it appears inside running text or a note: "December 18, 2024", "18 December 2024",
# "Dec. 18, 2024", "June 2016", "2024-12-18".
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_IN_TEXT = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}"
    rf"|{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every full or month-precision date in ``text``: (start, end, iso)."""
    found = []
    for m in DATE_IN_TEXT.finditer(text):
        iso = parse_date(m.group(0))
        if iso:
            found.append((m.start(), m.end(), iso))
    return found
