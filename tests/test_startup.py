"""Start-up: what a command imports (issue 14), and Ctrl-C while it does (issue 23).

``briefs --version`` and ``--help`` must answer at once, and ``briefs check`` never needs the
entity model: each is run in a fresh interpreter and the modules it loaded are inspected.  The
times themselves are measured by ``bench/bench_check_startup.py``, not asserted here.

Ctrl-C while ``briefs`` starts is one line and status 130, never a traceback.  The window is made
wide and certain: a ``click`` package first on the path announces that it is being imported, then
waits; the test sends SIGINT then, as a user pressing Ctrl-C at once would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

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


# --- Ctrl-C while the imports run (issue 23) ------------------------------------------------------------

SLOW_CLICK = """
import os, time
os.write(2, b"importing click\\n")
time.sleep(30)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "briefs_analyzer", "check", "."],
        [str(Path(sys.executable).parent / "briefs"), "check", "."],
    ],
    ids=["python-m", "console-script"],
)
def test_ctrl_c_during_the_imports_is_one_line_and_130(tmp_path: Path, command: list[str]) -> None:
    if not Path(command[0]).exists():
        pytest.skip("the briefs script is not installed beside this Python")
    (tmp_path / "click").mkdir()
    (tmp_path / "click" / "__init__.py").write_text(SLOW_CLICK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    assert proc.stderr.readline() == b"importing click\n"
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert (proc.returncode, out, err) == (130, b"", b"interrupted\n")


def test_start_up_imports_neither_click_nor_the_library_before_it_guards() -> None:
    code = "import sys, briefs_analyzer.start; print(sorted(m for m in sys.modules if m[:5] in ('click', 'brief')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "['briefs_analyzer', 'briefs_analyzer._version', 'briefs_analyzer.start']"
