"""Reading limits (issue 23): no file can exhaust the machine, and a file over a limit says which.

The fixtures are made here (tests/hostile.py): zip bombs streamed through zipfile, PDFs written object
by object.  Memory is tested in a real process under ``resource.setrlimit(RLIMIT_AS)``: were a bomb
read in that process, it would die (and the test with it) instead of reporting one line.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from briefs_analyzer.config import ConfigError, load_config
from briefs_analyzer.limits import MB, LimitExceeded, Limits, parse_size
from tests import hostile
from tests.conftest import ROOT, SEEDS

SEED = SEEDS / "004_7a6a544e9fa6e7d1.txt"


def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / "good.txt")
    return docs


def one_error(folder: Path, name: str, *args: str) -> str:
    """Analyse ``folder``: the one error line's reason for ``name``; the good brief must be analysed."""
    code, out, err = invoke("analyze", str(folder), "--no-cache", "--format", "json", "--model", "", *args, cwd=folder)
    assert code == 1, err
    assert [Path(b["path"]).name for b in json.loads(out)["briefs"]] == ["good.txt"]
    prefix = f"error: {folder / name}: "
    assert err.startswith(prefix) and err.count("\n") == 1, err
    return err[len(prefix) : -1]


def configure(folder: Path, settings: str) -> None:
    """A .briefs.toml in the folder, which the runs read from there."""
    (folder / ".briefs.toml").write_text(settings, encoding="utf-8")


# --- Word ------------------------------------------------------------------------------------------------


def test_a_docx_that_unpacks_past_the_limit_is_refused_from_its_zip_directory(folder: Path) -> None:
    # The was 460 KB unpacking to 300 MB (16 GB to read); a tenth of it, under a tenth of the limit.
    hostile.docx_bomb(folder / "bomb.docx", 30 * MB)
    assert (folder / "bomb.docx").stat().st_size < 100_000
    reason = one_error(folder, "bomb.docx", "--max-file-size", "20MB")
    assert reason == (
        "too large: the document unpacks to 30.2 MB "
        "(the limit is 20 MB: --max-file-size, or max-file-size in the configuration)"
    )


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_while_streaming(folder: Path) -> None:
    hostile.docx_bomb(folder / "bomb.docx", 6 * MB)
    configure(folder, "max-elements = 100000\n")
    reason = one_error(folder, "bomb.docx")
    assert (
        reason == "too large: more than 100,000 XML elements (the limit is 100,000: max-elements in the configuration)"
    )


def test_a_docx_within_the_limits_is_read(folder: Path) -> None:
    (folder / "small.docx").write_bytes(hostile.small_docx())
    code, out, err = invoke("analyze", str(folder), "--no-cache", "--format", "json", "--model", "")
    assert (code, err) == (0, "")
    assert len(json.loads(out)["briefs"]) == 2


# --- PDF -------------------------------------------------------------------------------------------------


def test_a_pdf_that_names_one_page_200000_times_is_refused_before_any_page_is_read(folder: Path) -> None:
    (folder / "pages.pdf").write_bytes(hostile.pdf_one_page_many_times(200_000))
    reason = one_error(folder, "pages.pdf")
    assert reason == "too large: 200,000 pages (the limit is 5,000: max-pages in the configuration)"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_the_page_limit_holds_for_both_engines(folder: Path, engine: str) -> None:
    (folder / "pages.pdf").write_bytes(hostile.pdf_pages(30))
    configure(folder, "max-pages = 20\n")
    reason = one_error(folder, "pages.pdf", "--pdf-engine", engine)
    assert reason == "too large: 30 pages (the limit is 20: max-pages in the configuration)"


def test_a_pdf_with_more_characters_than_the_limit_is_refused(folder: Path) -> None:
    (folder / "pages.pdf").write_bytes(hostile.pdf_pages(60, "Sanctions were imposed in 1998. " * 14))
    configure(folder, "max-chars = 20000\n")  # the good brief has about 13,000
    reason = one_error(folder, "pages.pdf")
    assert reason == (
        "too large: more than 20,000 characters of text (the limit is 20,000: max-chars in the configuration)"
    )


# --- HTML and text -----------------------------------------------------------------------------------------


def test_a_page_of_too_many_elements_is_refused_while_streaming(folder: Path) -> None:
    (folder / "page.html").write_text("<html><body>" + "<i></i>" * 50_000 + "<p>Text.</p></body></html>")
    configure(folder, "max-elements = 10000\n")
    reason = one_error(folder, "page.html")
    assert (
        reason == "too large: more than 10,000 HTML elements (the limit is 10,000: max-elements in the configuration)"
    )


def test_a_page_with_too_much_text_is_refused(folder: Path) -> None:
    (folder / "page.html").write_text("<html><body>" + "<p>Some words here.</p>" * 3_000 + "</body></html>")
    configure(folder, "max-chars = 20000\n")  # the good brief has about 13,000
    reason = one_error(folder, "page.html")
    assert reason.startswith("too large: more than 20,000 characters of text (the limit is 20,000: max-chars")


def test_a_text_file_over_the_size_limit_is_never_read(folder: Path) -> None:
    (folder / "big.txt").write_text("A line.\n" * 20_000)
    reason = one_error(folder, "big.txt", "--max-file-size", "100kB")
    assert (
        reason
        == "too large: the file is 160 kB (the limit is 100 kB: --max-file-size, or max-file-size in the configuration)"
    )


def test_the_size_limit_holds_with_the_cache(folder: Path, tmp_path: Path) -> None:
    (folder / "big.txt").write_text("A line.\n" * 20_000)
    code, _, err = invoke("check", str(folder), "--cache-dir", str(tmp_path / "c"), "--max-file-size", "100kB")
    assert code == 1 and err == ""


# --- the settings -----------------------------------------------------------------------------------------


def test_sizes_are_read_as_people_write_them() -> None:
    assert parse_size("200MB") == parse_size("200 mb") == 200 * MB
    assert parse_size("1.5GB") == 1_500_000_000 and parse_size("512MiB") == 512 * 1024**2
    assert parse_size(1000) == parse_size("1000") == 1000
    for bad in ("abc", "0", "-5MB", "12 parsecs"):
        with pytest.raises(ValueError, match="is not a size"):
            parse_size(bad)


def test_a_bad_max_file_size_is_a_usage_error(folder: Path) -> None:
    code, _, err = invoke("analyze", str(folder), "--max-file-size", "lots")
    assert (code, err) == (2, "error: --max-file-size: 'lots' is not a size (e.g. 200MB, 1.5GB, 512MiB)\n")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('max-file-size = "big"', "key 'max-file-size': 'big' is not a size"),
        ("max-pages = 0", "key 'max-pages': 0 is not a count"),
        ('max-chars = "many"', "key 'max-chars': expected an integer, got a string"),
    ],
)
def test_bad_limits_in_the_configuration_name_the_key(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / ".briefs.toml").write_text(setting + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_limits_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / ".briefs.toml").write_text('max-file-size = "50MB"\nmax-memory = "1GiB"\nmax-pages = 900\n')
    limits = load_config(tmp_path).limits
    assert limits == Limits(max_file_size=50 * MB, max_memory=1024**3, max_pages=900)


def test_a_limit_crosses_from_a_reading_process_intact() -> None:
    import pickle

    error = LimitExceeded("too large: 9 pages (the limit is 5: max-pages in the configuration)", "max_pages")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.name) == (str(error), "max_pages")


# --- memory: in a real process under RLIMIT_AS --------------------------------------------------------------


def _limited(address_space: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc are Linux's")
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["one-process", "workers"])
def test_bombs_fail_alone_in_a_process_that_cannot_hold_them(folder: Path, jobs: str) -> None:
    hostile.docx_bomb(folder / "bomb.docx", 30 * MB)  # under max-file-size unpacked, 5 million elements
    (folder / "flate.pdf").write_bytes(hostile.pdf_flate_bomb(250 * MB))  # inflates past max-memory
    (folder / "one.pdf").write_bytes(hostile.pdf_with_text())
    (folder / "one.docx").write_bytes(hostile.small_docx())
    shutil.copy(SEED, folder / "good2.txt")
    configure(folder, 'max-memory = "100MB"\nmax-elements = 300000\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "briefs_analyzer", "analyze", str(folder), "--no-cache", "-j", jobs]
    command += ["--format", "json", "--model", ""]
    proc = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
        cwd=folder,  # its .briefs.toml lowers max-memory, and max-elements to save time
        preexec_fn=lambda: _limited(3 * 10**9),
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == [str(folder / "bomb.docx"), str(folder / "flate.pdf")]
    assert "too large: more than 300,000 XML elements" in lines[0]
    assert "100 MB" in lines[1] or "out of memory" in lines[1], lines[1]
    names = sorted(Path(b["path"]).name for b in json.loads(proc.stdout)["briefs"])
    assert names == ["good.txt", "good2.txt", "one.docx", "one.pdf"]
