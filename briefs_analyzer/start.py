"""The ``briefs`` command's first code: Ctrl-C while the program is still starting is one line.

Python turns Ctrl-C into ``KeyboardInterrupt`` wherever it lands; in the first fraction of a second
that is inside an import (click, the CLI modules), before :func:`briefs_analyzer.cli.run` can catch
it, and the user got a full traceback.  This module imports only the standard library's ``os``,
and ``signal``: it ends the process with ``interrupted`` and status 130 on Ctrl-C until the
CLI is imported, then gives Ctrl-C back to Python, and the CLI handles it from there.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

EXIT_INTERRUPTED = 130


def _interrupted(signum: int, frame: FrameType | None) -> None:
    os.write(2, b"interrupted\n")
    os._exit(EXIT_INTERRUPTED)  # nothing has started that needs ending: no clean-up to wait on


def run() -> None:
    """Entry point of the ``briefs`` command and of ``python -m briefs_analyzer``."""
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:  # started with Ctrl-C ignored (a background job): left so
        from briefs_analyzer.cli import run as run_cli
    else:
        signal.signal(signal.SIGINT, _interrupted)
        try:
            from briefs_analyzer.cli import run as run_cli
        finally:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    run_cli()  # it exits with the run's status
