"""Native code kept apart: a PDF is read in a short-lived child process of its own.

The PDF libraries are native code.  A hostile or damaged file that makes one of them fault
(a segmentation fault, an abort) ends the process it runs in, and with it every result of
the run.  Worker processes (``--jobs``) already confine that to one file
(:class:`briefs_analyzer.workers.Pool`); a run in one process reads each PDF in a forked
child instead, which sends the :class:`Document` back, so a fault costs that file alone.

Linux only (it relies on ``fork`` and on ``prctl``); elsewhere PDFs are read in-process.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from briefs_analyzer.ingest import READERS, Document, PageCallback, PageCount, read_document
from briefs_analyzer.model import BriefError

AVAILABLE = sys.platform.startswith("linux")
CRASHED_READING = (
    "reading this PDF crashed the PDF library (its process died: a fault in the library, or out of memory);"
    " please report it"
)
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
    """
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
    """Whether ``path`` is read by native code that is worth keeping apart (a PDF, on Linux)."""
    return AVAILABLE and READERS.get(path.suffix.lower()) == "pdf"


def read_apart(
    path: Path, *, password: str | None = None, on_page: PageCallback | None = None, pdf_engine: str
) -> Document:
    """:func:`~briefs_analyzer.ingest.read_document` in a forked child.  Raises what it raises,
    and :class:`BriefError` when the child dies instead of answering.  ``on_page`` is called
    for each page once the child has read them all."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_read_in_child, args=(sending, path, password, pdf_engine, os.getpid()), daemon=True)
    try:
        with ctrl_c_held():
            child.start()
        sending.close()  # the child holds the only sending end: its death is the end of the pipe
        document, pages, error = receiving.recv()
    except EOFError:  # the child died without a word
        raise BriefError(CRASHED_READING) from None
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


def _read_in_child(sending: Connection, path: Path, password: str | None, pdf_engine: str, parent: int) -> None:
    # The child lives for one file: its garbage goes with it.  A collection would walk every
    # object inherited from the parent (the spaCy model) and copy the memory pages it touches.
    gc.disable()
    ignore_ctrl_c()
    end_with_parent(parent)
    count = PageCount()
    try:
        sending.send((read_document(path, password=password, on_page=count, pdf_engine=pdf_engine), count.pages, None))
    except Exception as exc:  # noqa: BLE001 - every error goes back to the parent, as in-process
        try:
            sending.send((None, count.pages, exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its words only
            error = BriefError(f"internal error ({type(exc).__name__}: {exc}); please report it")
            sending.send((None, count.pages, error))
    finally:
        sending.close()
