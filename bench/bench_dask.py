"""Dask against our own worker pool, on the same corpus and the same cores, in one run (issue 22).

Builds a synthetic corpus of N briefs from corpus/ (each copy varied, as bench_corpus.py does)
and analyses it, entities included and no cache, four ways:

* ``--jobs 1`` and ``--jobs 2``: :class:`briefs_analyzer.corpus.Runner` (in-process, then two
  fork-started workers);
* 1 and 2 Dask workers: :class:`briefs_analyzer.distributed.DaskRunner` on a fresh
  ``LocalCluster`` of that many worker processes, one thread each, as ``--scheduler local`` starts
  it (:func:`briefs_analyzer.distributed.local_cluster`).  The cluster is started, and
  its workers import the analyser and spaCy, before the clock starts (printed apart): a
  fork-started ``--jobs`` worker inherits those imports, and a cluster's workers pay them once for
  a whole run.  The model is loaded inside the measured time in all four runs (each worker, on its
  first chunk).

Then it prints the ratios the issue sets targets for (Dask within 1.15x of ``--jobs`` on the same
cores; 2 Dask workers at least 1.8x faster than 1), the per-core rate, and what the client holds.
Each run is timed by the wall clock and by the CPU seconds of every process that worked (this
one, its ended ``--jobs`` workers, the Dask workers by ``time.process_time`` on each): on a
machine other jobs share, the wall-clock ratios move with their load, the CPU ratios much less.
Rounds alternate the order of the four runs, and the best of each is kept.

Client memory: the peak the client of a 2-worker Dask run holds while it streams
``analyze --format json`` (the JSON view of each brief comes back, only its sources are kept),
over the first half of the briefs and over all of them (flat means it does not grow with the
corpus); and per brief, by tracemalloc, what the corpus step holds when a command keeps whole
briefs (``export --format graphml`` or ``report``), the citation graph, the source list
``analyze --format json`` keeps, and the Parquet bytes a brief adds to a dataset (on this corpus,
whose copies share their sources, and on seven real briefs).  bench/RESULTS.md turns these into
workers and hours for 1 and 10 million briefs.

Results are checked to be equal across all runs.

Usage: python bench/bench_dask.py [--briefs 80] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_corpus import make_corpus
from distributed import Client

from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.distributed import DaskRunner, local_cluster
from briefs_analyzer.export.parquet import Dataset, brief_tables
from briefs_analyzer.graph import build_graph
from briefs_analyzer.model import Brief, Failure
from briefs_analyzer.nlp import brief_texts
from briefs_analyzer.output import JSON_VIEW, SourceIndex, source_part
from briefs_analyzer.views import Projected

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    """One measured run: wall-clock seconds, CPU seconds of every process that worked, the results."""

    seconds: float
    cpu: float
    results: list[Brief | Failure]
    load: float  # the 1-minute load average when the run ended (the machine is shared)
    started: float | None = None  # seconds to start a LocalCluster and import, not in ``seconds``


def _own_cpu() -> float:
    """CPU seconds of this process and of its children that have ended (fork-started --jobs workers)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def local(folder: Path, jobs: int) -> Run:
    cpu, start = _own_cpu(), time.perf_counter()
    results = list(Runner(Config(), jobs=jobs).run([folder]))
    seconds = time.perf_counter() - start  # the workers have ended: their CPU time is counted
    return Run(seconds, _own_cpu() - cpu, results, os.getloadavg()[0])


def on_dask(folder: Path, workers: int) -> Run:
    """A run on a fresh LocalCluster of ``workers`` processes (its start is measured apart)."""
    start = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        client.run(_import_the_analyser)
        started = time.perf_counter() - start
        before = sum(client.run(time.process_time).values()) + _own_cpu()
        begun = time.perf_counter()
        results = list(DaskRunner(Config(), client=client).run([folder]))
        seconds = time.perf_counter() - begun
        cpu = sum(client.run(time.process_time).values()) + _own_cpu() - before
    return Run(seconds, cpu, results, os.getloadavg()[0], started)


def client_memory(folder: Path, workers: int) -> tuple[int, int, int]:
    """What ``analyze --format json`` holds on the client during a Dask run, by tracemalloc.

    (peak bytes over the first half of the briefs, peak bytes over the whole run, briefs): the
    JSON view of each brief comes back from the workers and only its sources are kept, as the
    command does.  Not timed (tracemalloc slows the client).
    """
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        client.run(_import_the_analyser)
        index = SourceIndex()
        files = sum(1 for _ in folder.glob("*.txt"))
        half, n = 0, 0
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        for result in DaskRunner(Config(), client=client).project([folder], JSON_VIEW):
            if isinstance(result, Projected):
                index.add(result.path, result.value.sources)
                n += 1
            if n == files // 2:
                half = max(half, tracemalloc.get_traced_memory()[1] - base)
        whole = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
    return half, whole, n


def _import_the_analyser() -> None:
    """What a fork-started --jobs worker inherits: the analyser and spaCy imported (not the model loaded)."""
    import spacy  # noqa: F401

    import briefs_analyzer.distributed  # noqa: F401


def held(make: Callable[[], Any]) -> tuple[int, Any]:
    """(bytes allocated and still held by what ``make`` returns, it), by tracemalloc."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    value = make()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, value


def client_side(briefs: list[Brief], folder: Path, label: str) -> None:
    """What the corpus step holds on the client per brief, and how fast the client writes Parquet."""
    n = len(briefs)
    data = pickle.dumps(briefs)
    brief_bytes, _ = held(lambda: pickle.loads(data))
    build_graph(briefs[:1])  # networkx imported, caches filled: not counted as the graph's
    graph_bytes, graph = held(lambda: build_graph(briefs))

    def index() -> SourceIndex:
        found = SourceIndex()
        for b in briefs:
            found.add(b.path, source_part(b))
        return found

    index_bytes, sources = held(index)
    distinct = len(list(sources))
    tables = [brief_tables(b) for b in briefs]  # made on the workers in a Dask run
    out = Path(tempfile.mkdtemp(dir=folder)) / "dataset"
    start = time.perf_counter()
    dataset = Dataset.open(out)
    for t in tables:
        dataset.add(t)
    dataset.close()
    writing = time.perf_counter() - start
    parquet_bytes = sum(p.stat().st_size for p in out.rglob("*.parquet"))
    print(f"client side, {label}: {n} briefs, {distinct} distinct sources; per brief:")
    print(f"  the brief objects (what export graphml/sqlite and report hold): {brief_bytes / n / 1e3:8.1f} kB")
    nodes, edges = graph.number_of_nodes() / n, graph.number_of_edges() / n
    print(f"  the citation graph (networkx): {graph_bytes / n / 1e3:8.1f} kB ({nodes:.0f} nodes, {edges:.0f} edges)")
    print(f"  the source list analyze --format json keeps: {index_bytes / n / 1e3:8.2f} kB")
    print(f"  the Parquet dataset on disk: {parquet_bytes / n / 1e3:8.1f} kB (one part)")
    print(f"  the client writes Parquet parts at {n / writing:.0f} briefs/s")


def real_briefs() -> list[Brief]:
    """The Parquet test corpus (two seeds, a short CRS report, R44243 as PDF and Markdown), analysed here."""
    real = ROOT / "tests" / "data" / "real"
    files = [
        ROOT / "tests" / "data" / "seeds",
        real / "crs-98-317-types-of-committee-hearings.pdf",
        real / "crs-r44243-electing-the-speaker.pdf",
        real / "crs-r44243-electing-the-speaker.md",
        real / "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf",
        real / "gao-06-282-infant-formula-marketing-wic.pdf",
    ]
    return [b for b in Runner(Config(), jobs=1).run(files) if isinstance(b, Brief)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--briefs", type=int, default=80, help="briefs in each run")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the four runs (the best of each is kept)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
    runs: dict[str, Callable[[Path], Run]] = {
        "--jobs 1": lambda folder: local(folder, 1),
        "dask, 1 worker": lambda folder: on_dask(folder, 1),
        "--jobs 2": lambda folder: local(folder, 2),
        "dask, 2 workers": lambda folder: on_dask(folder, 2),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_corpus(Path(tmp) / "corpus", args.briefs)
        best: dict[str, Run] = {}
        starts: list[float] = []
        loads: list[float] = []
        reference: list[Brief | Failure] | None = None
        for round_ in range(args.rounds):
            names = list(runs) if round_ % 2 == 0 else list(reversed(runs))  # drift hits both sides alike
            for name in names:
                run = runs[name](folder)
                loads.append(run.load)
                if run.started is not None:
                    starts.append(run.started)
                if reference is None:
                    reference = run.results
                assert run.results == reference, f"{name} gave other results"
                if name not in best or run.seconds < best[name].seconds:
                    best[name] = run
        assert reference is not None
        briefs = [b for b in reference if isinstance(b, Brief)]
        words = sum(len(t.split()) for b in briefs for t in brief_texts(b))
        print(f"corpus: {len(briefs)} briefs, {words} words; identical results from all {4 * args.rounds} runs")
        print(f"load average after each run: {' '.join(f'{x:.1f}' for x in loads)} (2 would be these runs alone)")
        print(f"best of {args.rounds} round(s), wall clock; CPU seconds of every process that worked:")
        for name in runs:
            r = best[name]
            print(
                f"  {name:16}: {r.seconds:7.1f} s  {len(briefs) / r.seconds:6.2f} briefs/s  "
                f"{words / r.seconds:8.0f} words/s   CPU {r.cpu:6.1f} s ({1e3 * r.cpu / len(briefs):5.0f} ms a brief)"
            )
        print(f"  (a LocalCluster took {min(starts):.1f}-{max(starts):.1f} s to start and import, not counted above)")
        d1, d2 = best["dask, 1 worker"], best["dask, 2 workers"]
        j1, j2 = best["--jobs 1"], best["--jobs 2"]
        for label, ratio, target in (
            ("dask 1 worker / --jobs 1, wall", d1.seconds / j1.seconds, "<= 1.15"),
            ("dask 2 workers / --jobs 2, wall", d2.seconds / j2.seconds, "<= 1.15"),
            ("dask 1 worker / --jobs 1, CPU", d1.cpu / j1.cpu, "<= 1.15"),
            ("dask 2 workers / --jobs 2, CPU", d2.cpu / j2.cpu, "<= 1.15"),
            ("dask speed-up, 2 workers over 1", d1.seconds / d2.seconds, ">= 1.8"),
            ("--jobs speed-up, 2 over 1", j1.seconds / j2.seconds, "(for comparison)"),
        ):
            print(f"  {label:32}: {ratio:5.2f}x   target {target}")
        print(
            f"  per-core rate (dask, 1 worker): {words / d1.seconds:.0f} words/s, {len(briefs) / d1.seconds:.2f}"
            f" briefs/s; by CPU time {words / d1.cpu:.0f} words per CPU second"
        )
        half, whole, n = client_memory(folder, 2)
        print(
            f"client of a Dask run streaming analyze --format json ({n} briefs, 2 workers): peak "
            f"{half / 1e6:.1f} MB over the first half, {whole / 1e6:.1f} MB over the whole run (tracemalloc)"
        )
        client_side(briefs, Path(tmp), "the synthetic corpus (copies share their sources)")
        client_side(real_briefs(), Path(tmp), "seven real briefs")


if __name__ == "__main__":
    main()
