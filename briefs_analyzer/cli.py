"""The ``briefs`` command: a thin click shell over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console

from briefs_analyzer import __version__
from briefs_analyzer.corpus import analyze
from briefs_analyzer.model import Brief, Failure
from briefs_analyzer.output import analysis_json
from briefs_analyzer.pipeline import default_stages
from briefs_analyzer.report.terminal import print_corpus

EXIT_OK = 0
EXIT_FAILED_FILES = 1


def _err(message: str) -> None:
    click.echo(message, err=True)


def _run(paths: Sequence[Path]) -> tuple[list[Brief], list[Failure]]:
    briefs: list[Brief] = []
    failures: list[Failure] = []
    for result in analyze(paths, default_stages()):
        if isinstance(result, Failure):
            failures.append(result)
            _err(f"error: {result.path}: {result.reason}")
            continue
        briefs.append(result)
        for p in result.problems:
            if p.code == "BA002":
                _err(f"warning: {result.path}: {p.message}")
    return briefs, failures


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefs")
def main() -> None:
    """Analyse policy briefs: their claims, the notes that back them, and what they cite."""


@main.command(name="analyze")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: a summary for people; json: the full analysis (schema in the README).",
)
def analyze_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Analyse the briefs in PATHS (files, or folders searched for .txt and .md).

    Exit status: 0 when every file was analysed, 1 when some file could not be,
    2 on a usage error.
    """
    briefs, failures = _run(paths)
    if fmt == "json":
        sys.stdout.write(json.dumps(analysis_json(briefs, failures), ensure_ascii=False, indent=2) + "\n")
    else:
        print_corpus(Console(), briefs, failures)
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
