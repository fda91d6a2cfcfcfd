"""Inline control of ``briefs check``, as markdownlint has it: directives in comments.

A directive is a comment whose text starts with ``briefs:``::

    <!-- briefs: disable BA301 -->          the rules named, from here on (no codes: every rule)
    <!-- briefs: enable BA301 -->           ... until here
    <!-- briefs: disable-file BA205 -->     the whole file, wherever the comment stands
    <!-- briefs: disable-next-line BA101 --> the next line only
    <!-- briefs: disable-line BA101 -->     its own line (a comment at the end of a line)
    <!-- briefs: ignore BA301 -->           the next paragraph (the older form, still read)

Rules are named by code, code prefix (``BA3``) or name (``uncited-factual-claim``),
separated by spaces or commas.  The parser takes (comment text, line) pairs, so the same
directives come from the HTML comments of a text, Markdown or HTML file
(:func:`source_comments`) and from the comments of a Word document, handed over by its
reader with the paragraph number as the line.  Pure functions; nothing heavy imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from briefs_analyzer.rules import RULES, rule

Kind = Literal["disable", "enable", "disable-file", "disable-next-line", "disable-line", "ignore"]

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE = re.compile(
    r"^\s*briefs\s*:\s*(?P<kind>disable-file|disable-next-line|disable-line|disable|enable|ignore)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SELECTOR = re.compile(r"(?i)^(?:ALL|BA\d{0,3})$")


@dataclass(frozen=True)
class Directive:
    """One directive: what it does, the rule codes or prefixes it names (none: every rule), its line.

    ``unknown`` keeps the words that name no rule, so a caller can warn about them.
    """

    kind: Kind
    selectors: tuple[str, ...]
    line: int
    unknown: tuple[str, ...] = ()

    def names(self, code: str) -> bool:
        return not self.selectors or any(code.startswith(s) or s == "ALL" for s in self.selectors)


def source_comments(text: str) -> list[tuple[str, int]]:
    """Every ``<!-- ... -->`` comment in a file's text, with the 1-based line it starts on."""
    out = []
    line, at = 1, 0
    for m in _COMMENT.finditer(text):
        line += text.count("\n", at, m.start())
        at = m.start()
        out.append((m.group(1), line))
    return out


def _selector(word: str) -> str | None:
    if _SELECTOR.match(word):
        key = word.upper()
        return key if key == "ALL" or any(code.startswith(key) for code in RULES) else None
    try:
        return rule(word).code
    except KeyError:
        return None


def parse_directives(comments: Iterable[tuple[str, int]]) -> tuple[Directive, ...]:
    """The directives among (comment text, line) pairs; other comments are left alone."""
    out = []
    for text, line in comments:
        m = _DIRECTIVE.match(text)
        if not m:
            continue
        words = [w for w in re.split(r"[\s,]+", m.group("rest")) if w]
        selectors = [s for s in (_selector(w) for w in words) if s is not None]
        unknown = tuple(w for w in words if _selector(w) is None)
        if unknown and not selectors:
            selectors = ["-"]  # names only unknown rules: silences nothing rather than everything
        kind: Kind = m.group("kind").lower()  # type: ignore[assignment]
        out.append(Directive(kind, tuple(selectors), line, unknown))
    return tuple(out)


def _next_paragraph(lines: Sequence[str], line: int) -> range:
    """The 1-based lines of the paragraph after ``line``: blank lines skipped, up to the next blank line."""
    start = line  # 0-based index of the line after the comment
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return range(start + 1, end + 1)


@dataclass(frozen=True)
class Suppressions:
    """What the directives of one file silence."""

    directives: tuple[Directive, ...] = ()
    paragraphs: tuple[tuple[range, Directive], ...] = ()  # the ranges ``ignore`` covers

    def silences(self, code: str, line: int | None) -> bool:
        """Whether a finding of rule ``code`` at ``line`` (``None``: the whole file) is silenced."""
        disabled = False
        for d in self.directives:
            if not d.names(code):
                continue
            if d.kind == "disable-file":
                return True
            if line is None:
                continue
            if (d.kind == "disable-line" and line == d.line) or (d.kind == "disable-next-line" and line == d.line + 1):
                return True
            if d.kind in ("disable", "enable") and d.line <= line:
                disabled = d.kind == "disable"
        if disabled:
            return True
        return line is not None and any(line in lines and d.names(code) for lines, d in self.paragraphs)

    @property
    def unknown(self) -> list[tuple[int, str]]:
        """(line, word) for each word of a directive that names no rule."""
        return [(d.line, word) for d in self.directives for word in d.unknown]


def suppressions(comments: Iterable[tuple[str, int]], lines: Sequence[str] | None = None) -> Suppressions:
    """The suppressions of the directives among ``comments``.

    ``lines``: the file's lines, to find the paragraph after an ``ignore`` directive; without
    them (a Word comment, anchored to its paragraph) ``ignore`` covers the directive's own line.
    """
    directives = tuple(sorted(parse_directives(comments), key=lambda d: d.line))
    paragraphs = tuple(
        (_next_paragraph(lines, d.line) if lines is not None else range(d.line, d.line + 1), d)
        for d in directives
        if d.kind == "ignore"
    )
    return Suppressions(directives, paragraphs)


def source_suppressions(text: str) -> Suppressions:
    """The suppressions written as HTML comments in a text, Markdown or HTML file."""
    if "briefs" not in text:
        return Suppressions()
    return suppressions(source_comments(text), text.splitlines())
