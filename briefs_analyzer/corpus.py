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

import contextlib
import os
import stat
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from briefs_analyzer.apart import read_apart, wanted
from briefs_analyzer.cache import BriefCache, file_sha256, open_cache
from briefs_analyzer.config import Config
from briefs_analyzer.display import path_text
from briefs_analyzer.ingest import SUFFIXES, PageCallback, read_document
from briefs_analyzer.ingest.engines import DEFAULT_ENGINE
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits, memory_capped, not_regular
from briefs_analyzer.model import Brief, BriefError, Failure
from briefs_analyzer.parse import parse
from briefs_analyzer.pipeline import Pipeline, Stage, build_pipeline, run_batch
from briefs_analyzer.views import Projected, View, project
from briefs_analyzer.workers import Pool, Tell, Work, in_order

T = TypeVar("T")

# Files in a corpus folder that describe the corpus rather than belong to it.
NOT_BRIEFS = frozenset({"readme", "license", "licence", "changelog", "contributing", "sources", "counts"})
CHUNK = 16  # files per batch for spaCy and per task for a worker


def is_brief(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    return (
        path.suffix.lower() in SUFFIXES
        and path.stem.lower() not in NOT_BRIEFS
        and not any(part.startswith(".") for part in relative)
    )


class DiscoveryWarning(UserWarning):
    """A path found in a folder was left out (a symbolic link leading out of it); the message says why."""


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: Path, follow_symlinks: bool) -> Iterator[Path | Failure]:
    """Every brief file under ``root``, and a Failure for each brief-named file that is not a regular
    file (a FIFO, a device) or folder that cannot be read.  Symbolic links are followed only when they
    stay inside ``root`` (``follow_symlinks``: everywhere, each folder once)."""
    real_root = os.path.realpath(root)
    seen_dirs = {real_root}
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            yield Failure(path_text(folder), f"cannot read this folder ({_reason(exc)})")
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not follow_symlinks and not _inside(target, real_root):
                        if entry.is_dir() or path.suffix.lower() in SUFFIXES:
                            warnings.warn(
                                f"{path_text(path)}: a symbolic link out of {path_text(root)} (to"
                                f" {path_text(target)}); not followed (--follow-symlinks follows it)",
                                DiscoveryWarning,
                                stacklevel=2,
                            )
                        continue
                    if entry.is_dir():
                        if follow_symlinks and target not in seen_dirs:  # inside the folder: walked there anyway
                            seen_dirs.add(target)
                            folders.append(path)
                        continue
                    mode = os.stat(entry.path).st_mode
                elif entry.is_dir(follow_symlinks=False):
                    seen_dirs.add(os.path.realpath(entry.path))
                    folders.append(path)
                    continue
                else:
                    mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:  # gone since the folder was listed, or a link to nothing: not a brief
                continue
            if not is_brief(path, root):
                continue
            yield path if stat.S_ISREG(mode) else Failure(path_text(path), not_regular(mode))


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def discover(paths: Iterable[Path], *, follow_symlinks: bool = False) -> Iterator[Path | Failure]:
    """Yield the brief files under ``paths`` (folders recursively, in sorted order).

    A file named on the command line is always taken, whatever its suffix; inside folders
    only known suffixes are taken, skipping hidden files and README/LICENSE-like files.
    Only regular files are read: a FIFO or a device (``/dev/zero``) is a :class:`Failure`, as is
    a path that does not exist.  A symbolic link inside a folder that leads out of it is not
    followed (with a :class:`DiscoveryWarning`) unless ``follow_symlinks``: a link to
    ``/etc/passwd`` in a corpus must not put that file into the outputs.
    """
    seen: set[Path] = set()
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError | NotADirectoryError)
            yield Failure(path_text(path), "no such file or directory" if missing else _reason(exc))
            continue
        if stat.S_ISDIR(mode):
            found = sorted(_walk(path, follow_symlinks), key=lambda f: Path(f.path) if isinstance(f, Failure) else f)
        elif stat.S_ISREG(mode):
            found = [path]
        else:
            yield Failure(path_text(path), not_regular(mode))
            continue
        for p in found:
            if isinstance(p, Failure):
                yield p
                continue
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
    limits: Limits = DEFAULT_LIMITS,
) -> Brief:
    """Read, parse and run the per-brief stages on one file.  Raises :class:`BriefError`.

    ``apart``: read a PDF, Word or HTML file in a child process (:mod:`briefs_analyzer.apart`), so
    that a fault in a native library, or a file that needs more memory than ``limits.max_memory``,
    fails this file instead of ending the process.  Read in this process (a worker, or elsewhere
    than Linux), such a file is read under the same memory limit, lifted when it is read.
    """
    if apart and wanted(path):
        document = read_apart(path, password=password, on_page=on_page, pdf_engine=pdf_engine, limits=limits)
    else:
        with memory_capped(limits.max_memory) if wanted(path) else contextlib.nullcontext():
            document = read_document(path, password=password, on_page=on_page, pdf_engine=pdf_engine, limits=limits)
    # The brief carries its path as text every output can hold (a name that is not UTF-8 gets U+FFFD).
    brief = parse(replace(document, path=path_text(path)))
    for stage in stages:
        brief = stage(brief)
    return brief


def _failure(path: Path | str, exc: BaseException) -> Failure:
    if isinstance(exc, BriefError):
        return Failure(path_text(path), str(exc))
    if isinstance(exc, RecursionError):
        return Failure(path_text(path), "internal error: text nested too deeply to analyse")
    return Failure(path_text(path), f"internal error ({type(exc).__name__}: {exc}); please report it")


def analyze_chunk(
    paths: Sequence[Path],
    pipeline: Pipeline,
    *,
    password: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_page: PageCallback | None = None,
    apart: bool = False,
) -> list[Brief | Failure]:
    """Analyse a few files fully (the batch stage runs once over them); never raises.

    ``on_file`` is called as each file is started.  ``apart``: PDFs are read in child
    processes (see :func:`analyze_file`); a run in one process asks for it, a worker process
    does not need it.
    """
    results: list[Brief | Failure] = []
    for path in paths:
        if on_file is not None:
            on_file(path)
        try:
            results.append(
                analyze_file(
                    path,
                    pipeline.stages,
                    password=password,
                    on_page=on_page,
                    pdf_engine=pipeline.pdf_engine,
                    apart=apart,
                    limits=pipeline.limits,
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


def _setup(config: Config, entities: bool, password: str | None) -> Work:
    """A worker's pipeline, built once; what it runs on each chunk it is given.

    While it works it tells the main process each file it starts and each PDF page it reads,
    so the progress bar moves with the workers, not a chunk at a time.
    """
    pipeline = build_pipeline(config, entities=entities)

    def work(paths: list[Path], tell: Tell) -> list[Brief | Failure]:
        return analyze_chunk(
            paths,
            pipeline,
            password=password,
            on_file=lambda path: tell(("file", path)),
            on_page=lambda done, total: tell(("page", done, total)),
        )

    return work


Result = Brief | Failure | Projected[Any]


@dataclass(frozen=True)
class Skipped:
    """A file left out of a run because its bytes (``sha256``) are already where the results go."""

    path: str
    sha256: str


@dataclass
class Runner:
    """Everything a corpus run needs besides the paths.

    ``jobs`` is the most worker processes a run may use (default: one a core): a run of at most ``2 * jobs`` files
    runs in this process (starting workers would cost more than they save), and a small run's
    chunks are smaller, so that every worker has some.  ``on_file`` is called as each file is
    started (in this process or in a worker), ``on_page`` for each PDF page read.  A file whose
    sha256 is in ``skip`` is neither analysed nor yielded: ``on_skip`` is told its path instead
    (an export that already holds it, see :mod:`briefs_analyzer.export.parquet`).
    """

    config: Config
    entities: bool = True
    jobs: int | None = None
    cache_dir: Path | None = None
    password: str | None = None
    on_file: Callable[[Path], None] | None = None
    on_page: PageCallback | None = None
    follow_symlinks: bool = False  # follow symbolic links that lead out of a folder (see :func:`discover`)
    skip: frozenset[str] = frozenset()
    on_skip: Callable[[str], None] | None = None

    def discover(self, paths: Iterable[Path]) -> list[Path | Failure]:
        """The briefs under ``paths`` by the folder rules (:func:`discover`), a Failure for each that
        cannot be read: what :meth:`analyze` takes, so a caller can count them first."""
        return list(discover(paths, follow_symlinks=self.follow_symlinks))

    def run(self, paths: Iterable[Path]) -> Generator[Brief | Failure]:
        """Analyse every brief under ``paths``, yielding a Brief or a Failure for each, in order.

        Closing the generator before the end (or Ctrl-C while it runs) ends the worker
        processes at once; what was already cached stays cached.
        """
        return self.analyze(self.discover(paths))

    def project(self, paths: Iterable[Path], view: View[T]) -> Generator[Projected[T] | Failure]:
        """Like :meth:`run`, but yield ``view`` of each brief, from the cache when the file is unchanged."""
        return self.analyze_views(self.discover(paths), view)

    def analyze(self, found: Sequence[Path | Failure]) -> Generator[Brief | Failure]:
        """:meth:`run` on what :meth:`discover` found (its Failures passed through in place)."""
        for result in self._results(found, None):
            assert not isinstance(result, Projected)
            yield result

    def analyze_views(self, found: Sequence[Path | Failure], view: View[T]) -> Generator[Projected[T] | Failure]:
        """:meth:`project` on what :meth:`discover` found."""
        for result in self._results(found, view):
            assert not isinstance(result, Brief)
            yield result

    def plan(self, files: int) -> tuple[int, int]:
        """(worker processes, files per chunk) for a run of ``files`` files: the one place the
        number of workers is decided."""
        jobs = self.jobs or default_jobs()
        if jobs <= 1 or files <= 2 * jobs:
            return 1, CHUNK
        return jobs, max(1, min(CHUNK, -(-files // (4 * jobs))))

    def _results(self, items: Sequence[Path | Failure], view: View[Any] | None) -> Iterator[Result]:
        pipeline = build_pipeline(self.config, entities=self.entities)
        jobs, size = self.plan(len(items))
        # Text decrypted with a password never goes to the cache on disk.
        use_cache = self.cache_dir is not None and self.password is None
        cache = open_cache(self.cache_dir, pipeline.key) if use_cache and self.cache_dir is not None else None
        try:
            chunks = self._chunks(iter(items), cache, view, size)
            if jobs > 1:
                yield from self._parallel(chunks, cache, view, jobs)
            else:
                for chunk in chunks:
                    done = analyze_chunk(
                        chunk.todo,
                        pipeline,
                        password=self.password,
                        on_file=self.on_file,
                        on_page=self.on_page,
                        apart=True,
                    )
                    yield from self._finish(chunk, done, cache, view)
        finally:
            if cache is not None:
                cache.close()

    def _chunks(
        self, items: Iterator[Path | Failure], cache: BriefCache | None, view: View[Any] | None, size: int
    ) -> Iterator[_Chunk]:
        chunk = _Chunk()
        for item in items:
            if isinstance(item, Failure):
                chunk.slots.append(item)
            else:
                hit = self._lookup(item, cache, view) if cache is not None or self.skip else None
                if hit is not None:
                    chunk.slots.append(hit)
                else:
                    chunk.slots.append(item)
                    chunk.todo.append(item)
            if len(chunk.todo) >= size or len(chunk.slots) >= 8 * CHUNK:
                yield chunk
                chunk = _Chunk()
        if chunk.slots:
            yield chunk

    def _lookup(self, path: Path, cache: BriefCache | None, view: View[Any] | None) -> Result | Skipped | None:
        """The file's view or brief from the cache, a Failure if it cannot be read, None on a miss."""
        try:
            sha256 = file_sha256(path, max_size=self.config.limits.max_file_size)  # over the limit: never hashed
        except BriefError as exc:
            return Failure(path_text(path), str(exc))
        except OSError as exc:
            return Failure(path_text(path), _reason(exc))
        if sha256 in self.skip:
            return Skipped(path_text(path), sha256)
        if cache is None:
            return None
        if view is not None and (projected := cache.get_view(sha256, path_text(path), view)) is not None:
            return projected
        return cache.get(sha256, path_text(path))

    def _finish(
        self, chunk: _Chunk, done: list[Brief | Failure], cache: BriefCache | None, view: View[Any] | None
    ) -> Iterator[Result]:
        results = iter(done)
        for slot in chunk.slots:
            result: Result
            if isinstance(slot, Skipped):
                if self.on_skip is not None:
                    self.on_skip(slot.path)
                continue
            if isinstance(slot, Path):
                result = next(results)
                if cache is not None and isinstance(result, Brief):
                    cache.put(result)
            else:
                result = slot
            if view is not None and isinstance(result, Brief):
                result = self._project(result, cache, view)
            yield result

    @staticmethod
    def _project(brief: Brief, cache: BriefCache | None, view: View[T]) -> Projected[T]:
        projected = project(brief, view)
        if cache is not None:
            cache.put_view(brief.sha256, view, projected)
        return projected

    def _parallel(
        self, chunks: Iterator[_Chunk], cache: BriefCache | None, view: View[Any] | None, jobs: int
    ) -> Iterator[Result]:
        # At most two chunks per worker are in flight, so results stream and memory stays flat.
        args = (self.config, self.entities, self.password)
        with Pool(jobs, _setup, args, failed=_failure, on_progress=self._told) as pool:
            for chunk, done in in_order(pool, chunks, 2 * jobs, lambda c: c.todo):
                yield from self._finish(chunk, done, cache, view)

    def _told(self, event: tuple[Any, ...]) -> None:
        """What a worker told: a file started, a page read."""
        if event[0] == "file" and self.on_file is not None:
            self.on_file(event[1])
        elif event[0] == "page" and self.on_page is not None:
            self.on_page(event[1], event[2])


@dataclass
class _Chunk:
    """A run of files in order: each slot is a file still to analyse, or its result already."""

    slots: list[Path | Result | Skipped] = field(default_factory=list)
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
    custom = Pipeline(tuple(stages), pipeline.batch, pipeline.key, pipeline.pdf_engine, pipeline.limits)
    for item in discover(paths):
        if isinstance(item, Failure):
            yield item
            continue
        if on_file is not None:
            on_file(item)
        yield analyze_chunk([item], custom, password=password, on_page=on_page)[0]
