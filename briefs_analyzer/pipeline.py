"""The stages that run after parsing, in order.  Each is a pure ``Brief -> Brief`` function."""

from __future__ import annotations

from briefs_analyzer.corpus import Stage


def default_stages() -> tuple[Stage, ...]:
    return ()
