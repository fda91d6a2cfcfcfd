"""Frozen dataclasses to and from plain JSON-able data, for the cache.

JSON rather than pickle: a cache file found on disk (or shared) can never run code, and a
damaged one fails to load instead of misbehaving.  The decoder follows the dataclasses'
type hints (nested dataclasses, tuples, optional values).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
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


Decoder = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that rebuilds values of type ``hint``, made once per type (typing is slow)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) != 1 or _decoder(options[0]) is _identity:
            return _identity
        inner = _decoder(options[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return tuple if item is _identity else (lambda v: tuple(item(x) for x in v))
        parts = [_decoder(a) for a in args]
        return lambda v: tuple(d(x) for d, x in zip(parts, v, strict=True))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    return _identity


def _dataclass_decoder(cls: type) -> Decoder:
    hints = get_type_hints(cls)
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields]
    decoders = [None if (d := _decoder(hints[f.name])) is _identity else d for f in fields]
    new = object.__new__
    name = cls.__name__

    def build(data: Any) -> Any:
        if not isinstance(data, list) or len(data) != len(names):
            raise ValueError(f"cannot rebuild {name} from {type(data).__name__}")
        # The data came from to_data() of the same class: every field is present, so the
        # frozen __init__ (one object.__setattr__ per field) can be skipped.
        obj: Any = new(cls)
        obj.__dict__.update(
            zip(names, [v if d is None else d(v) for d, v in zip(decoders, data, strict=True)], strict=True)
        )
        return obj

    return build


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` instance from :func:`to_data`'s output.  Raises ValueError on bad data."""
    result: T = _decoder(cls)(data)  # type: ignore[arg-type]  # classes are hashable
    return result
