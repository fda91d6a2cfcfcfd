"""The rule registry: one home for each rule's facts; `briefs rules CODE` for every rule; examples that fire."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefs_analyzer import rules
from briefs_analyzer.cli import main
from briefs_analyzer.model import Problem
from briefs_analyzer.rules import RULES, Rule
from tests.factories import brief_from


def test_every_rule_is_a_named_constant_in_the_registry() -> None:
    constants = {name: value for name, value in vars(rules).items() if isinstance(value, Rule)}
    assert sorted(r.code for r in constants.values()) == list(RULES)
    for name, rule in constants.items():
        assert name == rule.name.upper().replace("-", "_")
        assert RULES[rule.code] is rule
        assert rules.rule(rule.code.lower()) is rule and rules.rule(rule.name) is rule


def test_a_malformed_or_repeated_rule_fails_when_it_is_made() -> None:
    def make(code: str, name: str) -> Rule:
        return Rule(code, name, "error", summary="s", message="m", what="w", why="y", fires="f", passes="p", fix="x")

    with pytest.raises(ValueError, match="'BA1' is not BA followed by three digits"):
        make("BA1", "a-rule")
    with pytest.raises(ValueError, match="'A Rule' is not kebab-case"):
        make("BA901", "A Rule")
    with pytest.raises(ValueError, match="registered twice"):
        rules._registry(rules.UNREADABLE, make("BA001", "another"))
    with pytest.raises(KeyError):
        rules.rule("BA999")


def test_a_rule_builds_its_problem() -> None:
    assert rules.MARKER_WITHOUT_NOTE.problem(line=5, column=54, number=3) == Problem(
        "BA101", "marker-without-note", "error", "marker 3 has no note", 5, 54, None
    )
    assert rules.NOTE_SEQUENCE.problem(line=8, template="gap", what="note", number=3, previous=1, missing=2) == Problem(
        "BA104", "note-sequence", "error", "note 3 follows note 1: number 2 is missing", 8, None, None
    )
    assert rules.UNREADABLE.problem(message="file is empty").message == "file is empty"


def test_templates_say_what_the_readers_say() -> None:
    """The messages parse.py and resolve.py still write by hand are the registry's templates, so
    converting those modules to ``rule.problem`` changes no output."""
    brief = brief_from(
        "# T\n\nOne.[^1] Two.[^3] Three.[^3] Four.[^5]\n\n[^1]: Ibid.\n[^3]: Smith, *Short*.\n[^2]: A.\n[^2]: A.\n",
        markdown=True,
    )
    made = {(p.code, p.message) for p in brief.problems}
    expected = {
        rules.MARKER_WITHOUT_NOTE.format(number=5),
        rules.NOTE_WITHOUT_MARKER.format(number=2),
        rules.DUPLICATE_NOTE.format(number=2),
        rules.NOTE_SEQUENCE.format("backwards", what="note", number=2, previous=3),
    }
    assert expected <= {message for _, message in made}, made
    gap = brief_from("# T\n\nOne.[^1] Two.[^4]\n\n[^1]: A.\n[^4]: B.\n", markdown=True)
    assert rules.NOTE_SEQUENCE.format("gaps", what="marker", number=4, previous=1, first=2, last=3) in {
        p.message for p in gap.problems
    }


def test_prefixes_and_matching() -> None:
    assert {"ALL", "BA", "BA1", "BA10", "BA101", "BA3", "BA30", "BA301"} <= rules.prefixes()
    assert "BA4" not in rules.prefixes()
    assert [r.code for r in rules.matching("BA20")] == ["BA201", "BA202", "BA203", "BA204", "BA205"]
    assert len(list(rules.matching("all"))) == len(RULES)


@pytest.mark.parametrize("code", list(RULES))
def test_briefs_rules_explains_every_rule(code: str) -> None:
    rule = RULES[code]
    result = CliRunner().invoke(main, ["rules", code])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"# {rule.name} ({rule.code})\n\n")
    sections = ["## What it finds", "## Why it matters", "## Example", "## How to fix it", "## Silence it"]
    assert [out.index(s) for s in sections] == sorted(out.index(s) for s in sections)
    for text in (rule.what, rule.why, rule.fires, rule.passes, rule.fix):
        assert text in out
    assert f"This fires:\n\n```\n{rule.fires}\n```\n\nThis does not:\n\n```\n{rule.passes}\n```" in out
    by_name = CliRunner().invoke(main, ["rules", rule.name])
    assert by_name.stdout == out
    as_json = json.loads(CliRunner().invoke(main, ["rules", code, "--format", "json"]).stdout)
    assert (as_json["code"], as_json["example_fires"], as_json["fix"]) == (code, rule.fires, rule.fix)


def test_rules_lists_as_json() -> None:
    listed = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).stdout)
    assert [r["code"] for r in listed] == list(RULES)


# Rules whose examples are briefs: the one that fires must fire, the other must not.
RUNNABLE = ["BA101", "BA102", "BA103", "BA104", "BA201", "BA202", "BA203", "BA204", "BA205", "BA301"]


@pytest.mark.parametrize("code", RUNNABLE)
def test_the_examples_do_what_they_say(tmp_path: Path, code: str) -> None:
    rule = RULES[code]

    def fired(example: str) -> bool:
        body = "A claim.[^1]\n\n" + example if example.startswith("[^") else example  # notes alone get a marker
        (tmp_path / "b.md").write_text("# An Example\n\n" + body + "\n", encoding="utf-8")
        old = os.getcwd()
        os.chdir(tmp_path)
        try:
            out = CliRunner().invoke(main, ["check", "b.md", "--format", "json", "--select", code]).stdout
        finally:
            os.chdir(old)
        return bool(json.loads(out)["findings"])

    assert fired(rule.fires), rule.fires
    assert not fired(rule.passes), rule.passes
