"""briefs-analyzer: which assertions in policy briefs rest on which references.

The public API is small; the pipeline reads top to bottom::

    read_document(path) -> Document -> parse() -> Brief -> later stages -> outputs
"""

from __future__ import annotations

__version__ = "0.1.0"

from briefs_analyzer.corpus import analyze, analyze_file, discover
from briefs_analyzer.ingest import read_document
from briefs_analyzer.parse import parse

__all__ = ["__version__", "analyze", "analyze_file", "discover", "parse", "read_document"]
