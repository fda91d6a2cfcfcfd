"""The Chicago-style walk over a citation's comma-separated parts: authors, title, container, imprint, date."""

from __future__ import annotations

import re

from ..dates import parse_date
from ..model import Citation, CitationKind
from .clean import split_parts
from .draft import Draft
from .fields import (
    take_accessed,
    take_date,
    take_identifiers,
    take_imprint,
    take_possessive,
    take_short_name,
    take_title,
    take_url,
    take_volume,
    take_year,
)
from .layouts import finish, read_parts
from .patterns import (
    ASIDE,
    ATTRIBUTED_WORK,
    EMPTY_PARENS,
    PERIODICAL_NAME,
)


def parse_generic(text: str, *, attributed: bool = False, original: str | None = None) -> Citation:
    draft = Draft(text=original or text)
    rest = ASIDE.sub("", text)
    steps = (
        take_url, take_short_name, take_identifiers, take_title, take_accessed, take_imprint, take_date,
        take_year, take_volume,
    )  # fmt: skip
    for step in steps:
        rest = step(draft, rest)
    if attributed:
        rest = take_possessive(draft, rest)
    rest = EMPTY_PARENS.sub("", rest)
    read_parts(draft, split_parts(rest))
    citation = finish(draft)
    if attributed and (citation.kind == "commentary" or not (citation.title or citation.url or citation.container)):
        return _parse_attributed(text) or citation
    return citation


def _parse_attributed(text: str) -> Citation | None:
    """A work a sentence attributes information to, named in prose: ``EIA’s Monthly Energy Review (2006)``."""
    m = ATTRIBUTED_WORK.match(text.strip())
    if not m or (m.group("title") and len(m.group("title").split()) < 2):
        return None
    name = " ".join((m.group("italic") or m.group("title")).split())
    paren = re.match(r"\s*\((?P<date>[^()]*)\)", text.strip()[m.end() :])
    date = parse_date(paren.group("date")) if paren else None
    edition = bool(re.search(r"\b(?:1[5-9]|20)\d\d$", name))
    kind: CitationKind = "full" if date or edition else "short"
    # "the Oil and Gas Journal": a periodical
    title, container = (None, name) if PERIODICAL_NAME.search(name) else (name, None)
    return Citation(kind=kind, text=text, title=title, container=container, publisher=m.group("pub"), date=date)
