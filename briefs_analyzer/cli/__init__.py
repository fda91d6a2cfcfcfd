"""The ``briefs`` command: a thin click shell over the library.

Each command builds rows or a document from the library and hands it to one formatter;
library errors become one ``error:`` line and an exit status, never a traceback.  The
commands live in the modules beside this one; each imports the library only when it runs.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from briefs_analyzer._version import __version__
from briefs_analyzer.cli.analyze import (
    analyze_command,
    entities_command,
    show_command,
    sources_command,
    weights_command,
)
from briefs_analyzer.cli.cache import cache_group
from briefs_analyzer.cli.check import check_command, rules_command
from briefs_analyzer.cli.common import EXIT_FAILED_FILES, EXIT_OK, err
from briefs_analyzer.cli.export import export_command, report_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefs")
def main() -> None:
    """Analyse policy briefs: their claims, the notes that back them, and what they cite."""


for command in (
    analyze_command,
    sources_command,
    entities_command,
    show_command,
    weights_command,
    export_command,
    report_command,
    check_command,
    cache_group,
    rules_command,
):
    main.add_command(command)


def _leave_now(code: int) -> None:
    """Exit at once, with what was written flushed: no clean-up that could wait.

    After Ctrl-C the worker processes are already ended (leaving :class:`~briefs_analyzer.workers.Pool`
    ends them), and a pool has no thread that exit could wait on; this is the last guard: any
    child process still running (a PDF being read apart) is ended here, and nothing else runs.
    """
    import multiprocessing  # here, not at start-up: it costs more than click

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
        err("interrupted")
        _leave_now(130)
    except click.ClickException as exc:  # a usage error: click's message, status 2
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(EXIT_FAILED_FILES)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        err(f"error: internal error ({type(exc).__name__}: {exc}); please report it")
        sys.exit(EXIT_FAILED_FILES)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


__all__ = ["main", "run"]
