"""Frozen dataclasses to and from plain JSON-able data, for the cache.

JSON rather than pickle: a cache file found on disk (or shared) can never run code, and a
damaged one fails to load instead of misbehaving.  The decoder follows the dataclasses'
type hints (nested dataclasses, tuples, optional values).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_data(obj: Any) -> Any:
    """A dataclass tree as nested lists and dicts (field order kept)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)]
    if isinstance(obj, tuple | list):
        return [to_data(x) for x in obj]
    return obj


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin is typing.Literal or hint in (str, int, float, bool) or hint is Any:
        return value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_data(hint, value)
    if origin is dict:
        return dict(value)
    return value


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` instance from :func:`to_data`'s output.  Raises ValueError on bad data."""
    fields = _fields(cls)  # type: ignore[arg-type]  # classes are hashable
    if not isinstance(data, list) or len(data) != len(fields):
        raise ValueError(f"cannot rebuild {cls.__name__} from {type(data).__name__}")
    return cls(**{name: _decode(hint, value) for (name, hint), value in zip(fields, data, strict=True)})
