"""`briefs check --fix`: golden input and output, the cases that are not certain, --diff, files never touched."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from briefs_analyzer.fix import fix_text, parse_text
from tests.conftest import CORPUS_REAL, DATA, SEEDS

FIX = DATA / "fix"


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def check(*args: str, cwd: Path) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("name", "markdown"), [("renumber.md", True), ("superscript.txt", False)])
def test_golden(name: str, markdown: bool) -> None:
    fixed = fix_text(read(FIX / name), markdown=markdown)
    assert fixed.text == read(FIX / name.replace(".", ".fixed.", 1))
    again = fix_text(fixed.text, markdown=markdown)
    assert not again.changed  # a fixed file has nothing left to fix


def test_golden_repairs_are_listed() -> None:
    fixed = fix_text(read(FIX / "renumber.md"), markdown=True)
    assert [(a.code, a.description) for a in fixed.applied] == [
        ("BA204", "joined a broken URL: https://www.reuters.com/world/us-imposes-sanctions-1998/"),
        ("BA204", "joined a broken URL: https://www.dawn.com/news/2001/09/23/sanctions-lifted"),
        ("BA103", "removed the repeated definition of note 4"),
        ("BA104", "renumbered notes and markers in sequence (3→2, 4→3)"),
    ]


def test_crlf_line_endings_are_kept() -> None:
    fixed = fix_text(read(FIX / "superscript.txt"), markdown=False)
    assert fixed.text.count("\r\n") == read(FIX / "superscript.txt").count("\r\n") == 7


def test_seed_with_a_deleted_note_is_renumbered_superscripts_and_plain_labels() -> None:
    original = (SEEDS / "000_2bc1844ba35e9142.txt").read_text(encoding="utf-8")
    brief = parse_text(original, markdown=False)
    note4 = next(n for n in brief.notes if n.number == 4)
    lines = original.split("\n")
    del lines[note4.line - 1]
    text = "\n".join(lines).replace("⁴", "", 1)
    broken = parse_text(text, markdown=False)
    assert {p.code for p in broken.problems} == {"BA104"}
    fixed = fix_text(text, markdown=False)
    renumbered = parse_text(fixed.text, markdown=False)
    assert not renumbered.problems
    assert [n.number for n in renumbered.notes] == list(range(1, 16))
    assert sorted({m.number for m in renumbered.markers}) == list(range(1, 16))
    assert "¹⁵ Ibid." in fixed.text and "¹⁶" not in fixed.text
    assert [n.text.split(maxsplit=1)[-1] for n in renumbered.notes] == [
        n.text.split(maxsplit=1)[-1] for n in broken.notes
    ]  # every note keeps its own text


@pytest.mark.parametrize(
    "text",
    [
        # markers out of order: which marker moved is not certain
        "# T\n\nOne.[^2] Two.[^1]\n\n[^1]: A, *Dawn*, 2001.\n[^2]: B, *Dawn*, 2002.\n",
        # a marker without its note
        "# T\n\nOne.[^1] Two.[^3] Three.[^4]\n\n[^1]: A, *Dawn*, 2001.\n[^4]: B, *Dawn*, 2002.\n",
        # a note that names another by number would point at the wrong one
        "# T\n\nOne.[^1] Two.[^3]\n\n[^1]: A, *Dawn*, 2001.\n[^3]: See note 1 above.\n",
        # the same number defined twice with different text
        "# T\n\nOne.[^1]\n\n[^1]: A, *Dawn*, 2001.\n[^1]: B, *Dawn*, 2002.\n",
        # words after a URL are not a URL cut in two
        "# T\n\nOne.[^1]\n\n[^1]: A, *Dawn*, 2001, <https://dawn.com and then more>.\n",
        # nothing wrong
        "# T\n\nOne.[^1]\n\n[^1]: A, *Dawn*, 2001.\n",
    ],
    ids=["swapped", "missing-note", "note-reference", "different-duplicates", "words-after-url", "clean"],
)
def test_what_is_not_certain_is_left_alone(text: str) -> None:
    fixed = fix_text(text, markdown=True)
    assert fixed.text == text and fixed.applied == ()


def test_fix_writes_the_file_and_reports_what_remains(tmp_path: Path) -> None:
    shutil.copy(FIX / "renumber.md", tmp_path / "b.md")
    code, out, err = check("b.md", "--fix", "--format", "json", cwd=tmp_path)
    assert read(tmp_path / "b.md") == read(FIX / "renumber.fixed.md")
    assert err.splitlines() == [
        "fixed: b.md: BA204 joined a broken URL: https://www.reuters.com/world/us-imposes-sanctions-1998/",
        "fixed: b.md: BA204 joined a broken URL: https://www.dawn.com/news/2001/09/23/sanctions-lifted",
        "fixed: b.md: BA103 removed the repeated definition of note 4",
        "fixed: b.md: BA104 renumbered notes and markers in sequence (3→2, 4→3)",
    ]
    assert code == 0
    assert [f["code"] for f in json.loads(out)["findings"]] == []


def test_fix_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    shutil.copy(FIX / "superscript.txt", tmp_path / "b.txt")
    before = (tmp_path / "b.txt").read_bytes()
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", "b.txt", "--fix", "--diff"])
    finally:
        os.chdir(old)
    code, err = result.exit_code, result.stderr
    assert code == 1
    assert (tmp_path / "b.txt").read_bytes() == before
    assert result.stdout_bytes.decode() == (
        "--- a/b.txt\n+++ b/b.txt\n@@ -1,7 +1,7 @@\n SANCTIONS AND AFTER\r\n \r\n"
        "-In 1998 sanctions were imposed.¹ They were lifted in 2001.³\r\n"
        "+In 1998 sanctions were imposed.¹ They were lifted in 2001.²\r\n"
        ' \r\n ¹ "Sanctions Imposed," Reuters, 12 May 1998.\r\n \r\n'
        '-³ "Sanctions Lifted," Dawn, 23 September 2001.\r\n'
        '+² "Sanctions Lifted," Dawn, 23 September 2001.\r\n'
    )
    assert err.splitlines()[-1] == "would fix 1 problem"
    shutil.copy(FIX / "superscript.fixed.txt", tmp_path / "b.txt")
    assert check("b.txt", "--fix", "--diff", cwd=tmp_path)[:2] == (0, "")


def test_fix_never_touches_pdf_or_word_files(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    shutil.copy(CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf", pdf)
    docx = tmp_path / "b.docx"
    docx.write_bytes(b"PK\x03\x04 not really a Word file [^3]")
    before = {p: p.read_bytes() for p in (pdf, docx)}
    code, out, err = check(".", "--fix", "--diff", cwd=tmp_path)
    assert (code, out) == (0, "") and err.strip() == "nothing to fix"
    check(".", "--fix", cwd=tmp_path)
    assert {p: p.read_bytes() for p in (pdf, docx)} == before


def test_fix_from_stdin_prints_the_fixed_text(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "-", "--stdin-filename", "b.md", "--fix"], input=(FIX / "renumber.md").read_bytes()
    )
    assert result.stdout == read(FIX / "renumber.fixed.md")
    assert result.exit_code == 0
    assert re.search(r"^1 file checked: 0 errors, 0 warnings$", result.stderr, re.MULTILINE)


def test_diff_needs_fix(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# T\n", encoding="utf-8")
    code, _, err = check("b.md", "--diff", cwd=tmp_path)
    assert code == 2 and err == "error: --diff needs --fix\n"
