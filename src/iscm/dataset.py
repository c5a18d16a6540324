"""The :class:`Dataset`: every table of the data, checked across records, with lookup indexes.

A dataset is an immutable value. Its indexes are built once, when it is made, so that every
lookup is a dictionary access; cross-record rules (unique ids, references that resolve, no lookup
key shared by two records) are checked at the same time and reported together as one
:class:`DataError`.
"""

from __future__ import annotations

import bisect
import threading
import warnings
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from attrs import field, frozen

from iscm._countries import COUNTRY_NAMES
from iscm._keys import fold, suggest
from iscm.enums import EngagementRole, Level, ParticipantRole, Region, Status, Theme
from iscm.errors import DataError, NotFoundError
from iscm.model import (
    MIN_YEAR,
    Engagement,
    FocalPoint,
    Instrument,
    Mechanism,
    Meeting,
    Organization,
    Participation,
    Publication,
    TargetedConsultation,
    _bool,
    _members_of,
    _text,
    holds_in,
)

if TYPE_CHECKING:  # imported where used: a cold start that only looks records up needs neither
    from iscm._search import SearchIndex
    from iscm.analysis import MembershipMatrix, Overlap, StateProfile

__all__ = ["Dataset", "MergeWarning"]

R = TypeVar("R")


def _by_id(records: Iterable[R]) -> tuple[R, ...]:
    return tuple(sorted(records, key=lambda r: r.id))  # type: ignore[attr-defined]


@frozen(kw_only=True, eq=True)
class Dataset:
    """The whole dataset. Load the embedded one with :func:`iscm.load`.

    Tables are tuples in canonical order (records with an id sorted by id). Lookups are
    case-, accent-, whitespace- and punctuation-insensitive.
    """

    version: str = field(validator=_text)
    """The version of the data (a date, ``YYYY.MM.DD``), distinct from the code's version."""
    mechanisms: tuple[Mechanism, ...] = field(default=(), validator=_members_of(Mechanism))
    """Every mechanism, sorted by id."""
    organizations: tuple[Organization, ...] = field(default=(), validator=_members_of(Organization))
    """Every organization referenced, sorted by id."""
    engagements: tuple[Engagement, ...] = field(default=(), validator=_members_of(Engagement))
    """What organizations do in mechanisms, sorted by mechanism, organization and role."""
    publications: tuple[Publication, ...] = field(default=(), validator=_members_of(Publication))
    """Research publications on ISCMs, sorted by id."""
    instruments: tuple[Instrument, ...] = field(default=(), validator=_members_of(Instrument))
    """Conventions and protocols the targeted consultations rest on, sorted by id."""
    consultations: tuple[TargetedConsultation, ...] = field(
        default=(), validator=_members_of(TargetedConsultation)
    )
    """Targeted consultations in global bodies (ILO, UNHCR, UNODC), sorted by id."""
    focal_points: tuple[FocalPoint, ...] = field(default=(), validator=_members_of(FocalPoint))
    """Organizations' focal points for ISCMs (IOM's IPD)."""
    meetings: tuple[Meeting, ...] = field(default=(), validator=_members_of(Meeting))
    """Meetings of mechanisms, sorted by mechanism, year and number."""
    overlay: bool = field(default=False, validator=_bool)
    """An overlay holds a user's additions and corrections, meant for :meth:`merge`: references
    to records it does not hold are not checked on their own (they are when merged)."""

    _index: _Index = field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._sort_and_index(_check(self))  # check before sorting: paths point into the input

    @classmethod
    def _trusted(cls, **tables: Any) -> Dataset:
        """A dataset of records that were checked when this exact data was validated (the
        embedded data, read in CI through the converter): no validator runs and no cross-record
        check is repeated; the tables are sorted and indexed as by ``__init__``. Every field is
        given. Never for data a user supplies."""
        self = object.__new__(cls)
        for name, value in tables.items():
            object.__setattr__(self, name, value)
        self._sort_and_index(None)
        return self

    def _sort_and_index(self, keys: _Keys | None) -> None:
        sort = object.__setattr__
        sort(self, "mechanisms", _by_id(self.mechanisms))
        sort(self, "organizations", _by_id(self.organizations))
        sort(self, "publications", _by_id(self.publications))
        sort(self, "instruments", _by_id(self.instruments))
        sort(self, "consultations", _by_id(self.consultations))
        sort(self, "engagements", tuple(sorted(self.engagements, key=_engagement_order)))
        sort(self, "meetings", tuple(sorted(self.meetings, key=_meeting_key)))
        sort(self, "focal_points", tuple(sorted(self.focal_points, key=lambda f: f.organization)))
        sort(self, "_index", _LazyIndex(self, keys))

    # -- lookups ------------------------------------------------------------------------------

    def get(self, key: str) -> Mechanism:
        """The mechanism with this id, acronym, name, alias or translated name.

        >>> import iscm
        >>> iscm.load().get("Puebla Process").acronym
        'RCM'

        Raises :class:`NotFoundError` (a ``KeyError``) with close matches where none fits.
        """
        found = self._index.mechanisms.get(fold(key))
        if found is None:
            raise NotFoundError(key, "mechanism", suggest(key, self._index.mechanism_names))
        return found

    def organization(self, key: str) -> Organization:
        """The organization with this id, acronym, name or alias (same rules as :meth:`get`)."""
        found = self._index.organizations.get(fold(key))
        if found is None:
            raise NotFoundError(key, "organization", suggest(key, self._index.organization_names))
        return found

    def engagements_of(
        self, organization: str, role: EngagementRole | None = None
    ) -> tuple[Engagement, ...]:
        """What an organization does in mechanisms, optionally only in one role.

        >>> import iscm
        >>> hosts = iscm.load().engagements_of("IOM", iscm.EngagementRole.ADMINISTRATIVE_HOST)
        >>> sorted({e.mechanism for e in hosts})
        ['gfmd', 'igc']
        """
        org = self.organization(organization)
        return self._index.engagements.get((org.id, role), ())

    def mechanisms_of(
        self, state: str, role: ParticipantRole = ParticipantRole.MEMBER
    ) -> tuple[Mechanism, ...]:
        """The mechanisms a State currently takes part in with this role, sorted by id.

        Mechanisms that have ended are left out (their records keep their last members).
        ``state`` is an ISO 3166-1 alpha-3 code in any case (``XKX`` for Kosovo); a code that is
        not one raises ``ValueError``.
        """
        return self._index.by_state.get((self._code(state), role), ())

    def _code(self, state: str) -> str:
        code = state.strip().upper()
        if code not in COUNTRY_NAMES:
            raise ValueError(f"not an ISO 3166-1 alpha-3 code: {state!r}")
        return code

    # -- queries --------------------------------------------------------------------------------

    def filter(
        self,
        *,
        level: Level | str | None = None,
        status: Status | str | None = None,
        region: Region | str | None = None,
        theme: Theme | str | None = None,
        member: str | None = None,
        observer: str | None = None,
        engaged: str | tuple[str, EngagementRole | str] | None = None,
        established_before: int | None = None,
        established_after: int | None = None,
    ) -> tuple[Mechanism, ...]:
        """The mechanisms that meet every criterion given (criteria combine with AND), by id.

        ``member``/``observer`` take an ISO code (current participations); ``engaged`` an
        organization key, or ``(organization, role)``; ``established_before``/``_after`` are strict
        (a mechanism whose founding year is unknown meets neither). Enum criteria also take their
        string values; an invalid value raises ``ValueError``.

        >>> import iscm
        >>> [m.id for m in iscm.load().filter(engaged=("IOM", "administrative-host"))]
        ['gfmd', 'igc']
        """
        idx = self._index
        picks: list[frozenset[str]] = []
        if level is not None:
            picks.append(idx.by_level.get(Level(level), frozenset()))
        if status is not None:
            picks.append(idx.by_status.get(Status(status), frozenset()))
        if region is not None:
            picks.append(idx.by_region.get(Region(region), frozenset()))
        if theme is not None:
            picks.append(idx.by_theme.get(Theme(theme), frozenset()))
        if member is not None:
            picks.append(_ids(self.mechanisms_of(member)))
        if observer is not None:
            picks.append(_ids(self.mechanisms_of(observer, ParticipantRole.OBSERVER)))
        if engaged is not None:
            if isinstance(engaged, tuple):
                org, role = engaged
                found = self.engagements_of(org, EngagementRole(role))
            else:
                found = self.engagements_of(engaged)
            picks.append(frozenset(e.mechanism for e in found))
        if established_before is not None:
            cut = bisect.bisect_left(idx.founded_years, established_before)
            picks.append(frozenset(idx.founded_ids[:cut]))
        if established_after is not None:
            cut = bisect.bisect_right(idx.founded_years, established_after)
            picks.append(frozenset(idx.founded_ids[cut:]))
        if not picks:
            return self.mechanisms
        chosen = frozenset.intersection(*picks)
        return tuple(m for m in self.mechanisms if m.id in chosen)

    def search(self, text: str, limit: int = 10) -> tuple[Mechanism, ...]:
        """Mechanisms whose names (in every language held) best match ``text``, best first.

        Case- and accent-insensitive and tolerant of typos; ties are broken by id.

        >>> import iscm
        >>> iscm.load().search("colombo prcess", limit=1)[0].id
        'colombo-process'
        """
        index = self._index
        if index.search is None:  # built on first use; a race builds it twice, harmlessly
            from iscm._search import SearchIndex

            index.search = SearchIndex(self.mechanisms)
        return index.search.search(text, limit)

    def as_of(self, year: int) -> Dataset:
        """A view of the dataset as it stood in ``year``.

        Holds the mechanisms established in or before ``year`` (or whose founding year is
        unknown) that had not ended before it, and, in them, the participations, chairs,
        secretariats and engagements valid that year. A ``since`` or ``until`` that is unknown
        counts as "always": a participation with no years is kept in every year. In the view,
        participations valid that year are current (their ``until`` is cleared); links to
        mechanisms outside the view are dropped. The view never holds anything the full dataset
        lacks.
        """
        kept: list[Mechanism] = []
        for m in self.mechanisms:
            if m.established is not None and m.established > year:
                continue
            if m.status is Status.ENDED and m.status_since is not None and m.status_since < year:
                continue
            kept.append(m)
        ids = frozenset(m.id for m in kept)
        mechanisms = tuple(
            attrs.evolve(
                m,
                # A mechanism that ended or went dormant after ``year`` was still going then.
                status=Status.ACTIVE if _later(m.status_since, year) else m.status,
                status_since=None if _later(m.status_since, year) else m.status_since,
                participants=_participants_in(m, year),
                chairs=tuple(c for c in m.chairs if holds_in(c.since, c.until, year)),
                secretariat=tuple(
                    attrs.evolve(s, until=None)
                    for s in m.secretariat
                    if holds_in(s.since, s.until, year)
                ),
                predecessors=m.predecessors & ids,
                successors=m.successors & ids,
            )
            for m in kept
        )
        return attrs.evolve(
            self,
            mechanisms=mechanisms,
            engagements=tuple(
                e
                for e in self.engagements
                if e.mechanism in ids and holds_in(e.since, e.until, year)
            ),
            consultations=tuple(
                attrs.evolve(c, mechanisms=c.mechanisms & ids) for c in self.consultations
            ),
            meetings=tuple(mt for mt in self.meetings if mt.mechanism in ids and mt.year <= year),
        )

    def overlap(self, a: str, b: str) -> frozenset[str]:
        """ISO codes of the States that are current members of both mechanisms.

        >>> import iscm
        >>> data = iscm.load()
        >>> data.overlap("rabat-process", "khartoum-process") == (
        ...     data.get("rabat-process").member_states & data.get("khartoum-process").member_states
        ... )
        True
        """
        return self.get(a).member_states & self.get(b).member_states

    def most_overlapping(
        self, limit: int = 10, *, level: Level | None = None
    ) -> tuple[Overlap, ...]:
        """Pairs of mechanisms ranked by the Jaccard similarity of their member States.

        Ties are broken by the number of shared States, then by ids; pairs sharing no State and
        mechanisms that have ended are left out. ``level`` keeps only pairs at that level.
        """
        from iscm.analysis import Overlap

        pool = [
            m
            for m in self.mechanisms
            if m.member_states
            and m.status is not Status.ENDED
            and (level is None or m.level is level)
        ]
        pairs: list[Overlap] = []
        for i, a in enumerate(pool):
            for b in pool[i + 1 :]:
                shared = a.member_states & b.member_states
                if shared:
                    union = len(a.member_states | b.member_states)
                    pairs.append(
                        Overlap(a=a.id, b=b.id, shared=shared, jaccard=len(shared) / union)
                    )
        pairs.sort(key=lambda o: (-o.jaccard, -len(o.shared), o.a, o.b))
        return tuple(pairs[:limit])

    def thematic_overlap(self, a: str, b: str) -> frozenset[Theme]:
        """The themes two mechanisms share."""
        return self.get(a).themes & self.get(b).themes

    def membership_matrix(self, *, level: Level | None = None) -> MembershipMatrix:
        """The State x mechanism incidence of current participations (member or observer).

        Mechanisms that have ended are left out; States are the ones taking part in at least one
        of the others, sorted by code.
        """
        from iscm.analysis import MembershipMatrix

        mechs = [
            m
            for m in self.mechanisms
            if m.status is not Status.ENDED and (level is None or m.level is level)
        ]
        roles: dict[tuple[str, str], ParticipantRole] = {}
        for m in mechs:
            for p in m.participants:
                if p.state is not None and p.current:  # current roles are disjoint
                    roles[(p.state, m.id)] = p.role
        states = tuple(sorted({s for s, _ in roles}))
        return MembershipMatrix(
            states=states,
            mechanisms=tuple(m.id for m in mechs),
            cells=tuple(tuple(roles.get((s, m.id)) for m in mechs) for s in states),
        )

    def state_profile(self, state: str) -> StateProfile:
        """Where a State takes part, with counts by level and role."""
        from iscm.analysis import StateProfile

        code = self._code(state)
        member = self.mechanisms_of(code)
        observer = self.mechanisms_of(code, ParticipantRole.OBSERVER)
        return StateProfile(
            state=code,
            member_of=tuple(m.id for m in member),
            observer_of=tuple(m.id for m in observer),
            levels=tuple((m.id, m.level) for m in (*member, *observer)),
        )

    def profiles(self) -> tuple[StateProfile, ...]:
        """A profile for every State that takes part anywhere, most memberships first."""
        codes = {code for code, _role in self._index.by_state}
        found = [self.state_profile(c) for c in codes]
        found.sort(key=lambda p: (-len(p.member_of), -len(p.observer_of), p.state))
        return tuple(found)

    # -- combining datasets ---------------------------------------------------------------------

    def merge(self, other: Dataset) -> Dataset:
        """A new dataset: this one with ``other``'s records laid over it.

        Precedence: ``other`` wins. A record of ``other`` replaces the record of this dataset with
        the same key (the id for mechanisms, organizations, publications, instruments and
        consultations; organization, mechanism, role and scope for engagements; mechanism, year,
        number, date and place for meetings; the organization for focal points); records with new
        keys are added; nothing is deleted. Each replaced record that differs is reported in a
        :class:`MergeWarning`. The result is checked like any dataset: a conflict such as a new
        record whose name is already another record's raises :class:`DataError`. Its version is
        ``"<this>+<other>"``.
        """
        replaced: list[str] = []

        def overlay(table: str, key: Callable[[Any], Any]) -> tuple[Any, ...]:
            merged = {key(r): r for r in getattr(self, table)}
            for record in getattr(other, table):
                k = key(record)
                if k in merged and merged[k] != record:
                    replaced.append(
                        f"{table}: {k if isinstance(k, str) else '/'.join(map(str, k))}"
                    )
                merged[k] = record
            return tuple(merged.values())

        result = Dataset(
            version=f"{self.version}+{other.version}",
            mechanisms=overlay("mechanisms", _record_id),
            organizations=overlay("organizations", _record_id),
            engagements=overlay(
                "engagements", lambda e: (e.organization, e.mechanism, e.role.value, e.scope or "")
            ),
            publications=overlay("publications", _record_id),
            instruments=overlay("instruments", _record_id),
            consultations=overlay("consultations", _record_id),
            focal_points=overlay("focal_points", lambda f: f.organization),
            meetings=overlay("meetings", _meeting_key),
            overlay=self.overlay,
        )
        if replaced:
            warnings.warn(MergeWarning(replaced), stacklevel=2)
        return result

    # -- other tools ----------------------------------------------------------------------------

    def to_pandas(self) -> dict[str, Any]:
        """One pandas DataFrame per table, the same tables as the CSV export.

        Needs the extra: ``pip install "iscm-data[pandas]"``. See :mod:`iscm.export`.
        """
        from iscm.export import to_pandas

        return to_pandas(self)

    def to_networkx(self, *, projection: bool = False) -> Any:
        """The bipartite State-mechanism graph (roles as edge attributes) of current
        participations, or with ``projection=True`` the mechanism co-membership graph weighted by
        shared member States.

        Needs the extra: ``pip install "iscm-data[networkx]"``. See :mod:`iscm.export`.
        """
        from iscm.export import co_membership, to_networkx

        return co_membership(self) if projection else to_networkx(self)

    def __iter__(self) -> Iterator[Mechanism]:
        return iter(self.mechanisms)

    def __len__(self) -> int:
        return len(self.mechanisms)


def _later(status_since: int | None, year: int) -> bool:
    return status_since is not None and status_since > year


def _participants_in(m: Mechanism, year: int) -> tuple[Participation, ...]:
    """Participations valid in ``year``, made current. Where one participant held both roles
    that year (observer until Y, member since Y), the role that began later is kept, and
    membership where the start years do not tell."""

    def rank(p: Participation) -> tuple[int, bool]:
        start = p.since if p.since is not None else MIN_YEAR - 1
        return (start, p.role is ParticipantRole.MEMBER)

    valid = [p for p in m.participants if p.valid_in(year)]
    best: dict[str, tuple[int, bool]] = {}
    for p in valid:
        best[p.participant] = max(best.get(p.participant, rank(p)), rank(p))
    return tuple(attrs.evolve(p, until=None) for p in valid if rank(p) == best[p.participant])


class MergeWarning(UserWarning):
    """Records of the dataset merged in replaced different records; ``replaced`` names them."""

    def __init__(self, replaced: Iterable[str]) -> None:
        self.replaced = tuple(replaced)
        super().__init__(
            f"merge replaced {len(self.replaced)} record(s): {', '.join(self.replaced)}"
        )


def _meeting_key(m: Meeting) -> tuple[str, int, int, str, str]:
    return (m.mechanism, m.year, m.number or 0, m.date.isoformat() if m.date else "", m.place or "")


def _record_id(record: Any) -> str:
    return str(record.id)


class _Index:
    """Lookup tables of one dataset, built once from its sorted tables."""

    __slots__ = (
        "by_level",
        "by_region",
        "by_state",
        "by_status",
        "by_theme",
        "engagements",
        "founded_ids",
        "founded_years",
        "mechanism_names",
        "mechanisms",
        "organization_names",
        "organizations",
        "search",
    )

    def __init__(self, data: Dataset, keys: _Keys) -> None:
        self.mechanisms, self.mechanism_names, self.organizations, self.organization_names = keys

        by_state: defaultdict[tuple[str, ParticipantRole], list[Mechanism]] = defaultdict(list)
        for mech in data.mechanisms:
            if mech.status is Status.ENDED:  # nobody takes part in it any more
                continue
            for p in mech.participants:
                if p.state is not None and p.current:
                    entry = by_state[(p.state, p.role)]
                    if not entry or entry[-1] is not mech:
                        entry.append(mech)
        self.by_state = {k: tuple(v) for k, v in by_state.items()}

        engagements: defaultdict[tuple[str, EngagementRole | None], list[Engagement]] = defaultdict(
            list
        )
        for eng in data.engagements:
            engagements[(eng.organization, None)].append(eng)
            engagements[(eng.organization, eng.role)].append(eng)
        self.engagements = {k: tuple(v) for k, v in engagements.items()}

        self.by_level = _group(data.mechanisms, lambda m: (m.level,))
        self.by_status = _group(data.mechanisms, lambda m: (m.status,))
        self.by_region = _group(data.mechanisms, lambda m: m.regions)
        self.by_theme = _group(data.mechanisms, lambda m: m.themes)
        self.search: SearchIndex | None = None
        founded = sorted((m.established, m.id) for m in data.mechanisms if m.established)
        self.founded_years = [year for year, _ in founded]
        self.founded_ids = [mid for _, mid in founded]


class _LazyIndex:
    """Stands for a dataset's :class:`_Index` until it is needed: holds the mechanisms' lookup
    keys (all that ``get`` needs) and builds the full index, under a lock, on first use of any
    other; the dataset then holds the full index itself. A checked dataset hands over the
    organizations' keys its checks computed; a trusted one has them computed then."""

    __slots__ = ("_data", "_full", "_lock", "_organizations", "mechanism_names", "mechanisms")
    _data: weakref.ref[Dataset]
    _full: _Index | None
    _lock: threading.Lock
    _organizations: tuple[dict[str, Organization], dict[str, str]] | None
    mechanisms: dict[str, Mechanism]
    mechanism_names: dict[str, str]

    def __init__(self, data: Dataset, keys: _Keys | None) -> None:
        if keys is None:
            mechanisms, names = _key_index("mechanisms", data.mechanisms, _keys_of, [])
            organizations = None
        else:
            mechanisms, names, *rest = keys
            organizations = (rest[0], rest[1])
        init = object.__setattr__
        init(self, "_data", weakref.ref(data))
        init(self, "_full", None)
        init(self, "_lock", threading.Lock())
        init(self, "_organizations", organizations)
        init(self, "mechanisms", mechanisms)
        init(self, "mechanism_names", names)

    def _build(self) -> _Index:
        with self._lock:
            full = self._full
            if full is None:
                data = self._data()
                assert data is not None  # only a live dataset reaches its index
                organizations = self._organizations or _key_index(
                    "organizations", data.organizations, _keys_of, []
                )
                full = _Index(data, (self.mechanisms, self.mechanism_names, *organizations))
                object.__setattr__(self, "_full", full)
                object.__setattr__(data, "_index", full)
            return full

    def __getattr__(self, name: str) -> Any:  # any index but the mechanisms' keys
        return getattr(self._full or self._build(), name)

    def __setattr__(self, name: str, value: Any) -> None:  # the search index, built on first use
        setattr(self._full or self._build(), name, value)


K = TypeVar("K")


def _group(
    mechanisms: Iterable[Mechanism], keys: Callable[[Mechanism], Iterable[K]]
) -> dict[K, frozenset[str]]:
    groups: defaultdict[K, set[str]] = defaultdict(set)
    for m in mechanisms:
        for key in keys(m):
            groups[key].add(m.id)
    return {k: frozenset(v) for k, v in groups.items()}


def _ids(mechanisms: Iterable[Mechanism]) -> frozenset[str]:
    return frozenset(m.id for m in mechanisms)


_Keys = tuple[dict[str, Mechanism], dict[str, str], dict[str, Organization], dict[str, str]]


def _check(data: Dataset) -> _Keys:
    """Every cross-record problem, reported at once; and the lookup keys, which need the same
    pass (a key that fits two records is a problem)."""
    problems: list[str] = []
    mech_ids = _unique_ids("mechanisms", data.mechanisms, problems)
    org_ids = _unique_ids("organizations", data.organizations, problems)
    _unique_ids("publications", data.publications, problems)
    instrument_ids = _unique_ids("instruments", data.instruments, problems)
    _unique_ids("consultations", data.consultations, problems)
    if not data.overlay:
        _check_references(data, mech_ids, org_ids, instrument_ids, problems)
    mechanisms, mechanism_names = _key_index("mechanisms", data.mechanisms, _keys_of, problems)
    organizations, organization_names = _key_index(
        "organizations", data.organizations, _keys_of, problems
    )
    if problems:
        raise DataError(problems, what="inconsistent dataset")
    return mechanisms, mechanism_names, organizations, organization_names


def _engagement_order(e: Engagement) -> tuple[str, str, str, str, int]:
    return (e.mechanism, e.organization, e.role.value, e.scope or "", e.since or 0)


def _unique_ids(table: str, records: Iterable[Any], problems: list[str]) -> frozenset[str]:
    seen: set[str] = set()
    for i, record in enumerate(records):
        if record.id in seen:
            problems.append(f"duplicate id {record.id!r} @ $.{table}[{i}].id")
        seen.add(record.id)
    return frozenset(seen)


def _keys_of(record: Mechanism | Organization) -> tuple[str, ...]:
    # Names first, the id last: a suggestion shows the first key that folds to a match.
    return (*record.all_names, record.id)


def _key_index(
    table: str,
    records: Iterable[R],
    keys: Callable[[R], tuple[str, ...]],
    problems: list[str],
) -> tuple[dict[str, R], dict[str, str]]:
    """Index records by every folded key; a key fitting two records is a problem."""
    index: dict[str, R] = {}
    names: dict[str, str] = {}
    for i, record in enumerate(records):
        for key in keys(record):
            folded = fold(key)
            if not folded:
                problems.append(f"key {key!r} has no letters or digits @ $.{table}[{i}]")
                continue
            other = index.setdefault(folded, record)
            if other is not record and other.id != record.id:  # type: ignore[attr-defined]
                problems.append(
                    f"key {key!r} fits both {other.id!r} and {record.id!r}"  # type: ignore[attr-defined]
                    f" @ $.{table}[{i}]"
                )
            names.setdefault(folded, key)
    return index, names


def _check_references(
    data: Dataset,
    mech_ids: frozenset[str],
    org_ids: frozenset[str],
    instrument_ids: frozenset[str],
    problems: list[str],
) -> None:
    def need(ids: Iterable[str | None], known: frozenset[str], what: str, path: str) -> None:
        for ref in ids:
            if ref is not None and ref not in known:
                problems.append(f"unknown {what} {ref!r} @ {path}")

    for i, m in enumerate(data.mechanisms):
        at = f"$.mechanisms[{i}]"
        need(m.association.institutions, org_ids, "organization", f"{at}.association")
        for j, p in enumerate(m.participants):
            need([p.organization], org_ids, "organization", f"{at}.participants[{j}]")
        for j, s in enumerate(m.secretariat):
            need([s.organization, *s.partners], org_ids, "organization", f"{at}.secretariat[{j}]")
        for j, c in enumerate(m.chairs):
            need([c.organization], org_ids, "organization", f"{at}.chairs[{j}]")
        if m.membership_rule is not None:
            need(m.membership_rule.organizations, org_ids, "organization", f"{at}.membership_rule")
        need(m.predecessors, mech_ids, "mechanism", f"{at}.predecessors")
        need(m.successors, mech_ids, "mechanism", f"{at}.successors")
        for participant, roles in _current_roles(m):
            problems.append(f"{participant!r} is both {' and '.join(roles)} @ {at}.participants")
    for i, o in enumerate(data.organizations):
        need([o.parent], org_ids, "organization", f"$.organizations[{i}].parent")
    for i, e in enumerate(data.engagements):
        at = f"$.engagements[{i}]"
        need([e.organization, e.through], org_ids, "organization", f"{at}.organization")
        need([e.mechanism], mech_ids, "mechanism", f"{at}.mechanism")
        need(e.partners, org_ids, "organization", f"{at}.partners")
        need(e.in_consultation_with, org_ids, "organization", f"{at}.in_consultation_with")
    for i, pub in enumerate(data.publications):
        need([pub.publisher], org_ids, "organization", f"$.publications[{i}].publisher")
    for i, ins in enumerate(data.instruments):
        need([ins.organization], org_ids, "organization", f"$.instruments[{i}].organization")
    for i, tc in enumerate(data.consultations):
        at = f"$.consultations[{i}]"
        need([tc.organization], org_ids, "organization", f"{at}.organization")
        need(tc.instruments, instrument_ids, "instrument", f"{at}.instruments")
        need(tc.mechanisms, mech_ids, "mechanism", f"{at}.mechanisms")
    for i, f in enumerate(data.focal_points):
        need([f.organization], org_ids, "organization", f"$.focal_points[{i}].organization")
    for i, mt in enumerate(data.meetings):
        need([mt.mechanism], mech_ids, "mechanism", f"$.meetings[{i}].mechanism")


def _current_roles(m: Mechanism) -> list[tuple[str, list[str]]]:
    """Participants holding more than one current role (one role at a time), with the roles."""
    held: defaultdict[str, set[str]] = defaultdict(set)
    for p in m.participants:
        if p.current:
            held[p.participant].add(p.role.value)
    return [(who, sorted(roles)) for who, roles in sorted(held.items()) if len(roles) > 1]
