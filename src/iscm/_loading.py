"""Reading datasets: the embedded one (built once, cached) and a user's file, bytes or tree."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

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
    """Every problem in a dataset (a source tree's folder, a JSON file, or the bytes of one);
    empty when it is valid.

    Two kinds of problem are reported together: what keeps the data from loading (see
    :func:`load`), and the data rules that loading does not enforce (links mirrored, dates within
    a mechanism's lifetime, sources cited and unique, no control characters, unknowns declared:
    see docs/contributing.md). Each problem reads ``"<message> @ <path>"``, the path in JSON
    (``$.mechanisms[3].participants[0].role``) or, for a tree, the file and the path inside it
    (``mechanisms/midsa.toml:$.participants[0].role``). An argument :func:`load` refuses (see
    there) is returned as a problem too, never raised.
    """
    from iscm._rules import check
    from iscm.errors import DataError

    try:
        form, place = _read_form(source)
        with _collector_paused():
            data = _structure(form, place)
    except DataError as exc:
        return exc.problems
    positions = _canonical_positions(form)
    problems = []
    for finding in check(data, form):
        if finding.table == "sources":
            path = f"$.sources.{finding.path}"
        elif finding.table:
            raw = positions.get(finding.table, {}).get(finding.index, finding.index)
            path = f"$.{finding.table}[{raw}]{finding.path}"
        else:
            path = f"$.{finding.path}"
        problems.append(f"{finding.message} @ {place(path)}")
    return tuple(problems)


def load(source: str | os.PathLike[str] | bytes | bytearray | memoryview | None = None) -> Dataset:
    """The embedded dataset, or a dataset read from a JSON file, the bytes of one, or a source
    tree (a folder of TOML files, as ``data/`` in the repository).

    Without an argument, the embedded dataset is read and checked on the first call only; every
    later call (from any thread) returns the same object. With an argument, a new dataset is read
    each time. ``source`` is a path (``str`` or ``os.PathLike``, e.g. ``pathlib.Path``) to a file
    or a tree's folder, or the bytes of a file (``bytes``, ``bytearray``, ``memoryview``);
    anything else (an int, which ``open`` would take for a file descriptor, a float, a dict, an
    open file) is refused. Invalid data, a path that cannot be read and a refused argument all
    raise :class:`iscm.DataError` listing every problem with its path.

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
    checked = _checked_source(source)
    if isinstance(checked, str) and os.path.isdir(checked):
        form, place = _read_form(checked)
        with _collector_paused():
            return _structure(form, place)
    data = checked if isinstance(checked, bytes) else _read_file(checked)
    with _collector_paused():
        return from_json(data, Dataset)


def _read_embedded() -> Dataset:
    """Read the embedded dataset (once per process, under the lock), the collector paused."""
    from iscm._converter import from_json
    from iscm.dataset import Dataset

    with _collector_paused(always=True):
        return from_json(embedded_bytes(), Dataset)


@contextlib.contextmanager
def _collector_paused(*, always: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is built, then restore it.

    Building thousands of records makes no reference cycles, and the collector would only rescan
    them again and again (loading a 100x copy of the data took twice as long per record). The
    collector is a process-wide switch, so it is paused only while no other thread runs (nothing
    else can then be starved of it) or, with ``always``, for the one first load of the embedded
    data, of known size; a collector the program switched off stays off.
    """
    pause = gc.isenabled() and (always or threading.active_count() == 1)
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()


#: What ``load`` and ``validate`` take as a source, besides None for the embedded data.
ACCEPTED = (
    "a path (str or os.PathLike) to a dataset file or a source tree's folder, or the bytes of "
    "a dataset file (bytes, bytearray, memoryview)"
)


def _checked_source(source: object) -> bytes | str:
    """A source as bytes, or as a checked path: the one place that decides what a source is.

    Raises :class:`iscm.DataError` (path ``$``) for an argument of any other type, an empty path
    and a path holding a NUL character.
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
    return path


def read_source(source: object) -> bytes:
    """The bytes of a dataset file given as a path or as bytes (see :func:`_checked_source`);
    a path that cannot be read raises :class:`iscm.DataError`."""
    checked = _checked_source(source)
    return checked if isinstance(checked, bytes) else _read_file(checked)


def _read_file(path: str) -> bytes:
    from iscm.errors import DataError

    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise DataError([f"cannot read {_cut(path)}: {exc.strerror or exc} @ $"]) from None


def _cut(text: str, limit: int = 80) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 5]}...{shown[-2:]}"


def _read_form(source: object) -> tuple[Any, Callable[[str], str]]:
    """The raw form of a dataset (parsed JSON, or a tree assembled) and a path translator."""
    from iscm._converter import parse_json
    from iscm._tree import read_tree

    checked = _checked_source(source)
    if isinstance(checked, str) and os.path.isdir(checked):
        form, locator = read_tree(checked)
        return form, locator.place
    return parse_json(checked if isinstance(checked, bytes) else _read_file(checked)), _same


def _same(path: str) -> str:
    return path


def _structure(form: Any, place: Callable[[str], str]) -> Dataset:
    from iscm._converter import structure
    from iscm.dataset import Dataset
    from iscm.errors import DataError

    try:
        return structure(form, Dataset)
    except DataError as exc:
        if place is _same:
            raise
        raise DataError([_replace_path(p, place) for p in exc.problems]) from None


def _replace_path(problem: str, place: Callable[[str], str]) -> str:
    message, at, path = problem.rpartition(" @ ")
    return f"{message} @ {place(path)}" if at else problem


def _canonical_positions(form: Any) -> dict[str, dict[int, int]]:
    """For each table, the position in the raw form of the record at each canonical position
    (a dataset sorts its tables; problems must point into what the user wrote)."""
    from iscm._tree import sort_key

    if not isinstance(form, dict):
        return {}
    out: dict[str, dict[int, int]] = {}
    for table, rows in form.items():
        if not isinstance(rows, list) or table == "sources":
            continue
        order = sorted(range(len(rows)), key=lambda i: sort_key(table, rows[i]))
        out[table] = dict(enumerate(order))
    return out
