"""Writing the tables: CSV files and a Frictionless Data Package (v2) descriptor."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
from collections.abc import Mapping
from typing import Any, Final

from iscm import _files
from iscm._spreadsheets import BOM, neutralise
from iscm.dataset import Dataset

from ._columns import Table, Value
from ._specs import SPECS
from ._tables import tables

__all__ = ["files", "write_csv", "write_datapackage", "write_files"]


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))  # text a spreadsheet would take for a formula: see _spreadsheets


_MUST_QUOTE: Final = frozenset(',"\r\n')


def _csv_field(text: str) -> str:
    # RFC 4180 quoting, done here: the csv module leaves a lone "\r" unquoted when lines end
    # with "\n", and its own reader then splits the row there.
    if _MUST_QUOTE.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def _csv_text(table: str, rows: Table) -> str:
    columns = [c.name for c in SPECS[table].columns]
    lines = [",".join(_csv_field(c) for c in columns)]
    lines.extend(",".join(_csv_field(_cell(row[c])) for c in columns) for row in rows)
    return "\n".join(lines) + "\n"


def write_csv(dataset: Dataset, directory: str | os.PathLike[str]) -> list[pathlib.Path]:
    """Write one CSV file per table (``<table>.csv``) into ``directory``, creating it if needed.

    UTF-8 without a byte order mark, a header row, ``\\n`` line ends, ``true``/``false`` for
    booleans, an empty cell for None. Returns the paths written, in :data:`TABLES` order.
    Each file is written atomically (a temporary file renamed over it) and an existing file is
    replaced, but a path that is a symbolic link or a directory raises ``OSError``: nothing is
    written through a link.
    """
    return list(_write_csv(tables(dataset), pathlib.Path(directory)).values())


def _write_csv(data: Mapping[str, Table], directory: pathlib.Path) -> dict[str, pathlib.Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, pathlib.Path] = {}
    for name, content in _csv_files(data).items():
        path = directory / name
        _files.write_atomic(path, content, replace=True)
        written[name.removesuffix(".csv")] = path
    return written


def _csv_bytes(table: str, rows: Table, excel: bool = False) -> bytes:
    """One table's CSV file; with ``excel``, after a UTF-8 byte order mark."""
    return ((BOM if excel else "") + _csv_text(table, rows)).encode("utf-8")


def _csv_files(data: Mapping[str, Table], excel: bool = False) -> dict[str, bytes]:
    """The CSV files of the tables: file name -> bytes."""
    return {f"{name}.csv": _csv_bytes(name, rows, excel) for name, rows in data.items()}


def files(dataset: Dataset, fmt: str = "datapackage", *, excel: bool = False) -> dict[str, bytes]:
    """The files an export writes, by name, as bytes: ``"csv"`` (one CSV file per table),
    ``"datapackage"`` (the CSV files and ``datapackage.json``) or ``"panel"``
    (``membership_panel.csv``, the State x mechanism x year panel of
    :func:`iscm.analysis.membership_panel`). For callers that write them their own way (the
    command line writes each atomically and refuses to overwrite).

    With ``excel``, each CSV file begins with a UTF-8 byte order mark, by which spreadsheet
    programs recognise UTF-8 (the descriptor's sizes and hashes are those of the files written).
    In every CSV file, a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a single quote before it, so that a spreadsheet does not run it as a
    formula; numbers are never changed."""
    if fmt == "csv":
        return _csv_files(tables(dataset), excel)
    if fmt == "datapackage":
        return _package_files(dataset, excel)
    if fmt == "panel":
        return {"membership_panel.csv": _panel_csv(dataset, excel)}
    raise ValueError(f"fmt must be 'csv', 'datapackage' or 'panel', got {fmt!r}")


def _panel_csv(dataset: Dataset, excel: bool = False) -> bytes:
    """The membership panel as CSV, written as the tables are (same quoting, neutralising and
    line ends); with ``excel``, after a UTF-8 byte order mark."""
    from iscm._panel import PANEL_COLUMNS, membership_panel

    lines = [",".join(name for name, _doc in PANEL_COLUMNS)]
    lines.extend(
        ",".join(_csv_field(_cell(v)) for v in row.row()) for row in membership_panel(dataset)
    )
    return ((BOM if excel else "") + "\n".join(lines) + "\n").encode("utf-8")


def _package_files(dataset: Dataset, excel: bool = False) -> dict[str, bytes]:
    """The files of the Data Package (the CSV files, then ``datapackage.json``)."""
    data = tables(dataset)
    csv_files = _csv_files(data, excel)
    text = json.dumps(_descriptor(dataset, data, csv_files), indent=2, ensure_ascii=False) + "\n"
    return {**csv_files, "datapackage.json": text.encode("utf-8")}


#: Data Package metadata that does not come from the data.
_PACKAGE_LICENSE: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
_PACKAGE_SOURCE: Final = {
    "title": "International Organization for Migration (IOM): Inter-State Consultation "
    "Mechanisms on Migration",
    "path": "https://iom.int/inter-state-consultation-mechanisms-migration",
}


def _descriptor(
    dataset: Dataset, data: Mapping[str, Table], csv_files: Mapping[str, bytes]
) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor (Frictionless Data Package v2) for the CSV files.

    The descriptor records each file's size and SHA-256 hash, computed from the files' bytes.
    """
    resources = []
    for name in data:
        raw = csv_files[f"{name}.csv"]
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": f"{name}.csv",
                "description": SPECS[name].description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(raw),
                "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
                "schema": _table_schema(name),
            }
        )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "iscm",
        "title": "Inter-State consultation mechanisms on migration (ISCMs)",
        "description": (
            "Regional consultative processes (RCPs), inter-regional forums (IRFs) and global "
            "processes on migration: who takes part, who runs them, what they work on, and what "
            "IOM and other organizations do in them; every fact cites a public source. Exported "
            "by the iscm Python library (distribution iscm-data)."
        ),
        "version": dataset.version,
        "keywords": ["migration", "IOM", "regional consultative processes", "RCP", "ISCM"],
        "licenses": [dict(_PACKAGE_LICENSE)],
        "sources": [dict(_PACKAGE_SOURCE)],
        "resources": resources,
    }


def _table_schema(name: str) -> dict[str, Any]:
    spec = SPECS[name]
    fields: list[dict[str, Any]] = []
    for col in spec.columns:
        kind = col.type
        entry: dict[str, Any] = {"name": col.name, "type": kind, "description": col.description}
        constraints: dict[str, Any] = {}
        if col.required or col.name in spec.primary_key:
            constraints["required"] = True
        if col.enum:
            constraints["enum"] = list(col.enum)
        if kind == "boolean":
            entry["trueValues"], entry["falseValues"] = ["true"], ["false"]
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
    if spec.all_foreign_keys():
        schema["foreignKeys"] = [
            {
                "fields": list(columns),
                # A reference without "resource" is to the same table (Table Schema v2).
                "reference": (
                    {"fields": list(target)}
                    if table == name
                    else {"resource": table, "fields": list(target)}
                ),
            }
            for columns, table, target in spec.all_foreign_keys()
        ]
    return schema


def write_datapackage(dataset: Dataset, directory: str | os.PathLike[str]) -> pathlib.Path:
    """Write the CSV files (as :func:`write_csv`) and a Frictionless Data Package v2 descriptor,
    ``datapackage.json``, into ``directory``; return the descriptor's path.

    The descriptor gives each table's Table Schema (field types, primary key, foreign keys), the
    data's version, its licence (CC BY 4.0) and its source (IOM). Files are written as by
    :func:`write_csv`.
    """
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in _package_files(dataset).items():
        _files.write_atomic(directory / name, content, replace=True)
    return directory / "datapackage.json"


def write_files(
    directory: str | os.PathLike[str], contents: Mapping[str, bytes], *, replace: bool = False
) -> list[pathlib.Path]:
    """Write files (name -> bytes, as :func:`files` gives them) into ``directory``, all or none.

    The folder is created if missing (its parent must exist). Every target is checked before
    anything is written: a symbolic link, a folder or another special file is refused, and an
    existing file unless ``replace``. Each file is then written atomically (a temporary file in
    the same folder, renamed over the target). Returns the paths written; raises ``OSError``
    (``FileExistsError`` for an existing file) naming the path that cannot be written.
    """
    folder = pathlib.Path(directory)
    _files.ensure_folder(folder)
    targets = [(folder / name, content) for name, content in contents.items()]
    for path, _content in targets:
        _files.check_target(path, replace=replace)
    for path, content in targets:
        _files.write_atomic(path, content, replace=replace)
    return [path for path, _content in targets]
