"""What kind of work a source is, and the fields a reference manager needs for it.

The citation stage will type sources itself (``Source.work_type``, ``publisher`` and
``identifiers``); where it has not, :func:`work_type` infers the type from what the source has:
a reporter and a ``v.`` make a case, ``U.S.C.``/``Stat.``/``P.L.`` a statute, ``H.R. 123`` a bill,
``C.F.R.``/the Federal Register a regulation, ``CRS Report R12345``/``GAO-06-1046`` a report
(with its number and issuing body), a university press a book, a journal with a volume an
article.  The bibliography exports (CSL-JSON, BibTeX) both read the :class:`Work` of
:func:`describe`, so they agree on every source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefs_analyzer.model import Source

# CSL types this module gives (CSL 1.0.2's vocabulary).
WORK_TYPES = (
    "article-journal",
    "article-newspaper",
    "webpage",
    "report",
    "book",
    "chapter",
    "legal_case",
    "legislation",
    "bill",
    "regulation",
)

_CASE = re.compile(r"\b[A-Z][\w.’'&-]*\.? v\. [A-Z]|^(?:In re|Ex parte) [A-Z]")
_REPORTER = re.compile(
    r"^(?:U\.\s?S\.|S\.\s?Ct\.|L\.\s?Ed\.(?:\s?2d)?|F\.(?:\s?(?:2d|3d|4th))?|F\.\s?Supp\.(?:\s?(?:2d|3d))?"
    r"|Fed\.\s?Cl\.|Vet\.\s?App\.|B\.R\.|F\.\s?App’?'?x|[A-Z][a-z]*\.(?:\s?[A-Z][a-z]*\.)*\s?(?:2d|3d|4th)?)$"
)
_BILL = re.compile(
    r"^(?:H\.\s?R\.|S\.|H\.\s?Res\.|S\.\s?Res\.|H\.\s?J\.\s?Res\.|S\.\s?J\.\s?Res\.|H\.\s?Con\.\s?Res\."
    r"|S\.\s?Con\.\s?Res\.|A\.\s?B\.|S\.\s?B\.|H\.\s?B\.)\s?\d+"
)
_FEDERAL_BILL = re.compile(
    r"^(?:H\.\s?R\.|H\.\s?Res\.|S\.\s?Res\.|[HS]\.\s?J\.\s?Res\.|[HS]\.\s?Con\.\s?Res\.|S\.)\s?\d"
)
_STATUTE = re.compile(
    r"U\.\s?S\.\s?C\.|\bPub\.\s?L\.|\bP\.\s?L\.\s?\d+-\d+|\b\d+\s+Stat\.\s*\d+|\bCONST\.|\bConstitution\b"
)
_REGULATION = re.compile(r"C\.\s?F\.\s?R\.|\bCFR\b|\bFed(?:eral|\.)\s?Reg(?:ister|\.)")
_SERIES = (
    # (pattern on the container or title, genre, publisher)
    (
        re.compile(r"\bCRS (Report|In Focus|Insight|Legal Sidebar)\s+([A-Z]{1,5}\d{3,6}|\d{2,3}-\d{2,4}[A-Z]?)"),
        "CRS {0}",
        "Congressional Research Service",
    ),
    (re.compile(r"\b(GAO(?:/[A-Z]+)?-\d{2}-\d{2,6}[A-Z]{0,2})"), "", "U.S. Government Accountability Office"),
    (re.compile(r"\b([HS]\.\s?(?:Rept|Doc|Prt)\.\s?\d+-\d+)"), "", "U.S. Congress"),
)
# "76 Stat. 780", "21 U.S.C. § 321", "90 Federal Register 50494", "38 C.F.R. Part 3"
_CODE = re.compile(
    r"\b(\d+)\s+(Stat\.|U\.\s?S\.\s?C\.|C\.\s?F\.\s?R\.|Fed(?:eral|\.)\s?Reg(?:ister|\.))"
    r"(?:\s*(?:§+|Part|pt\.)?\s*([\w.()-]+))?"
)
_BODIES = ("government", "think-tank", "international-organization")
_PRESS = re.compile(r"\b(?:University Press|Press|Publishing|Publishers|Books|Verlag)\b\.?$")
_PLACE_PUBLISHER = re.compile(r"^([A-Z][A-Za-z .]+?(?:, [A-Z][A-Za-z.]+)?):\s*(.+)$")
_TRAILING_PLACE = re.compile(r"\s*\((?:[A-Z][A-Za-z .,]*:\s*)?\)\s*$|\s*\(Washington, D\.C\.:?.*\)\s*$")


@dataclass(frozen=True)
class Work:
    """A source seen as a reference manager sees it: its CSL type and the fields that type takes."""

    type: str
    title: str | None = None  # the source's; a statute or rule cited only by its citation: the citation
    container: str | None = None  # only for works that sit in one: a journal, a newspaper, a book, a site
    publisher: str | None = None
    publisher_place: str | None = None
    number: str | None = None  # a report's or a bill's number, a statute's public-law number
    genre: str | None = None  # a report's series, e.g. "CRS Report"
    authority: str | None = None  # a case's court, a statute's legislature
    doi: str | None = None
    isbn: str | None = None
    section: str | None = None  # a code section: 21 U.S.C. § 321
    volume: str | None = None  # when it differs from the source's: a code's title, a reporter's volume
    page: str | None = None


def _ident(source: Source, *schemes: str) -> str | None:
    return next((value for scheme, value in source.identifiers if scheme in schemes), None)


def _series(source: Source) -> tuple[str, str, str] | None:
    """(genre, number, publisher) of a numbered report, from the identifiers, container or title."""
    number = _ident(source, "report_number")
    for text in (number, source.container, source.title):
        for pattern, genre, publisher in _SERIES:
            match = pattern.search(text or "")
            if match:
                groups = match.groups()
                return genre.format(*groups[:-1]).strip(), groups[-1], publisher
    return ("", number, source.publisher or "") if number else None


def work_type(source: Source) -> str:
    """The CSL type of ``source``: ``Source.work_type`` when the citation stage set it, else inferred."""
    if source.work_type:
        return source.work_type
    schemes = {scheme for scheme, _ in source.identifiers}
    text = " | ".join(t for t in (source.title, source.container) if t)
    container = (source.container or "").strip()
    rules: tuple[tuple[bool, str], ...] = (
        (bool(schemes & {"reporter"}) or (bool(_CASE.search(source.title or "")) and _looks_reported(source)),
         "legal_case"),
        (bool(schemes & {"bill"}) or bool(_BILL.match(source.title or "")), "bill"),
        (bool(schemes & {"cfr", "fed_reg"}) or bool(_REGULATION.search(text)), "regulation"),
        (bool(schemes & {"usc", "public_law", "stat"}) or bool(_STATUTE.search(text)), "legislation"),
        (bool(schemes & {"report_number"}) or _series(source) is not None, "report"),
        (bool(schemes & {"isbn"}) or bool(_PRESS.search(container)), "book"),
        (source.type == "journal" or bool(schemes & {"doi"} and container and source.volume), "article-journal"),
        (source.type == "news", "article-newspaper"),
        (source.type in _BODIES and (source.url or "").lower().split("?")[0].endswith(".pdf"), "report"),
        (bool(source.url), "webpage"),
        (bool(container and source.pages and not source.volume and source.type == "other" and source.authors),
         "chapter"),
    )  # fmt: skip
    # Last: a work with no URL and nothing else to tell is a document some body issued; CSL's own
    # "document" type renders to nothing in citeproc-py's Chicago notes-bibliography.
    return next((kind for matched, kind in rules if matched), "report")


def _looks_reported(source: Source) -> bool:
    """A case citation: volume, reporter and page, or at least a reporter or a court in the container."""
    container = (source.container or "").strip()
    return bool(source.volume or _REPORTER.match(container) or not container)


def _publisher(source: Source, kind: str) -> tuple[str | None, str | None, str | None]:
    """(publisher, place, container) of ``source`` as a ``kind``: a press is a book's publisher, not its container."""
    container = source.container.strip() if source.container else None
    publisher = source.publisher
    if kind == "book" and container and not publisher:
        match = _PLACE_PUBLISHER.match(container)
        if match:
            return match.group(2).strip(), match.group(1).strip(), None
        return container, None, None
    if kind in ("report", "legislation", "bill", "regulation", "legal_case") and container:
        # A statute's code, a report's series, a case's reporter: not a container a reader looks up.
        return publisher, None, container if kind == "legal_case" else None
    return publisher, None, container


def describe(source: Source) -> Work:
    """The :class:`Work` ``source`` is: its type and the fields the bibliography formats need."""
    kind = work_type(source)
    publisher, place, container = _publisher(source, kind)
    number: str | None = None
    genre = authority = section = None
    if kind == "report":
        series = _series(source)
        if series:
            genre, number, body = series
            publisher = publisher or body or None
        elif source.container and not publisher:
            publisher = _TRAILING_PLACE.sub("", source.container).strip() or None
    elif kind == "bill":
        number = _ident(source, "bill")
        federal = _FEDERAL_BILL.match(source.title or number or "")
        authority = "U.S. Congress" if federal else (source.container or "").strip() or None
    elif kind == "legislation":
        number = _ident(source, "public_law")
        section = _ident(source, "usc")
    title = source.title
    if not title and source.identifiers:
        # Cited by its citation alone (30 U.S.C. § 1401, P.L. 96-283, House Rule XI): that is its title,
        # said once, not again as its number or section.
        title = source.identifiers[0][1]
        number = None if number == title else number
        section = None if section == title else section
    volume = page = None
    code = _CODE.search(source.container or "") or _CODE.search(source.title or "")
    if code and code.group(0) == (source.title or "").strip():  # the title is the citation: say it once
        code = None
    if kind in ("legislation", "regulation") and code:
        volume, container, page = code.group(1), code.group(2), code.group(3)
        if container.startswith(("U", "C.")):  # a code: the number after it is a section, not a page
            section, page = (f"§ {page}" if page and page[0].isdigit() else page), None
    return Work(
        type=kind,
        title=title,
        container=container,
        publisher=publisher,
        publisher_place=place,
        number=number,
        genre=genre or None,
        authority=authority,
        doi=_ident(source, "doi"),
        isbn=_ident(source, "isbn"),
        section=section,
        volume=volume,
        page=page,
    )
