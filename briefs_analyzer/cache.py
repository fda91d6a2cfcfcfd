"""An incremental cache of analysed briefs in one SQLite file (standard library ``sqlite3``).

Keyed by the file's sha256 and a *salt*: the analyser's version plus a hash of the
configuration that changes results (source-type table, gazetteers, model), so an unchanged
brief is never parsed again and a change of analyser or configuration misses cleanly.

Beside each brief it keeps its *views* (:mod:`briefs_analyzer.views`): what an output needs
from the brief, so a warm run copies a table row or a JSON fragment out instead of
rebuilding the brief.

Every write is its own transaction, so an interrupted run (Ctrl-C, kill) leaves a usable
cache; a file that is not a readable cache is set aside and rebuilt, with a warning.  A cache
that cannot be opened or written at all (a read-only folder, an unwritable working directory)
is no reason to lose the run: :func:`open_cache` warns and the run goes on without it.

**The cache is not trusted.**  A ``.briefs_cache`` checked into a repository, or edited by hand,
must not make ``briefs check`` pass a brief that fails: every row carries an HMAC-SHA256 over all
its fields, keyed by a secret that never lives in the cache or the repository
(:func:`user_secret`: ``$XDG_CACHE_HOME/briefs-analyzer/cache-key``, made on first use, mode
0600) and the cache's own random id, so each cache has its own key.  A row whose MAC does not
verify (written by someone else, edited, or by a version before MACs) is a miss: the brief is
analysed anew and the row overwritten.  A row that cannot be decoded is a miss too.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import warnings
import zlib
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from briefs_analyzer.defaults import CACHE_FILE_NAME, DEFAULT_CACHE_DIR
from briefs_analyzer.limits import open_regular
from briefs_analyzer.model import Brief
from briefs_analyzer.serialize import from_data, to_data
from briefs_analyzer.views import Projected, View

T = TypeVar("T")

CACHE_FORMAT = 3  # 2: rows compressed with zlib; 3: rows signed (``mac``)
FILE_NAME = CACHE_FILE_NAME
DEFAULT_DIR = DEFAULT_CACHE_DIR
SECRET_FILE = "cache-key"
_SECRET_BYTES = 32


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


class CacheUnavailable(Exception):
    """The cache cannot be opened or made (the message says why); a run goes on without it."""


def secret_folder() -> Path:
    """Where the secret that signs cache rows is kept: ``$XDG_CACHE_HOME/briefs-analyzer``
    (``~/.cache/briefs-analyzer``), the user's own, never a repository's."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefs-analyzer"


def user_secret() -> bytes:
    """The user's secret for signing cache rows, made (32 random bytes, mode 0600) on first use.

    Raises :class:`CacheUnavailable` when it can be neither read nor made.
    """
    try:
        folder = secret_folder()
        path = folder / SECRET_FILE
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another run made it first
                data = path.read_bytes()
            else:
                data = secrets.token_bytes(_SECRET_BYTES)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
    except (OSError, RuntimeError) as exc:  # RuntimeError: no home folder to be found
        raise CacheUnavailable(f"the key that signs the cache cannot be kept ({exc})") from exc
    if len(data) < _SECRET_BYTES:
        raise CacheUnavailable(f"the key that signs the cache, {path}, is damaged (remove it to make another)")
    return data


def _field(value: str | bytes) -> bytes:
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return len(raw).to_bytes(8, "big") + raw


def open_cache(folder: Path, key: str) -> BriefCache | None:
    """The cache in ``folder``, or None (with a :class:`CacheWarning`) when it cannot be used:
    the run then goes on without it."""
    try:
        return BriefCache(folder, key)
    except CacheUnavailable as exc:
        warnings.warn(f"{exc}; running without the cache", CacheWarning, stacklevel=2)
        return None


def file_sha256(path: Path, max_size: int | None = None) -> str:
    """The sha256 of a regular file's bytes.  Raises :class:`~briefs_analyzer.model.BriefError` for what is
    not a regular file (never waited on) or holds more than ``max_size`` bytes, ``OSError`` if it cannot be read."""
    h = hashlib.sha256()
    with open_regular(path, max_size) as (fd, _size):
        for block in iter(lambda: os.read(fd, 1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class BriefCache:
    """Analysed briefs by (sha256, salt).  Use as a context manager, or call :meth:`close`."""

    def __init__(self, folder: Path, key: str) -> None:
        """Open (or make) the cache in ``folder``.  Raises :class:`CacheUnavailable`."""
        self.path = folder / FILE_NAME
        self.key = key
        self._untrusted_told = False
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheUnavailable(f"cache folder {folder} cannot be made ({exc.strerror or exc})") from exc
        secret = user_secret()
        self.db = self._open()
        try:
            self._mac_key = hmac.new(secret, b"briefs-cache\0" + self._cache_id(), hashlib.sha256).digest()
        except sqlite3.Error as exc:
            self.db.close()
            raise CacheUnavailable(f"cache {self.path} cannot be opened ({exc})") from exc

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.OperationalError as exc:  # cannot be opened or written: read-only, locked, not a file
            raise CacheUnavailable(f"cache {self.path} cannot be opened ({exc})") from exc
        except sqlite3.DatabaseError as exc:  # not a database, or a damaged one
            broken = self.path.with_suffix(".broken")
            warnings.warn(
                f"cache {self.path} is unreadable ({exc}); moved to {broken.name} and rebuilt",
                CacheWarning,
                stacklevel=3,
            )
            try:
                self.path.replace(broken)
                return self._connect()
            except (OSError, sqlite3.Error) as again:
                raise CacheUnavailable(f"cache {self.path} cannot be rebuilt ({again})") from again

    def _cache_id(self) -> bytes:
        """This cache's random id (made with it): with the user's secret, the key of its MACs."""
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('id', ?)", (secrets.token_bytes(16),))
        row = self.db.execute("SELECT value FROM meta WHERE name = 'id'").fetchone()
        value = row[0] if row else None
        return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")

    def _mac(self, kind: str, *fields: str | bytes) -> bytes:
        return hmac.new(self._mac_key, b"".join(_field(f) for f in (kind, *fields)), hashlib.sha256).digest()

    def _verified(self, mac: object, kind: str, *fields: str | bytes) -> bool:
        if isinstance(mac, bytes) and hmac.compare_digest(mac, self._mac(kind, *fields)):
            return True
        if not self._untrusted_told:
            self._untrusted_told = True
            warnings.warn(
                f"cache {self.path} holds entries this user's briefs-analyzer did not write (their signature does not"
                " verify); they are analysed anew",
                CacheWarning,
                stacklevel=4,
            )
        return False

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
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
        for table in ("briefs", "views"):  # a cache made before rows were signed: add the column
            if "mac" not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
                db.execute(f"ALTER TABLE {table} ADD COLUMN mac BLOB")
        db.execute("SELECT count(*) FROM briefs").fetchone()  # fails here on a damaged file
        db.commit()
        return db

    def get(self, sha256: str, path: str) -> Brief | None:
        """The cached analysis of the file with this hash, now at ``path``; None on a miss (also for
        a row whose signature does not verify, or that cannot be decoded)."""
        row = self._read("SELECT data, mac FROM briefs WHERE sha256 = ? AND salt = ?", (sha256, self.key))
        if row is None:
            return None
        data, mac = row
        if not isinstance(data, bytes) or not self._verified(mac, "brief", sha256, self.key, data):
            return None
        try:
            brief = from_data(Brief, json.loads(zlib.decompress(data)))
            return brief if brief.path == path else replace(brief, path=path)
        except Exception:  # noqa: BLE001 - a row is input like any other: one that cannot be read is a miss
            return None

    def put(self, brief: Brief) -> None:
        try:
            data = _pack(json.dumps(to_data(brief), ensure_ascii=False, separators=(",", ":")).encode())
        except (ValueError, TypeError) as exc:
            warnings.warn(f"cache {self.path}: a brief cannot be stored ({exc})", CacheWarning, stacklevel=2)
            return
        mac = self._mac("brief", brief.sha256, self.key, data)
        self._write(
            "INSERT OR REPLACE INTO briefs (sha256, salt, data, mac) VALUES (?, ?, ?, ?)",
            (brief.sha256, self.key, data, mac),
        )

    def get_view(self, sha256: str, path: str, view: View[T]) -> Projected[T] | None:
        """The stored ``view`` of the file with this hash at ``path``; None on a miss (also for a row
        whose signature does not verify, or that cannot be decoded)."""
        row = self._read(
            "SELECT notices, data, mac FROM views WHERE sha256 = ? AND salt = ? AND view = ? AND path = ?",
            (sha256, self.key, view.name, path),
        )
        if row is None:
            return None
        notices, data, mac = row
        if not isinstance(notices, str) or not isinstance(data, bytes):
            return None
        if not self._verified(mac, "view", sha256, self.key, view.name, path, notices, data):
            return None
        try:
            return Projected(path, view.loads(zlib.decompress(data)), tuple(str(n) for n in json.loads(notices)))
        except Exception:  # noqa: BLE001 - a row is input like any other: one that cannot be read is a miss
            return None

    def put_view(self, sha256: str, view: View[T], projected: Projected[T]) -> None:
        try:
            notices = json.dumps(projected.notices, ensure_ascii=False)
            data = _pack(view.dumps(projected.value))
        except (ValueError, TypeError) as exc:
            warnings.warn(f"cache {self.path}: a view cannot be stored ({exc})", CacheWarning, stacklevel=2)
            return
        mac = self._mac("view", sha256, self.key, view.name, projected.path, notices, data)
        self._write(
            "INSERT OR REPLACE INTO views (sha256, salt, view, path, notices, data, mac) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (sha256, self.key, view.name, projected.path, notices, data, mac),
        )

    def _read(self, sql: str, values: tuple[str, ...]) -> tuple[Any, ...] | None:
        try:
            row: tuple[Any, ...] | None = self.db.execute(sql, values).fetchone()
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"cache {self.path} cannot be read ({exc}); analysing anew", CacheWarning, stacklevel=3)
            return None
        return row

    def _write(self, sql: str, values: tuple[str | bytes, ...]) -> None:
        """Run one write in its own transaction; a cache that cannot be written is told, never fatal."""
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
