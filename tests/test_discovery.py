"""Discovery and names (issue 23): only regular files are read, symbolic links do not leave the folder,
a file name that is not UTF-8 or holds a newline breaks no output, and a file that vanishes mid-run
costs one line."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from briefs_analyzer import corpus
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief, Failure
from tests.conftest import ROOT, SEEDS
from tests.factories import invoke

SEED = SEEDS / "004_7a6a544e9fa6e7d1.txt"
NOT_UTF8 = os.fsdecode(b"bad-\xff.txt")  # the name as Python sees it: a lone surrogate


def run_briefs(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A real process with a deadline: a run that hangs on its input fails the test instead of hanging it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "briefs_analyzer", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / "good.txt")
    return docs


# --- only regular files ---------------------------------------------------------------------------------


def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(folder: Path) -> None:
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    proc = run_briefs("analyze", str(fifo), str(folder / "good.txt"), "--no-cache", "--format", "json")
    assert proc.returncode == 1
    assert proc.stderr == f"error: {fifo}: not a regular file (a named pipe); only regular files are read\n"
    assert [Path(b["path"]).name for b in json.loads(proc.stdout)["briefs"]] == ["good.txt"]


def test_dev_zero_is_refused_not_read(folder: Path) -> None:
    proc = run_briefs("check", "/dev/zero", str(folder), "--no-cache", "--format", "json")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (finding,) = [f for f in json.loads(proc.stdout)["findings"] if f["path"] == "/dev/zero"]
    assert finding["code"] == "BA001"
    assert finding["message"] == "not a regular file (a character device); only regular files are read"


def test_a_fifo_inside_a_folder_is_refused_with_one_line(folder: Path) -> None:
    os.mkfifo(folder / "pipe.md")
    proc = run_briefs("analyze", str(folder), "--no-cache", "--format", "json")
    assert proc.returncode == 1
    assert (
        proc.stderr == f"error: {folder / 'pipe.md'}: not a regular file (a named pipe); only regular files are read\n"
    )


# --- symbolic links -------------------------------------------------------------------------------------


def test_a_symlink_out_of_the_folder_is_not_followed(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET LINE that must not reach the outputs.\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    code, out, err = invoke("analyze", str(folder), "--no-cache", "--format", "json")
    assert code == 0
    assert "TOP SECRET" not in out
    assert [Path(b["path"]).name for b in json.loads(out)["briefs"]] == ["good.txt"]
    assert f"warning: {folder / 'passwd.txt'}: a symbolic link out of {folder} (to {secret}); not followed" in err
    code, out, _ = invoke("analyze", str(folder), "--no-cache", "--format", "json", "--follow-symlinks")
    assert code == 0 and "TOP SECRET" in out


def test_a_symlink_inside_the_folder_is_read_once(folder: Path) -> None:
    (folder / "again.txt").symlink_to(folder / "good.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    code, out, err = invoke("analyze", str(folder), "--no-cache", "--format", "json", "--follow-symlinks")
    assert (code, err) == (0, "")
    assert len(json.loads(out)["briefs"]) == 1


# --- names that are not UTF-8, or hold a newline ----------------------------------------------------------


@pytest.fixture
def odd_names(folder: Path) -> Path:
    shutil.copy(os.fsencode(SEED), os.fsencode(folder) + b"/bad-\xff.txt")
    shutil.copy(SEED, folder / "new\n::error::forged.txt")
    return folder


def test_a_name_that_is_not_utf8_keeps_the_json_valid(odd_names: Path) -> None:
    code, out, err = invoke("analyze", str(odd_names), "--no-cache", "--format", "json")
    assert (code, err) == (0, "")
    paths = sorted(Path(b["path"]).name for b in json.loads(out)["briefs"])
    assert paths == ["bad-\ufffd.txt", "good.txt", "new\n::error::forged.txt"]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "gitlab"])
def test_odd_names_in_every_check_format(odd_names: Path, fmt: str) -> None:
    code, out, err = invoke("check", str(odd_names), "--no-cache", "--format", fmt, "--exit-zero")
    assert (code, err) == (0, "")
    assert "\udcff" not in out
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    if fmt in ("text", "github"):
        # A newline in a name cannot forge a line, let alone a GitHub workflow command.
        forged = [line for line in out.splitlines() if line.startswith("::error::forged")]
        assert forged == []
        assert "bad-\ufffd.txt" in out


def test_a_name_that_is_not_utf8_never_costs_an_earlier_report(odd_names: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.html"
    report.write_text("earlier report", encoding="utf-8")
    code, _, err = invoke("report", str(odd_names), "--no-cache", "-q", "-o", str(report))
    assert (code, err) == (0, "")
    text = report.read_text(encoding="utf-8")  # valid UTF-8, and the new report
    assert "bad-\ufffd.txt" in text


def test_a_name_that_is_not_utf8_in_the_sqlite_export(odd_names: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    code, _, err = invoke("export", str(odd_names), "--no-cache", "-q", "--format", "sqlite", "-o", str(db))
    assert (code, err) == (0, "")
    with sqlite3.connect(db) as conn:
        assert "bad-\ufffd.txt" in {Path(p).name for (p,) in conn.execute("SELECT path FROM briefs")}


def test_a_name_that_is_not_utf8_is_cached_and_served(odd_names: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = invoke("analyze", str(odd_names), "--cache-dir", str(cache), "--format", "json")
    again = invoke("analyze", str(odd_names), "--cache-dir", str(cache), "--format", "json")
    assert first == again and first[0] == 0


# --- a file that vanishes while the run goes on ------------------------------------------------------------


def test_a_file_deleted_between_discovery_and_reading_is_one_line(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(SEED, folder / "gone.md")
    real = corpus.discover

    def discover_then_delete(*args: object, **kwargs: object) -> list[Path | Failure]:
        found = list(real(*args, **kwargs))  # type: ignore[arg-type]
        if (folder / "gone.md").exists():
            (folder / "gone.md").unlink()
        return found

    monkeypatch.setattr("briefs_analyzer.corpus.discover", discover_then_delete)  # imported when the run starts
    code, out, err = invoke("check", str(folder), "--format", "json")
    assert code == 1
    assert err == ""
    (finding,) = [f for f in json.loads(out)["findings"] if f["path"].endswith("gone.md")]
    assert (finding["code"], finding["message"]) == ("BA001", "no such file or directory")


def test_a_file_deleted_as_its_reading_starts_fails_alone(folder: Path, tmp_path: Path) -> None:
    for name in ("a.md", "b.docx", "c.html"):
        shutil.copy(SEED, folder / name)

    def delete(path: Path) -> None:
        if path.name != "good.txt":
            path.unlink()

    for cache in (None, tmp_path / "cache"):
        results = list(Runner(Config(), entities=False, cache_dir=cache, on_file=delete).run([folder]))
        for name in ("a.md", "b.docx", "c.html"):
            shutil.copy(SEED, folder / name)
        failed = {Path(r.path).name: r.reason for r in results if isinstance(r, Failure)}
        assert failed == dict.fromkeys(("a.md", "b.docx", "c.html"), "no such file or directory")
        assert [Path(r.path).name for r in results if isinstance(r, Brief)] == ["good.txt"]
