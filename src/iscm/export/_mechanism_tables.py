"""The tables about mechanisms and their parts (names, participations, chairs, meetings, ...)."""

from __future__ import annotations

from typing import Any

from iscm import _crosswalk
from iscm._countries import COUNTRY_NAMES
from iscm._crosswalk import CROSSWALK, Crosswalk
from iscm._docs import field_description
from iscm.enums import Theme
from iscm.model import Chair, Claim, Mechanism, Meeting, Participation, Secretariat

from ._columns import Column, Spec, column, model_columns, values_of
from ._rows import (
    CURRENT,
    _chairs,
    _cites,
    _key,
    _latest_chair,
    _mechanism_sources,
    _meetings,
    _n,
    _names,
    _parts,
    _relations,
    _second,
    _states,
    _third,
    ref_column,
)


def _crosswalk_column(name: str) -> Column:
    """A column of :mod:`iscm._crosswalk` (codes and M49 regions), described as it is there."""
    return column(
        name,
        "string",
        field_description(Crosswalk, name),
        lambda code: getattr(CROSSWALK[code], name),
    )


_MECHANISMS = Spec(
    "Inter-State consultation mechanisms on migration (and related global initiatives).",
    (
        *model_columns(Mechanism, skip=("themes",)),  # themes: a table of their own
        column(
            "is_iscm",
            "boolean",
            "Whether IOM counts it as an ISCM (kind is not global-initiative).",
            lambda m: m.is_iscm,
            required=True,
        ),
        column(
            "association_type",
            "string",
            "Formal (tied to an institution), informal, or unknown.",
            lambda m: m.association.type.value,
            required=True,
        ),
        column(
            "association_note",
            "string",
            "How the tie works, where sources say.",
            lambda m: m.association.note,
        ),
        column(
            "membership_rule",
            "string",
            "The rule defining membership (e.g. every AU member "
            "State), where there is one; the organizations it refers to are in "
            "membership_rule_organizations.",
            lambda m: m.membership_rule.rule if m.membership_rule else None,
        ),
        column(
            "membership_rule_as_of",
            "date",
            "The date on which the member list was true.",
            lambda m: m.membership_rule.as_of.isoformat() if m.membership_rule else None,
        ),
        column(
            "member_state_count",
            "integer",
            "Number of current member States.",
            lambda m: len(m.member_states),
            required=True,
        ),
        column(
            "observer_state_count",
            "integer",
            "Number of current observer States.",
            lambda m: len(m.observer_states),
            required=True,
        ),
    ),
    ("id",),
    lambda data: data.mechanisms,
    _mechanism_sources,
)

_MECHANISM_NAMES = Spec(
    "Every name of every mechanism: its English name, its aliases and its translations.",
    (
        _key("mechanism", "mechanisms", "mechanism"),
        _n(),
        column(
            "type",
            "string",
            "name (the official English name), alias (another English name "
            "or spelling) or translation (a name in another language).",
            lambda it: it[2][0],
            required=True,
            enum=("name", "alias", "translation"),
        ),
        column(
            "lang",
            "string",
            "ISO 639-1 language code (en for names and aliases).",
            lambda it: it[2][1],
            required=True,
        ),
        column("name", "string", "The name.", lambda it: it[2][2], required=True),
        column(
            "acronym",
            "string",
            "The acronym that goes with the name, where there is one.",
            lambda it: it[2][3],
        ),
        column(
            "official",
            "boolean",
            "Whether the mechanism itself uses the name (empty for aliases: not recorded).",
            lambda it: it[2][4],
        ),
    ),
    ("mechanism", "n"),
    _names,
    lambda it: (("record", it[2][5]),),
)

_MECHANISM_RELATIONS = Spec(
    "Predecessors and successors of mechanisms.",
    (
        _key("mechanism", "mechanisms", "mechanism"),
        column(
            "relation",
            "string",
            "predecessor or successor: what the related mechanism is.",
            _second,
            enum=("predecessor", "successor"),
        ),
        ref_column("related", "mechanisms", "related mechanism", _third),
    ),
    ("mechanism", "relation", "related"),
    _relations,
)


def _org_link(description: str, records: Any, attr: str) -> Spec:
    return Spec(
        description,
        (
            _key("mechanism", "mechanisms", "mechanism"),
            ref_column("organization", "organizations", "organization", _second),
        ),
        ("mechanism", "organization"),
        lambda data: (
            (m.id, org) for m, part in records(data) for org in sorted(getattr(part, attr))
        ),
    )


def _part_table(
    description: str, attr: str, cls: type, extra: tuple[Column, ...] = (), items: Any = None
) -> Spec:
    columns = (_key("mechanism", "mechanisms", "mechanism"), _n(), *model_columns(cls, _third))
    rows = items or (lambda data: _parts(data, attr))
    return Spec(description, (*columns, *extra), ("mechanism", "n"), rows, _cites(2))


MECHANISM_TABLES = {
    "mechanisms": _MECHANISMS,
    "mechanism_names": _MECHANISM_NAMES,
    "mechanism_relations": _MECHANISM_RELATIONS,
    "association_institutions": _org_link(
        "The institutions a formally associated mechanism is tied to.",
        lambda data: ((m, m.association) for m in data.mechanisms),
        "institutions",
    ),
    "membership_rule_organizations": _org_link(
        "The organizations whose membership a mechanism's membership rule refers to.",
        lambda data: ((m, m.membership_rule) for m in data.mechanisms if m.membership_rule),
        "organizations",
    ),
    "participations": _part_table(
        "States and organizations taking part in mechanisms (members, observers, partners, "
        "invited guests).",
        "participants",
        Participation,
        (column("current", "boolean", CURRENT, lambda it: it[2].current, required=True),),
    ),
    "states": Spec(
        "The States the tables refer to, with their codes and UN M49 regions to join on "
        f"(ISO 3166-1 codes from pycountry {_crosswalk.PYCOUNTRY_VERSION}; M49 regions from the "
        f"Countries & Territories Taxonomy in {_crosswalk.M49_PACKAGE} {_crosswalk.M49_VERSION}, "
        f"read {_crosswalk.M49_READ}).",
        (
            column("code", "string", "ISO 3166-1 alpha-3 code (XKX for Kosovo).", lambda c: c),
            column(
                "name", "string", "English short name.", lambda c: COUNTRY_NAMES[c], required=True
            ),
            *(_crosswalk_column(name) for name in Crosswalk._fields),
        ),
        ("code",),
        _states,
    ),
    "secretariats": _part_table(
        "Who serves as each mechanism's secretariat, earliest first.",
        "secretariat",
        Secretariat,
        (column("current", "boolean", CURRENT, lambda it: it[2].until is None, required=True),),
    ),
    "secretariat_partners": Spec(
        "Organizations a secretariat works with.",
        (
            _key("mechanism", "mechanisms", "mechanism"),
            _n("The secretariat (secretariats.n of the mechanism)."),
            ref_column("organization", "organizations", "organization", _third),
        ),
        ("mechanism", "n", "organization"),
        lambda data: (
            (mid, n, org) for mid, n, s in _parts(data, "secretariat") for org in sorted(s.partners)
        ),
        foreign_keys=((("mechanism", "n"), "secretariats", ("mechanism", "n")),),
    ),
    "chairs": _part_table(
        "States or organizations chairing mechanisms, earliest first.",
        "chairs",
        Chair,
        (
            column(
                "latest",
                "boolean",
                "Whether it is the latest known chair of the mechanism.",
                _latest_chair,
                required=True,
            ),
        ),
        _chairs,
    ),
    "claims": _part_table(
        "Statements of facts on which sources disagree, each with its sources.", "claims", Claim
    ),
    "themes": Spec(
        "The themes mechanisms work on (controlled vocabulary).",
        (
            _key("mechanism", "mechanisms", "mechanism"),
            column("theme", "string", "The theme.", _second, enum=values_of(Theme)),
        ),
        ("mechanism", "theme"),
        lambda data: (
            (m.id, t) for m in data.mechanisms for t in sorted(x.value for x in m.themes)
        ),
    ),
    "meetings": Spec(
        "Meetings of mechanisms.",
        (
            _key("mechanism", "mechanisms", "mechanism"),
            _n("Position among the mechanism's meetings, from 1, by year."),
            *model_columns(Meeting, _third, skip=("mechanism",)),
        ),
        ("mechanism", "n"),
        _meetings,
        _cites(2),
    ),
}
