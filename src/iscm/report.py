"""Readable answers about mechanisms, States and meetings, built from a dataset: names beside
codes and ids, and unknown never shown as 0 or none. The command line prints these; a portal or
a report can use them as they are.

>>> import iscm
>>> from iscm import report
>>> print(report.describe(iscm.load().get("MIDSA"), iscm.load()).splitlines()[0])
Migration Dialogue for Southern Africa (MIDSA)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from iscm._countries import COUNTRY_NAMES
from iscm._states import state_label

__all__ = ["chair", "describe", "meeting_row", "members", "org_label", "shared_row"]
from iscm.enums import Aspect, Coverage, ParticipantRole
from iscm.errors import NotFoundError
from iscm.model import Mechanism, Meeting

Row = dict[str, Any]


def members(data: Any, m: Mechanism) -> tuple[int | None, str]:
    """How many member States, or None and why: unknown, or the rule's short form (what
    :func:`iscm.analysis.coverage` says of the members)."""
    from iscm.analysis import coverage

    state = coverage(m)[Aspect.MEMBERS]
    if state is Coverage.RULE and m.membership_rule is not None:
        orgs = sorted(_org_short(data, o) for o in m.membership_rule.organizations)
        return None, f"rule: {', '.join(orgs)} members" if orgs else "rule"
    if state is Coverage.UNKNOWN:
        return None, "unknown"
    return len(m.member_states), ""


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


# -- a whole mechanism, as iscm show prints it --------------------------------------------------


def _codes(codes: frozenset[str]) -> str:
    return ", ".join(f"{COUNTRY_NAMES[c]} ({c})" for c in sorted(codes))


def describe(m: Mechanism, data: Any = None) -> str:
    """A readable multi-line account of a mechanism (organizations by name where ``data`` is
    given)."""
    lines = _facts(m, data)
    if m.description:
        lines.extend(["", m.description])
    lines.append("")
    lines.extend(_who(m, data))
    disputed = [c for c in m.claims if not c.adopted]
    if disputed:
        lines.extend(["", "claims not adopted (sources disagree):"])
        lines.extend(f"  - {c.topic}: {c.value}" for c in disputed)
    lines.extend(["", "sources:"])
    lines.extend(
        f"  - {s.url} ({s.publisher}, accessed {s.accessed.isoformat()})" for s in m.sources
    )
    return "\n".join(lines) + "\n"


def _names(data: Any, ids: Iterable[str]) -> str:
    return ", ".join(org_label(data, i) if data is not None else i for i in sorted(ids))


def _facts(m: Mechanism, data: Any = None) -> list[str]:
    title = f"{m.name} ({m.acronym})" if m.acronym else m.name
    status = m.status.value + (f" since {m.status_since}" if m.status_since else "")
    assoc = m.association
    inst = f" with {_names(data, assoc.institutions)}" if assoc.institutions else ""
    lines = [
        title,
        "=" * len(title),
        f"id:           {m.id}",
        f"level:        {m.level.value} ({m.level.short_name})",
        f"kind:         {m.kind.value}",
        f"region:       {m.region}",
        f"status:       {status}",
        f"established:  {m.established if m.established else 'unknown'}",
        f"association:  {assoc.type.value}{inst}",
    ]
    if m.aliases:
        lines.append(f"also called:  {'; '.join(m.aliases)}")
    if m.website:
        lines.append(f"website:      {m.website}")
    lines.append(f"reviewed:     {m.reviewed.isoformat() if m.reviewed else 'not yet'}")
    return lines


def _who(m: Mechanism, data: Any = None) -> list[str]:
    """Members, observers, secretariat, chair and themes; empty ones say none or unknown."""
    lines: list[str] = []

    def group(label: str, value: str, aspect: Aspect) -> None:
        shown = value or ("unknown" if aspect in m.unknown else "none")
        lines.append(f"{label} {shown}")

    if not m.member_states and m.membership_rule is not None:
        lines.append("member States: not listed; see the membership rule")
    else:
        group(f"member States ({len(m.member_states)}):", _codes(m.member_states), Aspect.MEMBERS)
    if m.member_organizations:
        lines.append(f"member organizations: {_names(data, m.member_organizations)}")
    if m.membership_rule is not None:
        lines.append(f"membership rule: {m.membership_rule.rule}")
    if m.participants_follow is not None:
        dated = f" ({m.participants_dated})" if m.participants_dated else ""
        lines.append(f"lists follow: {m.participants_follow}{dated}")
    observers = _codes(m.observer_states)
    group(f"observer States ({len(m.observer_states)}):", observers, Aspect.OBSERVERS)
    if m.observer_organizations:
        lines.append(f"observer organizations: {_names(data, m.observer_organizations)}")
    for role, label in (
        (ParticipantRole.PARTNER, "partners"),
        (ParticipantRole.INVITED, "invited"),
    ):
        held = m.participants_in(role)
        if held:
            names = [
                state_label(p.state) if p.state else _names(data, [p.participant]) for p in held
            ]
            lines.append(f"{label} ({len(held)}): {', '.join(names)}")
    current = [
        _names(data, [s.organization]) if s.organization else s.name or ""
        for s in m.secretariat
        if s.until is None
    ]
    group("secretariat:", "; ".join(current), Aspect.SECRETARIAT)
    chair_text = chair(data, m) if data is not None and m.chair is not None else ""
    if data is None and m.chair is not None:
        chair_text = m.chair.state or m.chair.organization or ""
        if m.chair.as_of:
            chair_text += f" (as of {m.chair.as_of.isoformat()})"
    group("chair:", chair_text, Aspect.CHAIR)
    group("themes:", ", ".join(sorted(t.value for t in m.themes)), Aspect.THEMES)
    return lines
