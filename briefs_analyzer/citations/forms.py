"""One chunk -> one citation: repeats (Ibid., supra, cross-references) and short legal forms, then the walk."""

from __future__ import annotations

import re

from ..model import Citation
from .clean import protected_mask
from .names import names_in, unquote
from .patterns import AT_LOCATOR, IBID, INTERNAL_REFERENCE, LOCATOR_START, NOTE_NUMBER, SHORT_CASE, SUPRA, TREATY_SHORT
from .walk import parse_generic


# --- one citation -----------------------------------------------------------------------------
def parse_citation(text: str) -> Citation:
    """One chunk of a note (signals already removed) as a Citation."""
    for parse in (parse_ibid, parse_internal_reference, parse_supra, parse_short_case):
        found = parse(text)
        if found is not None:
            return found
    return parse_generic(text)


def parse_ibid(text: str) -> Citation | None:
    m = IBID.match(text)
    if not m:
        return None
    rest = re.sub(r"^at\s+", "", text[m.end() :], flags=re.IGNORECASE).split(" (", 1)[0]
    rest = rest.strip().rstrip(".,;: ")
    return Citation(kind="ibid", text=text, locator=rest if rest and LOCATOR_START.match(rest) else None)


def parse_internal_reference(text: str) -> Citation | None:
    """``infra notes 246-251``, ``infra “Heading”``: a pointer to another part of the brief."""
    m = INTERNAL_REFERENCE.match(text)
    if not m or (m.group(0).lower().startswith("supra") and m.group("note")):
        return None
    return Citation(kind="cross_reference", text=text, target_note=int(m.group("note")) if m.group("note") else None)


def parse_supra(text: str) -> Citation | None:
    inside = protected_mask(text)
    m = next((m for m in SUPRA.finditer(text) if not inside[m.start()]), None)
    if not m:
        return None
    head = text[: m.start()].strip().rstrip(",").strip()
    after = text[m.end() :]
    number = NOTE_NUMBER.match(after)
    target = int(number.group("note")) if number else None
    if target is None and not head:
        return Citation(kind="cross_reference", text=text)
    if number:
        after = after[number.end() :]
    at = AT_LOCATOR.match(after)
    names = names_in(head) if head else None
    title = None if names or not head else unquote(head)
    return Citation(
        kind="supra",
        text=text,
        authors=tuple(names or ()),
        title=title,
        target_note=target,
        locator=at.group("loc").rstrip(".") if at else None,
    )


def parse_treaty_short(text: str) -> Citation | None:
    """``UNCLOS Article 77(1)``, ``UNCLOS’s Preamble``: an instrument's abbreviation and a provision."""
    m = TREATY_SHORT.match(text)
    if not m:
        return None
    return Citation(
        kind="short", text=text, title=m.group("acronym"), locator=text[m.end("acronym") :].strip(" ’'s.") or None
    )


def parse_short_case(text: str) -> Citation | None:
    m = SHORT_CASE.match(text)
    if not m:
        return None
    return Citation(
        kind="short",
        text=text,
        title=m.group("title"),
        container=m.group("reporter"),
        volume=m.group("volume"),
        locator=m.group("pin"),
    )
