"""Reading a dataset's source tree: one TOML file per record, the form people edit.

The tree (``data/`` in the repository; docs/contributing.md explains it) holds::

    dataset.toml                  version = "YYYY.MM.DD" (and overlay = true for an overlay)
    sources.toml                  [<key>] url, title, publisher, accessed: every source, by key
    mechanisms/<id>.toml          a mechanism, with its engagements and meetings
    organizations/<id>.toml       publications/<id>.toml   instruments/<id>.toml
    consultations/<id>.toml       focal-points/<organization>.toml

Records cite sources by key. The tree is assembled into the dataset's JSON form (the one
:func:`iscm.load` reads from a file) and read by the same converter, so a tree and a JSON file
obey the same rules; every problem is reported with the file and the path inside it
(``mechanisms/midsa.toml:$.participants[3].state``).
"""

from __future__ import annotations

import datetime
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from iscm.errors import DataError

__all__ = ["TABLE_DIRS", "TreeLocator", "is_tree", "read_tree", "sort_key"]

#: Folder of each table, in the order the dataset's JSON form lists them.
TABLE_DIRS: dict[str, str] = {
    "mechanisms": "mechanisms",
    "organizations": "organizations",
    "publications": "publications",
    "instruments": "instruments",
    "consultations": "consultations",
    "focal_points": "focal-points",
}
#: Tables whose records live in their mechanism's file, under the same key.
NESTED = ("engagements", "meetings")
#: The field a file's name repeats (the record's id; the organization for focal points).
_NAME_FIELD = {"focal_points": "organization"}
HEAD_FILE = "dataset.toml"
SOURCES_FILE = "sources.toml"
_IGNORED = frozenset({"README.md", ".gitattributes"})


def is_tree(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder (read as a source tree)."""
    return os.path.isdir(path)


class TreeLocator:
    """Turns a JSON path into the assembled form into the file and path it came from."""

    def __init__(self) -> None:
        self.places: dict[tuple[str, int], str] = {}

    def add(self, table: str, index: int, place: str) -> None:
        self.places[(table, index)] = place

    _RECORD = re.compile(r"\$\.([a-z_]+)\[(\d+)\](.*)")
    _SOURCE = re.compile(r"\$\.sources(?:\.([^.\[]+)|\['([^']+)'\])(.*)")

    def place(self, path: str) -> str:
        """``$.mechanisms[2].name`` -> ``mechanisms/x.toml:$.name``."""
        if m := self._SOURCE.fullmatch(path):
            return f"{SOURCES_FILE}:$.{m.group(1) or m.group(2)}{m.group(3)}"
        if m := self._RECORD.fullmatch(path):
            found = self.places.get((m.group(1), int(m.group(2))))
            if found is not None:
                file, _, inner = found.partition(":")
                return f"{file}:{inner}{m.group(3)}"
        if path == "$.sources":
            return SOURCES_FILE
        if path.startswith("$"):
            return f"{HEAD_FILE}:{path}"
        return path


def _plain(node: Any) -> Any:
    """TOML values as the JSON form holds them: dates become 'YYYY-MM-DD' strings."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if type(node) is datetime.date:
        return node.isoformat()
    return node


def _read(root: Path, relative: str, problems: list[str]) -> dict[str, Any] | None:
    try:
        text = (root / relative).read_bytes().decode("utf-8")
    except OSError as exc:
        problems.append(f"cannot read: {exc.strerror} @ {relative}")
        return None
    except UnicodeDecodeError as exc:
        problems.append(f"not UTF-8: {exc.reason} at byte {exc.start} @ {relative}")
        return None
    try:
        return _plain(tomllib.loads(text))  # type: ignore[no-any-return]
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"not TOML: {exc} @ {relative}")
        return None


def _records(root: Path, folder: str, problems: list[str]) -> list[tuple[str, dict[str, Any]]]:
    here = root / folder
    if not here.is_dir():
        return []
    found = []
    for item in sorted(here.iterdir(), key=lambda p: p.name):
        relative = f"{folder}/{item.name}"
        if item.name in _IGNORED:
            continue
        if item.is_dir() or item.suffix != ".toml":
            problems.append(f"not a record file (expected <id>.toml) @ {relative}")
            continue
        record = _read(root, relative, problems)
        if record is not None:
            found.append((relative, record))
    return found


def sort_key(table: str, record: Any) -> tuple[Any, ...]:
    """The Dataset's canonical order of a table, computed on a raw record (so positions agree)."""
    if not isinstance(record, dict):
        return ()

    def text(key: str) -> str:
        value = record.get(key)
        return value if isinstance(value, str) else ""

    def number(key: str) -> int:
        value = record.get(key)
        return value if type(value) is int else 0

    if table == "engagements":
        return (
            text("mechanism"),
            text("organization"),
            text("role"),
            text("scope"),
            number("since"),
        )
    if table == "meetings":
        return (text("mechanism"), number("year"), number("number"), text("date"), text("place"))
    if table == "focal_points":
        return (text("organization"),)
    return (text("id"),)


def read_tree(path: str | os.PathLike[str]) -> tuple[dict[str, Any], TreeLocator]:
    """The dataset's JSON form assembled from a source tree, and where each part came from.

    Raises :class:`DataError` for what cannot be assembled (a file that is not TOML, a file whose
    name is not its record's id, a missing ``dataset.toml``); everything else is left to the
    converter, whose problem paths the locator turns into file paths.
    """
    root = Path(path)
    if not (root / HEAD_FILE).is_file():
        shown = repr(os.fspath(path))
        raise DataError(
            [f"a folder is read as a source tree, but {shown} holds no {HEAD_FILE} @ $"]
        )
    problems: list[str] = []
    locator = TreeLocator()
    head = _read(root, HEAD_FILE, problems) or {}
    form: dict[str, Any] = dict(head)
    sources = _read(root, SOURCES_FILE, problems) if (root / SOURCES_FILE).exists() else {}
    form["sources"] = sources or {}
    nested: dict[str, list[tuple[dict[str, Any], str]]] = {name: [] for name in NESTED}
    for table, folder in TABLE_DIRS.items():
        rows: list[dict[str, Any]] = []
        for relative, record in _records(root, folder, problems):
            name_field = _NAME_FIELD.get(table, "id")
            stem = relative.rsplit("/", 1)[1].removesuffix(".toml")
            if record.get(name_field) != stem:
                problems.append(
                    f"the file name must be the record's {name_field} "
                    f"({record.get(name_field)!r}) @ {relative}:$.{name_field}"
                )
            if table == "mechanisms":
                for inner in NESTED:
                    items = record.pop(inner, [])
                    if not isinstance(items, list):
                        problems.append(f"expected an array @ {relative}:$.{inner}")
                        continue
                    for i, item in enumerate(items):
                        if isinstance(item, dict):
                            owner = item.setdefault("mechanism", record.get("id"))
                            if owner != record.get("id"):
                                problems.append(
                                    f"names mechanism {owner!r}, not this file's "
                                    f"@ {relative}:$.{inner}[{i}].mechanism"
                                )
                        nested[inner].append((item, f"{relative}:$.{inner}[{i}]"))
            locator.add(table, len(rows), f"{relative}:$")
            rows.append(record)
        form[table] = rows
    for inner in NESTED:
        placed = nested[inner]
        placed.sort(key=lambda pair: sort_key(inner, pair[0]))
        for index, (_item, place) in enumerate(placed):
            locator.add(inner, index, place)
        form[inner] = [item for item, _place in placed]
    if problems:
        raise DataError(problems, what="invalid source tree")
    return form, locator
