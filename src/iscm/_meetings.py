"""The meetings query behind :meth:`iscm.Dataset.find_meetings`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from iscm import _args

if TYPE_CHECKING:
    from iscm.model import Meeting


def find(
    meetings: Iterable[Meeting],
    mid: str | None,
    years: tuple[int | None, int | None, int | None],
    hosts: frozenset[str] | None,
) -> tuple[Meeting, ...]:
    """The meetings meeting every criterion given (see :meth:`iscm.Dataset.find_meetings`):
    of the mechanism ``mid``, in the years given, hosted by one of ``hosts``."""
    year, since, until = years
    year = None if year is None else _args.integer(year, "year")
    since = None if since is None else _args.integer(since, "since")
    until = None if until is None else _args.integer(until, "until")
    found = [
        m
        for m in meetings
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
