"""The gold checks of a seed, one by one, for any rendering of it.

:func:`gold_checks` is the project's gold scorer (``score_gold.py``, levels ``parse``, ``pdf`` and
``body``) as a function: it takes one analysed brief (a :class:`Brief`, or its entry of ``briefs
analyze --format json``) and a seed expectation (``tests/data/seeds/<stem>.expected.json``), and
returns every check as a :class:`Check` (name, passed, detail) instead of printing it, so a test
can compare a rendering with the seed's text check by check and a benchmark can count them.

Levels: ``parse`` checks title, date, authors, editors, organisation, each author's role, the
section headings, the note numbers, each claim with markers, each stitched sentence and that a
clean brief has no error-level problem; ``pdf`` the same without editors, organisation and roles
(a PDF's title block prints none of them); ``body`` the same as ``pdf`` without authors.

Comparisons are the scorer's: text through :func:`tests.factories.norm` and lower case; titles,
organisations and headings through :func:`tests.factories.loose` (no punctuation, no leading
"the"); the date on its first ten characters; a claim passes when exactly one claim contains the
sentence and its markers are the expected ones; a stitched sentence must be a claim's whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from briefs_analyzer.model import Brief
from briefs_analyzer.output import brief_json
from tests.factories import loose, norm

Level = Literal["parse", "pdf", "body"]
LEVELS: tuple[Level, ...] = ("parse", "pdf", "body")
# The metadata fields a check can be about; ``roles`` is one check per author.
Field = Literal["title", "date", "authors", "editors", "organization", "roles"]
FIELDS: dict[Level, tuple[Field, ...]] = {
    "parse": ("title", "date", "authors", "editors", "organization", "roles"),
    "pdf": ("title", "date", "authors"),
    "body": ("title", "date"),
}


class Check(NamedTuple):
    name: str  # stable across renderings of one seed, so results can be compared by name
    passed: bool
    detail: str  # what the brief gave, for the failure message


def low(text: object) -> str:
    """The scorer's ``norm``: NFKC, straight quotes and dashes, single spaces, lower case."""
    return norm(text).lower()


def as_json(brief: Brief | Mapping[str, Any]) -> Mapping[str, Any]:
    return brief_json(brief) if isinstance(brief, Brief) else brief


def _name(person: object) -> str:
    return low(person.get("name") if isinstance(person, Mapping) else person)


def metadata_checks(
    brief: Brief | Mapping[str, Any], gold: Mapping[str, Any], fields: Iterable[Field] = FIELDS["parse"]
) -> list[Check]:
    """The checks of the gold's metadata, for the fields asked (those the gold has a value for)."""
    b = as_json(brief)
    md: Mapping[str, Any] = b.get("metadata") or {}
    gm: Mapping[str, Any] = gold["metadata"]
    wanted = set(fields)
    out: list[Check] = []
    if "title" in wanted and gm.get("title"):
        out.append(Check("title", loose(md.get("title")) == loose(gm["title"]), repr(md.get("title"))))
    if "date" in wanted and gm.get("date"):
        out.append(Check("date", str(md.get("date") or "")[:10] == gm["date"], repr(md.get("date"))))
    authors = md.get("authors") or []
    if "authors" in wanted and gm.get("authors"):
        names = [_name(a) for a in authors]
        out.append(Check("authors", names == [low(a) for a in gm["authors"]], repr(names)))
    if "editors" in wanted and gm.get("editors"):
        editors = [_name(e) for e in md.get("editors") or []]
        out.append(Check("editors", editors == [low(e) for e in gm["editors"]], repr(editors)))
    if "organization" in wanted and gm.get("organization"):
        org = md.get("organization")
        out.append(Check("organization", loose(org) == loose(gm["organization"]), repr(org)))
    if "roles" in wanted:
        roles = {_name(a): low(a.get("role")) for a in authors if isinstance(a, Mapping)}
        for name, role in (gm.get("author_roles") or {}).items():
            got = roles.get(low(name))
            out.append(Check(f"role of {name}", got == low(role), repr(got)))
    return out


def body_checks(brief: Brief | Mapping[str, Any], gold: Mapping[str, Any]) -> list[Check]:
    """Sections, note numbers, claims with markers, stitched sentences, no error-level problem."""
    b = as_json(brief)
    out: list[Check] = []
    heads = [loose(s.get("heading")) for s in b.get("sections") or [] if s.get("heading")]
    out.append(Check("sections", heads == [loose(h) for h in gold["sections"]], repr(heads)))
    numbers = sorted(n.get("number") for n in b.get("notes") or [])
    out.append(Check("note numbers", numbers == list(range(1, gold["note_count"] + 1)), repr(numbers)))
    claims: Sequence[Mapping[str, Any]] = b.get("claims") or []
    texts = [low(c.get("text")) for c in claims]
    for i, want in enumerate(gold["claims_with_markers"], start=1):
        sentence = low(want["sentence_contains"])
        hits = [c for c, text in zip(claims, texts, strict=True) if sentence in text]
        got = [sorted(c.get("markers") or []) for c in hits]
        passed = len(hits) == 1 and got[0] == sorted(want["markers"])
        out.append(Check(f"claim {i}: {want['sentence_contains'][:40]}", passed, f"markers {got}"))
    whole = set(texts)
    for i, sentence in enumerate(gold["stitched_sentences"], start=1):
        out.append(Check(f"stitched {i}: {sentence[:40]}", low(sentence) in whole, "no claim is this sentence"))
    errors = [p.get("code") for p in b.get("problems") or [] if p.get("severity") == "error"]
    out.append(Check("no error-level problems", not errors, repr(errors[:5])))
    return out


def gold_checks(brief: Brief | Mapping[str, Any], gold: Mapping[str, Any], level: Level = "parse") -> list[Check]:
    """Every check of ``level`` for one brief against its seed expectation, in the scorer's order."""
    b = as_json(brief)
    return metadata_checks(b, gold, FIELDS[level]) + body_checks(b, gold)


def passed(checks: Iterable[Check]) -> set[str]:
    return {c.name for c in checks if c.passed}


def failures(checks: Iterable[Check], names: Iterable[str] | None = None) -> list[str]:
    """``name: detail`` of each failed check (of those named, if given)."""
    keep = None if names is None else set(names)
    return [f"{c.name}: {c.detail}" for c in checks if not c.passed and (keep is None or c.name in keep)]


def summarise(checks: Iterable[Check]) -> str:
    """The failed checks in a few words: ``date; authors; 12/16 claims; note numbers``."""
    failed = [c.name for c in checks if not c.passed]
    claims = [n for n in failed if n.startswith("claim ")]
    stitched = [n for n in failed if n.startswith("stitched ")]
    out = [n for n in failed if not n.startswith(("claim ", "stitched "))]
    if claims:
        out.append(f"{len(claims)} claims")
    if stitched:
        out.append(f"{len(stitched)} stitched")
    return "; ".join(out) or "none"


# --- the real reports: their own Markdown is the reference ------------------------------------------

_BULLET = re.compile(r"^[•◦▪·‣\-–]\s*")


def claim_key(text: str) -> str:
    """A claim's text as the renderings of one Markdown report are compared: the scorer's ``norm``,
    lower case, without emphasis marks the Markdown reader leaves (``*``, ``_``) or a list bullet."""
    bare = low(text).replace("*", "").replace("_", "")
    return " ".join(_BULLET.sub("", bare.strip()).split())


def claim_overlap(reference: Brief, other: Brief) -> float:
    """The share of the reference's distinct claim texts that ``other`` has too (1.0 when it has none)."""
    want = {claim_key(s.text) for s in reference.sentences}
    have = {claim_key(s.text) for s in other.sentences}
    return len(want & have) / len(want) if want else 1.0
