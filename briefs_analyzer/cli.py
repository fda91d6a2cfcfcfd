"""The ``briefs`` command: a thin click shell over the library.

Each command builds rows or a document from the library and hands it to one formatter;
library errors become one ``error:`` line and an exit status, never a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from briefs_analyzer import __version__
from briefs_analyzer.config import Config, ConfigError, load_config
from briefs_analyzer.corpus import analyze, discover
from briefs_analyzer.model import Brief, Failure
from briefs_analyzer.output import analysis_json, sources_json
from briefs_analyzer.pipeline import default_stages
from briefs_analyzer.report.progress import tracker
from briefs_analyzer.report.terminal import print_corpus, print_rows, print_show, print_weights, source_rows

EXIT_OK = 0
EXIT_FAILED_FILES = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


def _err(message: str) -> None:
    click.echo(message, err=True)


def _config() -> Config:
    try:
        return load_config()
    except ConfigError as exc:
        _err(f"error: configuration: {exc}")
        sys.exit(EXIT_USAGE)


def run_corpus(
    paths: Sequence[Path], *, password: str | None = None, quiet: bool = False
) -> tuple[list[Brief], list[Failure]]:
    """Analyse every brief under ``paths``; report each failure on one stderr line."""
    config = _config()
    files = list(discover(paths))
    briefs: list[Brief] = []
    failures: list[Failure] = []
    with tracker(len(files), enabled=not quiet) as track:
        for result in analyze(paths, default_stages(config), password=password, on_file=track.file, on_page=track.page):
            track.file_done()
            if isinstance(result, Failure):
                failures.append(result)
                _err(f"error: {result.path}: {result.reason}")
                continue
            briefs.append(result)
            for p in result.problems:
                if p.code == "BA002":
                    _err(f"warning: {result.path}: {p.message}")
    return briefs, failures


def corpus_options(func: F) -> F:
    """The options every command that reads briefs shares."""
    func = click.option("--quiet", "-q", is_flag=True, help="No progress bar, only results.")(func)
    func = click.option("--password", metavar="TEXT", help="Password for encrypted PDFs.")(func)
    func = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))(func)
    return func


def _write_rows(rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    else:
        print_rows(Console(), rows, title)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefs")
def main() -> None:
    """Analyse policy briefs: their claims, the notes that back them, and what they cite."""


@main.command(name="analyze")
@corpus_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: a summary for people; json: the full analysis (schema in the README).",
)
def analyze_command(paths: tuple[Path, ...], fmt: str, password: str | None, quiet: bool) -> None:
    """Analyse the briefs in PATHS (files, or folders searched for .txt, .md and .pdf).

    Exit status: 0 when every file was analysed, 1 when some file could not be,
    2 on a usage error.
    """
    briefs, failures = run_corpus(paths, password=password, quiet=quiet)
    if fmt == "json":
        sys.stdout.write(json.dumps(analysis_json(briefs, failures), ensure_ascii=False, indent=2) + "\n")
    else:
        print_corpus(Console(), briefs, failures)
    sys.exit(EXIT_FAILED_FILES if failures else EXIT_OK)


@main.command(name="sources")
@corpus_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def sources_command(paths: tuple[Path, ...], fmt: str, password: str | None, quiet: bool) -> None:
    """List the sources the briefs in PATHS cite, one row per work across the corpus.

    Each row: the source's id, short title, container, date, type, how many notes cite
    it, how many claims rest on it, and in which briefs.
    """
    briefs, failures = run_corpus(paths, password=password, quiet=quiet)
    if fmt == "json":
        sys.stdout.write(json.dumps(sources_json(briefs), ensure_ascii=False, indent=2) + "\n")
    else:
        _write_rows(source_rows(briefs), fmt, "Sources")
    sys.exit(EXIT_FAILED_FILES if failures else EXIT_OK)


@main.command(name="show")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--password", metavar="TEXT", help="Password for an encrypted PDF.")
def show_command(brief: Path, password: str | None) -> None:
    """Show BRIEF's claims in order with the sources each rests on, then each source with
    the claims resting on it, then the factual claims that cite nothing."""
    briefs, failures = run_corpus([brief], password=password, quiet=True)
    for b in briefs:
        print_show(Console(), b)
    sys.exit(EXIT_FAILED_FILES if failures or not briefs else EXIT_OK)


@main.command(name="weights")
@corpus_options
def weights_command(paths: tuple[Path, ...], password: str | None, quiet: bool) -> None:
    """Weight and fragility of the briefs in PATHS, each and together.

    Claims resting on a single source, sources carrying the most claims and their share,
    claims whose only support is a news report, uncited factual claims, citation age; for
    a corpus, the sources and publishers several briefs share and the entities mentioned
    together in claims.
    """
    briefs, failures = run_corpus(paths, password=password, quiet=quiet)
    print_weights(Console(), briefs)
    sys.exit(EXIT_FAILED_FILES if failures else EXIT_OK)


def run() -> None:
    """Entry point: never lets a traceback reach the user."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_FAILED_FILES)
