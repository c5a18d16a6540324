"""What changed between two versions of a dataset: :class:`DatasetDiff`, made by
:meth:`iscm.Dataset.diff` (and printed by ``iscm diff OLD NEW``).

>>> import iscm
>>> data = iscm.load()
>>> bool(data.diff(data))
False

Records are matched by their key in each table (the id; for engagements, focal points and
meetings the fields :meth:`~iscm.Dataset.merge` matches them by). The changes come in parts, each
a tuple in a fixed order:

* ``records``: records added or removed, by table and key;
* ``memberships``: States and organizations that joined or left a mechanism, by role (a current
  participation, one with no ``until`` year, that appears or disappears);
* ``chairs``: a mechanism's latest known chair changed;
* ``statuses``: a mechanism's status changed;
* ``fields``: every other changed field of a record present in both, by path
  (``participants[ETH/member].since``; items of a list of records are named by what identifies
  them, e.g. a participant and role, a chair and year, a source id), and the dataset's own
  fields (``version``, ``overlay``);
* ``sources``: sources cited by one dataset and not the other (a source whose content changed
  under the same id is a field change of table ``sources``).

A participation or chair that a membership or chair entry already reports is not repeated among
the field changes, and a change of a source's content is reported once, under ``sources``, not in
every record that cites it. Two datasets are equal exactly when their diff is empty (``bool`` of
it is false).
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, Protocol

import attrs
from attrs import frozen

from iscm._tables import RECORD_KEYS, TABLES, key_text
from iscm.enums import ParticipantRole, Status
from iscm.model import Chair, Claim, LocalizedName, Mechanism, Participation, Secretariat, Source

__all__ = [
    "ChairChange",
    "DatasetDiff",
    "FieldChange",
    "MembershipChange",
    "RecordChange",
    "SourceChange",
    "StatusChange",
]


@frozen(kw_only=True)
class RecordChange:
    """A record that one dataset holds and the other does not."""

    table: str
    """The table: ``mechanisms``, ``organizations``, ``engagements``, ..."""
    key: str
    """The record's key: its id, or the parts of a composite key joined by ``/``."""
    change: Literal["added", "removed"]
    """``added``: only the new dataset holds it; ``removed``: only the old one."""


@frozen(kw_only=True)
class MembershipChange:
    """A State or organization that joined or left a mechanism in one role."""

    mechanism: str
    """Id of the mechanism."""
    participant: str
    """ISO code of the State, or id of the organization."""
    role: ParticipantRole
    """Member or observer."""
    change: Literal["joined", "left"]
    """``joined``: a current participant only in the new dataset; ``left``: only in the old."""


@frozen(kw_only=True)
class ChairChange:
    """A mechanism whose latest known chair changed."""

    mechanism: str
    """Id of the mechanism."""
    old: str | None
    """The ISO code or organization id of the old latest chair (None: no chair recorded)."""
    new: str | None
    """The ISO code or organization id of the new latest chair (None: no chair recorded)."""


@frozen(kw_only=True)
class StatusChange:
    """A mechanism whose status changed."""

    mechanism: str
    """Id of the mechanism."""
    old: Status
    """Its status in the old dataset."""
    new: Status
    """Its status in the new dataset."""


@frozen(kw_only=True)
class FieldChange:
    """One field that differs in a record both datasets hold, with both values in JSON form."""

    table: str
    """The table, ``sources`` for a source, or ``dataset`` for the dataset's own fields."""
    key: str
    """The record's key (empty for the dataset's own fields)."""
    path: str
    """The field inside the record, e.g. ``name``, ``association.type``,
    ``participants[ETH/member].since``."""
    old: Any
    """The old value, as the dataset's JSON form writes it (a source as its id; None where the
    field or item is absent)."""
    new: Any
    """The new value, in the same form as :attr:`old`."""


@frozen(kw_only=True)
class SourceChange:
    """A source cited by one dataset and not the other."""

    id: str
    """The source's id (its key, or its content hash)."""
    change: Literal["added", "removed"]
    """``added``: cited only by the new dataset; ``removed``: only by the old one."""
    source: Source
    """The source."""


@frozen(kw_only=True)
class DatasetDiff:
    """What changed from one dataset to another; false (``bool``) when nothing did."""

    old_version: str
    """The old dataset's version."""
    new_version: str
    """The new dataset's version."""
    records: tuple[RecordChange, ...] = ()
    """Records added or removed, by table (in the dataset's order) then key."""
    memberships: tuple[MembershipChange, ...] = ()
    """States and organizations that joined or left, by mechanism, role and participant."""
    chairs: tuple[ChairChange, ...] = ()
    """Changes of a mechanism's latest chair, by mechanism."""
    statuses: tuple[StatusChange, ...] = ()
    """Changes of a mechanism's status, by mechanism."""
    fields: tuple[FieldChange, ...] = ()
    """Every other changed field: the dataset's own first, then by table (in the dataset's order,
    sources last), key and field."""
    sources: tuple[SourceChange, ...] = ()
    """Sources cited by only one of the datasets, by id."""

    def __bool__(self) -> bool:
        """True when the datasets differ."""
        return len(self) > 0

    def __len__(self) -> int:
        """How many changes there are."""
        return sum(len(getattr(self, part)) for part in _PARTS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what ``iscm diff --format json`` prints): ``old_version``,
        ``new_version``, ``identical``, then one list per part with the fields of its entries
        (enums as their values, a source as its JSON record)."""
        out: dict[str, Any] = {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "identical": not self,
        }
        for part in _PARTS:
            out[part] = [attrs.asdict(c, value_serializer=_serialize) for c in getattr(self, part)]
        return out

    def rows(self) -> list[dict[str, str]]:
        """One row per change, for a table: ``change`` (added, removed, joined, left, chair,
        status, changed), ``table``, ``key``, ``path`` and ``value`` (the participant, the
        source's address, or ``old -> new``)."""
        rows = [_row(c.change, c.table, c.key) for c in self.records]
        for m in self.memberships:
            role = f"participants ({m.role.value})"
            rows.append(_row(m.change, "mechanisms", m.mechanism, role, m.participant))
        for c in self.chairs:
            rows.append(_row("chair", "mechanisms", c.mechanism, "chairs", _arrow(c.old, c.new)))
        for s in self.statuses:
            value = _arrow(s.old.value, s.new.value)
            rows.append(_row("status", "mechanisms", s.mechanism, "status", value))
        for f in self.fields:
            rows.append(_row("changed", f.table, f.key, f.path, _arrow(f.old, f.new)))
        rows.extend(_row(s.change, "sources", s.id, "", s.source.url) for s in self.sources)
        return rows


#: The parts of a :class:`DatasetDiff`, in the order its JSON form lists them.
_PARTS = ("records", "memberships", "chairs", "statuses", "fields", "sources")


class _Data(Protocol):
    """What the comparison reads of a :class:`~iscm.Dataset`: these two fields, and each table
    by name. (This module does not import :mod:`iscm.dataset`, whose ``diff`` method imports
    it.)"""

    @property
    def version(self) -> str: ...
    @property
    def overlay(self) -> bool: ...


def diff(old: _Data, new: _Data) -> DatasetDiff:
    """What changed from the dataset ``old`` to the dataset ``new`` (see the module's
    description); :meth:`iscm.Dataset.diff` calls it."""
    old_sources, new_sources = _source_table(old), _source_table(new)
    walk = _Walk(old_sources, new_sources)
    for name in ("version", "overlay"):
        walk.compare("dataset", "", name, getattr(old, name), getattr(new, name))
    records: list[RecordChange] = []
    for table in TABLES:
        before = _keyed_records(getattr(old, table), RECORD_KEYS[table])
        after = _keyed_records(getattr(new, table), RECORD_KEYS[table])
        for key in sorted(before.keys() | after.keys()):
            text = _key_text(key)
            if key not in after:
                records.append(RecordChange(table=table, key=text, change="removed"))
            elif key not in before:
                records.append(RecordChange(table=table, key=text, change="added"))
            elif before[key] != after[key]:
                walk.record(table, text, before[key], after[key])
    for sid in sorted(old_sources.keys() & new_sources.keys()):
        walk.record("sources", sid, old_sources[sid], new_sources[sid])
    source_changes = [
        SourceChange(id=sid, change="removed" if sid in old_sources else "added",
                     source=old_sources.get(sid) or new_sources[sid])
        for sid in sorted(old_sources.keys() ^ new_sources.keys())
    ]  # fmt: skip
    return DatasetDiff(
        old_version=old.version,
        new_version=new.version,
        records=tuple(records),
        memberships=tuple(sorted(walk.memberships, key=_membership_order)),
        chairs=tuple(walk.chairs),
        statuses=tuple(walk.statuses),
        fields=tuple(walk.fields),
        sources=tuple(source_changes),
    )


# -- matching ---------------------------------------------------------------------------------

_Key = tuple[Any, int]  # a record's key and its occurrence (1, or more for a repeated key)


def _keyed_records(records: Iterable[Any], key: Callable[[Any], Any]) -> dict[_Key, Any]:
    """Records by key; a key that repeats gets its occurrence number (2, 3, ...)."""
    out: dict[_Key, Any] = {}
    for record in records:
        k = key(record)
        n = 1
        while (k, n) in out:
            n += 1
        out[(k, n)] = record
    return out


def _key_text(key: _Key) -> str:
    k, n = key
    text = key_text(k) if isinstance(k, str | tuple) else str(k)
    return text if n == 1 else f"{text}#{n}"


def _holder(record: Chair | Participation | Secretariat) -> str:
    if isinstance(record, Secretariat):
        return record.organization or record.name or ""
    return record.state if record.state is not None else str(record.organization)


def _with_since(text: str, since: int | None) -> tuple[str, ...]:
    return (text,) if since is None else (text, str(since))


#: What names an item of a list of records inside a record (in paths such as
#: ``participants[ETH/member]``); items of other classes are named by their position.
_ITEM_KEYS: Mapping[type, Callable[[Any], Any]] = {
    Source: lambda s: s.id,
    Participation: lambda p: (p.participant, p.role.value),
    Chair: lambda c: _with_since(_holder(c), c.since),
    Secretariat: lambda s: _with_since(_holder(s), s.since),
    LocalizedName: lambda t: t.lang,
    Claim: lambda c: c.topic,
}


def _source_table(data: _Data) -> dict[str, Source]:
    """Every source the dataset cites, by id (the table its JSON form holds)."""
    table: dict[str, Source] = {}

    def visit(record: Any) -> None:
        for f in attrs.fields(type(record)):
            value = getattr(record, f.name)
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, Source):
                    table.setdefault(item.id, item)
                elif attrs.has(type(item)):
                    visit(item)

    for name in TABLES:
        for record in getattr(data, name):
            visit(record)
    return dict(sorted(table.items()))


class _Walk:
    """Collects the changes between records matched by key."""

    def __init__(self, old_sources: dict[str, Source], new_sources: dict[str, Source]) -> None:
        self.old_sources, self.new_sources = old_sources, new_sources
        self.memberships: list[MembershipChange] = []
        self.chairs: list[ChairChange] = []
        self.statuses: list[StatusChange] = []
        self.fields: list[FieldChange] = []
        self._covered: Callable[[str, Any], bool] = lambda _path, _item: False

    def record(self, table: str, key: str, old: Any, new: Any) -> None:
        if isinstance(old, Mechanism) and isinstance(new, Mechanism):
            self._mechanism(old, new)
            skip = {"status"}
        else:
            skip = set()
        try:
            for f in attrs.fields(type(old)):
                if f.init and f.name not in skip:
                    self.compare(table, key, f.name, getattr(old, f.name), getattr(new, f.name))
        finally:
            self._covered = lambda _path, _item: False

    def _mechanism(self, old: Mechanism, new: Mechanism) -> None:
        mid = new.id
        if old.status is not new.status:
            self.statuses.append(StatusChange(mechanism=mid, old=old.status, new=new.status))
        before = {(p.participant, p.role) for p in old.participants if p.current}
        after = {(p.participant, p.role) for p in new.participants if p.current}
        for (who, role), change in [*((k, "left") for k in before - after),
                                    *((k, "joined") for k in after - before)]:  # fmt: skip
            self.memberships.append(
                MembershipChange(mechanism=mid, participant=who, role=role, change=change)  # type: ignore[arg-type]
            )
        changed = before ^ after
        old_chair = _holder(old.chair) if old.chair is not None else None
        new_chair = _holder(new.chair) if new.chair is not None else None
        chair_changed = old_chair != new_chair
        if chair_changed:
            self.chairs.append(ChairChange(mechanism=mid, old=old_chair, new=new_chair))

        def covered(path: str, item: Any) -> bool:
            if isinstance(item, Participation) and path == "participants":
                return item.current and (item.participant, item.role) in changed
            if isinstance(item, Chair) and path == "chairs":
                return chair_changed and (item is old.chair or item is new.chair)
            return False

        self._covered = covered

    def compare(self, table: str, key: str, path: str, old: Any, new: Any) -> None:
        if old == new:
            return
        if type(old) is type(new) and attrs.has(type(old)):
            if isinstance(old, Source) and self._reported_once(old, new):
                return
            for f in attrs.fields(type(old)):
                if f.init:
                    sub = f"{path}.{f.name}" if path else f.name
                    self.compare(table, key, sub, getattr(old, f.name), getattr(new, f.name))
            return
        if isinstance(old, tuple) and isinstance(new, tuple) and _holds_records(old + new):
            self._items(table, key, path, old, new)
            return
        self._add(table, key, path, _plain(old), _plain(new))

    def _reported_once(self, old: Source, new: Source) -> bool:
        """A cited source whose content changed under its id: reported under ``sources``."""
        return (
            old.id == new.id
            and self.old_sources.get(old.id) == old
            and self.new_sources.get(new.id) == new
        )

    def _add(self, table: str, key: str, path: str, old: Any, new: Any) -> None:
        self.fields.append(FieldChange(table=table, key=key, path=path, old=old, new=new))

    def _items(
        self, table: str, key: str, path: str, old: tuple[Any, ...], new: tuple[Any, ...]
    ) -> None:
        """Two lists of records: items matched by what names them (or by position)."""
        item_key = _ITEM_KEYS.get(type((old + new)[0]))
        if item_key is None:
            before = {(i, 1): r for i, r in enumerate(old)}
            after = {(i, 1): r for i, r in enumerate(new)}
        else:
            before, after = _keyed_records(old, item_key), _keyed_records(new, item_key)
        found = len(self.fields)
        for k in [*before, *(k for k in after if k not in before)]:
            sub = f"{path}[{_key_text(k)}]"
            if k in before and k in after:
                self.compare(table, key, sub, before[k], after[k])
                continue
            item = before.get(k, after.get(k))
            if self._covered(path, item):
                continue
            old_value = _plain(before[k]) if k in before else None
            new_value = _plain(after[k]) if k in after else None
            self._add(table, key, sub, old_value, new_value)
        if (
            len(self.fields) == found
            and before.keys() == after.keys()
            and list(before) != list(after)
        ):
            # the same items in another order: the order is what changed
            self._add(table, key, path, list(map(_key_text, before)), list(map(_key_text, after)))


def _holds_records(items: tuple[Any, ...]) -> bool:
    return any(attrs.has(type(item)) for item in items)


def _membership_order(m: MembershipChange) -> tuple[str, str, str, str]:
    return (m.mechanism, m.role.value, m.participant, m.change)


# -- JSON form and rows -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as the JSON form of a dataset writes it (a source as its id)."""
    if isinstance(value, Source | enum.Enum | datetime.date):
        return value.id if isinstance(value, Source) else _serialize(None, None, value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if attrs.has(type(value)):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.init and getattr(value, f.name) != _default(f)
        }
    raise TypeError(f"cannot show a {type(value).__name__}")  # pragma: no cover - model types only


def _default(f: attrs.Attribute[Any]) -> Any:
    default: Any = f.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


def _serialize(_inst: Any, _field: Any, value: Any) -> Any:
    """An enum as its value, a date as YYYY-MM-DD, anything else as it is."""
    if isinstance(value, enum.Enum):
        return value.value
    return value.isoformat() if isinstance(value, datetime.date) else value


def _row(change: str, table: str, key: str, path: str = "", value: str = "") -> dict[str, str]:
    return {"change": change, "table": table, "key": key, "path": path, "value": value}


_LONGEST = 60


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _LONGEST else f"{text[: _LONGEST - 3]}..."


def _arrow(old: Any, new: Any) -> str:
    return f"{_shown(old)} -> {_shown(new)}"
