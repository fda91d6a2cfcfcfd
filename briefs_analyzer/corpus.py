"""The corpus runner: find the briefs under some paths and analyse each one.

A file that cannot be analysed becomes a :class:`~briefs_analyzer.model.Failure` with a
reason; it never stops the run, and the other files are still analysed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from briefs_analyzer.ingest import SUFFIXES, PageCallback, read_document
from briefs_analyzer.model import Brief, BriefError, Failure
from briefs_analyzer.parse import parse

# Files in a corpus folder that describe the corpus rather than belong to it.
NOT_BRIEFS = frozenset({"readme", "license", "licence", "changelog", "contributing", "sources", "counts"})

Stage = Callable[[Brief], Brief]


def _is_brief(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    return (
        path.suffix.lower() in SUFFIXES
        and path.stem.lower() not in NOT_BRIEFS
        and not any(part.startswith(".") for part in relative)
    )


def discover(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    """Yield the brief files under ``paths`` (folders recursively, in sorted order).

    A file named on the command line is always taken, whatever its suffix; inside folders
    only known suffixes are taken, skipping hidden files and README/LICENSE-like files.
    A path that does not exist is yielded as a :class:`Failure`.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_brief(p, path))
        elif path.exists():
            found = [path]
        else:
            yield Failure(str(path), "no such file or directory")
            continue
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p


def analyze_file(
    path: Path,
    stages: Iterable[Stage] = (),
    *,
    password: str | None = None,
    on_page: PageCallback | None = None,
) -> Brief:
    """Read, parse and run every later stage on one file.  Raises :class:`BriefError`."""
    brief = parse(read_document(path, password=password, on_page=on_page))
    for stage in stages:
        brief = stage(brief)
    return brief


def analyze(
    paths: Iterable[Path],
    stages: Iterable[Stage] = (),
    *,
    password: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_page: PageCallback | None = None,
) -> Iterator[Brief | Failure]:
    """Analyse every brief under ``paths``, yielding a Brief or a Failure for each file."""
    stages = tuple(stages)
    for item in discover(paths):
        if isinstance(item, Failure):
            yield item
            continue
        if on_file is not None:
            on_file(item)
        try:
            yield analyze_file(item, stages, password=password, on_page=on_page)
        except BriefError as exc:
            yield Failure(str(item), str(exc))
        except RecursionError:
            yield Failure(str(item), "internal error: text nested too deeply to analyse")
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop a corpus run
            yield Failure(str(item), f"internal error ({type(exc).__name__}: {exc}); please report it")
