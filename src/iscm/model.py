"""The typed records of the dataset: frozen, slotted, keyword-only attrs classes.

Every collection is a ``tuple`` (order matters or is canonical) or a ``frozenset`` (order does
not); every record that states a fact carries at least one :class:`Source`. Validators check each
record on its own; checks that span records (unique ids, references between records) live in
:class:`iscm.Dataset`.

This module deliberately avoids ``from __future__ import annotations`` so that tools that read the
annotations at run time (cattrs, Hypothesis' ``builds``) see real types.
"""

import datetime
from typing import Any

from attrs import frozen

from iscm._repr import short_repr
from iscm._validators import (
    ID_PATTERN,
    LANG_PATTERN,
    MAX_YEAR,
    MIN_YEAR,
    FieldError,
    Validator,
    _bool,
    _date,
    _enum_set,
    _id,
    _ids,
    _is,
    _lang,
    _members_of,
    _opt_date,
    _opt_id,
    _opt_month,
    _opt_positive,
    _opt_state,
    _opt_text,
    _opt_url,
    _opt_year,
    _optional,
    _text,
    _texts,
    _url,
    _year,
    field,
)
from iscm.enums import (
    Aspect,
    AssociationType,
    EngagementRole,
    Level,
    MechanismKind,
    OrganizationKind,
    ParticipantRole,
    Region,
    Status,
    Theme,
)

__all__ = [
    "ID_PATTERN",
    "LANG_PATTERN",
    "MAX_YEAR",
    "MIN_YEAR",
    "Association",
    "Chair",
    "Claim",
    "Engagement",
    "FieldError",
    "FocalPoint",
    "Instrument",
    "LocalizedName",
    "Mechanism",
    "Meeting",
    "MembershipRule",
    "Organization",
    "Participation",
    "Publication",
    "Secretariat",
    "Source",
    "TargetedConsultation",
]


def _check_period(inst: Any) -> None:
    since, until = inst.since, inst.until
    if since is not None and until is not None and since > until:
        raise ValueError(f"since ({since}) is after until ({until})")


def holds_in(since: int | None, until: int | None, year: int) -> bool:
    """Whether a period from ``since`` to ``until`` (inclusive; None = open) covers ``year``."""
    return (since is None or since <= year) and (until is None or year <= until)


def _check_one_holder(inst: Any, what: str) -> None:
    if (inst.state is None) == (inst.organization is None):
        raise ValueError(f"a {what} names exactly one of 'state' or 'organization'")


@frozen(kw_only=True)
class Source:
    """A public document that states a fact: where it is and when it was read."""

    url: str = field(validator=_url)
    """Address of the page or document."""
    title: str = field(validator=_text)
    """Its title, as shown by the page."""
    publisher: str = field(validator=_text)
    """Who publishes it ("IOM", "ICMPD", "Rabat Process", ...)."""
    accessed: datetime.date = field(validator=_date)
    """The day the page was read for this dataset."""
    key: str | None = field(default=None, validator=_opt_id)
    """The human-chosen key a dataset's source table files it under (``iom-colombo-process``).

    Stable: correcting the title or the access date keeps the key. None for a source that has no
    key of its own; it is then filed under :attr:`content_hash`."""

    @property
    def id(self) -> str:
        """How a dataset file cites the source: its :attr:`key`, or else its content hash."""
        return self.key if self.key is not None else self.content_hash

    @property
    def content_hash(self) -> str:
        """A hash of the four descriptive fields (12 hex digits): the id of a source with no key."""
        return content_hash(self.url, self.title, self.publisher, self.accessed)


def _sources() -> Validator:
    """Validator for a record's required, non-empty sources."""
    return _members_of(Source, min_items=1)


def content_hash(url: str, title: str, publisher: str, accessed: datetime.date) -> str:
    """The :attr:`Source.content_hash` of a source with these fields."""
    import hashlib

    text = f"{url}\n{title}\n{publisher}\n{accessed.isoformat()}"
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


@frozen(kw_only=True)
class LocalizedName:
    """A name of a mechanism in another language, as used by the mechanism or its members."""

    lang: str = field(validator=_lang)
    """ISO 639-1 language code: "fr", "es", "pt", "ar", ..."""
    name: str = field(validator=_text)
    """The name in that language."""
    acronym: str | None = field(default=None, validator=_opt_text)
    """The acronym used in that language, where there is one."""
    official: bool = field(default=False, validator=_bool)
    """True where the mechanism itself uses the name (its official site or documents)."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the name is used."""


@frozen(kw_only=True)
class Participation:
    """A State or an organization taking part in a mechanism, as a member or an observer.

    Exactly one of ``state`` (ISO 3166-1 alpha-3, or ``XKX`` for Kosovo) and ``organization`` (an
    organization id) is set. ``since`` and ``until`` are years where sources give them; ``until``
    set means the participation has ended.
    """

    state: str | None = field(ref="states", default=None, validator=_opt_state)
    """ISO 3166-1 alpha-3 code of the State or territory (``XKX`` for Kosovo)."""
    organization: str | None = field(ref="organizations", default=None, validator=_opt_id)
    """Id of the organization taking part (e.g. ``eu``, ``ecowas``)."""
    role: ParticipantRole = field(validator=_is(ParticipantRole))
    """Member or observer."""
    since: int | None = field(default=None, validator=_opt_year)
    """Year the participation began, where a source gives it."""
    until: int | None = field(default=None, validator=_opt_year)
    """Year it ended; None while it lasts (or where no end is known)."""
    note: str | None = field(default=None, validator=_opt_text)
    """What a source says beyond the role: a status, a caveat, how it is listed."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the participation is stated."""

    def __attrs_post_init__(self) -> None:
        _check_one_holder(self, "participation")
        _check_period(self)

    @property
    def participant(self) -> str:
        """The ISO code of the State or the id of the organization."""
        return self.state if self.state is not None else str(self.organization)

    @property
    def current(self) -> bool:
        """Whether the participation has not ended (no ``until`` year)."""
        return self.until is None

    def valid_in(self, year: int) -> bool:
        """Whether the participation held in ``year``; an unknown ``since`` counts as always."""
        return holds_in(self.since, self.until, year)


@frozen(kw_only=True)
class Association:
    """Whether a mechanism is officially tied to an institution, and to which."""

    type: AssociationType = field(validator=_is(AssociationType))
    """Formal (tied to an institution), informal, or unknown."""
    institutions: frozenset[str] = field(ref="organizations", factory=frozenset, validator=_ids())
    """Ids of the organizations the mechanism is associated with (empty when informal)."""
    note: str | None = field(default=None, validator=_opt_text)
    """How the tie works, where sources say."""
    sources: tuple[Source, ...] = field(default=(), validator=_members_of(Source))
    """Where the association is stated (none only when it is unknown)."""

    def __attrs_post_init__(self) -> None:
        if self.type is AssociationType.FORMAL and not self.institutions:
            raise ValueError("a formal association names at least one institution")
        if self.type is not AssociationType.FORMAL and self.institutions:
            raise ValueError("only a formal association names institutions")
        if self.type is not AssociationType.UNKNOWN and not self.sources:
            raise ValueError("a known association cites at least one source")


@frozen(kw_only=True)
class Secretariat:
    """Who serves as a mechanism's secretariat, since when, and with whom."""

    organization: str | None = field(ref="organizations", default=None, validator=_opt_id)
    """Id of the organization that serves as secretariat, where it is one in the dataset."""
    name: str | None = field(default=None, validator=_opt_text)
    """How the secretariat is described where it is not (only) an organization."""
    partners: frozenset[str] = field(ref="organizations", factory=frozenset, validator=_ids())
    """Ids of the organizations the secretariat works with."""
    since: int | None = field(default=None, validator=_opt_year)
    """Year it took up the role, where known."""
    until: int | None = field(default=None, validator=_opt_year)
    """Year it left the role; None while it lasts."""
    note: str | None = field(default=None, validator=_opt_text)
    """How the secretariat works, in this project's words."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the secretariat is stated."""

    def __attrs_post_init__(self) -> None:
        if self.organization is None and self.name is None:
            raise ValueError("a secretariat names an organization or gives a name")
        _check_period(self)


@frozen(kw_only=True)
class Chair:
    """A State or organization chairing a mechanism over a period."""

    state: str | None = field(ref="states", default=None, validator=_opt_state)
    """ISO code of the chairing State, where a State chairs."""
    organization: str | None = field(ref="organizations", default=None, validator=_opt_id)
    """Id of the chairing organization, where an organization chairs."""
    since: int | None = field(default=None, validator=_opt_year)
    """Year the chairmanship began, where known."""
    until: int | None = field(default=None, validator=_opt_year)
    """Year it ended; None for the latest known chair while it lasts."""
    as_of: datetime.date | None = field(default=None, validator=_opt_date)
    """The date on which a source showed this chair (for the latest known chair)."""
    note: str | None = field(default=None, validator=_opt_text)
    """Co-chairs, terms, or how the chair rotates."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the chair is stated."""

    def __attrs_post_init__(self) -> None:
        _check_one_holder(self, "chair")
        _check_period(self)


@frozen(kw_only=True)
class Claim:
    """One source's statement of a fact where sources disagree.

    ``topic`` names the fact ("established", "member-count", ...); ``adopted`` marks the claim the
    dataset uses in its structured fields. Claims that are not adopted stay for the record.
    """

    topic: str = field(validator=_id)
    """What the claim is about: "established", "member-count", "level", ..."""
    value: str = field(validator=_text)
    """What the source says, as text."""
    adopted: bool = field(validator=_bool)
    """Whether the dataset's structured fields follow this claim."""
    note: str | None = field(default=None, validator=_opt_text)
    """Why the claim was or was not adopted."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """The sources that make this claim."""


@frozen(kw_only=True)
class MembershipRule:
    """Membership defined by a rule (e.g. every AU member State) and the date the list was true."""

    rule: str = field(validator=_text)
    """The rule in words, e.g. every member State of the African Union."""
    organizations: frozenset[str] = field(ref="organizations", factory=frozenset, validator=_ids())
    """Ids of the organizations whose membership the rule refers to."""
    as_of: datetime.date = field(validator=_date)
    """The date on which the expanded member list in the mechanism was true."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the rule and the list it expands to are stated."""


@frozen(kw_only=True)
class Mechanism:
    """An inter-State consultation mechanism on migration (or, with kind ``global-initiative``, a
    related global initiative that IOM does not count as one)."""

    id: str = field(validator=_id)
    """Stable kebab-case identifier."""
    acronym: str | None = field(default=None, validator=_opt_text)
    """The usual English acronym, where there is one."""
    name: str = field(validator=_text)
    """Full official English name."""
    aliases: tuple[str, ...] = field(default=(), validator=_texts())
    """Every other English name, short name or spelling in use (IOM's included)."""
    translations: tuple[LocalizedName, ...] = field(
        default=(), validator=_members_of(LocalizedName)
    )
    """Names in French, Spanish, Portuguese, Arabic and other languages."""
    level: Level = field(validator=_is(Level))
    """Regional (RCP), inter-regional (IRF) or global, as IOM classifies it."""
    kind: MechanismKind = field(validator=_is(MechanismKind))
    """State-led, convened by an intergovernmental organization, or a global initiative."""
    region: str = field(validator=_text)
    """The region or regions covered, as IOM describes them ("West Africa", "Europe - Asia")."""
    regions: frozenset[Region] = field(factory=frozenset, validator=_enum_set(Region))
    """The broad world regions the participants come from, for filtering."""
    description: str | None = field(default=None, validator=_opt_text)
    """A short account of the mechanism, in this project's own words."""
    established: int | None = field(default=None, validator=_opt_year)
    """Year of founding, where known (listed in ``unknown`` where not)."""
    established_month: int | None = field(default=None, validator=_opt_month)
    """Month of founding (1-12), where known."""
    founding_event: str | None = field(default=None, validator=_opt_text)
    """The meeting or act that founded it, in this project's words."""
    status: Status = field(validator=_is(Status))
    """Active, dormant, ended, or unknown."""
    status_since: int | None = field(default=None, validator=_opt_year)
    """The year a mechanism became dormant or ended (None where active or unknown)."""
    association: Association = field(validator=_is(Association))
    """The institution it is officially tied to, or that it is informal."""
    participants: tuple[Participation, ...] = field(
        default=(), validator=_members_of(Participation)
    )
    """Member and observer States and organizations, with years where known."""
    membership_rule: MembershipRule | None = field(
        default=None, validator=_optional(_is(MembershipRule))
    )
    """Where membership follows a rule, the rule (and ``participants`` holds the expanded list)."""
    participants_follow: str | None = field(default=None, validator=_opt_text)
    """The document the participant lists follow (the most recent official list found: its title
    and date), or why no recent list exists."""
    participants_dated: int | None = field(default=None, validator=_opt_year)
    """The year of that document, where it is dated."""
    secretariat: tuple[Secretariat, ...] = field(default=(), validator=_members_of(Secretariat))
    """Secretariat history, earliest first; the entries without ``until`` are current."""
    chairs: tuple[Chair, ...] = field(default=(), validator=_members_of(Chair))
    """Chairs, earliest first; the last one is the latest known."""
    themes: frozenset[Theme] = field(factory=frozenset, validator=_enum_set(Theme))
    """Thematic focus, from the controlled vocabulary :class:`Theme`."""
    website: str | None = field(default=None, validator=_opt_url)
    """Official website, where there is one."""
    predecessors: frozenset[str] = field(ref="mechanisms", factory=frozenset, validator=_ids())
    """Ids of the mechanisms it continues (e.g. the Söderköping Process for the Eastern Partnership
    Panel)."""
    successors: frozenset[str] = field(ref="mechanisms", factory=frozenset, validator=_ids())
    """Ids of the mechanisms that continue it."""
    claims: tuple[Claim, ...] = field(default=(), validator=_members_of(Claim))
    """Conflicting statements from different sources, each kept with its source."""
    unknown: frozenset[Aspect] = field(factory=frozenset, validator=_enum_set(Aspect))
    """Aspects for which no source was found: unknown, which is not the same as none."""
    reviewed: datetime.date | None = field(default=None, validator=_opt_date)
    """The day the record was last checked against its sources as a whole (None: not yet)."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Sources for the mechanism's general facts (names, level, founding, status)."""

    def __attrs_post_init__(self) -> None:
        if self.established_month is not None and self.established is None:
            raise ValueError("established_month needs established")
        if self.status_since is not None and self.status not in (Status.DORMANT, Status.ENDED):
            raise ValueError("status_since is only for dormant or ended mechanisms")
        if (
            self.established is not None
            and self.status_since is not None
            and self.status_since < self.established
        ):
            raise ValueError("status_since is before established")
        if self.id in self.predecessors or self.id in self.successors:
            raise ValueError("a mechanism cannot precede or succeed itself")

    def _states(self, role: ParticipantRole) -> frozenset[str]:
        return frozenset(
            p.state
            for p in self.participants
            if p.state is not None and p.role is role and p.current
        )

    def _organizations(self, role: ParticipantRole) -> frozenset[str]:
        return frozenset(
            p.organization
            for p in self.participants
            if p.organization is not None and p.role is role and p.current
        )

    @property
    def member_states(self) -> frozenset[str]:
        """Codes of the current member States (ISO 3166-1 alpha-3, XKX for Kosovo).

        Current means with no ``until`` year; for a mechanism that has ended, these are its members
        when it ended (unless their participation ended earlier).
        """
        return self._states(ParticipantRole.MEMBER)

    @property
    def observer_states(self) -> frozenset[str]:
        """Codes of the current observer States."""
        return self._states(ParticipantRole.OBSERVER)

    @property
    def member_organizations(self) -> frozenset[str]:
        """Ids of the organizations that are current members (e.g. the European Union)."""
        return self._organizations(ParticipantRole.MEMBER)

    @property
    def observer_organizations(self) -> frozenset[str]:
        """Ids of the organizations that are current observers."""
        return self._organizations(ParticipantRole.OBSERVER)

    def existed_in(self, year: int) -> bool:
        """Whether the mechanism existed in ``year``: founded by then (an unknown founding year
        counts as founded) and not ended before it (the year it ended counts)."""
        if self.established is not None and self.established > year:
            return False
        ended_before = self.status_since is not None and self.status_since < year
        return not (self.status is Status.ENDED and ended_before)

    def status_in(self, year: int) -> Status:
        """Its status in ``year``: active where it went dormant or ended only after that year."""
        if self.status_since is not None and self.status_since > year:
            return Status.ACTIVE
        return self.status

    def active_in(self, year: int) -> bool:
        """Whether the mechanism was active in ``year``: it existed then and had neither gone
        dormant nor ended by then. A mechanism of unknown status is not known to be active.

        The one rule for "is this forum alive in a year"; :meth:`iscm.Dataset.as_of`, the
        analysis helpers, the command line and the documentation all use it.
        """
        return self.existed_in(year) and self.status_in(year) is Status.ACTIVE

    @property
    def participants_known(self) -> bool:
        """Whether who takes part is fully known: members listed (or given by a rule) and
        observers known (listed, or known to be none), neither marked unknown."""
        has_members = bool(self.member_states or self.member_organizations)
        return (
            (has_members or self.membership_rule is not None)
            and Aspect.MEMBERS not in self.unknown
            and Aspect.OBSERVERS not in self.unknown
        )

    def participants_in(self, role: ParticipantRole) -> tuple[Participation, ...]:
        """The current participations in one role (States first, as listed)."""
        return tuple(p for p in self.participants if p.role is role and p.current)

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name it is known by, in order: the name, the acronym, the aliases, then each
        translated name and acronym (without repeats)."""
        names = [self.name, self.acronym, *self.aliases]
        for t in self.translations:
            names += (t.name, t.acronym)
        return tuple(dict.fromkeys(n for n in names if n))

    @property
    def chair(self) -> Chair | None:
        """The latest known chair, or None where none is recorded."""
        return self.chairs[-1] if self.chairs else None

    @property
    def is_iscm(self) -> bool:
        """Whether IOM counts this as an inter-State consultation mechanism."""
        return self.kind.is_iscm


@frozen(kw_only=True)
class Organization:
    """An organization referenced by the dataset: a member, observer, secretariat or partner."""

    id: str = field(validator=_id)
    """Stable kebab-case identifier."""
    acronym: str | None = field(default=None, validator=_opt_text)
    """The usual acronym, where there is one."""
    name: str = field(validator=_text)
    """Full English name."""
    aliases: tuple[str, ...] = field(default=(), validator=_texts())
    """Other names, spellings and acronyms in use."""
    kind: OrganizationKind = field(validator=_is(OrganizationKind))
    """What sort of body it is."""
    parent: str | None = field(ref="organizations", default=None, validator=_opt_id)
    """Id of the organization this one is part of (a division of IOM, an organ of the AU)."""
    website: str | None = field(default=None, validator=_opt_url)
    """Official website, where known."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the organization is named."""

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name it is known by: the name, the acronym, then the aliases."""
        return tuple(dict.fromkeys(n for n in (self.name, self.acronym, *self.aliases) if n))


@frozen(kw_only=True)
class Engagement:
    """What one organization does in one mechanism (e.g. IOM as technical secretariat)."""

    organization: str = field(ref="organizations", validator=_id)
    """Id of the organization."""
    mechanism: str = field(ref="mechanisms", validator=_id)
    """Id of the mechanism."""
    role: EngagementRole = field(validator=_is(EngagementRole))
    """What the organization does there."""
    partners: frozenset[str] = field(ref="organizations", factory=frozenset, validator=_ids())
    """Organizations the role is carried out together with."""
    in_consultation_with: frozenset[str] = field(
        ref="organizations", factory=frozenset, validator=_ids()
    )
    """Organizations the role is carried out in consultation with."""
    scope: str | None = field(default=None, validator=_opt_text)
    """The body the role concerns, where narrower than the mechanism (e.g. its Steering Group)."""
    through: str | None = field(ref="organizations", default=None, validator=_opt_id)
    """Id of the programme or unit through which the role is carried out."""
    note: str | None = field(default=None, validator=_opt_text)
    """Details of the role, in this project's words."""
    since: int | None = field(default=None, validator=_opt_year)
    """Year the role began, where known."""
    until: int | None = field(default=None, validator=_opt_year)
    """Year it ended; None while it lasts."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the role is stated."""

    def __attrs_post_init__(self) -> None:
        _check_period(self)
        if self.organization in self.partners | self.in_consultation_with:
            raise ValueError("an organization is not its own partner")


@frozen(kw_only=True)
class Publication:
    """A research publication about ISCMs (e.g. IOM's Migration Research Series)."""

    id: str = field(validator=_id)
    """Stable kebab-case identifier (e.g. ``mrs-45``)."""
    series: str | None = field(default=None, validator=_opt_text)
    """The series it belongs to, e.g. "Migration Research Series"."""
    number: int | None = field(default=None, validator=_opt_positive)
    """Its number in the series."""
    title: str = field(validator=_text)
    """Full title."""
    authors: tuple[str, ...] = field(default=(), validator=_texts())
    """Authors, as credited."""
    year: int | None = field(default=None, validator=_opt_year)
    """Year of publication."""
    publisher: str = field(ref="organizations", validator=_id)
    """Id of the publishing organization."""
    url: str | None = field(default=None, validator=_opt_url)
    """Where it can be read or ordered."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the publication is listed."""


@frozen(kw_only=True)
class Instrument:
    """An international convention or protocol that a targeted consultation rests on."""

    id: str = field(validator=_id)
    """Stable kebab-case identifier."""
    name: str = field(validator=_text)
    """Full name of the convention or protocol."""
    acronym: str | None = field(default=None, validator=_opt_text)
    """Short name or number, e.g. C143."""
    adopted: int | None = field(default=None, validator=_opt_year)
    """Year of adoption."""
    organization: str = field(ref="organizations", validator=_id)
    """Id of the organization responsible for the instrument."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the instrument is described."""


@frozen(kw_only=True)
class TargetedConsultation:
    """Migration consultations held inside a global body with treaty responsibilities."""

    id: str = field(validator=_id)
    """Stable kebab-case identifier."""
    organization: str = field(ref="organizations", validator=_id)
    """Id of the global body (ILO, UNHCR, UNODC)."""
    subject: str = field(validator=_text)
    """The part of migration the body is responsible for, in this project's words."""
    instruments: frozenset[str] = field(ref="instruments", validator=_ids(1))
    """Ids of the instruments the body's responsibility rests on."""
    mechanisms: frozenset[str] = field(ref="mechanisms", factory=frozenset, validator=_ids())
    """Ids of the forums where the consultations take place, where known."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the consultations and their basis are described."""


@frozen(kw_only=True)
class FocalPoint:
    """The unit of an organization that serves as its focal point for ISCMs, and what it does."""

    organization: str = field(ref="organizations", validator=_id)
    """Id of the unit (e.g. IOM's International Partnerships Division)."""
    functions: tuple[str, ...] = field(validator=_texts(1))
    """What the unit does, one function per item, in this project's words."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the unit's role is described."""


@frozen(kw_only=True)
class Meeting:
    """One meeting of a mechanism (e.g. a Global RCP / ISCM Meeting)."""

    mechanism: str = field(ref="mechanisms", validator=_id)
    """Id of the mechanism that met."""
    number: int | None = field(default=None, validator=_opt_positive)
    """Its number in the mechanism's series, where numbered."""
    year: int = field(validator=_year)
    """Year it took place."""
    date: datetime.date | None = field(default=None, validator=_opt_date)
    """The first day, where known."""
    place: str | None = field(default=None, validator=_opt_text)
    """City and country, e.g. "Geneva, Switzerland"."""
    host: str | None = field(default=None, validator=_opt_text)
    """Who hosted it: a State's ISO code, an organization id or a description."""
    theme: str | None = field(default=None, validator=_opt_text)
    """The theme of the meeting, where it had one."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the meeting is reported."""


# One short line per record (class, id, name): see iscm._repr.
for _cls, _fields in (
    (Source, ("key", "url")),
    (LocalizedName, ("lang", "name")),
    (Participation, ("state", "organization", "role")),
    (Association, ("type",)),
    (Secretariat, ("organization", "name")),
    (Chair, ("state", "organization", "as_of")),
    (Claim, ("topic", "value")),
    (MembershipRule, ("rule",)),
    (Mechanism, ("id", "name")),
    (Organization, ("id", "name")),
    (Engagement, ("organization", "mechanism", "role")),
    (Publication, ("id", "title")),
    (Instrument, ("id", "name")),
    (TargetedConsultation, ("id", "organization")),
    (FocalPoint, ("organization",)),
    (Meeting, ("mechanism", "year", "number")),
):
    _cls.__repr__ = short_repr(*_fields)  # type: ignore[method-assign]
