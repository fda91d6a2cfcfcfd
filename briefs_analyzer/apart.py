"""Native code kept apart: a PDF, Word or HTML file is read in a short-lived child process of its own.

The PDF libraries and lxml are native code.  A hostile or damaged file that makes one of them
fault (a segmentation fault, an abort) or take all the memory there is ends the process it runs
in, and with it every result of the run.  Worker processes (``--jobs``) already confine that to
one file (:class:`briefs_analyzer.workers.Pool`); a run in one process reads each such file in a
forked child instead, which sends the :class:`Document` back, so a fault costs that file alone.

The child's address space may grow by ``max-memory`` at most (``RLIMIT_AS``,
:func:`briefs_analyzer.limits.cap_memory`): a flate bomb or a Word file that expands to gigabytes
fails with ``too large: more than 2 GB of memory``, or, when the native library cannot say so and
dies, with :func:`crashed_reading`; the machine is never driven into its out-of-memory killer.
Word and HTML files are read here too, not only PDFs: their size is bounded before they are parsed
(:mod:`briefs_analyzer.limits`), but the child is what makes any parse that still goes wrong cost
one file, whatever went wrong; a fork costs a few milliseconds beside a parse of tens.

Linux only (it relies on ``fork`` and on ``prctl``); elsewhere these files are read in-process,
under the same memory limit where the platform has one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from briefs_analyzer.ingest import READERS, Document, PageCallback, PageCount, read_document
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits, cap_memory, human_size, out_of_memory
from briefs_analyzer.model import BriefError

AVAILABLE = sys.platform.startswith("linux")
_READERS = {"pdf": ("this PDF", "the PDF library"), "docx": ("this Word file", "the Word reader")}
_READERS["html"] = ("this page", "the HTML parser")


def crashed_reading(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Why a file whose reading process died without a word failed: a fault in the native library, or
    more memory than ``max-memory`` gives it (which of the two, the dead process cannot say)."""
    what, reader = _READERS.get(READERS.get(path.suffix.lower(), ""), _READERS["pdf"])
    return (
        f"reading {what} crashed {reader} (its process died: a fault in the library, or it needed more memory"
        f" than the {human_size(limits.max_memory)} max-memory allows); please report it"
    )


CRASHED_READING = crashed_reading(Path("x.pdf"))  # a PDF, under the default limits
_APART = frozenset({"pdf", "docx", "html"})
_FORK_WITH_THREADS = r".*is multi-threaded, use of fork\(\) may lead to deadlocks"
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent: int) -> None:
    """Have the kernel end this process when the process that started it ends (Linux).

    A child that waits on its parent (a worker on its task queue) would otherwise wait for
    ever were the parent killed (``kill -9``, the out-of-memory killer).
    """
    if not AVAILABLE:
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while child processes are forked.

    A forked child runs the parent's Python handler until it sets its own: a Ctrl-C in between
    would raise KeyboardInterrupt inside the child, which prints a traceback (or breaks a
    worker pool). Held, the signal waits in the child until :func:`ignore_ctrl_c` drops it, and
    in the parent until the block ends, where it is raised as usual.

    Python 3.12 and later warn when a process with threads forks (a progress bar's refresh
    thread, a browser driver in a test).  The children forked here touch no lock another thread
    may hold: they read one file or serve a pipe, and write nothing but to that pipe.  The warning
    would reach users as a ``warning:`` line on every file, so it is silenced for these forks only.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_FORK_WITH_THREADS, category=DeprecationWarning)
        if not AVAILABLE:
            yield
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_ctrl_c() -> None:
    """In a child: Ctrl-C is the parent's to handle (it ends its children), so ignore it, and
    drop one that arrived while it was held (:func:`ctrl_c_held`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if AVAILABLE:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def wanted(path: Path) -> bool:
    """Whether ``path`` is read by native code that is worth keeping apart (a PDF, Word or HTML file, on Linux)."""
    return AVAILABLE and READERS.get(path.suffix.lower()) in _APART


def read_apart(
    path: Path,
    *,
    password: str | None = None,
    on_page: PageCallback | None = None,
    pdf_engine: str,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """:func:`~briefs_analyzer.ingest.read_document` in a forked child.  Raises what it raises,
    and :class:`BriefError` when the child dies instead of answering.  ``on_page`` is called
    for each page once the child has read them all."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    args = (sending, path, password, pdf_engine, os.getpid(), limits)
    child = context.Process(target=_read_in_child, args=args, daemon=True)
    try:
        with ctrl_c_held():
            child.start()
        sending.close()  # the child holds the only sending end: its death is the end of the pipe
        document, pages, error = receiving.recv()
    except EOFError:  # the child died without a word
        raise BriefError(crashed_reading(path, limits)) from None
    except BaseException:  # Ctrl-C: the child is not waited for
        if child.pid is not None:
            child.terminate()
        raise
    finally:
        sending.close()
        receiving.close()
        if child.pid is not None:
            child.join()
    if on_page is not None:
        for page in range(1, pages + 1):
            on_page(page, pages)
    if error is not None:
        raise error
    assert isinstance(document, Document)
    return document


def _read_in_child(
    sending: Connection, path: Path, password: str | None, pdf_engine: str, parent: int, limits: Limits
) -> None:
    # The child lives for one file: its garbage goes with it.  A collection would walk every
    # object inherited from the parent (the spaCy model) and copy the memory pages it touches.
    gc.disable()
    ignore_ctrl_c()
    end_with_parent(parent)
    cap_memory(limits.max_memory)
    count = PageCount()
    try:
        document = read_document(path, password=password, on_page=count, pdf_engine=pdf_engine, limits=limits)
        sending.send((document, count.pages, None))
    except Exception as exc:  # noqa: BLE001 - every error goes back to the parent, as in-process
        if isinstance(exc, MemoryError):  # over the memory limit, reading or sending the document
            exc = out_of_memory(limits.max_memory)
        try:
            sending.send((None, count.pages, exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its words only
            error = BriefError(f"internal error ({type(exc).__name__}: {exc}); please report it")
            sending.send((None, count.pages, error))
    finally:
        sending.close()
