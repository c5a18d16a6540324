"""Reading datasets: the embedded one (built once, cached) and a user's file or bytes."""

from __future__ import annotations

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
    """
    from iscm.errors import DataError

    try:
        load(source)
    except DataError as exc:
        return exc.problems
    return ()


def load(source: str | os.PathLike[str] | bytes | bytearray | memoryview | None = None) -> Dataset:
    """The embedded dataset, or a dataset read from a file path or from the bytes of one.

    Without an argument, the embedded dataset is read and checked on the first call only; every
    later call (from any thread) returns the same object. With an argument, a new dataset is read
    each time. Invalid data raises :class:`iscm.DataError` listing every problem with its path.

    >>> import iscm
    >>> iscm.load() is iscm.load()
    True
    """
    from iscm._converter import from_json
    from iscm.dataset import Dataset
    from iscm.errors import DataError

    if source is None:
        global _embedded  # noqa: PLW0603 - the one cache, guarded by _lock
        if _embedded is None:
            with _lock:
                if _embedded is None:
                    _embedded = from_json(embedded_bytes(), Dataset)
        return _embedded
    if isinstance(source, (bytes, bytearray, memoryview)):
        return from_json(bytes(source), Dataset)
    try:
        with open(source, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DataError([f"cannot read {os.fspath(source)!r}: {exc.strerror} @ $"]) from None
    return from_json(data, Dataset)
