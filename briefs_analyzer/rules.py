"""The rules of ``briefs check``: stable codes, names, default severities, explanations.

Codes never change meaning once published; a retired rule keeps its code unused.
``BA0xx`` are about reading the file, ``BA1xx`` about notes and markers, ``BA2xx`` about
citations, ``BA3xx`` about claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefs_analyzer.model import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            "BA001", "unreadable", "error", "the file could not be read or parsed",
            "The file could not be read as a brief: it is empty, binary, an encrypted or scanned PDF, or "
            "damaged. The reason is given in the message. Such a file is always reported, never silently "
            "skipped, so a broken upload cannot pass a build unnoticed. Fix the file, supply the password with "
            "--password, or run OCR on a scan.",
        ),
        Rule(
            "BA002", "not-utf8", "warning", "the file is not UTF-8",
            "The text was not valid UTF-8 and was decoded as cp1252 (or latin-1). Curly quotes, dashes and "
            "accented names may have been read wrongly. Save the file as UTF-8.",
        ),
        Rule(
            "BA003", "tracked-changes", "warning", "the Word document has unaccepted tracked changes",
            "The .docx still carries tracked insertions or deletions. It was read as if every change had been "
            "accepted (insertions in, deletions out), which may not be what will be published. Accept or reject "
            "the changes in Word before the brief goes out.",
        ),
        Rule(
            "BA101", "marker-without-note", "error", "a marker whose number has no note",
            "A note marker in the text (a superscript number, [^n] or [n]) points to a note number that is "
            "not defined anywhere in the brief. Readers following the marker find nothing. Add the missing "
            "note or correct the marker's number.",
        ),
        Rule(
            "BA102", "note-without-marker", "error", "a note that no marker points to",
            "A note is defined but no marker in the text refers to it, so no claim rests on it. Usually the "
            "marker was lost in editing or conversion. Restore the marker after the claim the note supports, "
            "or remove the note.",
        ),
        Rule(
            "BA103", "duplicate-note", "error", "two notes with one number",
            "Two note definitions carry the same number, so a marker with that number is ambiguous. "
            "Renumber the notes so that each number is defined once.",
        ),
        Rule(
            "BA104", "note-sequence", "error", "a gap or a step backwards in the numbering",
            "Markers and notes are numbered 1, 2, 3 ... in reading order. A number that skips ahead (a gap) "
            "or goes back (a step backwards) usually means a note was added, moved or deleted without "
            "renumbering. A gap already explained by a marker without its note, or a note without its "
            "marker, is reported under BA101 or BA102 instead.",
        ),
        Rule(
            "BA105", "marker-number-mismatch", "warning", "a web page's marker shows another number than its note",
            "In an HTML brief a note reference links to its note, and the number printed on the reference differs "
            "from the number of the note it links to. The link decides which note is meant; the printed number "
            "misleads readers. Renumber the reference or fix its link.",
        ),
        Rule(
            "BA201", "unresolved-ibid", "error", "Ibid. with nothing it can refer to",
            "An Ibid. (or Id.) note refers to the source of the note before it. It cannot be resolved when it "
            "is the first note, or when the note before cites several sources or none (a comment). Replace it "
            "with a full or short citation of the source meant.",
        ),
        Rule(
            "BA202", "unresolved-short-form", "error", "a short form or supra with no earlier full citation",
            "A short citation (author and short title, a title alone, or supra) must match a full citation "
            "in an earlier note. None matches, so the reader cannot tell which work is meant. Give the full "
            "citation at the first mention, or correct the short form so that it matches.",
        ),
        Rule(
            "BA203", "note-without-locator", "warning", "a full citation with no URL or publication details",
            "A full citation names a work but gives neither a URL nor where it was published (a container "
            "such as a journal, newspaper or publisher, a volume or pages). Readers cannot find the source. "
            "Add the URL or the publication details.",
        ),
        Rule(
            "BA204", "malformed-url", "error", "a URL that does not parse or was broken",
            "A URL in a note does not parse as a web address (a missing or misspelt scheme such as "
            "'https//', no host, spaces inside it) or was broken by extraction (split by a space, cut at a "
            "hyphen). Readers following it will fail. Correct the URL.",
        ),
        Rule(
            "BA205", "undated-source", "warning", "a full citation with no date and no year",
            "A full citation gives no date of publication and no year, so readers cannot judge how current "
            "the source is, and citation age cannot be computed. Add the date (or at least the year); for a "
            "web page without one, give the date it was accessed.",
        ),
        Rule(
            "BA301", "uncited-factual-claim", "warning", "a specific checkable fact with no note backing it",
            "A sentence states a specific fact a reader would want to check - a dated event, a figure, a "
            "quotation, an attributed statement (X said, it is believed), an action of a named actor, a legal "
            "fact or a technical fact - and neither carries a note marker nor is backed by a note nearby. The "
            "message names the kind of fact. A note backs a sentence when it closes the sentence's run in the "
            "same paragraph and is about the same thing, or sits on the sentence it carries on (He also "
            "stated ..., These sanctions ...). Not reported: the author's own argument, evaluation, "
            "recommendation, policy option, prediction, transition or summary; the author's own method and "
            "research (we reviewed, officials told us); definitions, pointers and worked examples; general "
            "statements with nothing specific in them; headings, captions and back matter. Add a note, move "
            "the sentence before the note that backs it, or silence the rule for a paragraph with "
            "<!-- briefs: ignore BA301 --> on the line before it if the fact is common knowledge.",
        ),
    )
}  # fmt: skip
