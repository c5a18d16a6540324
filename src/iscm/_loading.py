"""Reading datasets: the embedded one (built once, cached) and a user's file, bytes or tree."""

from __future__ import annotations

import _thread
import os
import sys

TYPE_CHECKING = False  # true for type checkers; typing itself is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from iscm.dataset import Dataset

#: The embedded data file, inside the package (read through the package's loader).
DATA_FILE = "iscm.json"

_lock = _thread.allocate_lock()  # _thread: threading would import a dozen modules
_embedded: Dataset | None = None


def embedded_bytes(name: str = DATA_FILE) -> bytes:
    """The bytes of the embedded data file (or of another file of the package's ``data``
    folder, such as ``schema.json``), read from wherever the package lives (even a zip).

    One call to the package loader's ``get_data`` (file system and zip imports both have it);
    ``importlib.resources`` for any other loader. Importing ``importlib.resources`` (or the
    ``importlib_resources`` backport) costs more than reading the file.
    """
    spec = sys.modules["iscm"].__spec__
    get_data = getattr(spec.loader, "get_data", None) if spec is not None else None
    if get_data is not None and spec is not None and spec.origin:
        path = os.path.join(os.path.dirname(spec.origin), "data", name)
        try:
            data: bytes = get_data(path)
        except OSError:
            pass
        else:
            return data
    from importlib.resources import files

    return (files("iscm") / "data" / name).read_bytes()


def embedded_version() -> str:
    """The version of the embedded data, without building the dataset: read from the head of
    the file, where the canonical JSON form writes ``version`` first (or from the loaded
    dataset, where the file does not begin that way)."""
    if _embedded is not None:
        return _embedded.version
    import re

    found = re.match(rb'\s*\{\s*"version"\s*:\s*("(?:[^"\\]|\\.)*")', embedded_bytes())
    if found is not None:
        import json

        try:
            return str(json.loads(found.group(1)))
        except ValueError:  # not a valid JSON string: let the loader report it
            pass
    return load().version


def _read_embedded() -> Dataset:
    """The embedded dataset: read by the code generated for exactly these bytes (which CI read
    through the converter, with every check), or by the converter if the bytes differ (or if
    the generated code fails: where the two disagree, the converter is right)."""
    raw = embedded_bytes()
    from iscm import _embedded_loader as generated

    if generated.matches(raw):
        import gc
        import json

        collecting = gc.isenabled()
        gc.disable()  # thousands of new objects and no cycles: nothing for the collector to find
        try:
            return generated.build(json.loads(raw))
        except Exception:  # not expected (tested); then the converter decides
            pass
        finally:
            if collecting:
                gc.enable()
    from iscm._converter import from_json
    from iscm.dataset import Dataset

    paused = _pause_collector(always=True)
    try:
        return from_json(raw, Dataset)
    finally:
        _resume_collector(paused)


def validate(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> tuple[str, ...]:
    """Every problem in a dataset (a source tree's folder, a JSON file, or the bytes of one);
    empty when it is valid.

    Two kinds of problem are reported together: what keeps the data from loading (see
    :func:`load`), and the data rules that loading does not enforce (links mirrored, dates within
    a mechanism's lifetime, sources cited and unique, no control characters, no text that a
    spreadsheet would run as a formula, unknowns declared: see docs/contributing.md). Each
    problem reads ``"<message> @ <path>"``, the path in JSON
    (``$.mechanisms[3].participants[0].role``) or, for a tree, the file and the path inside it
    (``mechanisms/midsa.toml:$.participants[0].role``). An argument :func:`load` refuses (see
    there) is returned as a problem too, never raised.
    """
    from iscm._rules import check
    from iscm.errors import DataError

    try:
        form, place = _read_form(source)
        paused = _pause_collector()
        try:
            data = _structure(form, place)
        finally:
            _resume_collector(paused)
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
    if source is None:
        global _embedded  # noqa: PLW0603 - the one cache, guarded by _lock
        if _embedded is None:
            with _lock:
                if _embedded is None:
                    _embedded = _read_embedded()
                    from iscm import _deprecated
        return _embedded
    from iscm import _deprecated  # noqa: F401 - the moved methods, for one release
    from iscm._converter import from_json
    from iscm.dataset import Dataset

    checked = _checked_source(source)
    paused = False
    try:
        if isinstance(checked, str) and os.path.isdir(checked):
            form, place = _read_form(checked)
            paused = _pause_collector()
            return _structure(form, place)
        data = checked if isinstance(checked, bytes) else _read_file(checked)
        paused = _pause_collector()
        return from_json(data, Dataset)
    finally:
        _resume_collector(paused)


def _pause_collector(*, always: bool = False) -> bool:
    """Pause the cyclic garbage collector while a dataset is built; True if it was paused.

    Building thousands of records makes no reference cycles, and the collector would only rescan
    them again and again (loading a 100x copy of the data took twice as long per record). The
    collector is a process-wide switch, so it is paused only while no other thread runs (nothing
    else can then be starved of it) or, with ``always``, for the one first load of the embedded
    data, of known size; a collector the program switched off stays off. The caller restores it
    with :func:`_resume_collector` in a ``finally``.
    """
    import gc

    pause = gc.isenabled() and (always or _thread._count() == 0)  # no thread but this one
    if pause:
        gc.disable()
    return pause


def _resume_collector(paused: bool) -> None:
    if paused:
        import gc

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
