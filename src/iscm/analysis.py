"""Analysis over a :class:`iscm.Dataset`: overlaps, State profiles, the membership matrix, the
membership panel (State x mechanism x year), and IOM's published overlap figures recomputed.

Functions take the dataset as their first argument and return plain frozen values; a
:class:`~iscm.Dataset` itself holds the data, its checks, indexes and lookups, and knows nothing
of this module (dependencies run one way).

>>> import iscm
>>> from iscm import analysis
>>> analysis.state_profile(iscm.load(), "ETH").count(iscm.Level.REGIONAL) >= 4
True
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from attrs import frozen

from iscm import _args, _overlap
from iscm._countries import COUNTRY_NAMES
from iscm._panel import PanelYear, membership_panel
from iscm._states import state_code
from iscm.dataset import Dataset
from iscm.enums import Aspect, AssociationType, Coverage, Level, ParticipantRole, Status
from iscm.model import Mechanism

if TYPE_CHECKING:
    from iscm._crosswalk import Crosswalk

__all__ = [
    "MembershipMatrix",
    "Overlap",
    "PanelYear",
    "StateProfile",
    "Statement",
    "coverage",
    "iom_overlap_statements",
    "membership_matrix",
    "membership_panel",
    "most_overlapping",
    "profiles",
    "state_profile",
]


@frozen(kw_only=True)
class Overlap:
    """The States that two mechanisms share as members, and how alike their memberships are."""

    a: str
    """Id of the first mechanism (the smaller id of the two)."""
    b: str
    """Id of the second mechanism."""
    shared: frozenset[str]
    """ISO codes of the States that are members of both."""
    jaccard: float
    """Shared members divided by the members of either (0 to 1)."""


def _crosswalk(state: str) -> Crosswalk:
    """A State's codes and M49 regions (the generated table, imported on first use)."""
    from iscm._crosswalk import CROSSWALK

    return CROSSWALK[state]


@frozen(kw_only=True)
class StateProfile:
    """Where one State takes part: the mechanisms it is a member or observer of."""

    state: str
    """ISO 3166-1 alpha-3 code of the State (XKX for Kosovo)."""
    member_of: tuple[str, ...]
    """Ids of the mechanisms the State is a member of, sorted."""
    observer_of: tuple[str, ...]
    """Ids of the mechanisms the State is an observer in, sorted."""
    levels: tuple[tuple[str, Level], ...]
    """(mechanism id, level) for every mechanism in ``member_of`` and ``observer_of``."""

    @property
    def name(self) -> str:
        """The State's English short name."""
        return COUNTRY_NAMES[self.state]

    @property
    def alpha_2(self) -> str | None:
        """ISO 3166-1 alpha-2 code ("ET" for Ethiopia; "XK", user-assigned, for Kosovo).

        From pycountry, like the ``alpha_2`` column of the exported ``states`` table.
        """
        return _crosswalk(self.state).alpha_2

    @property
    def numeric(self) -> str | None:
        """ISO 3166-1 numeric code, also the UN M49 code: three digits as text ("231", "004").

        From pycountry; None for Kosovo, which has none.
        """
        return _crosswalk(self.state).numeric

    @property
    def region(self) -> str | None:
        """UN M49 region ("Africa"), or None where M49 gives none (Antarctica, Kosovo, Taiwan).

        From the M49 columns of OCHA's Countries & Territories Taxonomy as shipped in
        hdx-python-country (the cookbook's "Joining with UN and IOM country data" gives the
        version and the date it was read), like the ``region`` column of the ``states`` table.
        """
        return _crosswalk(self.state).region

    @property
    def subregion(self) -> str | None:
        """UN M49 sub-region ("Sub-Saharan Africa"), or None where M49 gives none."""
        return _crosswalk(self.state).subregion

    @property
    def intermediate_region(self) -> str | None:
        """UN M49 intermediate region ("Eastern Africa"), or None where M49 gives none (only
        some sub-regions are divided)."""
        return _crosswalk(self.state).intermediate_region

    def count(
        self, level: Level | None = None, role: ParticipantRole = ParticipantRole.MEMBER
    ) -> int:
        """How many mechanisms the State takes part in with this role (at this level)."""
        ids = self.member_of if role is ParticipantRole.MEMBER else self.observer_of
        if level is None:
            return len(ids)
        by_id = dict(self.levels)
        return sum(1 for i in ids if by_id[i] is level)


@frozen(kw_only=True)
class MembershipMatrix:
    """The State x mechanism incidence: the role of each State in each mechanism, or None.

    Usable without pandas: ``rows()`` yields one tuple per State.
    """

    states: tuple[str, ...]
    """ISO codes of the States, sorted: the rows."""
    mechanisms: tuple[str, ...]
    """Ids of the mechanisms, sorted: the columns."""
    cells: tuple[tuple[ParticipantRole | None, ...], ...]
    """``cells[i][j]`` is the role of ``states[i]`` in ``mechanisms[j]``."""

    def role(self, state: str, mechanism: str) -> ParticipantRole | None:
        """The role of a State in a mechanism, or None if it takes no part."""
        return self.cells[self.states.index(state)][self.mechanisms.index(mechanism)]

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """A header row then one row per State, roles as strings ("" where none)."""
        header = ("state", *self.mechanisms)
        body = tuple(
            (s, *((r.value if r else "") for r in row))
            for s, row in zip(self.states, self.cells, strict=True)
        )
        return (header, *body)


@frozen(kw_only=True)
class Statement:
    """One figure IOM has published about ISCM overlaps, recomputed from the data."""

    claim: str
    """What IOM says, paraphrased."""
    source: str
    """Where IOM says it."""
    stated: str
    """IOM's figure, as IOM gives it."""
    computed: str
    """The same figure computed from the data."""
    agrees: bool
    """Whether the data bears IOM's statement out."""
    note: str
    """How the figure was computed and why it may differ."""


_OVERLAPS_PAGE = "https://www.iom.int/overlaps-iscms-thematic-and-geographic-focus-0"
_GRCP8_NEWS = "https://www.iom.int/news/iom-hosts-global-meeting-inter-state-consultation-mechanisms-migration"


#: How to tell that a mechanism records a value for each aspect.
_HAS: Mapping[Aspect, Callable[[Mechanism], bool]] = {
    Aspect.ESTABLISHED: lambda m: m.established is not None,
    Aspect.STATUS: lambda m: m.status is not Status.UNKNOWN,
    Aspect.ASSOCIATION: lambda m: m.association.type is not AssociationType.UNKNOWN,
    Aspect.MEMBERS: lambda m: bool(m.member_states or m.member_organizations),
    Aspect.OBSERVERS: lambda m: bool(m.observer_states or m.observer_organizations),
    Aspect.SECRETARIAT: lambda m: bool(m.secretariat),
    Aspect.CHAIR: lambda m: bool(m.chairs),
    Aspect.THEMES: lambda m: bool(m.themes),
    Aspect.WEBSITE: lambda m: m.website is not None,
}


def coverage(mechanism: Mechanism) -> Mapping[Aspect, Coverage]:
    """What the record holds for every :class:`~iscm.Aspect`, in the order of the enum.

    The one place that decides it: ``iscm stats``, the documentation's coverage page and the
    membership column of ``iscm list`` read it. The rules, in order:

    * a status or association of "unknown" is :attr:`~iscm.Coverage.UNKNOWN` (it cannot mean
      none);
    * members given only by a membership rule, with no list, are :attr:`~iscm.Coverage.RULE`;
    * an aspect listed in ``Mechanism.unknown`` is :attr:`~iscm.Coverage.PARTIAL` where some
      values are recorded, :attr:`~iscm.Coverage.UNKNOWN` where none are;
    * otherwise :attr:`~iscm.Coverage.RECORDED` where a value is recorded, and
      :attr:`~iscm.Coverage.NONE` where none is (known to be empty).

    >>> import iscm
    >>> from iscm.analysis import coverage
    >>> coverage(iscm.load().get("gfmd"))[iscm.Aspect.MEMBERS]
    <Coverage.RULE: 'rule'>
    """
    states: dict[Aspect, Coverage] = {}
    for aspect in Aspect:
        has = _HAS[aspect](mechanism)
        if not has and aspect in (Aspect.STATUS, Aspect.ASSOCIATION):
            state = Coverage.UNKNOWN
        elif not has and aspect is Aspect.MEMBERS and mechanism.membership_rule is not None:
            state = Coverage.RULE
        elif aspect in mechanism.unknown:
            state = Coverage.PARTIAL if has else Coverage.UNKNOWN
        else:
            state = Coverage.RECORDED if has else Coverage.NONE
        states[aspect] = state
    return types.MappingProxyType(states)


def most_overlapping(
    data: Dataset, limit: int = 10, *, level: Level | str | None = None
) -> tuple[Overlap, ...]:
    """Pairs of mechanisms ranked by the Jaccard similarity of their member States.

    Ties are broken by the number of shared States, then by ids; pairs sharing no State and
    mechanisms that have ended are left out (the rule of :func:`iscm.export.co_membership`
    too). ``level`` keeps only pairs at that level; ``limit`` is the most pairs returned (0 or
    more). Pairs that share no State are never compared, so the work grows with the overlaps,
    not with the square of the mechanisms.
    """
    limit = _args.limit(limit)
    chosen = _args.optional_member(Level, level, "level")
    pool = (m for m in data.mechanisms if chosen is None or m.level is chosen)
    return tuple(
        Overlap(a=a, b=b, shared=link.states(), jaccard=link.jaccard)
        for a, b, link in _overlap.ranked(_overlap.links(_overlap.groups(pool)), limit)
    )


def membership_matrix(data: Dataset, *, level: Level | str | None = None) -> MembershipMatrix:
    """The State x mechanism incidence of current participations (any role).

    Mechanisms that have ended are left out; States are the ones taking part in at least one
    of the others, sorted by code.
    """
    chosen = _args.optional_member(Level, level, "level")
    mechs = [
        m
        for m in data.mechanisms
        if m.status is not Status.ENDED and (chosen is None or m.level is chosen)
    ]
    roles: dict[tuple[str, str], ParticipantRole] = {}
    for m in mechs:
        for p in m.participants:
            if p.state is not None and p.current:  # a participant holds one current role
                roles[(p.state, m.id)] = p.role
    states = tuple(sorted({s for s, _ in roles}))
    return MembershipMatrix(
        states=states,
        mechanisms=tuple(m.id for m in mechs),
        cells=tuple(tuple(roles.get((s, m.id)) for m in mechs) for s in states),
    )


def state_profile(data: Dataset, state: str) -> StateProfile:
    """Where a State currently takes part (mechanisms that have not ended), by role and level."""
    member = data.mechanisms_of(state)
    observer = data.mechanisms_of(state, ParticipantRole.OBSERVER)
    return StateProfile(
        state=state_code(state),
        member_of=tuple(m.id for m in member),
        observer_of=tuple(m.id for m in observer),
        levels=tuple((m.id, m.level) for m in (*member, *observer)),
    )


def profiles(data: Dataset, *, current_only: bool = True) -> tuple[StateProfile, ...]:
    """A profile for every State that takes part anywhere, most memberships first.

    ``current_only`` (the default) counts the current participations in mechanisms that have not
    ended, as :func:`state_profile` does; ``current_only=False`` counts every participation the
    data records, past ones and those in mechanisms that have ended included.
    """
    if current_only:
        codes = {p.state for m in data.mechanisms if m.status is not Status.ENDED
                 for p in m.participants if p.state is not None and p.current}  # fmt: skip
        found = [state_profile(data, c) for c in codes]
    else:
        held: dict[str, dict[ParticipantRole, dict[str, Level]]] = {}
        for m in data.mechanisms:
            for p in m.participants:
                if p.state is not None and p.role in (
                    ParticipantRole.MEMBER,
                    ParticipantRole.OBSERVER,
                ):
                    held.setdefault(p.state, {}).setdefault(p.role, {})[m.id] = m.level
        found = []
        for code, roles in held.items():
            member = roles.get(ParticipantRole.MEMBER, {})
            observer = {k: v for k, v in roles.get(ParticipantRole.OBSERVER, {}).items()
                        if k not in member}  # fmt: skip
            found.append(
                StateProfile(
                    state=code,
                    member_of=tuple(sorted(member)),
                    observer_of=tuple(sorted(observer)),
                    levels=tuple(sorted({**member, **observer}.items())),
                )
            )
    found.sort(key=lambda p: (-len(p.member_of), -len(p.observer_of), p.state))
    return tuple(found)


def _memberships(data: Dataset, year: int | None = None) -> dict[str, int]:
    """Memberships per State in ISCMs not ended (now), or active in ``year``."""
    view = data if year is None else data.as_of(year)
    counts: dict[str, int] = {}
    for m in view.mechanisms:
        alive = m.status is not Status.ENDED if year is None else m.active_in(year)
        if not (m.is_iscm and alive):
            continue
        for code in m.member_states:
            counts[code] = counts.get(code, 0) + 1
    return counts


def iom_overlap_statements(data: Dataset) -> tuple[Statement, ...]:
    """IOM's published statements on how ISCM memberships overlap, checked against ``data``.

    Only member lists held in the data count: global processes open to every State are stored as
    a rule, not a list, so they add no memberships here (IOM's own counts cover RCPs and IRFs
    plus, for some figures, participation in global processes).
    """
    now = _memberships(data)
    in_2019 = _memberships(data, 2019)
    several = sum(1 for n in now.values() if n > 1)
    top_state, top = max(now.items(), key=lambda kv: (kv[1], kv[0])) if now else ("", 0)
    top_2019 = max(in_2019.values(), default=0)
    view_2019 = data.as_of(2019)
    active_2019 = [m for m in view_2019.mechanisms if m.is_iscm and m.active_in(2019)]
    return (
        Statement(
            claim="Over 200 countries and territories are members of at least one ISCM.",
            source=_OVERLAPS_PAGE,
            stated="over 200",
            computed=str(len(now)),
            agrees=len(now) > 200,
            note="States and territories (ISO codes, XKX for Kosovo) that are current members of "
            "at least one mechanism IOM counts as an ISCM and that has not ended.",
        ),
        Statement(
            claim="Most countries take part in more than one ISCM.",
            source=_OVERLAPS_PAGE,
            stated="most",
            computed=f"{several} of {len(now)}",
            agrees=several * 2 > len(now),
            note="States that are current members of two or more ISCMs, among those in any.",
        ),
        Statement(
            claim="Some countries take part in as many as 10 ISCMs (April 2019).",
            source=_GRCP8_NEWS,
            stated="10",
            computed=f"{top_2019} in 2019; {top} now ({top_state})",
            agrees=top_2019 >= 10,
            note="Most current ISCM memberships held by one State, in the view as of 2019 and "
            "today. Participations with unknown start years count in 2019, so the 2019 figure can "
            "run high; IOM's map also counted participation it did not call membership.",
        ),
        Statement(
            claim="31 ISCMs were active in April 2019.",
            source=_GRCP8_NEWS,
            stated="31",
            computed=str(len(active_2019)),
            agrees=len(active_2019) == 31,
            note="Mechanisms IOM counts as ISCMs, established by 2019 and active then (not "
            "dormant or ended before 2019). The data holds mechanisms IOM's count left out "
            "(e.g. the IGO-convened global processes), so it finds more.",
        ),
    )
