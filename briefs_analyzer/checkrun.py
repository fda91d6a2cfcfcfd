"""One run of ``briefs check``: the library side of the command, so ``cli.py`` stays a thin shell.

:func:`run_check` takes the request (paths, format, options), the configuration and a function that
yields the check view of each brief (the corpus runner, with its cache), and returns what to print
and the exit status.  It reads a brief from stdin through a temporary file named like
``--stdin-filename``, applies ``--fix`` (or shows it with ``--diff``), reads each file's directives,
and formats the findings.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import orjson

from briefs_analyzer import formats
from briefs_analyzer.check import (
    MARKED_FORMATS,
    SEVERITY_RANK,
    CheckConfig,
    Checked,
    Finding,
    changed_files,
    configure,
    failure_finding,
    suppressions_of,
)
from briefs_analyzer.config import CheckSettings, Config
from briefs_analyzer.model import Failure
from briefs_analyzer.outputs import OutputError, replace_bytes
from briefs_analyzer.rules import UNREADABLE
from briefs_analyzer.views import Projected

STDIN = Path("-")
EXIT_OK, EXIT_FINDINGS = 0, 1

# The check view of each brief under some paths (only those in the set, if given): the corpus runner.
Views = Callable[[Sequence[Path], set[Path] | None], Iterable[Projected[Checked] | Failure]]


@dataclass(frozen=True)
class Request:
    paths: tuple[Path, ...]
    fmt: str = "text"
    fail_on: str = "error"
    changed_since: str | None = None
    command_line: CheckSettings = field(default_factory=CheckSettings)
    show_source: bool = False
    statistics: bool = False
    stdin_filename: str | None = None
    fix: bool = False
    diff: bool = False


@dataclass(frozen=True)
class Outcome:
    """What to print (``output`` on stdout or to --output-file; ``stderr`` line by line) and the exit status."""

    output: str | None
    stderr: tuple[str, ...]
    exit_code: int
    findings: tuple[Finding, ...] = ()


@dataclass
class _Input:
    """The files to check; for stdin, the temporary file that holds the buffer and the name to report."""

    paths: tuple[Path, ...]
    names: dict[str, str] = field(default_factory=dict)  # temporary path -> name reported
    texts: dict[str, str] = field(default_factory=dict)  # reported name -> text (stdin)
    folder: Path | None = None

    def name(self, path: str) -> str:
        return self.names.get(path, path)


def _stdin_input(data: bytes, name: str | None) -> _Input:
    """The buffer in a file named like ``name`` (its suffix gives the format; text by default)."""
    shown = name or "-"
    base = Path(name).name if name else "stdin.txt"
    if not Path(base).suffix:
        base += ".txt"
    folder = Path(tempfile.mkdtemp(prefix="briefs-stdin-"))
    path = folder / base
    path.write_bytes(data)
    return _Input((path,), {str(path): shown}, {shown: data.decode("utf-8", errors="replace")}, folder)


def _read_text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _fixable(path: Path) -> bool:
    from briefs_analyzer.fix import FIXABLE_SUFFIXES

    return path.suffix.lower() in FIXABLE_SUFFIXES


def _diff_names(name: str) -> tuple[str, str]:
    """``a/path`` and ``b/path`` as git writes them, for a relative path; an absolute path as it is."""
    return (name, name) if Path(name).is_absolute() else (f"a/{name}", f"b/{name}")


def _fix(request: Request, source: _Input, only: set[Path] | None) -> tuple[list[str], list[str], int]:
    """Apply (or, with --diff, show) the certain repairs: (diff lines, stderr lines, repairs made)."""
    from briefs_analyzer.corpus import discover
    from briefs_analyzer.fix import fix_text

    diffs: list[str] = []
    told: list[str] = []
    count = files = 0
    with warnings.catch_warnings():  # the run that follows tells what discovery leaves out
        warnings.simplefilter("ignore")
        items = list(discover(source.paths))  # never follows a link out of the folder: --fix rewrites nothing there
    for item in items:
        if isinstance(item, Failure) or not _fixable(item) or (only is not None and item.resolve() not in only):
            continue
        try:
            before = item.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not UTF-8 (BA002) or unreadable: never rewritten
        fixed = fix_text(before, markdown=item.suffix.lower() in (".md", ".markdown"))
        if not fixed.changed:
            continue
        name = source.name(str(item))
        count += len(fixed.applied)
        files += 1
        if request.diff:
            diffs += difflib.unified_diff(
                before.splitlines(keepends=True), fixed.text.splitlines(keepends=True), *_diff_names(name)
            )
            if diffs and not diffs[-1].endswith("\n"):
                diffs[-1] += "\n\\ No newline at end of file\n"
        else:
            try:
                replace_bytes(item, fixed.text.encode("utf-8"))  # atomic: a failed write never truncates a brief
            except OutputError as exc:
                told.append(f"error: {exc}")
                continue
            if str(item) in source.names:
                source.texts[name] = fixed.text
        for applied in fixed.applied:
            told.append(f"{'would fix' if request.diff else 'fixed'}: {name}: {applied.code} {applied.description}")
    return diffs, told, count


def _format(request: Request, findings: list[Finding], files: int, paths: list[str], texts: dict[str, str]) -> str:
    fmt = request.fmt
    if request.statistics:
        return formats.statistics(findings)
    if fmt in ("json", "sarif", "gitlab"):
        document: object
        if fmt == "json":
            document = formats.json_document(findings, files)
        elif fmt == "sarif":
            document = formats.sarif(findings)
        else:
            document = formats.gitlab(findings)
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    if fmt == "junit":
        return formats.junit(findings, paths)
    if fmt == "github":
        return formats.github(findings)

    def lines(path: str) -> list[str] | None:
        text = texts.get(path)
        return text.splitlines() if text is not None else None

    return formats.text(findings, files, source=lines if request.show_source else None)


def run_check(request: Request, config: Config, views: Views, stdin: BinaryIO | None = None) -> Outcome:
    """Check the briefs the request names; raises :class:`~briefs_analyzer.check.CheckConfigError` for a
    bad git ref and :class:`~briefs_analyzer.config.ConfigError` for bad settings."""
    check_config = CheckConfig.resolve(config.check, request.command_line)
    reading_stdin = request.paths == (STDIN,)
    only = None if reading_stdin or not request.changed_since else changed_files(request.changed_since, request.paths)
    source = (
        _stdin_input((stdin or sys.stdin.buffer).read(), request.stdin_filename)
        if reading_stdin
        else _Input(request.paths)
    )
    try:
        return _run(request, check_config, views, source, only)
    finally:
        if source.folder is not None:
            shutil.rmtree(source.folder, ignore_errors=True)


def _run(request: Request, check_config: CheckConfig, views: Views, source: _Input, only: set[Path] | None) -> Outcome:
    stderr: list[str] = []
    if request.fix:
        diffs, told, count = _fix(request, source, only)
        stderr += told
        if request.diff:
            stderr.append(f"would fix {count} problem{'s' if count != 1 else ''}" if count else "nothing to fix")
            return Outcome("".join(diffs), tuple(stderr), EXIT_FINDINGS if count else EXIT_OK)
    findings: list[Finding] = []
    paths: list[str] = []
    texts = dict(source.texts)
    for result in views(source.paths, only):
        if isinstance(result, Failure):
            name = source.name(result.path)
            paths.append(name)
            if check_config.enabled(UNREADABLE.code, name):
                findings.append(replace(failure_finding(result), path=name))
            continue
        checked = result.value
        name = source.name(checked.path)
        paths.append(name)
        if name != checked.path:
            checked = replace(checked, path=name, findings=tuple(replace(f, path=name) for f in checked.findings))
        text = texts.get(name)
        if text is None and checked.format in MARKED_FORMATS:
            text = _read_text(checked.path)
            if text is not None:
                texts[name] = text
        quiet = suppressions_of(checked, text)
        if quiet is not None:
            stderr += [
                f"warning: {name}:{line}: {word!r} in a briefs directive names no rule" for line, word in quiet.unknown
            ]
        findings.extend(configure(checked, check_config, quiet))
    fixed_stdin = request.fix and source.folder is not None
    output = _format(request, findings, len(paths), paths, texts)
    if fixed_stdin:
        # As ruff does with a buffer: the fixed text on stdout, the findings on stderr.
        stderr += output.splitlines()
        output = next(iter(source.texts.values()), "")
    threshold = SEVERITY_RANK[request.fail_on]
    failing = sum(SEVERITY_RANK[f.severity] >= threshold for f in findings)
    return Outcome(output, tuple(stderr), EXIT_FINDINGS if failing else EXIT_OK, tuple(findings))
