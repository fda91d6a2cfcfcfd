"""Metadata from several places, merged in order of trust, each field recording where it came from.

A reader gives what its format keeps (YAML front matter, Word core properties and title styles,
HTML meta tags and JSON-LD, the PDF's information dictionary and its printed cover), each field
with its provenance; the parser adds what the opening lines print.  :func:`merge_metadata` takes
each field from the most trusted source that has it, and completes each author with the role and
affiliation another source prints beside the same name.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from importlib import resources

from briefs_analyzer.model import Metadata, Person
from briefs_analyzer.patterns import AUTHOR_SEPARATOR

PRINTED = "printed"  # the provenance of what the front-matter lines print
_FIELDS = ("title", "subtitle", "organization", "date", "disclaimer", "image_credit", "report_number", "series")
_LONG_FIELDS = ("abstract",)

# Titles that tools write, not authors: "Microsoft Word - draft3.docx", "untitled", a file name.
_TOOL_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s*-|untitled\b|document\d*$|slide\s*\d+$|title$|pdf$|\S+\.(?:docx?|pdf|rtf|odt|txt|html?|indd|qxd|tex)$)",
    re.IGNORECASE,
)
_TOOL_AUTHOR = re.compile(r"^(?:admin(?:istrator)?|user|owner|author|unknown|root|\w+\.\w+@|[a-z]+\d+$)", re.IGNORECASE)


def plausible_title(text: str | None) -> str | None:
    """``text`` as a title, or None when it is empty or what a tool wrote (a file name, "untitled")."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) < 3 or _TOOL_TITLE.search(text) or not any(c.isalpha() for c in text):
        return None
    return text


def plausible_author(text: str | None) -> str | None:
    """``text`` as an author's name, or None for a login name or a tool's placeholder."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) < 3 or _TOOL_AUTHOR.search(text) or "@" in text or not any(c.isupper() for c in text):
        return None
    return text


def name_key(name: str) -> str:
    """A person's name compared without case, accents, punctuation or middle initials."""
    bare = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z]+", bare) if len(w) > 1]
    return " ".join(words)


def with_provenance(metadata: Metadata, source: str) -> Metadata:
    """``metadata`` with ``source`` recorded for each field that has a value and no provenance yet."""
    known = dict(metadata.provenance)
    for name in (*_FIELDS, *_LONG_FIELDS, "authors", "editors"):
        if getattr(metadata, name) and name not in known:
            known[name] = source
    return replace(metadata, provenance=tuple(sorted(known.items())))


def _people(sources: Sequence[Metadata], attr: str) -> tuple[tuple[Person, ...], str | None]:
    chosen: tuple[Person, ...] = ()
    origin = None
    for md in sources:
        people = getattr(md, attr)
        if people:
            chosen, origin = people, dict(md.provenance).get(attr)
            break
    if not chosen:
        return (), None
    extra: dict[str, Person] = {}
    for md in sources:
        for p in getattr(md, attr):
            extra.setdefault(name_key(p.name), p)
            if p.role or p.affiliation:
                known = extra[name_key(p.name)]
                extra[name_key(p.name)] = Person(known.name, known.role or p.role, known.affiliation or p.affiliation)
    out = []
    for p in chosen:
        other = extra.get(name_key(p.name))
        out.append(
            Person(
                p.name,
                p.role or (other.role if other else None),
                p.affiliation or (other.affiliation if other else None),
            )
        )
    return tuple(out), origin


def merge_metadata(*sources: Metadata, printed: Metadata | None = None, fallback: Metadata | None = None) -> Metadata:
    """One :class:`Metadata` from ``sources`` (most trusted first), then what the front matter
    ``printed`` (recorded as ``printed``), then ``fallback`` (what a format holds but trusts less than
    the printed page, such as a web page's ``<title>``)."""
    ordered = [*sources]
    if printed is not None:
        ordered.append(with_provenance(printed, PRINTED))
    if fallback is not None:
        ordered.append(fallback)
    values: dict[str, object] = {}
    provenance: dict[str, str] = {}
    for name in (*_FIELDS, *_LONG_FIELDS):
        for md in ordered:
            value = getattr(md, name)
            if value:
                values[name] = value
                origin = dict(md.provenance).get(name)
                if origin:
                    provenance[name] = origin
                break
    for attr in ("authors", "editors"):
        people, origin = _people(ordered, attr)
        values[attr] = people
        if people and origin:
            provenance[attr] = origin
    known = {f.name for f in fields(Metadata)}
    return Metadata(**{k: v for k, v in values.items() if k in known}, provenance=tuple(sorted(provenance.items())))  # type: ignore[arg-type]


def people(names: Iterable[str], role: str | None = None) -> tuple[Person, ...]:
    """Persons from plausible names (``Surname, Given`` turned round)."""
    out = []
    for raw in names:
        for part in split_names(raw):
            name = plausible_author(part)
            if name:
                out.append(Person(name, role))
    return tuple(out)


def split_names(text: str) -> list[str]:
    """Names in one field: ``A and B``, ``A; B``, ``A, B and C``, or ``Surname, Given; Surname, Given``."""
    text = " ".join(text.split())
    if not text:
        return []
    if ";" in text and all(part.count(",") == 1 for part in text.split(";") if part.strip()):
        out = []
        for part in text.split(";"):
            surname, _, given = part.partition(",")
            out.append(f"{given.strip()} {surname.strip()}".strip())
        return out
    if text.count(",") == 1 and " and " not in text:
        surname, _, given = text.partition(",")
        # "Heitshusen, Valerie" is turned round; "John Frittelli, Ben Goldman" is two people.
        if (
            given.strip()
            and len(surname.split()) == 1
            and len(given.split()) <= 3
            and not any(c.isdigit() for c in text)
        ):
            return [f"{given.strip()} {surname.strip()}"]
    return [p.strip(" ,.") for p in AUTHOR_SEPARATOR.split(text) if p and p.strip(" ,.")]


@functools.cache
def _series_rules() -> tuple[tuple[re.Pattern[str], str, str | None], ...]:
    table = tomllib.loads(resources.files("briefs_analyzer").joinpath("data/series.toml").read_text(encoding="utf-8"))
    return tuple((re.compile(r["number"]), r["name"], r.get("organization")) for r in table.get("series", []))


def series_of(number: str) -> tuple[str | None, str | None]:
    """The series and publisher a report number belongs to, by the shipped table (``data/series.toml``)."""
    return next(((name, org) for pattern, name, org in _series_rules() if pattern.search(number)), (None, None))


def from_report_number(metadata: Metadata) -> Metadata:
    """The series and publisher the report number tells (``data/series.toml``): the series named
    the same way for every report of a publisher, the publisher where nothing else gave it."""
    if not metadata.report_number:
        return metadata
    series, organization = series_of(metadata.report_number)
    changes: dict[str, str] = {}
    if series and series != metadata.series:
        changes["series"] = series
    if organization and not metadata.organization:
        changes["organization"] = organization
    if not changes:
        return metadata
    provenance = {**dict(metadata.provenance), **dict.fromkeys(changes, "report-number")}
    return replace(metadata, **changes, provenance=tuple(sorted(provenance.items())))  # type: ignore[arg-type]


@dataclass
class Gathered:
    """Metadata fields as a reader finds them, in its order of trust: each field from the first
    source that gives it a value, with where it came from (``provenance``)."""

    found: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)

    def put(self, name: str, value: object, origin: str) -> None:
        if value and name not in self.found:
            self.found[name] = value
            self.provenance[name] = origin

    def metadata(self) -> Metadata:
        return Metadata(**self.found, provenance=tuple(sorted(self.provenance.items())))  # type: ignore[arg-type]
