"""An incremental cache of analysed briefs in one SQLite file (standard library ``sqlite3``).

Keyed by the file's sha256 and a *salt*: the analyser's version plus a hash of the
configuration that changes results (source-type table, gazetteers, model), so an unchanged
brief is never parsed again and a change of analyser or configuration misses cleanly.

Beside each brief it keeps its *views* (:mod:`briefs_analyzer.views`): what an output needs
from the brief, so a warm run copies a table row or a JSON fragment out instead of
rebuilding the brief.

Every write is its own transaction, so an interrupted run (Ctrl-C, kill) leaves a usable
cache; a file that is not a readable cache is set aside and rebuilt, with a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import warnings
import zlib
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from briefs_analyzer.defaults import CACHE_FILE_NAME, DEFAULT_CACHE_DIR
from briefs_analyzer.model import Brief
from briefs_analyzer.serialize import from_data, to_data
from briefs_analyzer.views import Projected, View

T = TypeVar("T")

CACHE_FORMAT = 2  # 2: rows compressed with zlib
FILE_NAME = CACHE_FILE_NAME
DEFAULT_DIR = DEFAULT_CACHE_DIR


def _pack(data: bytes) -> bytes:
    """Rows are JSON, compressed: a brief's rendered JSON shrinks about five times, and
    decompressing it costs a warm run 0.3 ms a brief."""
    return zlib.compress(data, 1)


@dataclass(frozen=True)
class CacheSummary:
    path: str
    size: int  # bytes on disk, write-ahead log included
    briefs: int
    views: int
    kept_briefs: int  # of those, what the keys asked about can use
    kept_views: int


def _size(path: Path) -> int:
    files = (path, path.with_name(path.name + "-wal"))
    return sum(f.stat().st_size for f in files if f.exists())


def remove(folder: Path) -> list[Path]:
    """Delete the cache's own files in ``folder`` (never anything else), then the folder if
    that leaves it empty.  The files removed."""
    name = FILE_NAME
    ours = [folder / n for n in (name, f"{name}-wal", f"{name}-shm", Path(name).with_suffix(".broken").name)]
    removed = [f for f in ours if f.exists()]
    for f in removed:
        f.unlink()
    with contextlib.suppress(OSError):  # not empty, or not there: leave it
        folder.rmdir()
    return removed


class CacheWarning(UserWarning):
    """The cache could not be used as it was (it was rebuilt, or is being bypassed)."""


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class BriefCache:
    """Analysed briefs by (sha256, salt).  Use as a context manager, or call :meth:`close`."""

    def __init__(self, folder: Path, key: str) -> None:
        self.path = folder / FILE_NAME
        self.key = key
        folder.mkdir(parents=True, exist_ok=True)
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            broken = self.path.with_suffix(".broken")
            warnings.warn(
                f"cache {self.path} is unreadable ({exc}); moved to {broken.name} and rebuilt",
                CacheWarning,
                stacklevel=3,
            )
            self.path.replace(broken)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # with WAL: still safe against a killed process
        db.execute(
            "CREATE TABLE IF NOT EXISTS briefs ("
            " sha256 TEXT NOT NULL, salt TEXT NOT NULL, data BLOB NOT NULL,"
            " PRIMARY KEY (sha256, salt)) WITHOUT ROWID"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS views ("
            " sha256 TEXT NOT NULL, salt TEXT NOT NULL, view TEXT NOT NULL, path TEXT NOT NULL,"
            " notices TEXT NOT NULL, data BLOB NOT NULL,"
            " PRIMARY KEY (sha256, salt, view, path)) WITHOUT ROWID"
        )
        db.execute("SELECT count(*) FROM briefs").fetchone()  # fails here on a damaged file
        db.commit()
        return db

    def get(self, sha256: str, path: str) -> Brief | None:
        """The cached analysis of the file with this hash, now at ``path``; None on a miss."""
        row = self._read("SELECT data FROM briefs WHERE sha256 = ? AND salt = ?", (sha256, self.key))
        if row is None:
            return None
        try:
            brief = from_data(Brief, json.loads(zlib.decompress(row[0])))
        except (ValueError, TypeError, KeyError, zlib.error):
            return None  # an entry from an incompatible writer: analyse again and overwrite
        return brief if brief.path == path else replace(brief, path=path)

    def put(self, brief: Brief) -> None:
        data = _pack(json.dumps(to_data(brief), ensure_ascii=False, separators=(",", ":")).encode())
        self._write(
            "INSERT OR REPLACE INTO briefs (sha256, salt, data) VALUES (?, ?, ?)", (brief.sha256, self.key, data)
        )

    def get_view(self, sha256: str, path: str, view: View[T]) -> Projected[T] | None:
        """The stored ``view`` of the file with this hash at ``path``; None on a miss."""
        row = self._read(
            "SELECT notices, data FROM views WHERE sha256 = ? AND salt = ? AND view = ? AND path = ?",
            (sha256, self.key, view.name, path),
        )
        if row is None:
            return None
        try:
            return Projected(path, view.loads(zlib.decompress(row[1])), tuple(json.loads(row[0])))
        except (ValueError, TypeError, KeyError, zlib.error):
            return None  # written by an incompatible version: made again from the brief

    def put_view(self, sha256: str, view: View[T], projected: Projected[T]) -> None:
        self._write(
            "INSERT OR REPLACE INTO views (sha256, salt, view, path, notices, data) VALUES (?, ?, ?, ?, ?, ?)",
            (
                sha256,
                self.key,
                view.name,
                projected.path,
                json.dumps(projected.notices, ensure_ascii=False),
                _pack(view.dumps(projected.value)),
            ),
        )

    def _read(self, sql: str, values: tuple[str, ...]) -> tuple[Any, ...] | None:
        try:
            row: tuple[Any, ...] | None = self.db.execute(sql, values).fetchone()
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"cache {self.path} cannot be read ({exc}); analysing anew", CacheWarning, stacklevel=3)
            return None
        return row

    def _write(self, sql: str, values: tuple[str | bytes, ...]) -> None:
        try:
            with self.db:
                self.db.execute(sql, values)
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"cache {self.path} cannot be written ({exc})", CacheWarning, stacklevel=3)

    def summary(self, keep: Collection[str]) -> CacheSummary:
        """How big the cache is, and how much of it serves the keys in ``keep``."""
        marks = ",".join("?" * len(keep)) or "NULL"
        count = "SELECT count(*), coalesce(sum(salt IN ({})), 0) FROM {}"
        briefs, kept_briefs = self.db.execute(count.format(marks, "briefs"), tuple(keep)).fetchone()
        views, kept_views = self.db.execute(count.format(marks, "views"), tuple(keep)).fetchone()
        return CacheSummary(str(self.path), _size(self.path), briefs, views, kept_briefs, kept_views)

    def prune(self, keep: Collection[str]) -> tuple[int, int]:
        """Delete what no key in ``keep`` can use (other versions, configurations); the
        briefs and views removed.  The file is then compacted (VACUUM)."""
        marks = ",".join("?" * len(keep)) or "NULL"
        with self.db:
            briefs = self.db.execute(f"DELETE FROM briefs WHERE salt NOT IN ({marks})", tuple(keep)).rowcount
            views = self.db.execute(f"DELETE FROM views WHERE salt NOT IN ({marks})", tuple(keep)).rowcount
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return briefs, views

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> BriefCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
