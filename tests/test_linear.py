"""Every stage is linear in the size of its input: a long paragraph, line or note costs in proportion.

Timings are ratios measured in one run (t(4n) / t(n)), never absolute times, so a loaded machine
does not fail them: a linear stage gives about 4, a quadratic one 16.  Each time is the best of a
few rounds, the sizes taking turns, which keeps a scheduler hiccup out of the ratio.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from briefs_analyzer.ingest.html import read_html
from briefs_analyzer.sentences import split_sentences
from tests.factories import brief_from

SIZES = (100_000, 200_000, 400_000)
MAX_RATIO = 8.0  # t(400k) / t(100k): 4 when linear (4.5 for n log n), 16 when quadratic


def ratio(make: Callable[[int], str], work: Callable[[str], object], rounds: int = 3) -> tuple[float, list[float]]:
    """t(400k) / t(100k), each the best of ``rounds``; the sizes take turns within a round, so a
    moment when the machine is busy costs every size alike instead of one, and the garbage
    collector is held off (the tests before this one leave a heap whose collections would land
    in some runs and not others)."""
    texts = [make(n) for n in SIZES]
    best = [float("inf")] * len(texts)
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for i, text in enumerate(texts):
                start = time.perf_counter()
                work(text)
                best[i] = min(best[i], time.perf_counter() - start)
    finally:
        gc.enable()
    return best[-1] / max(best[0], 1e-6), best


def repeat(sentence: str) -> Callable[[int], str]:
    return lambda n: (sentence * (n // len(sentence) + 1))[:n]


def test_sentence_splitter_is_linear_on_one_long_paragraph() -> None:
    found, times = ratio(repeat("The U.S. Gov. said so in 1998. Dr. Smith agreed. "), split_sentences)
    assert found < MAX_RATIO, f"split_sentences: {times}"


def test_sentence_splitter_is_linear_on_a_line_without_spaces() -> None:
    found, times = ratio(lambda n: "x" * n + ". Next one.", split_sentences)
    assert found < MAX_RATIO, f"split_sentences: {times}"


# The whole parser, on a brief that is one long line with a note marker in every sentence: each
# marker looked back over the whole line for a unit (km²), 4.5 / 21 / 79 s at 100k / 200k / 400k.
SENTENCE = "The U.S. Gov. said so in 1998.¹ Dr. Smith agreed. "


def test_the_text_parser_is_linear_on_one_long_line_of_marked_sentences() -> None:
    def make(n: int) -> str:
        return "A TITLE\n\n" + repeat(SENTENCE)(n) + "\n\n¹ A source, 1998.\n"

    found, times = ratio(make, brief_from)
    assert found < MAX_RATIO, f"parse: {times}"


def test_the_markdown_parser_is_linear_on_a_long_paragraph_and_a_long_note() -> None:
    def make(n: int) -> str:
        body = repeat(SENTENCE.replace("¹", "[^1]"))(n)
        return "# T\n\n" + body + "\n\n[^1]: " + repeat("Jane Doe, A Title, 1998. ")(n) + "\n"

    found, times = ratio(make, lambda text: brief_from(text, markdown=True))
    assert found < MAX_RATIO, f"parse (Markdown): {times}"


def test_the_html_reader_is_linear_on_a_long_paragraph_of_superscripts(tmp_path: Path) -> None:
    def read(page: str) -> object:
        path = tmp_path / "page.html"
        path.write_text(page, encoding="utf-8")
        return read_html(path)

    def make(n: int) -> str:
        return (
            "<html><body><article><p>"
            + repeat(SENTENCE)(n).replace("¹", "<sup>1</sup>")
            + "</p></article></body></html>"
        )

    found, times = ratio(make, read)
    assert found < MAX_RATIO, f"read_html: {times}"
