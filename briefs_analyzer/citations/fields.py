"""Taking one field out of a citation's text: its URL, identifiers, title, accessed date, imprint, date, volume."""

from __future__ import annotations

import re

from ..dates import DATE_IN_TEXT, find_dates, parse_date
from ..identifiers import find_identifiers, publisher_of
from .clean import bracket_spans, clean_url, protected_mask, quote_spans, split_parts
from .draft import Draft, cut_match, first_outside_quotes
from .names import (
    names_in,
    strip_part,
    unquote,
)
from .patterns import (
    ACCESSED,
    ANGLE_URL,
    ARCHIVE_URL,
    COURT_OR_PLACE,
    DATE_LEAD,
    EDITION,
    HEREINAFTER_BARE,
    HEREINAFTER_PAREN,
    IMPRINT,
    ISSUE,
    ITALIC_PART,
    ITALIC_VOLUME,
    MEMO,
    PLACE,
    POSSESSIVE,
    PUB_MARK,
    QUOTATION_CONTINUES,
    REPORT_NUMBER,
    TITLE_MARK,
    URL,
    VOLUME,
    VOLUME_COLON_ISSUE,
    YEAR_PAGES,
    YEAR_PAREN,
)


def take_url(draft: Draft, text: str) -> str:
    text = ARCHIVE_URL.sub("", text)
    angle = ANGLE_URL.search(text)
    bare = URL.search(text)
    first = angle.group(1) if angle and (not bare or angle.start() < bare.start()) else bare and bare.group(0)
    draft.url = clean_url(first) if first else None
    if draft.url:
        draft.identifiers.extend(
            (f.scheme, f.value) for f in find_identifiers(draft.url) if f.scheme in ("arxiv", "doi")
        )
    text = ANGLE_URL.sub("", text)
    return URL.sub(lambda m: m.group(0)[len(clean_url(m.group(0))) :], text)


def take_short_name(draft: Draft, text: str) -> str:
    m = HEREINAFTER_PAREN.search(text) or HEREINAFTER_BARE.search(text)
    if not m:
        return text
    draft.short_name = unquote(m.group("name").strip().rstrip(".,;"))
    return cut_match(text, m)


def take_identifiers(draft: Draft, text: str) -> str:
    """Report numbers, DOIs, ISBNs...: kept as identifiers and cut out of the text."""
    inside = protected_mask(text, brackets=False)
    for found in reversed(find_identifiers(text)):
        if inside[found.start]:
            continue
        pair = (found.scheme, found.value)
        if pair not in draft.identifiers:
            draft.identifiers.insert(0, pair)
        draft.publisher = draft.publisher or publisher_of(found) or found.issuer
        text = text[: found.start] + " " + text[found.end :]
    return text


def take_title(draft: Draft, text: str) -> str:
    """The first quoted span that stands where a title stands: first, or after authors or a container."""
    parens = [(a, b) for a, b in bracket_spans(text) if text[a] in "(["]
    for start, end in sorted(quote_spans(text)):
        if any(a < start < b for a, b in parens):
            continue
        if not _may_precede_title(text[:start]) or QUOTATION_CONTINUES.match(text[end + 1 :]):
            continue
        draft.title = text[start + 1 : end].strip().rstrip(",;: ").strip() or None
        if draft.title and not draft.title.endswith(("?", "!", "...", "…")):
            draft.title = draft.title.rstrip(".")
        draft.quoted = draft.title is not None
        return text[:start] + TITLE_MARK + ", " + text[end + 1 :]
    return text


def _may_precede_title(before: str) -> bool:
    """Nothing, or names / an italic container / a report number, ending with a comma, colon or dash."""
    before = before.rstrip()
    if not before:
        return True
    if not before.endswith((",", ":", "*", "–", "—")):
        return False
    parts = [strip_part(p) for p in split_parts(before.rstrip(",:–— ").strip())]
    return all(
        ITALIC_PART.match(p) or REPORT_NUMBER.match(p) or names_in(p) or MEMO.match(p) or re.match(r"to\s", p)
        for p in parts
        if p
    )


def take_accessed(draft: Draft, text: str) -> str:
    for m in ACCESSED.finditer(text):
        date = DATE_IN_TEXT.match(text, m.end())
        if date:
            draft.accessed = parse_date(date.group(0))
            end = date.end()
            start = m.start()
            if text[start:end].startswith("(") and text[end : end + 1] == ")":
                end += 1
            elif start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
                start, end = start - 1, end + 1
            return text[:start] + text[end:]
    return text


def take_imprint(draft: Draft, text: str) -> str:
    """``(Place: Publisher, Date)``, ``(Publisher, Year)``, ``(Washington, D.C.: Date)``, ``(Month Year)``."""
    for m in IMPRINT.finditer(text):
        date = parse_date(m.group("date"))
        if date is None or re.match(r"\s*:\s*\d", text[m.end() :]):  # "(2016): 98" is a journal's year and pages
            continue
        body = m.group("body").strip().rstrip(",").strip()
        publisher = _imprint_publisher(body)
        if publisher:
            draft.publisher = publisher
            draft.book = True
        draft.date = draft.date or (date if len(date) > 4 else None)
        draft.year = draft.year or date[:4]
        return cut_match(text, m, PUB_MARK if publisher else "")
    return text


def _imprint_publisher(body: str) -> str | None:
    if not body or EDITION.search(body) or COURT_OR_PLACE.fullmatch(body) or not body[0].isupper():
        return None
    if ":" in body:
        left, right = (x.strip() for x in body.split(":", 1))
        if PLACE.fullmatch(left):
            return right or None
        if PLACE.fullmatch(right) or not right:
            return left if not PLACE.fullmatch(left) else None
        return right
    return None if PLACE.fullmatch(body) else body


def take_date(draft: Draft, text: str) -> str:
    """The first date that stands as a part of its own (not one inside a title: ``... of 10 December 1982``)."""
    if draft.date:
        return text
    inside = protected_mask(text, brackets=False)
    for start, end, iso in find_dates(text):
        if inside[start]:
            continue
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        own_part = not before or before.endswith((",", "(", TITLE_MARK, "”", '"')) or DATE_LEAD.search(before)
        if own_part and (not after or after[0] in ",.;)"):
            draft.date = iso
            lead = DATE_LEAD.search(before)
            cut = start - (len(text[:start]) - len(before)) - (len(lead.group(0)) if lead else 0)
            return text[: max(cut, 0) if lead else start] + text[end:]
    return text


def take_year(draft: Draft, text: str) -> str:
    m = YEAR_PAGES.search(text)
    if m:
        draft.year, draft.pages = m.group("year"), m.group("pages")
        return cut_match(text, m)
    m = YEAR_PAREN.search(text)
    if m:
        draft.year = draft.year or m.group("year")
        return cut_match(text, m)
    return text


def take_volume(draft: Draft, text: str) -> str:
    m = ITALIC_VOLUME.search(text)
    if m:
        draft.container, draft.volume = m.group("container").strip(), m.group("volume")
        text = cut_match(text, m, f"*{draft.container}*")
        after = m.start() + len(draft.container) + 2
    elif m := VOLUME_COLON_ISSUE.search(text):  # "Journal of Human Lactation 8:2"
        draft.container, draft.volume, draft.issue = m.group("container").strip(), m.group("volume"), m.group("issue")
        return cut_match(text, m, ", ")
    else:
        m = first_outside_quotes(VOLUME, text)
        if not m:
            return text
        draft.volume = m.group("volume")
        text = cut_match(text, m)
        after = m.start()
    issue = ISSUE.match(text, after)
    if issue:
        draft.issue = issue.group("issue")
        text = text[:after] + text[issue.end() :]
    return text


def take_possessive(draft: Draft, text: str) -> str:
    """``EIA’s Monthly Energy Review``: the agency is the publisher."""
    m = POSSESSIVE.match(text.strip())
    if not m:
        return text
    draft.publisher = draft.publisher or m.group("pub")
    return text.strip()[m.end() :]
