"""The closed vocabularies of the dataset.

Every enum carries string values: those strings are what the serialized dataset, the CSV export and
the command line use, so they are part of the public contract and never change meaning.
"""

from __future__ import annotations

import enum

__all__ = [
    "Aspect",
    "AssociationType",
    "EngagementRole",
    "Level",
    "MechanismKind",
    "OrganizationKind",
    "PanelStatus",
    "ParticipantRole",
    "Region",
    "Status",
    "Theme",
]


class Level(enum.StrEnum):
    """The level at which a mechanism brings States together (IOM's three-level classification)."""

    REGIONAL = "regional"
    """A regional consultative process (RCP)."""
    INTER_REGIONAL = "inter-regional"
    """An inter-regional forum (IRF)."""
    GLOBAL = "global"
    """A global process on migration."""

    @property
    def definition(self) -> str:
        """What the level means, in this project's words, after IOM's definitions."""
        return _LEVEL_DEFINITIONS[self]

    @property
    def short_name(self) -> str:
        """The abbreviation used for mechanisms at this level: RCP, IRF or global process."""
        return _LEVEL_SHORT_NAMES[self]


_LEVEL_DEFINITIONS = {
    Level.REGIONAL: (
        "Regional consultative process on migration (RCP): a State-led, continuing forum in which "
        "the States of one agreed region, usually a geographical one but sometimes a group such as "
        "countries of origin, share information and discuss migration policy; it may be tied to a "
        "formal regional institution or stay informal and non-binding."
    ),
    Level.INTER_REGIONAL: (
        "Inter-regional forum on migration (IRF): a State-led series of information-sharing and "
        "policy meetings on migration that usually links States of two or more regions; it may be "
        "tied to a formal inter-regional institution or stay informal and non-binding."
    ),
    Level.GLOBAL: (
        "Global process on migration: a policy dialogue on migration open to States worldwide, on "
        "migration governance as a whole or on one theme and its links with other fields such as "
        "development or labour; usually facilitated by an intergovernmental organization."
    ),
}

_LEVEL_SHORT_NAMES = {
    Level.REGIONAL: "RCP",
    Level.INTER_REGIONAL: "IRF",
    Level.GLOBAL: "global process",
}


class MechanismKind(enum.StrEnum):
    """How a mechanism is run, which also says whether IOM counts it as an ISCM."""

    STATE_LED = "state-led"
    """States own and steer the dialogue (RCPs, IRFs, the GFMD)."""
    IGO_FACILITATED = "igo-facilitated"
    """An intergovernmental organization convenes it (the IDM, the UN High-level Dialogues,
    the targeted consultations in treaty bodies, the Global RCP / ISCM Meetings)."""
    GLOBAL_INITIATIVE = "global-initiative"
    """A negotiated outcome such as the Global Compact for Migration: IOM does not count it as an
    ISCM; it is held for context and links only."""

    @property
    def is_iscm(self) -> bool:
        """Whether IOM counts mechanisms of this kind as inter-State consultation mechanisms."""
        return self is not MechanismKind.GLOBAL_INITIATIVE


class Status(enum.StrEnum):
    """Whether a mechanism still meets."""

    ACTIVE = "active"
    """Meets or works as a process today."""
    DORMANT = "dormant"
    """No meetings for years, but never formally closed."""
    ENDED = "ended"
    """Closed, merged into or replaced by another mechanism."""
    UNKNOWN = "unknown"
    """No source found says which."""


class AssociationType(enum.StrEnum):
    """Whether a mechanism is officially tied to an institution (IOM's formal / informal split)."""

    FORMAL = "formal"
    """Officially associated with a regional or inter-regional institution."""
    INFORMAL = "informal"
    """Informal and non-binding, tied to no institution."""
    UNKNOWN = "unknown"


class ParticipantRole(enum.StrEnum):
    """The role of a State or organization in a mechanism."""

    MEMBER = "member"
    """Takes part in full (for organizations: as a member organization or partner)."""
    OBSERVER = "observer"
    """Holds observer status: attends without being a member."""
    PARTNER = "partner"
    """Listed by the mechanism as a partner or friend ("partner States", a "Group of Friends",
    partner agencies): supports or joins its work without membership or observer status."""
    INVITED = "invited"
    """Invited to its meetings as a guest (ad hoc or by standing invitation), without
    membership, observer or partner status."""


class EngagementRole(enum.StrEnum):
    """What an organization does for or in a mechanism (the roles IOM's ISCM page names)."""

    MEMBER = "member"
    """Takes part as a participant or member."""
    LEAD = "lead"
    """Leads (convenes and steers) the mechanism."""
    COORDINATOR = "coordinator"
    """Coordinates the mechanism's meetings."""
    OBSERVER = "observer"
    """Attends as an observer."""
    TECHNICAL_SECRETARIAT = "technical-secretariat"
    """Serves as the mechanism's (technical) secretariat."""
    SECRETARIAT_SUPPORT = "secretariat-support"
    """Supports a mechanism that has a secretariat of its own."""
    ADMINISTRATIVE_HOST = "administrative-host"
    """Hosts a secretariat or support unit administratively."""


class OrganizationKind(enum.StrEnum):
    """What sort of body an organization is."""

    INTERGOVERNMENTAL = "intergovernmental"
    """An intergovernmental organization with global or cross-regional membership."""
    UN_ENTITY = "un-entity"
    """A body, agency, office or programme of the United Nations system."""
    REGIONAL = "regional"
    """A regional organization or regional economic community."""
    SUPRANATIONAL = "supranational"
    """A union of States with powers of its own, or one of its institutions."""
    SECRETARIAT = "secretariat"
    """The secretariat or support unit of a mechanism or of a group of States."""
    PROGRAMME = "programme"
    """A project or programme rather than a standing body."""
    UNIT = "unit"
    """A division or office inside a larger organization."""
    NON_GOVERNMENTAL = "non-governmental"
    """A non-governmental or civil-society body."""
    PUBLIC_AGENCY = "public-agency"
    """A national public body or foundation."""
    MOVEMENT = "movement"
    """The International Red Cross and Red Crescent Movement and its components."""


class Region(enum.StrEnum):
    """Broad world regions a mechanism's participants come from (coarse, for filtering)."""

    AFRICA = "africa"
    """The African continent."""
    AMERICAS = "americas"
    """North, Central and South America and the Caribbean."""
    ASIA = "asia"
    """Asia, including Central Asia."""
    EUROPE = "europe"
    """Europe, including the European Union's members and its eastern neighbours."""
    MIDDLE_EAST = "middle-east"
    """The Middle East and the Gulf."""
    OCEANIA = "oceania"
    """Australia, New Zealand and the Pacific islands."""
    WORLD = "world"
    """Open to States worldwide (global processes)."""


class Theme(enum.StrEnum):
    """The controlled vocabulary of thematic focus. Definitions: ``Theme.X.definition``."""

    LABOUR_MIGRATION = "labour-migration"
    MIGRATION_AND_DEVELOPMENT = "migration-and-development"
    REMITTANCES = "remittances"
    DIASPORA = "diaspora"
    TRAFFICKING_IN_PERSONS = "trafficking-in-persons"
    MIGRANT_SMUGGLING = "migrant-smuggling"
    IRREGULAR_MIGRATION = "irregular-migration"
    BORDER_MANAGEMENT = "border-management"
    RETURN_AND_REINTEGRATION = "return-and-reintegration"
    REFUGEE_PROTECTION_ASYLUM = "refugee-protection-asylum"
    MIXED_MIGRATION = "mixed-migration"
    MIGRANTS_RIGHTS = "migrants-rights"
    CHILDREN_VULNERABLE_MIGRANTS = "children-vulnerable-migrants"
    MIGRATION_HEALTH = "migration-health"
    MIGRATION_DATA = "migration-data"
    ENVIRONMENT_CLIMATE = "environment-climate"
    FREE_MOVEMENT_REGIONAL_INTEGRATION = "free-movement-regional-integration"
    INTEGRATION = "integration"
    VISA_AND_ADMISSION = "visa-and-admission"
    MIGRATION_GOVERNANCE_POLICY = "migration-governance-policy"

    @property
    def definition(self) -> str:
        """What the theme covers, in this project's words."""
        return _THEME_DEFINITIONS[self]


_THEME_DEFINITIONS = {
    Theme.LABOUR_MIGRATION: (
        "Moving for work and other lawful routes: recruitment, decent work, recognition of skills, "
        "temporary and circular schemes, students."
    ),
    Theme.MIGRATION_AND_DEVELOPMENT: (
        "How migration and development affect each other in places of origin and destination, "
        "including root causes and the Sustainable Development Goals."
    ),
    Theme.REMITTANCES: "Money that migrants send home: its cost, channels and use.",
    Theme.DIASPORA: "Links between States and their nationals or communities living abroad.",
    Theme.TRAFFICKING_IN_PERSONS: (
        "Preventing trafficking in persons, prosecuting it and protecting those trafficked."
    ),
    Theme.MIGRANT_SMUGGLING: "Countering the smuggling of migrants and related cross-border crime.",
    Theme.IRREGULAR_MIGRATION: (
        "Entry, stay or work outside the rules, including transit, and how States respond."
    ),
    Theme.BORDER_MANAGEMENT: (
        "Border control and integrated border management, documents, identity and interception."
    ),
    Theme.RETURN_AND_REINTEGRATION: (
        "Return of migrants, readmission and their reintegration in the country of origin."
    ),
    Theme.REFUGEE_PROTECTION_ASYLUM: (
        "Refugees, asylum systems, international protection and durable solutions."
    ),
    Theme.MIXED_MIGRATION: (
        "Movements in which refugees and other migrants travel together on the same routes."
    ),
    Theme.MIGRANTS_RIGHTS: "Human and labour rights of migrants and their protection.",
    Theme.CHILDREN_VULNERABLE_MIGRANTS: (
        "Unaccompanied children and other migrants in vulnerable situations, including in crises."
    ),
    Theme.MIGRATION_HEALTH: "Health of migrants and health aspects of mobility.",
    Theme.MIGRATION_DATA: "Collecting, sharing and analysing data and research on migration.",
    Theme.ENVIRONMENT_CLIMATE: (
        "Migration linked to disasters, environmental degradation and climate change."
    ),
    Theme.FREE_MOVEMENT_REGIONAL_INTEGRATION: (
        "Free movement of persons within a region and migration in regional integration."
    ),
    Theme.INTEGRATION: "Inclusion and integration of migrants in the societies that receive them.",
    Theme.VISA_AND_ADMISSION: "Visas, admission and entry policy.",
    Theme.MIGRATION_GOVERNANCE_POLICY: (
        "Migration policy, law, institutions and governance in general, and capacity building."
    ),
}


class Aspect(enum.StrEnum):
    """A group of facts about a mechanism that can be recorded as *unknown* (not the same as none).

    A mechanism lists in ``Mechanism.unknown`` the aspects for which no source was found. An aspect
    that is not listed there and has no value means *none*: e.g. no observers.
    """

    ESTABLISHED = "established"
    """The founding year."""
    STATUS = "status"
    """Whether it is active, dormant or ended."""
    ASSOCIATION = "association"
    """Whether it is tied to an institution."""
    MEMBERS = "members"
    """Who its members are."""
    OBSERVERS = "observers"
    """Who its observers are."""
    SECRETARIAT = "secretariat"
    """Who serves as its secretariat."""
    CHAIR = "chair"
    """Who chairs it."""
    THEMES = "themes"
    """What it works on."""
    WEBSITE = "website"
    """Its official website."""


class Coverage(enum.StrEnum):
    """What a record holds for one :class:`Aspect` (see :func:`iscm.analysis.coverage`)."""

    RECORDED = "recorded"
    """A value is recorded, and the record does not say it is incomplete."""
    PARTIAL = "partial"
    """Some values are recorded, but the list is known to be incomplete (also in ``unknown``)."""
    RULE = "rule"
    """Membership follows a rule (e.g. every AU member State) with no list expanded from it."""
    NONE = "none"
    """Known to be empty: e.g. no observers, no secretariat."""
    UNKNOWN = "unknown"
    """No source was found (listed in ``Mechanism.unknown``, or a status or association of
    "unknown")."""


class PanelStatus(enum.StrEnum):
    """A State's status in a mechanism in one year of the membership panel (see
    :func:`iscm.analysis.membership_panel`): what dated evidence supports, never more."""

    MEMBER = "member"
    """Dated evidence supports membership in that year."""
    OBSERVER = "observer"
    """Dated evidence supports observer status in that year."""
    NONE = "none"
    """After the year the participation ended (its ``until``): known not to take part."""
    UNKNOWN = "unknown"
    """No dated evidence either way: before the first evidence, or after the last evidence of a
    participation that has not ended."""
