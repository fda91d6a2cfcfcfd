"""Commands that read briefs and print what they found: analyze, sources, entities, show, weights."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefs_analyzer.cli.common import (
    LazyChoice,
    RunOptions,
    default_cache_dir,
    exit_for,
    iter_views,
    run_corpus,
    run_options,
    write_rows,
)

if TYPE_CHECKING:
    from briefs_analyzer.model import Failure
    from briefs_analyzer.output import JsonPart
    from briefs_analyzer.views import Projected


def entity_types() -> list[str]:
    from typing import get_args

    from briefs_analyzer.model import EntityType

    return list(get_args(EntityType))


@click.command(name="analyze")
@run_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: a summary for people; json: the full analysis (schema in the README).",
)
def analyze_command(paths: tuple[Path, ...], fmt: str, options: RunOptions) -> None:
    """Analyse the briefs in PATHS (files, or folders searched for .txt, .md and .pdf).

    Results stream out as briefs are analysed; an unchanged brief comes from the cache.
    Exit status: 0 when every file was analysed, 1 when some file could not be,
    2 on a usage error.
    """
    from rich.console import Console

    from briefs_analyzer.model import Failure
    from briefs_analyzer.output import JSON_VIEW
    from briefs_analyzer.report.terminal import ROW_VIEW, BriefRow, print_corpus

    failures: list[Failure] = []
    if fmt == "json":
        _stream_json(iter_views(paths, options, JSON_VIEW), failures)
        exit_for(failures)
    rows: list[BriefRow] = []
    for result in iter_views(paths, options, ROW_VIEW):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            rows.append(result.value)
    print_corpus(Console(), rows, failures)
    exit_for(failures)


def _stream_json(results: Iterator[Projected[JsonPart] | Failure], failures: list[Failure]) -> None:
    """Write the analysis document to stdout as it comes (:func:`briefs_analyzer.output.write_analysis`)."""
    from briefs_analyzer.output import write_analysis

    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    write: Callable[[bytes], Any] = out.write if out is not None else (lambda b: sys.stdout.write(b.decode()))
    sys.stdout.flush()
    write_analysis(results, write, failures)
    if out is not None:
        out.flush()


@click.command(name="sources")
@run_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def sources_command(paths: tuple[Path, ...], fmt: str, options: RunOptions) -> None:
    """List the sources the briefs in PATHS cite, one row per work across the corpus.

    Each row: the source's id, short title, container, date, type, how many notes cite
    it, how many claims rest on it, and in which briefs.
    """
    from briefs_analyzer.output import sources_json
    from briefs_analyzer.report.terminal import source_rows

    briefs, failures = run_corpus(paths, options, entities=False)
    if fmt == "json":
        sys.stdout.write(json.dumps(sources_json(briefs), ensure_ascii=False, indent=2) + "\n")
    else:
        write_rows(source_rows(briefs), fmt, "Sources")
    exit_for(failures)


@click.command(name="entities")
@run_options
@click.option(
    "--type",
    "types",
    multiple=True,
    type=LazyChoice(entity_types),
    help="Only entities of this type; repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def entities_command(paths: tuple[Path, ...], types: tuple[str, ...], fmt: str, options: RunOptions) -> None:
    """List the actors, agreements, regimes, laws, weapon systems and dates in PATHS.

    One row per canonical entity across the corpus: type, number of briefs, mentions,
    claims, and the first and last dates it is associated with.
    """
    from briefs_analyzer.report.terminal import entity_rows

    briefs, failures = run_corpus(paths, options)
    write_rows(entity_rows(briefs, types=set(types) or None), fmt, "Entities")
    exit_for(failures)


@click.command(name="show")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--password", metavar="TEXT", help="Password for an encrypted PDF.")
def show_command(brief: Path, password: str | None) -> None:
    """Show BRIEF's claims in order with the sources each rests on, then each source with
    the claims resting on it, then the factual claims that cite nothing."""
    from rich.console import Console

    from briefs_analyzer.report.terminal import print_show

    options = RunOptions(password, True, 1, default_cache_dir(), None, ())
    briefs, failures = run_corpus([brief], options)
    for b in briefs:
        print_show(Console(), b)
    exit_for(failures or not briefs)


@click.command(name="weights")
@run_options
def weights_command(paths: tuple[Path, ...], options: RunOptions) -> None:
    """Weight and fragility of the briefs in PATHS, each and together.

    Claims resting on a single source, sources carrying the most claims and their share,
    claims whose only support is a news report, uncited factual claims, citation age; for
    a corpus, the sources and publishers several briefs share and the entities mentioned
    together in claims.
    """
    from rich.console import Console

    from briefs_analyzer.report.terminal import print_weights

    briefs, failures = run_corpus(paths, options)
    print_weights(Console(), briefs)
    exit_for(failures)
