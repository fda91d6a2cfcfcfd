"""Reading limits: no file can exhaust the machine (issue 23).

A brief is input from anyone.  Each limit bounds one resource a hostile file could take, and a file
over a limit fails alone with one line that names the limit and how to raise it::

    error: big.pdf: too large: 200,000 pages (the limit is 5,000: max-pages in the configuration)
    error: bomb.docx: too large: the document unpacks to 3.0 GB (the limit is 200 MB: --max-file-size, ...)

======================  ==========  ===============================================================
limit (configuration)   default     what it bounds
======================  ==========  ===============================================================
``max-file-size``       200 MB      bytes read from disk (any format; also ``--max-file-size``), and
                                    the unpacked size of a .docx (its zip directory is checked
                                    before anything is unpacked)
``max-chars``           10,000,000  characters of text one file gives (PDF, Word, HTML, text): what
                                    every later stage works on, in time and memory
``max-pages``           5,000       pages of a PDF (a page tree can name one page 200,000 times)
``max-elements``        2,000,000   XML elements of a .docx, HTML elements of a page: counted while
                                    streaming (lxml ``iterparse``) before the tree is built
``max-memory``          2 GB        the address space reading one PDF, Word or HTML file may add
                                    (``RLIMIT_AS`` in the process that reads it: a flate bomb fails
                                    that file, not the machine)
======================  ==========  ===============================================================

Limits guard resources, not results: they are not part of the cache key, and a brief already in
the cache is served whatever the limits (serving it costs nothing).

This module imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from briefs_analyzer.model import BriefError

KB, MB, GB = 1000, 1000**2, 1000**3
_UNITS = {"": 1, "b": 1, "k": KB, "kb": KB, "m": MB, "mb": MB, "g": GB, "gb": GB}
_UNITS |= {"kib": 1024, "mib": 1024**2, "gib": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


@dataclass(frozen=True)
class Limits:
    """The most one file may take; see the module's table.  Sizes in bytes."""

    max_file_size: int = 200 * MB
    max_chars: int = 10_000_000
    max_pages: int = 5_000
    max_elements: int = 2_000_000
    max_memory: int = 2 * GB


DEFAULT_LIMITS = Limits()
SIZES = frozenset({"max_file_size", "max_memory"})  # given as sizes ("200MB"); the others are counts

# Each limit's configuration key and, where it has one, its command-line option.
KEYS = {
    "max_file_size": ("max-file-size", "--max-file-size"),
    "max_chars": ("max-chars", None),
    "max_pages": ("max-pages", None),
    "max_elements": ("max-elements", None),
    "max_memory": ("max-memory", None),
}


class LimitExceeded(BriefError):
    """A file over one of the :class:`Limits` (``name``); the message names the limit and how to raise it."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name

    def __reduce__(self) -> tuple[type[LimitExceeded], tuple[str, str]]:  # sent back from a reading process
        return (LimitExceeded, (str(self), self.name))


def over(said: str, limit: str, name: str) -> LimitExceeded:
    """``too large: the file is 312 MB (the limit is 200 MB: --max-file-size, or max-file-size in the
    configuration)``: what was found, the limit, and how to raise it."""
    key, option = KEYS[name]
    how = f"{option}, or {key} in the configuration" if option else f"{key} in the configuration"
    return LimitExceeded(f"too large: {said} (the limit is {limit}: {how})", name)


def human_size(size: float) -> str:
    """``1234567`` -> ``1.2 MB``: sizes as the messages print them."""
    for unit, factor in (("GB", GB), ("MB", MB), ("kB", KB)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value >= 100 or value == int(value) else f"{value:.1f} {unit}"
    return f"{int(size)} bytes"


def parse_size(value: str | int) -> int:
    """``"200MB"``, ``"1.5 GB"``, ``"512MiB"``, ``"1000"`` (bytes) or an int -> bytes.  ValueError if not a size."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError(f"{value} is not a size (it must be more than 0)")
        return value
    m = _SIZE.fullmatch(str(value))
    unit = _UNITS.get(m.group(2).lower()) if m else None
    if m is None or unit is None:
        raise ValueError(f"{value!r} is not a size (e.g. 200MB, 1.5GB, 512MiB)")
    size = int(float(m.group(1)) * unit)
    if size <= 0:
        raise ValueError(f"{value!r} is not a size (it must be more than 0)")
    return size


def limits_from(values: dict[str, str | int | None], base: Limits = DEFAULT_LIMITS) -> Limits:
    """``base`` with the limits given in ``values`` (by field name; None: not given), checked.
    Raises ``ValueError`` naming the configuration key."""
    changes: dict[str, int] = {}
    for name, value in values.items():
        if value is None:
            continue
        key = KEYS[name][0]
        try:
            if name in SIZES:
                changes[name] = parse_size(value)
            elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
                changes[name] = value
            else:
                raise ValueError(f"{value!r} is not a count (a whole number more than 0)")
        except ValueError as exc:
            raise ValueError(f"key {key!r}: {exc}") from None
    return replace(base, **changes)


def too_many(what: str, count: int, limit: int, name: str, *, exact: bool = True) -> LimitExceeded:
    """A limit on a count: ``too large: 200,000 pages (the limit is 5,000: ...)``; ``exact=False`` for a
    count that stopped once past the limit (``more than 2,000,000 XML elements``)."""
    said = f"{count:,} {what}" if exact else f"more than {limit:,} {what}"
    return over(said, f"{limit:,}", name)


def check_count(what: str, count: int, limit: int, name: str) -> None:
    if count > limit:
        raise too_many(what, count, limit, name)


# --- reading a file: a regular file, and no more than the limit -----------------------------------


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def not_regular(mode: int) -> str:
    """Why a file of this mode is not read: ``not a regular file (a named pipe); only regular files are read``."""
    kind = next((what for test, what in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}); only regular files are read"


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


@contextlib.contextmanager
def open_regular(path: Path, max_size: int | None = None) -> Iterator[tuple[int, int]]:
    """Open ``path`` for reading only if it is a regular file of at most ``max_size`` bytes:
    (file descriptor, size).  Raises :class:`BriefError` (:class:`LimitExceeded` for the size).

    Opened without blocking, then checked on the open file (not the name, which could change in
    between): a FIFO is never waited on, ``/dev/zero`` never read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BriefError(_reason(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BriefError(not_regular(info.st_mode))
        if max_size is not None and info.st_size > max_size:
            raise _too_big(info.st_size, max_size)
        yield fd, info.st_size
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> LimitExceeded:
    return over(f"the file is {human_size(size)}", human_size(limit), "max_file_size")


def read_limited(path: Path, max_size: int) -> bytes:
    """The bytes of the regular file ``path``, if it holds at most ``max_size`` (also when it grows
    while being read).  Raises :class:`BriefError` with a reason a person can act on."""
    with open_regular(path, max_size) as (fd, size):
        chunks: list[bytes] = []
        total = 0
        try:
            while True:
                chunk = os.read(fd, max(min(size - total, max_size + 1 - total), 1 << 16))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
                if total > max_size:
                    raise _too_big(total, max_size)
        except OSError as exc:
            raise BriefError(_reason(exc)) from exc
    return b"".join(chunks)


# --- memory -----------------------------------------------------------------------------------------


def _address_space() -> int | None:
    """The address space this process has now (Linux: ``/proc/self/statm``), in bytes."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def cap_memory(extra: int) -> bool:
    """Let this process grow by at most ``extra`` bytes of address space from now on (``RLIMIT_AS``,
    never above the hard limit it already has).  For a process that reads one file and ends, or that
    restores the limit after (:func:`memory_capped`).  False where it cannot be done."""
    now = _address_space()
    if now is None:
        return False
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = now + extra
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft != resource.RLIM_INFINITY:
            cap = min(cap, soft)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        return False
    return True


def out_of_memory(extra: int) -> LimitExceeded:
    return over(f"reading it needs more than {human_size(extra)} of memory", human_size(extra), "max_memory")


@contextlib.contextmanager
def memory_capped(extra: int) -> Iterator[None]:
    """:func:`cap_memory` for the block, then the limit as it was.  A ``MemoryError`` inside it
    becomes a :class:`LimitExceeded` naming ``max-memory``."""
    try:
        before = resource.getrlimit(resource.RLIMIT_AS)
    except (OSError, ValueError):
        yield
        return
    capped = cap_memory(extra)
    try:
        yield
    except MemoryError as exc:
        raise out_of_memory(extra) from exc
    finally:
        if capped:
            with contextlib.suppress(OSError, ValueError):
                resource.setrlimit(resource.RLIMIT_AS, before)
