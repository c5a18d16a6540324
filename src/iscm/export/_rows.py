"""What the rows of the exported tables are made of, and the key columns they share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from iscm.model import Chair, Mechanism, Meeting

from ._columns import Column, Spec, column, model_columns

_N = "Position of the row among the rows of the same record, from 1, in data order."
ID = "Id of the {} ({}.id)."


def _key(name: str, table: str, what: str) -> Column:
    """A column holding the id of the record a row belongs to (item[0])."""
    return column(name, "string", ID.format(what, table), lambda it: it[0], ref=table)


def _n(description: str = _N) -> Column:
    return column("n", "integer", description, lambda it: it[1])


def _parts(data: Any, attr: str) -> Iterator[tuple[str, int, Any]]:
    """(mechanism id, position from 1, part) for every part of every mechanism."""
    for m in data.mechanisms:
        for n, part in enumerate(getattr(m, attr), start=1):
            yield m.id, n, part


def _links(records: Iterable[Any], attr: str) -> Iterator[tuple[str, str]]:
    for r in records:
        for other in sorted(getattr(r, attr)):
            yield r.id, other


def _cites(part_index: int) -> Any:
    return lambda it: (("record", it[part_index].sources),)


def _names(data: Any) -> Iterator[tuple[str, int, tuple[Any, ...]]]:
    for m in data.mechanisms:
        rows = [
            ("name", "en", m.name, m.acronym, True, ()),
            *(("alias", "en", alias, None, None, ()) for alias in m.aliases),
            *(
                ("translation", t.lang, t.name, t.acronym, t.official, t.sources)
                for t in m.translations
            ),
        ]
        for n, row in enumerate(rows, start=1):
            yield m.id, n, row


def _relations(data: Any) -> Iterator[tuple[str, str, str]]:
    for m in data.mechanisms:
        for relation, related in (("predecessor", m.predecessors), ("successor", m.successors)):
            for other in sorted(related):
                yield m.id, relation, other


def _states(data: Any) -> list[str]:
    found = {p.state for m in data.mechanisms for p in m.participants if p.state}
    found |= {c.state for m in data.mechanisms for c in m.chairs if c.state}
    return sorted(found)


def _engagement_links(data: Any) -> Iterator[tuple[int, str, str]]:
    for number, e in enumerate(data.engagements, start=1):
        for relation, orgs in (
            ("partner", e.partners),
            ("in_consultation_with", e.in_consultation_with),
        ):
            for org in sorted(orgs):
                yield number, relation, org


def _meetings(data: Any) -> Iterator[tuple[str, int, Meeting]]:
    groups: dict[str, list[Meeting]] = {}
    for mt in data.meetings:  # already sorted by mechanism, year, number
        groups.setdefault(mt.mechanism, []).append(mt)
    for mechanism in sorted(groups):
        for n, mt in enumerate(groups[mechanism], start=1):
            yield mechanism, n, mt


def _mechanism_sources(m: Mechanism) -> tuple[tuple[str, Any], ...]:
    rule = m.membership_rule
    extra = (("membership_rule", rule.sources),) if rule is not None else ()
    return (("record", m.sources), ("association", m.association.sources), *extra)


def _latest_chair(it: tuple[str, int, Chair, int]) -> bool:
    return it[1] == it[3]


def _chairs(data: Any) -> Iterator[tuple[str, int, Chair, int]]:
    for m in data.mechanisms:
        for n, c in enumerate(m.chairs, start=1):
            yield m.id, n, c, len(m.chairs)


def _second(it: Any) -> Any:
    return it[1]


def _third(it: Any) -> Any:
    return it[2]


CURRENT = "Whether it has not ended (no until year)."


def ref_column(name: str, table: str, what: str, get: Any) -> Column:
    """A column holding the id of a record of ``table`` (a foreign key)."""
    return column(name, "string", ID.format(what, table), get, ref=table)


def record_table(description: str, cls: type, attr: str, key: str = "id") -> Spec:
    """A table of one dataset table's records: their plain fields, keyed by ``key``."""
    return Spec(
        description,
        model_columns(cls),
        (key,),
        lambda data: getattr(data, attr),
        lambda record: (("record", record.sources),),
    )


def list_table(description: str, owner: tuple[str, str, str], item: tuple[str, str]) -> Spec:
    """A table of the items of one list field of a record: (owner column, its table, the list
    field) and (item column, its description)."""
    name, table, attr = owner
    item_name, item_description = item
    return Spec(
        description,
        (
            ref_column(name, table, name, lambda it: it[0]),
            _n(),
            column(item_name, "string", item_description, _third, required=True),
        ),
        (name, "n"),
        lambda data: (
            (r.id, n, value)
            for r in getattr(data, table)
            for n, value in enumerate(getattr(r, attr), start=1)
        ),
    )


def link_table(description: str, owner: tuple[str, str], target: tuple[str, str]) -> Spec:
    """A table linking each record of the ``owner`` table (column, table) to the records its
    set field of the ``target`` table's name holds (column, table), one row per link."""
    name, table = owner
    item, target_table = target
    return Spec(
        description,
        (
            _key(name, table, name),
            ref_column(item, target_table, item, _second),
        ),
        (name, item),
        lambda data: _links(getattr(data, table), target_table),
    )
