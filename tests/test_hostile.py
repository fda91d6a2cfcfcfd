"""Hostile briefs (issue 23): one bad input never loses the run, and never reaches the user as a traceback.

Each case is a small adversarial fixture made in the test, beside a good brief that must still be
analysed; a bad file gets one line, ``error: PATH: reason``, and exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import invoke

GOOD = "A TITLE\n\nBy\n\nJane Doe\n\nMay 3, 2024\n\nSanctions were imposed in 1998.¹ They hurt.\n\n¹ A source, 1998.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


# --- URLs urllib refuses ------------------------------------------------------------------------

BRACKETED = '# A brief\n\nSanctions were imposed in 1998.[^1]\n\n[^1]: Jane Doe, "A Title," *The Times*, May 3, 2024, https://example.com[x]/page.\n'


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "gitlab"])
def test_a_bracketed_host_in_a_note_url_is_a_finding_in_every_format(corpus: Path, fmt: str) -> None:
    (corpus / "bracketed.md").write_text(BRACKETED, encoding="utf-8")
    code, out, err = invoke("check", str(corpus), "--no-cache", "--format", fmt)
    assert "internal error" not in err and err == ""
    assert code == 1
    assert "BA204" in out
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)


def test_a_link_with_a_bracketed_host_in_an_html_page_is_read(corpus: Path) -> None:
    page = (
        '<html><body><article><p>Sanctions were imposed in 1998.<sup><a href="#fn1">1</a></sup> '
        'See <a href="http://[x/#y">this</a>.</p>'
        '<ol class="footnotes"><li id="fn1">A source, 1998. <a href="http://[x#fnref1">↩</a></li></ol>'
        "</article></body></html>"
    )
    (corpus / "page.html").write_text(page, encoding="utf-8")
    code, out, err = invoke("analyze", str(corpus), "--no-cache", "--format", "json")
    assert (code, err) == (0, "")
    briefs: list[dict[str, Any]] = json.loads(out)["briefs"]
    page_brief = next(b for b in briefs if b["path"].endswith("page.html"))
    assert [n["number"] for n in page_brief["notes"]] == [1]


# --- a bad gazetteer is a usage error, before the run ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not json\n", ":1: not JSON: Expecting value"),
        (b'{"label": "organization", "pattern": "NATO"}\n{"label": "bogus", "pattern": "X"}\n', ":2: label 'bogus'"),
        (b'{"label": "organization", "pattern": [{"FOO": "x"}]}\n', ":1: not a spaCy token pattern"),
        (b"\xff\xfe not utf-8\n", ": cannot read gazetteer"),
    ],
    ids=["not-json", "bad-label", "bad-token-pattern", "not-utf8"],
)
def test_a_bad_gazetteer_is_one_usage_line_before_the_run(
    tmp_path: Path, corpus: Path, content: bytes, reason: str
) -> None:
    gazetteer = tmp_path / "names.jsonl"
    gazetteer.write_bytes(content)
    cache = tmp_path / "cache"
    code, out, err = invoke("analyze", str(corpus), "--gazetteer", str(gazetteer), "--cache-dir", str(cache))
    assert code == 2
    assert err.startswith(f"error: {gazetteer}{reason}") and err.count("\n") == 1, err
    assert out == "" and not cache.exists()


def test_a_missing_gazetteer_is_one_usage_line(tmp_path: Path, corpus: Path) -> None:
    code, _, err = invoke("check", str(corpus), "--gazetteer", str(tmp_path / "nope.jsonl"))
    assert (code, err) == (2, f"error: {tmp_path / 'nope.jsonl'}: cannot read gazetteer: no such file\n")


# --- text that would drive a terminal ------------------------------------------------------------------

ESCAPES = (
    "A TITLE\n\nBy\n\nJane Doe\n\n"
    "The sanctions \x1b[2J were imposed in 1998.\x1b]0;pwned\x07 They hurt.¹ \u202eSome\u202c words.²\n\n"
    "¹ A source \x1b[31mred\x1b[0m, 1998.\n² Another source, https://example.org/\x1b[8m (2001).\n"
)


@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["analyze", "--no-cache"],
        ["sources", "--no-cache"],
        ["entities", "--no-cache", "--model", ""],
        ["weights", "--no-cache"],
        ["check", "--no-cache", "--select", "ALL", "--show-source"],
        ["check", "--no-cache", "--select", "ALL", "--format", "github"],
    ],
    ids=lambda c: "-".join(c[:2]),
)
def test_escape_sequences_in_a_brief_never_reach_the_terminal(tmp_path: Path, command: list[str]) -> None:
    brief = tmp_path / "escapes.txt"
    brief.write_text(ESCAPES, encoding="utf-8")
    _, out, err = invoke(command[0], str(brief), *command[1:])
    for control in ("\x1b", "\x07", "\u202e"):
        assert control not in out and control not in err, (command, out)
    if command[0] == "show":
        assert "\\x1b[2J" in out  # shown, as an escape
