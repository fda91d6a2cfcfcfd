"""The data model: frozen dataclasses that flow from stage to stage.

Every stage takes these objects and returns new ones (``dataclasses.replace``);
nothing here is mutated after it is built.  Offsets (``start``/``end``) are
character offsets into :attr:`Brief.body`, the brief's normalised body text;
``line``/``column`` are 1-based positions in the file as it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["text", "markdown", "pdf", "docx", "html"]
Severity = Literal["error", "warning", "info"]
NoteStyle = Literal["superscript", "plain", "bracket", "markdown", "table"]
CitationKind = Literal["full", "ibid", "short", "supra", "cross_reference", "commentary"]
# Does a claim need a source?  ``cited``: it carries a marker; ``covered``: a nearby note backs it;
# ``needs_source``: a checkable fact with neither; ``analysis``: the author's own argument, method or
# common knowledge; ``not_prose``: a heading, caption or cell that reached the claim list.
Support = Literal["cited", "covered", "needs_source", "analysis", "not_prose"]


@dataclass(frozen=True)
class Person:
    """An author or editor, with the role printed beside the name, if any."""

    name: str
    role: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class Metadata:
    """Front matter of a brief.  ``date`` is ISO 8601, possibly partial (``2025``, ``2025-01``)."""

    title: str | None = None
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    organization: str | None = None
    date: str | None = None
    disclaimer: str | None = None
    image_credit: str | None = None
    subtitle: str | None = None
    report_number: str | None = None  # e.g. R48913, IF12106, GAO-06-1046, GAO-08-587T
    series: str | None = None  # e.g. CRS Report, In Focus, GAO Testimony
    abstract: str | None = None
    # For each field that has a value, where it came from (e.g. ("date", "yaml"), ("title", "pdf-cover")).
    provenance: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    """A run of body text under one heading (``heading`` is None before the first heading)."""

    heading: str | None
    level: int
    sentences: tuple[int, ...]
    line: int | None = None


@dataclass(frozen=True)
class Region:
    """A block of the brief that gives no claims: a table, figure, caption, contents, cover, box ...

    Its text is kept; notes referenced from it (``markers``) still count as referenced.
    ``after_claim`` is the id of the last claim before it (None: it comes before every claim).
    """

    kind: str
    text: str
    line: int | None = None
    page: int | None = None
    after_claim: int | None = None
    markers: tuple[int, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A claim: one sentence of body text, with the note numbers of the markers inside it."""

    id: int
    text: str
    section: int
    start: int
    end: int
    markers: tuple[int, ...]
    line: int
    page: int | None = None
    paragraph: int = 0  # the index of the paragraph it sits in (claims of one paragraph share it)
    support: Support | None = None  # filled by the claim-support stage
    covered_by: tuple[int, ...] = ()  # for ``covered``: the notes that back it
    support_kind: str | None = None  # for ``needs_source``: which kind of fact it states ("a figure", ...)


@dataclass(frozen=True)
class Marker:
    """A note reference in the body text (``¹``, ``[^1]``, ``[1]``)."""

    number: int
    offset: int
    sentence: int
    anchor: str
    line: int
    column: int
    style: NoteStyle
    page: int | None = None


@dataclass(frozen=True)
class Citation:
    """One citation inside a note; a note may hold several, separated by ``;``."""

    kind: CitationKind
    text: str
    authors: tuple[str, ...] = ()
    title: str | None = None
    container: str | None = None
    date: str | None = None
    accessed: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    url: str | None = None
    locator: str | None = None
    target_note: int | None = None
    short_name: str | None = None
    publisher: str | None = None  # the issuing body of a report, the press of a book
    # Normalised identifiers: (scheme, value) pairs such as ("report_number", "GAO-06-1046"),
    # ("doi", "10.1000/xyz"), ("usc", "10 U.S.C. § 1177"), ("public_law", "P.L. 66-261").
    identifiers: tuple[tuple[str, str], ...] = ()
    # The form of the work, in CSL's vocabulary where it has one: article-journal, article-newspaper,
    # webpage, report, book, chapter, legal_case, legislation, bill, regulation, ...
    work_type: str | None = None
    repeats: int | None = None  # the earlier note whose work this citation repeats (set by resolution)


@dataclass(frozen=True)
class Note:
    """A numbered note definition (footnote or endnote).

    ``kind``, ``antecedent`` and ``source_ids`` are filled by citation resolution;
    until then they are empty.
    """

    number: int
    text: str
    line: int
    style: NoteStyle
    page: int | None = None
    citations: tuple[Citation, ...] = ()
    kind: CitationKind | None = None
    antecedent: int | None = None
    source_ids: tuple[str, ...] = ()
    italics: tuple[tuple[int, int], ...] = ()  # spans of ``text`` set in italics, where the format says so


@dataclass(frozen=True)
class Problem:
    """An inconsistency found in a brief; recorded, never raised."""

    code: str
    name: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Source:
    """One cited work, with an id stable across runs, machines and briefs."""

    id: str
    title: str | None
    authors: tuple[str, ...]
    container: str | None
    date: str | None
    url: str | None
    type: str
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    accessed: str | None = None
    publisher: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    work_type: str | None = None


EntityType = Literal[
    "state_actor",
    "organization",
    "person",
    "regime",
    "agreement",
    "legal_instrument",
    "weapon_system",
    "date",
    "location",
]
MentionPlace = Literal["body", "note", "front_matter"]


@dataclass(frozen=True)
class Entity:
    """One mention of an actor, agreement, regime, instrument, weapon system, date or place.

    ``start``/``end`` are offsets into :attr:`Brief.body` for body mentions, into the
    note's text for note mentions (``note`` gives its number), and into the metadata
    field's text for front-matter mentions (``metadata_field`` names it).  For dates,
    ``canonical`` is the ISO 8601 form (``1965``, ``2019-12``, ``2016-08-29``), an interval
    (``2008/2021``), an EDTF decade (``197X``) or, for a fiscal year, ``FY2006``.
    """

    text: str
    type: EntityType
    canonical: str
    start: int
    end: int
    place: MentionPlace = "body"
    claim_id: int | None = None
    note: int | None = None
    metadata_field: str | None = None
    qid: str | None = None  # the Wikidata id of the canonical entity, where the shipped data has one
    demonym: bool = False  # a demonym or hyphenated form of a state's name ("Russian", "U.S.-flagged")
    date_kind: str | None = None  # for dates: "fiscal_year" ("FY2006"); None for calendar dates

    @property
    def key(self) -> str:
        """The entity's identity across briefs: ``wikidata:<QID>``, else ``<type>:<canonical>``."""
        return f"wikidata:{self.qid}" if self.qid else f"{self.type}:{self.canonical}"


@dataclass(frozen=True)
class Event:
    """Something signed, concluded, joined or imposed: (instrument, date, parties)."""

    instrument: str
    date: str | None
    parties: tuple[str, ...]
    claim_id: int
    verb: str | None = None


@dataclass(frozen=True)
class Brief:
    """Everything known about one brief, as it flows from stage to stage."""

    path: str
    sha256: str
    format: Format
    metadata: Metadata
    body: str
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    markers: tuple[Marker, ...]
    notes: tuple[Note, ...]
    problems: tuple[Problem, ...]
    encoding: str = "utf-8"
    sources: tuple[Source, ...] = field(default=())
    entities: tuple[Entity, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())
    regions: tuple[Region, ...] = field(default=())
    # The document's own comments as (text, line) pairs: Word comments (line = the paragraph they are
    # anchored to), for readers that have them.  ``briefs check`` reads its directives from them.
    comments: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True)
class Failure:
    """A file that could not be analysed, and why (in words a person can act on)."""

    path: str
    reason: str


class BriefError(Exception):
    """Raised by ingestion when a file cannot be read as a brief at all."""
