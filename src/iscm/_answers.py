"""What the command line shows about mechanisms, States and meetings: readable values, built
from a dataset (names beside codes and ids; unknown never shown as 0 or none).

Kept apart from :mod:`iscm.cli`, which only parses arguments and prints rows.
"""

from __future__ import annotations

from typing import Any

from iscm._countries import COUNTRY_NAMES
from iscm._states import state_label
from iscm.enums import Aspect
from iscm.errors import NotFoundError
from iscm.model import Mechanism, Meeting

Row = dict[str, Any]


def members(data: Any, m: Mechanism) -> tuple[int | None, str]:
    """How many member States, or None and why: unknown, or the rule's short form."""
    if m.member_states:
        return len(m.member_states), ""
    if m.membership_rule is not None:
        orgs = sorted(_org_short(data, o) for o in m.membership_rule.organizations)
        return None, f"rule: {', '.join(orgs)} members" if orgs else "rule"
    if Aspect.MEMBERS in m.unknown:
        return None, "unknown"
    return 0, ""


def _org(data: Any, org_id: str) -> Any:
    """The organization with this id, or None (an overlay may name one it does not hold)."""
    try:
        return data.organization(org_id)
    except NotFoundError:
        return None


def _org_short(data: Any, org_id: str) -> str:
    org = _org(data, org_id)
    return org.acronym if org is not None and org.acronym else org_id


def chair(data: Any, m: Mechanism) -> str:
    """The latest known chair: name, code or id, and the date a source showed it."""
    chair = m.chair
    if chair is None:
        return "unknown" if Aspect.CHAIR in m.unknown else ""
    who = state_label(chair.state) if chair.state else org_label(data, chair.organization or "")
    return f"{who}, as of {chair.as_of.isoformat()}" if chair.as_of else who


def org_label(data: Any, org_id: str) -> str:
    org = _org(data, org_id)
    return f"{org.name} ({org_id})" if org is not None else org_id


def role(m: Mechanism, code: str) -> str:
    """A State's current role in a mechanism, with its years where known."""
    for p in m.participants:
        if p.state == code and p.current:
            years = f" since {p.since}" if p.since else ""
            return p.role.value + years
    return ""


def host(data: Any, host: str | None) -> str:
    if host is None:
        return ""
    if host in COUNTRY_NAMES:
        return state_label(host)
    return org_label(data, host)


def shared_row(m: Mechanism, a: str, b: str) -> Row:
    """One forum two States share: each one's role and years."""
    return {"id": m.id, a: role(m, a), b: role(m, b), "name": m.name}


def meeting_row(data: Any, m: Meeting) -> Row:
    return {
        "mechanism": m.mechanism,
        "number": m.number,
        "year": m.year,
        "date": m.date.isoformat() if m.date else "",
        "host": host(data, m.host),
        "place": m.place or "",
    }
