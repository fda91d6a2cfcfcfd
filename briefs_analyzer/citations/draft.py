"""A citation being read: the draft the walk fills in, field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import protected_mask


@dataclass
class Draft:
    """Fields gathered from one chunk while it is being read."""

    text: str
    url: str | None = None
    short_name: str | None = None
    title: str | None = None
    quoted: bool = False
    accessed: str | None = None
    date: str | None = None
    year: str | None = None
    pages: str | None = None
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    container: str | None = None
    authors: list[str] = field(default_factory=list)
    locators: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    book: bool = False  # an imprint "(Place: Publisher, Year)" was printed
    chapter: bool = False  # "in <book>, eds. ..."
    locator_follows_head: bool = False


def cut_match(text: str, m: re.Match[str], new: str = "") -> str:
    return text[: m.start()] + new + text[m.end() :]


def first_outside_quotes(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    inside = protected_mask(text, brackets=False)
    return next((m for m in pattern.finditer(text) if not inside[m.start()]), None)
