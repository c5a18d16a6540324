"""Reading datasets: the embedded one (built once, cached) and a user's file or bytes."""

from __future__ import annotations

import gc
import os
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iscm.dataset import Dataset

#: The embedded data file, inside the package (read through importlib.resources only).
DATA_FILE = "iscm.json"

_lock = threading.Lock()
_embedded: Dataset | None = None


def embedded_bytes() -> bytes:
    """The bytes of the embedded data file, read from wherever the package lives (even a zip)."""
    if sys.version_info >= (3, 12):
        from importlib.resources import files
    else:
        from importlib_resources import files
    return (files("iscm") / "data" / DATA_FILE).read_bytes()


def validate(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> tuple[str, ...]:
    """Every problem in a dataset file (a path, or the bytes of one); empty when it is valid.

    Each problem reads ``"<message> @ <JSON path>"``, e.g.
    ``"'boss' is not a valid ParticipantRole (...) @ $.mechanisms[3].participants[0].role"``.
    An argument :func:`load` refuses (see there) is returned as a problem too, never raised.
    """
    from iscm._converter import from_json
    from iscm.dataset import Dataset
    from iscm.errors import DataError

    try:
        from_json(read_source(source), Dataset)
    except DataError as exc:
        return exc.problems
    return ()


def load(source: str | os.PathLike[str] | bytes | bytearray | memoryview | None = None) -> Dataset:
    """The embedded dataset, or a dataset read from a file path or from the bytes of one.

    Without an argument, the embedded dataset is read and checked on the first call only; every
    later call (from any thread) returns the same object. With an argument, a new dataset is read
    each time. ``source`` is a path (``str`` or ``os.PathLike``, e.g. ``pathlib.Path``) or the
    bytes of a file (``bytes``, ``bytearray``, ``memoryview``); anything else (an int, which
    ``open`` would take for a file descriptor, a float, a dict, an open file) is refused. Invalid
    data, a path that cannot be read and a refused argument all raise :class:`iscm.DataError`
    listing every problem with its path.

    >>> import iscm
    >>> iscm.load() is iscm.load()
    True
    """
    from iscm._converter import from_json
    from iscm.dataset import Dataset

    if source is None:
        global _embedded  # noqa: PLW0603 - the one cache, guarded by _lock
        if _embedded is None:
            with _lock:
                if _embedded is None:
                    _embedded = _read_embedded()
        return _embedded
    return from_json(read_source(source), Dataset)


def _read_embedded() -> Dataset:
    """Read the embedded dataset (once per process, under the lock).

    Building its few thousand objects makes no reference cycles, and the cyclic garbage
    collector would only rescan them (about 10% of this first load). The collector is paused
    for this one load of known size only and switched back on in ``finally``; loading a user's
    dataset never touches it.
    """
    from iscm._converter import from_json
    from iscm.dataset import Dataset

    collecting = gc.isenabled()
    gc.disable()
    try:
        return from_json(embedded_bytes(), Dataset)
    finally:
        if collecting:
            gc.enable()


#: What ``load`` and ``validate`` take as a source, besides None for the embedded data.
ACCEPTED = (
    "a file path (str or os.PathLike) or the bytes of a dataset file (bytes, bytearray, memoryview)"
)


def read_source(source: object) -> bytes:
    """The bytes of a dataset given as a path or as bytes: the one place that decides.

    Raises :class:`iscm.DataError` (path ``$``) for an argument of any other type, an empty path,
    a path holding a NUL character, and a path that cannot be read.
    """
    from iscm.errors import DataError

    if isinstance(source, bytes | bytearray | memoryview):
        try:
            return bytes(source)
        except (TypeError, ValueError) as exc:  # e.g. a released memoryview
            raise DataError([f"cannot read the bytes given: {exc} @ $"]) from None
    if not isinstance(source, str | os.PathLike):
        raise DataError([f"expected {ACCEPTED}, got {type(source).__name__} @ $"])
    try:
        path = os.fspath(source)
    except TypeError as exc:
        raise DataError([f"not a usable path: {exc} @ $"]) from None
    if not isinstance(path, str):
        raise DataError([f"a path must be text (str), got {type(path).__name__} @ $"])
    if not path:
        raise DataError(["the path is empty @ $"])
    if "\x00" in path:
        raise DataError([f"a path cannot hold a NUL character: {_cut(path)} @ $"])
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise DataError([f"cannot read {_cut(path)}: {exc.strerror or exc} @ $"]) from None


def _cut(text: str, limit: int = 80) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 5]}...{shown[-2:]}"
