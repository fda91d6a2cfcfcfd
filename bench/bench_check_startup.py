"""Start-up of `briefs check` on one brief, against remark-lint on the same brief as Markdown.

The target (the fresh-clone issue): ``briefs check`` of one text brief, cold and without cache
(``--no-cache``, a fresh process), no slower than ``remark --use remark-lint`` on the same brief
as Markdown (a fresh ``remark`` process, run from ``node_modules/.bin`` as npm installs it: no
``npx`` in front, whose own start-up would flatter us).  In one run this script

1. installs ``remark-cli`` and ``remark-lint`` from the npm registry into a temporary folder (npm's
   cache under ``bench/.npm-cache``, which git ignores; ``--npm-cache`` to put it elsewhere);
2. converts one seed brief to Markdown: superscript markers become ``[^n]``, note labels ``[^n]:``
   (found by the parser, so the notes are the seed's own);
3. times both tools, each in a fresh process, ``--runs`` times, and prints the best and median
   times and the ratio;
4. times ``briefs --version`` and ``briefs --help`` against ``python -c "import click"`` (target:
   within 1.5x), best of ``3 * --runs`` fresh processes each.

Usage: python bench/bench_check_startup.py [SEED] [--runs 7] [--npm-cache DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefs_analyzer.fix import parse_text

ROOT = Path(__file__).resolve().parents[1]
BRIEFS = Path(sys.executable).with_name("briefs")
SEED = ROOT / "tests" / "data" / "seeds" / "000_2bc1844ba35e9142.txt"
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DIGITS = str.maketrans(_SUPERSCRIPT, "0123456789")


def to_markdown(text: str) -> str:
    """The seed as Markdown: a title heading, ``[^n]`` markers and ``[^n]:`` definitions."""
    brief = parse_text(text, markdown=False)
    lines = text.split("\n")
    note_lines = {n.line - 1 for n in brief.notes}
    out = []
    for i, line in enumerate(lines):
        if i in note_lines:
            m = re.match(rf"\s*([{_SUPERSCRIPT}]+|\d+)\s*", line)
            if m:
                line = f"[^{m.group(1).translate(_DIGITS)}]: {line[m.end() :]}"
        else:
            line = re.sub(f"[{_SUPERSCRIPT}]+", lambda m: f"[^{m.group(0).translate(_DIGITS)}]", line)
        out.append(line)
    if out and out[0].strip():
        out[0] = "# " + out[0].strip()
    return "\n".join(out)


def install_remark(folder: Path, npm_cache: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed (apt-get install npm)")
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", "--cache", str(npm_cache), "remark-cli", "remark-lint"],
        cwd=folder,
        check=True,
    )
    return folder / "node_modules" / ".bin" / "remark"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(command: list[str], runs: int, cwd: Path) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of ``runs`` fresh processes."""
    wall, cpu = [], []
    for _ in range(runs):
        start, used = time.perf_counter(), _children_cpu()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        wall.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - used)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", nargs="?", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--npm-cache", type=Path, default=ROOT / "bench" / ".npm-cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        remark_bin = install_remark(folder, args.npm_cache)
        brief = folder / "brief.txt"
        shutil.copy(args.seed, brief)
        markdown = folder / "brief.md"
        markdown.write_text(to_markdown(args.seed.read_text(encoding="utf-8")), encoding="utf-8")
        load = os.getloadavg()[0]
        remark_command = [str(remark_bin), "--use", "remark-lint", "--quiet", str(markdown)]
        remark, remark_cpu = time_runs(remark_command, args.runs, folder)
        ours, ours_cpu = time_runs([str(BRIEFS), "check", str(brief), "--no-cache", "-q"], args.runs, folder)
        version = subprocess.run(
            [str(remark_bin), "--version"], cwd=folder, capture_output=True, text=True, check=False
        ).stdout.strip()
    size = args.seed.stat().st_size
    print(f"one brief: {args.seed.name} ({size:,} bytes); {args.runs} fresh processes each")
    print(f"  load average before timing: {load:.2f} on {os.cpu_count()} cores (wall times suffer above it)")
    print(f"  remark --use remark-lint (node_modules/.bin/remark, {version or '?'}) on it as Markdown:")
    for label, wall, cpu in (("", remark, remark_cpu), ("briefs check --no-cache on it as text:", ours, ours_cpu)):
        if label:
            print(f"  {label}")
        print(f"      wall best {min(wall):.3f} s, median {statistics.median(wall):.3f} s; CPU best {min(cpu):.3f} s")
    click_wall, _ = time_runs([sys.executable, "-c", "import click"], 3 * args.runs, ROOT)
    for flag in ("--version", "--help"):
        wall, _ = time_runs([str(BRIEFS), flag], 3 * args.runs, ROOT)
        verdict = "met" if min(wall) <= 1.5 * min(click_wall) else "NOT met"
        print(
            f"  briefs {flag}: best {min(wall):.3f} s against `python -c 'import click'` {min(click_wall):.3f} s:"
            f" {min(wall) / min(click_wall):.2f}x   target <= 1.5x: {verdict}"
        )
    ratio = statistics.median(ours) / statistics.median(remark)
    cpu_ratio = min(ours_cpu) / min(remark_cpu)
    print(
        f"  ratio briefs / remark: wall (medians) {ratio:.2f}, CPU (best) {cpu_ratio:.2f}"
        f"   target <= 1.00: {'met' if ratio <= 1 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
