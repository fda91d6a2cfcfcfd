"""The cache is neither trusted nor needed (issue 23): a poisoned, malformed, unwritable or read-only
cache never changes a result and never loses the run."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from briefs_analyzer.cache import FILE_NAME, BriefCache, CacheWarning, user_secret
from briefs_analyzer.check import CHECK_VIEW
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief
from briefs_analyzer.pipeline import build_pipeline
from tests.conftest import ROOT, SEEDS
from tests.factories import invoke

SEED = SEEDS / "004_7a6a544e9fa6e7d1.txt"
BROKEN = "# A brief\n\nSanctions were imposed in 1998.[^1] They were lifted.[^2]\n\n[^1]: Reuters, 14 May 1998.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "broken.md").write_text(BROKEN, encoding="utf-8")
    return folder


def names(out: str) -> list[str]:
    return sorted(Path(b["path"]).name for b in json.loads(out)["briefs"])


# --- a cache that cannot be used is no reason to lose the run ------------------------------------------


def test_an_unwritable_cache_folder_warns_and_the_run_goes_on(corpus: Path) -> None:
    code, out, err = invoke("analyze", str(corpus), "--format", "json", "--cache-dir", "/proc/briefs-cache")
    assert code == 0
    assert names(out) == ["004_7a6a544e9fa6e7d1.txt", "broken.md"]
    assert err.startswith("warning: cache folder /proc/briefs-cache cannot be made (")
    assert err.endswith("; running without the cache\n") and err.count("\n") == 1


def test_the_default_cache_in_an_unwritable_working_directory(corpus: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BRIEFS_CACHE_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "briefs_analyzer", "check", str(corpus), "--format", "json"],
        cwd="/proc",  # no one can make .briefs_cache/ here, root included
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # broken.md has findings: the check ran
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("warning: cache folder .briefs_cache cannot be made (")
    assert {Path(f["path"]).name for f in json.loads(proc.stdout)["findings"]} >= {"broken.md"}


def test_a_cache_file_that_cannot_be_opened_warns_and_the_run_goes_on(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / FILE_NAME).mkdir(parents=True)  # a folder where the database should be
    code, out, err = invoke("analyze", str(corpus), "--format", "json", "--cache-dir", str(cache))
    assert code == 0 and names(out) == ["004_7a6a544e9fa6e7d1.txt", "broken.md"]
    assert err.startswith(f"warning: cache {cache / FILE_NAME} cannot be opened (")
    assert (cache / FILE_NAME).is_dir()  # never set aside as if it were a damaged file


def _nobody() -> list[str] | None:
    """A command prefix that runs as another user who cannot write root's files (None: cannot)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder another user can read (pytest's own temporary folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="briefs-shared-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_read_only_cache_warns_and_the_run_goes_on(shared: Path) -> None:
    prefix = _nobody()
    if prefix is None:
        pytest.skip("running as root without setpriv: no user for whom the cache is read-only")
    probe = [*prefix, sys.executable, "-c", "import briefs_analyzer"]
    reach = subprocess.run(probe, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, check=False)
    if reach.returncode != 0:
        pytest.skip("another user cannot read this checkout (a private folder, e.g. under mktemp -d)")
    shutil.copy(SEED, shared / SEED.name)
    (shared / SEED.name).chmod(0o644)
    cache = shared / "cache"
    homes = {}
    for who in ("owner", "other"):
        homes[who] = shared / who
        homes[who].mkdir()
        homes[who].chmod(0o777)  # each user keeps the key that signs caches in a home of their own
    command = [sys.executable, "-m", "briefs_analyzer", "analyze", str(shared / SEED.name), "--format", "json"]
    command += ["--cache-dir", str(cache), "--model", ""]

    def env(who: str) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(homes[who]), "HOME": str(homes[who])}

    owner = subprocess.run(command, env=env("owner"), capture_output=True, text=True, timeout=300, check=False)
    assert owner.returncode == 0 and owner.stderr == "", owner.stderr  # the owner made the cache
    other = subprocess.run(
        [*prefix, *command], env=env("other"), capture_output=True, text=True, timeout=300, check=False
    )
    assert other.returncode == 0, other.stderr
    assert names(other.stdout) == [SEED.name]
    assert other.stderr.startswith(f"warning: cache {cache / FILE_NAME} cannot be opened (")
    assert "Traceback" not in other.stderr


# --- malformed and forged rows are misses ---------------------------------------------------------------


def _briefs(folder: Path, cache: Path) -> list[Brief]:
    return [r for r in Runner(Config(), entities=False, cache_dir=cache).run([folder]) if isinstance(r, Brief)]


def test_malformed_rows_with_the_current_key_are_misses(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _briefs(corpus, cache)
    key = build_pipeline(Config(), entities=False).key
    with sqlite3.connect(cache / FILE_NAME) as db:
        db.execute("UPDATE briefs SET data = x'789c0300000000'  WHERE salt = ?", (key,))  # zlib of nothing
        db.execute("INSERT OR REPLACE INTO briefs (sha256, salt, data) VALUES ('x', ?, 42)", (key,))
    with pytest.warns(CacheWarning, match="did not write"):
        again = _briefs(corpus, cache)
    assert again == first


def test_a_row_that_verifies_but_cannot_be_decoded_is_a_miss(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (brief, *_) = _briefs(corpus, cache)
    store = BriefCache(cache, build_pipeline(Config(), entities=False).key)
    data = zlib.compress(b'{"path": 3}')
    with store.db:
        store.db.execute(
            "UPDATE briefs SET data = ?, mac = ? WHERE sha256 = ?",
            (data, store._mac("brief", brief.sha256, store.key, data), brief.sha256),
        )
    assert store.get(brief.sha256, brief.path) is None
    store.close()
    assert _briefs(corpus, cache)[0] == brief


def test_a_poisoned_cache_cannot_pass_the_gate(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code, out, _ = invoke("check", str(corpus), "--format", "json", "--cache-dir", str(cache))
    assert code == 1 and any(f["code"] == "BA101" for f in json.loads(out)["findings"])
    # Someone edits the rows by hand (or commits a cache made elsewhere): no findings for broken.md.
    with sqlite3.connect(cache / FILE_NAME) as db:
        where = "view = ? AND path LIKE '%broken.md'"
        (data,) = db.execute(f"SELECT data FROM views WHERE {where}", (CHECK_VIEW.name,)).fetchone()
        checked = orjson.loads(zlib.decompress(data))
        checked["findings"] = []
        db.execute(f"UPDATE views SET data = ? WHERE {where}", (zlib.compress(orjson.dumps(checked)), CHECK_VIEW.name))
    code, out, err = invoke("check", str(corpus), "--format", "json", "--cache-dir", str(cache))
    assert code == 1, "the poisoned cache let a failing brief through"
    assert any(f["code"] == "BA101" for f in json.loads(out)["findings"])
    assert "did not write" in err
    code, out, _ = invoke("check", str(corpus), "--format", "json", "--no-cache")
    assert code == 1


def test_the_secret_is_kept_outside_the_cache_private_to_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    secret = user_secret()
    path = tmp_path / "xdg" / "briefs-analyzer" / "cache-key"
    assert path.read_bytes() == secret and len(secret) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert user_secret() == secret  # made once, then read
