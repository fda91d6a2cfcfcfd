"""Worker processes for a corpus run: no threads, so nothing can hold the interpreter at exit.

Each worker is a process of its own with a pipe to the main process.  The main process hands a
worker one chunk of files at a time and waits on the workers' pipes and their process sentinels
with :func:`multiprocessing.connection.wait`; there is no manager thread, no shared queue and no
feeder thread, so a run, a test and a Ctrl-C all end without waiting on anything but the workers
themselves, and those are daemonic (they end with the interpreter) and end with their parent on
Linux even when it is killed.

A worker that dies (a fault in a native library, the kernel's out-of-memory killer) fails only
what it held: its chunk is run again file by file in a new worker, so only the file that kills a
worker fails, with :data:`CRASHED`; a worker killed while idle costs nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from briefs_analyzer.apart import ctrl_c_held, end_with_parent, ignore_ctrl_c
from briefs_analyzer.model import Failure

CRASHED = (
    "analysis crashed on this file (its worker process died: out of memory, or a fault in a library); please report it"
)
_ENDING_SECONDS = 5.0  # how long workers get to end after being told to (or terminated)

Tell = Callable[[Any], None]  # how a worker tells the main process how far it is (any picklable event)
# What a worker runs: (paths, tell) -> one result per path.  Set up once per process by ``setup``.
Work = Callable[[list[Path], Tell], list[Any]]


@dataclass(frozen=True)
class _Told:
    """A progress event from a worker, on its way to the pool's ``on_progress``."""

    event: Any


def _serve(conn: Connection, parent: int, setup: Callable[..., Work], args: tuple[Any, ...]) -> None:
    """A worker's life: set up once, then one chunk at a time until told to stop (``None``)."""
    ignore_ctrl_c()  # the main process alone decides that the run stops, and ends its workers
    end_with_parent(parent)
    work = setup(*args)

    def tell(event: Any) -> None:
        conn.send(_Told(event))

    while True:
        try:
            paths = conn.recv()
        except (EOFError, OSError):
            return  # the main process is gone
        if paths is None:
            return
        try:
            outcome: Any = work(paths, tell)
        except (BrokenPipeError, EOFError):
            return  # the main process is gone
        except Exception as exc:  # noqa: BLE001 - a chunk that cannot be analysed answers with the error
            outcome = exc
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: int | None = None  # the task it holds
    paths: list[Path] = field(default_factory=list)


@dataclass
class Pool:
    """``jobs`` worker processes, each set up by ``setup(*args)``; chunks handed out in turn.

    :meth:`submit` queues a chunk and returns its task number; :meth:`outcome` returns a task's
    results (waiting for it, while the others go on).  What workers tell while they work goes
    to ``on_progress`` as it comes.  Use as a context manager: leaving it ends the workers, at
    once when an exception (Ctrl-C) leaves it.
    """

    jobs: int
    setup: Callable[..., Work]
    args: tuple[Any, ...]
    failed: Callable[[Path, BaseException], Any] = field(default=lambda path, exc: Failure(str(path), str(exc)))
    on_progress: Callable[[Any], None] | None = None
    workers: list[_Worker] = field(default_factory=list)
    queue: deque[tuple[int, list[Path]]] = field(default_factory=deque)
    done: dict[int, list[Any]] = field(default_factory=dict)
    # A task whose worker died, run again file by file: its one-file tasks, in order.
    parts: dict[int, list[int]] = field(default_factory=dict)
    next_task: int = 0

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(now=kind is not None)

    # -- workers ----------------------------------------------------------------------------
    def _start(self) -> _Worker:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=_serve, args=(theirs, os.getpid(), self.setup, self.args), daemon=True)
        with ctrl_c_held():  # a Ctrl-C in the instant the child starts is the parent's to handle
            process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _dispatch(self) -> None:
        for worker in [w for w in self.workers if w.task is None and not w.process.is_alive()]:
            self._drop(worker)  # died while idle (the OOM killer): it costs nothing, a new one takes its place
        while self.queue:
            idle = [w for w in self.workers if w.task is None and w.process.is_alive()]
            if not idle and len(self.workers) < self.jobs:
                idle = [self._start()]
            if not idle:
                return
            worker = idle[0]
            task, paths = self.queue.popleft()
            try:
                worker.conn.send(paths)
            except (BrokenPipeError, OSError):  # it died while idle: it costs nothing
                self._drop(worker)
                self.queue.appendleft((task, paths))
                continue
            worker.task, worker.paths = task, paths

    def _drop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.terminate()
        worker.process.join(_ENDING_SECONDS)
        self.workers.remove(worker)

    # -- tasks ------------------------------------------------------------------------------
    def submit(self, paths: list[Path]) -> int:
        task = self.next_task
        self.next_task += 1
        self.queue.append((task, paths))
        self._dispatch()
        return task

    def outcome(self, task: int) -> list[Any]:
        """The results of ``task`` (one per path), once it is done."""
        while not self._assembled(task):
            self._wait()
        return self.done.pop(task)

    def _assembled(self, task: int) -> bool:
        """Is ``task`` done?  A task run again file by file is done when each of its files is."""
        if task in self.parts and all(part in self.done for part in self.parts[task]):
            self.done[task] = [result for part in self.parts.pop(task) for result in self.done.pop(part)]
        return task in self.done

    def _wait(self) -> None:
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            self._dispatch()
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                raise RuntimeError("no worker holds a task")  # pragma: no cover - a bug, not an input
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(multiprocessing.connection.wait(handles))
        for worker in busy:
            if worker.task is None or worker not in self.workers:
                continue  # answered or dropped since the wait began
            if worker.conn in ready:
                try:
                    answer = worker.conn.recv()
                except (EOFError, OSError):
                    self._died(worker)
                    continue
                if isinstance(answer, _Told):
                    if self.on_progress is not None:
                        self.on_progress(answer.event)
                else:
                    self._finish(worker, answer)
            elif worker.process.sentinel in ready and not worker.conn.poll():
                self._died(worker)  # ended with nothing left to read: it died holding its chunk
        self._dispatch()

    def _finish(self, worker: _Worker, answer: Any) -> None:
        assert worker.task is not None
        if isinstance(answer, BaseException):
            self.done[worker.task] = [self.failed(p, answer) for p in worker.paths]
        else:
            self.done[worker.task] = answer
        worker.task, worker.paths = None, []

    def _died(self, worker: _Worker) -> None:
        """The worker died holding a chunk: run it again file by file, so only the killer fails."""
        task, paths = worker.task, worker.paths
        self._drop(worker)
        assert task is not None
        if len(paths) == 1:
            self.done[task] = [Failure(str(paths[0]), CRASHED)]
            return
        # Queued, not waited for here: waiting inside this wait would read the other workers'
        # answers under it, and the wait that called this would then act on a stale view of them.
        self.parts[task] = [self.submit([path]) for path in paths]

    # -- the end ----------------------------------------------------------------------------
    def close(self, *, now: bool = False) -> None:
        """End the workers: told to stop when the run is done, terminated at once when ``now``.

        Either way they have ended when this returns (bounded: a worker that does not end in
        time is killed), so none outlives the run.
        """
        for worker in self.workers:
            if now:
                worker.process.terminate()
            else:
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.conn.send(None)
        deadline = time.monotonic() + _ENDING_SECONDS
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1.0)
            with contextlib.suppress(OSError):
                worker.conn.close()
        self.workers.clear()
        self.queue.clear()
        self.parts.clear()


C = TypeVar("C")


def in_order(
    pool: Pool, chunks: Iterator[C], ahead: int, key: Callable[[C], Sequence[Path]]
) -> Iterator[tuple[C, list[Any]]]:
    """(chunk, its results) for each chunk, in order, with at most ``ahead`` chunks in flight."""
    pending: deque[tuple[C, int | None]] = deque()
    for chunk in chunks:
        paths = list(key(chunk))
        pending.append((chunk, pool.submit(paths) if paths else None))
        while len(pending) > ahead:
            done, task = pending.popleft()
            yield done, (pool.outcome(task) if task is not None else [])
    while pending:
        done, task = pending.popleft()
        yield done, (pool.outcome(task) if task is not None else [])
