"""Small text helpers shared by the error messages."""

from __future__ import annotations

from typing import Any

__all__ = ["shorten"]


def shorten(value: Any, limit: int = 60) -> str:
    """The repr of a value, cut to ``limit`` characters, for error messages."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"
