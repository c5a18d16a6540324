"""The :class:`Dataset`: every table of the data, checked across records, with lookup indexes.

A dataset is an immutable value. Its indexes are built once, when it is made, so that every
lookup is a dictionary access; cross-record rules (unique ids, references that resolve, no lookup
key shared by two records) are checked at the same time and reported together as one
:class:`DataError`.
"""

from __future__ import annotations

import _thread
import bisect
import warnings
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, overload

import attrs
from attrs import frozen

from iscm import _args
from iscm._keys import fold, suggest
from iscm._tables import RECORD_KEYS, TABLES, key_text, meeting_key
from iscm._validators import _bool, _members_of, _text, field
from iscm.enums import EngagementRole, Level, ParticipantRole, Region, Status, Theme
from iscm.errors import DataError, NotFoundError

if TYPE_CHECKING:
    from iscm import _mentions
    from iscm._memberships import Membership
    from iscm._mentions import Mention
    from iscm._search import SearchIndex
    from iscm.diff import DatasetDiff
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
    holds_in,
)

__all__ = ["Dataset", "MergeWarning"]

R = TypeVar("R")
D = TypeVar("D")
_NO_DEFAULT: Any = object()


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

    _index: _Index = attrs.field(init=False, eq=False, repr=False, hash=False)

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
        if keys is None:  # trusted: the mechanisms' keys now (get needs them), the rest later
            mechanisms, mechanism_names = _key_index("mechanisms", self.mechanisms, _keys_of, [])
            keys = (mechanisms, mechanism_names, None, None)
        sort = object.__setattr__
        sort(self, "mechanisms", _by_id(self.mechanisms))
        sort(self, "organizations", _by_id(self.organizations))
        sort(self, "publications", _by_id(self.publications))
        sort(self, "instruments", _by_id(self.instruments))
        sort(self, "consultations", _by_id(self.consultations))
        sort(self, "engagements", tuple(sorted(self.engagements, key=_engagement_order)))
        sort(self, "meetings", tuple(sorted(self.meetings, key=meeting_key)))
        sort(self, "focal_points", tuple(sorted(self.focal_points, key=lambda f: f.organization)))
        sort(self, "_index", _Index(self, keys))

    def __repr__(self) -> str:
        return (
            f"Dataset(version={self.version!r}, mechanisms={len(self.mechanisms)}, "
            f"organizations={len(self.organizations)}, meetings={len(self.meetings)})"
        )

    # -- lookups ------------------------------------------------------------------------------

    @overload
    def get(self, key: str) -> Mechanism: ...
    @overload
    def get(self, key: str, default: D) -> Mechanism | D: ...
    def get(self, key: str, default: Any = _NO_DEFAULT) -> Any:
        """The mechanism with this id, acronym, name, alias or translated name.

        >>> import iscm
        >>> iscm.load().get("Puebla Process").acronym
        'RCM'
        >>> iscm.load().get("Colombo Plan", default=None) is None
        True

        Where none fits, returns ``default`` when one is given, and otherwise raises
        :class:`NotFoundError` (a ``KeyError``) with close matches.
        """
        found = self._index.mechanisms.get(fold(_args.text(key, "key")))
        if found is None:
            if default is not _NO_DEFAULT:
                return default
            raise NotFoundError(key, "mechanism", suggest(key, self._index.mechanism_names))
        return found

    def organization(self, key: str) -> Organization:
        """The organization with this id, acronym, name or alias (same rules as :meth:`get`)."""
        found = self._index.organizations.get(fold(_args.text(key, "key")))
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
        org = self.organization(_args.text(organization, "organization"))
        role = _args.optional_member(EngagementRole, role, "role")
        return self._index.engagements.get((org.id, role), ())

    def mechanisms_of(
        self, state: str, role: ParticipantRole = ParticipantRole.MEMBER
    ) -> tuple[Mechanism, ...]:
        """The mechanisms a State currently takes part in with this role, sorted by id.

        Mechanisms that have ended are left out (their records keep their last members).
        ``state`` is anything :func:`iscm.state_code` reads (a code or a name, in English, French
        or Spanish); text that names no State, or several, raises :class:`NotFoundError`.

        >>> import iscm
        >>> iscm.load().mechanisms_of("Éthiopie") == iscm.load().mechanisms_of("ETH")
        True
        """
        role = _args.member(ParticipantRole, role, "role")
        return self._index.by_state.get((self._code(state), role), ())

    def _code(self, state: str) -> str:
        from iscm._states import state_code

        return state_code(_args.text(state, "state"))

    def shared_mechanisms(self, state_a: str, state_b: str) -> tuple[Mechanism, ...]:
        """The mechanisms both States currently take part in, in any role, sorted by id.

        >>> import iscm
        >>> [m.id for m in iscm.load().shared_mechanisms("Morocco", "Senegal")][:3]
        ['africa-eu-mme', 'mtm-dialogue', 'pafom']
        """
        a, b = self._code(state_a), self._code(state_b)
        both = self._taking_part(a) & self._taking_part(b)
        return tuple(m for m in self.mechanisms if m.id in both)

    def _taking_part(self, code: str) -> frozenset[str]:
        return frozenset(
            m.id for role in ParticipantRole for m in self._index.by_state.get((code, role), ())
        )

    def find_mentions(self, text: str) -> tuple[Mention, ...]:
        """Every place ``text`` names a mechanism, in text order.

        Names, aliases and translations match in any case and with or without accents; acronyms
        only as written; matches start and end at word boundaries, do not overlap, and the
        longest name wins. The matcher is built once, on first use, and the work is linear in
        the length of the text (see :mod:`iscm._mentions` for every rule).

        >>> import iscm
        >>> for m in iscm.load().find_mentions("The Colombo Process (CP), not the Colombo Plan."):
        ...     print(m.mechanism, m.start, m.end, m.text)
        colombo-process 4 19 Colombo Process
        colombo-process 21 23 CP
        """
        text = _args.text(text, "text")
        from iscm import _mentions

        return _mentions.matcher_for(self._index, "mentions", self.mechanisms).find(text)

    def find_meetings(
        self,
        mechanism: str | None = None,
        *,
        year: int | None = None,
        since: int | None = None,
        until: int | None = None,
        host: str | None = None,
    ) -> tuple[Meeting, ...]:
        """The meetings that meet every criterion given, sorted by date.

        ``mechanism`` is any key :meth:`get` takes; ``year`` the year held; ``since`` and
        ``until`` years, inclusive; ``host`` an organization key (``"IOM"``) or a State, read by
        :func:`iscm.state_code`. Meetings whose day is unknown sort after the dated ones of
        their year.

        >>> import iscm
        >>> [(m.year, m.place) for m in iscm.load().find_meetings("GRCP", since=2019, until=2019)]
        [(2019, 'Geneva, Switzerland')]
        """
        from iscm._meetings import find

        mid = None if mechanism is None else self.get(_args.text(mechanism, "mechanism")).id
        hosts: frozenset[str] | None = None
        if host is not None:
            host = _args.text(host, "host")
            try:  # an organization first: "AU" is the African Union here, not Australia
                hosts = frozenset({self.organization(host).id})
            except NotFoundError:
                from iscm._states import state_code

                hosts = frozenset({state_code(host)})
        return find(self.meetings, mid, (year, since, until), hosts)

    def memberships(
        self,
        *,
        level: Level | str | None = None,
        role: ParticipantRole | str | None = None,
        mechanism: str | None = None,
        state: str | None = None,
    ) -> tuple[Membership, ...]:
        """Every participation as a flat row (:class:`iscm.Membership`), for tables and
        spreadsheets; the criteria given combine with AND.

        One row per participation: members, observers, partners and invited guests, States and
        organizations, current and past, in mechanisms of any status. ``level`` and ``role``
        take the enum member or its value; ``mechanism`` any key :meth:`get` takes; ``state`` a
        State by code or name (read by :func:`iscm.state_code`), which leaves out the
        organizations' rows. Rows are sorted by mechanism id, then States by code before
        organizations by id, then role (member, observer, partner, invited), then years.

        >>> import iscm
        >>> [(r.state, r.role.value) for r in iscm.load().memberships(
        ...     mechanism="MIDSA", state="Angola")]
        [('AGO', 'member')]
        """
        from iscm._memberships import memberships

        chosen_level = _args.optional_member(Level, level, "level")
        chosen_role = _args.optional_member(ParticipantRole, role, "role")
        code = None if state is None else self._code(_args.text(state, "state"))
        if mechanism is not None:
            mechanisms: Iterable[Mechanism] = (self.get(_args.text(mechanism, "mechanism")),)
        else:
            mechanisms = self.mechanisms
        if chosen_level is not None:
            mechanisms = [m for m in mechanisms if m.level is chosen_level]
        return tuple(
            row
            for row in memberships(mechanisms, {o.id: o for o in self.organizations})
            if (chosen_role is None or row.role is chosen_role)
            and (code is None or row.state == code)
        )

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
        participant: str | None = None,
        engaged: str | tuple[str, EngagementRole | str] | None = None,
        established_before: int | None = None,
        established_after: int | None = None,
    ) -> tuple[Mechanism, ...]:
        """The mechanisms that meet every criterion given (criteria combine with AND), by id.

        ``member``/``observer``/``participant`` (any role) take a State by code or name (read by
        :func:`iscm.state_code`; current participations); ``engaged`` an
        organization key, or ``(organization, role)``; ``established_before``/``_after`` are strict
        (a mechanism whose founding year is unknown meets neither). Enum criteria also take their
        string values. An invalid value raises ``ValueError`` and a value of the wrong type
        ``TypeError``, naming the argument.

        >>> import iscm
        >>> [m.id for m in iscm.load().filter(engaged=("IOM", "administrative-host"))]
        ['gfmd', 'igc']
        """
        idx = self._index
        picks: list[frozenset[str]] = []
        if level is not None:
            picks.append(idx.by_level.get(_args.member(Level, level, "level"), frozenset()))
        if status is not None:
            picks.append(idx.by_status.get(_args.member(Status, status, "status"), frozenset()))
        if region is not None:
            picks.append(idx.by_region.get(_args.member(Region, region, "region"), frozenset()))
        if theme is not None:
            picks.append(idx.by_theme.get(_args.member(Theme, theme, "theme"), frozenset()))
        if member is not None:
            picks.append(_ids(self.mechanisms_of(_args.text(member, "member"))))
        if observer is not None:
            observing = self.mechanisms_of(
                _args.text(observer, "observer"), ParticipantRole.OBSERVER
            )
            picks.append(_ids(observing))
        if participant is not None:
            picks.append(self._taking_part(self._code(_args.text(participant, "participant"))))
        if engaged is not None:
            org, role = _engaged(engaged)
            picks.append(frozenset(e.mechanism for e in self.engagements_of(org, role)))
        if established_before is not None:
            year = _args.integer(established_before, "established_before")
            picks.append(frozenset(idx.founded_ids[: bisect.bisect_left(idx.founded_years, year)]))
        if established_after is not None:
            year = _args.integer(established_after, "established_after")
            picks.append(frozenset(idx.founded_ids[bisect.bisect_right(idx.founded_years, year) :]))
        if not picks:
            return self.mechanisms
        chosen = frozenset.intersection(*picks)
        return tuple(m for m in self.mechanisms if m.id in chosen)

    def search(self, text: str, limit: int = 10) -> tuple[Mechanism, ...]:
        """Mechanisms whose names (in every language held) best match ``text``, best first.

        Case- and accent-insensitive and tolerant of typos; ties are broken by id. ``limit`` is
        the most results returned (0 or more).

        >>> import iscm
        >>> iscm.load().search("colombo prcess", limit=1)[0].id
        'colombo-process'
        """
        text = _args.text(text, "text")
        limit = _args.limit(limit)
        return self._index.searcher(self.mechanisms).search(text, limit)

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
        year = _args.integer(year, "year")
        kept = [m for m in self.mechanisms if m.existed_in(year)]
        ids = frozenset(m.id for m in kept)
        mechanisms = tuple(
            attrs.evolve(
                m,
                # A mechanism that ended or went dormant after ``year`` was still going then.
                status=m.status_in(year),
                status_since=m.status_since if m.status_in(year) is m.status else None,
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

    def thematic_overlap(self, a: str, b: str) -> frozenset[Theme]:
        """The themes two mechanisms share."""
        return self.get(a).themes & self.get(b).themes

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
        ``"<this>+<other>"``. The result is an overlay only when both datasets are: merging an
        overlay over a full dataset, or a full dataset over an overlay, checks every reference
        of the result. ``other`` that is not a :class:`Dataset` raises ``TypeError``.
        """
        if not isinstance(other, Dataset):
            raise TypeError(f"merge() takes a Dataset, got {type(other).__name__}")
        replaced: list[str] = []

        def overlay(table: str) -> tuple[Any, ...]:
            key = RECORD_KEYS[table]
            merged = {key(r): r for r in getattr(self, table)}
            for record in getattr(other, table):
                k = key(record)
                if k in merged and merged[k] != record:
                    replaced.append(f"{table}: {key_text(k)}")
                merged[k] = record
            return tuple(merged.values())

        result = Dataset(
            version=f"{self.version}+{other.version}",
            **{table: overlay(table) for table in TABLES},
            overlay=self.overlay and other.overlay,
        )
        if replaced:
            warnings.warn(MergeWarning(replaced), stacklevel=2)
        return result

    def diff(self, other: Dataset) -> DatasetDiff:
        """What changed from this dataset to ``other``: records added and removed, States and
        organizations that joined or left each mechanism, chair and status changes, other
        changed fields by path, sources added and removed (see :mod:`iscm.diff`).

        >>> import iscm
        >>> data = iscm.load()
        >>> changes = data.diff(data)
        >>> bool(changes), len(changes)
        (False, 0)
        """
        if not isinstance(other, Dataset):
            raise TypeError(f"diff() takes a Dataset, got {type(other).__name__}")
        from iscm.diff import diff

        return diff(self, other)

    def __iter__(self) -> Iterator[Mechanism]:
        return iter(self.mechanisms)

    def __len__(self) -> int:
        return len(self.mechanisms)


def _engaged(value: Any) -> tuple[str, EngagementRole | None]:
    """The ``engaged`` criterion of :meth:`Dataset.filter`: a key, or (key, role)."""
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ValueError(
                f"engaged must be an organization key or (organization, role), "
                f"got a tuple of {len(value)}"
            )
        org, role = value
        return _args.text(org, "engaged organization"), _args.member(
            EngagementRole, role, "engaged role"
        )
    return _args.text(value, "engaged"), None


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


class _Index:
    """Lookup tables of one dataset, built once from its sorted tables.

    Read-only, like the dataset: tables are read-only mappings of tuples and frozensets, and
    attributes cannot be set from outside (the search index, built on first use, is set once
    through ``object.__setattr__``), so code holding a dataset cannot change later answers.
    """

    __slots__ = (
        "_data",
        "_lock",
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
        "mentions",
        "organization_names",
        "organizations",
        "search",
    )

    def __init__(self, data: Dataset, keys: _Keys) -> None:
        init = object.__setattr__
        mechanisms, mechanism_names, organizations, organization_names = keys
        init(self, "mechanisms", MappingProxyType(mechanisms))
        init(self, "mechanism_names", MappingProxyType(mechanism_names))
        if organizations is not None and organization_names is not None:
            init(self, "organizations", MappingProxyType(organizations))
            init(self, "organization_names", MappingProxyType(organization_names))
        init(self, "search", None)
        init(self, "mentions", None)
        init(self, "_data", weakref.ref(data))  # the dataset holds the index, not the reverse
        init(self, "_lock", _thread.allocate_lock())

    #: The indexes built on first use (what ``get`` and ``organization`` need is built at once).
    _LATER = frozenset(
        {"by_level", "by_region", "by_state", "by_status", "by_theme", "engagements"}
        | {"founded_ids", "founded_years", "organizations", "organization_names"}
    )

    def __getattr__(self, name: str) -> Any:
        # Called only for a slot not set yet: the indexes beyond the lookup keys.
        if name not in _Index._LATER:
            raise AttributeError(name)
        with self._lock:
            try:
                return object.__getattribute__(self, name)
            except AttributeError:  # the first use: build them all, once
                data = self._data()
                if data is None:  # pragma: no cover - an index outlives no dataset
                    raise
                self._build(data)
        return object.__getattribute__(self, name)

    def _build(self, data: Dataset) -> None:
        init = object.__setattr__
        try:
            object.__getattribute__(self, "organizations")
        except AttributeError:  # a trusted dataset: its organizations' keys, now
            organizations, names = _key_index("organizations", data.organizations, _keys_of, [])
            init(self, "organizations", MappingProxyType(organizations))
            init(self, "organization_names", MappingProxyType(names))
        by_state: defaultdict[tuple[str, ParticipantRole], list[Mechanism]] = defaultdict(list)
        for mech in data.mechanisms:
            if mech.status is Status.ENDED:  # nobody takes part in it any more
                continue
            for p in mech.participants:
                if p.state is not None and p.current:
                    entry = by_state[(p.state, p.role)]
                    if not entry or entry[-1] is not mech:
                        entry.append(mech)
        init(self, "by_state", MappingProxyType({k: tuple(v) for k, v in by_state.items()}))

        engagements: defaultdict[tuple[str, EngagementRole | None], list[Engagement]] = defaultdict(
            list
        )
        for eng in data.engagements:
            engagements[(eng.organization, None)].append(eng)
            engagements[(eng.organization, eng.role)].append(eng)
        init(self, "engagements", MappingProxyType({k: tuple(v) for k, v in engagements.items()}))

        init(self, "by_level", _group(data.mechanisms, lambda m: (m.level,)))
        init(self, "by_status", _group(data.mechanisms, lambda m: (m.status,)))
        init(self, "by_region", _group(data.mechanisms, lambda m: m.regions))
        init(self, "by_theme", _group(data.mechanisms, lambda m: m.themes))
        founded = sorted((m.established, m.id) for m in data.mechanisms if m.established)
        init(self, "founded_years", tuple(year for year, _ in founded))
        init(self, "founded_ids", tuple(mid for _, mid in founded))

    # Declared for the type checker; the values are set in __init__.
    mechanisms: Mapping[str, Mechanism]
    mechanism_names: Mapping[str, str]
    organizations: Mapping[str, Organization]
    organization_names: Mapping[str, str]
    by_state: Mapping[tuple[str, ParticipantRole], tuple[Mechanism, ...]]
    engagements: Mapping[tuple[str, EngagementRole | None], tuple[Engagement, ...]]
    by_level: Mapping[Level, frozenset[str]]
    by_status: Mapping[Status, frozenset[str]]
    by_region: Mapping[Region, frozenset[str]]
    by_theme: Mapping[Theme, frozenset[str]]
    search: SearchIndex | None
    mentions: _mentions.Matcher | None
    founded_years: tuple[int, ...]
    founded_ids: tuple[str, ...]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a dataset's indexes are read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a dataset's indexes are read-only (cannot delete {name!r})")

    def searcher(self, mechanisms: tuple[Mechanism, ...]) -> SearchIndex:
        """The search index, built on first use (a race builds it twice, harmlessly)."""
        found = self.search
        if found is None:
            from iscm._search import SearchIndex

            found = SearchIndex(mechanisms)
            object.__setattr__(self, "search", found)
        return found


K = TypeVar("K")


def _group(
    mechanisms: Iterable[Mechanism], keys: Callable[[Mechanism], Iterable[K]]
) -> Mapping[K, frozenset[str]]:
    groups: defaultdict[K, set[str]] = defaultdict(set)
    for m in mechanisms:
        for key in keys(m):
            groups[key].add(m.id)
    return MappingProxyType({k: frozenset(v) for k, v in groups.items()})


def _ids(mechanisms: Iterable[Mechanism]) -> frozenset[str]:
    return frozenset(m.id for m in mechanisms)


_Keys = tuple[
    dict[str, Mechanism], dict[str, str], dict[str, Organization] | None, dict[str, str] | None
]


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
        known = {"mechanisms": mech_ids, "organizations": org_ids, "instruments": instrument_ids}
        _check_references(data, known, problems)
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


def _check_references(data: Dataset, known: dict[str, frozenset[str]], problems: list[str]) -> None:
    """Every reference that names no record of its table (the tables the fields' ``ref``
    metadata names; State codes are checked by their field's own validator)."""
    from iscm._refs import references

    for table in TABLES:
        for i, record in enumerate(getattr(data, table)):
            for path, target, value in references(record):
                if target in known and value not in known[target]:
                    what = target.removesuffix("s")
                    problems.append(f"unknown {what} {value!r} @ $.{table}[{i}]{path}")
    for i, m in enumerate(data.mechanisms):
        for participant, roles in _current_roles(m):
            problems.append(
                f"{participant!r} is both {' and '.join(roles)} @ $.mechanisms[{i}].participants"
            )


def _current_roles(m: Mechanism) -> list[tuple[str, list[str]]]:
    """Participants holding more than one current role (one role at a time), with the roles."""
    held: defaultdict[str, set[str]] = defaultdict(set)
    for p in m.participants:
        if p.current:
            held[p.participant].add(p.role.value)
    return [(who, sorted(roles)) for who, roles in sorted(held.items()) if len(roles) > 1]
