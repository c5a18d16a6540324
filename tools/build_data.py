"""Build the packaged dataset from its source tree, and write a tree from a dataset.

The source tree ``data/`` (one TOML file per record, sources by key) is what people edit; the
package ships the compiled JSON ``src/iscm/data/iscm.json``, which this command writes::

    python tools/build_data.py            # data/ -> src/iscm/data/iscm.json
    python tools/build_data.py --check    # exit 1 if the JSON is not what data/ compiles to
    python tools/build_data.py --tree-from FILE.json --output DIR   # a dataset as a tree

The compiled file is the converter's canonical output of the dataset read from the tree, so the
same tree always gives the same bytes. The JSON -> tree direction made the one-time migration of
2026-12-06 and serves anyone who wants to turn a JSON dataset into reviewable files; a tree
written from a dataset reads back to an equal dataset (tested).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

import iscm
from iscm._tree import HEAD_FILE, NESTED, SOURCES_FILE, TABLE_DIRS
from iscm.schema import record_class

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "data"
COMPILED = ROOT / "src" / "iscm" / "data" / "iscm.json"

#: Fields whose values are dates (written as TOML dates, which TOML checks as you type).
_DATE_FIELDS = frozenset({"accessed", "as_of", "date"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: The record class of each table.
_TABLE_CLASSES: dict[str, type] = {
    "mechanisms": iscm.Mechanism,
    "organizations": iscm.Organization,
    "engagements": iscm.Engagement,
    "publications": iscm.Publication,
    "instruments": iscm.Instrument,
    "consultations": iscm.TargetedConsultation,
    "focal_points": iscm.FocalPoint,
    "meetings": iscm.Meeting,
}
#: Lines up to this width keep a list of strings on one line.
_WIDTH = 100


def compile_tree(tree: Path = TREE) -> bytes:
    """The canonical JSON bytes of the dataset in ``tree`` (raises iscm.DataError if invalid)."""
    return iscm.to_json(iscm.load(tree)).encode("utf-8")


# -- writing TOML ------------------------------------------------------------------------------


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _string(name)


def _value(name: str, value: Any, cite: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if name in _DATE_FIELDS and _DATE.fullmatch(value):
            return value
        return _string(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_value(k, v, cite)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list):
        items = [cite.get(v, v) if name == "sources" else v for v in value]
        return "[" + ", ".join(_value(name, v, cite) for v in items) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _assignment(name: str, value: Any, cite: Mapping[str, str]) -> str:
    """``name = value``: arrays of tables and long arrays one item a line (a one-line diff)."""
    if isinstance(value, list) and value:
        items = [cite.get(v, v) if name == "sources" else v for v in value]
        one_line = f"{_key(name)} = {_value(name, value, cite)}"
        if all(isinstance(v, str) for v in items) and len(one_line) <= _WIDTH:
            return one_line
        lines = [f"  {_value(name, v, cite)}," for v in items]
        return f"{_key(name)} = [\n" + "\n".join(lines) + "\n]"
    return f"{_key(name)} = {_value(name, value, cite)}"


def record_toml(record: Mapping[str, Any], cite: Mapping[str, str], title: str) -> str:
    """One record as a TOML document, fields in the order given (the model's)."""
    body = "\n".join(_assignment(k, v, cite) for k, v in record.items())
    return f"# {title}\n# The layout and the rules of these files: docs/contributing.md\n{body}\n"


def sources_toml(table: Mapping[str, Mapping[str, Any]]) -> str:
    parts = [
        "# Every source the dataset cites, by key. A key is chosen once and never changes:",
        "# correct a title or an access date in place. Layout and rules: docs/contributing.md",
    ]
    for key in sorted(table):
        lines = [f"[{_key(key)}]"]
        lines += [_assignment(k, v, {}) for k, v in table[key].items()]
        parts.append("\n" + "\n".join(lines))
    return "\n".join(parts) + "\n"


# -- choosing source keys ----------------------------------------------------------------------

_STOP = frozenset(
    {"a", "an", "and", "at", "de", "del", "des", "du", "el", "en", "et", "for", "from", "in"}
    | {"la", "le", "les", "of", "on", "or", "the", "to", "y"}
)


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", plain) if w]


def choose_keys(table: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """A readable key for each source: publisher and title words (``iom-colombo-process``)."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    order = sorted(table, key=lambda k: (table[k]["publisher"], table[k]["title"], table[k]["url"]))
    for old in order:
        entry = table[old]
        publisher = _words(entry["publisher"])[:3] or ["source"]
        title = [w for w in _words(entry["title"]) if w not in _STOP and w not in publisher]
        base = "-".join([*publisher, *title[:5]])[:60].rstrip("-")
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        taken.add(key)
        keys[old] = key
    return keys


# -- a dataset as a tree -----------------------------------------------------------------------


def in_model_order(value: Any, cls: type) -> Any:
    """A record's JSON form with its fields (and its records' fields) in the model's order."""
    if isinstance(value, list):
        return [in_model_order(v, cls) for v in value]
    if not isinstance(value, dict):
        return value
    fields = {f.name: f for f in attrs.fields(cls)}
    out = {}
    for name, f in fields.items():
        if name in value:
            inner = record_class(f.type)
            out[name] = in_model_order(value[name], inner) if inner else value[name]
    out.update((k, v) for k, v in value.items() if k not in out)  # nested tables, unknowns
    return out


def write_tree(form: Mapping[str, Any], out: Path, cite: Mapping[str, str] | None = None) -> None:
    """Write a dataset's JSON form (with a source table) as a source tree in ``out``."""
    table: Mapping[str, Mapping[str, Any]] = form.get("sources", {})
    cite = dict(cite) if cite is not None else choose_keys(table)
    out.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in form.items() if k in ("version", "overlay")}
    (out / HEAD_FILE).write_text(
        record_toml(head, cite, "The dataset: its version (the date of the data)"), "utf-8"
    )
    (out / SOURCES_FILE).write_text(
        sources_toml({cite[k]: in_model_order(v, iscm.Source) for k, v in table.items()}),
        encoding="utf-8",
    )
    nested: dict[str, dict[str, list[dict[str, Any]]]] = {name: {} for name in NESTED}
    for name in NESTED:
        for item in form.get(name, []):
            rest = {k: v for k, v in item.items() if k != "mechanism"}
            rest = in_model_order(rest, _TABLE_CLASSES[name])
            nested[name].setdefault(item["mechanism"], []).append(rest)
    for table_name, folder in TABLE_DIRS.items():
        records: Iterable[Mapping[str, Any]] = form.get(table_name, [])
        for record in records:
            ident = record["organization"] if table_name == "focal_points" else record["id"]
            full = in_model_order(record, _TABLE_CLASSES[table_name])
            if table_name == "mechanisms":
                for name in NESTED:
                    if nested[name].get(ident):
                        full[name] = nested[name][ident]
            label = record.get("name") or record.get("title") or record.get("subject") or ident
            (out / folder).mkdir(exist_ok=True)
            (out / folder / f"{ident}.toml").write_text(
                record_toml(full, cite, f"{label} ({folder[:-1].replace('-', ' ')})"), "utf-8"
            )


def tree_from_json(path: Path, out: Path) -> None:
    data = iscm.load(path)
    write_tree(iscm.converter.unstructure(data), out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if the JSON is stale")
    parser.add_argument("--tree-from", type=Path, help="write this JSON dataset as a tree")
    parser.add_argument("--output", type=Path, help="where --tree-from writes")
    args = parser.parse_args(argv)
    if args.tree_from:
        if args.output is None:
            parser.error("--tree-from needs --output")
        tree_from_json(args.tree_from, args.output)
        return 0
    built = compile_tree()
    if args.check:
        if COMPILED.read_bytes() != built:
            print(f"{COMPILED.relative_to(ROOT)} is stale: run python tools/build_data.py")
            return 1
        print(f"{COMPILED.relative_to(ROOT)} is up to date")
        return 0
    COMPILED.write_bytes(built)
    print(f"wrote {COMPILED.relative_to(ROOT)} ({len(built):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["choose_keys", "compile_tree", "main", "write_tree"]
_ = json  # the module is also imported by tests that compare JSON forms
