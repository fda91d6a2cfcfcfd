"""Output paths (issue 23): checked before the analysis starts, written atomically, one line on error."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from briefs_analyzer.outputs import OutputError, atomic_text, check_output, replace_bytes
from tests.conftest import SEEDS
from tests.factories import invoke

SEED = SEEDS / "000_2bc1844ba35e9142.txt"


def run_before_analysis(tmp_path: Path, *args: str) -> tuple[int, str]:
    """Run a command that should stop before any brief is read: no cache is ever made."""
    cache = tmp_path / "cache"
    code, _, err = invoke(*args, "--cache-dir", str(cache))
    assert not cache.exists(), "the analysis ran before the output path was checked"
    return code, err


@pytest.mark.parametrize("command", [["check"], ["report"], ["export", "--format", "json"]])
def test_output_at_a_folder_is_one_line_before_the_analysis(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, err = run_before_analysis(tmp_path, *command, str(SEED), "-o", str(folder))
    assert code == 2
    assert err == f"error: cannot write {folder}: it is a folder (give a file name)\n"


@pytest.mark.parametrize("command", [["report"], ["export", "--format", "graphml"]])
def test_output_in_a_missing_folder_is_one_line_before_the_analysis(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "missing" / "out.file"
    code, err = run_before_analysis(tmp_path, *command, str(SEED), "-o", str(out))
    assert code == 2
    assert err == f"error: cannot write {out}: folder {out.parent} does not exist\n"


@pytest.mark.parametrize("command", [["check"], ["report"], ["export", "--format", "csl-json"]])
def test_output_in_an_unwritable_folder_is_one_line_before_the_analysis(tmp_path: Path, command: list[str]) -> None:
    out = Path("/proc/briefs-out.json")  # no one can make a file there, root included
    code, err = run_before_analysis(tmp_path, *command, str(SEED), "-o", str(out))
    assert code == 2
    assert err.startswith(f"error: cannot write {out}: folder /proc is not writable")
    assert err.count("\n") == 1


def test_export_csv_onto_an_existing_file_is_one_line_before_the_analysis(tmp_path: Path) -> None:
    existing = tmp_path / "nodes.csv"
    existing.write_text("kept\n", encoding="utf-8")
    code, err = run_before_analysis(tmp_path, "export", str(SEED), "--format", "csv", "-o", str(existing))
    assert code == 2
    assert err == f"error: cannot write {existing}: it is a file, and this format writes a folder\n"
    assert existing.read_text(encoding="utf-8") == "kept\n"


def test_check_output_file_makes_its_folder_and_writes_atomically(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "ci" / "briefs.json"
    code, stdout, err = invoke("check", str(SEED), "--no-cache", "--format", "json", "-o", str(out))
    assert (code, stdout, err) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("{")
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_check_output_under_a_file_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "a-file" / "briefs.json"
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    code, err = run_before_analysis(tmp_path, "check", str(SEED), "-o", str(out))
    assert code == 2
    assert err == f"error: cannot write {out}: {out.parent} is not a folder\n"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_failed_write_keeps_the_earlier_file(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("earlier result", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text(out) as f:
        f.write("half a report")
        raise RuntimeError("the run failed half-way")
    assert out.read_text(encoding="utf-8") == "earlier result"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_text_that_utf8_cannot_hold_is_written_with_a_replacement(tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    with atomic_text(out) as f:
        f.write("bad-\udcff.txt")
    assert out.read_text(encoding="utf-8") == "bad-\ufffd.txt"


def test_fix_rewrites_a_brief_atomically_keeping_its_mode(tmp_path: Path) -> None:
    brief = tmp_path / "b.md"
    brief.write_text("old", encoding="utf-8")
    brief.chmod(0o640)
    replace_bytes(brief, b"new")
    assert brief.read_bytes() == b"new"
    assert stat.S_IMODE(brief.stat().st_mode) == 0o640


def test_check_output_refuses_a_device(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        check_output(Path("/dev/zero"))
