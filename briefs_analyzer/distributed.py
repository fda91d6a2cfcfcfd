"""Corpus runs on a Dask cluster: the per-brief map on the workers, the corpus step on the client.

``briefs analyze PATHS --scheduler tcp://host:8786`` (or ``BRIEFS_SCHEDULER``) sends chunks of
files to the workers of a running Dask cluster; ``--scheduler local`` starts a ``LocalCluster``
of ``--jobs`` worker processes on this machine.  :class:`DaskRunner` yields what
:meth:`briefs_analyzer.corpus.Runner.run` yields, a :class:`~briefs_analyzer.model.Brief` or a
:class:`~briefs_analyzer.model.Failure` per file in order (or a view of each brief, made on the
worker), so every command runs on a cluster unchanged and its corpus step (source identity,
the graph, the outputs) runs here, over small per-brief records.

* **One pipeline per worker process.**  A task builds nothing: :func:`worker_pipeline` keeps
  each configuration's pipeline in the worker process, so spaCy is loaded once per process (on
  its first chunk) and never per task.  Threads of one worker share it, one batch at a time.
* **Tasks are chunks of files**, submitted a bounded number ahead and taken in order: a result
  stays on its worker until its turn, so the client holds one chunk at a time and memory stays
  flat however large the corpus.
* **Inputs** are local paths (the workers must see them: a shared filesystem; a relative path is
  read from the client's working folder and keeps its name) or URLs read on the workers through
  fsspec (:mod:`briefs_analyzer.locations`).
* **Failures stay with their file.**  A file that cannot be analysed is a Failure with the same
  reason as in a local run.  A file that kills its worker process (a native fault, the
  out-of-memory killer) makes Dask retry the task on other workers and then give up on it
  (``KilledWorker``); its chunk is then run again file by file, so only that file fails, with
  :data:`~briefs_analyzer.workers.CRASHED`.
* No brief cache: the cache is one machine's SQLite file, and checking it would mean reading
  every file on the client.  A re-run of a Parquet export skips the briefs its dataset holds
  (``skip``: the workers hash each file and leave those out).

Dask is an optional dependency (``pip install 'briefs-analyzer[dask]'``), imported only here and
only when a run uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import threading
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefs_analyzer.cache import file_sha256
from briefs_analyzer.config import Config
from briefs_analyzer.corpus import CHUNK, Skipped, analyze_chunk, default_jobs
from briefs_analyzer.corpus import _failure as failure_of
from briefs_analyzer.locations import Location, Url, fetch, spool
from briefs_analyzer.locations import discover as discover_locations
from briefs_analyzer.model import Brief, BriefError, Failure
from briefs_analyzer.pipeline import Pipeline, build_pipeline
from briefs_analyzer.views import Projected, View, project
from briefs_analyzer.workers import CRASHED

if TYPE_CHECKING:
    from distributed import Client, Future

T = TypeVar("T")
Result = Brief | Failure | Projected[Any]

DASK_MISSING = "--scheduler needs Dask: pip install 'briefs-analyzer[dask]'"
LOCAL = "local"  # --scheduler local: a LocalCluster on this machine
CONNECT_TIMEOUT = "10s"


class DaskError(Exception):
    """The cluster cannot be used: Dask is missing, the scheduler cannot be reached or was lost.

    ``usage``: the command line is at fault (exit status 2), not the run.
    """

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def require_dask() -> None:
    """Raise :class:`DaskError` (one line: how to install it) unless ``distributed`` can be imported."""
    try:
        found = importlib.util.find_spec("distributed") is not None
    except (ImportError, ValueError):  # a None entry in sys.modules, as when it was taken out
        found = False
    if not found:
        raise DaskError(DASK_MISSING, usage=True)
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskError(DASK_MISSING, usage=True) from exc


# --- on the workers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What every task of a run shares: how to build the pipeline, and what to send back."""

    config: Config
    entities: bool
    key: str  # the pipeline's key (configuration and code): one pipeline per key per process
    password: str | None = None
    view: View[Any] | None = None  # send this view of each brief back, rather than the brief
    cwd: str | None = None  # the client's working folder: relative paths are read from there


@dataclass(frozen=True)
class Answer:
    """A task's results, one per file in order, and the warnings raised while it ran."""

    results: list[Brief | Failure | Projected[Any] | Skipped]
    warnings: tuple[str, ...] = ()


_PIPELINES: dict[str, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()
builds = 0  # how many pipelines this process has built (the tests read it on each worker)


def worker_pipeline(job: Job) -> Pipeline:
    """This process's pipeline for ``job``, built on first use and kept for every later task.

    Its batch stage (spaCy, loaded on its first batch) runs one batch at a time: threads of one
    worker share the model, whose objects are not made to be used by two threads at once.
    """
    global builds
    with _PIPELINES_LOCK:
        pipeline = _PIPELINES.get(job.key)
        if pipeline is None:
            pipeline = build_pipeline(job.config, entities=job.entities)
            if pipeline.batch is not None:
                pipeline = replace(pipeline, batch=_one_at_a_time(pipeline.batch))
            _PIPELINES[job.key] = pipeline
            builds += 1
    return pipeline


def _one_at_a_time(batch: Callable[[Sequence[Brief]], Iterator[Brief]]) -> Callable[[Sequence[Brief]], Iterator[Brief]]:
    lock = threading.Lock()

    def locked(briefs: Sequence[Brief]) -> Iterator[Brief]:
        with lock:
            return iter(list(batch(briefs)))

    return locked


def analyze_task(items: Sequence[Location], job: Job, skip: frozenset[str]) -> Answer:
    """Analyse a chunk of files on a worker: one result per file, in order; never raises for a file.

    A file whose sha256 is in ``skip`` is not analysed (:class:`~briefs_analyzer.corpus.Skipped`).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = _analyze(items, worker_pipeline(job), job, skip)
    return Answer(results, tuple(dict.fromkeys(str(w.message) for w in caught)))


def _analyze(
    items: Sequence[Location], pipeline: Pipeline, job: Job, skip: frozenset[str]
) -> list[Brief | Failure | Projected[Any] | Skipped]:
    out: list[Brief | Failure | Projected[Any] | Skipped | None] = [None] * len(items)
    todo: list[tuple[int, Path, Location | None]] = []  # (position, local file to read, its name if another)
    with spool() as fetched:
        for i, item in enumerate(items):
            if isinstance(item, Url):
                try:
                    data = fetch(item)
                except BriefError as exc:
                    out[i] = Failure(str(item), str(exc))
                    continue
                sha256 = hashlib.sha256(data).hexdigest()
                if sha256 in skip:
                    out[i] = Skipped(str(item), sha256)
                else:
                    todo.append((i, fetched.put(item, data), item))
                continue
            # A relative path means the client's folder: a worker started elsewhere reads it there.
            read = item if item.is_absolute() or job.cwd is None else Path(job.cwd, item)
            if skip:
                with contextlib.suppress(OSError):  # unreadable: the analysis says why
                    sha256 = file_sha256(read)
                    if sha256 in skip:
                        out[i] = Skipped(str(item), sha256)
                        continue
            todo.append((i, read, item if read is not item else None))
        done = analyze_chunk([path for _, path, _ in todo], pipeline, password=job.password)
    for (i, _, name), result in zip(todo, done, strict=True):
        if name is not None:
            result = replace(result, path=str(name))
        out[i] = project(result, job.view) if job.view is not None and isinstance(result, Brief) else result
    assert all(r is not None for r in out)
    return [r for r in out if r is not None]


# --- on the client --------------------------------------------------------------------------------


@dataclass
class _Chunk:
    """A run of discovered items in order, and the task (or, after a crash, the tasks) analysing them."""

    slots: list[Location | Failure] = field(default_factory=list)
    todo: list[Location] = field(default_factory=list)
    futures: list[tuple[list[Location], Future[Answer]]] = field(default_factory=list)


@dataclass(frozen=True)
class DaskRunner:
    """A corpus run on a Dask cluster (see the module's docstring).

    ``scheduler`` is a scheduler's address (``tcp://host:8786``) or ``"local"`` (a LocalCluster of
    ``jobs`` worker processes, one thread each); ``client``, an existing ``distributed.Client``,
    is used instead when given (and left open).  ``on_file`` is told each file as its result
    comes back; pages are read on the workers, so ``on_page`` is not called.
    """

    config: Config
    scheduler: str = LOCAL
    entities: bool = True
    jobs: int | None = None  # --scheduler local: its worker processes (default: one a core)
    password: str | None = None
    on_file: Callable[[Path], None] | None = None
    on_page: Callable[[int, int], None] | None = None
    skip: frozenset[str] = frozenset()
    on_skip: Callable[[str], None] | None = None
    client: Client | None = None
    chunk: int = CHUNK  # the most files per task

    def run(self, paths: Iterable[Location]) -> Generator[Brief | Failure]:
        """Every brief under ``paths`` (local paths or URLs), a Brief or a Failure for each, in order."""
        for result in self.analyze(discover_locations(paths)):
            assert not isinstance(result, Projected)
            yield result

    def project(self, paths: Iterable[Location], view: View[T]) -> Generator[Projected[T] | Failure]:
        """Like :meth:`run`, but ``view`` of each brief, made on the worker."""
        for result in self.analyze(discover_locations(paths), view):
            assert not isinstance(result, Brief)
            yield result

    def analyze(self, items: Iterable[Location | Failure], view: View[Any] | None = None) -> Iterator[Result]:
        """The results for discovered ``items`` (files, and the Failures of paths that were not found)."""
        require_dask()
        listed = list(items)
        failures = [item for item in listed if isinstance(item, Failure)]
        if len(failures) == len(listed):  # nothing to analyse: no cluster to start
            yield from failures
            return
        with self._connect() as client:
            yield from self._stream(client, listed, view)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Client]:
        if self.client is not None:
            yield self.client
            return
        from distributed import Client

        if self.scheduler == LOCAL:
            cluster = local_cluster(self.jobs or default_jobs())
            client = Client(cluster)
            with _closing(client, cluster):
                yield client
            return
        try:
            client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}", usage=True) from exc
        with _closing(client):
            yield client

    def _stream(self, client: Client, items: list[Location | Failure], view: View[Any] | None) -> Iterator[Result]:
        job = Job(self.config, self.entities, build_pipeline(self.config, entities=self.entities).key)
        job = replace(job, password=self.password, view=view, cwd=os.getcwd())
        skip: Any = client.scatter([self.skip], broadcast=True)[0] if self.skip else frozenset()
        threads = max(1, sum(client.nthreads().values()))
        files = sum(not isinstance(i, Failure) for i in items)
        size = max(1, min(self.chunk, -(-files // (4 * threads))))
        ahead = 4 * threads  # tasks submitted and not yet taken: every worker busy, the rest queued
        window: deque[_Chunk] = deque()
        for chunk in _chunks(items, size):
            if chunk.todo:
                chunk.futures.append((chunk.todo, self._submit(client, chunk.todo, job, skip)))
            window.append(chunk)
            while len(window) > ahead:
                yield from self._finish(client, window.popleft(), job, skip)
        while window:
            yield from self._finish(client, window.popleft(), job, skip)

    @staticmethod
    def _submit(client: Client, todo: list[Location], job: Job, skip: Any) -> Future[Answer]:
        return client.submit(analyze_task, todo, job, skip, pure=False)

    def _finish(self, client: Client, chunk: _Chunk, job: Job, skip: Any) -> Iterator[Result]:
        """The chunk's results in order, once its task is done (run again file by file after a crash)."""
        results: list[Brief | Failure | Projected[Any] | Skipped] = []
        queue = deque(chunk.futures)
        while queue:
            todo, future = queue.popleft()
            answer = self._answer(future, todo)
            if answer is None:  # the task failed as a whole: each file again, alone
                singles = [([item], self._submit(client, [item], job, skip)) for item in todo]
                queue.extendleft(reversed(singles))
                continue
            for message in answer.warnings:
                warnings.warn(message, stacklevel=1)
            results.extend(answer.results)
        done = iter(results)
        for slot in chunk.slots:
            if isinstance(slot, Failure):
                yield slot
                continue
            result = next(done)
            if isinstance(result, Skipped):
                if self.on_skip is not None:
                    self.on_skip(result.path)
                continue
            if self.on_file is not None:
                self.on_file(Path(slot.name))
            yield result

    @staticmethod
    def _answer(future: Future[Answer], todo: list[Location]) -> Answer | None:
        """The task's answer; None when a task of several files failed (to be split); a Failure per
        file when a task of one file did (:data:`CRASHED` when it killed its workers)."""
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        try:
            answer = future.result()
        except CancelledError as exc:
            raise DaskError(
                "the Dask scheduler cancelled the run (did it stop, or was the client disconnected?)"
            ) from exc
        except KilledWorker:
            if len(todo) > 1:
                return None
            return Answer([Failure(str(todo[0]), CRASHED)])
        except Exception as exc:  # noqa: BLE001 - a task that failed as a whole; its files fail alone
            if len(todo) > 1:
                return None
            return Answer([failure_of(str(todo[0]), exc)])
        finally:
            future.release()
        return answer


def local_cluster(workers: int) -> Any:
    """The ``LocalCluster`` that ``--scheduler local`` starts: ``workers`` processes, one thread each.

    Worker processes log to this terminal only what is worse than an error (a failure is already
    one line per file, and a worker that dies is reported as its file's).  The scheduler's HTTP
    server (the dashboard, when bokeh is installed) takes a free port: Dask's default, 8787, is
    taken by any other cluster here, which cost a warning.  Dask's nannies set
    ``MALLOC_TRIM_THRESHOLD_=65536`` in their workers (freed memory goes back to the system at
    once); for the analysis, which makes and frees many small objects, that costs about 16% more
    CPU a brief (bench/RESULTS.md), so it is left to the C library, as in our own ``--jobs`` workers.
    """
    import logging

    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        )


@contextlib.contextmanager
def _closing(client: Any, cluster: Any = None) -> Iterator[None]:
    """Close the client (and the local cluster) when the run ends, however it ends.

    Distributed's own log lines are held back meanwhile: a file that fails is one line of ours, a
    worker that dies is its file's failure, and a lost scheduler is a :class:`DaskError`.  After
    Ctrl-C the local worker processes are ended first, or closing would wait for their chunks.
    """
    import logging

    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    except KeyboardInterrupt:
        if cluster is not None:
            import multiprocessing

            for process in multiprocessing.active_children():
                process.terminate()
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        logger.setLevel(level)


def _chunks(items: list[Location | Failure], size: int) -> Iterator[_Chunk]:
    chunk = _Chunk()
    for item in items:
        chunk.slots.append(item)
        if not isinstance(item, Failure):
            chunk.todo.append(item)
        if len(chunk.todo) >= size or len(chunk.slots) >= 8 * CHUNK:
            yield chunk
            chunk = _Chunk()
    if chunk.slots:
        yield chunk
