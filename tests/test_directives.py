"""Inline directives: `<!-- briefs: disable CODE -->` ... in source comments and in (comment, line) pairs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefs_analyzer.check import Checked, Finding, check_brief, configure
from briefs_analyzer.cli import main
from briefs_analyzer.directives import Directive, parse_directives, source_comments, source_suppressions, suppressions
from tests.factories import brief_from


def test_parse_directives_from_comment_pairs() -> None:
    pairs = [
        (" briefs: disable BA301 ", 3),
        ("briefs: enable BA301, BA205", 9),
        (" briefs: disable-file uncited-factual-claim ", 1),
        (" briefs: disable-next-line BA1 ", 12),
        (" briefs: DISABLE ", 20),
        (" an editor's note, not a directive ", 21),
        (" briefs: ignore BA999 BA301 ", 30),
    ]
    assert parse_directives(pairs) == (
        Directive("disable", ("BA301",), 3),
        Directive("enable", ("BA301", "BA205"), 9),
        Directive("disable-file", ("BA301",), 1),
        Directive("disable-next-line", ("BA1",), 12),
        Directive("disable", (), 20),
        Directive("ignore", ("BA301",), 30, unknown=("BA999",)),
    )


def test_a_directive_naming_only_unknown_rules_silences_nothing() -> None:
    quiet = suppressions([(" briefs: disable-file BA999 ", 1)])
    assert not quiet.silences("BA301", 5) and not quiet.silences("BA101", None)
    assert quiet.unknown == [(1, "BA999")]


def test_source_comments_have_their_lines() -> None:
    text = "# T\n\n<!-- one -->\ntext <!--\ntwo\n--> more\n<!-- briefs: disable BA3 -->\n"
    assert source_comments(text) == [(" one ", 3), ("\ntwo\n", 4), (" briefs: disable BA3 ", 7)]


def test_disable_and_enable_make_a_range() -> None:
    quiet = suppressions([("briefs: disable BA301", 4), ("briefs: enable BA301", 10), ("briefs: disable", 20)])
    assert [line for line in range(1, 25) if quiet.silences("BA301", line)] == [4, 5, 6, 7, 8, 9, *range(20, 25)]
    assert [line for line in range(1, 25) if quiet.silences("BA205", line)] == list(range(20, 25))


def test_disable_file_line_and_next_line() -> None:
    quiet = suppressions(
        [("briefs: disable-file BA2", 40), ("briefs: disable-line BA101", 7), ("briefs: disable-next-line BA102", 9)]
    )
    assert quiet.silences("BA205", 1) and quiet.silences("BA201", None)
    assert quiet.silences("BA101", 7) and not quiet.silences("BA101", 8)
    assert quiet.silences("BA102", 10) and not quiet.silences("BA102", 9) and not quiet.silences("BA102", 11)


def test_ignore_covers_the_next_paragraph_in_a_file_and_its_own_line_in_a_word_comment() -> None:
    text = "# T\n\n<!-- briefs: ignore BA301 -->\n\nOne.\nTwo.\n\nThree.\n"
    quiet = source_suppressions(text)
    assert [line for line in range(1, 9) if quiet.silences("BA301", line)] == [5, 6]
    word = suppressions([("briefs: ignore BA301", 6)])
    assert [line for line in range(1, 9) if word.silences("BA301", line)] == [6]


def test_word_comments_carried_by_the_checked_view_silence_findings() -> None:
    findings = tuple(
        Finding("b.docx", line, None, None, "BA301", "uncited-factual-claim", "warning", f"claim {line}")
        for line in (2, 5, 8)
    )
    checked = Checked("b.docx", "docx", findings, comments=(("briefs: disable BA301", 4), ("briefs: enable", 6)))
    kept = configure(checked, None, suppressions(checked.comments))
    assert [f.line for f in kept] == [2, 8]


def run(path: Path, *args: str) -> tuple[list[tuple[str, int | None]], str]:
    old = os.getcwd()
    os.chdir(path.parent)
    try:
        result = CliRunner().invoke(main, ["check", path.name, "--format", "json", *args])
    finally:
        os.chdir(old)
    data: dict[str, Any] = json.loads(result.stdout)
    return [(f["code"], f["line"]) for f in data["findings"]], result.stderr


BRIEF = (
    "# A Brief\n\n"  # 1-2
    "In 1998 sanctions were imposed on the country.\n\n"  # 3-4
    "<!-- briefs: disable BA301 -->\n\n"  # 5-6
    "In 2001 they were lifted again.\n\n"  # 7-8
    "In 2005 they came back.\n\n"  # 9-10
    "<!-- briefs: enable BA301 -->\n\n"  # 11-12
    "In 2010 they were lifted for good.\n"  # 13
)


def test_disable_enable_in_a_markdown_brief(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(BRIEF, encoding="utf-8")
    assert run(tmp_path / "b.md") == ([("BA301", 3), ("BA301", 13)], "")


def test_disable_file_in_a_text_brief(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(BRIEF + "\n<!-- briefs: disable-file BA3 -->\n", encoding="utf-8")
    assert run(tmp_path / "b.txt") == ([], "")


def test_directive_in_an_html_brief(tmp_path: Path) -> None:
    page = (
        "<html><head><title>A Brief</title></head><body><article>\n<h1>A Brief</h1>\n"
        "<p>In 1998 sanctions were imposed on the country.</p>\n"
        "<!-- briefs: disable BA301 -->\n"
        "<p>In 2001 they were lifted again.</p>\n"
        "</article></body></html>\n"
    )
    (tmp_path / "b.html").write_text(page, encoding="utf-8")
    assert run(tmp_path / "b.html") == ([("BA301", 3)], "")


def test_unknown_codes_in_directives_are_warned_about(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(BRIEF.replace("disable BA301", "disable BA301 BA999"), encoding="utf-8")
    found, err = run(tmp_path / "b.md")
    assert found == [("BA301", 3), ("BA301", 13)]
    assert err == "warning: b.md:5: 'BA999' in a briefs directive names no rule\n"


@pytest.mark.parametrize("form", ["<!-- briefs: ignore BA301 -->", "<!--briefs:ignore BA301-->"])
def test_the_older_ignore_form_still_works(tmp_path: Path, form: str) -> None:
    text = "# A Brief\n\nIn 1998 sanctions were imposed.\n\n" + form + "\nIn 2001 they were lifted.\n\nIn 2005 again.\n"
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    assert run(tmp_path / "b.md")[0] == [("BA301", 3), ("BA301", 8)]


def test_check_brief_reads_the_directives_of_its_source_text() -> None:
    text = BRIEF.replace("# A Brief", "# A Brief\n\nBy Jane Doe", 1)
    brief = brief_from(text, markdown=True)
    assert [(f.code, f.line) for f in check_brief(brief)] == [("BA301", 5), ("BA301", 9), ("BA301", 11), ("BA301", 15)]
    assert [(f.code, f.line) for f in check_brief(brief, source_text=text)] == [("BA301", 5), ("BA301", 15)]


def _word_brief(path: Path, *, comment: str | None) -> None:
    from docx import Document

    document = Document()
    document.add_heading("A Brief", level=1)
    document.add_paragraph("In 1998 sanctions were imposed on the country.")
    lifted = document.add_paragraph("In 2001 they were lifted again.")
    document.add_paragraph("In 2010 they were lifted for good.")
    if comment is not None:
        document.add_comment(lifted.runs, text=comment, author="Editor")
    document.save(str(path))


def test_a_word_comment_silences_its_paragraph_end_to_end(tmp_path: Path) -> None:
    _word_brief(tmp_path / "plain.docx", comment=None)
    found, _ = run(tmp_path / "plain.docx")
    assert [code for code, _ in found] == ["BA301"] * 3
    _word_brief(tmp_path / "commented.docx", comment="briefs: ignore BA301")
    quiet, err = run(tmp_path / "commented.docx")
    assert quiet == [found[0], found[2]] and err == ""
