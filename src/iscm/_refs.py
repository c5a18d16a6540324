"""Which field refers to which table: the one walk over a record's references.

A field refers to a table where its metadata says so (``ref``, set in :mod:`iscm.model`). The
dataset's reference check, the export's foreign keys and the benchmark's data copier all read
the references through :func:`references` or :func:`ref_fields`, so a new reference is declared
once, on its field.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

import attrs

from iscm._validators import field_ref

__all__ = ["record_class", "ref_fields", "references"]


_PLANS: dict[type, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {}


def _plan(cls: type) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The reference fields of a record class (name, table), and the fields holding records."""
    found = _PLANS.get(cls)
    if found is None:
        found = _PLANS[cls] = _make_plan(cls)
    return found


def _make_plan(cls: type) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    refs: list[tuple[str, str]] = []
    nested: list[str] = []
    for f in attrs.fields(cls):
        if not f.init:
            continue
        table = field_ref(f)
        if table is not None:
            refs.append((f.name, table))
        elif f.name != "sources" and record_class(f.type) is not None:
            nested.append(f.name)
    return tuple(refs), tuple(nested)


def ref_fields(cls: type) -> tuple[tuple[str, str], ...]:
    """``(field name, table)`` for every field of ``cls`` that refers to a table, in order."""
    return _plan(cls)[0]


def references(record: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """``(path, table, value)`` for every reference in a record and in the records it holds,
    in field order (the items of a set sorted), e.g.
    ``(".participants[2].organization", "organizations", "ecowas")``."""
    refs, nested = _plan(type(record))
    for name, table in refs:
        value = getattr(record, name)
        if value is None:
            continue
        if isinstance(value, frozenset):
            for item in sorted(value):
                yield f"{path}.{name}", table, item
        else:
            yield f"{path}.{name}", table, value
    for name in nested:
        value = getattr(record, name)
        if isinstance(value, tuple):
            for j, item in enumerate(value):
                if attrs.has(type(item)):
                    yield from references(item, f"{path}.{name}[{j}]")
        elif attrs.has(type(value)):
            yield from references(value, f"{path}.{name}")


def record_class(tp: Any) -> type | None:
    """The record class (an attrs class) a field's type holds: the type itself, or the class
    inside a ``tuple[X, ...]``, a ``frozenset`` or an optional; None for a plain value."""
    if isinstance(tp, type) and attrs.has(tp):
        return tp
    for arg in typing.get_args(tp):
        found = record_class(arg)
        if found is not None:
            return found
    return None
