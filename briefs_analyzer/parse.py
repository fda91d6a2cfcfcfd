"""Document -> Brief: front matter, sections, sentences (claims), markers and notes.

A structured document (PDF, Word, HTML) comes with typed blocks: headings, paragraphs, list
items, and blocks that give no claims (tables, figures, captions, contents, cover pages, boxes),
with markers as spans and notes apart; they are taken as they are.  A plain-text or Markdown
file comes as lines, and :mod:`briefs_analyzer.textlines` infers the same units from them.

Then each paragraph is split into sentences; every sentence is a claim, with the note numbers of
the markers inside it.  The front matter (title, authors, date ...) printed at the top is read by
:mod:`briefs_analyzer.frontmatter` and merged with what the format itself says
(:mod:`briefs_analyzer.metadata`).  Inconsistencies (a marker with no note, a note with no marker,
duplicates, gaps) become :class:`~briefs_analyzer.model.Problem` records; the parser never raises
on odd input.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefs_analyzer.dates import parse_date
from briefs_analyzer.frontmatter import parse_front_matter
from briefs_analyzer.ingest.document import PROSE, Block, Document, Line
from briefs_analyzer.mapped import MappedText
from briefs_analyzer.metadata import from_report_number, merge_metadata, name_key
from briefs_analyzer.model import Brief, Marker, Metadata, Note, Person, Problem, Region, Section, Sentence
from briefs_analyzer.passages import is_reference_entry, notice_start
from briefs_analyzer.patterns import PERSON_NAME, ROLE_WORDS, SIGNATURE_TITLE
from briefs_analyzer.rules import DUPLICATE_NOTE, MARKER_WITHOUT_NOTE, NOTE_SEQUENCE, NOTE_WITHOUT_MARKER
from briefs_analyzer.sentences import split_sentences
from briefs_analyzer.textlines import read_body
from briefs_analyzer.units import Heading, NoteDraft, Other, Paragraph, RawMarker, Unit

_FRONT_KINDS = frozenset({"title", "heading", "paragraph", "fragment", "front_matter", "cover", "caption"})
_FRONT_MAX_BLOCKS = 24


@dataclass(frozen=True)
class _Built:
    body: str
    sections: list[Section]
    sentences: list[Sentence]
    markers: list[Marker]
    regions: list[Region]
    references: list[tuple[int, int, int, int | None]]


@dataclass
class _Position:
    """Maps a file offset to its 1-based line and column."""

    lines: Sequence[Line]
    offsets: list[int]

    @classmethod
    def of(cls, lines: Sequence[Line]) -> _Position:
        return cls(lines, [line.offset for line in lines])

    def index(self, offset: int) -> int:
        return max(bisect_right(self.offsets, offset) - 1, 0)

    def line_col(self, offset: int) -> tuple[int, int, int | None]:
        if not self.lines:
            return 1, 1, None
        line = self.lines[self.index(offset)]
        return line.number, offset - line.offset + 1, line.page


def _anchor(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


def _build(units: Sequence[Unit], position: _Position) -> _Built:
    body: list[str] = []
    length = 0
    sections: list[tuple[str | None, int, int | None, list[int]]] = [(None, 0, None, [])]
    sentences: list[Sentence] = []
    markers: list[Marker] = []
    regions: list[Region] = []
    references: list[tuple[int, int, int, int | None]] = []  # every marker, in reading order (for BA104)
    pending: tuple[RawMarker, ...] = ()  # markers on a heading, waiting for its first claim
    paragraph = -1
    for unit in units:
        if isinstance(unit, Other):
            line, _, page = position.line_col(unit.origin)
            for raw in unit.markers:
                references.append((raw.number, *position.line_col(raw.origin)))
            after = len(sentences) or None
            numbers_in = tuple(raw.number for raw in unit.markers)
            regions.append(Region(unit.kind, unit.text, line, page, after, numbers_in, unit.cells))
            continue
        if body:
            body.append("\n\n")
            length += 2
        base = length
        body.append(unit.text.text)
        length += len(unit.text.text)
        if isinstance(unit, Heading):
            sections.append((unit.text.text, unit.level, unit.line, []))
            pending = (*pending, *unit.markers)
            continue
        text = unit.text.text
        spans = split_sentences(text)
        if not spans:
            continue
        starts = [s for s, _ in spans]
        numbers: list[list[int]] = [[] for _ in spans]
        placed: list[tuple[int, int, RawMarker]] = [(0, spans[0][0], raw) for raw in pending]
        for raw in pending:
            numbers[0].append(raw.number)
        heading_markers = {id(raw) for raw in pending}
        heading_text = sections[-1][0] or ""
        pending = ()
        for raw in unit.markers:
            pos = bisect_left(unit.text.origins, raw.origin)
            k = max(bisect_right(starts, pos) - 1, 0)
            numbers[k].append(raw.number)
            placed.append((k, pos, raw))
        first_id = len(sentences) + 1
        section_index = len(sections) - 1
        paragraph += 1
        for k, (s, e) in enumerate(spans):
            line, _, page = position.line_col(unit.text.origin(s))
            sentences.append(
                Sentence(
                    id=first_id + k,
                    text=text[s:e],
                    section=section_index,
                    start=base + s,
                    end=base + e,
                    markers=tuple(numbers[k]),
                    line=line,
                    page=page,
                    paragraph=paragraph,
                )
            )
            sections[-1][3].append(first_id + k)
        previous_in: dict[int, int] = {}
        for k, pos, raw in placed:
            s, e = spans[k]
            anchor_start = max(previous_in.get(k, s), s)
            if id(raw) not in heading_markers:
                previous_in[k] = min(pos, e)
            line, column, page = position.line_col(raw.origin)
            references.append((raw.number, line, column, page))
            markers.append(
                Marker(
                    number=raw.number,
                    offset=base + min(pos, e),
                    sentence=first_id + k,
                    anchor=heading_text if id(raw) in heading_markers else _anchor(text, anchor_start, min(pos, e)),
                    line=line,
                    column=column,
                    style=raw.style,
                    page=page,
                )
            )
    built = [
        Section(heading=h, level=lvl, sentences=tuple(ids), line=ln)
        for i, (h, lvl, ln, ids) in enumerate(sections)
        if i or ids
    ]
    # Claims point at their section by index into the kept sections.
    if sections and not sections[0][3]:
        sentences = [replace(s, section=s.section - 1) for s in sentences]
    return _Built("".join(body), built, sentences, markers, regions, references)


def consistency_problems(
    markers: Sequence[Marker],
    notes: Sequence[Note],
    references: Sequence[tuple[int, int, int, int | None]] | None = None,
) -> list[Problem]:
    """Markers without notes, notes without markers, duplicate numbers, gaps and steps back.

    ``references`` are all the markers in reading order, those in tables and captions included
    (by default, the claims' markers).
    """
    problems: list[Problem] = []
    defined = {n.number for n in notes}
    if references is None:
        references = [(m.number, m.line, m.column, m.page) for m in markers]
    referenced = {number for number, *_ in references}
    for m in markers:
        if m.number not in defined:
            problems.append(MARKER_WITHOUT_NOTE.problem(line=m.line, column=m.column, page=m.page, number=m.number))
    counts: Counter[int] = Counter()
    for n in notes:
        counts[n.number] += 1
        if counts[n.number] == 2:
            problems.append(DUPLICATE_NOTE.problem(line=n.line, column=1, page=n.page, number=n.number))
        if n.number not in referenced:
            problems.append(NOTE_WITHOUT_MARKER.problem(line=n.line, column=1, page=n.page, number=n.number))
    # A gap that a marker without its note (or a note without its marker) explains is
    # reported once, as BA101 (BA102), not again as BA104.
    problems.extend(
        _sequence_problems([(n.number, n.line, 1, n.page) for n in notes], "note", explained=referenced - defined)
    )
    problems.extend(_sequence_problems(references, "marker", explained=defined - referenced))
    return problems


def _sequence_problems(
    items: Sequence[tuple[int, int, int, int | None]], what: str, *, explained: set[int]
) -> list[Problem]:
    problems = []
    highest = 0
    seen: set[int] = set()
    for number, line, column, page in items:
        if number in seen and what == "note":
            continue  # reported as a duplicate
        if number > highest + 1 and not set(range(highest + 1, number)) <= explained:
            gap = "gap" if highest + 1 == number - 1 else "gaps"
            problems.append(
                NOTE_SEQUENCE.problem(
                    line=line,
                    column=column,
                    page=page,
                    template=gap,
                    what=what,
                    number=number,
                    previous=highest,
                    missing=highest + 1,
                    first=highest + 1,
                    last=number - 1,
                )
            )
        elif number <= highest and number not in seen:
            problems.append(
                NOTE_SEQUENCE.problem(
                    line=line,
                    column=column,
                    page=page,
                    template="backwards",
                    what=what,
                    number=number,
                    previous=highest,
                )
            )
        seen.add(number)
        highest = max(highest, number)
    return problems


def _block_lines(block: Block, position: _Position) -> list[tuple[int, int]]:
    """The (start, end) spans of ``block.text`` that stand on one coordinate line each."""
    spans: list[tuple[int, int]] = []
    start = 0
    current = position.index(block.origins[0]) if block.origins else 0
    for i in range(1, len(block.text)):
        here = position.index(block.origins[i])
        if here != current:
            spans.append((start, i))
            start, current = i, here
    spans.append((start, len(block.text)))
    return [(s, e) for s, e in spans if block.text[s:e].strip()]


def _front_matter(blocks: Sequence[Block], position: _Position) -> tuple[Metadata, int, int]:
    """The printed front matter at the top of the blocks: (metadata, blocks used, characters of the next used).

    The front-matter recogniser reads lines; it is given each block's lines, a blank line between
    blocks, and the title written as a Markdown title.
    """
    lead: list[tuple[int, int, int]] = []  # (block index, start, end) of each line; -1 for a blank
    texts: list[str] = []
    for i, block in enumerate(blocks[:_FRONT_MAX_BLOCKS]):
        if block.kind == "furniture":
            continue
        if block.kind not in _FRONT_KINDS:
            break
        opening = block.kind == "title" or (block.kind == "heading" and block.level <= 1 and not texts)
        prefix = "# " if opening else ""
        for s, e in _block_lines(block, position):
            lead.append((i, s, e))
            texts.append(prefix + block.text[s:e] if prefix and s == 0 else block.text[s:e])
            if prefix:
                texts[-1] = prefix + block.text.strip()
                lead[-1] = (i, 0, len(block.text))
                break
        lead.append((-1, 0, 0))
        texts.append("")
    metadata, used = parse_front_matter(texts)
    while used and lead[used - 1][0] == -1:
        used -= 1
    if not used:
        return metadata, 0, 0
    last, _, end = lead[used - 1]
    if end >= len(blocks[last].text.rstrip()):
        return metadata, last + 1, 0
    return metadata, last, end


def _raw(block: Block, start: int = 0) -> list[RawMarker]:
    return [RawMarker(m.number, m.origin, m.style) for m in block.marks if m.at >= start]


def _units(doc: Document, position: _Position) -> tuple[Metadata, list[Unit], list[NoteDraft]]:
    """Units from a structured document's blocks."""
    assert doc.blocks is not None
    blocks = list(doc.blocks)
    printed, used, cut = _front_matter(blocks, position)
    names = {name_key(p.name) for p in (*doc.metadata.authors, *printed.authors)}
    units: list[Unit] = []
    for i, block in enumerate(blocks):
        if i < used:
            units.append(Other("front_matter", block.text, block.origin, tuple(_raw(block))))
            continue
        start = cut if i == used else 0
        text = MappedText(block.text, block.origins)
        if start:
            units.append(Other("front_matter", block.text[:start], block.origin))
            text = MappedText(block.text[start:], block.origins[start:])
        if block.kind in ("title", "heading"):
            line, _, _ = position.line_col(block.origin)
            units.append(Heading(text.squeeze(), max(block.level, 1), line, tuple(_raw(block, start))))
        elif block.kind in PROSE:
            paragraph = Paragraph(text.squeeze(), _raw(block, start), is_item=block.kind == "list_item")
            previous = units[-1] if units else None
            if block.continues and isinstance(previous, Paragraph) and _is_author_line(previous.text.text, names):
                # The author's line printed between a paragraph and the rest of it (at a column's foot).
                units[-1] = Other("front_matter", previous.text.text.strip(), previous.text.origin(0))
                previous = next((u for u in reversed(units) if not isinstance(u, Other)), None)
            # A paragraph that resumes one left mid-sentence (a page or column break, a figure
            # between them, a converter's blank line) joins it, as the text formats do.
            resumes = (
                block.kind == "paragraph"
                and isinstance(previous, Paragraph)
                and not previous.is_item
                and previous.is_open
                and len(previous.text.text.split()) >= _RESUMED_WORDS  # not a heading or running head
                and paragraph.text.text[:1].islower()
            )
            if (block.continues or resumes) and isinstance(previous, Paragraph):
                previous.text = MappedText.join([previous.text, paragraph.text], sep="" if block.glued else " ")
                previous.markers.extend(paragraph.markers)
            elif paragraph.text.text or paragraph.markers:
                units.append(paragraph)
        else:
            units.append(Other(block.kind, block.text[start:], block.origin, tuple(_raw(block, start)), block.cells))
    notes = [NoteDraft(n.number, n.style, n.origin, [n.text], n.line, n.italics) for n in doc.notes]
    return printed, units, notes


def _signature(units: list[Unit], metadata: Metadata) -> Metadata:
    """A letter's signer, when nothing else names an author: a name standing alone as a paragraph,
    then the title under it (``David D. Bellis`` / ``Director, Education, ...``).  Both become
    front matter, not claims."""
    if metadata.authors:
        return metadata
    for i in range(len(units) - 1):
        name, title = units[i], units[i + 1]
        if not (isinstance(name, Paragraph | Heading) and isinstance(title, Paragraph)) or name.markers:
            continue  # (a name alone on its line is read as a heading in a text file)
        text, role = name.text.text.strip(), title.text.text.strip()
        addressee = text.lower().startswith(("the honorable", "honorable", "dear "))
        if (
            PERSON_NAME.fullmatch(text)
            and 2 <= len(text.split()) <= 5
            and SIGNATURE_TITLE.match(role)
            and not addressee
        ):
            origin = name.text.origin(0)
            units[i : i + 2] = [Other("front_matter", f"{text}\n{role}", origin)]
            provenance = {**dict(metadata.provenance), "authors": "signature"}
            return replace(metadata, authors=(Person(text, role),), provenance=tuple(sorted(provenance.items())))
    return metadata


_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]*)$")
_FRAGMENT_WORDS = 8  # a line of this many words or fewer, with no sentence's end, is a label or a cell


def _fragments(units: list[Unit]) -> list[Unit]:
    """Paragraphs that are no claims.  A publisher's notice is furniture.  A short line with no end
    punctuation and no marker (a letter's address and date, a table's unit line, a job code, a name
    on its own) is kept as a fragment."""
    out: list[Unit] = []
    for unit in units:
        if isinstance(unit, Paragraph) and (cut := notice_start(unit.text.text)) is not None:
            # The publisher's copyright and reliance notice is page furniture, never claims.
            notice, at = unit.text.remove([(0, cut)]), unit.text.origin(cut)
            if cut:
                kept = [m for m in unit.markers if m.origin < at]
                out.append(replace(unit, text=unit.text.remove([(cut, len(unit.text))]).squeeze(), markers=kept))
            after = tuple(m for m in unit.markers if m.origin >= at or not cut)
            out.append(Other("furniture", notice.text.strip(), at, after))
            continue
        if isinstance(unit, Paragraph) and not unit.markers and not unit.is_item:
            text = unit.text.text.strip()
            words = len(text.split())
            label = text.endswith(":") and words <= 4
            if (words <= _FRAGMENT_WORDS and not _SENTENCE_END.search(text)) and (label or not text.endswith(":")):
                out.append(Other("fragment", text, unit.text.origin(0)))
                continue
        out.append(unit)
    return out


def _reference_lists(units: list[Unit]) -> list[Unit]:
    """A run of three reference entries or more (a bibliography or a list of the studies reviewed,
    headings between them allowed) is a ``references`` region, with the short pieces of an entry
    a page or a side heading cut off between them; a lone entry-like sentence stays a claim."""
    entries = [
        i for i, u in enumerate(units) if isinstance(u, Paragraph) and not u.markers and is_reference_entry(u.text.text)
    ]
    runs: list[list[int]] = []
    for i in entries:
        between = units[runs[-1][-1] + 1 : i] if runs else []
        if runs and all(not isinstance(u, Paragraph) or _piece(u) for u in between):
            runs[-1].append(i)
        else:
            runs.append([i])
    taken: set[int] = set()
    for run in runs:
        if len(run) >= _REFERENCE_RUN:
            taken.update(j for j in range(run[0], run[-1] + 1) if isinstance(units[j], Paragraph))
    out: list[Unit] = []
    for i, unit in enumerate(units):
        if i in taken and isinstance(unit, Paragraph):
            out.append(Other("references", unit.text.text.strip(), unit.text.origin(0), tuple(unit.markers)))
        else:
            out.append(unit)
    return out


def _piece(unit: Paragraph) -> bool:
    """A few words of an entry cut off from it (``manufacturer Mead Johnson.)``)."""
    return not unit.markers and len(unit.text.text.split()) <= _PIECE_WORDS


_RESUMED_WORDS = 8
_REFERENCE_RUN = 3
_PIECE_WORDS = 12


def _printed_names(units: list[Unit], metadata: Metadata) -> list[Unit]:
    """Before the first paragraph, a heading that is an author's name or the date (a title block set
    in large type, as LaTeX and pandoc print it) is front matter, not a section."""
    names = {name_key(p.name) for p in (*metadata.authors, *metadata.editors)}
    out: list[Unit] = []
    for i, unit in enumerate(units):
        if isinstance(unit, Paragraph):
            return out + _author_lines(units[i:], names)
        if isinstance(unit, Heading):
            text = unit.text.text.strip()
            if name_key(text) in names or parse_date(text) or (_UPDATED.match(text) and parse_date(text[8:])):
                out.append(Other("front_matter", text, unit.text.origin(0)))
                continue
        out.append(unit)
    return out


_UPDATED = re.compile(r"^updated\b", re.IGNORECASE)
_AUTHOR_LINE_WORDS = 14


def _author_lines(units: list[Unit], names: set[str]) -> list[Unit]:
    """A line naming an author of the brief with their role (``Paul K. Kerr, Specialist in
    Nonproliferation``, closing a two-page brief) is front matter wherever it stands, not a claim."""
    if not names:
        return units
    out: list[Unit] = []
    for unit in units:
        if isinstance(unit, Paragraph) and not unit.markers and _is_author_line(unit.text.text, names):
            out.append(Other("front_matter", unit.text.text.strip(), unit.text.origin(0)))
            continue
        out.append(unit)
    return out


def _is_author_line(text: str, names: set[str]) -> bool:
    name, comma, role = text.strip().partition(",")
    return bool(
        comma
        and name_key(name) in names
        and ROLE_WORDS.search(role)
        and len(text.split()) <= _AUTHOR_LINE_WORDS
        and not _SENTENCE_END.search(text.strip())
    )


def parse(doc: Document) -> Brief:
    """Parse a read document into a :class:`Brief` (pure; never raises on odd text)."""
    position = _Position.of(doc.lines)
    if doc.blocks is None:
        printed, body_start = parse_front_matter([line.text for line in doc.lines[:200]])
        reader = read_body(doc.lines[body_start:], doc.format)
        units, drafts = reader.units, reader.notes
    else:
        printed, units, drafts = _units(doc, position)
    merged = from_report_number(merge_metadata(doc.metadata, printed=printed, fallback=doc.fallback))
    units = list(units)
    merged = _signature(units, merged)
    units = _fragments(_reference_lists(_printed_names(units, merged)))
    built = _build(units, position)
    notes = []
    for d in drafts:
        line, _, page = position.line_col(d.origin)
        notes.append(
            Note(
                number=d.number,
                text="\n".join(p for p in d.parts if p),
                line=d.line if d.line is not None else line,
                style=d.style,
                page=page,
                italics=d.italics,
            )
        )
    problems = [*doc.problems, *consistency_problems(built.markers, notes, built.references)]
    return Brief(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        metadata=merged,
        body=built.body,
        sections=tuple(built.sections),
        sentences=tuple(built.sentences),
        markers=tuple(built.markers),
        notes=tuple(notes),
        problems=tuple(problems),
        encoding=doc.encoding,
        regions=tuple(built.regions),
        comments=doc.directives,
    )
