"""The dataset as tidy tables, built from the table specs (each column read as its spec says)."""

from __future__ import annotations

from typing import Any

from iscm.dataset import Dataset
from iscm.model import Source

from ._columns import Row, Table
from ._specs import SPECS

__all__ = ["source_id", "tables"]


def source_id(source: Source) -> str:
    """The identifier of a source in the ``sources`` table: :attr:`iscm.Source.id` (its key, or
    the content hash of a source without one), the id by which a dataset file cites it."""
    return source.id


def _row(table: str, item: Any) -> Row:
    return {c.name: c.get(item) for c in SPECS[table].columns}


def tables(dataset: Dataset) -> dict[str, Table]:
    """The dataset as tidy tables: table name -> rows (column name -> value), in
    :data:`iscm.export.TABLES` order.

    Rows come in a fixed order (records in the dataset's canonical order, their parts in data
    order, sets sorted), so the same dataset always gives the same tables. ``citations`` lists,
    table by table, which row cites which source; ``sources`` holds each cited source once.
    """
    out: dict[str, list[Row]] = {name: [] for name in SPECS}
    cited: dict[str, Source] = {}
    for name, spec in SPECS.items():
        for item in spec.items(dataset):
            row = _row(name, item)
            out[name].append(row)
            if spec.sources is None:
                continue
            record = "/".join(str(row[c]) for c in spec.primary_key)
            for about, sources in spec.sources(item):
                for n, source in enumerate(sources, start=1):
                    other = cited.setdefault(source.id, source)
                    if other != source:
                        raise ValueError(f"two sources share the id {source.id}: {other!r}")
                    out["citations"].append(_row("citations", (name, record, about, n, source)))
    ordered = sorted(cited.values(), key=lambda s: (s.url, s.accessed, s.title, s.publisher))
    out["sources"] = [_row("sources", s) for s in ordered]
    return {name: tuple(rows) for name, rows in out.items()}
