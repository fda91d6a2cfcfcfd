"""``briefs check --fix``: repairs that are certain, for Markdown and text briefs.

- **Renumber** (BA104): markers and notes renumbered 1, 2, 3 ... in the order the markers first
  appear, when every marker has its note and every note a marker (no BA101, BA102, BA103), the
  notes stay in file order after renumbering, and no note refers to another by number (``see
  note 12``, ``supra note 3``), which renumbering would leave pointing at the wrong note.
- **Duplicate definition** (BA103): a note definition that repeats an earlier one with the same
  number word for word is removed.
- **Broken URL** (BA204): a URL inside ``<...>`` split by a space or a line break is joined, when
  every piece between the brackets is made of URL characters.

Each fix checks the file's own text before it edits it: a marker or a note label that is not
where the parser put it, or not written as expected, means the fix is not certain and is not
made.  Pure functions over text; PDF and Word files are never touched.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefs_analyzer.ingest.document import Document
from briefs_analyzer.ingest.text import split_lines
from briefs_analyzer.model import Brief, Marker, Note
from briefs_analyzer.parse import parse
from briefs_analyzer.rules import DUPLICATE_NOTE, MALFORMED_URL, MARKER_WITHOUT_NOTE, NOTE_SEQUENCE, NOTE_WITHOUT_MARKER

FIXABLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
_MAX_ROUNDS = 5

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPT)
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT, "0123456789")
_MARKER_TOKEN = {
    "markdown": re.compile(r"\[\^(\d+)\]"),
    "bracket": re.compile(r"\[(\d+)\]"),
    "superscript": re.compile(f"([{_SUPERSCRIPT}]+)"),
}
# The label that opens a note definition, by the note's style; group 1 is the number.
_NOTE_LABEL = {
    "markdown": re.compile(r"\s*\[\^(\d+)\]:"),
    "bracket": re.compile(r"\s*\[(\d+)\]"),
    "superscript": re.compile(f"\\s*([{_SUPERSCRIPT}]+)"),
    "plain": re.compile(r"\s*(\d+)(?=[.)\s])"),
    "table": re.compile(r"\s*\|\s*(\d+)(?=\.?\s*\|)"),
}
_ANY_LABEL = re.compile(
    f"^\\s*(?:\\[\\^\\d+\\]:|\\[\\d+\\]\\s|[{_SUPERSCRIPT}]+\\s|\\|\\s*\\d+\\.?\\s*\\||\\d+[.)]?\\s)"
)
# A note that names another note by number: renumbering would leave it pointing at the wrong one.
_NOTE_REFERENCE = re.compile(r"(?i)\b(?:supra|infra|notes?|nn?\.)\s*\d")
# <URL with a space or a line break inside>: the pieces between the brackets.
_BRACKETED = re.compile(r"<((?:https?://|www\.)[^<>]*?)>", re.IGNORECASE)
_URL_PIECE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# Where a URL was cut: the piece before ends with a separator, or the piece after looks like a path.
_CUT_BEFORE = re.compile(r"[-/_.=?&#%~+]$")
_PATH_LIKE = re.compile(r"[-/_.=?&#%~+\d]")


@dataclass(frozen=True)
class Applied:
    """One repair: the rule it answers and what it did."""

    code: str
    description: str


@dataclass(frozen=True)
class Fixed:
    """The text after every certain repair, and the repairs made (empty: nothing to fix)."""

    text: str
    applied: tuple[Applied, ...]

    @property
    def changed(self) -> bool:
        return bool(self.applied)


@dataclass(frozen=True)
class _Edit:
    line: int  # 0-based
    start: int  # columns, 0-based, in the line's text
    end: int
    replacement: str


def parse_text(text: str, *, markdown: bool) -> Brief:
    """The brief in ``text``, parsed as a .md (or .txt) file: markers, notes and their problems."""
    doc = Document(
        path="fix.md" if markdown else "fix.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="markdown" if markdown else "text",
        lines=split_lines(text),
        encoding="utf-8",
    )
    return parse(doc)


def _split(text: str) -> tuple[list[str], list[str]]:
    """Lines without their endings, and the endings (kept, so a file's newline convention survives)."""
    bodies, ends = [], []
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        bodies.append(body)
        ends.append(raw[len(body) :])
    return bodies, ends


def _apply(lines: list[str], edits: Sequence[_Edit]) -> list[str]:
    out = list(lines)
    for e in sorted(edits, key=lambda e: (e.line, e.start), reverse=True):
        out[e.line] = out[e.line][: e.start] + e.replacement + out[e.line][e.end :]
    return out


def _number_text(style: str, number: int) -> str:
    return str(number).translate(_TO_SUPERSCRIPT) if style == "superscript" else str(number)


def _marker_edit(lines: Sequence[str], marker: Marker, new: int) -> _Edit | None:
    pattern = _MARKER_TOKEN.get(marker.style)
    if pattern is None or not 1 <= marker.line <= len(lines):
        return None
    text = lines[marker.line - 1]
    m = pattern.match(text, marker.column - 1)
    if not m or int(m.group(1).translate(_FROM_SUPERSCRIPT)) != marker.number:
        return None
    return _Edit(marker.line - 1, m.start(1), m.end(1), _number_text(marker.style, new))


def _note_edit(lines: Sequence[str], note: Note, new: int) -> _Edit | None:
    pattern = _NOTE_LABEL.get(note.style)
    if pattern is None or not 1 <= note.line <= len(lines):
        return None
    m = pattern.match(lines[note.line - 1])
    if not m or int(m.group(1).translate(_FROM_SUPERSCRIPT)) != note.number:
        return None
    return _Edit(note.line - 1, m.start(1), m.end(1), _number_text(note.style, new))


def _renumber(brief: Brief, lines: list[str]) -> tuple[list[str], list[Applied]]:
    codes = {p.code for p in brief.problems}
    blocking = {MARKER_WITHOUT_NOTE.code, NOTE_WITHOUT_MARKER.code, DUPLICATE_NOTE.code}
    if NOTE_SEQUENCE.code not in codes or codes & blocking or not brief.markers:
        return lines, []
    if any(_NOTE_REFERENCE.search(n.text) for n in brief.notes):
        return lines, []
    order = list(dict.fromkeys(m.number for m in sorted(brief.markers, key=lambda m: (m.line, m.column))))
    new = {old: i for i, old in enumerate(order, start=1)}
    if set(new) != {n.number for n in brief.notes} or all(k == v for k, v in new.items()):
        return lines, []
    if [new[n.number] for n in brief.notes] != list(range(1, len(brief.notes) + 1)):
        return lines, []  # the notes would be out of order: which of them moved is not certain
    edits = [_marker_edit(lines, m, new[m.number]) for m in brief.markers if new[m.number] != m.number]
    edits += [_note_edit(lines, n, new[n.number]) for n in brief.notes if new[n.number] != n.number]
    if any(e is None for e in edits):
        return lines, []
    changed = sorted(f"{old}→{n}" for old, n in new.items() if old != n)
    description = f"renumbered notes and markers in sequence ({', '.join(changed)})"
    return _apply(lines, [e for e in edits if e is not None]), [Applied(NOTE_SEQUENCE.code, description)]


def _extent(lines: Sequence[str], note: Note) -> range:
    """The 0-based lines of a note's definition: its label's line and the lines that continue it."""
    start = note.line - 1
    end = start + 1
    while end < len(lines) and lines[end].strip() and not _ANY_LABEL.match(lines[end]):
        end += 1
    return range(start, end)


def _words(lines: Sequence[str], extent: range) -> str:
    return " ".join(" ".join(lines[i] for i in extent).split())


def _duplicates(brief: Brief, lines: Sequence[str]) -> tuple[set[int], list[Applied]]:
    """The 0-based lines of definitions that repeat an earlier one of the same number word for word."""
    first: dict[int, Note] = {}
    drop: list[range] = []
    applied = []
    for note in brief.notes:
        if not 1 <= note.line <= len(lines):
            continue
        earlier = first.setdefault(note.number, note)
        if earlier is note:
            continue
        pattern = _NOTE_LABEL.get(note.style)
        if pattern is None or not pattern.match(lines[note.line - 1]):
            continue
        here, there = _extent(lines, note), _extent(lines, earlier)
        if set(here) & set(there) or _words(lines, here) != _words(lines, there):
            continue
        drop.append(here)
        applied.append(Applied(DUPLICATE_NOTE.code, f"removed the repeated definition of note {note.number}"))
    gone = {i for extent in drop for i in extent}
    for extent in drop:  # a blank line left between two blank lines goes too
        before, after = extent.start - 1, extent.stop
        if before >= 0 and after < len(lines) and not lines[before].strip() and not lines[after].strip():
            gone.add(after)
    return gone, applied


def _join_urls(text: str) -> tuple[str, list[Applied]]:
    applied = []

    def join(m: re.Match[str]) -> str:
        inside = m.group(1)
        pieces = inside.split()
        if len(pieces) < 2 or not all(_URL_PIECE.fullmatch(p) for p in pieces) or inside.count("\n") > 2:
            return m.group(0)
        if not all(_CUT_BEFORE.search(a) or _PATH_LIKE.search(b) for a, b in itertools.pairwise(pieces)):
            return m.group(0)  # words after a URL, not a URL cut in two
        joined = "".join(pieces)
        applied.append(Applied(MALFORMED_URL.code, f"joined a broken URL: {joined[:60]}"))
        return f"<{joined}>"

    return _BRACKETED.sub(join, text), applied


def _round(text: str, *, markdown: bool) -> tuple[str, list[Applied]]:
    text, applied = _join_urls(text)
    bodies, ends = _split(text)
    brief = parse_text(text, markdown=markdown)
    gone, dup = _duplicates(brief, bodies)
    if dup:  # the numbering is looked at again once the lines are gone
        return "".join(b + e for i, (b, e) in enumerate(zip(bodies, ends, strict=True)) if i not in gone), applied + dup
    renumbered_lines, renumbered = _renumber(brief, bodies)
    return "".join(b + e for b, e in zip(renumbered_lines, ends, strict=True)), applied + renumbered


def fix_text(text: str, *, markdown: bool) -> Fixed:
    """Every certain repair of a Markdown (or text) brief, repeated until nothing changes."""
    applied: list[Applied] = []
    for _ in range(_MAX_ROUNDS):
        new, done = _round(text, markdown=markdown)
        if new == text:
            break
        text = new
        applied += done
    return Fixed(text, tuple(applied))
