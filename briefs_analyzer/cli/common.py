"""What every command shares: the run options, the corpus run with its progress and messages, exits.

Only click and the standard library are imported here at start-up; the library's modules are
imported inside the functions that use them, so ``briefs --help`` and ``briefs --version``
cost little more than importing click.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefs_analyzer.defaults import DEFAULT_CACHE_DIR
from briefs_analyzer.ingest.engines import ENGINES

if TYPE_CHECKING:
    from briefs_analyzer.config import Config
    from briefs_analyzer.corpus import Runner
    from briefs_analyzer.model import Brief, Failure
    from briefs_analyzer.views import Projected, View


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A choice whose values come from the library, asked for only when the option is used or shown."""

    def __init__(self, values: Callable[[], Sequence[str]]) -> None:
        self._values = values
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> Sequence[str]:
        return tuple(self._values())

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:
        pass


EXIT_OK = 0
EXIT_FAILED_FILES = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def err(message: str) -> None:
    """One line on stderr: control characters in it (from a file name or a brief) shown as escapes."""
    from briefs_analyzer.display import printable

    click.echo(printable(message), err=True)


@dataclass(frozen=True)
class RunOptions:
    """The options every command that reads briefs shares."""

    password: str | None
    quiet: bool
    jobs: int | None  # None: the runner's default (one worker a core)
    cache_dir: Path | None
    model: str | None
    gazetteers: tuple[Path, ...]
    pdf_engine: str | None = None
    config_file: Path | None = None  # --config: this file instead of the nearest one
    isolated: bool = False  # --isolated: no configuration file at all
    follow_symlinks: bool = False  # --follow-symlinks: also links that lead out of a folder
    max_file_size: str | None = None  # --max-file-size: the most bytes a file may hold (see limits.py)
    scheduler: str | None = None  # --scheduler: a Dask scheduler's address, or "local"


CACHE_DIR_OPTION = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Where analysed briefs are cached (default: $BRIEFS_CACHE_DIR or {DEFAULT_CACHE_DIR}/).",
)
# The options that change results, and so the cache key.
CONFIG_OPTIONS = (
    click.option("--model", metavar="NAME", help='The spaCy pipeline for entities ("" for rules only).'),
    click.option(
        "--pdf-engine",
        type=click.Choice(ENGINES),
        help="The PDF backend (default: the configuration's, else pdfium).",
    ),
    click.option(
        "--gazetteer",
        multiple=True,
        type=click.Path(path_type=Path),
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
        follow_symlinks: bool,
        max_file_size: str | None,
        scheduler: str | None,
        **kwargs: Any,
    ) -> Any:
        options = RunOptions(
            password=password,
            quiet=quiet,
            jobs=jobs,
            cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
            model=model,
            gazetteers=gazetteer,
            pdf_engine=pdf_engine,
            follow_symlinks=follow_symlinks,
            max_file_size=max_file_size,
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
        CACHE_DIR_OPTION,
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (for untrusted checkouts)."),
        click.option(
            "--follow-symlinks", is_flag=True, help="Follow symbolic links that lead out of a folder being read."
        ),
        click.option(
            "--max-file-size",
            metavar="SIZE",
            help="Refuse files larger than this (e.g. 50MB; default: max-file-size in the configuration, else 200MB).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            envvar="BRIEFS_SCHEDULER",
            help="Run on a Dask cluster: its scheduler's address (tcp://host:8786), or local for one on this"
            " machine with --jobs workers (default: $BRIEFS_SCHEDULER; needs briefs-analyzer[dask]).",
        ),
        *CONFIG_OPTIONS,
    ]
    wrapped: Any = wrapper
    for decorate in reversed(decorators):
        wrapped = decorate(wrapped)
    return wrapped  # type: ignore[no-any-return]


def _locations(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[Any, ...]:
    """PATHS as local paths, except those with a URL scheme (s3://, file://...), kept as written for fsspec."""
    if not any("://" in v for v in values):  # the common case imports nothing more
        return tuple(Path(v) for v in values)
    from briefs_analyzer.locations import location

    return tuple(location(v) for v in values)


def config_of(options: RunOptions) -> Config:
    from briefs_analyzer.config import ConfigError, load_config

    try:
        config = load_config(file=options.config_file, isolated=options.isolated)
    except ConfigError as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if options.model is not None:
        config = replace(config, model=options.model or None)
    if options.pdf_engine:
        config = replace(config, pdf_engine=options.pdf_engine)
    if options.gazetteers:
        config = replace(config, gazetteers=(*config.gazetteers, *(g.resolve() for g in options.gazetteers)))
    if options.max_file_size is not None:
        from briefs_analyzer.limits import limits_from

        try:
            config = replace(config, limits=limits_from({"max_file_size": options.max_file_size}, config.limits))
        except ValueError as exc:
            err(f"error: --max-file-size: {str(exc).split(': ', 1)[-1]}")
            sys.exit(EXIT_USAGE)
    if config.gazetteers:  # a bad gazetteer is a usage error before the run, not a failure of every brief
        from briefs_analyzer.nlp.gazetteer import GazetteerError, check_gazetteers

        try:
            check_gazetteers(config.gazetteers)
        except GazetteerError as exc:
            err(f"error: {exc}")
            sys.exit(EXIT_USAGE)
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
    from briefs_analyzer.views import Projected

    for result in results_of(
        paths, options, None, entities=entities, only=only, report_failures=report_failures, to_file=to_file
    ):
        assert not isinstance(result, Projected)
        yield result


def iter_views(
    paths: Sequence[Path],
    options: RunOptions,
    view: View[T],
    *,
    entities: bool = True,
    only: set[Path] | None = None,
    report_failures: bool = True,
) -> Iterator[Projected[T] | Failure]:
    """Like :func:`iter_corpus`, but ``view`` of each brief: from the cache, when unchanged."""
    from briefs_analyzer.model import Brief

    for result in results_of(paths, options, view, entities=entities, only=only, report_failures=report_failures):
        assert not isinstance(result, Brief)
        yield result


def results_of(
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
    from briefs_analyzer.corpus import Runner
    from briefs_analyzer.model import Failure
    from briefs_analyzer.report.progress import tracker
    from briefs_analyzer.views import Projected, notices

    config = config_of(options)
    runner = Runner(
        config,
        entities=entities,
        jobs=options.jobs,
        cache_dir=options.cache_dir,
        password=options.password,
        follow_symlinks=options.follow_symlinks,
        skip=skip,
    )
    files = _discover(runner, paths, options)
    if only is not None:
        files = [f for f in files if not isinstance(f, Path) or f.resolve() in only]
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
            runner = replace(runner, on_file=track.file, on_page=track.page, on_skip=skipped)
            results = runner.analyze(files) if view is None else runner.analyze_views(files, view)
        for result in results:
            track.file_done()
            for w in caught:
                if str(w.message) not in said:
                    said.add(str(w.message))
                    err(f"warning: {w.message}")
            caught.clear()
            if isinstance(result, Failure):
                if report_failures:
                    err(f"error: {result.path}: {result.reason}")
            else:
                for message in result.notices if isinstance(result, Projected) else notices(result):
                    err(f"warning: {result.path}: {message}")
            yield result


def _discover(runner: Runner, paths: Sequence[Any], options: RunOptions) -> list[Any]:
    """The files under ``paths``, found once (the runner's folder rules); URLs (read through fsspec)
    only on a Dask run."""
    if options.scheduler is None:
        url = next((p for p in paths if not isinstance(p, Path)), None)
        if url is not None:
            err(f"error: {url}: URLs are read on a Dask run: add --scheduler local (or a scheduler's address)")
            sys.exit(EXIT_USAGE)
        with warnings.catch_warnings(record=True) as skipped:  # symbolic links out of a folder, not followed
            warnings.simplefilter("always")
            files = runner.discover(paths)
        for w in skipped:
            err(f"warning: {w.message}")
        return files
    from briefs_analyzer.locations import discover as discover_locations

    _require_dask()
    return list(discover_locations(paths))


def _require_dask() -> None:
    from briefs_analyzer.distributed import DaskError, require_dask

    try:
        require_dask()
    except DaskError as exc:
        err(str(exc))
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
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE if exc.usage else EXIT_FAILED_FILES)


def _show_progress(options: RunOptions, to_file: bool) -> bool:
    """A progress bar only when someone watches: results go to a terminal or to a file, not --quiet.

    When stdout is redirected (``> out.json``, a pipe, CI) the run prints nothing but its
    results and one line per error or warning.  The bar also needs stderr to be a terminal
    (:func:`~briefs_analyzer.report.progress.tracker` checks).
    """
    return not options.quiet and (to_file or sys.stdout.isatty())


def run_corpus(paths: Sequence[Path], options: RunOptions, **kwargs: Any) -> tuple[list[Brief], list[Failure]]:
    from briefs_analyzer.model import Failure

    briefs: list[Brief] = []
    failures: list[Failure] = []
    for result in iter_corpus(paths, options, **kwargs):
        (failures if isinstance(result, Failure) else briefs).append(result)  # type: ignore[arg-type]
    return briefs, failures


def write_rows(rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    import csv

    from rich.console import Console

    from briefs_analyzer.report.terminal import print_rows

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


def exit_for(failures: Sequence[Failure] | int) -> None:
    sys.exit(EXIT_FAILED_FILES if failures else EXIT_OK)


def default_cache_dir() -> Path:
    env_dir = os.environ.get("BRIEFS_CACHE_DIR")
    return Path(env_dir) if env_dir else DEFAULT_CACHE_DIR


def output_or_exit(out: Path, *, folder: bool = False, make_parents: bool = False) -> None:
    """Exit 2 with one line if ``out`` cannot be written (checked before any analysis)."""
    from briefs_analyzer.outputs import OutputError, check_output

    try:
        check_output(out, folder=folder, make_parents=make_parents)
    except OutputError as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
