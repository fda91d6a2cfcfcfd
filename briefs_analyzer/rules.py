"""The rules of ``briefs check``: the one place where each rule's facts live.

A :class:`Rule` holds its code, name, default severity, one-line summary, message
template(s) and explanation (what it finds, why it matters, an example that fires, one that
does not, how to fix it).  Every rule is a named constant (``rules.MARKER_WITHOUT_NOTE``)
and sits in :data:`RULES` by code; other modules refer to the object and build problems
with :meth:`Rule.problem`, so no other module spells a code or a name, and a misspelt
constant fails at import.

Codes never change meaning once published; a retired rule keeps its code unused.
``BA0xx`` are about reading the file, ``BA1xx`` about notes and markers, ``BA2xx`` about
citations, ``BA3xx`` about claims.

This module is on the start-up path of ``briefs check``: it imports nothing heavy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from briefs_analyzer.model import Problem, Severity

# How a rule's finding is scoped: ``note`` and ``marker`` findings that several markers of one
# number cause are one finding with every place; ``file`` and ``claim`` findings stand alone.
Scope = Literal["file", "note", "marker", "claim"]
# Whether ``briefs check --fix`` can repair a finding: never, or when the repair is certain.
Fixable = Literal["never", "sometimes"]

_CODE = re.compile(r"BA\d{3}")
_NAME = re.compile(r"[a-z]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    """One rule of ``briefs check``.

    ``message`` is the template of the finding's message (``str.format`` fields);
    ``messages`` holds further templates by name for rules whose message varies.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    message: str
    what: str  # what it finds
    why: str  # why it matters
    fires: str  # an example that fires
    passes: str  # the same example, fixed: it does not fire
    fix: str  # how to fix it
    scope: Scope = "note"
    fixable: Fixable = "never"
    messages: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise ValueError(f"rule code {self.code!r} is not BA followed by three digits")
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"rule name {self.name!r} is not kebab-case")

    @property
    def explanation(self) -> str:
        """What the rule finds, why it matters and how to fix it, as one paragraph."""
        return f"{self.what} {self.why} {self.fix}"

    def format(self, template: str | None = None, /, **fields: object) -> str:
        """The message from ``message`` (or the template named ``template``) and ``fields``."""
        pattern = self.message if template is None else self.messages[template]
        return pattern.format(**fields)

    def problem(
        self,
        *,
        line: int | None = None,
        column: int | None = None,
        page: int | None = None,
        message: str | None = None,
        template: str | None = None,
        **fields: object,
    ) -> Problem:
        """A :class:`~briefs_analyzer.model.Problem` of this rule at this place.

        The message is ``message`` as given, else the template filled with ``fields``.
        """
        text = message if message is not None else self.format(template, **fields)
        return Problem(self.code, self.name, self.severity, text, line, column, page)


UNREADABLE = Rule(
    "BA001",
    "unreadable",
    "error",
    summary="the file could not be read or parsed",
    message="{reason}",
    what="The file could not be read as a brief: it is empty, binary, an encrypted or scanned PDF, or damaged; "
    "the message gives the reason.",
    why="Such a file is always reported, never silently skipped, so a broken upload cannot pass a build unnoticed.",
    fires="(an empty file, or a PDF of scanned pages)\n$ briefs check empty.md\n  empty.md:1:1: BA001 file is empty",
    passes="(the same brief, saved with its text)",
    fix="Fix the file, supply the password with --password, or run OCR on a scan.",
    scope="file",
)
NOT_UTF8 = Rule(
    "BA002",
    "not-utf8",
    "warning",
    summary="the file is not UTF-8",
    message="file is not UTF-8; decoded as {encoding}",
    what="The text was not valid UTF-8 and was decoded as cp1252 (or latin-1).",
    why="Curly quotes, dashes and accented names may have been read wrongly, and other tools will read them "
    "differently again.",
    fires="(a file saved as Windows-1252: “Sanctions” stored as the bytes 93 ... 94)",
    passes="(the same file saved as UTF-8)",
    fix="Save the file as UTF-8.",
    scope="file",
)
TRACKED_CHANGES = Rule(
    "BA003",
    "tracked-changes",
    "warning",
    summary="the Word document has unaccepted tracked changes",
    message="the document has unaccepted tracked changes; read as if accepted",
    what="The .docx still carries tracked insertions or deletions.",
    why="It was read as if every change had been accepted (insertions in, deletions out), which may not be "
    "what will be published.",
    fires="(a .docx sent back by a reviewer with Track Changes on)",
    passes="(the same .docx after Review > Accept All Changes)",
    fix="Accept or reject the changes in Word before the brief goes out.",
    scope="file",
)
BAD_METADATA = Rule(
    "BA004",
    "bad-metadata",
    "warning",
    summary="metadata the file declares cannot be read",
    message="{reason}",
    what="Metadata the file declares for itself cannot be read: front matter (YAML or TOML) that does not "
    "parse, a date that is not a date, JSON-LD that is not JSON.",
    why="The brief's title, authors or date are then taken from elsewhere or missing, and the corpus loses "
    "who wrote what and when.",
    fires="---\ntitle: Sanctions\ndate: next spring\n---",
    passes="---\ntitle: Sanctions\ndate: 2024-03-03\n---",
    fix="Correct the front matter (or the page's metadata) so that it parses and its date is a date.",
    scope="file",
)
MARKER_WITHOUT_NOTE = Rule(
    "BA101",
    "marker-without-note",
    "error",
    summary="a marker whose number has no note",
    message="marker {number} has no note",
    what="A note marker in the text (a superscript number, [^n] or [n]) points to a note number that is not "
    "defined anywhere in the brief. A number used by several markers is one finding, with every place.",
    why="Readers following the marker find nothing, and the claim it sits in rests on nothing.",
    fires="In 1998 sanctions were imposed.[^1] They were lifted in 2001.[^2]\n\n[^1]: Reuters, 12 May 1998.",
    passes="In 1998 sanctions were imposed.[^1] They were lifted in 2001.[^2]\n\n[^1]: Reuters, 12 May 1998.\n"
    "[^2]: Dawn, 23 September 2001.",
    fix="Add the missing note or correct the marker's number.",
    scope="marker",
)
NOTE_WITHOUT_MARKER = Rule(
    "BA102",
    "note-without-marker",
    "error",
    summary="a note that no marker points to",
    message="note {number} is never referenced in the text",
    what="A note is defined but no marker in the text refers to it.",
    why="No claim rests on the note; usually its marker was lost in editing or conversion, so a claim now "
    "looks unsupported.",
    fires="In 1998 sanctions were imposed. They were lifted in 2001.[^2]\n\n[^1]: Reuters, 12 May 1998.\n"
    "[^2]: Dawn, 23 September 2001.",
    passes="In 1998 sanctions were imposed.[^1] They were lifted in 2001.[^2]\n\n[^1]: Reuters, 12 May 1998.\n"
    "[^2]: Dawn, 23 September 2001.",
    fix="Restore the marker after the claim the note supports, or remove the note.",
)
DUPLICATE_NOTE = Rule(
    "BA103",
    "duplicate-note",
    "error",
    summary="two notes with one number",
    message="note {number} is defined more than once",
    what="Two note definitions carry the same number.",
    why="A marker with that number is ambiguous: readers cannot tell which source backs the claim.",
    fires="A claim.[^1]\n\n[^1]: Reuters, 12 May 1998.\n[^1]: Reuters, 12 May 1998.",
    passes="A claim.[^1]\n\n[^1]: Reuters, 12 May 1998.",
    fix="Renumber the notes so that each number is defined once. `briefs check --fix` removes a definition that "
    "repeats another word for word (Markdown and text).",
    fixable="sometimes",
)
NOTE_SEQUENCE = Rule(
    "BA104",
    "note-sequence",
    "error",
    summary="a gap or a step backwards in the numbering",
    message="{what} {number} comes after {what} {previous}",
    messages=MappingProxyType(
        {
            "gap": "{what} {number} follows {what} {previous}: number {missing} is missing",
            "gaps": "{what} {number} follows {what} {previous}: numbers {first}–{last} are missing",
            "backwards": "{what} {number} comes after {what} {previous}",
        }
    ),
    what="Markers and notes are numbered 1, 2, 3 ... in reading order; this finds a number that skips ahead (a "
    "gap) or goes back (a step backwards). A gap already explained by a marker without its note, or a note "
    "without its marker, is reported under BA101 or BA102 instead.",
    why="A gap or a step back usually means a note was added, moved or deleted without renumbering, and readers "
    "look for a note that is not there.",
    fires="A claim.[^1] Another claim.[^3]\n\n[^1]: Reuters, 12 May 1998.\n[^3]: Dawn, 23 September 2001.",
    passes="A claim.[^1] Another claim.[^2]\n\n[^1]: Reuters, 12 May 1998.\n[^2]: Dawn, 23 September 2001.",
    fix="Renumber markers and notes in sequence. `briefs check --fix` does it for Markdown and text when every "
    "marker has its note and the notes keep their order.",
    scope="marker",
    fixable="sometimes",
)
MARKER_NUMBER_MISMATCH = Rule(
    "BA105",
    "marker-number-mismatch",
    "warning",
    summary="a web page's marker shows another number than its note",
    message="marker printed as {printed} links to note {number}",
    what="In an HTML brief a note reference links to its note, and the number printed on the reference differs "
    "from the number of the note it links to.",
    why="The link decides which note is meant; the printed number misleads readers.",
    fires='<p>A claim.<sup><a href="#fn2">1</a></sup></p> ... <li id="fn2">Reuters, 12 May 1998.</li>',
    passes='<p>A claim.<sup><a href="#fn2">2</a></sup></p> ... <li id="fn2">Reuters, 12 May 1998.</li>',
    fix="Renumber the reference or fix its link.",
    scope="marker",
)
UNRESOLVED_IBID = Rule(
    "BA201",
    "unresolved-ibid",
    "error",
    summary="Ibid. with nothing it can refer to",
    message="note {number}: Ibid./Id. cannot be resolved: {why}",
    what="An Ibid. (or Id.) note refers to the source of the note before it; this finds one that cannot be "
    "resolved: it is the first note, or the note before cites several sources or none (a comment).",
    why="Readers cannot tell which work the note means.",
    fires="[^1]: Ibid., 45.",
    passes="[^1]: Stephen P. Cohen, *The Idea of Pakistan* (Brookings, 2004), 45.",
    fix="Replace it with a full or short citation of the source meant.",
)
UNRESOLVED_SHORT_FORM = Rule(
    "BA202",
    "unresolved-short-form",
    "error",
    summary="a short form or supra with no earlier full citation",
    message="note {number}: {what} {text!r} cannot be resolved: {why}",
    what="A short citation (author and short title, a title alone, or supra) must match a full citation in an "
    "earlier note; this finds one that matches none.",
    why="Readers cannot tell which work is meant.",
    fires="[^1]: Cohen, “Idea of Pakistan,” 45.",
    passes="[^1]: Stephen P. Cohen, “The Idea of Pakistan,” *Brookings*, 2004, 12.\n"
    "[^2]: Cohen, “Idea of Pakistan,” 45.",
    fix="Give the full citation at the first mention, or correct the short form so that it matches.",
)
NOTE_WITHOUT_LOCATOR = Rule(
    "BA203",
    "note-without-locator",
    "warning",
    summary="a full citation with no URL or publication details",
    message="note {number}: no URL and no publication details",
    what="A full citation names a work but gives neither a URL nor where it was published (a container such as "
    "a journal, newspaper or publisher, a volume or pages).",
    why="Readers cannot find the source.",
    fires='[^1]: Jane Doe, "Missile Reforms," 2024.',
    passes='[^1]: Jane Doe, "Missile Reforms," *Dawn*, 3 March 2024.',
    fix="Add the URL or the publication details.",
)
MALFORMED_URL = Rule(
    "BA204",
    "malformed-url",
    "error",
    summary="a URL that does not parse or was broken",
    message="note {number}: URL does not parse: {url!r}",
    messages=MappingProxyType(
        {
            "scheme": "note {number}: malformed URL scheme {scheme!r}",
            "split": "note {number}: URL broken by a space: {before!r} {after!r}",
            "parse": "note {number}: URL does not parse: {url!r}",
            "hyphen": "note {number}: URL ends with a hyphen, probably cut at a line break",
        }
    ),
    what="A URL in a note does not parse as a web address (a missing or misspelt scheme such as 'https//', no "
    "host, spaces inside it) or was broken by extraction (split by a space or a line break, cut at a hyphen).",
    why="Readers following it will fail, and the source cannot be identified by its address.",
    fires="[^1]: Reuters, 18 December 2024, <https://www.reuters.com/world/us-imposes- sanctions/>.",
    passes="[^1]: Reuters, 18 December 2024, <https://www.reuters.com/world/us-imposes-sanctions/>.",
    fix="Correct the URL. `briefs check --fix` joins a URL in <...> that a space or a line break split "
    "(Markdown and text).",
    fixable="sometimes",
)
UNDATED_SOURCE = Rule(
    "BA205",
    "undated-source",
    "warning",
    summary="a full citation with no date and no year",
    message="note {number}: the source has no date or year",
    what="A full citation gives no date of publication, no year and no accessed date.",
    why="Readers cannot judge how current the source is, and citation age cannot be computed.",
    fires='[^1]: Jane Doe, "Missile Reforms," *Dawn*.',
    passes='[^1]: Jane Doe, "Missile Reforms," *Dawn*, 3 March 2024.',
    fix="Add the date (or at least the year); for a web page without one, give the date it was accessed.",
)
UNCITED_FACTUAL_CLAIM = Rule(
    "BA301", "uncited-factual-claim", "warning",
    summary="a specific checkable fact with no note backing it",
    message="states {kind} with no note: {snippet!r}",
    what="A sentence states a specific fact a reader would want to check - a dated event, a figure, a "
    "quotation, an attributed statement (X said, it is believed), an action of a named actor, a legal fact "
    "or a technical fact - and neither carries a note marker nor is backed by a note nearby (the note that "
    "closes its run in the same paragraph, about the same thing, or the note of the sentence it carries on). "
    "The message names the kind of fact.",
    why="Nothing shows what the claim rests on, so readers cannot check it. The author's own argument, "
    "evaluation, recommendation, policy option, prediction, transition or summary, the author's own method "
    "(we reviewed, officials told us), definitions, general statements with nothing specific in them, "
    "headings, captions and back matter are not reported.",
    fires="In 1998 the United States imposed sanctions on India.",
    passes="In 1998 the United States imposed sanctions on India.[^1]\n\n[^1]: Reuters, 14 May 1998.",
    fix="Add a note, move the sentence before the note that backs it, or, if the fact is common knowledge, "
    "silence the rule for the paragraph with <!-- briefs: ignore BA301 --> on the line before it, or for a "
    "stretch with <!-- briefs: disable BA301 --> ... <!-- briefs: enable BA301 -->.",
    scope="claim",
)  # fmt: skip


def _registry(*rules: Rule) -> Mapping[str, Rule]:
    by_code: dict[str, Rule] = {}
    names: set[str] = set()
    for rule in rules:
        if rule.code in by_code or rule.name in names:
            raise ValueError(f"rule {rule.code} {rule.name} is registered twice")
        by_code[rule.code] = rule
        names.add(rule.name)
    return MappingProxyType(dict(sorted(by_code.items())))


RULES: Mapping[str, Rule] = _registry(
    UNREADABLE,
    NOT_UTF8,
    TRACKED_CHANGES,
    BAD_METADATA,
    MARKER_WITHOUT_NOTE,
    NOTE_WITHOUT_MARKER,
    DUPLICATE_NOTE,
    NOTE_SEQUENCE,
    MARKER_NUMBER_MISMATCH,
    UNRESOLVED_IBID,
    UNRESOLVED_SHORT_FORM,
    NOTE_WITHOUT_LOCATOR,
    MALFORMED_URL,
    UNDATED_SOURCE,
    UNCITED_FACTUAL_CLAIM,
)
BY_NAME: Mapping[str, Rule] = MappingProxyType({r.name: r for r in RULES.values()})


def rule(code_or_name: str) -> Rule:
    """The rule with this code (any case) or name; ``KeyError`` if there is none."""
    key = code_or_name.strip()
    found = RULES.get(key.upper()) or BY_NAME.get(key.lower())
    if found is None:
        raise KeyError(code_or_name)
    return found


def prefixes() -> frozenset[str]:
    """Every selector that names at least one rule: ``BA``, ``BA1``, ``BA10``, ``BA101``, ... and ``ALL``."""
    out = {"ALL"}
    for code in RULES:
        out.update(code[:n] for n in range(2, len(code) + 1))
    return frozenset(out)


def matching(selector: str) -> Iterator[Rule]:
    """The rules a selector (a code, a code prefix, or ``ALL``) names."""
    key = selector.upper()
    for code, r in RULES.items():
        if key == "ALL" or code.startswith(key):
            yield r
