"""The ``briefs`` command: a thin click shell over the library.

Each command builds rows or a document from the library and hands it to one formatter;
library errors become one ``error:`` line and an exit status, never a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import itertools
import json
import multiprocessing
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, get_args

import click
import orjson
from rich.console import Console

from briefs_analyzer import __version__, formats
from briefs_analyzer.cache import DEFAULT_DIR, BriefCache
from briefs_analyzer.cache import FILE_NAME as CACHE_FILE
from briefs_analyzer.cache import remove as cache_remove
from briefs_analyzer.check import CHECK_VIEW, CheckConfig, CheckConfigError, Checked
from briefs_analyzer.config import Config, ConfigError, command_line_settings, load_config
from briefs_analyzer.config import show as config_show
from briefs_analyzer.corpus import Runner, default_jobs, discover
from briefs_analyzer.ingest import ENGINES
from briefs_analyzer.model import Brief, EntityType, Failure
from briefs_analyzer.output import JSON_VIEW, SCHEMA_VERSION, JsonPart, SourceIndex, sources_json
from briefs_analyzer.pipeline import build_pipeline
from briefs_analyzer.report.progress import tracker
from briefs_analyzer.report.terminal import (
    ROW_VIEW,
    BriefRow,
    entity_rows,
    print_corpus,
    print_rows,
    print_show,
    print_weights,
    source_rows,
)
from briefs_analyzer.rules import RULES
from briefs_analyzer.rules import rule as rule_named
from briefs_analyzer.views import Projected, View, notices

EXIT_OK = 0
EXIT_FAILED_FILES = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _err(message: str) -> None:
    click.echo(message, err=True)


@dataclass(frozen=True)
class RunOptions:
    """The options every command that reads briefs shares."""

    password: str | None
    quiet: bool
    jobs: int
    cache_dir: Path | None
    model: str | None
    gazetteers: tuple[Path, ...]
    pdf_engine: str | None = None
    config_file: Path | None = None  # --config: this file instead of the nearest one
    isolated: bool = False  # --isolated: no configuration file at all
    scheduler: str | None = None  # --scheduler: a Dask scheduler's address, or "local"


_CACHE_DIR_OPTION = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Where analysed briefs are cached (default: $BRIEFS_CACHE_DIR or {DEFAULT_DIR}/).",
)
# The options that change results, and so the cache key.
_CONFIG_OPTIONS = (
    click.option("--model", metavar="NAME", help='The spaCy pipeline for entities ("" for rules only).'),
    click.option(
        "--pdf-engine",
        type=click.Choice(ENGINES),
        help="The PDF backend (default: the configuration's, else pdfium).",
    ),
    click.option(
        "--gazetteer",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="An extra gazetteer (JSONL entity patterns); repeatable.",
    ),
)


def run_options(func: F) -> F:
    """Add the shared options; the command receives them as one ``options`` argument."""

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        password: str | None,
        quiet: bool,
        jobs: int | None,
        cache_dir: Path | None,
        no_cache: bool,
        model: str | None,
        gazetteer: tuple[Path, ...],
        pdf_engine: str | None,
        scheduler: str | None,
        **kwargs: Any,
    ) -> Any:
        options = RunOptions(
            password=password,
            quiet=quiet,
            jobs=jobs or default_jobs(),
            cache_dir=None if no_cache else (cache_dir or _default_cache_dir()),
            model=model,
            gazetteers=gazetteer,
            pdf_engine=pdf_engine,
            scheduler=scheduler or None,
        )
        return func(*args, options=options, **kwargs)

    decorators = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(), callback=_locations),
        click.option("--password", metavar="TEXT", help="Password for encrypted PDFs."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar, only results."),
        click.option(
            "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: the number of cores)."
        ),
        _CACHE_DIR_OPTION,
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            envvar="BRIEFS_SCHEDULER",
            help="Run on a Dask cluster: its scheduler's address (tcp://host:8786), or local for one on this"
            " machine with --jobs workers (default: $BRIEFS_SCHEDULER; needs briefs-analyzer[dask]).",
        ),
        *_CONFIG_OPTIONS,
    ]
    wrapped: Any = wrapper
    for decorate in reversed(decorators):
        wrapped = decorate(wrapped)
    return wrapped  # type: ignore[no-any-return]


def _locations(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[Any, ...]:
    """PATHS as local paths, except those with a URL scheme (s3://, file://...), kept as written for fsspec."""
    from briefs_analyzer.locations import location

    return tuple(location(v) for v in values)


def _config(options: RunOptions) -> Config:
    try:
        config = load_config(file=options.config_file, isolated=options.isolated)
    except ConfigError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if options.model is not None:
        config = replace(config, model=options.model or None)
    if options.pdf_engine:
        config = replace(config, pdf_engine=options.pdf_engine)
    if options.gazetteers:
        config = replace(config, gazetteers=(*config.gazetteers, *(g.resolve() for g in options.gazetteers)))
    return config


def iter_corpus(
    paths: Sequence[Path],
    options: RunOptions,
    *,
    entities: bool = True,
    only: set[Path] | None = None,
    report_failures: bool = True,
    to_file: bool = False,
) -> Iterator[Brief | Failure]:
    """Analyse every brief under ``paths`` (only those in ``only``, if given), streaming.

    Each file that cannot be analysed gets one ``error:`` line on stderr; warnings (a
    missing model, a damaged cache, a legacy encoding) one ``warning:`` line each.
    ``to_file``: the command writes its results to a file, not to stdout (see :func:`_show_progress`).
    """
    for result in _results(
        paths, options, None, entities=entities, only=only, report_failures=report_failures, to_file=to_file
    ):
        assert not isinstance(result, Projected)
        yield result


def iter_views(
    paths: Sequence[Path],
    options: RunOptions,
    view: View[T],
    *,
    only: set[Path] | None = None,
    report_failures: bool = True,
) -> Iterator[Projected[T] | Failure]:
    """Like :func:`iter_corpus`, but ``view`` of each brief: from the cache, when unchanged."""
    for result in _results(paths, options, view, only=only, report_failures=report_failures):
        assert not isinstance(result, Brief)
        yield result


def _results(
    paths: Sequence[Path],
    options: RunOptions,
    view: View[Any] | None,
    *,
    entities: bool = True,
    only: set[Path] | None = None,
    report_failures: bool = True,
    to_file: bool = False,
    skip: frozenset[str] = frozenset(),
    on_skip: Callable[[str], None] | None = None,
) -> Iterator[Brief | Failure | Projected[Any]]:
    """The one place runs start: here, or on a Dask cluster with --scheduler.

    ``skip``: the sha256 of files not to analyse (a dataset holds them); ``on_skip`` is told each.
    """
    config = _config(options)
    files = _discover(paths, options)
    if only is not None:
        files = [f for f in files if not isinstance(f, Path) or f.resolve() in only]
    targets = [Path(f.path) if isinstance(f, Failure) else f for f in files]
    show = _show_progress(options, to_file)
    with tracker(len(files), enabled=show) as track, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        def skipped(path: str) -> None:
            track.file_done()
            if on_skip is not None:
                on_skip(path)

        said: set[str] = set()
        results: Iterator[Brief | Failure | Projected[Any]]
        if options.scheduler is not None:
            results = _on_cluster(config, options, view, files, entities, track.file, skip, skipped)
        else:
            runner = Runner(
                config,
                entities=entities,
                jobs=options.jobs,
                cache_dir=options.cache_dir,
                password=options.password,
                on_file=track.file,
                on_page=track.page,
                skip=skip,
                on_skip=skipped,
            )
            results = runner.run(targets) if view is None else runner.project(targets, view)
        for result in results:
            track.file_done()
            for w in caught:
                if str(w.message) not in said:
                    said.add(str(w.message))
                    _err(f"warning: {w.message}")
            caught.clear()
            if isinstance(result, Failure):
                if report_failures:
                    _err(f"error: {result.path}: {result.reason}")
            else:
                for message in result.notices if isinstance(result, Projected) else notices(result):
                    _err(f"warning: {result.path}: {message}")
            yield result


def _discover(paths: Sequence[Any], options: RunOptions) -> list[Any]:
    """The files under ``paths``; URLs (read through fsspec) only on a Dask run."""
    from briefs_analyzer.locations import Url
    from briefs_analyzer.locations import discover as discover_locations

    if options.scheduler is None:
        url = next((p for p in paths if isinstance(p, Url)), None)
        if url is not None:
            _err(f"error: {url}: URLs are read on a Dask run: add --scheduler local (or a scheduler's address)")
            sys.exit(EXIT_USAGE)
        return list(discover(paths))
    _require_dask()
    return list(discover_locations(paths))


def _require_dask() -> None:
    from briefs_analyzer.distributed import DaskError, require_dask

    try:
        require_dask()
    except DaskError as exc:
        _err(str(exc))
        sys.exit(EXIT_USAGE)


def _on_cluster(
    config: Config,
    options: RunOptions,
    view: View[Any] | None,
    files: list[Any],
    entities: bool,
    on_file: Callable[[Path], None],
    skip: frozenset[str],
    on_skip: Callable[[str], None],
) -> Iterator[Brief | Failure | Projected[Any]]:
    """The results of a run on the Dask cluster at ``options.scheduler`` (see briefs_analyzer.distributed)."""
    from briefs_analyzer.distributed import DaskError, DaskRunner

    runner = DaskRunner(
        config,
        options.scheduler or "local",
        entities=entities,
        jobs=options.jobs,
        password=options.password,
        on_file=on_file,
        skip=skip,
        on_skip=on_skip,
    )
    try:
        yield from runner.analyze(files, view)
    except DaskError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE if exc.usage else EXIT_FAILED_FILES)


def _show_progress(options: RunOptions, to_file: bool) -> bool:
    """A progress bar only when someone watches: results go to a terminal or to a file, not --quiet.

    When stdout is redirected (``> out.json``, a pipe, CI) the run prints nothing but its
    results and one line per error or warning.  The bar also needs stderr to be a terminal
    (:func:`~briefs_analyzer.report.progress.tracker` checks).
    """
    return not options.quiet and (to_file or sys.stdout.isatty())


def run_corpus(paths: Sequence[Path], options: RunOptions, **kwargs: Any) -> tuple[list[Brief], list[Failure]]:
    briefs: list[Brief] = []
    failures: list[Failure] = []
    for result in iter_corpus(paths, options, **kwargs):
        (failures if isinstance(result, Failure) else briefs).append(result)  # type: ignore[arg-type]
    return briefs, failures


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


def _exit(failures: Sequence[Failure] | int) -> None:
    sys.exit(EXIT_FAILED_FILES if failures else EXIT_OK)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefs")
def main() -> None:
    """Analyse policy briefs: their claims, the notes that back them, and what they cite."""


@main.command(name="analyze")
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
    failures: list[Failure] = []
    if fmt == "json":
        _stream_json(iter_views(paths, options, JSON_VIEW), failures)
        _exit(failures)
    rows: list[BriefRow] = []
    for result in iter_views(paths, options, ROW_VIEW):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            rows.append(result.value)
    print_corpus(Console(), rows, failures)
    _exit(failures)


def _stream_json(results: Iterator[Projected[JsonPart] | Failure], failures: list[Failure]) -> None:
    """Write the analysis document brief by brief, so memory does not grow with the corpus.

    Each brief's entry comes rendered (from the cache, when the file is unchanged); only
    its sources are kept, for the corpus-level list at the end.  Nothing is written before the
    first result: a run that cannot start (a Dask scheduler out of reach) leaves stdout empty.
    """
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    write: Callable[[bytes], Any] = out.write if out is not None else (lambda b: sys.stdout.write(b.decode()))
    results = iter(results)
    started = list(itertools.islice(results, 1))
    sys.stdout.flush()
    write(f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "briefs": ['.encode())
    index = SourceIndex()
    first = True
    for result in itertools.chain(started, results):
        if isinstance(result, Failure):
            failures.append(result)
            continue
        part = result.value
        write(b"\n    " if first else b",\n    ")
        write(part.fragment.replace(b"\n", b"\n    "))
        first = False
        index.add(result.path, part.sources)
    write(b'\n  ],\n  "sources": [')
    first = True
    for entry in index:
        write(b"\n    " if first else b",\n    ")
        write(orjson.dumps(entry, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    "))
        first = False
    write(b"\n  ]" if not first else b"]")
    errors = [{"path": f.path, "reason": f.reason} for f in failures]
    write(b',\n  "errors": ' + orjson.dumps(errors, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ") + b"\n}\n")
    if out is not None:
        out.flush()


@main.command(name="sources")
@run_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def sources_command(paths: tuple[Path, ...], fmt: str, options: RunOptions) -> None:
    """List the sources the briefs in PATHS cite, one row per work across the corpus.

    Each row: the source's id, short title, container, date, type, how many notes cite
    it, how many claims rest on it, and in which briefs.
    """
    briefs, failures = run_corpus(paths, options, entities=False)
    if fmt == "json":
        sys.stdout.write(json.dumps(sources_json(briefs), ensure_ascii=False, indent=2) + "\n")
    else:
        _write_rows(source_rows(briefs), fmt, "Sources")
    _exit(failures)


@main.command(name="entities")
@run_options
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(get_args(EntityType)),
    help="Only entities of this type; repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def entities_command(paths: tuple[Path, ...], types: tuple[str, ...], fmt: str, options: RunOptions) -> None:
    """List the actors, agreements, regimes, laws, weapon systems and dates in PATHS.

    One row per canonical entity across the corpus: type, number of briefs, mentions,
    claims, and the first and last dates it is associated with.
    """
    briefs, failures = run_corpus(paths, options)
    _write_rows(entity_rows(briefs, types=set(types) or None), fmt, "Entities")
    _exit(failures)


@main.command(name="show")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--password", metavar="TEXT", help="Password for an encrypted PDF.")
def show_command(brief: Path, password: str | None) -> None:
    """Show BRIEF's claims in order with the sources each rests on, then each source with
    the claims resting on it, then the factual claims that cite nothing."""
    options = RunOptions(password, True, 1, _default_cache_dir(), None, ())
    briefs, failures = run_corpus([brief], options)
    for b in briefs:
        print_show(Console(), b)
    _exit(failures or not briefs)


def _default_cache_dir() -> Path:
    env_dir = os.environ.get("BRIEFS_CACHE_DIR")
    return Path(env_dir) if env_dir else DEFAULT_DIR


@main.command(name="weights")
@run_options
def weights_command(paths: tuple[Path, ...], options: RunOptions) -> None:
    """Weight and fragility of the briefs in PATHS, each and together.

    Claims resting on a single source, sources carrying the most claims and their share,
    claims whose only support is a news report, uncited factual claims, citation age; for
    a corpus, the sources and publishers several briefs share and the entities mentioned
    together in claims.
    """
    briefs, failures = run_corpus(paths, options)
    print_weights(Console(), briefs)
    _exit(failures)


def export_formats() -> list[str]:
    from briefs_analyzer.export import FORMATS

    return list(FORMATS)


@main.command(name="export")
@run_options
@click.option("--format", "fmt", type=click.Choice(list(export_formats())), required=True, help="What to write.")
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

    _output_or_exit(out, folder=export.FORMATS[fmt].folder)
    if fmt == "parquet":
        _export_parquet(paths, out, options)
    briefs, failures = run_corpus(paths, options, to_file=True)
    try:
        export.write(fmt, export.Corpus.of(briefs), out)
    except export.OutputError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if not options.quiet:
        _err(f"wrote {out} ({fmt}, {len(briefs)} brief{'s' if len(briefs) != 1 else ''})")
    _exit(failures)


def _export_parquet(paths: tuple[Path, ...], out: Path, options: RunOptions) -> None:
    """Write the Parquet dataset a part at a time as briefs come back; briefs it holds are not analysed again."""
    from briefs_analyzer.export.files import OutputError
    from briefs_analyzer.export.parquet import PARQUET_VIEW, Dataset

    failures: list[Failure] = []
    held: list[str] = []
    try:
        dataset = Dataset.open(out)
        results = _results(
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
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if not options.quiet:
        written = f"{dataset.written} brief{'s' if dataset.written != 1 else ''} in {dataset.parts} part"
        _err(f"wrote {out} (parquet, {written}{'s' if dataset.parts != 1 else ''}; {len(held)} already there)")
    _exit(failures)


def _output_or_exit(out: Path, *, folder: bool = False) -> None:
    """Exit 2 with one line if ``out`` cannot be written (checked before any analysis)."""
    from briefs_analyzer.export.files import OutputError, check_output

    try:
        check_output(out, folder=folder)
    except OutputError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)


@main.command(name="report")
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
    from briefs_analyzer.export.files import OutputError, write_text
    from briefs_analyzer.report.html import render_report

    _output_or_exit(out)
    briefs, failures = run_corpus(paths, options, to_file=True)
    try:
        write_text(out, render_report(briefs, title=title))
    except OutputError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if not options.quiet:
        _err(f"wrote {out} ({len(briefs)} brief{'s' if len(briefs) != 1 else ''})")
    _exit(failures)


def _codes_option(name: str, what: str) -> Callable[[F], F]:
    return click.option(name, multiple=True, metavar="CODES", help=f"{what} (comma-separated; repeatable).")


@main.command(name="check")
@run_options
@click.option(
    "--format",
    "--output-format",
    "fmt",
    type=click.Choice(formats.FORMATS),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE message; json: the findings document; github: workflow annotations; "
    "sarif: SARIF 2.1.0; junit: JUnit XML test report; gitlab: GitLab Code Quality JSON.",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the findings to this file (in the --format), not to stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 when there are findings at or above this severity.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors reading files too).")
@click.option(
    "--changed-since", metavar="REF", help="Check only briefs changed since this git ref (and untracked ones)."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read this configuration file (.briefs.toml or pyproject.toml) instead of the nearest one.",
)
@click.option("--isolated", is_flag=True, help="Read no configuration file.")
@_codes_option("--select", "Rule codes or prefixes to run, instead of the configuration's select")
@_codes_option("--extend-select", "Rule codes or prefixes to run as well")
@_codes_option("--ignore", "Rule codes or prefixes to skip")
@click.option(
    "--severity",
    multiple=True,
    metavar="CODE=LEVEL",
    help="Set a rule's severity: error, warning or info (e.g. BA301=error; repeatable).",
)
@click.option("--show-settings", is_flag=True, help="Print the resolved configuration and exit.")
@click.option("--show-source", is_flag=True, help="Print the offending line with a caret under each finding.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule made, instead of the findings.")
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="With the path -: the name of the brief read from stdin (its suffix gives the format).",
)
@click.option("--fix", is_flag=True, help="Repair what is certain in Markdown and text briefs (see README).")
@click.option("--diff", "show_diff", is_flag=True, help="With --fix: print the changes as a diff; write nothing.")
def check_command(
    paths: tuple[Path, ...],
    fmt: str,
    output_file: Path | None,
    fail_on: str,
    exit_zero: bool,
    changed_since: str | None,
    config_file: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: tuple[str, ...],
    show_settings: bool,
    show_source: bool,
    statistics: bool,
    stdin_filename: str | None,
    fix: bool,
    show_diff: bool,
    options: RunOptions,
) -> None:
    """Check the briefs in PATHS for broken notes and citations, as a CI gate.

    Every rule has a stable code (`briefs rules` lists them, `briefs rules CODE` explains one).
    Configure with select, extend-select, ignore, per-file-ignores and severity in [tool.briefs]
    (pyproject.toml) or .briefs.toml; the options here override the file. Silence rules inline with
    <!-- briefs: disable CODE --> ... <!-- briefs: enable CODE -->, <!-- briefs: disable-file CODE -->,
    or <!-- briefs: ignore CODE --> before a paragraph. PATH - reads one brief from stdin.
    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error.
    """
    from briefs_analyzer import checkrun

    options = replace(options, config_file=config_file, isolated=isolated)
    try:
        request = checkrun.Request(
            paths=paths,
            fmt=fmt,
            fail_on=fail_on,
            changed_since=changed_since,
            command_line=command_line_settings(
                select=select, extend_select=extend_select, ignore=ignore, severity=severity
            ),
            show_source=show_source,
            statistics=statistics,
            stdin_filename=stdin_filename,
            fix=fix,
            diff=show_diff,
        )
        if show_diff and not fix:
            raise ConfigError("--diff needs --fix")
        if stdin_filename is not None and paths != (Path("-"),):
            raise ConfigError("--stdin-filename needs the path - (the brief read from stdin)")
        if Path("-") in paths and len(paths) > 1:
            raise ConfigError("the path - (stdin) cannot be given with other paths")
    except ConfigError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    config = _config(options)
    if show_settings:
        check_config = CheckConfig.resolve(config.check, request.command_line)
        _emit(output_file, config_show(config, request.command_line) + check_config.describe())
        return
    try:
        outcome = checkrun.run_check(request, config, lambda targets, only: iter_views_checked(targets, options, only))
    except (CheckConfigError, ConfigError) as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    for line in outcome.stderr:
        _err(line)
    if outcome.output is not None:
        _emit(output_file, outcome.output)
    sys.exit(EXIT_OK if exit_zero else outcome.exit_code)


def iter_views_checked(
    paths: Sequence[Path], options: RunOptions, only: set[Path] | None
) -> Iterator[Projected[Checked] | Failure]:
    """The check view of every brief under ``paths``; unreadable files come back as failures, not errors."""
    return iter_views(paths, options, CHECK_VIEW, only=only, report_failures=False)


def _emit(output_file: Path | None, text: str) -> None:
    """The findings to ``--output-file`` (created with its folder), else to stdout."""
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        output_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        _err(f"error: {output_file}: cannot write: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)


@main.group(name="cache")
def cache_group() -> None:
    """See how big the cache of analysed briefs is, prune it, or remove it.

    The options that change results (--model, --pdf-engine, --gazetteer, the configuration
    file) say which entries are this configuration's, as in the other commands.
    """


def cache_options(func: F) -> F:
    """--cache-dir and the options that change results; the command gets ``folder`` and ``keys``."""

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        cache_dir: Path | None,
        model: str | None,
        gazetteer: tuple[Path, ...],
        pdf_engine: str | None,
        **kw: Any,
    ) -> Any:
        options = RunOptions(
            password=None, quiet=True, jobs=1, cache_dir=None, model=model, gazetteers=gazetteer, pdf_engine=pdf_engine
        )
        config = _config(options)
        keys = {build_pipeline(config, entities=entities).key for entities in (True, False)}
        return func(*args, folder=cache_dir or _default_cache_dir(), keys=keys, **kw)

    wrapped: Any = wrapper
    for decorate in reversed((_CACHE_DIR_OPTION, *_CONFIG_OPTIONS)):
        wrapped = decorate(wrapped)
    return wrapped  # type: ignore[no-any-return]


def _open_cache(folder: Path) -> BriefCache | None:
    if not (folder / CACHE_FILE).exists():
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache = BriefCache(folder, "")
    for w in caught:
        _err(f"warning: {w.message}")
    return cache


def _human_size(size: int) -> str:
    return f"{size / 1e3:.0f} kB" if size < 1e6 else f"{size / 1e6:.1f} MB"


@cache_group.command(name="info")
@cache_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def cache_info_command(folder: Path, keys: set[str], fmt: str) -> None:
    """How big the cache is, and how much of it this version and configuration can use."""
    cache = _open_cache(folder)
    if cache is None:
        summary = None
    else:
        with cache:
            summary = cache.summary(keys)
    if fmt == "json":
        data: dict[str, Any] = {"path": str(folder / CACHE_FILE), "exists": summary is not None}
        if summary is not None:
            data |= dataclasses.asdict(summary)
        click.echo(json.dumps(data, indent=2))
    elif summary is None:
        click.echo(f"no cache at {folder / CACHE_FILE}")
    else:
        click.echo(f"cache {summary.path}: {_human_size(summary.size)}")
        click.echo(f"  briefs: {summary.briefs:,} ({summary.kept_briefs:,} for this version and configuration)")
        click.echo(f"  views:  {summary.views:,} ({summary.kept_views:,} for this version and configuration)")
        if summary.briefs > summary.kept_briefs or summary.views > summary.kept_views:
            click.echo("`briefs cache prune` removes the rest.")


@cache_group.command(name="prune")
@cache_options
def cache_prune_command(folder: Path, keys: set[str]) -> None:
    """Remove what other versions of the analyser or other configurations left, and compact the file."""
    cache = _open_cache(folder)
    if cache is None:
        click.echo(f"no cache at {folder / CACHE_FILE}")
        return
    with cache:
        before = cache.summary(keys).size
        briefs, views = cache.prune(keys)
        after = cache.summary(keys).size
    click.echo(
        f"removed {briefs:,} briefs and {views:,} views of other versions or configurations;"
        f" {_human_size(before)} -> {_human_size(after)}"
    )


@cache_group.command(name="clear")
@_CACHE_DIR_OPTION
def cache_clear_command(cache_dir: Path | None) -> None:
    """Delete the cache (its own files only); the next run rebuilds it."""
    folder = cache_dir or _default_cache_dir()
    removed = cache_remove(folder)
    click.echo(f"removed {', '.join(str(f) for f in removed)}" if removed else f"no cache at {folder / CACHE_FILE}")


@main.command(name="rules")
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(code: str | None, fmt: str) -> None:
    """List the rules of `briefs check`, or explain the rule CODE (a code such as BA201, or a name).

    The explanation says what the rule finds, why it matters, an example that fires and one that
    does not, and how to fix it.
    """
    from briefs_analyzer import ruledoc

    if code is None:
        if fmt == "json":
            click.echo(json.dumps([ruledoc.as_json(r) for r in RULES.values()], ensure_ascii=False, indent=2))
            return
        print_rows(
            Console(),
            [{"code": r.code, "name": r.name, "severity": r.severity, "what": r.summary} for r in RULES.values()],
            "Rules",
        )
        return
    try:
        found = rule_named(code)
    except KeyError:
        _err(f"error: no rule {code}; `briefs rules` lists them")
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        click.echo(json.dumps(ruledoc.as_json(found), ensure_ascii=False, indent=2))
    else:
        click.echo(ruledoc.explain(found), nl=False)


def _leave_now(code: int) -> None:
    """Exit at once, with what was written flushed: no clean-up that could wait.

    After Ctrl-C the worker processes are already ended (leaving :class:`~briefs_analyzer.workers.Pool`
    ends them), and a pool has no thread that exit could wait on; this is the last guard: any
    child process still running (a PDF being read apart) is ended here, and nothing else runs.
    """
    for worker in multiprocessing.active_children():
        worker.terminate()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can reach the reader
            stream.flush()
    os._exit(code)


def run() -> None:
    """Entry point: never lets a traceback reach the user.  Ctrl-C exits with 130, as shells expect."""
    try:
        code = main.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _err("interrupted")
        _leave_now(130)
    except click.ClickException as exc:  # a usage error: click's message, status 2
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(EXIT_FAILED_FILES)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        _err(f"error: internal error ({type(exc).__name__}: {exc}); please report it")
        sys.exit(EXIT_FAILED_FILES)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
