"""Words per second of the entity stage against bare spaCy, on the same text in one run.

Bare spaCy is ``nlp.pipe`` with the same model and only the components named-entity
recognition needs (``ner``), without our gazetteer ruler or resolver.  Our stage is
:func:`briefs_analyzer.nlp.annotate_many`: ruler + ner + resolver, abbreviation linking,
claims and agreement events.  Both get exactly the same texts: the body, notes and front
matter of the briefs in ``corpus/``, repeated until there are about 200,000 words.

usage: python bench/bench_nlp.py [WORDS]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from briefs_analyzer.corpus import analyze
from briefs_analyzer.model import Brief
from briefs_analyzer.nlp import DEFAULT_MODEL, annotate_many, brief_texts, is_rule_based, load_pipeline

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BATCH_SIZE = 32
RUNS = 3


def corpus_briefs(words: int) -> list[Brief]:
    seed = [b for b in analyze([CORPUS]) if isinstance(b, Brief)]
    if not seed:
        sys.exit(f"no briefs in {CORPUS}")
    briefs: list[Brief] = []
    total = 0
    while total < words:
        for brief in seed:
            briefs.append(brief)
            total += sum(len(t.split()) for t in brief_texts(brief))
    return briefs


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    words_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    ours = load_pipeline(DEFAULT_MODEL)
    if is_rule_based(ours):
        sys.exit(f"{DEFAULT_MODEL} is not installed: nothing to compare")
    bare = spacy.load(DEFAULT_MODEL, exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    bare.remove_pipe("tok2vec")  # en_core_web_sm's ner has its own tok2vec

    briefs = corpus_briefs(words_wanted)
    texts = [t for b in briefs for t in brief_texts(b, ours)]
    words = sum(len(t.split()) for t in texts)

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=BATCH_SIZE):
            pass

    def run_ours() -> None:
        for _ in annotate_many(briefs, ours, batch_size=BATCH_SIZE):
            pass

    # Warm up both, then alternate so that both see the same machine load; keep each one's best.
    run_bare()
    run_ours()
    bare_s = ours_s = float("inf")
    for _ in range(RUNS):
        bare_s = min(bare_s, seconds(run_bare))
        ours_s = min(ours_s, seconds(run_ours))
    print(f"text: {len(briefs)} briefs, {len(texts)} texts, {words:,} words; model {DEFAULT_MODEL}")
    print(f"bare spaCy  ({' + '.join(bare.pipe_names)}): {words / bare_s:>10,.0f} words/s  ({bare_s:.2f} s)")
    print(f"entity stage ({' + '.join(ours.pipe_names)}): {words / ours_s:>10,.0f} words/s  ({ours_s:.2f} s)")
    print(f"ratio: {bare_s / ours_s:.2f} (target >= 0.80)")


if __name__ == "__main__":
    main()
