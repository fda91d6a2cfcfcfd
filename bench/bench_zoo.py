"""The layout zoo measured: how many gold checks each layout of the seeds passes (issues 15 and 16).

Builds every rendering of ``tests/zoo.py`` (or takes it from the cache, ``$BRIEFS_ZOO_CACHE``,
default ``~/.cache/briefs-zoo``), analyses each as ``briefs analyze`` does (per-brief stages, no
NLP) and prints Markdown tables:

* seeds: per layout and seed, the ``body``-level gold checks passed (title, date, sections, note
  numbers, claims with markers, stitched sentences, no error-level problem) and the authors check
  that the ``pdf`` level adds; the share per layout over both seeds; the seeds' text as the first row;
* metadata: per layout, the gold metadata fields that layout carries (``tests/zoo.py``), passed;
* real reports: per layout, the notes found against the report's own Markdown and the share of
  the Markdown's claim texts the rendering gives too.

``--cold`` builds into an empty temporary cache, to time a cold build.

Usage: python bench/bench_zoo.py [--cold]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the zoo and the gold checks live with the tests

from briefs_analyzer.corpus import analyze_file  # noqa: E402
from briefs_analyzer.model import Brief  # noqa: E402
from briefs_analyzer.pipeline import default_stages  # noqa: E402
from tests import zoo  # noqa: E402
from tests.conftest import CORPUS_REAL, SEEDS, load_gold  # noqa: E402
from tests.gold import Check, claim_overlap, gold_checks, metadata_checks  # noqa: E402

STAGES = default_stages()


def share(ok: int, total: int) -> str:
    return f"{100 * ok / total:.0f}%" if total else "-"


def count(checks: list[Check]) -> tuple[int, int]:
    return sum(c.passed for c in checks), len(checks)


def build() -> tuple[dict[tuple[str, str], Path | str], float]:
    """(source, layout) -> the rendering, or why it could not be made; and the seconds it took."""
    start = time.perf_counter()
    files = zoo.build_all()
    return files, time.perf_counter() - start


def analyse(path: Path | str) -> Brief | str:
    if isinstance(path, str):
        return path
    try:
        return analyze_file(path, STAGES)
    except Exception as exc:  # noqa: BLE001 - a rendering the analyser cannot read is a result too
        return f"error: {exc}"


def seed_tables(seeds: list[zoo.Source], files: dict[tuple[str, str], Path | str]) -> None:
    stems = [s.name for s in seeds]
    print("| layout | " + " | ".join(f"{s[:3]} body | {s[:3]} authors" for s in stems) + " | body | + authors |")
    print("|---|" + "---|---|" * len(stems) + "---|---|")
    rows = [("text", {s: SEEDS / f"{s}.txt" for s in stems})]
    rows += [(name, {s: files[s, name] for s in stems}) for name in zoo.SEED_LAYOUTS]
    metadata_rows: list[str] = []
    for name, paths in rows:
        cells: list[str] = []
        body_ok = body_total = pdf_ok = pdf_total = meta_ok = meta_total = 0
        for stem, path in paths.items():
            brief = analyse(path)
            if isinstance(brief, str):
                cells += [brief, ""]
                continue
            gold = load_gold(stem)
            body = gold_checks(brief, gold, "body")
            pdf = gold_checks(brief, gold, "pdf")
            authors = [c for c in pdf if c.name == "authors"]
            fields = zoo.LAYOUTS[name].fields if name in zoo.LAYOUTS else zoo.EVERY_FIELD
            meta = metadata_checks(brief, gold, fields)
            (b_ok, b_total), (a_ok, a_total), (m_ok, m_total) = count(body), count(authors), count(meta)
            cells += [f"{b_ok}/{b_total}", f"{a_ok}/{a_total}"]
            body_ok, body_total = body_ok + b_ok, body_total + b_total
            pdf_ok, pdf_total = pdf_ok + b_ok + a_ok, pdf_total + b_total + a_total
            meta_ok, meta_total = meta_ok + m_ok, meta_total + m_total
        print(f"| {name} | " + " | ".join(cells) + f" | {share(body_ok, body_total)} | {share(pdf_ok, pdf_total)} |")
        fields_text = ", ".join(zoo.LAYOUTS[name].fields if name in zoo.LAYOUTS else zoo.EVERY_FIELD)
        metadata_rows.append(f"| {name} | {fields_text} | {meta_ok}/{meta_total} | {share(meta_ok, meta_total)} |")
    print()
    print("| layout | metadata it carries | checks passed (both seeds) | share |")
    print("|---|---|---|---|")
    print("\n".join(metadata_rows))


def short(name: str) -> str:
    """``crs-r44243-electing-...`` -> ``R44243``, ``gao-06-282-...`` -> ``GAO-06-282``."""
    parts = name.split("-")
    return "-".join(parts[:3]).upper() if parts[0] == "gao" else parts[1].upper()


def real_table(reports: list[zoo.Source], files: dict[tuple[str, str], Path | str]) -> None:
    references = {r.name: analyse(CORPUS_REAL / f"{r.name}.md") for r in reports}
    print("| layout | " + " | ".join(f"{short(r.name)} notes | claims" for r in reports) + " | claims, mean |")
    print("|---|" + "---|---|" * len(reports) + "---|")
    for name in zoo.REAL_LAYOUTS:
        cells: list[str] = []
        shares: list[float] = []
        for report in reports:
            reference, brief = references[report.name], analyse(files[report.name, name])
            if isinstance(brief, str) or isinstance(reference, str):
                cells += [str(brief), ""]
                continue
            same = [n.number for n in brief.notes] == [n.number for n in reference.notes]
            overlap = claim_overlap(reference, brief)
            shares.append(overlap)
            cells += [f"{len(brief.notes)}/{len(reference.notes)}{'' if same else ' ✗'}", f"{100 * overlap:.1f}%"]
        mean = f"{100 * sum(shares) / len(shares):.1f}%" if shares else "-"
        print(f"| {name} | " + " | ".join(cells) + f" | {mean} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="build into an empty temporary cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefs-zoo-") as tmp:
        if args.cold:
            os.environ["BRIEFS_ZOO_CACHE"] = tmp
        seeds, reports = zoo.seed_sources(), zoo.real_sources()
        files, seconds = build()
        again, warm = build()
        assert again == files
        made = sum(isinstance(p, Path) for p in files.values())
        print(f"zoo: {made} of {len(files)} renderings in {zoo.cache_root()}: {seconds:.1f} s, then {warm:.2f} s warm")
        print()
        seed_tables(seeds, files)
        print()
        real_table(reports, files)


if __name__ == "__main__":
    main()
