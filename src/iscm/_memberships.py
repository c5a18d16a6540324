"""Memberships as a flat table: :class:`Membership`, one row per participation, for
:meth:`iscm.Dataset.memberships` and ``iscm memberships``.

Every participation of every mechanism (members, observers, partners and invited guests; States
and organizations; current and past, in mechanisms of any status) is one row. A row for a State
leaves ``organization`` and ``organization_name`` as None, a row for an organization ``state``
and ``state_name``: None means "not this kind of participant", never "unknown".

Rows are sorted by mechanism id, then the States by ISO code before the organizations by id,
then role (in the order of :class:`iscm.ParticipantRole`: member, observer, partner, invited),
then ``since`` and ``until`` (an unknown year first).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from attrs import fields, frozen

from iscm.enums import Level, ParticipantRole, Status
from iscm.model import Mechanism, Organization, Participation

__all__ = ["COLUMNS", "Membership", "memberships"]


@frozen(kw_only=True)
class Membership:
    """One State's or organization's participation in one mechanism, as a flat row.

    The columns of ``iscm memberships`` are these fields, in this order (:data:`COLUMNS`).
    """

    mechanism: str
    """Id of the mechanism (``colombo-process``)."""
    mechanism_name: str
    """The mechanism's full English name."""
    level: Level
    """The mechanism's level: regional (RCP), inter-regional (IRF) or global."""
    status: Status
    """The mechanism's status today: active, dormant, ended or unknown."""
    state: str | None
    """ISO 3166-1 alpha-3 code of the State (``XKX`` for Kosovo); None for an organization."""
    state_name: str | None
    """The State's English short name (ISO 3166-1); None for an organization."""
    organization: str | None
    """Id of the organization (``eu``); None for a State."""
    organization_name: str | None
    """The organization's full English name; None for a State (and for an organization the
    dataset does not hold, which only an overlay may cite)."""
    role: ParticipantRole
    """Member, observer, partner or invited."""
    since: int | None
    """Year the participation began, where a source gives it."""
    until: int | None
    """Year it ended; None while it lasts (or where no end is known)."""
    sources: tuple[str, ...]
    """The keys of the sources that state the participation (:attr:`iscm.Source.id`: the key a
    dataset's source table files a source under, or its content hash where it has no key),
    sorted, each once."""


#: The fields of :class:`Membership`, in order: the columns of ``iscm memberships``.
COLUMNS: tuple[str, ...] = tuple(a.name for a in fields(Membership))


def _order(p: Participation) -> tuple[bool, str, int, int, int]:
    roles = list(ParticipantRole)
    return (
        p.state is None,  # States first
        p.participant,
        roles.index(p.role),
        -1 if p.since is None else p.since,
        -1 if p.until is None else p.until,
    )


def memberships(
    mechanisms: Iterable[Mechanism], organizations: Mapping[str, Organization]
) -> Iterator[Membership]:
    """The rows of ``mechanisms`` (taken in the order given), each mechanism's in row order;
    ``organizations`` maps an organization id to its record."""
    from iscm._states import STATE_NAMES

    for m in mechanisms:
        for p in sorted(m.participants, key=_order):
            org = None if p.organization is None else organizations.get(p.organization)
            yield Membership(
                mechanism=m.id,
                mechanism_name=m.name,
                level=m.level,
                status=m.status,
                state=p.state,
                state_name=None if p.state is None else STATE_NAMES.get(p.state, p.state),
                organization=p.organization,
                organization_name=None if org is None else org.name,
                role=p.role,
                since=p.since,
                until=p.until,
                sources=tuple(sorted({s.id for s in p.sources})),
            )
