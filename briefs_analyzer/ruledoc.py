"""A rule's documentation, as ``briefs rules CODE`` prints it (the way ``ruff rule`` does)."""

from __future__ import annotations

from typing import Any

from briefs_analyzer.rules import Rule

_FIX = {
    "never": "No automatic fix.",
    "sometimes": "Fix is sometimes available: `briefs check --fix` (Markdown and text briefs).",
}


def _block(text: str) -> str:
    return "```\n" + text.rstrip("\n") + "\n```"


def explain(rule: Rule) -> str:
    """The rule's page: what it finds, why it matters, an example that fires and one that does not, the fix."""
    return (
        f"# {rule.name} ({rule.code})\n\n"
        f"{rule.summary[0].upper()}{rule.summary[1:]}. Default severity: {rule.severity}. {_FIX[rule.fixable]}\n\n"
        f"## What it finds\n\n{rule.what}\n\n"
        f"## Why it matters\n\n{rule.why}\n\n"
        f"## Example\n\nThis fires:\n\n{_block(rule.fires)}\n\nThis does not:\n\n{_block(rule.passes)}\n\n"
        f"## How to fix it\n\n{rule.fix}\n\n"
        f"## Silence it\n\n"
        f'`ignore = ["{rule.code}"]` in the configuration, `--ignore {rule.code}` on the command line, or '
        f"`<!-- briefs: disable {rule.code} -->` ... `<!-- briefs: enable {rule.code} -->` in the brief.\n"
    )


def as_json(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "summary": rule.summary,
        "fixable": rule.fixable,
        "what": rule.what,
        "why": rule.why,
        "example_fires": rule.fires,
        "example_passes": rule.passes,
        "fix": rule.fix,
        "explanation": rule.explanation,
    }
