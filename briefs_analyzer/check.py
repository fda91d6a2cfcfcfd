"""``briefs check``: findings for a CI gate, from an analysed brief.

Pure functions: a :class:`Brief` (or a :class:`Failure`) and a :class:`CheckConfig` in,
:class:`Finding` objects out.  Formatting lives in :mod:`briefs_analyzer.formats`.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from briefs_analyzer.config import CheckSettings, RuleSelection, check_settings, validate
from briefs_analyzer.directives import Suppressions, source_comments, suppressions
from briefs_analyzer.model import Brief, Failure, Note, Severity
from briefs_analyzer.rules import (
    MALFORMED_URL,
    NOTE_WITHOUT_LOCATOR,
    RULES,
    UNCITED_FACTUAL_CLAIM,
    UNDATED_SOURCE,
    UNREADABLE,
    Rule,
    matching,
)
from briefs_analyzer.support import uncited_factual
from briefs_analyzer.views import View

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# "https//host", "http:/host", "htps://": a scheme that lost or garbled a character.
_BAD_SCHEME = re.compile(r"\bhttps?(?://|:/(?!/)|:\\)", re.IGNORECASE)
# A URL inside <...> that a space split: "<https://example.org/a- b>".
_SPLIT_IN_BRACKETS = re.compile(r"<((?:https?://|www\.)[^<>\n]*?) +([^<>\n]*)>")


class CheckConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Place:
    """Where a finding stands: 1-based line and column in the file (for a PDF, the line on ``page``;
    for a .docx, the paragraph)."""

    line: int | None
    column: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class Finding:
    """One problem in one file.  ``line``/``column``/``page`` is its first place; ``places`` lists every
    place when the problem has several (a note number that several markers use), else it is empty."""

    path: str
    line: int | None
    column: int | None
    page: int | None
    code: str
    name: str
    severity: Severity
    message: str
    places: tuple[Place, ...] = ()

    @property
    def every_place(self) -> tuple[Place, ...]:
        if self.places:
            return self.places
        return (Place(self.line, self.column, self.page),) if self.line is not None else ()


def _selected(layers: Sequence[RuleSelection]) -> frozenset[str]:
    """The codes the selection layers leave enabled, as ruff resolves select/extend-select/ignore: a layer
    with ``select`` starts afresh, and within a layer a more specific selector wins over a broader one."""
    enabled: set[str] = set(RULES)
    for layer in layers:
        current = set() if layer.select is not None else set(enabled)
        entries = [(s, True) for s in (*(layer.select or ()), *layer.extend_select)]
        entries += [(s, False) for s in layer.ignore]
        entries.sort(key=lambda e: (0 if e[0] == "ALL" else len(e[0]), not e[1]))  # ignore after select
        for selector, on in entries:
            codes = {r.code for r in matching(selector)}
            current = current | codes if on else current - codes
        enabled = current
    return frozenset(enabled)


@dataclass(frozen=True)
class CheckConfig:
    """Which rules run, at which severity, where: resolved from the configuration file and the command line."""

    codes: frozenset[str] = frozenset(RULES)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # by code, only where it differs

    @classmethod
    def resolve(cls, *layers: CheckSettings) -> CheckConfig:
        """The file's settings, then the command line's: later layers win."""
        severity: dict[str, Severity] = {}
        for layer in layers:
            for code, _r in RULES.items():
                best = max(
                    ((s, level) for s, level in layer.severity if s == "ALL" or code.startswith(s)),
                    key=lambda item: 0 if item[0] == "ALL" else len(item[0]),
                    default=None,
                )
                if best is not None:
                    severity[code] = best[1]
        return cls(
            codes=_selected([RuleSelection(select=("ALL",)), *(layer.selection for layer in layers)]),
            per_file_ignores=tuple(item for layer in layers for item in layer.per_file_ignores),
            severity={code: level for code, level in severity.items() if level != RULES[code].severity},
        )

    @classmethod
    def from_table(cls, table: Mapping[str, Any], origin: str = "configuration") -> CheckConfig:
        """From a configuration table (``[tool.briefs]``), validated; raises :class:`ConfigError`."""
        return cls.resolve(check_settings(validate(table, origin)))

    def enabled(self, code: str, path: str) -> bool:
        return code in self.codes_for(path)

    def codes_for(self, path: str) -> frozenset[str]:
        """The codes that run on ``path``: the selection less what ``per-file-ignores`` ignores there."""
        if not self.per_file_ignores:
            return self.codes
        posix, name = Path(path).as_posix(), Path(path).name
        ignored = {
            code
            for glob, selectors in self.per_file_ignores
            if fnmatch.fnmatch(posix, glob) or fnmatch.fnmatch(name, glob)
            for selector in selectors
            for code in self.codes
            if selector == "ALL" or code.startswith(selector)
        }
        return self.codes - ignored

    def severity_of(self, code: str) -> Severity:
        return self.severity.get(code, RULES[code].severity)

    def describe(self) -> str:
        """The rules that run and their severities, one line each (for ``--show-settings``)."""
        lines = ["# resolved: the rules that run"]
        for code, r in RULES.items():
            state = self.severity_of(code) if code in self.codes else "off"
            lines.append(f"# {code} {r.name}: {state}")
        return "\n".join(lines) + "\n"


def _finding(path: str, rule: Rule, message: str, line: int | None, column: int | None, page: int | None) -> Finding:
    return Finding(path, line, column, page, rule.code, rule.name, rule.severity, message)


def _url_problems(note: Note) -> list[str]:
    problems = []
    at = {"number": note.number}
    for m in _BAD_SCHEME.finditer(note.text):
        problems.append(MALFORMED_URL.format("scheme", scheme=m.group(0), **at))
    for m in _SPLIT_IN_BRACKETS.finditer(note.text):
        problems.append(MALFORMED_URL.format("split", before=m.group(1)[-30:], after=m.group(2)[:20], **at))
    for citation in note.citations:
        if not citation.url:
            continue
        parts = urlsplit(citation.url)
        if parts.scheme.lower() not in ("http", "https", "ftp") or "." not in parts.netloc or " " in citation.url:
            problems.append(MALFORMED_URL.format("parse", url=citation.url[:60], **at))
        elif citation.url.endswith("-"):
            problems.append(MALFORMED_URL.format("hyphen", **at))
    return list(dict.fromkeys(problems))


def _citation_findings(brief: Brief) -> list[Finding]:
    found: list[Finding] = []
    for note in brief.notes:
        at = (note.line, 1, note.page)
        for message in _url_problems(note)[:1]:  # one finding per note, the clearest reason first
            found.append(_finding(brief.path, MALFORMED_URL, message, *at))
        for citation in note.citations:
            if citation.kind != "full":
                continue
            if not (citation.url or citation.container or citation.volume or citation.pages):
                found.append(
                    _finding(brief.path, NOTE_WITHOUT_LOCATOR, NOTE_WITHOUT_LOCATOR.format(number=note.number), *at)
                )
            if not citation.date and not citation.accessed:
                found.append(_finding(brief.path, UNDATED_SOURCE, UNDATED_SOURCE.format(number=note.number), *at))
    return found


def _claim_findings(brief: Brief) -> list[Finding]:
    """BA301 on every claim the claim-support stage says needs a source, naming the kind of fact."""
    flagged = uncited_factual(brief)
    by_id = {c.id: c for c in brief.sentences}
    out = []
    for claim_id in sorted(flagged):
        claim = by_id[claim_id]
        snippet = claim.text if len(claim.text) <= 60 else claim.text[:57] + "..."
        message = UNCITED_FACTUAL_CLAIM.format(kind=claim.support_kind or "a specific fact", snippet=snippet)
        out.append(_finding(brief.path, UNCITED_FACTUAL_CLAIM, message, claim.line, None, claim.page))
    return out


# Formats whose files carry ``<!-- briefs: ... -->`` directives in their source text.
MARKED_FORMATS = frozenset({"text", "markdown", "html"})


@dataclass(frozen=True)
class Checked:
    """Every finding the rules make for one brief, before any configuration: what the cache keeps."""

    path: str
    format: str
    findings: tuple[Finding, ...]
    comments: tuple[tuple[str, int], ...] = ()  # the document's own comments (Word), for directives


def brief_findings(brief: Brief) -> Checked:
    found = [
        Finding(brief.path, p.line, p.column, p.page, p.code, p.name, p.severity, p.message)
        for p in brief.problems
        if p.code in RULES
    ]
    found += _citation_findings(brief) + _claim_findings(brief)
    return Checked(brief.path, brief.format, tuple(found), brief.comments)


def _dump_checked(checked: Checked) -> bytes:
    """Compact: each finding as [line, column, page, code, message] (its path is the brief's, its name and
    severity the rule's), so a warm run decodes thousands of findings quickly."""
    return orjson.dumps(
        {
            "path": checked.path,
            "format": checked.format,
            "comments": checked.comments,
            "findings": [(f.line, f.column, f.page, f.code, f.message) for f in checked.findings],
        }
    )


def _load_checked(data: bytes) -> Checked:
    raw = orjson.loads(data)
    path = raw["path"]
    findings = []
    for line, column, page, code, message in raw["findings"]:
        rule = RULES[code]
        findings.append(Finding(path, line, column, page, code, rule.name, rule.severity, message))
    return Checked(path, raw["format"], tuple(findings), tuple((text, line) for text, line in raw["comments"]))


CHECK_VIEW = View("check/2", brief_findings, _dump_checked, _load_checked)


def check_brief(brief: Brief, config: CheckConfig | None = None, *, source_text: str | None = None) -> list[Finding]:
    """Every finding for one brief, filtered and re-graded by ``config``, less what the directives in
    ``source_text`` (the brief's file, for formats in :data:`MARKED_FORMATS`) silence."""
    checked = brief_findings(brief)
    return configure(checked, config, suppressions_of(checked, source_text))


def suppressions_of(checked: Checked, source_text: str | None) -> Suppressions | None:
    """What the brief's directives silence: those in the comments its reader handed over (Word), and,
    for formats in :data:`MARKED_FORMATS`, the HTML comments of its file's text."""
    marked = source_text is not None and checked.format in MARKED_FORMATS
    # A marked format's comments are read from its file's text (with its lines), not twice.
    pairs: list[tuple[str, int]] = [] if marked else list(checked.comments)
    lines = None
    if source_text is not None and marked and "briefs" in source_text:
        pairs += source_comments(source_text)
        lines = source_text.splitlines()
    return suppressions(pairs, lines) if pairs else None


def _place_key(p: Place) -> tuple[int, int, int]:
    return (p.page or 0, p.line or 0, p.column or 0)


def configure(
    checked: Checked, config: CheckConfig | None = None, suppressed: Suppressions | None = None
) -> list[Finding]:
    """The findings ``config`` selects, at the severities it sets, less those the directives silence;
    one finding per problem: an exact repeat is dropped, and a note or marker finding made at several
    places (one note number, several markers) is one finding with every place."""
    config = config or CheckConfig()
    merged: dict[tuple[object, ...], list[Place]] = {}
    first: dict[tuple[object, ...], Finding] = {}
    enabled = {path: config.codes_for(path) for path in {f.path for f in checked.findings}}
    for f in checked.findings:
        if f.code not in enabled[f.path]:
            continue
        places = [p for p in f.every_place if suppressed is None or not suppressed.silences(f.code, p.line)]
        if suppressed is not None and f.line is None and suppressed.silences(f.code, None):
            continue
        if f.line is not None and not places:
            continue
        scope = RULES[f.code].scope
        key: tuple[object, ...] = (f.path, f.code, f.message)
        if scope not in ("note", "marker"):
            key += tuple(places)
        if key not in first:
            first[key] = f
            merged[key] = []
        merged[key].extend(p for p in places if p not in merged[key])
    out = []
    for key, f in first.items():
        every = sorted(merged[key], key=_place_key)
        head = every[0] if every else Place(None)
        out.append(
            Finding(
                f.path,
                head.line,
                head.column,
                head.page,
                f.code,
                f.name,
                config.severity_of(f.code),
                f.message,
                tuple(every) if len(every) > 1 else (),
            )
        )
    return sorted(out, key=lambda f: (f.page or 0, f.line or 0, f.column or 0, f.code, f.message))


def failure_finding(failure: Failure) -> Finding:
    return _finding(failure.path, UNREADABLE, UNREADABLE.format(reason=failure.reason), None, None, None)


def changed_files(ref: str, paths: Sequence[Path]) -> set[Path]:
    """Files changed since git ``ref`` (committed, staged, unstaged or untracked), resolved."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        diff = subprocess.run(
            ["git", "diff", "--name-only", "--diff-filter=ACMR", ref, "--"],
            capture_output=True,
            text=True,
            check=True,
            cwd=top,
        ).stdout.splitlines()
        untracked = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard"], capture_output=True, text=True, check=True, cwd=top
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.strip() if isinstance(exc, subprocess.CalledProcessError) and exc.stderr else str(exc)
        raise CheckConfigError(f"--changed-since {ref}: {detail}") from exc
    return {(Path(top) / name).resolve() for name in (*diff, *untracked)}


def summary(findings: Iterable[Finding], files: int) -> dict[str, int]:
    items = list(findings)
    return {
        "files": files,
        "errors": sum(f.severity == "error" for f in items),
        "warnings": sum(f.severity == "warning" for f in items),
    }
