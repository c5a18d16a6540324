"""The dataset as flat tables (CSV, a Frictionless Data Package, pandas) and as graphs (networkx),
with a description of every table, column and key.

:func:`tables` turns a :class:`~iscm.Dataset` into tidy tables: one row per record, one value per
cell. Lists of references get link tables of their own (``themes``, ``engagement_links``, ...);
only two closed vocabularies stay in one cell, joined with ``";"`` (``mechanisms.regions`` and
``mechanisms.unknown``). Every table, column, key and reference is described in :data:`TABLES`,
:data:`COLUMNS`, :data:`PRIMARY_KEYS` and :data:`FOREIGN_KEYS`. Every source is one row of
``sources`` with a stable ``source_id``; ``citations`` says which row cites which source.
Beside the tables comes the State x mechanism x year membership panel of
:func:`iscm.analysis.membership_panel`: ``files(data, "panel")`` gives ``membership_panel.csv``,
and :func:`to_pandas` adds it as the ``membership_panel`` frame.

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
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from ._columns import ForeignKey, Row, Table, Value

if TYPE_CHECKING:
    from iscm.dataset import Dataset
    from iscm.model import Meeting
from ._frames import co_membership, to_networkx, to_pandas
from ._specs import SPECS as _SPECS
from ._tables import source_id, tables
from ._writers import files, write_csv, write_datapackage, write_files

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
    "to_ics",
    "write_datapackage",
    "write_files",
]


def to_ics(dataset: Dataset, meetings: Iterable[Meeting]) -> bytes:
    """An iCalendar file of ``meetings`` (one all-day event per meeting with a known date, with
    stable UIDs), written by the ``icalendar`` library (``pip install "iscm-data[calendar]"``).
    """
    from iscm._calendar import to_ics as _to_ics

    return _to_ics(dataset, meetings)


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
