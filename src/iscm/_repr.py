"""Short ``repr()`` of records: one line with the class and the fields that name the record.

The attrs default shows every field (a mechanism's repr runs to pages); these show the class,
the id and the name (or what stands for them), each value cut to at most 60 characters, so that
printing a list of records fits a screen. Equality is attrs' own and is not affected.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from typing import Any

_LONGEST = 60


def _shown(value: Any) -> str:
    if isinstance(value, enum.Enum):
        value = value.value
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    text = repr(value)
    return text if len(text) <= _LONGEST else f"{text[: _LONGEST - 4]}...{text[-1]}"


def short_repr(*fields: str) -> Callable[[Any], str]:
    """A ``__repr__`` showing ``fields`` (those that are None are left out)."""

    def short(self: Any) -> str:
        shown = ", ".join(
            f"{name}={_shown(getattr(self, name))}"
            for name in fields
            if getattr(self, name) is not None
        )
        return f"{type(self).__name__}({shown})"

    return short
