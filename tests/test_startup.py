"""Start-up: what a command imports (issue 14).

``briefs --version`` and ``--help`` must answer at once, and ``briefs check`` never needs the
entity model: each is run in a fresh interpreter and the modules it loaded are inspected.  The
times themselves are measured by ``bench/bench_check_startup.py``, not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).parent / "data" / "seeds" / "000_2bc1844ba35e9142.txt"
# What a run on a Dask cluster or a Parquet export needs, and a local run never imports (issue 22).
CLUSTER = {"dask", "distributed", "fsspec", "pyarrow"}

# Run ``briefs ARGS`` in this interpreter, then print the top-level packages that were imported.
_PROBE = """
import json, sys
from briefs_analyzer.cli import main
try:
    main(sys.argv[1:], prog_name="briefs")
except SystemExit:
    pass
ours = {m for m in sys.modules if m.startswith("briefs_analyzer")}
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} | ours)))
"""


def _imported(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )
    last = done.stdout.strip().splitlines()[-1]
    return set(json.loads(last))


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("check", "--help")])
def test_answering_about_itself_imports_nothing_heavy(args: tuple[str, ...], tmp_path: Path) -> None:
    loaded = _imported(*args, cwd=tmp_path)
    assert "click" in loaded
    heavy = {"spacy", "rich", "networkx", "pdfplumber", "pypdfium2", "lxml", "docx", "eyecite", *CLUSTER}
    assert not loaded & heavy
    assert "briefs_analyzer.corpus" not in loaded
    assert "briefs_analyzer.pipeline" not in loaded


def test_check_never_loads_the_entity_model(tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_bytes(SEED.read_bytes())
    loaded = _imported("check", "--no-cache", "-q", str(brief), cwd=tmp_path)
    assert "briefs_analyzer.check" in loaded  # it did check the brief
    assert "spacy" not in loaded
    assert not any(m.startswith("briefs_analyzer.nlp") for m in loaded)


def test_analyze_does_load_it(tmp_path: Path) -> None:
    # The probe is sound: the command that needs entities imports spaCy.
    brief = tmp_path / "brief.txt"
    brief.write_bytes(SEED.read_bytes())
    loaded = _imported("analyze", "--no-cache", "--format", "json", str(brief), cwd=tmp_path)
    assert "spacy" in loaded
    assert not loaded & CLUSTER  # a local run of local files
