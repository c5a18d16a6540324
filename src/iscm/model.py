"""The typed records of the dataset: frozen, slotted, keyword-only attrs classes.

Every collection is a ``tuple`` (order matters or is canonical) or a ``frozenset`` (order does
not); every record that states a fact carries at least one :class:`Source`. Validators check each
record on its own; checks that span records (unique ids, references between records) live in
:class:`iscm.Dataset`.

This module deliberately avoids ``from __future__ import annotations`` so that tools that read the
annotations at run time (cattrs, Hypothesis' ``builds``) see real types.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any, NoReturn

import attrs
from attrs import field, frozen

from iscm._countries import COUNTRY_NAMES
from iscm._repr import short_repr
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
from iscm.errors import DataError

__all__ = [
    "Association",
    "Chair",
    "Claim",
    "Engagement",
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

#: Pattern of every record id: lower-case words joined by single hyphens ("colombo-process").
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: Pattern of a language tag for localized names (ISO 639-1, e.g. "fr", "es", "pt").
LANG_PATTERN = r"[a-z]{2}"
#: Years the dataset accepts (the oldest forum held, the Red Cross and Red Crescent Conference,
#: first met in 1867).
MIN_YEAR, MAX_YEAR = 1800, 2100

# Validators are plain functions: composed attrs validators cost several calls per value, and the
# embedded data holds thousands of values. Each raises ValueError naming the field and the rule.
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
_ID_RE = re.compile(ID_PATTERN)
_LANG_RE = re.compile(LANG_PATTERN)
_URL_RE = re.compile(r"https?://\S+")


class FieldError(DataError):
    """A field's value breaks its rule; ``field`` names the field (for error paths).

    A :class:`~iscm.DataError`, so that constructing a record or a dataset with a bad value
    raises the library's one error type; ``message`` is the rule broken, without the path.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__([f"{message} @ $.{field}"])


def _fail(attribute: "attrs.Attribute[Any]", rule: str, value: Any) -> NoReturn:
    shown = repr(value)
    if len(shown) > 60:
        shown = f"{shown[:55]}...{shown[-2:]}"
    raise FieldError(attribute.name, f"{attribute.name!r} must be {rule}, got {shown}")


def _text(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not str or not value:
        _fail(attribute, "a non-empty string", value)


def _id(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not str or _ID_RE.fullmatch(value) is None:
        _fail(attribute, f"an id matching {ID_PATTERN!r}", value)


def _url(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not str or _URL_RE.fullmatch(value) is None:
        _fail(attribute, "an http(s) URL", value)


def _lang(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not str or _LANG_RE.fullmatch(value) is None:
        _fail(attribute, "an ISO 639-1 language code", value)


def _state(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not str or value not in COUNTRY_NAMES:
        _fail(attribute, "an ISO 3166-1 alpha-3 code (or XKX)", value)


def _year(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not int or not MIN_YEAR <= value <= MAX_YEAR:
        _fail(attribute, f"a year from {MIN_YEAR} to {MAX_YEAR}", value)


def _bool(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not bool:
        _fail(attribute, "true or false", value)


def _date(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not datetime.date:
        _fail(attribute, "a date", value)


def _month(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not int or not 1 <= value <= 12:
        _fail(attribute, "a month from 1 to 12", value)


def _positive(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if type(value) is not int or value < 1:
        _fail(attribute, "a positive integer", value)


def _optional(check: Validator) -> Validator:
    def validate(inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    return validate


def _is(kind: type) -> Validator:
    def validate(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
        if type(value) is not kind:
            _fail(attribute, f"a {kind.__name__}", value)

    return validate


def _exactly(value: Any, kind: type) -> bool:
    # Exact type, not isinstance: a list is not a tuple, a bool is not an int.
    return type(value) is kind


def _collection(container: type, item: Validator, what: str, min_items: int = 0) -> Validator:
    def validate(inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
        if not _exactly(value, container):
            _fail(attribute, f"a {container.__name__} of {what}", value)
        if len(value) < min_items:
            _fail(attribute, f"a {container.__name__} of at least {min_items} {what}", value)
        for element in value:
            item(inst, attribute, element)

    return validate


# The optional checks most records run are spelled out (one call instead of two per value).


def _opt_text(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if value is not None and (type(value) is not str or not value):
        _fail(attribute, "a non-empty string or null", value)


def _opt_id(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if value is not None and (type(value) is not str or _ID_RE.fullmatch(value) is None):
        _fail(attribute, f"an id matching {ID_PATTERN!r} or null", value)


def _opt_year(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if value is not None and (type(value) is not int or not MIN_YEAR <= value <= MAX_YEAR):
        _fail(attribute, f"a year from {MIN_YEAR} to {MAX_YEAR} or null", value)


def _opt_state(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
    if value is not None and (type(value) is not str or value not in COUNTRY_NAMES):
        _fail(attribute, "an ISO 3166-1 alpha-3 code (or XKX)", value)


_opt_date = _optional(_date)
_opt_url = _optional(_url)
_opt_positive = _optional(_positive)


def _ids(min_items: int = 0) -> Validator:
    return _collection(frozenset, _id, "ids", min_items)


def _texts(min_items: int = 0) -> Validator:
    return _collection(tuple, _text, "non-empty strings", min_items)


def _members_of(cls: type, *, min_items: int = 0) -> Validator:
    """A tuple of instances of exactly ``cls`` (checked inline: this runs for every record)."""

    def validate(_inst: Any, attribute: "attrs.Attribute[Any]", value: Any) -> None:
        if not _exactly(value, tuple) or len(value) < min_items:
            _fail(attribute, f"a tuple of at least {min_items} {cls.__name__}", value)
        for element in value:
            if type(element) is not cls:
                _fail(attribute, f"a tuple of {cls.__name__}", value)

    return validate


def _enum_set(enum_cls: type) -> Validator:
    return _collection(frozenset, _is(enum_cls), enum_cls.__name__)


def _sources() -> Validator:
    """Validator for a record's required, non-empty sources."""
    return _members_of(Source, min_items=1)


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

    state: str | None = field(default=None, validator=_opt_state)
    """ISO 3166-1 alpha-3 code of the State or territory (``XKX`` for Kosovo)."""
    organization: str | None = field(default=None, validator=_opt_id)
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
    institutions: frozenset[str] = field(factory=frozenset, validator=_ids())
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

    organization: str | None = field(default=None, validator=_opt_id)
    """Id of the organization that serves as secretariat, where it is one in the dataset."""
    name: str | None = field(default=None, validator=_opt_text)
    """How the secretariat is described where it is not (only) an organization."""
    partners: frozenset[str] = field(factory=frozenset, validator=_ids())
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

    state: str | None = field(default=None, validator=_opt_state)
    """ISO code of the chairing State, where a State chairs."""
    organization: str | None = field(default=None, validator=_opt_id)
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
    organizations: frozenset[str] = field(factory=frozenset, validator=_ids())
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
    established_month: int | None = field(default=None, validator=_optional(_month))
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
    secretariat: tuple[Secretariat, ...] = field(default=(), validator=_members_of(Secretariat))
    """Secretariat history, earliest first; the entries without ``until`` are current."""
    chairs: tuple[Chair, ...] = field(default=(), validator=_members_of(Chair))
    """Chairs, earliest first; the last one is the latest known."""
    themes: frozenset[Theme] = field(factory=frozenset, validator=_enum_set(Theme))
    """Thematic focus, from the controlled vocabulary :class:`Theme`."""
    website: str | None = field(default=None, validator=_opt_url)
    """Official website, where there is one."""
    predecessors: frozenset[str] = field(factory=frozenset, validator=_ids())
    """Ids of the mechanisms it continues (e.g. the Söderköping Process for the Eastern Partnership
    Panel)."""
    successors: frozenset[str] = field(factory=frozenset, validator=_ids())
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
    parent: str | None = field(default=None, validator=_opt_id)
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

    organization: str = field(validator=_id)
    """Id of the organization."""
    mechanism: str = field(validator=_id)
    """Id of the mechanism."""
    role: EngagementRole = field(validator=_is(EngagementRole))
    """What the organization does there."""
    partners: frozenset[str] = field(factory=frozenset, validator=_ids())
    """Organizations the role is carried out together with."""
    in_consultation_with: frozenset[str] = field(factory=frozenset, validator=_ids())
    """Organizations the role is carried out in consultation with."""
    scope: str | None = field(default=None, validator=_opt_text)
    """The body the role concerns, where narrower than the mechanism (e.g. its Steering Group)."""
    through: str | None = field(default=None, validator=_opt_id)
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
    publisher: str = field(validator=_id)
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
    organization: str = field(validator=_id)
    """Id of the organization responsible for the instrument."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the instrument is described."""


@frozen(kw_only=True)
class TargetedConsultation:
    """Migration consultations held inside a global body with treaty responsibilities."""

    id: str = field(validator=_id)
    """Stable kebab-case identifier."""
    organization: str = field(validator=_id)
    """Id of the global body (ILO, UNHCR, UNODC)."""
    subject: str = field(validator=_text)
    """The part of migration the body is responsible for, in this project's words."""
    instruments: frozenset[str] = field(validator=_ids(1))
    """Ids of the instruments the body's responsibility rests on."""
    mechanisms: frozenset[str] = field(factory=frozenset, validator=_ids())
    """Ids of the forums where the consultations take place, where known."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the consultations and their basis are described."""


@frozen(kw_only=True)
class FocalPoint:
    """The unit of an organization that serves as its focal point for ISCMs, and what it does."""

    organization: str = field(validator=_id)
    """Id of the unit (e.g. IOM's International Partnerships Division)."""
    functions: tuple[str, ...] = field(validator=_texts(1))
    """What the unit does, one function per item, in this project's words."""
    sources: tuple[Source, ...] = field(validator=_sources())
    """Where the unit's role is described."""


@frozen(kw_only=True)
class Meeting:
    """One meeting of a mechanism (e.g. a Global RCP / ISCM Meeting)."""

    mechanism: str = field(validator=_id)
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
