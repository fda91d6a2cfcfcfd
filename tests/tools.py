"""The programs some tests drive, found or skipped in one place.

pandoc comes from PyPI (``pypandoc-binary`` ships the binary; it is a dev dependency), so every
test that needs it runs wherever ``make test`` ran.  Chromium, pdflatex and LibreOffice are
Debian packages that ``.ci/run`` installs: where one is missing, the tests that need it skip
with a one-line reason, except under ``.ci/run``, which sets ``BRIEFS_REQUIRE_TOOLS=1`` so that
CI fails instead of silently skipping.
"""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def _missing(what: str, how: str) -> None:
    message = f"{what} is not installed ({how})"
    if os.environ.get("BRIEFS_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message}; .ci/run installs it", pytrace=False)
    pytest.skip(message)


@cache
def _pandoc() -> str | None:
    try:
        import pypandoc  # type: ignore[import-untyped]

        path = str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        path = shutil.which("pandoc") or ""
    return path or None


def pandoc() -> str:
    """The pandoc binary: pypandoc-binary's, else one on PATH."""
    path = _pandoc()
    if path is None:
        _missing("pandoc", "pip install pypandoc-binary, the dev dependency")
    assert path is not None
    return path


def chromium() -> Path:
    if not CHROMIUM.is_file():
        _missing(str(CHROMIUM), "apt-get install chromium")
    return CHROMIUM


def program(name: str, package: str) -> str:
    """A Debian program the layout fixtures use (``pdflatex``, ``soffice``)."""
    path = shutil.which(name)
    if path is None:
        _missing(name, f"apt-get install {package}")
    assert path is not None
    return path
