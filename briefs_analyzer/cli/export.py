"""Commands that write files: export (graph and bibliographies) and report (HTML)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefs_analyzer.cli.common import (
    EXIT_USAGE,
    LazyChoice,
    RunOptions,
    err,
    exit_for,
    output_or_exit,
    results_of,
    run_corpus,
    run_options,
)


def export_formats() -> list[str]:
    from briefs_analyzer.export import FORMATS

    return list(FORMATS)


@click.command(name="export")
@run_options
@click.option("--format", "fmt", type=LazyChoice(export_formats), required=True, help="What to write.")
@click.option(
    "--output",
    "-o",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write (a folder for csv: nodes.csv and edges.csv; for parquet: a dataset).",
)
def export_command(paths: tuple[Path, ...], fmt: str, out: Path, options: RunOptions) -> None:
    """Export the citation graph or the sources of the briefs in PATHS.

    graphml (Gephi, Cytoscape), json (networkx node-link), vosviewer (VOSviewer map and
    network JSON), csv (nodes.csv and edges.csv), sqlite (tables with full-text search for
    sqlite3 or Datasette), csl-json (Zotero and reference managers), bibtex, parquet (a dataset
    of eight tables for DuckDB or Spark, written part by part as briefs are analysed; a re-run
    adds only the briefs it does not hold).  The output is checked before the analysis starts,
    and written beside its target and renamed when complete.
    """
    from briefs_analyzer import export

    output_or_exit(out, folder=export.FORMATS[fmt].folder)
    if fmt == "parquet":
        _export_parquet(paths, out, options)
    briefs, failures = run_corpus(paths, options, to_file=True)
    try:
        export.write(fmt, export.Corpus.of(briefs), out)
    except export.OutputError as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if not options.quiet:
        err(f"wrote {out} ({fmt}, {len(briefs)} brief{'s' if len(briefs) != 1 else ''})")
    exit_for(failures)


def _export_parquet(paths: tuple[Path, ...], out: Path, options: RunOptions) -> None:
    """Write the Parquet dataset a part at a time as briefs come back; briefs it holds are not analysed again."""
    from briefs_analyzer.export.parquet import PARQUET_VIEW, Dataset
    from briefs_analyzer.model import Failure
    from briefs_analyzer.outputs import OutputError
    from briefs_analyzer.views import Projected

    failures: list[Failure] = []
    held: list[str] = []
    try:
        dataset = Dataset.open(out)
        results = results_of(
            paths, options, PARQUET_VIEW, to_file=True, skip=frozenset(dataset.done), on_skip=held.append
        )
        for result in results:
            if isinstance(result, Failure):
                failures.append(result)
                continue
            assert isinstance(result, Projected)
            if not dataset.add(result.value):  # the same bytes at another path, earlier in this run
                held.append(result.path)
        dataset.close()
    except OutputError as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if not options.quiet:
        written = f"{dataset.written} brief{'s' if dataset.written != 1 else ''} in {dataset.parts} part"
        err(f"wrote {out} (parquet, {written}{'s' if dataset.parts != 1 else ''}; {len(held)} already there)")
    exit_for(failures)


@click.command(name="report")
@run_options
@click.option("--output", "-o", "out", type=click.Path(path_type=Path), required=True, help="The HTML file.")
@click.option("--title", default="Briefs report", show_default=True, help="The page's title.")
def report_command(paths: tuple[Path, ...], out: Path, title: str, options: RunOptions) -> None:
    """Write one self-contained HTML report of the briefs in PATHS.

    Overview and charts, which claims rest on which sources (a matrix per brief, the claims
    behind each source), a citation map laid out in advance, and each brief's text with its
    markers and the sources behind them. Everything is inlined: the file opens without a
    network and can be shared as it is.
    """
    from briefs_analyzer.outputs import OutputError, write_text
    from briefs_analyzer.report.html import render_report

    output_or_exit(out)
    briefs, failures = run_corpus(paths, options, to_file=True)
    try:
        write_text(out, render_report(briefs, title=title))
    except OutputError as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if not options.quiet:
        err(f"wrote {out} ({len(briefs)} brief{'s' if len(briefs) != 1 else ''})")
    exit_for(failures)
