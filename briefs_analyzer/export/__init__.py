"""Exports: the corpus and its citation graph in the formats other tools read.

One module per format, each with the same entry point, ``write(corpus, path, options)``;
:data:`FORMATS` lists them and :func:`write` dispatches, so the command line only names a
format.  Every file is written beside its target and renamed when complete
(:mod:`briefs_analyzer.outputs`).

============= ======================= ==================================== ======================
format        module                  what                                 read by
============= ======================= ==================================== ======================
``graphml``   :mod:`.graphml`         the citation graph, GraphML 1.0      Gephi, Cytoscape, yEd
``json``      :mod:`.nodelink`        networkx node-link data              networkx, D3
``vosviewer`` :mod:`.vosviewer`       VOSviewer map/network JSON           VOSviewer
``csv``       :mod:`.csvfiles`        a folder: nodes.csv and edges.csv    spreadsheets, pandas
``sqlite``    :mod:`.sqlite`          tables with keys and full-text       sqlite3, Datasette
                                      search
``csl-json``  :mod:`.csl`             CSL-JSON, one item per source        Zotero, pandoc
``bibtex``    :mod:`.bibtex`          BibTeX, one entry per source         BibTeX, biber, Zotero
``parquet``   :mod:`.parquet`         a folder: a Parquet dataset of eight DuckDB, Spark, pandas
                                      tables, written part by part
============= ======================= ==================================== ======================
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from briefs_analyzer.outputs import OutputError, check_output

if TYPE_CHECKING:
    from briefs_analyzer.graph import Graph
    from briefs_analyzer.model import Brief, Source

__all__ = ["FORMATS", "Corpus", "ExportOptions", "Format", "OutputError", "check_output", "write"]


@dataclass(frozen=True)
class Corpus:
    """What every exporter reads: the analysed briefs, each once, and (built on first use) their graph."""

    briefs: tuple[Brief, ...]

    @classmethod
    def of(cls, briefs: Iterable[Brief]) -> Corpus:
        """The corpus of ``briefs``, a brief whose bytes were already seen (same sha256) kept once."""
        seen: dict[str, Brief] = {}
        for b in briefs:
            seen.setdefault(b.sha256, b)
        return cls(tuple(seen.values()))

    @cached_property
    def graph(self) -> Graph:
        from briefs_analyzer.graph import build_graph

        return build_graph(self.briefs)

    @cached_property
    def sources(self) -> tuple[Source, ...]:
        """Every source once, in order of first appearance (the first record wins)."""
        seen: dict[str, Source] = {}
        for brief in self.briefs:
            for source in brief.sources:
                seen.setdefault(source.id, source)
        return tuple(seen.values())


@dataclass(frozen=True)
class ExportOptions:
    """What a user may choose about an export (the defaults suit most)."""

    vosviewer_briefs: bool = False  # VOSviewer: briefs as items too, linked to the sources they cite


class Writer(Protocol):
    def __call__(self, corpus: Corpus, path: Path, options: ExportOptions) -> None: ...


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # under briefs_analyzer.export; imported only when used
    what: str
    folder: bool = False  # writes a folder of files rather than one file
    suffixes: Sequence[str] = field(default=())

    def writer(self) -> Writer:
        module = importlib.import_module(f"briefs_analyzer.export.{self.module}")
        found: Writer = module.write
        return found


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("graphml", "graphml", "the citation graph as GraphML (Gephi, Cytoscape, yEd)", suffixes=(".graphml",)),
        Format("json", "nodelink", "the citation graph as networkx node-link JSON", suffixes=(".json",)),
        Format("vosviewer", "vosviewer", "sources and co-citations as VOSviewer JSON", suffixes=(".json",)),
        Format("csv", "csvfiles", "a folder with nodes.csv and edges.csv", folder=True),
        Format("sqlite", "sqlite", "a SQLite database with full-text search (Datasette)", suffixes=(".db",)),
        Format("csl-json", "csl", "CSL-JSON, one item per source (Zotero, pandoc)", suffixes=(".json",)),
        Format("bibtex", "bibtex", "BibTeX, one entry per source", suffixes=(".bib",)),
        Format("parquet", "parquet", "a Parquet dataset: eight tables in part files (DuckDB, Spark)", folder=True),
    )
}


def write(fmt: str, corpus: Corpus, path: Path, options: ExportOptions | None = None) -> None:
    """Write ``corpus`` as ``fmt`` (a key of :data:`FORMATS`) to ``path``.  Raises :class:`OutputError`."""
    FORMATS[fmt].writer()(corpus, path, options or ExportOptions())
