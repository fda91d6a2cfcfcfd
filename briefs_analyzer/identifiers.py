"""Identifiers printed in notes: report numbers, DOIs, arXiv ids, ISBNs, congressional documents.

:func:`find_identifiers` returns every identifier in a piece of note text with its span and its
normal form, so that a citation keeps it (``Citation.identifiers``), the same work is one source
whoever cites it (``sources.source_key``), and the exporters can write ``DOI``, ``ISBN`` and
``number``.  Normal forms (the labels' rubric, ``tests/data/labels/notes/RUBRIC.md``):

- ``report_number``: CRS numbers bare (``R48913``, ``IF12106``, ``98-411``); GAO numbers as printed,
  upper case (``GAO-06-1046``, ``GAO/GGD-98-137``, ``GAO-04-343SP``); other series with their name
  as printed (``DOD Instruction 1332.14``, ``Publication 501``, ``Working Paper 137``,
  ``ERDC/CERL TR-05-21``); congressional documents as ``H.Doc. 115-62``, ``H.Rept. 105-532``,
  ``S.Rept. 108-340``;
- ``doi``: lower case, without ``https://doi.org/``; ``arxiv``: the bare id (``2004.07140``);
- ``isbn``: 13 digits, no hyphens (an ISBN-10 is converted), only when its check digit is right.

Legal identifiers (U.S.C., C.F.R., public laws, bills...) are in :mod:`briefs_analyzer.legal`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """One identifier in a text: its scheme, its normal form and where it was printed."""

    scheme: str
    value: str
    start: int
    end: int
    issuer: str | None = None  # "American Enterprise Institute Working Paper 128": the institute


CRS_REPORT = re.compile(
    r"\b(?:archived\s+)?CRS\s+(?:Report|In\s+Focus|Insight|Legal\s+Sidebar|Testimony|Video|Memorandum)"
    r"(?:\s+No\.)?\s+(?P<number>(?:[A-Z]{1,3}\d{3,6}|\d{2}-\d{2,4}(?:\s?[A-Z]{1,3})?)(?![\w-]))"
)
GAO_NUMBER = re.compile(r"\bGAO(?:-|/[A-Z]{2,6}-)\d{2}-\d{2,6}[A-Z]{0,3}\b")
CONGRESS_DOC = re.compile(
    r"\b(?P<chamber>H|S|House|Senate)\.?\s?(?P<kind>Doc|Rept|Prt|Report|Document|Print)\.?"
    r"(?:\s+No\.)?\s+(?P<number>\d{2,3}-\d{1,4})\b"
)
CONGRESS_DOC_KIND = {"doc": "Doc", "document": "Doc", "rept": "Rept", "report": "Rept", "prt": "Prt", "print": "Prt"}
_SERIES_WORD = (
    r"(?:Instruction|Directive|Memorandum|Notice|Publication|Study|Report|Paper|Bulletin|Circular|Manual|"
    r"Handbook|Guidance|Brief|Note|Letter)"
)
_CAP = r"(?:[A-Z][\w/&.’'-]*|of|and|for|on|the|&)"
SERIES = re.compile(
    rf"(?<![\w-])(?P<series>(?:[A-Z][\w/&.’'-]*\s+(?:{_CAP}\s+){{0,7}})?{_SERIES_WORD}"
    r"|Directive-type\s+Memorandum|Joint\s+Publication)"
    r"(?P<no>\s+(?:No\.|no\.|Number))?\s+(?P<number>(?:[A-Z]{1,4}-)?\d[\d.]*(?:-[\dA-Z]+)*)(?![\w/])"
)
SLASH_SERIES = re.compile(r"\b[A-Z]{2,}(?:/[A-Z]{2,})+\s+[A-Z]{1,4}-\d[\d-]*\b")
DOI = re.compile(r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|\barXiv:\s*)(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*(?P<isbn>(?:97[89][\s-]?)?\d[\d\s-]{7,14}[\dXx])\b")
# Words before a series name that belong to the sentence, not to the series.
SERIES_LEAD = re.compile(r"^(?:See|Also|And|The|In|For|From|Under|Per|By|Its|This|That|A|An)\s+")
NOT_SERIES = frozenset({"Report", "Study", "Paper", "Note", "Letter", "Brief", "Notice"})  # a bare word and a number


ISSUER_BEFORE_SERIES = re.compile(
    r"(?P<issuer>(?:[A-Z][\w&.’'-]*\s+(?:(?:of|and|for|the|on)\s+)*)*"
    r"(?:Institute|Institution|University|Bank|Foundation|Council|Bureau|Center|Centre|Fund))\s+(?=[A-Z])"
)


def normalize_doi(doi: str) -> str:
    return doi.rstrip(".,;:)]}'\"”’").lower()


def isbn13(raw: str) -> str | None:
    """The ISBN as 13 digits, or None when it is not one (wrong length or check digit)."""
    digits = re.sub(r"[\s-]", "", raw).upper()
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        if total % 11:
            return None
        digits = "978" + digits[:9]
        check = (10 - sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10) % 10
        return digits + str(check)
    if len(digits) == 13 and digits.isdigit():
        if sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10:
            return None
        return digits
    return None


def _series(m: re.Match[str]) -> Found | None:
    series = " ".join(m.group("series").split())
    while (lead := SERIES_LEAD.match(series)) and len(series.split()) > 1:
        series = series[lead.end() :]
    number = m.group("number").rstrip(".")
    digits = sum(c.isdigit() for c in number)
    if series in NOT_SERIES and (digits < 3 and not (digits >= 2 and ("-" in number or "." in number))):
        return None  # "Report 3 of the ...": a word and a number, not a series
    start = m.start("series") + m.group("series").find(series.split()[0])
    no = " ".join(m.group("no").split()) + " " if m.group("no") else ""
    issuer = ISSUER_BEFORE_SERIES.match(series)
    if issuer:  # the series of an institution: the number is the series', the institution the issuer
        series = series[issuer.end() :]
        return Found("report_number", f"{series} {no}{number}", start, m.end(), issuer.group("issuer"))
    return Found("report_number", f"{series} {no}{number}", start, m.end())


def find_identifiers(text: str) -> list[Found]:
    """Every identifier in ``text``, in order of position; a span claimed once only."""
    found: list[Found] = []

    def claim(item: Found | None) -> None:
        if item is not None and not any(f.start < item.end and item.start < f.end for f in found):
            found.append(item)

    for m in CRS_REPORT.finditer(text):
        claim(Found("report_number", m.group("number").replace(" ", ""), m.start(), m.end()))
    for m in GAO_NUMBER.finditer(text):
        claim(Found("report_number", m.group(0).upper(), m.start(), m.end()))
    for m in CONGRESS_DOC.finditer(text):
        chamber = "H" if m.group("chamber").startswith("H") else "S"
        kind = CONGRESS_DOC_KIND[m.group("kind").lower()]
        claim(Found("report_number", f"{chamber}.{kind}. {m.group('number')}", m.start(), m.end()))
    for m in SLASH_SERIES.finditer(text):
        claim(Found("report_number", m.group(0), m.start(), m.end()))
    for m in SERIES.finditer(text):
        claim(_series(m))
    for m in ARXIV.finditer(text):
        claim(Found("arxiv", m.group("id"), m.start(), m.end()))
    for m in DOI.finditer(text):
        claim(Found("doi", normalize_doi(m.group("doi")), m.start(), m.end()))
    for m in ISBN.finditer(text):
        value = isbn13(m.group("isbn"))
        if value:
            claim(Found("isbn", value, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def publisher_of(found: Found) -> str | None:
    """The issuing body a report number names (CRS and GAO), for ``Citation.publisher``."""
    if found.scheme != "report_number":
        return None
    if found.value.startswith("GAO"):
        return "Government Accountability Office"
    if re.fullmatch(r"[A-Z]{1,3}\d{3,6}|\d{2}-\d{2,4}[A-Z]{0,3}", found.value):
        return "Congressional Research Service"
    return None
