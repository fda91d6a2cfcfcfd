"""Output formats of ``briefs check``: text, json, github workflow commands, SARIF 2.1.0."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from briefs_analyzer import __version__
from briefs_analyzer.check import Finding, summary
from briefs_analyzer.rules import RULES

CHECK_SCHEMA_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _where(f: Finding) -> str:
    line = f.line or 1
    column = f.column or 1
    return f"{f.path}:{line}:{column}:"


def _unit(f: Finding) -> str:
    """Where a finding stands beyond its line: the page of a PDF, the paragraph of a .docx."""
    if f.page is not None:
        return f" (page {f.page})"
    if f.line and Path(f.path).suffix.lower() == ".docx":
        return f" (paragraph {f.line})"
    return ""


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def text(findings: Sequence[Finding], files: int) -> str:
    """``path:line:col: CODE message`` grouped by file (PDFs add the page), then a summary."""
    out: list[str] = []
    for path, group in groupby(findings, key=lambda f: f.path):
        items = list(group)
        out.append(f"{path}")
        for f in items:
            out.append(f"  {_where(f)} {f.code} {f.message}{_unit(f)} [{f.name}, {f.severity}]")
    s = summary(findings, files)
    out.append(
        f"{_count(s['files'], 'file')} checked: {_count(s['errors'], 'error')}, {_count(s['warnings'], 'warning')}"
    )
    return "\n".join(out) + "\n"


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "page": f.page,
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
    }


def json_document(findings: Sequence[Finding], files: int) -> dict[str, Any]:
    return {
        "schema_version": CHECK_SCHEMA_VERSION,
        "findings": [finding_json(f) for f in findings],
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
        lines.append(f"::{level} {','.join(props)}::{_escape_data(f.message + _unit(f))}")
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(findings: Sequence[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run, the rule catalogue and one result per finding."""
    codes = list(RULES)
    results = []
    for f in findings:
        region: dict[str, Any] = {}
        if f.line is not None:
            region["startLine"] = f.line
            if f.column is not None:
                region["startColumn"] = f.column
        location: dict[str, Any] = {"artifactLocation": {"uri": Path(f.path).as_posix()}}
        if region:
            location["region"] = region
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
        }
        if f.page is not None:
            result["properties"] = {"page": f.page}
        results.append(result)
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.explanation},
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
