"""The house rules of the code base (issue 21): one home for each fact, modules a reader can hold.

- A rule's code is spelt only in :mod:`briefs_analyzer.rules`; everything else refers to the rule
  object, so a misspelt code fails at import.  Docstrings and comments may name codes.
- No module of the package is over 600 lines (data files aside).
- Function complexity is kept at 20 or less by ruff's C901 in ``make lint`` (pyproject.toml).
- The README's Python example runs as printed.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "briefs_analyzer"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)
CODE = re.compile(r"\bBA\d{3}\b")
MAX_LINES = 600


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def rule_codes_spelt(path: Path) -> list[tuple[int, str]]:
    """(line, string) of every string literal, not a docstring, that spells a rule code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CODE.search(node.value)
    ]


def test_the_check_finds_a_spelt_code(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Mentions BA101 in a docstring."""\nX = "BA101"\nY = f"{X} BA202"\n', encoding="utf-8")
    assert rule_codes_spelt(module) == [(2, "BA101"), (3, " BA202")]


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "rules.py"], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_rule_code_outside_the_rules_module(path: Path) -> None:
    assert rule_codes_spelt(path) == []


def test_no_module_is_too_long() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in MODULES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _readme_python() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") :]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    example = _readme_python()
    done = subprocess.run(
        [sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "the example prints what it found"


def test_the_public_names_are_all_there() -> None:
    import briefs_analyzer

    for name in briefs_analyzer.__all__:
        assert getattr(briefs_analyzer, name) is not None, name
    assert briefs_analyzer.write_export.__module__ == "briefs_analyzer.export"
    assert briefs_analyzer.check_brief.__module__ == "briefs_analyzer.check"
