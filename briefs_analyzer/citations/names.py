"""Parts and names: what a part of a citation is (a title, a person, an organisation) and names normalised."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .patterns import (
    ABBREVIATION_TOKEN,
    AND_SPLIT,
    BY_PART,
    CAPS_NAME,
    CONNECTORS,
    ET_AL,
    IN_PART,
    INSTITUTION,
    ITALIC_PART,
    KEEP_FINAL_PERIOD,
    LOCATOR_PART,
    NOISE_PART,
    NOT_A_PERSON,
    PARENTHETICAL,
    PARTICLES,
    PERSON_TOKEN,
    PUB_MARK,
    REPORT_NUMBER,
    SMALL_WORDS,
    STORED_AT,
    TITLE_MARK,
    TITLE_WITH_QUOTE,
    WORD,
    YEAR_PART,
)


# --- parts and names --------------------------------------------------------------------------
def normalize_name(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", text.lower()).split())


def strip_part(part: str) -> str:
    out = part.replace(PUB_MARK, "").strip()
    out = re.sub(r"^and\s+(?=[A-Z*])", "", out)
    return out if KEEP_FINAL_PERIOD.search(out) else out.rstrip(".").strip()


def part_kind(part: str) -> str:
    """What one comma-separated part of a citation is."""
    if TITLE_MARK in part:
        return "title"
    bare = strip_part(part)
    if not bare or ET_AL.fullmatch(bare) or bare in ("(", ")") or NOISE_PART.fullmatch(bare):
        return "empty"
    if ITALIC_PART.match(bare):
        return "italic"
    if any(q in bare for q in '"“”'):
        return "head" if _title_like(re.sub(r"[\"“”]", "", bare)) and TITLE_WITH_QUOTE.search(bare) else "other"
    if YEAR_PART.match(bare):
        return "year"
    if LOCATOR_PART.match(bare):
        return "locator"
    if REPORT_NUMBER.match(bare):
        return "report"
    if BY_PART.match(bare):
        return "by"
    if IN_PART.match(bare):
        return "in"
    if STORED_AT.match(bare):
        return "stored"
    return "head" if _title_like(bare) else "other"


def _title_like(text: str) -> bool:
    """Title Case (or an organisation's name): nearly every significant word capitalised."""
    while PARENTHETICAL.search(text):
        text = PARENTHETICAL.sub(" ", text)
    words = WORD.findall(ET_AL.sub("", text))
    significant = [w for w in words if w.lower() not in SMALL_WORDS and w not in PARTICLES]
    if not significant or not (significant[0][0].isupper() or significant[0][0].isdigit()):
        return False
    lower = sum(1 for w in significant if w[0].islower())
    return lower <= 2 and lower / len(significant) <= 0.2


def person_like(name: str, *, full_name: bool = False) -> bool:
    tokens = ET_AL.sub("", name).split()
    core = [t for t in tokens if t not in PARTICLES]
    if len(core) > 1 and (INSTITUTION.search(name) or NOT_A_PERSON.search(name)):
        return False
    if full_name and len(core) < 2:
        return False
    return 1 <= len(core) <= 4 and bool(PERSON_TOKEN.match(tokens[0])) and all(PERSON_TOKEN.match(t) for t in core)


def organisation_like(name: str) -> bool:
    tokens = ET_AL.sub("", PARENTHETICAL.sub("", name)).split()
    allowed = all(
        PERSON_TOKEN.match(t) or t in CONNECTORS or t in PARTICLES or ABBREVIATION_TOKEN.match(t) for t in tokens
    )
    return 1 <= len(tokens) <= 12 and allowed and bool(PERSON_TOKEN.match(tokens[0])) and tokens[-1] not in CONNECTORS


def names_in(text: str, *, people_only: bool = False) -> list[str] | None:
    """``text`` as a list of author names, or None if it does not read as names."""
    text = re.sub(r"^(?:and|by)\s+", "", text.strip(), flags=re.IGNORECASE)
    if not text or any(ch in text for ch in ':"“”0123456789'):
        return None
    if CAPS_NAME.fullmatch(text) and not people_only:
        return [text]  # a Bluebook corporate author in capitals: "U.S. FOOD & DRUG ADMIN."
    pieces = [p.strip() for p in AND_SPLIT.split(ET_AL.sub("", text)) if p.strip()]
    if len(pieces) > 1 and all(person_like(p, full_name=people_only) for p in pieces):
        return pieces
    if person_like(text, full_name=people_only) or (not people_only and organisation_like(text)):
        return [ET_AL.sub("", text).strip()]
    return None


def unitalic(text: str) -> str:
    return text.strip().strip("*").strip()


def unquote(text: str) -> str:
    return text.strip().strip('*"“”').strip().rstrip(",.").strip()


def unique(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys(pairs))
