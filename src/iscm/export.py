"""The dataset as flat tables (CSV, a Frictionless Data Package, pandas) and as graphs (networkx),
with a description of every table, column and key.

:func:`tables` turns a :class:`~iscm.Dataset` into tidy tables: one row per record, one value per
cell. Lists of references get link tables of their own (``themes``, ``engagement_links``, ...);
only two closed vocabularies stay in one cell, joined with ``";"`` (``mechanisms.regions`` and
``mechanisms.unknown``). Every table, column, key and reference is described in :data:`TABLES`,
:data:`COLUMNS`, :data:`PRIMARY_KEYS` and :data:`FOREIGN_KEYS`. Every source is one row of
``sources`` with a stable ``source_id``; ``citations`` says which row cites which source.

Output is deterministic: the same dataset always gives the same rows, bytes and files. Nothing here
reads the network; pandas and networkx are imported only inside the functions that need them
(install the extras ``iscm-data[pandas]`` or ``iscm-data[networkx]``), and importing this module
imports neither them nor cattrs.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import os
import pathlib
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from iscm import _files
from iscm._countries import COUNTRY_NAMES
from iscm.dataset import Dataset
from iscm.enums import (
    AssociationType,
    EngagementRole,
    Level,
    MechanismKind,
    OrganizationKind,
    ParticipantRole,
    Status,
    Theme,
)
from iscm.model import Mechanism, Meeting, Source

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped, import-not-found, unused-ignore]
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = [
    "COLUMNS",
    "FOREIGN_KEYS",
    "PRIMARY_KEYS",
    "TABLES",
    "co_membership",
    "source_id",
    "tables",
    "to_networkx",
    "to_pandas",
    "write_csv",
    "write_datapackage",
]

#: A cell: text, a whole number, a number, true/false, or None (empty, unknown or not applicable).
#: Dates are ISO 8601 text (``YYYY-MM-DD``).
Value = str | int | float | bool | None
Row = dict[str, Value]
Table = tuple[Row, ...]
#: A foreign key: the columns of this table, the table they point to, the columns there.
ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...]]


class _Spec(NamedTuple):
    description: str
    columns: dict[str, tuple[str, str]]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    required: tuple[str, ...] = ()
    """Columns never empty, besides the primary key's."""
    enums: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - never mutated
    """Columns whose values come from a closed vocabulary."""


def _values(enum_cls: type[enum.StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum_cls)


_MECH: Final = (("mechanism",), "mechanisms", ("id",))
_ORG: Final = (("organization",), "organizations", ("id",))
_STATE: Final = (("state",), "states", ("code",))
_N = ("integer", "Position of the row among the rows of the same record, from 1, in data order.")
_SINCE = ("integer", "First year, where known.")
_UNTIL = ("integer", "Last year, where it has ended and the year is known.")
_NOTE = ("string", "A note on the row, in this project's words.")
_CURRENT = ("boolean", "Whether it has not ended (no until year).")
_MECHANISM = ("string", "Id of the mechanism (mechanisms.id).")
_ORGANIZATION = ("string", "Id of the organization (organizations.id).")
_SEP = '";"-separated, sorted'

_SPECS: Final[dict[str, _Spec]] = {
    "mechanisms": _Spec(
        "Inter-State consultation mechanisms on migration (and related global initiatives).",
        {
            "id": ("string", "Stable kebab-case identifier."),
            "acronym": ("string", "Usual acronym, where there is one."),
            "name": ("string", "Full official English name."),
            "level": ("string", "regional, inter-regional or global (IOM's classification)."),
            "kind": ("string", "How it is run: state-led, igo-facilitated or global-initiative."),
            "is_iscm": (
                "boolean",
                "Whether IOM counts it as an ISCM (kind is not global-initiative).",
            ),
            "region": ("string", "The region or regions covered, as IOM describes them."),
            "regions": ("string", f"Broad world regions the participants come from, {_SEP}."),
            "description": ("string", "A short account of the mechanism, in this project's words."),
            "established": ("integer", "Year established, where known."),
            "established_month": ("integer", "Month established (1-12), where known."),
            "founding_event": ("string", "The meeting or act that founded it, where known."),
            "status": ("string", "active, dormant, ended or unknown."),
            "status_since": ("integer", "Year it became dormant or ended, where known."),
            "association_type": (
                "string",
                "formal (tied to an institution: see association_institutions), informal or "
                "unknown.",
            ),
            "association_note": ("string", "A note on the association."),
            "membership_rule": (
                "string",
                "The rule defining membership (e.g. every AU member State), where there is one; "
                "the organizations it refers to are in membership_rule_organizations.",
            ),
            "membership_rule_as_of": ("date", "The date on which the member list was true."),
            "website": ("string", "Official website."),
            "unknown": (
                "string",
                f"Aspects for which no source was found (unknown, not none), {_SEP}.",
            ),
            "participants_follow": (
                "string",
                "The document the participant lists follow, or why no recent list exists.",
            ),
            "participants_dated": ("integer", "The year of that document, where it is dated."),
            "reviewed": ("date", "The day the record was last checked against its sources."),
            "member_state_count": ("integer", "Number of current member States."),
            "observer_state_count": ("integer", "Number of current observer States."),
        },
        ("id",),
        required=(
            *("name", "level", "kind", "is_iscm", "region", "status", "association_type"),
            *("member_state_count", "observer_state_count"),
        ),
        enums={
            "level": _values(Level),
            "kind": _values(MechanismKind),
            "status": _values(Status),
            "association_type": _values(AssociationType),
        },
    ),
    "mechanism_names": _Spec(
        "Every name of every mechanism: its English name, its aliases and its translations.",
        {
            "mechanism": _MECHANISM,
            "n": _N,
            "type": (
                "string",
                "name (the official English name), alias (another English name or spelling) or "
                "translation (a name in another language).",
            ),
            "lang": ("string", "ISO 639-1 language code (en for names and aliases)."),
            "name": ("string", "The name."),
            "acronym": ("string", "The acronym that goes with the name, where there is one."),
            "official": (
                "boolean",
                "Whether the mechanism itself uses the name (empty for aliases: not recorded).",
            ),
        },
        ("mechanism", "n"),
        (_MECH,),
        required=("type", "lang", "name"),
        enums={"type": ("name", "alias", "translation")},
    ),
    "mechanism_relations": _Spec(
        "Predecessors and successors of mechanisms.",
        {
            "mechanism": _MECHANISM,
            "relation": ("string", "predecessor or successor: what the related mechanism is."),
            "related": ("string", "Id of the related mechanism (mechanisms.id)."),
        },
        ("mechanism", "relation", "related"),
        (_MECH, (("related",), "mechanisms", ("id",))),
        enums={"relation": ("predecessor", "successor")},
    ),
    "association_institutions": _Spec(
        "The institutions a formally associated mechanism is tied to.",
        {"mechanism": _MECHANISM, "organization": _ORGANIZATION},
        ("mechanism", "organization"),
        (_MECH, _ORG),
    ),
    "membership_rule_organizations": _Spec(
        "The organizations whose membership a mechanism's membership rule refers to.",
        {"mechanism": _MECHANISM, "organization": _ORGANIZATION},
        ("mechanism", "organization"),
        (_MECH, _ORG),
    ),
    "participations": _Spec(
        "States and organizations taking part in mechanisms as members or observers.",
        {
            "mechanism": _MECHANISM,
            "n": _N,
            "state": ("string", "ISO 3166-1 alpha-3 code of the State (states.code), or empty."),
            "organization": ("string", "Id of the organization (organizations.id), or empty."),
            "role": ("string", "member or observer."),
            "since": _SINCE,
            "until": _UNTIL,
            "current": _CURRENT,
            "note": _NOTE,
        },
        ("mechanism", "n"),
        (_MECH, _STATE, _ORG),
        required=("role", "current"),
        enums={"role": _values(ParticipantRole)},
    ),
    "states": _Spec(
        "The States the tables refer to.",
        {
            "code": ("string", "ISO 3166-1 alpha-3 code (XKX for Kosovo)."),
            "name": ("string", "English short name."),
        },
        ("code",),
        required=("name",),
    ),
    "engagements": _Spec(
        "What organizations do in mechanisms (e.g. IOM as technical secretariat).",
        {
            "engagement": ("integer", "Row number, from 1, in canonical order."),
            "mechanism": _MECHANISM,
            "organization": _ORGANIZATION,
            "role": (
                "string",
                "member, lead, coordinator, observer, technical-secretariat, secretariat-support "
                "or administrative-host.",
            ),
            "scope": ("string", "The body the role concerns, where narrower than the mechanism."),
            "through": ("string", "Id of the programme or unit carrying out the role."),
            "since": _SINCE,
            "until": _UNTIL,
            "note": _NOTE,
        },
        ("engagement",),
        (_MECH, _ORG, (("through",), "organizations", ("id",))),
        required=("mechanism", "organization", "role"),
        enums={"role": _values(EngagementRole)},
    ),
    "engagement_links": _Spec(
        "Organizations an engagement is carried out together with, or in consultation with.",
        {
            "engagement": ("integer", "The engagement (engagements.engagement)."),
            "relation": ("string", "partner or in_consultation_with."),
            "organization": _ORGANIZATION,
        },
        ("engagement", "relation", "organization"),
        ((("engagement",), "engagements", ("engagement",)), _ORG),
        enums={"relation": ("partner", "in_consultation_with")},
    ),
    "organizations": _Spec(
        "Organizations referenced by the dataset.",
        {
            "id": ("string", "Stable kebab-case identifier."),
            "acronym": ("string", "Usual acronym, where there is one."),
            "name": ("string", "Full English name."),
            "kind": ("string", "What sort of body it is."),
            "parent": ("string", "Id of the organization it is part of (organizations.id)."),
            "website": ("string", "Official website."),
        },
        ("id",),
        ((("parent",), "organizations", ("id",)),),
        required=("name", "kind"),
        enums={"kind": _values(OrganizationKind)},
    ),
    "organization_aliases": _Spec(
        "Other names of organizations.",
        {"organization": _ORGANIZATION, "n": _N, "alias": ("string", "The name.")},
        ("organization", "n"),
        (_ORG,),
        required=("alias",),
    ),
    "secretariats": _Spec(
        "Who serves as each mechanism's secretariat, earliest first.",
        {
            "mechanism": _MECHANISM,
            "n": _N,
            "organization": ("string", "Id of the organization serving (organizations.id)."),
            "name": ("string", "How the secretariat is described."),
            "since": _SINCE,
            "until": _UNTIL,
            "current": _CURRENT,
            "note": _NOTE,
        },
        ("mechanism", "n"),
        (_MECH, _ORG),
        required=("current",),
    ),
    "secretariat_partners": _Spec(
        "Organizations a secretariat works with.",
        {
            "mechanism": _MECHANISM,
            "n": ("integer", "The secretariat (secretariats.n of the mechanism)."),
            "organization": _ORGANIZATION,
        },
        ("mechanism", "n", "organization"),
        (_MECH, (("mechanism", "n"), "secretariats", ("mechanism", "n")), _ORG),
    ),
    "chairs": _Spec(
        "States or organizations chairing mechanisms, earliest first.",
        {
            "mechanism": _MECHANISM,
            "n": _N,
            "state": ("string", "ISO 3166-1 alpha-3 code of the State (states.code), or empty."),
            "organization": ("string", "Id of the organization (organizations.id), or empty."),
            "since": _SINCE,
            "until": _UNTIL,
            "as_of": ("date", "The date on which a source showed this chair."),
            "latest": ("boolean", "Whether it is the latest known chair of the mechanism."),
            "note": _NOTE,
        },
        ("mechanism", "n"),
        (_MECH, _STATE, _ORG),
        required=("latest",),
    ),
    "claims": _Spec(
        "Statements of facts on which sources disagree, each with its sources.",
        {
            "mechanism": _MECHANISM,
            "n": _N,
            "topic": ("string", "The fact concerned (established, member-count, ...)."),
            "value": ("string", "What the source states."),
            "adopted": ("boolean", "Whether the dataset uses this claim in its fields."),
            "note": _NOTE,
        },
        ("mechanism", "n"),
        (_MECH,),
        required=("topic", "value", "adopted"),
    ),
    "themes": _Spec(
        "The themes mechanisms work on (controlled vocabulary).",
        {"mechanism": _MECHANISM, "theme": ("string", "The theme.")},
        ("mechanism", "theme"),
        (_MECH,),
        enums={"theme": _values(Theme)},
    ),
    "meetings": _Spec(
        "Meetings of mechanisms.",
        {
            "mechanism": _MECHANISM,
            "n": ("integer", "Position among the mechanism's meetings, from 1, by year."),
            "number": ("integer", "The meeting's own number, where it has one."),
            "year": ("integer", "Year held."),
            "date": ("date", "First day, where known."),
            "place": ("string", "Where it was held."),
            "host": ("string", "Who hosted it: an ISO code, an organization id or a description."),
            "theme": ("string", "Its theme or title."),
        },
        ("mechanism", "n"),
        (_MECH,),
        required=("year",),
    ),
    "publications": _Spec(
        "Research publications about ISCMs.",
        {
            "id": ("string", "Stable kebab-case identifier."),
            "series": ("string", "The series it is part of."),
            "number": ("integer", "Its number in the series."),
            "title": ("string", "Title."),
            "year": ("integer", "Year published."),
            "publisher": ("string", "Id of the publishing organization (organizations.id)."),
            "url": ("string", "Where it can be read."),
        },
        ("id",),
        ((("publisher",), "organizations", ("id",)),),
        required=("title", "publisher"),
    ),
    "publication_authors": _Spec(
        "Authors of publications, in order.",
        {
            "publication": ("string", "Id of the publication (publications.id)."),
            "n": _N,
            "author": ("string", "Name of the author."),
        },
        ("publication", "n"),
        ((("publication",), "publications", ("id",)),),
        required=("author",),
    ),
    "instruments": _Spec(
        "International conventions and protocols that targeted consultations rest on.",
        {
            "id": ("string", "Stable kebab-case identifier."),
            "name": ("string", "Full name."),
            "acronym": ("string", "Usual acronym, where there is one."),
            "adopted": ("integer", "Year adopted."),
            "organization": ("string", "Id of the organization responsible (organizations.id)."),
        },
        ("id",),
        (_ORG,),
        required=("name", "organization"),
    ),
    "consultations": _Spec(
        "Targeted consultations on migration held inside global bodies with treaty duties.",
        {
            "id": ("string", "Stable kebab-case identifier."),
            "organization": ("string", "Id of the body (organizations.id)."),
            "subject": ("string", "The part of migration the body is responsible for."),
        },
        ("id",),
        (_ORG,),
        required=("organization", "subject"),
    ),
    "consultation_instruments": _Spec(
        "The instruments a targeted consultation rests on.",
        {
            "consultation": ("string", "Id of the consultation (consultations.id)."),
            "instrument": ("string", "Id of the instrument (instruments.id)."),
        },
        ("consultation", "instrument"),
        (
            (("consultation",), "consultations", ("id",)),
            (("instrument",), "instruments", ("id",)),
        ),
    ),
    "consultation_mechanisms": _Spec(
        "The forums where a targeted consultation takes place.",
        {
            "consultation": ("string", "Id of the consultation (consultations.id)."),
            "mechanism": _MECHANISM,
        },
        ("consultation", "mechanism"),
        ((("consultation",), "consultations", ("id",)), _MECH),
    ),
    "focal_points": _Spec(
        "Units that serve as their organization's focal point for ISCMs.",
        {"organization": ("string", "Id of the unit (organizations.id).")},
        ("organization",),
        (_ORG,),
    ),
    "focal_point_functions": _Spec(
        "What each focal point does, one function per row.",
        {
            "organization": ("string", "Id of the unit (focal_points.organization)."),
            "n": _N,
            "function": ("string", "The function, in this project's words."),
        },
        ("organization", "n"),
        ((("organization",), "focal_points", ("organization",)),),
        required=("function",),
    ),
    "sources": _Spec(
        "Every public document cited, once.",
        {
            "source_id": (
                "string",
                "Stable identifier, a short hash of url, title, publisher and accessed: the id by "
                "which the dataset's JSON file cites the source (Source.id).",
            ),
            "url": ("string", "Where the document is."),
            "title": ("string", "Its title."),
            "publisher": ("string", "Who published it."),
            "accessed": ("date", "The day it was read for this dataset."),
        },
        ("source_id",),
        required=("url", "title", "publisher", "accessed"),
    ),
    "citations": _Spec(
        "Which row cites which source.",
        {
            "table": ("string", "The table of the citing row."),
            "record": (
                "string",
                'The primary key of the citing row in that table, its values joined with "/" '
                "(colombo-process, colombo-process/3, 17).",
            ),
            "about": (
                "string",
                "What the source supports: the row (record), or, for mechanisms, its association "
                "or membership rule.",
            ),
            "n": ("integer", "Position of the source among the row's sources, from 1."),
            "source_id": ("string", "The source (sources.source_id)."),
        },
        ("table", "record", "about", "n"),
        ((("source_id",), "sources", ("source_id",)),),
        required=("source_id",),
        enums={"about": ("record", "association", "membership_rule")},
    ),
}

#: The tables, in export order, with a description of each.
TABLES: Final[Mapping[str, str]] = types.MappingProxyType(
    {name: spec.description for name, spec in _SPECS.items()}
)
#: For each table, its columns in order: name -> (type, description). Types are Table Schema
#: types: ``string``, ``integer``, ``number``, ``boolean`` or ``date`` (ISO text in the rows).
COLUMNS: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = types.MappingProxyType(
    {name: types.MappingProxyType(spec.columns) for name, spec in _SPECS.items()}
)
#: For each table, the columns whose values identify a row.
PRIMARY_KEYS: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {name: spec.primary_key for name, spec in _SPECS.items()}
)
#: For each table, its references: (columns, table referred to, columns there). An empty cell
#: refers to nothing.
FOREIGN_KEYS: Final[Mapping[str, tuple[ForeignKey, ...]]] = types.MappingProxyType(
    {name: spec.foreign_keys for name, spec in _SPECS.items()}
)

# -- tables ------------------------------------------------------------------------------------


def _join(items: Iterable[str]) -> str | None:
    joined = ";".join(sorted(items))
    return joined or None


def _date(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def source_id(source: Source) -> str:
    """The stable identifier of a source in the ``sources`` table: :attr:`iscm.Source.id`, the
    id by which a dataset file cites it (a short hash of its url, title, publisher and date)."""
    return source.id


class _Builder:
    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {name: [] for name in _SPECS}
        self.sources: dict[Source, str] = {}
        self.ids: dict[str, Source] = {}

    def add(self, table: str, /, **values: Value) -> None:
        columns = _SPECS[table].columns
        if values.keys() != columns.keys():
            raise RuntimeError(f"row of {table} has columns {sorted(values)}")  # a bug here
        self.rows[table].append({name: values[name] for name in columns})

    def cite(
        self, table: str, record: str, sources: Sequence[Source], about: str = "record"
    ) -> None:
        for n, source in enumerate(sources, start=1):
            sid = self.sources.get(source)
            if sid is None:
                sid = source_id(source)
                other = self.ids.setdefault(sid, source)
                if other != source:
                    raise ValueError(f"two sources share the id {sid}: {other!r} and {source!r}")
                self.sources[source] = sid
            self.add("citations", table=table, record=record, about=about, n=n, source_id=sid)


def tables(dataset: Dataset) -> dict[str, Table]:
    """The dataset as tidy tables: table name -> rows (column name -> value), in :data:`TABLES`
    order.

    Rows come in a fixed order (records in the dataset's canonical order, their parts in data
    order, sets sorted), so the same dataset always gives the same tables.
    """
    b = _Builder()
    states: set[str] = set()
    for m in dataset.mechanisms:
        _mechanism(b, m, states)
    for code in sorted(states):
        b.add("states", code=code, name=COUNTRY_NAMES[code])
    for number, e in enumerate(dataset.engagements, start=1):
        b.add(
            "engagements",
            engagement=number,
            mechanism=e.mechanism,
            organization=e.organization,
            role=e.role.value,
            scope=e.scope,
            through=e.through,
            since=e.since,
            until=e.until,
            note=e.note,
        )
        for relation, orgs in (
            ("partner", e.partners),
            ("in_consultation_with", e.in_consultation_with),
        ):
            for org in sorted(orgs):
                b.add("engagement_links", engagement=number, relation=relation, organization=org)
        b.cite("engagements", str(number), e.sources)
    for o in dataset.organizations:
        b.add(
            "organizations",
            id=o.id,
            acronym=o.acronym,
            name=o.name,
            kind=o.kind.value,
            parent=o.parent,
            website=o.website,
        )
        for n, alias in enumerate(o.aliases, start=1):
            b.add("organization_aliases", organization=o.id, n=n, alias=alias)
        b.cite("organizations", o.id, o.sources)
    for mt_mech, meetings in _group_meetings(dataset):
        for n, mt in enumerate(meetings, start=1):
            b.add(
                "meetings",
                mechanism=mt_mech,
                n=n,
                number=mt.number,
                year=mt.year,
                date=_date(mt.date),
                place=mt.place,
                host=mt.host,
                theme=mt.theme,
            )
            b.cite("meetings", f"{mt_mech}/{n}", mt.sources)
    for p in dataset.publications:
        b.add(
            "publications",
            id=p.id,
            series=p.series,
            number=p.number,
            title=p.title,
            year=p.year,
            publisher=p.publisher,
            url=p.url,
        )
        for n, author in enumerate(p.authors, start=1):
            b.add("publication_authors", publication=p.id, n=n, author=author)
        b.cite("publications", p.id, p.sources)
    for i in dataset.instruments:
        b.add(
            "instruments",
            id=i.id,
            name=i.name,
            acronym=i.acronym,
            adopted=i.adopted,
            organization=i.organization,
        )
        b.cite("instruments", i.id, i.sources)
    for c in dataset.consultations:
        b.add("consultations", id=c.id, organization=c.organization, subject=c.subject)
        for ins in sorted(c.instruments):
            b.add("consultation_instruments", consultation=c.id, instrument=ins)
        for mech in sorted(c.mechanisms):
            b.add("consultation_mechanisms", consultation=c.id, mechanism=mech)
        b.cite("consultations", c.id, c.sources)
    for f in dataset.focal_points:
        b.add("focal_points", organization=f.organization)
        for n, function in enumerate(f.functions, start=1):
            b.add("focal_point_functions", organization=f.organization, n=n, function=function)
        b.cite("focal_points", f.organization, f.sources)
    for source in sorted(b.sources, key=lambda s: (s.url, s.accessed, s.title, s.publisher)):
        b.add(
            "sources",
            source_id=b.sources[source],
            url=source.url,
            title=source.title,
            publisher=source.publisher,
            accessed=source.accessed.isoformat(),
        )
    return {name: tuple(rows) for name, rows in b.rows.items()}


def _group_meetings(dataset: Dataset) -> list[tuple[str, list[Meeting]]]:
    groups: dict[str, list[Meeting]] = {}
    for mt in dataset.meetings:  # already sorted by mechanism, year, number
        groups.setdefault(mt.mechanism, []).append(mt)
    return sorted(groups.items(), key=lambda item: item[0])


def _mechanism(b: _Builder, m: Mechanism, states: set[str]) -> None:
    rule = m.membership_rule
    b.add(
        "mechanisms",
        id=m.id,
        acronym=m.acronym,
        name=m.name,
        level=m.level.value,
        kind=m.kind.value,
        is_iscm=m.is_iscm,
        region=m.region,
        regions=_join(r.value for r in m.regions),
        description=m.description,
        established=m.established,
        established_month=m.established_month,
        founding_event=m.founding_event,
        status=m.status.value,
        status_since=m.status_since,
        association_type=m.association.type.value,
        association_note=m.association.note,
        membership_rule=None if rule is None else rule.rule,
        membership_rule_as_of=None if rule is None else rule.as_of.isoformat(),
        website=m.website,
        unknown=_join(a.value for a in m.unknown),
        participants_follow=m.participants_follow,
        participants_dated=m.participants_dated,
        reviewed=None if m.reviewed is None else m.reviewed.isoformat(),
        member_state_count=len(m.member_states),
        observer_state_count=len(m.observer_states),
    )
    b.cite("mechanisms", m.id, m.sources)
    b.cite("mechanisms", m.id, m.association.sources, about="association")
    if rule is not None:
        b.cite("mechanisms", m.id, rule.sources, about="membership_rule")
        for org in sorted(rule.organizations):
            b.add("membership_rule_organizations", mechanism=m.id, organization=org)
    for org in sorted(m.association.institutions):
        b.add("association_institutions", mechanism=m.id, organization=org)
    names: list[tuple[str, str, str, str | None, bool | None, Sequence[Source]]] = [
        ("name", "en", m.name, m.acronym, True, ()),
        *(("alias", "en", alias, None, None, ()) for alias in m.aliases),
        *(
            ("translation", t.lang, t.name, t.acronym, t.official, t.sources)
            for t in m.translations
        ),
    ]
    for n, (kind, lang, name, acronym, official, sources) in enumerate(names, start=1):
        b.add(
            "mechanism_names",
            mechanism=m.id,
            n=n,
            type=kind,
            lang=lang,
            name=name,
            acronym=acronym,
            official=official,
        )
        b.cite("mechanism_names", f"{m.id}/{n}", sources)
    for relation, related in (("predecessor", m.predecessors), ("successor", m.successors)):
        for other in sorted(related):
            b.add("mechanism_relations", mechanism=m.id, relation=relation, related=other)
    for n, p in enumerate(m.participants, start=1):
        if p.state is not None:
            states.add(p.state)
        b.add(
            "participations",
            mechanism=m.id,
            n=n,
            state=p.state,
            organization=p.organization,
            role=p.role.value,
            since=p.since,
            until=p.until,
            current=p.current,
            note=p.note,
        )
        b.cite("participations", f"{m.id}/{n}", p.sources)
    for n, s in enumerate(m.secretariat, start=1):
        b.add(
            "secretariats",
            mechanism=m.id,
            n=n,
            organization=s.organization,
            name=s.name,
            since=s.since,
            until=s.until,
            current=s.until is None,
            note=s.note,
        )
        for org in sorted(s.partners):
            b.add("secretariat_partners", mechanism=m.id, n=n, organization=org)
        b.cite("secretariats", f"{m.id}/{n}", s.sources)
    for n, c in enumerate(m.chairs, start=1):
        if c.state is not None:
            states.add(c.state)
        b.add(
            "chairs",
            mechanism=m.id,
            n=n,
            state=c.state,
            organization=c.organization,
            since=c.since,
            until=c.until,
            as_of=_date(c.as_of),
            latest=n == len(m.chairs),
            note=c.note,
        )
        b.cite("chairs", f"{m.id}/{n}", c.sources)
    for n, cl in enumerate(m.claims, start=1):
        b.add(
            "claims",
            mechanism=m.id,
            n=n,
            topic=cl.topic,
            value=cl.value,
            adopted=cl.adopted,
            note=cl.note,
        )
        b.cite("claims", f"{m.id}/{n}", cl.sources)
    for theme in sorted(t.value for t in m.themes):
        b.add("themes", mechanism=m.id, theme=theme)


# -- CSV and Data Package ----------------------------------------------------------------------


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


_MUST_QUOTE: Final = frozenset(',"\r\n')


def _csv_field(text: str) -> str:
    # RFC 4180 quoting, done here: the csv module leaves a lone "\r" unquoted when lines end
    # with "\n", and its own reader then splits the row there.
    if _MUST_QUOTE.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def _csv_text(table: str, rows: Table) -> str:
    columns = list(_SPECS[table].columns)
    lines = [",".join(_csv_field(c) for c in columns)]
    lines.extend(",".join(_csv_field(_cell(row[c])) for c in columns) for row in rows)
    return "\n".join(lines) + "\n"


def write_csv(dataset: Dataset, directory: str | os.PathLike[str]) -> list[pathlib.Path]:
    """Write one CSV file per table (``<table>.csv``) into ``directory``, creating it if needed.

    UTF-8 without a byte order mark, a header row, ``\\n`` line ends, ``true``/``false`` for
    booleans, an empty cell for None. Returns the paths written, in :data:`TABLES` order.
    Each file is written atomically (a temporary file renamed over it) and an existing file is
    replaced, but a path that is a symbolic link or a directory raises ``OSError``: nothing is
    written through a link.
    """
    return list(_write_csv(tables(dataset), pathlib.Path(directory)).values())


def _write_csv(data: Mapping[str, Table], directory: pathlib.Path) -> dict[str, pathlib.Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, pathlib.Path] = {}
    for name, content in _csv_files(data).items():
        path = directory / name
        _files.write_atomic(path, content, replace=True)
        written[name.removesuffix(".csv")] = path
    return written


def _csv_files(data: Mapping[str, Table]) -> dict[str, bytes]:
    """The CSV files of the tables: file name -> bytes."""
    return {f"{name}.csv": _csv_text(name, rows).encode("utf-8") for name, rows in data.items()}


def _package_files(dataset: Dataset) -> dict[str, bytes]:
    """The files of the Data Package (the CSV files, then ``datapackage.json``)."""
    data = tables(dataset)
    text = json.dumps(_descriptor(dataset, data), indent=2, ensure_ascii=False) + "\n"
    return {**_csv_files(data), "datapackage.json": text.encode("utf-8")}


#: Data Package metadata that does not come from the data.
_PACKAGE_LICENSE: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
_PACKAGE_SOURCE: Final = {
    "title": "International Organization for Migration (IOM): Inter-State Consultation "
    "Mechanisms on Migration",
    "path": "https://iom.int/inter-state-consultation-mechanisms-migration",
}


def _descriptor(dataset: Dataset, data: Mapping[str, Table]) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor (Frictionless Data Package v2) for the CSV files.

    The descriptor records each file's size and SHA-256 hash, computed from the tables.
    """
    resources = []
    for name, rows in data.items():
        raw = _csv_text(name, rows).encode("utf-8")
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": f"{name}.csv",
                "description": _SPECS[name].description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(raw),
                "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
                "schema": _table_schema(name),
            }
        )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "iscm",
        "title": "Inter-State consultation mechanisms on migration (ISCMs)",
        "description": (
            "Regional consultative processes (RCPs), inter-regional forums (IRFs) and global "
            "processes on migration: who takes part, who runs them, what they work on, and what "
            "IOM and other organizations do in them; every fact cites a public source. Exported "
            "by the iscm Python library (distribution iscm-data)."
        ),
        "version": dataset.version,
        "keywords": ["migration", "IOM", "regional consultative processes", "RCP", "ISCM"],
        "licenses": [dict(_PACKAGE_LICENSE)],
        "sources": [dict(_PACKAGE_SOURCE)],
        "resources": resources,
    }


def _table_schema(name: str) -> dict[str, Any]:
    spec = _SPECS[name]
    required = {*spec.primary_key, *spec.required}
    fields: list[dict[str, Any]] = []
    for column, (kind, description) in spec.columns.items():
        entry: dict[str, Any] = {"name": column, "type": kind, "description": description}
        constraints: dict[str, Any] = {}
        if column in required:
            constraints["required"] = True
        if column in spec.enums:
            constraints["enum"] = list(spec.enums[column])
        if kind == "boolean":
            entry["trueValues"], entry["falseValues"] = ["true"], ["false"]
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(columns),
                # A reference without "resource" is to the same table (Table Schema v2).
                "reference": (
                    {"fields": list(target)}
                    if table == name
                    else {"resource": table, "fields": list(target)}
                ),
            }
            for columns, table, target in spec.foreign_keys
        ]
    return schema


def write_datapackage(dataset: Dataset, directory: str | os.PathLike[str]) -> pathlib.Path:
    """Write the CSV files (as :func:`write_csv`) and a Frictionless Data Package v2 descriptor,
    ``datapackage.json``, into ``directory``; return the descriptor's path.

    The descriptor gives each table's Table Schema (field types, primary key, foreign keys), the
    data's version, its licence (CC BY 4.0) and its source (IOM). Files are written as by
    :func:`write_csv`.
    """
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in _package_files(dataset).items():
        _files.write_atomic(directory / name, content, replace=True)
    return directory / "datapackage.json"


# -- pandas and networkx -----------------------------------------------------------------------


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ImportError(
            f'this needs {module}, which is not installed: pip install "iscm-data[{extra}]"'
        ) from exc


_PANDAS_DTYPES: Final = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


def to_pandas(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The tables of :func:`tables` as pandas DataFrames (needs ``iscm-data[pandas]``).

    Columns use pandas' nullable types (``string``, ``Int64``, ``boolean``) and ``datetime64``
    for dates, so an empty cell is ``<NA>`` or ``NaT``.
    """
    pandas = _require("pandas", "pandas")
    frames: dict[str, pd.DataFrame] = {}
    for name, rows in tables(dataset).items():
        columns: dict[str, Any] = {}
        for column, (kind, _description) in _SPECS[name].columns.items():
            values = [row[column] for row in rows]
            if kind == "date":
                columns[column] = pandas.to_datetime(
                    pandas.Series(values, dtype="object"), format="%Y-%m-%d"
                )
            else:
                columns[column] = pandas.Series(values, dtype=_PANDAS_DTYPES[kind])
        frames[name] = pandas.DataFrame(columns, columns=list(_SPECS[name].columns))
    return frames


def _graph_nodes(graph: Any, dataset: Dataset) -> None:
    for m in dataset.mechanisms:
        graph.add_node(
            ("mechanism", m.id),
            kind="mechanism",
            bipartite=1,
            name=m.name,
            level=m.level.value,
            status=m.status.value,
        )


def to_networkx(dataset: Dataset) -> nx.Graph:
    """The bipartite graph of States and mechanisms (needs ``iscm-data[networkx]``).

    Nodes are ``("state", code)`` (attributes ``name``, ``kind="state"``, ``bipartite=0``) and
    ``("mechanism", id)`` for every mechanism (``name``, ``level``, ``status``,
    ``kind="mechanism"``, ``bipartite=1``); an edge joins a State to each mechanism it currently
    takes part in, with attribute ``role`` (``member`` or ``observer``). For another year, pass
    ``dataset.as_of(year)``.
    """
    networkx = _require("networkx", "networkx")
    graph = networkx.Graph(version=dataset.version)
    _graph_nodes(graph, dataset)
    for m in dataset.mechanisms:
        for p in m.participants:
            if p.state is not None and p.current:
                node = ("state", p.state)
                if node not in graph:
                    graph.add_node(node, kind="state", bipartite=0, name=COUNTRY_NAMES[p.state])
                graph.add_edge(node, ("mechanism", m.id), role=p.role.value)
    return graph


def co_membership(dataset: Dataset) -> nx.Graph:
    """Mechanisms joined by the member States they share (needs ``iscm-data[networkx]``).

    Nodes are ``("mechanism", id)`` for every mechanism, as in :func:`to_networkx`; an edge joins
    two mechanisms with at least one current member State in common, with attributes ``weight``
    (how many), ``states`` (their sorted codes) and ``jaccard`` (shared / all members of either).
    The pairs are those of :meth:`Dataset.most_overlapping`, by the same rule: a mechanism that
    has ended has no edges (for the overlaps of a past year, pass ``dataset.as_of(year)``).
    """
    from iscm import _overlap

    networkx = _require("networkx", "networkx")
    graph = networkx.Graph(version=dataset.version)
    _graph_nodes(graph, dataset)
    for link in _overlap.links(_overlap.groups(dataset.mechanisms)):
        states = tuple(sorted(link.states()))
        for a, b in link.pairs():
            graph.add_edge(
                ("mechanism", a),
                ("mechanism", b),
                weight=link.shared,
                states=states,
                jaccard=link.jaccard,
            )
    return graph
