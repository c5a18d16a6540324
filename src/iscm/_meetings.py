"""The meetings query behind :meth:`iscm.Dataset.find_meetings`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iscm import _args
from iscm._states import state_code
from iscm.errors import NotFoundError

if TYPE_CHECKING:
    from iscm.dataset import Dataset
    from iscm.model import Meeting


def find(
    data: Dataset,
    mechanism: str | None,
    years: tuple[int | None, int | None, int | None],
    host: str | None,
) -> tuple[Meeting, ...]:
    """The meetings meeting every criterion given (see :meth:`iscm.Dataset.find_meetings`)."""
    year, since, until = years
    mid = None if mechanism is None else data.get(_args.text(mechanism, "mechanism")).id
    year = None if year is None else _args.integer(year, "year")
    since = None if since is None else _args.integer(since, "since")
    until = None if until is None else _args.integer(until, "until")
    hosts: frozenset[str] | None = None
    if host is not None:
        host = _args.text(host, "host")
        try:  # an organization first: "AU" is the African Union here, not Australia
            hosts = frozenset({data.organization(host).id})
        except NotFoundError:
            hosts = frozenset({state_code(host)})
    found = [
        m
        for m in data.meetings
        if (mid is None or m.mechanism == mid)
        and (year is None or m.year == year)
        and (since is None or m.year >= since)
        and (until is None or m.year <= until)
        and (hosts is None or m.host in hosts)
    ]
    found.sort(key=date_order)
    return tuple(found)


def date_order(m: Meeting) -> tuple[int, bool, str, str, int]:
    """By year, then by day (an unknown day after the known ones), mechanism and number."""
    day = m.date.isoformat() if m.date else ""
    return (m.year, m.date is None, day, m.mechanism, m.number or 0)
