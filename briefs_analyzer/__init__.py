"""briefs-analyzer: which assertions in policy briefs rest on which references.

The public API is small; the pipeline reads top to bottom::

    read_document(path) -> Document -> parse() -> Brief -> later stages -> outputs

The names below are imported when first used, so ``import briefs_analyzer`` (and the
``briefs`` command's start-up) costs nothing until a brief is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefs_analyzer._version import __version__

if TYPE_CHECKING:
    from briefs_analyzer.corpus import analyze, analyze_file, discover
    from briefs_analyzer.ingest import read_document
    from briefs_analyzer.parse import parse

_WHERE = {
    "analyze": "briefs_analyzer.corpus",
    "analyze_file": "briefs_analyzer.corpus",
    "discover": "briefs_analyzer.corpus",
    "read_document": "briefs_analyzer.ingest",
    "parse": "briefs_analyzer.parse",
}

__all__ = ["__version__", "analyze", "analyze_file", "discover", "parse", "read_document"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
