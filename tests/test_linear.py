"""Every stage is linear in the size of its input: a long paragraph, line or note costs in proportion.

Timings are ratios measured in one run (t(4n) / t(n)), never absolute times, so a loaded machine
does not fail them: a linear stage gives about 4, a quadratic one 16.  Each time is the best of a
few runs, which keeps a scheduler hiccup out of the ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from briefs_analyzer.sentences import split_sentences

SIZES = (100_000, 200_000, 400_000)
MAX_RATIO = 6.0  # t(400k) / t(100k): 4 when linear, 16 when quadratic


def best_time(work: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def ratio(make: Callable[[int], str], work: Callable[[str], object]) -> tuple[float, list[float]]:
    texts = [make(n) for n in SIZES]
    times = [best_time(lambda t=t: work(t)) for t in texts]  # type: ignore[misc]
    return times[-1] / max(times[0], 1e-6), times


def repeat(sentence: str) -> Callable[[int], str]:
    return lambda n: (sentence * (n // len(sentence) + 1))[:n]


def test_sentence_splitter_is_linear_on_one_long_paragraph() -> None:
    found, times = ratio(repeat("The U.S. Gov. said so in 1998. Dr. Smith agreed. "), split_sentences)
    assert found < MAX_RATIO, f"split_sentences: {times}"


def test_sentence_splitter_is_linear_on_a_line_without_spaces() -> None:
    found, times = ratio(lambda n: "x" * n + ". Next one.", split_sentences)
    assert found < MAX_RATIO, f"split_sentences: {times}"
