"""Columns of the exported tables: each named once, with its type, meaning and how to read it.

A record table's plain fields become columns by themselves (:func:`model_columns`): the name is
the field's, the Table Schema type follows the field's metadata ``format`` (see
:mod:`iscm._validators`), the description is the field's docstring in :mod:`iscm.model`, and a
field that refers to a table (metadata ``ref``) becomes a foreign key. A field added to the model
therefore reaches the CSV files, the Data Package and the data dictionary without another edit.
"""

from __future__ import annotations

import datetime
import enum
import typing
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import attrs

from iscm._docs import field_description
from iscm._validators import field_format, field_ref

#: A cell: text, a whole number, a number, true/false, or None (empty, unknown or not applicable).
#: Dates are ISO 8601 text (``YYYY-MM-DD``).
Value = str | int | float | bool | None
Row = dict[str, Value]
Table = tuple[Row, ...]
#: A foreign key: the columns of this table, the table they point to, the columns there.
ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...]]
#: What a column reads its value from: the item a row is made of.
Getter = Callable[[Any], Value]
SEP = '";"-separated, sorted'
#: The key column of each table a field's ``ref`` can name.
REF_KEYS = {
    "states": "code",
    "organizations": "id",
    "mechanisms": "id",
    "instruments": "id",
    "publications": "id",
    "consultations": "id",
}


class Column(NamedTuple):
    """One column: its name, Table Schema type, meaning, and how to read it from a row's item."""

    name: str
    type: str
    description: str
    get: Getter
    required: bool = False
    enum: tuple[str, ...] = ()
    ref: str | None = None
    """The table a value refers to (by that table's key column), where it refers to one."""


_TYPES = {
    "year": "integer",
    "month": "integer",
    "positive": "integer",
    "boolean": "boolean",
    "date": "date",
}


def values_of(enum_cls: type[enum.StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum_cls)


def join(items: Iterable[str]) -> str | None:
    joined = ";".join(sorted(items))
    return joined or None


def _scalar(tp: Any) -> tuple[Any, bool] | None:
    """The plain type of a field a column can hold (and whether it is optional), or None."""
    args = typing.get_args(tp)
    optional = type(None) in args
    if optional:
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            return None
        tp = inner[0]
    if typing.get_origin(tp) is frozenset:
        (item,) = typing.get_args(tp)
        return (tp, optional) if isinstance(item, type) and issubclass(item, enum.Enum) else None
    if tp in (str, int, bool, datetime.date) or (
        isinstance(tp, type) and issubclass(tp, enum.Enum)
    ):
        return tp, optional
    return None


def _reader(name: str, of: Callable[[Any], Any]) -> Getter:
    def get(item: Any) -> Value:
        value = getattr(of(item), name)
        if isinstance(value, enum.Enum):
            return str(value.value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, frozenset):
            return join(v.value for v in value)
        return value  # type: ignore[no-any-return]

    return get


def model_columns(
    cls: type, of: Callable[[Any], Any] = lambda item: item, *, skip: Iterable[str] = ()
) -> tuple[Column, ...]:
    """A column for every plain field of a record class, in the model's order.

    Plain fields are text, numbers, booleans, dates, enums and sets of enums (joined with ";");
    lists of records, sets of ids and sources become tables of their own. ``of`` reads the record
    from a row's item; ``skip`` names fields a table shows otherwise.
    """
    columns = []
    hints = typing.get_type_hints(cls)
    for f in attrs.fields(cls):
        plain = _scalar(hints[f.name]) if f.init and f.name not in skip else None
        if plain is None:
            continue
        tp, optional = plain
        fmt = field_format(f)
        kind = "boolean" if tp is bool else _TYPES.get(fmt or "", "string")
        if tp is int and kind == "string":
            kind = "integer"
        description = field_description(cls, f.name)
        if typing.get_origin(tp) is frozenset:
            description = f"{description} ({SEP})"
        is_enum = isinstance(tp, type) and issubclass(tp, enum.Enum)
        columns.append(
            Column(
                f.name,
                kind,
                description,
                _reader(f.name, of),
                required=not optional and f.default is attrs.NOTHING,
                enum=values_of(tp) if is_enum else (),
                ref=field_ref(f),
            )
        )
    return tuple(columns)


def column(
    name: str,
    kind: str,
    description: str,
    get: Getter,
    *,
    required: bool = False,
    enum: tuple[str, ...] = (),
    ref: str | None = None,
) -> Column:
    """A column that is not a plain field of a record (a key, a count, a part of a record)."""
    return Column(name, kind, description, get, required, enum, ref)


class Spec(NamedTuple):
    """A table: what it holds, its columns, keys, the items its rows are made of, and what each
    row cites."""

    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    items: Callable[[Any], Iterable[Any]]
    """The items of the rows, from the dataset (a row reads every column from its item)."""
    sources: Callable[[Any], Iterable[tuple[str, Any]]] | None = None
    """For a row's item, what it cites: (about, sources) pairs, about "record" or a part."""
    foreign_keys: tuple[ForeignKey, ...] = ()
    """Foreign keys besides those of the columns' ``ref`` (several columns, the same table)."""

    def all_foreign_keys(self) -> tuple[ForeignKey, ...]:
        own = tuple(
            ((c.name,), c.ref, (REF_KEYS[c.ref],)) for c in self.columns if c.ref is not None
        )
        return own + self.foreign_keys
