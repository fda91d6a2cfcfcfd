"""briefs-analyzer: which assertions in policy briefs rest on which references.

The public API is small (the README's "Python API" lists it); the pipeline reads top to bottom::

    read_document(path) -> Document -> parse() -> Brief -> later stages -> outputs
    analyze(paths) -> Brief | Failure ...; check_brief(brief) -> findings; build_graph(briefs) -> graph

The names below are imported when first used, so ``import briefs_analyzer`` (and the
``briefs`` command's start-up) costs nothing until a brief is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefs_analyzer._version import __version__

if TYPE_CHECKING:
    from briefs_analyzer.check import Finding, check_brief
    from briefs_analyzer.config import Config, load_config
    from briefs_analyzer.corpus import analyze, analyze_file, discover
    from briefs_analyzer.export import Corpus, ExportOptions
    from briefs_analyzer.export import write as write_export
    from briefs_analyzer.graph import build_graph
    from briefs_analyzer.ingest import read_document
    from briefs_analyzer.model import (
        Brief,
        BriefError,
        Citation,
        Entity,
        Event,
        Failure,
        Marker,
        Metadata,
        Note,
        Person,
        Problem,
        Section,
        Sentence,
        Source,
    )
    from briefs_analyzer.parse import parse

# name -> (module, the name there)
_WHERE: dict[str, tuple[str, str]] = {
    "analyze": ("briefs_analyzer.corpus", "analyze"),
    "analyze_file": ("briefs_analyzer.corpus", "analyze_file"),
    "discover": ("briefs_analyzer.corpus", "discover"),
    "read_document": ("briefs_analyzer.ingest", "read_document"),
    "parse": ("briefs_analyzer.parse", "parse"),
    "check_brief": ("briefs_analyzer.check", "check_brief"),
    "Finding": ("briefs_analyzer.check", "Finding"),
    "build_graph": ("briefs_analyzer.graph", "build_graph"),
    "Corpus": ("briefs_analyzer.export", "Corpus"),
    "ExportOptions": ("briefs_analyzer.export", "ExportOptions"),
    "write_export": ("briefs_analyzer.export", "write"),
    "Config": ("briefs_analyzer.config", "Config"),
    "load_config": ("briefs_analyzer.config", "load_config"),
}

__all__ = [
    "Brief",
    "BriefError",
    "Citation",
    "Config",
    "Corpus",
    "Entity",
    "Event",
    "ExportOptions",
    "Failure",
    "Finding",
    "Marker",
    "Metadata",
    "Note",
    "Person",
    "Problem",
    "Section",
    "Sentence",
    "Source",
    "__version__",
    "analyze",
    "analyze_file",
    "build_graph",
    "check_brief",
    "discover",
    "load_config",
    "parse",
    "read_document",
    "write_export",
]
# The data model's types: every capitalised public name not placed above.
_WHERE.update({n: ("briefs_analyzer.model", n) for n in __all__ if n[0].isupper() and n not in _WHERE})


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        module, attribute = _WHERE[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
