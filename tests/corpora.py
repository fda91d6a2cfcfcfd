"""The corpora the export and report tests share, each analysed once per test session."""

from __future__ import annotations

from functools import cache

from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Runner
from briefs_analyzer.model import Brief
from tests.conftest import CORPUS_REAL, SEEDS


@cache
def real_corpus() -> tuple[Brief, ...]:
    """The 27 real CRS and GAO reports of tests/data/real (without the NLP layer: it is slow and not needed)."""
    briefs = tuple(b for b in Runner(Config(), entities=False, jobs=2).run([CORPUS_REAL]) if isinstance(b, Brief))
    assert len(briefs) == 27
    return briefs


@cache
def seed_corpus() -> tuple[Brief, ...]:
    briefs = tuple(b for b in Runner(Config(), entities=False).run([SEEDS]) if isinstance(b, Brief))
    assert len(briefs) == 2
    return briefs
