"""Checks of the arguments of :class:`iscm.Dataset`'s queries: the one place that decides.

A wrong type raises ``TypeError`` and a value out of range or not among the allowed ones
``ValueError``; both messages name the argument, so that a mistake never surfaces as an
``AttributeError`` or an unpacking error from deep inside a query.
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

E = TypeVar("E", bound=enum.StrEnum)


def _kind(value: Any) -> str:
    return "None" if value is None else type(value).__name__


def text(value: Any, name: str) -> str:
    """A string argument (a key, an ISO code, search text)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_kind(value)}")
    return value


def integer(value: Any, name: str) -> int:
    """An integer argument (a year); ``True`` and ``2000.0`` are not integers."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got {_kind(value)}")
    return value


def limit(value: Any, name: str = "limit") -> int:
    """A count of results: an integer, 0 or more."""
    count = integer(value, name)
    if count < 0:
        raise ValueError(f"{name} must be 0 or more, got {count}")
    return count


def member(cls: type[E], value: Any, name: str) -> E:
    """A member of ``cls``, given as the member or as its string value."""
    if isinstance(value, cls):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a {cls.__name__} or its value, got {_kind(value)}")
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}") from None


def optional_member(cls: type[E], value: Any, name: str) -> E | None:
    """As :func:`member`, or None."""
    return None if value is None else member(cls, value, name)
