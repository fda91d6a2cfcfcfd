"""`briefs check` over a corpus, cold and warm, in one run (issue 20: warm under 1 s on the 27 real reports).

Runs the installed ``briefs`` command in fresh processes, as CI and editors do:

* cold: an empty cache (every brief read, parsed and analysed, entities included);
* warm: the same command again, so every brief's findings come from the cache (best of ``--warm`` runs,
  and the median);
* warm, each output format (json, sarif, junit, gitlab), to show that formatting costs nothing next to start-up;
* the start-up alone: ``briefs check`` of an empty folder.

Usage: python bench/bench_check.py [FOLDER] [--warm 5] [--jobs N]   (FOLDER defaults to tests/data/real)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = Path(sys.executable).with_name("briefs")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], cache: Path) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Wall-clock seconds of one ``briefs check`` process (and its workers); the CPU seconds go to CPU."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [str(BRIEFS), "check", *args, "--cache-dir", str(cache), "-q"], capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    CPU.append(_children_cpu() - cpu)
    if done.returncode not in (0, 1):
        raise SystemExit(f"briefs check failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, done


CPU: list[float] = []  # CPU seconds (user + system) of each timed run, in order


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "data" / "real")
    parser.add_argument("--warm", type=int, default=5, help="warm runs to time (default 5)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: briefs' own)")
    args = parser.parse_args()
    files = [p for p in args.folder.rglob("*") if p.suffix.lower() in (".pdf", ".md", ".txt", ".docx", ".html")]
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"briefs check {args.folder} ({len(files)} files), Python {sys.version.split()[0]}")
    load = os.getloadavg()[0]
    print(f"  load average before the run: {load:.2f} on {os.cpu_count()} cores (wall times suffer above it)")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        cold, done = timed([str(args.folder), *extra], cache)
        last = done.stdout.decode().splitlines()[-1]
        print(f"  cold (empty cache):          {cold:7.2f} s wall, {CPU[-1]:6.2f} s CPU   {last}")
        warm = [timed([str(args.folder), *extra], cache)[0] for _ in range(args.warm)]
        warm_cpu = CPU[-args.warm :]
        print(
            f"  warm (every brief cached):   {min(warm):7.2f} s wall best, {statistics.median(warm):.2f} s median"
            f" of {len(warm)}; {min(warm_cpu):.2f} s CPU best   target < 1 s: {'met' if min(warm) < 1 else 'NOT met'}"
        )
        for fmt in ("json", "sarif", "junit", "gitlab"):
            best = min(timed([str(args.folder), "--format", fmt, *extra], cache)[0] for _ in range(3))
            print(f"  warm, --format {fmt:<7}       {best:7.2f} s wall best of 3; {min(CPU[-3:]):.2f} s CPU")
        empty = Path(tmp) / "empty"
        empty.mkdir()
        start_up = min(timed([str(empty)], cache)[0] for _ in range(5))
        print(f"  start-up alone (no file):    {start_up:7.2f} s wall best of 5; {min(CPU[-5:]):.2f} s CPU")


if __name__ == "__main__":
    main()
