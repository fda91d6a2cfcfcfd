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

from briefs_analyzer import __version__, formats
from briefs_analyzer.check import (
    SEVERITY_RANK,
    CheckConfig,
    CheckConfigError,
    changed_files,
    check_brief,
    failure_finding,
)
from briefs_analyzer.config import Config, ConfigError, load_config
from briefs_analyzer.corpus import analyze, discover
from briefs_analyzer.model import Brief, Failure
from briefs_analyzer.output import analysis_json, sources_json
from briefs_analyzer.pipeline import default_stages
from briefs_analyzer.report.progress import tracker
from briefs_analyzer.report.terminal import print_corpus, print_rows, print_show, print_weights, source_rows
from briefs_analyzer.rules import RULES

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
    paths: Sequence[Path],
    *,
    password: str | None = None,
    quiet: bool = False,
    only: set[Path] | None = None,
    report_failures: bool = True,
) -> tuple[list[Brief], list[Failure]]:
    """Analyse every brief under ``paths`` (only those in ``only``, if given).

    Each file that cannot be analysed gets one ``error:`` line on stderr.
    """
    config = _config()
    files = list(discover(paths))
    if only is not None:
        files = [f for f in files if isinstance(f, Failure) or f.resolve() in only]
        paths = [Path(f.path) if isinstance(f, Failure) else f for f in files]
    briefs: list[Brief] = []
    failures: list[Failure] = []
    with tracker(len(files), enabled=not quiet) as track:
        for result in analyze(paths, default_stages(config), password=password, on_file=track.file, on_page=track.page):
            track.file_done()
            if isinstance(result, Failure):
                failures.append(result)
                if report_failures:
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


@main.command(name="check")
@corpus_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
    help="text: path:line:col: CODE message; json: the findings document; "
    "github: workflow annotations; sarif: SARIF 2.1.0.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 when there are findings at or above this severity.",
)
@click.option(
    "--changed-since", metavar="REF", help="Check only briefs changed since this git ref (and untracked ones)."
)
def check_command(
    paths: tuple[Path, ...], fmt: str, fail_on: str, changed_since: str | None, password: str | None, quiet: bool
) -> None:
    """Check the briefs in PATHS for broken notes and citations, as a CI gate.

    Every rule has a stable code (`briefs rules` lists them). Configure with select,
    ignore, per-file-ignores and severity in [tool.briefs] (pyproject.toml) or .briefs.toml;
    silence a rule for one paragraph with <!-- briefs: ignore BA301 --> on the line before.
    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error.
    """
    config = _config()
    try:
        check_config = CheckConfig.from_table(config.raw)
        only = changed_files(changed_since, paths) if changed_since else None
    except CheckConfigError as exc:
        _err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    briefs, failures = run_corpus(paths, password=password, quiet=quiet, only=only, report_failures=False)
    findings = [failure_finding(f) for f in failures if check_config.enabled("BA001", f.path)]
    for b in briefs:
        source = Path(b.path).read_text(encoding="utf-8", errors="replace") if b.format != "pdf" else None
        findings.extend(check_brief(b, check_config, source_text=source))
    files = len(briefs) + len(failures)
    if fmt == "json":
        sys.stdout.write(json.dumps(formats.json_document(findings, files), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "sarif":
        sys.stdout.write(json.dumps(formats.sarif(findings), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "github":
        sys.stdout.write(formats.github(findings))
    else:
        sys.stdout.write(formats.text(findings, files))
    threshold = SEVERITY_RANK[fail_on]
    sys.exit(EXIT_FAILED_FILES if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else EXIT_OK)


@main.command(name="rules")
@click.argument("code", required=False)
def rules_command(code: str | None) -> None:
    """List the rules of `briefs check`, or explain the rule CODE (e.g. BA201)."""
    if code is None:
        print_rows(
            Console(),
            [{"code": r.code, "name": r.name, "severity": r.severity, "what": r.summary} for r in RULES.values()],
            "Rules",
        )
        return
    rule = RULES.get(code.upper())
    if rule is None:
        _err(f"error: no rule {code}; `briefs rules` lists them")
        sys.exit(EXIT_USAGE)
    click.echo(f"{rule.code} {rule.name} ({rule.severity}): {rule.summary}\n\n{rule.explanation}")


def run() -> None:
    """Entry point: never lets a traceback reach the user."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_FAILED_FILES)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        _err(f"error: internal error ({type(exc).__name__}: {exc}); please report it")
        sys.exit(EXIT_FAILED_FILES)
