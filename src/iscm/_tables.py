"""The tables of a dataset, and what identifies a record in each across two versions of it.

:meth:`iscm.Dataset.merge` replaces records, and :mod:`iscm.diff` matches them, by these keys.
Kept apart from :mod:`iscm.dataset` so that :mod:`iscm.diff` (which the dataset's ``diff`` method
imports) does not import the dataset back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iscm.model import Meeting

__all__ = ["RECORD_KEYS", "TABLES", "key_text", "meeting_key"]

#: The tables of a dataset (its tuple fields), in the order its JSON form lists them.
TABLES = (
    "mechanisms",
    "organizations",
    "engagements",
    "publications",
    "instruments",
    "consultations",
    "focal_points",
    "meetings",
)


def meeting_key(m: Meeting) -> tuple[str, int, int, str, str]:
    """A meeting's key (and sort order): mechanism, year, number, date and place."""
    return (m.mechanism, m.year, m.number or 0, m.date.isoformat() if m.date else "", m.place or "")


def record_id(record: Any) -> str:
    """The key of a record that has an id."""
    return str(record.id)


#: What identifies a record in each table: the id, or (for the tables without one) the
#: organization, mechanism, role and scope of an engagement, the organization of a focal point,
#: the :func:`meeting_key` of a meeting.
RECORD_KEYS: Mapping[str, Callable[[Any], str | tuple[Any, ...]]] = MappingProxyType(
    {
        "mechanisms": record_id,
        "organizations": record_id,
        "engagements": lambda e: (e.organization, e.mechanism, e.role.value, e.scope or ""),
        "publications": record_id,
        "instruments": record_id,
        "consultations": record_id,
        "focal_points": lambda f: f.organization,
        "meetings": meeting_key,
    }
)


def key_text(key: str | tuple[Any, ...]) -> str:
    """A record key as text: the id, or the parts of a composite key joined by ``/``."""
    return key if isinstance(key, str) else "/".join(map(str, key))
