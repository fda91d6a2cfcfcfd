"""Output files: checked before a run, written beside and renamed when complete.

The one writer of every file ``briefs`` writes: ``report -o``, ``export -o``, ``check -o`` and the
briefs ``check --fix`` repairs.  A run that fails half-way (a full disk, Ctrl-C, a bug) never
destroys an earlier result: every file is written to a temporary file in the same folder and
renamed over the target only once it is complete.  New files get the permissions the user's umask
gives a new file (``mkstemp`` alone would leave them 0600); a file rewritten in place keeps its own.

:func:`check_output` is called before the analysis starts, so a typo in an output path costs
nothing: a missing folder, a folder where a file is wanted, a file that is not a regular file or
cannot be written is one :class:`OutputError`.  This module imports nothing heavy: it is on the
start-up path of ``briefs check``.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _fffd(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "\ufffd".encode(), error.end  # bytes: the UTF-8 encoder takes only ASCII text from a handler


REPLACE = "briefs-fffd"  # an encoding error handler: what UTF-8 cannot hold becomes U+FFFD
codecs.register_error(REPLACE, _fffd)


class OutputError(Exception):
    """An output path that cannot be written; the message says why, in words a person can act on."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open(path, "w")`` would give a new file: 0666 less the umask."""
    return 0o666 & ~_umask()


def check_output(path: Path, *, folder: bool = False, make_parents: bool = False) -> None:
    """Raise :class:`OutputError` unless ``path`` can take the output (a file, or a folder of files).

    Checked before the analysis starts, so a typo costs nothing: the folder it goes into must
    exist (``make_parents``: it is created now, as ``check -o`` promises) and be writable; a file
    output must not be an existing folder or anything but a regular file; a folder output must not
    be an existing file.
    """
    parent = path.parent if str(path.parent) else Path(".")
    if make_parents and not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(path, f"folder {parent} cannot be created ({_os_reason(exc)})") from exc
    if not parent.exists():
        raise OutputError(path, f"folder {parent} does not exist")
    if not parent.is_dir():
        raise OutputError(path, f"{parent} is not a folder")
    if path.exists():
        if folder and not path.is_dir():
            raise OutputError(path, "it is a file, and this format writes a folder")
        if not folder and path.is_dir():
            raise OutputError(path, "it is a folder (give a file name)")
        if not folder and not stat.S_ISREG(path.stat().st_mode):
            raise OutputError(path, "it is not a regular file")
        if not os.access(path, os.W_OK):
            raise OutputError(path, "permission denied")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(path, f"permission denied (folder {parent} is not writable)")
    _probe(path, folder=parent)


def _probe(path: Path, folder: Path) -> None:
    """Make and remove a file in ``folder``: the one sure test that the output can be written there
    (``os.access`` says yes to root on a read-only mount or in ``/proc``)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".briefs-probe-", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"folder {folder} is not writable ({_os_reason(exc)})") from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)


def _os_reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


@contextlib.contextmanager
def atomic_path(path: Path, *, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` when the block succeeds.

    On failure the temporary file is removed and ``path`` is left as it was.  OSErrors become
    :class:`OutputError`.  The file gets ``mode``, else what the umask gives a new file.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as exc:
        raise OutputError(path, _os_reason(exc)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, new_file_mode() if mode is None else mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(path, _os_reason(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[IO[str]]:
    """A text file (UTF-8, ``\\n`` line ends) that replaces ``path`` once the block succeeds.

    A character UTF-8 cannot hold (a lone surrogate, from a file name that is not UTF-8) is
    written as U+FFFD, so the file is always valid UTF-8 and the write never fails half-way.
    """
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", errors=REPLACE, newline="") as f:
        yield f


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically.  Raises :class:`OutputError`."""
    with atomic_text(path) as f:
        f.write(text)


def replace_bytes(path: Path, data: bytes) -> None:
    """Rewrite an existing file in place, atomically, keeping its permissions (``check --fix``).

    Raises :class:`OutputError`."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        raise OutputError(path, _os_reason(exc)) from exc
    with atomic_path(path, mode=mode) as tmp:
        tmp.write_bytes(data)


def make_folder(path: Path) -> None:
    try:
        path.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(path, _os_reason(exc)) from exc
