"""Shared fixtures: the seed briefs, their gold files, and parsed briefs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from briefs_analyzer.ingest import read_document
from briefs_analyzer.model import Brief
from briefs_analyzer.parse import parse

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# The two seed briefs (byte for byte the files in corpus/, under their original names) and what
# the tests expect of each (``<stem>.expected.json``, derived once from the hand-checked gold).
SEEDS = DATA / "seeds"
# Real public-domain CRS and GAO reports, with SOURCES.md and COUNTS.md (tests/data/real/).
CORPUS_REAL = DATA / "real"
LABELS = DATA / "labels"
SEED_STEMS = ("000_2bc1844ba35e9142", "004_7a6a544e9fa6e7d1")


def load_gold(stem: str) -> dict[str, Any]:
    """What the tests expect of the seed ``stem``."""
    data: dict[str, Any] = json.loads((SEEDS / f"{stem}.expected.json").read_text(encoding="utf-8"))
    return data


def parse_path(path: Path) -> Brief:
    return parse(read_document(path))


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """CLI runs in the tests cache into a temporary folder, never the working tree or the user's home."""
    os.environ["BRIEFS_CACHE_DIR"] = str(tmp_path_factory.mktemp("briefs-cache"))
    # The key that signs cache rows lives under $XDG_CACHE_HOME: the tests keep theirs apart too.
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session", params=SEED_STEMS)
def seed(request: pytest.FixtureRequest) -> tuple[Brief, dict[str, Any]]:
    """(parsed seed brief, its gold) for each seed."""
    stem: str = request.param
    gold = load_gold(stem)
    return parse_path(SEEDS / gold["file"]), gold
