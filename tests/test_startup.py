"""Ctrl-C while ``briefs`` starts (issue 23): one line and status 130, never a traceback.

The window is made wide and certain: a ``click`` package first on the path announces that it is
being imported, then waits; the test sends SIGINT then, as a user pressing Ctrl-C at once would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

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
