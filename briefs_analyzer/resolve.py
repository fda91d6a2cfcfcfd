"""Resolve repeats (Ibid./Id., short forms, supra, cross-references) to the sources they repeat.

:func:`resolve_notes` walks a brief's notes in order.  Each note is parsed (``parse``), every full
citation becomes a :class:`~briefs_analyzer.model.Source` and every repeat is handed to a resolver
that looks at what was cited before (a :class:`Ledger`) and returns a :class:`Link` or None.
The resolvers are keyword arguments, so a caller can swap one (as eyecite does):

``resolve_ibid``
    the single source of the note before (or of the citation before, inside one note);
    unresolved when that note cites several sources or none.
``resolve_short``
    the earliest earlier full citation the short form matches: a ``hereinafter`` name, the same
    volume and reporter (legal short forms), author surname plus (short) title, title alone,
    surname alone when only one earlier source has it.  Matching ignores case, quotes,
    punctuation and a trailing ellipsis; a short title may be a prefix of the full one.
``resolve_supra``
    the source of the target note (the one whose authors or title match, if it cites several).
``resolve_cross_reference``
    the sources of the note referred to (``see note 20``), even a later one.

Unresolved Ibid. become ``BA201 unresolved-ibid`` problems, unresolved short forms and supra
``BA202 unresolved-short-form``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from .citations import parse_note
from .model import Citation, Note, Problem, Source
from .rules import UNRESOLVED_IBID, UNRESOLVED_SHORT_FORM
from .sources import SourceTypes, identity, make_source, normalize_text

REPEATS = frozenset({"ibid", "short", "supra", "cross_reference"})
REPORTER_CITE = re.compile(r"^(\d+)\s+(.+?)\s+\d+$")
ABBREVIATION = re.compile(
    r"(?P<long>(?:[A-Z][\w’'-]*\s+(?:(?:of|the|and|on|for|in|to)\s+)*)+)\((?P<short>[A-Z]{2,}[A-Z0-9]*)\)"
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True)
class Link:
    """What a repeat resolves to: the note it resolves through and that note's source ids."""

    note: int
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """An earlier full citation a short form may repeat."""

    note: int
    citation: Citation
    source_id: str


@dataclass
class Ledger:
    """What the brief has cited so far.  Resolvers read it; :func:`resolve_notes` fills it."""

    fulls: list[Candidate] = field(default_factory=list)
    short_names: dict[str, Candidate] = field(default_factory=dict)
    abbreviations: dict[str, Candidate] = field(default_factory=dict)  # "UNCLOS" -> the convention's citation
    first_note: dict[str, int] = field(default_factory=dict)  # source id -> the first note citing it in full
    note_sources: dict[int, tuple[str, ...]] = field(default_factory=dict)
    previous: Link | None = None


Resolver = Callable[[Citation, Ledger], Link | None]
Parser = Callable[[str], tuple[Citation, ...]]


@dataclass(frozen=True)
class Resolution:
    """The notes with citations, kinds, antecedents and source ids; the brief's sources; problems."""

    notes: tuple[Note, ...]
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]


# --- matching ---------------------------------------------------------------------------------
def _title_words(text: str | None) -> tuple[str, ...]:
    return tuple(normalize_text(text).split())


def _is_prefix(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return bool(short) and full[: len(short)] == short


def _name_keys(name: str) -> set[str]:
    """The ways a later note may name this author: full name, surname, abbreviation in brackets."""
    words = [w for w in normalize_text(name.replace("et al.", "")).split() if w not in ("et", "al")]
    keys = {" ".join(words)} if words else set()
    core = [w for w in words if w not in NAME_SUFFIXES]
    if core:
        keys.add(core[-1])
    keys.update(normalize_text(inner) for inner in _bracketed(name))
    for part in name.split(","):  # "Commodity Futures Trading Commission" may come back as "CFTC"
        initials = "".join(w[0] for w in part.split() if w[:1].isupper())
        if len(initials) >= 3:
            keys.add(initials.lower())
    return keys - {""}


def _bracketed(text: str) -> list[str]:
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth, start = depth + 1, i + 1 if depth == 0 else start
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:i])
    return out


def _author_matches(short_name: str, full_authors: tuple[str, ...]) -> bool:
    wanted = _name_keys(short_name)
    surname = normalize_text(short_name).split()[-1:] or [""]
    return any(wanted & _name_keys(a) or surname[0] in _name_keys(a) for a in full_authors)


def _authors_match(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return bool(short) and all(_author_matches(a, full) for a in short)


def _probes(citation: Citation) -> set[str]:
    """The normalised strings a ``hereinafter`` name might equal."""
    head = " ".join((*citation.authors, citation.title or ""))
    return {p for p in (normalize_text(citation.title), normalize_text(head)) if p}


def _link(candidate: Candidate) -> Link:
    return Link(candidate.note, (candidate.source_id,))


# --- default resolvers ------------------------------------------------------------------------
def resolve_ibid(citation: Citation, ledger: Ledger) -> Link | None:
    """Ibid./Id.: the single source of what came just before."""
    previous = ledger.previous
    if previous is None or len(previous.source_ids) != 1:
        return None
    return previous


def _reporter_keys(citation: Citation) -> set[tuple[str, str]]:
    """(volume, reporter) of a case or statute: ``584 U.S. 453`` -> (584, u s); ``52 Stat. 1040`` -> (52, stat)."""
    keys = set()
    if citation.volume and citation.container:
        keys.add((citation.volume, normalize_text(citation.container)))
    for scheme, value in citation.identifiers:
        if scheme in ("reporter", "stat") and (m := REPORTER_CITE.match(value)):
            keys.add((m.group(1), normalize_text(m.group(2))))
    return keys


def resolve_short(citation: Citation, ledger: Ledger) -> Link | None:
    """A short form: the earliest earlier full citation it matches (see the module docstring)."""
    fulls = ledger.fulls
    wanted = identity(citation)
    if wanted is not None:
        for c in fulls:
            if identity(c.citation) == wanted:
                return _link(c)
    for probe in _probes(citation):
        if probe in ledger.short_names:
            return _link(ledger.short_names[probe])
    if citation.volume and citation.container:
        key = (citation.volume, normalize_text(citation.container))
        for c in fulls:
            if key in _reporter_keys(c.citation):
                return _link(c)
    if citation.title and citation.title in ledger.abbreviations and not citation.authors:
        return _link(ledger.abbreviations[citation.title])
    title = _title_words(citation.title)
    authors = citation.authors
    if authors and title:
        for c in fulls:
            if _authors_match(authors, c.citation.authors) and _is_prefix(title, _title_words(c.citation.title)):
                return _link(c)
    if title:
        for c in fulls:
            compatible = not authors or not c.citation.authors or _authors_match(authors, c.citation.authors)
            if compatible and _is_prefix(title, _title_words(c.citation.title)):
                return _link(c)
    names = authors if not title else () if authors else (citation.title or "",)
    if any(names):
        same = [c for c in fulls if _authors_match(names, c.citation.authors)]
        if len({c.source_id for c in same}) == 1:
            return _link(same[0])
    return None


def resolve_supra(citation: Citation, ledger: Ledger) -> Link | None:
    """``Smith, supra note 12``: note 12's source (the one by Smith, if it cites several)."""
    target = citation.target_note
    if target is None:
        return resolve_short(citation, ledger)
    ids = ledger.note_sources.get(target)
    if not ids:
        return None
    if len(ids) == 1:
        return Link(target, ids)
    title = _title_words(citation.title)
    hits = {
        c.source_id
        for c in ledger.fulls
        if c.note == target
        and c.source_id in ids
        and (_authors_match(citation.authors, c.citation.authors) or _is_prefix(title, _title_words(c.citation.title)))
    }
    return Link(target, (hits.pop(),)) if len(hits) == 1 else None


def resolve_cross_reference(citation: Citation, ledger: Ledger) -> Link | None:
    """``see note 20``: note 20's sources; None while note 20 has not been read yet."""
    target = citation.target_note
    if target is None:
        return None
    ids = ledger.note_sources.get(target)
    return None if ids is None else Link(target, ids)


# --- the walk ---------------------------------------------------------------------------------
def _dedupe(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _ibid_problem(note: Note, previous: Link | None) -> Problem:
    if previous is None:
        why = "there is no earlier citation to repeat"
    elif previous.source_ids:
        why = f"note {previous.note} cites {len(previous.source_ids)} sources"
    else:
        why = f"note {previous.note} cites no source"
    return UNRESOLVED_IBID.problem(line=note.line, page=note.page, number=note.number, why=why)


def _short_problem(note: Note, citation: Citation, ledger: Ledger) -> Problem:
    what = "supra" if citation.kind == "supra" else "short form"
    text = " ".join(citation.text.split())[:80]
    why = _why_unresolved(citation, ledger)
    return UNRESOLVED_SHORT_FORM.problem(
        line=note.line, page=note.page, number=note.number, what=what, text=text, why=why
    )


def _why_unresolved(citation: Citation, ledger: Ledger) -> str:
    """Why a short form or supra found nothing to repeat, in words an editor can act on."""
    if citation.kind == "supra" and citation.target_note is not None:
        if citation.target_note not in ledger.note_sources:
            return f"note {citation.target_note} does not come before it"
        if not ledger.note_sources[citation.target_note]:
            return f"note {citation.target_note} cites no source"
        return f"note {citation.target_note} cites several sources and none matches {', '.join(citation.authors)}"
    if not ledger.fulls:
        return "there is no earlier full citation"
    if (wanted := identity(citation)) is not None:
        return f"no earlier note cites {dict(citation.identifiers)[wanted[0]]}"
    if citation.authors and not citation.title:
        same = {c.source_id: c.note for c in ledger.fulls if _authors_match(citation.authors, c.citation.authors)}
        if len(same) > 1:
            notes = ", ".join(str(n) for n in sorted(same.values()))
            who = ", ".join(citation.authors)
            return f"{len(same)} earlier works are by {who} (notes {notes}); a short title would say which"
        return f"no earlier full citation is by {', '.join(citation.authors)}"
    if citation.title and not citation.authors:  # "Liu et al., p. 4": a name or a short title, it cannot tell
        return f"no earlier full citation is by or titled {citation.title!r}"
    if citation.title:
        return f"no earlier full citation by {', '.join(citation.authors)} is titled {citation.title!r}"
    return "it names no author, title or identifier to match"


def _antecedent(citation: Citation, link: Link | None) -> int | None:
    if citation.kind in ("supra", "cross_reference") and citation.target_note is not None:
        return citation.target_note
    return link.note if link is not None and citation.kind in REPEATS else None


def resolve_notes(
    notes: Sequence[Note],
    *,
    parse: Parser = parse_note,
    resolve_ibid: Resolver = resolve_ibid,
    resolve_short: Resolver = resolve_short,
    resolve_supra: Resolver = resolve_supra,
    resolve_cross_reference: Resolver = resolve_cross_reference,
    source_types: SourceTypes | None = None,
) -> Resolution:
    """Parse and resolve every note of one brief (notes in document order)."""
    ledger = Ledger()
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    parsed: list[tuple[Note, tuple[Citation, ...], list[Link | None]]] = []
    waiting: list[tuple[int, int]] = []  # (index in parsed, index of the citation): forward cross-references
    previous_note: Note | None = None
    for note in notes:
        citations = parse_note(note.text, note.italics) if parse is parse_note else parse(note.text)
        links: list[Link | None] = []
        done: list[Citation] = []
        if previous_note is not None:
            ledger.previous = Link(previous_note.number, ledger.note_sources.get(previous_note.number, ()))
        for citation in citations:
            link: Link | None = None
            if citation.kind == "full":
                source = make_source(citation, source_types)
                sources.setdefault(source.id, source)
                candidate = Candidate(note.number, citation, source.id)
                ledger.fulls.append(candidate)
                if citation.short_name:
                    ledger.short_names.setdefault(normalize_text(citation.short_name), candidate)
                _learn_abbreviations(note.text, candidate, ledger)
                first = ledger.first_note.setdefault(source.id, note.number)
                if first != note.number:
                    citation = replace(citation, repeats=first)
                    if _only_a_report_number(citation):  # "GAO-03-143.": a short form of the earlier note
                        citation = replace(citation, kind="short")
                link = Link(note.number, (source.id,))
            elif citation.kind == "ibid":
                link = resolve_ibid(citation, ledger)
                if link is None:
                    problems.append(_ibid_problem(note, ledger.previous))
                else:
                    citation = replace(citation, repeats=link.note)
            elif citation.kind in ("short", "supra"):
                resolver = resolve_short if citation.kind == "short" else resolve_supra
                link = resolver(citation, ledger)
                if link is None:
                    problems.append(_short_problem(note, citation, ledger))
                else:
                    citation = replace(citation, repeats=link.note)
            elif citation.kind == "cross_reference":
                link = resolve_cross_reference(citation, ledger)
                if link is None and citation.target_note is not None:
                    waiting.append((len(parsed), len(links)))
            links.append(link)
            done.append(citation)
            ledger.previous = Link(note.number, link.source_ids if link else ())
        ledger.note_sources[note.number] = _dedupe(i for x in links if x for i in x.source_ids)
        parsed.append((note, tuple(done), links))
        previous_note = note
    for at, index in waiting:
        note, citations, links = parsed[at]
        links[index] = resolve_cross_reference(citations[index], ledger)
    resolved = tuple(_finish_note(note, citations, links) for note, citations, links in parsed)
    return Resolution(notes=resolved, sources=tuple(sources.values()), problems=tuple(problems))


def _only_a_report_number(citation: Citation) -> bool:
    schemes = {scheme for scheme, _ in citation.identifiers}
    return schemes == {"report_number"} and not (citation.title or citation.authors or citation.url)


def _learn_abbreviations(text: str, candidate: Candidate, ledger: Ledger) -> None:
    """``United Nations Convention on the Law of the Sea (UNCLOS)`` in a note whose citation has that title."""
    title = normalize_text(candidate.citation.title)
    if not title:
        return
    for m in ABBREVIATION.finditer(text):
        long = normalize_text(m.group("long"))
        if long and (title.startswith(long) or long.endswith(title)):
            ledger.abbreviations.setdefault(m.group("short"), candidate)


def _finish_note(note: Note, citations: tuple[Citation, ...], links: list[Link | None]) -> Note:
    first = citations[0] if citations else None
    return replace(
        note,
        citations=citations,
        kind=first.kind if first else "commentary",
        antecedent=_antecedent(first, links[0]) if first else None,
        source_ids=_dedupe(i for link in links if link for i in link.source_ids),
    )
