"""The corpus runner: find the briefs under some paths and analyse each one.

Files go through in chunks: each chunk is looked up in the cache, the rest is read,
parsed and run through the per-brief stages, then the batch stage (spaCy) runs once over
the chunk.  With ``jobs > 1`` chunks go to worker processes, each with its own pipeline,
and results come back in order, a few chunks ahead at most, so memory stays bounded.

:meth:`Runner.project` yields a view of each brief instead (:mod:`briefs_analyzer.views`),
served from the cache without rebuilding the brief when the file is unchanged.

A file that cannot be analysed becomes a :class:`~briefs_analyzer.model.Failure` with a
reason; it never stops the run, and the other files are still analysed.
"""

from __future__ import annotations

import multiprocessing.connection
import os
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from briefs_analyzer.apart import ctrl_c_held, end_with_parent, ignore_ctrl_c, read_apart, wanted
from briefs_analyzer.cache import BriefCache, file_sha256
from briefs_analyzer.config import Config
from briefs_analyzer.ingest import SUFFIXES, PageCallback, PageCount, read_document
from briefs_analyzer.ingest.pdf import DEFAULT_ENGINE
from briefs_analyzer.model import Brief, BriefError, Failure
from briefs_analyzer.parse import parse
from briefs_analyzer.pipeline import Pipeline, Stage, build_pipeline, run_batch
from briefs_analyzer.views import Projected, View, project

T = TypeVar("T")

# Files in a corpus folder that describe the corpus rather than belong to it.
NOT_BRIEFS = frozenset({"readme", "license", "licence", "changelog", "contributing", "sources", "counts"})
CHUNK = 16  # files per batch for spaCy and per task for a worker
_ENDING_SECONDS = 5.0  # how long abandoned workers get to end after SIGTERM (they end at once)


def _is_brief(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    return (
        path.suffix.lower() in SUFFIXES
        and path.stem.lower() not in NOT_BRIEFS
        and not any(part.startswith(".") for part in relative)
    )


def discover(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    """Yield the brief files under ``paths`` (folders recursively, in sorted order).

    A file named on the command line is always taken, whatever its suffix; inside folders
    only known suffixes are taken, skipping hidden files and README/LICENSE-like files.
    A path that does not exist is yielded as a :class:`Failure`.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_brief(p, path))
        elif path.exists():
            found = [path]
        else:
            yield Failure(str(path), "no such file or directory")
            continue
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p


def analyze_file(
    path: Path,
    stages: Iterable[Stage] = (),
    *,
    password: str | None = None,
    on_page: PageCallback | None = None,
    pdf_engine: str = DEFAULT_ENGINE,
    apart: bool = False,
) -> Brief:
    """Read, parse and run the per-brief stages on one file.  Raises :class:`BriefError`.

    ``apart``: read a PDF in a child process (:mod:`briefs_analyzer.apart`), so that a fault
    in the native PDF library fails this file instead of ending the process.
    """
    read = read_apart if apart and wanted(path) else read_document
    brief = parse(read(path, password=password, on_page=on_page, pdf_engine=pdf_engine))
    for stage in stages:
        brief = stage(brief)
    return brief


def _failure(path: Path, exc: BaseException) -> Failure:
    if isinstance(exc, BriefError):
        return Failure(str(path), str(exc))
    if isinstance(exc, RecursionError):
        return Failure(str(path), "internal error: text nested too deeply to analyse")
    return Failure(str(path), f"internal error ({type(exc).__name__}: {exc}); please report it")


def analyze_chunk(
    paths: Sequence[Path],
    pipeline: Pipeline,
    *,
    password: str | None = None,
    on_page: PageCallback | None = None,
    apart: bool = False,
) -> list[Brief | Failure]:
    """Analyse a few files fully (the batch stage runs once over them); never raises.

    ``apart``: PDFs are read in child processes (see :func:`analyze_file`); a run in one
    process asks for it, a worker process does not need it.
    """
    results: list[Brief | Failure] = []
    for path in paths:
        try:
            results.append(
                analyze_file(
                    path,
                    pipeline.stages,
                    password=password,
                    on_page=on_page,
                    pdf_engine=pipeline.pdf_engine,
                    apart=apart,
                )
            )
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop a corpus run
            results.append(_failure(path, exc))
    parsed = [r for r in results if isinstance(r, Brief)]
    done = iter(run_batch(pipeline, parsed))
    out: list[Brief | Failure] = []
    for path, r in zip(paths, results, strict=True):
        if isinstance(r, Failure):
            out.append(r)
            continue
        annotated = next(done)
        out.append(annotated if isinstance(annotated, Brief) else _failure(path, annotated))
    return out


# --- worker processes --------------------------------------------------------------------------

_WORKER: tuple[Pipeline, str | None] | None = None


def _start_worker(parent: int, config: Config, entities: bool, password: str | None) -> None:
    global _WORKER
    # Ctrl-C reaches every process of the group.  Workers ignore it: the main process alone
    # decides that the run stops, then ends its workers itself (see _Workers.__exit__).  A
    # worker that died of the signal would break the pool under the main process first.
    ignore_ctrl_c()
    end_with_parent(parent)  # it waits on its task queue, which it holds open itself
    _WORKER = (build_pipeline(config, entities=entities), password)


def _work(paths: list[Path]) -> tuple[list[Brief | Failure], int]:
    """A chunk's results, and how many PDF pages were read for it (for the progress bar)."""
    assert _WORKER is not None
    pipeline, password = _WORKER
    count = PageCount()
    return analyze_chunk(paths, pipeline, password=password, on_page=count), count.pages


Result = Brief | Failure | Projected[Any]


@dataclass
class Runner:
    """Everything a corpus run needs besides the paths."""

    config: Config
    entities: bool = True
    jobs: int = 1
    cache_dir: Path | None = None
    password: str | None = None
    on_file: Callable[[Path], None] | None = None
    on_page: PageCallback | None = None  # each PDF page read without workers (a file's pages once it is read)
    on_pages: Callable[[int], None] | None = None  # PDF pages read by a worker process, a chunk at a time

    def run(self, paths: Iterable[Path]) -> Generator[Brief | Failure]:
        """Analyse every brief under ``paths``, yielding a Brief or a Failure for each, in order.

        Closing the generator before the end (or Ctrl-C while it runs) ends the worker
        processes at once; what was already cached stays cached.
        """
        for result in self._results(paths, None):
            assert not isinstance(result, Projected)
            yield result

    def project(self, paths: Iterable[Path], view: View[T]) -> Generator[Projected[T] | Failure]:
        """Like :meth:`run`, but yield ``view`` of each brief, from the cache when the file is unchanged."""
        for result in self._results(paths, view):
            assert not isinstance(result, Brief)
            yield result

    def _results(self, paths: Iterable[Path], view: View[Any] | None) -> Iterator[Result]:
        pipeline = build_pipeline(self.config, entities=self.entities)
        # Text decrypted with a password never goes to the cache on disk.
        use_cache = self.cache_dir is not None and self.password is None
        cache = BriefCache(self.cache_dir, pipeline.key) if use_cache and self.cache_dir is not None else None
        try:
            chunks = self._chunks(discover(paths), cache, view)
            if self.jobs > 1:
                yield from self._parallel(chunks, cache, view)
            else:
                for chunk in chunks:
                    done = analyze_chunk(chunk.todo, pipeline, password=self.password, on_page=self.on_page, apart=True)
                    yield from self._finish(chunk, done, cache, view)
        finally:
            if cache is not None:
                cache.close()

    def _chunks(
        self, items: Iterator[Path | Failure], cache: BriefCache | None, view: View[Any] | None
    ) -> Iterator[_Chunk]:
        chunk = _Chunk()
        for item in items:
            if isinstance(item, Failure):
                chunk.slots.append(item)
            else:
                hit = self._lookup(item, cache, view) if cache is not None else None
                if hit is not None:
                    chunk.slots.append(hit)
                else:
                    chunk.slots.append(item)
                    chunk.todo.append(item)
            if len(chunk.todo) >= CHUNK or len(chunk.slots) >= 8 * CHUNK:
                yield chunk
                chunk = _Chunk()
        if chunk.slots:
            yield chunk

    @staticmethod
    def _lookup(path: Path, cache: BriefCache, view: View[Any] | None) -> Result | None:
        """The file's view or brief from the cache, a Failure if it cannot be read, None on a miss."""
        try:
            sha256 = file_sha256(path)
        except OSError as exc:
            return Failure(str(path), exc.strerror or str(exc))
        if view is not None and (projected := cache.get_view(sha256, str(path), view)) is not None:
            return projected
        return cache.get(sha256, str(path))

    def _finish(
        self, chunk: _Chunk, done: list[Brief | Failure], cache: BriefCache | None, view: View[Any] | None
    ) -> Iterator[Result]:
        results = iter(done)
        for slot in chunk.slots:
            result: Result
            if isinstance(slot, Path):
                result = next(results)
                if cache is not None and isinstance(result, Brief):
                    cache.put(result)
            else:
                result = slot
            if view is not None and isinstance(result, Brief):
                result = self._project(result, cache, view)
            if self.on_file is not None:
                self.on_file(Path(result.path))
            yield result

    @staticmethod
    def _project(brief: Brief, cache: BriefCache | None, view: View[T]) -> Projected[T]:
        projected = project(brief, view)
        if cache is not None:
            cache.put_view(brief.sha256, view, projected)
        return projected

    def _parallel(self, chunks: Iterator[_Chunk], cache: BriefCache | None, view: View[Any] | None) -> Iterator[Result]:
        # At most two chunks per worker are in flight, so results stream and memory stays flat.
        pending: deque[tuple[_Chunk, _Task | None]] = deque()
        with _Workers(self.jobs, (self.config, self.entities, self.password)) as workers:
            for chunk in chunks:
                pending.append((chunk, workers.submit(chunk.todo) if chunk.todo else None))
                while len(pending) > 2 * self.jobs:
                    yield from self._take(*pending.popleft(), workers, cache, view)
            while pending:
                yield from self._take(*pending.popleft(), workers, cache, view)

    def _take(
        self, chunk: _Chunk, task: _Task | None, workers: _Workers, cache: BriefCache | None, view: View[Any] | None
    ) -> Iterator[Result]:
        done, pages = workers.outcome(chunk.todo, task) if task is not None else ([], 0)
        if pages and self.on_pages is not None:
            self.on_pages(pages)
        yield from self._finish(chunk, done, cache, view)


Outcome = tuple[list[Brief | Failure], int]  # a chunk's results, and the PDF pages read for it
CRASHED = (
    "analysis crashed on this file (its worker process died: out of memory, or a fault in a library); please report it"
)


@dataclass
class _Task:
    future: Future[Outcome]
    generation: int  # of the worker pool it was given to


class _Workers:
    """Worker processes that survive a worker's death.

    When a worker dies (a fault in native code, the kernel's out-of-memory killer) the whole
    pool breaks and every chunk in flight with it.  The pool is then started again; chunks
    that were only in flight are run again whole, and the chunk that was running when it
    broke is run again file by file, so only the file that kills a worker fails.
    """

    def __init__(self, jobs: int, initargs: tuple[Config, bool, str | None]) -> None:
        self.jobs, self.initargs = jobs, (os.getpid(), *initargs)
        self.generation = 0
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker, initargs=self.initargs)

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()
        self.generation += 1

    def submit(self, paths: list[Path]) -> _Task:
        with ctrl_c_held():  # the pool forks its workers on a first submit
            try:
                future = self.pool.submit(_work, paths)
            except BrokenProcessPool:  # a worker died between chunks (the OOM killer): start again
                self._restart()
                future = self.pool.submit(_work, paths)  # a new pool is never broken before its first task
        return _Task(future, self.generation)

    def outcome(self, paths: list[Path], task: _Task) -> Outcome:
        try:
            return task.future.result()
        except BrokenProcessPool:
            if task.generation == self.generation:
                self._restart()
                return self._one_by_one(paths)  # this chunk or one beside it killed a worker
            return self.outcome(paths, self.submit(paths))  # only in flight when the pool broke
        except Exception as exc:  # noqa: BLE001 - a chunk that cannot come back takes only itself
            return [_failure(p, exc) for p in paths], 0

    def _one_by_one(self, paths: list[Path]) -> Outcome:
        results: list[Brief | Failure] = []
        pages = 0
        for path in paths:
            try:
                (result,), read = self.submit([path]).future.result()
            except BrokenProcessPool:
                self._restart()
                result, read = Failure(str(path), CRASHED), 0
            except Exception as exc:  # noqa: BLE001
                result, read = _failure(path, exc), 0
            results.append(result)
            pages += read
        return results, pages

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            self.abandon()

    def abandon(self) -> None:
        """Stop now (Ctrl-C, or the consumer stopped reading): end the workers, wait for no work.

        Waiting for the pool would let the chunks in flight run on, and joins the pool's manager
        thread, which after an interruption can wait for ever on a worker that is gone. Only the
        workers' ends are waited for (a moment, bounded), so that none is still running when the
        caller goes on. They are not joined here: the manager thread reaps them, and two threads
        reaping one child lose its exit status (CPython gh-130895).
        """
        processes = list((self.pool._processes or {}).values())  # the pool offers no terminate()
        for process in processes:
            process.terminate()
        running = {p.sentinel for p in processes}
        deadline = time.monotonic() + _ENDING_SECONDS
        while running and (left := deadline - time.monotonic()) > 0:
            running -= set(multiprocessing.connection.wait(list(running), timeout=left))  # any, not all
        self.pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class _Chunk:
    """A run of files in order: each slot is a file still to analyse, or its result already."""

    slots: list[Path | Result] = field(default_factory=list)
    todo: list[Path] = field(default_factory=list)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def analyze(
    paths: Iterable[Path],
    stages: Iterable[Stage] | None = None,
    *,
    config: Config | None = None,
    entities: bool = False,
    password: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_page: PageCallback | None = None,
) -> Iterator[Brief | Failure]:
    """Analyse every brief under ``paths`` in this process, without a cache.

    ``stages`` replaces the per-brief stages; ``entities=True`` adds the NLP layer.
    """
    runner = Runner(config or Config(), entities=entities, password=password, on_file=on_file, on_page=on_page)
    if stages is None:
        yield from runner.run(paths)
        return
    pipeline = build_pipeline(runner.config, entities=entities)
    custom = Pipeline(tuple(stages), pipeline.batch, pipeline.key, pipeline.pdf_engine)
    for item in discover(paths):
        if isinstance(item, Failure):
            yield item
            continue
        if on_file is not None:
            on_file(item)
        yield analyze_chunk([item], custom, password=password, on_page=on_page)[0]
