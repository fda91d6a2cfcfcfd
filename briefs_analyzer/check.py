"""``briefs check``: findings for a CI gate, from an analysed brief.

Pure functions: a :class:`Brief` (or a :class:`Failure`) and a :class:`CheckConfig` in,
:class:`Finding` objects out.  Formatting lives in :mod:`briefs_analyzer.formats`.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefs_analyzer.model import Brief, Failure, Note, Severity
from briefs_analyzer.rules import RULES
from briefs_analyzer.support import uncited_factual
from briefs_analyzer.views import View

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# "https//host", "http:/host", "htps://": a scheme that lost or garbled a character.
_BAD_SCHEME = re.compile(r"\bhttps?(?://|:/(?!/)|:\\)", re.IGNORECASE)
# A URL inside <...> that a space split: "<https://example.org/a- b>".
_SPLIT_IN_BRACKETS = re.compile(r"<((?:https?://|www\.)[^<>\n]*?) +([^<>\n]*)>")
_IGNORE_COMMENT = re.compile(r"<!--\s*briefs:\s*ignore\s+((?:BA\d{3}[\s,]*)+)-->", re.IGNORECASE)


class CheckConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    page: int | None
    code: str
    name: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class CheckConfig:
    """Which rules run, at which severity; from ``[tool.briefs]`` or ``.briefs.toml``."""

    select: tuple[str, ...] = ("BA",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> CheckConfig:
        def codes(value: object, key: str) -> tuple[str, ...]:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CheckConfigError(f"{key} must be a list of rule codes")
            return tuple(v.upper() for v in value)

        per_file = table.get("per-file-ignores", table.get("per_file_ignores", {}))
        if not isinstance(per_file, dict):
            raise CheckConfigError("per-file-ignores must be a table of glob = [codes]")
        severity = table.get("severity", {})
        if not isinstance(severity, dict) or not all(v in SEVERITY_RANK for v in severity.values()):
            raise CheckConfigError('severity must map rule codes to "error", "warning" or "info"')
        unknown = [c for c in severity if c.upper() not in RULES]
        if unknown:
            raise CheckConfigError(f"severity names unknown rules: {', '.join(unknown)}")
        return cls(
            select=codes(table.get("select", ["BA"]), "select"),
            ignore=codes(table.get("ignore", []), "ignore"),
            per_file_ignores=tuple((glob, codes(v, f"per-file-ignores.{glob}")) for glob, v in per_file.items()),
            severity={k.upper(): v for k, v in severity.items()},
        )

    def enabled(self, code: str, path: str) -> bool:
        if not any(code.startswith(p) for p in self.select) or any(code.startswith(p) for p in self.ignore):
            return False
        posix = Path(path).as_posix()
        for glob, codes in self.per_file_ignores:
            if (fnmatch.fnmatch(posix, glob) or fnmatch.fnmatch(Path(path).name, glob)) and any(
                code.startswith(c) for c in codes
            ):
                return False
        return True

    def severity_of(self, code: str) -> Severity:
        return self.severity.get(code, RULES[code].severity)


def _finding(path: str, code: str, message: str, line: int | None, column: int | None, page: int | None) -> Finding:
    rule = RULES[code]
    return Finding(path, line, column, page, code, rule.name, rule.severity, message)


def _url_problems(note: Note) -> list[str]:
    problems = []
    for m in _BAD_SCHEME.finditer(note.text):
        problems.append(f"note {note.number}: malformed URL scheme {m.group(0)!r}")
    for m in _SPLIT_IN_BRACKETS.finditer(note.text):
        problems.append(f"note {note.number}: URL broken by a space: {m.group(1)[-30:]!r} {m.group(2)[:20]!r}")
    for citation in note.citations:
        if not citation.url:
            continue
        parts = urlsplit(citation.url)
        if parts.scheme.lower() not in ("http", "https", "ftp") or "." not in parts.netloc or " " in citation.url:
            problems.append(f"note {note.number}: URL does not parse: {citation.url[:60]!r}")
        elif citation.url.endswith("-"):
            problems.append(f"note {note.number}: URL ends with a hyphen, probably cut at a line break")
    return list(dict.fromkeys(problems))


def _citation_findings(brief: Brief) -> list[Finding]:
    found: list[Finding] = []
    for note in brief.notes:
        at = (brief.path, note.line, 1, note.page)
        for message in _url_problems(note)[:1]:  # one finding per note, the clearest reason first
            found.append(_finding(at[0], "BA204", message, *at[1:]))
        for citation in note.citations:
            if citation.kind != "full":
                continue
            if not (citation.url or citation.container or citation.volume or citation.pages):
                found.append(
                    _finding(at[0], "BA203", f"note {note.number}: no URL and no publication details", *at[1:])
                )
            if not citation.date and not citation.accessed:
                found.append(_finding(at[0], "BA205", f"note {note.number}: the source has no date or year", *at[1:]))
    return found


def _claim_findings(brief: Brief) -> list[Finding]:
    """BA301 on every claim the claim-support stage says needs a source, naming the kind of fact."""
    flagged = uncited_factual(brief)
    by_id = {c.id: c for c in brief.sentences}
    out = []
    for claim_id in sorted(flagged):
        claim = by_id[claim_id]
        snippet = claim.text if len(claim.text) <= 60 else claim.text[:57] + "..."
        kind = claim.support_kind or "a specific fact"
        message = f"states {kind} with no note: {snippet!r}"
        out.append(_finding(brief.path, "BA301", message, claim.line, None, claim.page))
    return out


def ignored_lines(text: str) -> list[tuple[range, frozenset[str]]]:
    """Line ranges silenced by ``<!-- briefs: ignore CODE... -->``: the paragraph after it."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _IGNORE_COMMENT.search(line)
        if not m:
            continue
        codes = frozenset(re.findall(r"BA\d{3}", m.group(1).upper()))
        start = i + 1
        while start < len(lines) and not lines[start].strip():
            start += 1
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        out.append((range(start + 1, end + 1), codes))  # 1-based line numbers
    return out


# Formats whose source lines the ``<!-- briefs: ignore ... -->`` comments mark.
MARKED_FORMATS = frozenset({"text", "markdown", "html"})


@dataclass(frozen=True)
class Checked:
    """Every finding the rules make for one brief, before any configuration: what the cache keeps."""

    path: str
    format: str
    findings: tuple[Finding, ...]


def brief_findings(brief: Brief) -> Checked:
    found = [
        Finding(brief.path, p.line, p.column, p.page, p.code, p.name, p.severity, p.message)
        for p in brief.problems
        if p.code in RULES
    ]
    found += _citation_findings(brief) + _claim_findings(brief)
    return Checked(brief.path, brief.format, tuple(found))


def _dump_checked(checked: Checked) -> bytes:
    return json.dumps(dataclasses.asdict(checked), ensure_ascii=False).encode()


def _load_checked(data: bytes) -> Checked:
    raw = json.loads(data)
    return Checked(raw["path"], raw["format"], tuple(Finding(**f) for f in raw["findings"]))


CHECK_VIEW = View("check/1", brief_findings, _dump_checked, _load_checked)


def check_brief(brief: Brief, config: CheckConfig | None = None, *, source_text: str | None = None) -> list[Finding]:
    """Every finding for one brief, filtered and re-graded by ``config``."""
    return configure(brief_findings(brief), config, source_text=source_text)


def configure(checked: Checked, config: CheckConfig | None = None, *, source_text: str | None = None) -> list[Finding]:
    """The findings ``config`` selects, at the severities it sets, less those an ignore comment
    in ``source_text`` (the brief's file, for formats in :data:`MARKED_FORMATS`) silences."""
    config = config or CheckConfig()
    found = checked.findings
    silenced = ignored_lines(source_text) if source_text and checked.format in MARKED_FORMATS else []
    out = []
    for f in found:
        if not config.enabled(f.code, f.path):
            continue
        if f.line is not None and any(f.line in lines and f.code in codes for lines, codes in silenced):
            continue
        out.append(Finding(f.path, f.line, f.column, f.page, f.code, f.name, config.severity_of(f.code), f.message))
    return sorted(out, key=lambda f: (f.page or 0, f.line or 0, f.column or 0, f.code))


def failure_finding(failure: Failure) -> Finding:
    return _finding(failure.path, "BA001", failure.reason, None, None, None)


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
