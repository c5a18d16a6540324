"""The dataset as flat tables (CSV, a Frictionless Data Package, pandas) and as graphs (networkx),
with a description of every table, column and key.

:func:`tables` turns a :class:`~iscm.Dataset` into tidy tables: one row per record, one value per
cell. Lists of references get link tables of their own (``themes``, ``engagement_links``, ...);
only two closed vocabularies stay in one cell, joined with ``";"`` (``mechanisms.regions`` and
``mechanisms.unknown``). Every table, column, key and reference is described in :data:`TABLES`,
:data:`COLUMNS`, :data:`PRIMARY_KEYS` and :data:`FOREIGN_KEYS`. Every source is one row of
``sources`` with a stable ``source_id``; ``citations`` says which row cites which source.

A record's plain fields become columns by themselves, described by their docstrings in
:mod:`iscm.model`, typed by their metadata ``format`` and linked by their metadata ``ref``; the
other columns are named once, in the table specs. The package holds one module per job:
``_columns`` (what a column is), ``_specs`` (the tables), ``_tables`` (building the rows),
``_writers`` (CSV and Data Package files), ``_frames`` (pandas and networkx).

Output is deterministic: the same dataset always gives the same rows, bytes and files. Nothing here
reads the network; pandas and networkx are imported only inside the functions that need them
(install the extras ``iscm-data[pandas]`` or ``iscm-data[networkx]``), and importing this package
imports neither them nor cattrs.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Final

from ._columns import ForeignKey, Row, Table, Value
from ._frames import co_membership, to_networkx, to_pandas
from ._specs import SPECS as _SPECS
from ._tables import source_id, tables
from ._writers import files, write_csv, write_datapackage

__all__ = [
    "COLUMNS",
    "FOREIGN_KEYS",
    "PRIMARY_KEYS",
    "TABLES",
    "ForeignKey",
    "Row",
    "Table",
    "Value",
    "co_membership",
    "files",
    "source_id",
    "tables",
    "to_networkx",
    "to_pandas",
    "write_csv",
    "write_datapackage",
]

#: The tables, in export order, with a description of each.
TABLES: Final[Mapping[str, str]] = types.MappingProxyType(
    {name: spec.description for name, spec in _SPECS.items()}
)
#: For each table, its columns in order: name -> (type, description). Types are Table Schema
#: types: ``string``, ``integer``, ``number``, ``boolean`` or ``date`` (ISO text in the rows).
COLUMNS: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = types.MappingProxyType(
    {
        name: types.MappingProxyType({c.name: (c.type, c.description) for c in spec.columns})
        for name, spec in _SPECS.items()
    }
)
#: For each table, the columns whose values identify a row.
PRIMARY_KEYS: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {name: spec.primary_key for name, spec in _SPECS.items()}
)
#: For each table, its references: (columns, table referred to, columns there). An empty cell
#: refers to nothing.
FOREIGN_KEYS: Final[Mapping[str, tuple[ForeignKey, ...]]] = types.MappingProxyType(
    {name: spec.all_foreign_keys() for name, spec in _SPECS.items()}
)
