"""The `briefs` command: output shape, exit codes, and bad input that must not stop a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from tests.conftest import ROOT, SEEDS

GOOD = "A TITLE\n\nBy\n\nJane Doe\n\nMay 3, 2024\n\nSanctions were imposed in 1998.¹ They hurt.\n\n¹ A source, 1998.\n"


def run(*args: str) -> tuple[int, dict[str, Any] | str, str]:
    result = CliRunner().invoke(main, list(args))
    out: dict[str, Any] | str = result.stdout
    if "--format" in args and "json" in args and result.stdout.strip():
        out = json.loads(result.stdout)
    return result.exit_code, out, result.stderr


def test_analyze_json_shape_on_the_seeds() -> None:
    code, out, err = run("analyze", str(SEEDS), "--format", "json")
    assert (code, err) == (0, "")
    assert isinstance(out, dict)
    assert out["schema_version"] == 1
    assert [Path(b["path"]).name for b in out["briefs"]] == ["000_2bc1844ba35e9142.txt", "004_7a6a544e9fa6e7d1.txt"]
    first = out["briefs"][0]
    assert set(first) >= {"path", "sha256", "format", "metadata", "sections", "claims", "notes", "problems"}
    assert set(first["metadata"]) >= {"title", "authors", "editors", "organization", "date", "disclaimer"}
    assert first["metadata"]["authors"] == [
        {"name": "Malaika Afridi", "role": "Research Assistant", "affiliation": None}
    ]
    assert first["format"] == "text"
    assert len(first["sha256"]) == 64
    claim = next(c for c in first["claims"] if c["markers"] == [2])
    assert set(claim) >= {"id", "text", "section", "start", "end", "markers"}
    assert first["body"][claim["start"] : claim["end"]] == claim["text"]
    assert first["notes"][1] == {
        "number": 2,
        "text": first["notes"][1]["text"],
        "style": "plain",
        "line": 38,
        "page": None,
        **{k: v for k, v in first["notes"][1].items() if k not in {"number", "text", "style", "line", "page"}},
    }
    assert first["notes"][1]["text"].startswith("Girish Kumar, ")
    assert out["errors"] == []


def test_analyze_table_and_summary() -> None:
    code, out, _ = run("analyze", str(SEEDS))
    assert code == 0
    assert isinstance(out, str)
    assert "2 briefs analysed: 89 claims (25 cited), 27 notes, 0 problems" in out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_empty_file(corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    code, out, err = run("analyze", str(corpus), "--format", "json")
    assert code == 1
    assert err == f"error: {corpus / 'empty.txt'}: file is empty\n"
    assert isinstance(out, dict)
    assert [Path(b["path"]).name for b in out["briefs"]] == ["good.txt"]
    assert out["errors"] == [{"path": str(corpus / "empty.txt"), "reason": "file is empty"}]


def test_binary_file(corpus: Path) -> None:
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out, err = run("analyze", str(corpus), "--format", "json")
    assert code == 1
    assert err.count("\n") == 1 and "image.txt: binary file, not text" in err
    assert isinstance(out, dict) and len(out["briefs"]) == 1


def test_cp1252_file_is_decoded_with_a_warning(corpus: Path) -> None:
    text = "A TITLE\n\nBy\n\nJane Doe\n\nThe “sanctions” were imposed in 1998 – and lifted.¹\n\n¹ A source, 1998.\n"
    (corpus / "legacy.txt").write_bytes(text.encode("cp1252"))
    code, out, err = run("analyze", str(corpus / "legacy.txt"), "--format", "json")
    assert code == 0
    assert err == f"warning: {corpus / 'legacy.txt'}: file is not UTF-8; decoded as cp1252\n"
    assert isinstance(out, dict)
    brief = out["briefs"][0]
    assert brief["encoding"] == "cp1252"
    assert brief["claims"][0]["text"] == "The “sanctions” were imposed in 1998 – and lifted."
    assert [p["code"] for p in brief["problems"]] == ["BA002"]


def test_five_megabyte_text(tmp_path: Path) -> None:
    filler = "Export controls on missile technology have been debated for decades in many capitals. " * 12
    paragraph = filler + "The regime was set up in 1987 by seven states.{m} It restricts missiles above 500kg.{m2}\n\n"
    parts = ["A LARGE BRIEF\n\nBy\n\nJane Doe\n\n"]
    notes = []
    n = 0
    size = 0
    while size < 5_000_000:
        n += 2
        chunk = paragraph.format(m=f"[{n - 1}]", m2=f"[{n}]")
        parts.append(chunk)
        size += len(chunk.encode())
        notes.append(f"[{n - 1}] Source {n - 1}, 2001.\n[{n}] Ibid.\n")
    path = tmp_path / "big.txt"
    path.write_text("".join(parts) + "Notes\n\n" + "".join(notes), encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    # The rule-based entity layer keeps this test quick; it still passes through spaCy's length limit.
    code, out, err = run("analyze", str(path), "--format", "json", "--model", "", "--no-cache")
    assert (code, err) == (0, "")
    assert isinstance(out, dict)
    brief = out["briefs"][0]
    assert len(brief["notes"]) == n
    assert sum(e["canonical"] == "Missile Technology Control Regime" for e in brief["entities"]) == 0
    body_dates = [e for e in brief["entities"] if e["place"] == "body" and e["type"] == "date"]
    assert sum(e["canonical"] == "1987" for e in body_dates) == n // 2
    assert len(brief["claims"]) == n // 2 * 14
    assert sum(1 for c in brief["claims"] if c["markers"]) == n
    assert brief["problems"] == []


def test_brief_with_no_notes(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("A TITLE\n\nJust some running text with no notes at all. Two sentences.\n", encoding="utf-8")
    code, out, _ = run("analyze", str(path), "--format", "json")
    assert code == 0 and isinstance(out, dict)
    brief = out["briefs"][0]
    assert (brief["notes"], brief["problems"], len(brief["claims"])) == ([], [], 2)


def test_notes_without_markers(tmp_path: Path) -> None:
    path = tmp_path / "lost.txt"
    path.write_text("A TITLE\n\nText whose markers were lost in conversion.\n\n¹ One.\n\n² Two.\n", encoding="utf-8")
    code, out, _ = run("analyze", str(path), "--format", "json")
    assert code == 0 and isinstance(out, dict)
    problems = out["briefs"][0]["problems"]
    assert [(p["code"], p["line"], p["message"]) for p in problems] == [
        ("BA102", 5, "note 1 is never referenced in the text"),
        ("BA102", 7, "note 2 is never referenced in the text"),
    ]


def test_unreadable_file_among_good_ones(corpus: Path) -> None:
    (corpus / "b.txt").write_text(GOOD, encoding="utf-8")
    bad = corpus / "locked.txt"
    bad.write_text(GOOD, encoding="utf-8")
    bad.chmod(0)
    try:
        if os.access(bad, os.R_OK):  # root reads anything: make it unreadable another way
            bad.chmod(0o644)
            bad.unlink()
            bad.mkdir()
            (corpus / "sub").mkdir()
            (corpus / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")
            broken = corpus / "broken.txt"
            broken.write_bytes(b"\x00\x01binary")
            code, out, err = run("analyze", str(corpus), str(corpus / "locked.txt"), "--format", "json")
            assert "locked.txt: is a directory, not a file" not in err  # folders are searched, not read
            assert f"error: {broken}: binary file" in err
        else:
            code, out, err = run("analyze", str(corpus), "--format", "json")
            assert f"error: {bad}: permission denied" in err
    finally:
        if bad.is_file():
            bad.chmod(0o644)
    assert code == 1
    assert isinstance(out, dict)
    assert {Path(b["path"]).name for b in out["briefs"]} >= {"good.txt", "b.txt"}


def test_missing_path_is_reported_and_others_analysed(corpus: Path) -> None:
    code, out, err = run("analyze", str(corpus / "nope.txt"), str(corpus), "--format", "json")
    assert code == 1
    assert err == f"error: {corpus / 'nope.txt'}: no such file or directory\n"
    assert isinstance(out, dict) and len(out["briefs"]) == 1


def test_usage_error_exit_code() -> None:
    code, _, err = run("analyze")
    assert code == 2
    assert "Missing argument" in err
    code, _, _ = run("analyze", ".", "--format", "yaml")
    assert code == 2


def test_readme_is_skipped_in_folders(corpus: Path) -> None:
    (corpus / "README.md").write_text("# About this corpus\n\nIt holds briefs.\n", encoding="utf-8")
    code, out, _ = run("analyze", str(corpus), "--format", "json")
    assert code == 0 and isinstance(out, dict)
    assert [Path(b["path"]).name for b in out["briefs"]] == ["good.txt"]


def test_python_dash_m_and_console_script() -> None:
    for cmd in ([sys.executable, "-m", "briefs_analyzer"], [str(Path(sys.executable).parent / "briefs")]):
        proc = subprocess.run([*cmd, "analyze", "--help"], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        assert "Analyse the briefs in PATHS" in proc.stdout


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        (["--version"], 0, "briefs, version"),
        (["analyze"], 2, "Error: Missing argument 'PATHS...'."),
        (["analyze", "--format", "nope", "x"], 2, "Error: Invalid value for '--format'"),
        (["analyze", "/no/such/brief.txt", "-q"], 1, "error: /no/such/brief.txt: no such file or directory"),
    ],
)
def test_exit_status_of_the_installed_command(args: list[str], status: int, said: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "briefs_analyzer", *args], capture_output=True, text=True, check=False)
    assert proc.returncode == status
    assert said in proc.stdout + proc.stderr and "Traceback" not in proc.stderr


def test_every_command_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        assert f"briefs {name}" in readme, f"`briefs {name}` is not documented in the README"
