"""The word lists of the entity layer, read once from ``data/words.toml``.

Each list is a class of words (titles, facility nouns, head words of names...), kept in the
data file so that extending a class never means editing code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "words.toml"


@dataclass(frozen=True)
class Words:
    """Every list of ``words.toml`` as a frozen set (tables as mappings)."""

    counted: frozenset[str]
    before_quantity: frozenset[str]
    function_words: frozenset[str]
    locative: frozenset[str]
    place_prepositions: frozenset[str]
    role_titles: frozenset[str]
    person_titles: frozenset[str]
    facility_nouns: frozenset[str]
    vessel_words: frozenset[str]
    place_heads: frozenset[str]
    country_groups: frozenset[str]
    publication_words: frozenset[str]
    legal_heads: frozenset[str]
    demonym_blockers: frozenset[str]
    indian_not_india: frozenset[str]
    short_form_heads: frozenset[str]
    common_noun_abbreviations: frozenset[str]
    not_names: frozenset[str]
    months: frozenset[str]
    seasons: frozenset[str]
    before_bare_month: frozenset[str]
    national_institutions: tuple[str, ...]
    role_phrases: tuple[str, ...]
    heads: Mapping[str, frozenset[str]]
    combining_forms: Mapping[str, str]

    def head_type(self, word: str) -> str | None:
        """The entity type a head word gives a name (``Treaty`` -> agreement), if any."""
        for typ, heads in self.heads.items():
            if word in heads:
                return typ
        return None


def _split(value: Any) -> frozenset[str]:
    return frozenset(str(value).split())


@cache
def words() -> Words:
    """The shipped word lists."""
    with WORDS_FILE.open("rb") as f:
        data = tomllib.load(f)
    lists: dict[str, Any] = {}
    for name, value in data.items():
        if name == "heads":
            lists[name] = {typ: _split(v) for typ, v in value.items()}
        elif name == "combining_forms":
            lists[name] = dict(value)
        elif name in {"national_institutions", "role_phrases"}:
            lists[name] = tuple(p.strip() for p in str(value).split("|") if p.strip())
        else:
            lists[name] = _split(value)
    return Words(**lists)
