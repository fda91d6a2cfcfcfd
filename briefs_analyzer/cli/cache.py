"""``briefs cache``: how big the cache is, prune it, remove it."""

from __future__ import annotations

import dataclasses
import functools
import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefs_analyzer.cli.common import (
    CACHE_DIR_OPTION,
    CONFIG_OPTIONS,
    F,
    RunOptions,
    config_of,
    default_cache_dir,
    err,
)
from briefs_analyzer.defaults import CACHE_FILE_NAME as CACHE_FILE

if TYPE_CHECKING:
    from briefs_analyzer.cache import BriefCache


@click.group(name="cache")
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
        from briefs_analyzer.pipeline import build_pipeline

        options = RunOptions(
            password=None, quiet=True, jobs=1, cache_dir=None, model=model, gazetteers=gazetteer, pdf_engine=pdf_engine
        )
        config = config_of(options)
        keys = {build_pipeline(config, entities=entities).key for entities in (True, False)}
        return func(*args, folder=cache_dir or default_cache_dir(), keys=keys, **kw)

    wrapped: Any = wrapper
    for decorate in reversed((CACHE_DIR_OPTION, *CONFIG_OPTIONS)):
        wrapped = decorate(wrapped)
    return wrapped  # type: ignore[no-any-return]


def _open_cache(folder: Path) -> BriefCache | None:
    from briefs_analyzer.cache import BriefCache

    if not (folder / CACHE_FILE).exists():
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache = BriefCache(folder, "")
    for w in caught:
        err(f"warning: {w.message}")
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
@CACHE_DIR_OPTION
def cache_clear_command(cache_dir: Path | None) -> None:
    """Delete the cache (its own files only); the next run rebuilds it."""
    from briefs_analyzer.cache import remove as cache_remove

    folder = cache_dir or default_cache_dir()
    removed = cache_remove(folder)
    click.echo(f"removed {', '.join(str(f) for f in removed)}" if removed else f"no cache at {folder / CACHE_FILE}")
