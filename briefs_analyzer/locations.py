"""Where briefs are: local paths, or URLs read through fsspec (``s3://``, ``gs://``, ``file://``...).

A path with a URL scheme (``scheme://``) is read through fsspec, Dask's own file layer, so a
cluster run reads its inputs where they are stored; any other path is a local path, read as
always.  fsspec is imported only when a URL is met (it comes with the ``[dask]`` extra; a
scheme such as ``s3://`` also needs that filesystem's package, e.g. ``s3fs``).

* :func:`discover` finds the briefs under local paths and URLs, in order: a URL to a folder
  is searched recursively, a URL with ``*``, ``?`` or ``[`` is a glob on its filesystem, and the
  same rules as for local folders pick the briefs (known suffixes, no hidden files, no README).
* :func:`fetch` reads a URL's bytes; :func:`spool` hands bytes to the ordinary readers.  The
  readers take a path (PDFium maps the file, ``zipfile`` opens a Word package), so rather than a
  second entry in every reader, the bytes are written under the file's own name into a private
  temporary folder, read as any local file, and the brief is then named by its URL: the same
  reader code, the same results, value for value.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from briefs_analyzer.model import BriefError, Failure

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")  # two letters at least: C:\ is a drive, not a scheme
_MAGIC = re.compile(r"[*?\[]")
FSSPEC_MISSING = "reading URLs needs fsspec: pip install 'briefs-analyzer[dask]'"


class Url(str):
    """A location with a URL scheme, read through fsspec (kept as the user wrote it)."""

    __slots__ = ()

    @property
    def name(self) -> str:
        """The last part of the path (the file name)."""
        return PurePosixPath(self.split("://", 1)[1].split("?", 1)[0]).name


Location = Path | Url


def is_url(text: str) -> bool:
    return bool(_SCHEME.match(text))


def location(text: str) -> Location:
    """``text`` as a :class:`Url` when it has a URL scheme, else as a local :class:`Path`."""
    return Url(text) if is_url(text) else Path(text)


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError as exc:
        raise BriefError(FSSPEC_MISSING) from exc
    try:
        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown scheme, or its filesystem package is missing
        raise BriefError(_reason(exc)) from exc
    return fs, str(root)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def discover(paths: Iterable[Location]) -> Iterator[Location | Failure]:
    """The briefs under ``paths`` in order (see the module's docstring); a missing one is a Failure.

    Local paths go through :func:`briefs_analyzer.corpus.discover`; each file is yielded once.
    """
    from briefs_analyzer.corpus import discover as discover_local

    seen: set[str] = set()
    for path in paths:
        found: Iterable[Location | Failure] = _discover_url(path) if isinstance(path, Url) else discover_local([path])
        for item in found:
            if isinstance(item, Failure):
                yield item
                continue
            key = item if isinstance(item, Url) else str(item.resolve())
            if key not in seen:
                seen.add(key)
                yield item


def _discover_url(url: Url) -> Iterator[Url | Failure]:
    from briefs_analyzer.corpus import is_brief

    try:
        fs, root = _filesystem(url)
        if _MAGIC.search(root):
            base, top = _unmagic(url), _unmagic(root)
            for p in sorted(fs.glob(root)):
                if fs.isfile(p):
                    yield _under(base, top, p, fs)
            return
        if fs.isdir(root):
            for p in sorted(fs.find(root)):
                if is_brief(Path(p), Path(root)):
                    yield _under(url.rstrip("/"), root, p, fs)
            return
        if fs.exists(root):
            yield url
            return
        yield Failure(url, "no such file or directory")
    except BriefError as exc:
        yield Failure(url, str(exc))
    except Exception as exc:  # noqa: BLE001 - a filesystem's own errors (credentials, network): the URL fails alone
        yield Failure(url, _reason(exc))


def _unmagic(pattern: str) -> str:
    """The folder a glob pattern starts from: what comes before its first component with a wildcard."""
    found = _MAGIC.search(pattern)
    cut = pattern.rfind("/", 0, found.start()) if found else len(pattern)
    return pattern[: max(cut, 0)].rstrip("/")


def _under(base: str, top: str, path: str, fs: Any) -> Url:
    """The URL of ``path`` (found under ``top`` on ``fs``) written from ``base``, as the user wrote it."""
    if is_url(base + "/"):
        with contextlib.suppress(ValueError):
            return Url(f"{base}/{PurePosixPath(path).relative_to(top)}")
    return Url(fs.unstrip_protocol(path))  # a wildcard in the bucket's name: fsspec's own form


def fetch(url: Url) -> bytes:
    """The bytes at ``url``.  Raises :class:`BriefError` with a reason a person can act on."""
    fs, root = _filesystem(url)
    try:
        data: bytes = fs.cat_file(root)
    except IsADirectoryError as exc:
        raise BriefError("is a directory, not a file") from exc
    except Exception as exc:
        raise BriefError(_reason(exc)) from exc
    return data


@contextlib.contextmanager
def spool() -> Iterator[Spool]:
    """A private temporary folder to write fetched files into; removed with what is in it."""
    folder = Path(tempfile.mkdtemp(prefix="briefs-"))
    try:
        yield Spool(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Spool:
    """Fetched files, each under its own name in a folder of its own (two URLs may share a name)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def put(self, url: Url, data: bytes) -> Path:
        """Write ``data`` under the URL's file name; the local path to read it from."""
        self.count += 1
        where = self.folder / str(self.count)
        where.mkdir()
        path = where / (url.name or "brief")
        path.write_bytes(data)
        return path
