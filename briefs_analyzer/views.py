"""Views: what one output needs from a brief, small enough to keep in the cache beside it.

A warm run of ``briefs analyze`` should not rebuild every brief just to print a table row
or copy a JSON fragment out.  A :class:`View` names such a projection of a brief, with how
to store it; :meth:`briefs_analyzer.corpus.Runner.project` serves it from the cache when it
can, and otherwise computes it from the brief (cached or analysed) and stores it.

A view is a pure function of the brief *at its path*: the cache keys it by content hash,
configuration, view name and path, so a moved file gets its view made again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from briefs_analyzer.model import Brief
from briefs_analyzer.rules import NOT_UTF8

T = TypeVar("T")

# Problems that are also told on stderr while a corpus runs, whatever the output.
TOLD_ON_STDERR = frozenset({NOT_UTF8.code})


@dataclass(frozen=True)
class View(Generic[T]):
    """A projection of a brief with its byte encoding.  ``name`` changes when the shape does."""

    name: str
    make: Callable[[Brief], T]
    dumps: Callable[[T], bytes]
    loads: Callable[[bytes], T]


@dataclass(frozen=True)
class Projected(Generic[T]):
    """A view of the brief at ``path``, and the warnings its analysis raised."""

    path: str
    value: T
    notices: tuple[str, ...] = ()


def notices(brief: Brief) -> tuple[str, ...]:
    """The messages of the brief's problems that a corpus run tells on stderr."""
    return tuple(p.message for p in brief.problems if p.code in TOLD_ON_STDERR)


def project(brief: Brief, view: View[T]) -> Projected[T]:
    return Projected(brief.path, view.make(brief), notices(brief))
