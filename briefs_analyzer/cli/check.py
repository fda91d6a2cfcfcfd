"""The CI gate: ``briefs check``, and ``briefs rules`` that documents its rules."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefs_analyzer.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    F,
    LazyChoice,
    RunOptions,
    config_of,
    err,
    iter_views,
    run_options,
)

if TYPE_CHECKING:
    from briefs_analyzer.check import Checked
    from briefs_analyzer.model import Failure
    from briefs_analyzer.views import Projected


def check_formats() -> list[str]:
    from briefs_analyzer.formats import FORMATS

    return list(FORMATS)


def _codes_option(name: str, what: str) -> Callable[[F], F]:
    return click.option(name, multiple=True, metavar="CODES", help=f"{what} (comma-separated; repeatable).")


@click.command(name="check")
@run_options
@click.option(
    "--format",
    "--output-format",
    "fmt",
    type=LazyChoice(check_formats),
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
    help="Set a rule's severity as CODE=LEVEL, LEVEL one of error, warning, info (repeatable).",
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
    from briefs_analyzer.check import CheckConfig, CheckConfigError
    from briefs_analyzer.config import ConfigError, command_line_settings
    from briefs_analyzer.config import show as config_show

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
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    config = config_of(options)
    if show_settings:
        check_config = CheckConfig.resolve(config.check, request.command_line)
        _emit(output_file, config_show(config, request.command_line) + check_config.describe())
        return
    try:
        outcome = checkrun.run_check(request, config, lambda targets, only: iter_views_checked(targets, options, only))
    except (CheckConfigError, ConfigError) as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    for line in outcome.stderr:
        err(line)
    if outcome.output is not None:
        _emit(output_file, outcome.output)
    sys.exit(EXIT_OK if exit_zero else outcome.exit_code)


def iter_views_checked(
    paths: Sequence[Path], options: RunOptions, only: set[Path] | None
) -> Iterator[Projected[Checked] | Failure]:
    """The check view of every brief under ``paths``; unreadable files come back as failures, not errors."""
    from briefs_analyzer.check import CHECK_VIEW

    # No rule reads entities: the check never loads the language model.
    return iter_views(paths, options, CHECK_VIEW, entities=False, only=only, report_failures=False)


def _emit(output_file: Path | None, text: str) -> None:
    """The findings to ``--output-file`` (created with its folder), else to stdout."""
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        output_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        err(f"error: {output_file}: cannot write: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)


@click.command(name="rules")
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(code: str | None, fmt: str) -> None:
    """List the rules of `briefs check`, or explain the rule CODE (a code such as BA201, or a name).

    The explanation says what the rule finds, why it matters, an example that fires and one that
    does not, and how to fix it.
    """
    from rich.console import Console

    from briefs_analyzer import ruledoc
    from briefs_analyzer.report.terminal import print_rows
    from briefs_analyzer.rules import RULES
    from briefs_analyzer.rules import rule as rule_named

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
        err(f"error: no rule {code}; `briefs rules` lists them")
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        click.echo(json.dumps(ruledoc.as_json(found), ensure_ascii=False, indent=2))
    else:
        click.echo(ruledoc.explain(found), nl=False)
