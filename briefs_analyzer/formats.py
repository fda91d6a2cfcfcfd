"""Output formats of ``briefs check``: text, json, github workflow commands, SARIF 2.1.0, JUnit XML,
GitLab Code Quality.

Each format is a pure function of the findings (and the number of files checked) to a string or
a JSON-ready document.  Every finding carries a fingerprint (:func:`fingerprint`) that does not
depend on its line, so CI services track it across commits while text above it changes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, Literal

from briefs_analyzer._version import __version__
from briefs_analyzer.check import Finding, Place, summary
from briefs_analyzer.rules import RULES

CHECK_SCHEMA_VERSION = 1
FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "briefs/v1"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
LineKind = Literal["file", "page", "paragraph"]
# The lines of a checked file, for --show-source (None when the format has none: PDF, Word).
SourceLines = Callable[[str], Sequence[str] | None]


def line_kind(f: Finding) -> LineKind:
    """What ``line`` counts: lines of the file, lines on the PDF ``page``, paragraphs of a Word document."""
    if f.page is not None or Path(f.path).suffix.lower() == ".pdf":
        return "page"
    if Path(f.path).suffix.lower() == ".docx":
        return "paragraph"
    return "file"


def fingerprint(f: Finding, occurrence: int = 0) -> str:
    """A hash of what the finding is (path, rule, message), not where: stable when lines move.

    ``occurrence`` tells apart findings that say the same thing in one file (two identical sentences).
    """
    path = Path(f.path).as_posix().removeprefix("./")
    key = "\0".join((path, f.code, f.message, str(occurrence)))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in findings:
        key = (f.path, f.code, f.message)
        out.append(fingerprint(f, seen[key]))
        seen[key] += 1
    return out


def _where(f: Finding) -> str:
    line = f.line or 1
    column = f.column or 1
    return f"{f.path}:{line}:{column}:"


def _unit(f: Finding) -> str:
    """Where a finding stands beyond its line: the page of a PDF, the paragraph of a .docx."""
    if f.page is not None:
        return f" (page {f.page})"
    if f.line and line_kind(f) == "paragraph":
        return f" (paragraph {f.line})"
    return ""


def _place_text(f: Finding, p: Place) -> str:
    kind = line_kind(f)
    if kind == "page":
        return f"page {p.page} line {p.line}" if p.page is not None else f"line {p.line}"
    if kind == "paragraph":
        return f"paragraph {p.line}"
    return f"{p.line}:{p.column}" if p.column is not None else f"line {p.line}"


def _also(f: Finding) -> str:
    """The other places of a finding made at several, on its one line."""
    others = f.places[1:]
    if not others:
        return ""
    return f" (also at {', '.join(_place_text(f, p) for p in others)})"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _snippet(line: str, column: int | None, width: int = 100) -> list[str]:
    """The line, cut to ``width`` around ``column``, and a caret under the column."""
    line = line.rstrip("\n")
    col = (column or 1) - 1
    start = 0
    if len(line) > width:
        start = max(0, min(col - width // 3, len(line) - width))
    shown = line[start : start + width]
    lead = "…" if start > 0 else ""
    tail = "…" if start + width < len(line) else ""
    out = [lead + shown + tail]
    if column is not None:
        before = lead + shown[: col - start]
        out.append("".join("\t" if ch == "\t" else " " for ch in before) + "^")
    return out


def _source(f: Finding, lines: Sequence[str] | None) -> list[str]:
    if lines is None:
        return []
    out = []
    for p in f.every_place:
        if p.line is None or not 1 <= p.line <= len(lines):
            continue
        number = str(p.line)
        gutter = " " * len(number)
        shown = _snippet(lines[p.line - 1], p.column)
        out.append(f"    {gutter} |")
        out.append(f"    {number} | {shown[0]}")
        out.extend(f"    {gutter} | {caret}" for caret in shown[1:])
    return out


def text(findings: Sequence[Finding], files: int, *, source: SourceLines | None = None) -> str:
    """``path:line:col: CODE message`` grouped by file (PDFs add the page), then a summary.

    ``source``: the lines of each file, to print the offending line with a caret (``--show-source``).
    """
    out: list[str] = []
    for path, group in groupby(findings, key=lambda f: f.path):
        items = list(group)
        out.append(f"{path}")
        lines = source(path) if source is not None else None
        for f in items:
            out.append(f"  {_where(f)} {f.code} {f.message}{_unit(f)}{_also(f)} [{f.name}, {f.severity}]")
            out.extend(_source(f, lines))
    s = summary(findings, files)
    out.append(
        f"{_count(s['files'], 'file')} checked: {_count(s['errors'], 'error')}, {_count(s['warnings'], 'warning')}"
    )
    return "\n".join(out) + "\n"


def statistics(findings: Sequence[Finding]) -> str:
    """How many findings each rule made, most first (``--statistics``)."""
    counts = Counter(f.code for f in findings)
    width = len(str(max(counts.values(), default=0)))
    return "".join(
        f"{n:>{width}}  {code}  {RULES[code].name}\n" for code, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    )


def _place_json(p: Place) -> dict[str, Any]:
    return {"line": p.line, "column": p.column, "page": p.page}


def finding_json(f: Finding, fp: str | None = None) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "page": f.page,
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "line_kind": line_kind(f),
        "places": [_place_json(p) for p in f.every_place],
        "fingerprint": fp if fp is not None else fingerprint(f),
    }


def json_document(findings: Sequence[Finding], files: int) -> dict[str, Any]:
    return {
        "schema_version": CHECK_SCHEMA_VERSION,
        "findings": [finding_json(f, fp) for f, fp in zip(findings, fingerprints(findings), strict=True)],
        "summary": summary(findings, files),
    }


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = []
    for f in findings:
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f'{f.code} {f.name}')}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(f.message + _unit(f) + _also(f))}")
    return "\n".join(lines) + ("\n" if lines else "")


def _sarif_location(f: Finding, p: Place) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": Path(f.path).as_posix()}}
    if p.line is not None:
        region: dict[str, Any] = {"startLine": p.line}
        if p.column is not None:
            region["startColumn"] = p.column
        location["region"] = region
    return {"physicalLocation": location}


def sarif(findings: Sequence[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run, the rule catalogue and one result per finding.

    Each result has ``partialFingerprints`` (``briefs/v1``, see :func:`fingerprint`); a finding made
    at several places lists the others as ``relatedLocations``.  For a PDF, ``startLine`` is the line
    on the page: ``properties`` says so (``lineKind: "page"``) and gives ``page`` and ``lineOnPage``.
    """
    codes = list(RULES)
    results = []
    for f, fp in zip(findings, fingerprints(findings), strict=True):
        primary = f.every_place[0] if f.every_place else Place(None)
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message + _unit(f)},
            "locations": [_sarif_location(f, primary)],
            "partialFingerprints": {FINGERPRINT_KEY: fp},
        }
        if len(f.every_place) > 1:
            result["relatedLocations"] = [
                {"id": i, **_sarif_location(f, p), "message": {"text": _place_text(f, p)}}
                for i, p in enumerate(f.every_place[1:], start=1)
            ]
        kind = line_kind(f)
        if kind != "file":
            properties: dict[str, Any] = {"lineKind": kind}
            if f.page is not None:
                properties["page"] = f.page
            if kind == "page" and f.line is not None:
                properties["lineOnPage"] = f.line
            result["properties"] = properties
        results.append(result)
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.explanation},
            "help": {"text": f"{r.explanation}\n\nRun `briefs rules {r.code}` for examples."},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        }
        for r in RULES.values()
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "briefs-analyzer",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/briefs-analyzer/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def junit(findings: Sequence[Finding], paths: Sequence[str]) -> str:
    """JUnit XML for CI test reports: a test suite per file checked, a failing test case per finding,
    and one passing test case for a file with none (as ruff writes it)."""
    from xml.etree import ElementTree as ET  # only this format needs it

    by_path: dict[str, list[Finding]] = {p: [] for p in paths}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    root = ET.Element("testsuites", name="briefs check", tests="0", failures=str(len(findings)), errors="0")
    tests = 0
    for path, items in by_path.items():
        suite = ET.SubElement(
            root, "testsuite", name=path, tests=str(max(len(items), 1)), failures=str(len(items)), errors="0"
        )
        if not items:
            ET.SubElement(suite, "testcase", name="no findings", classname=path)
        for f in items:
            case = ET.SubElement(suite, "testcase", name=f"{f.code} {f.name}", classname=path)
            if f.line is not None:
                case.set("line", str(f.line))
            where = f"line {f.line or 1}, column {f.column or 1}{_unit(f)}{_also(f)}"
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            failure.text = f"{where}: {f.code} {f.message}"
        tests += max(len(items), 1)
    root.set("tests", str(tests))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def gitlab(findings: Sequence[Finding], root: Path | None = None) -> list[dict[str, Any]]:
    """GitLab Code Quality: one issue per finding, with paths relative to ``root`` (the project folder)."""
    base = (root or Path.cwd()).resolve()

    def relative(path: str) -> str:
        try:
            return Path(path).resolve().relative_to(base).as_posix()
        except ValueError:
            return Path(path).as_posix()

    out = []
    for f, fp in zip(findings, fingerprints(findings), strict=True):
        out.append(
            {
                "description": f"{f.code} {f.message}{_unit(f)}{_also(f)}",
                "check_name": f.code,
                "fingerprint": fp,
                "severity": _GITLAB_SEVERITY[f.severity],
                "location": {"path": relative(f.path), "lines": {"begin": f.line or 1}},
                "categories": ["Style"] if RULES[f.code].scope == "claim" else ["Bug Risk"],
            }
        )
    return out
