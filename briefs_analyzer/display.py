"""What reaches a person: file names and brief text made safe to store, serialise and print.

Two different dangers, kept apart:

* **Names that are not text.**  A file name is bytes; one that is not UTF-8 (``bad-\\xff.txt``)
  reaches Python as a string with a lone surrogate (``surrogateescape``), which no UTF-8 output
  can hold: it broke the JSON document half-way and failed the report.  :func:`path_text` is the
  one place a path becomes the string a brief or a failure carries: such bytes become U+FFFD,
  so every output (JSON, SARIF, HTML, SQLite, the cache) stays valid.  The file itself is still
  opened by its real :class:`~pathlib.Path`.
* **Text that drives a terminal.**  A brief (or a file name) may hold escape sequences that clear
  the screen, set the window title or hide text, or a newline that forges a line of output.
  :func:`printable` is applied to everything printed for a person (tables, ``briefs show``, the
  text formats of ``briefs check``, ``error:`` and ``warning:`` lines): control characters
  (C0, DEL, C1) and the bidirectional overrides are shown as escapes (``\\x1b``, ``\\u202e``).
  Data formats (JSON, SARIF, GitLab) keep the text as it is, escaped by their own rules.

This module imports nothing heavy: it is on the start-up path of every command.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# C0 controls, DEL, C1 controls, the bidirectional embeddings, overrides and isolates, and the
# line and paragraph separators: what a terminal acts on instead of showing.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def path_text(path: Path | str | bytes) -> str:
    """``path`` as text every output can hold: bytes that are not UTF-8 become U+FFFD."""
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False, keep_tabs: bool = True) -> str:
    """``text`` safe to print on a terminal: every control character shown as an escape.

    ``keep_newlines`` keeps ``\\n`` (for text printed as several lines); ``keep_tabs`` keeps tabs.
    Lone surrogates become U+FFFD.
    """
    text = path_text(text)

    def escape(m: re.Match[str]) -> str:
        ch = m.group(0)
        if (ch == "\n" and keep_newlines) or (ch == "\t" and keep_tabs):
            return ch
        return _escape(m)

    return _CONTROL.sub(escape, text)
