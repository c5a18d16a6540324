"""Hypothesis strategies for every model class, and for whole consistent datasets.

``st.builds`` infers most fields from the attrs types; the fields whose validators it cannot read
(patterns, code tables, cross-field rules) get explicit strategies here.
"""

from __future__ import annotations

import datetime
import string

import attrs
from hypothesis import assume
from hypothesis import strategies as st

import iscm
from iscm._countries import COUNTRY_NAMES
from iscm._keys import fold
from iscm.model import MAX_YEAR, MIN_YEAR

ids = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20
)
opt_texts = st.none() | texts
years = st.integers(MIN_YEAR, MAX_YEAR)
opt_years = st.none() | years
dates = st.dates(datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31))
urls = st.builds(
    "https://{}.org/{}".format,
    st.text(string.ascii_lowercase, min_size=1, max_size=8),
    st.text(string.ascii_letters + string.digits + "-_/", max_size=12),
)
states = st.sampled_from(sorted(COUNTRY_NAMES))
id_sets = st.frozensets(ids, max_size=3)


def _tuples(strategy: st.SearchStrategy, min_size: int = 0) -> st.SearchStrategy:
    return st.lists(strategy, min_size=min_size, max_size=3).map(tuple)


_unkeyed_sources = st.builds(iscm.Source, url=urls, title=texts, publisher=texts, accessed=dates)


def _keyed(source: iscm.Source, keyed: bool) -> iscm.Source:
    # A key derived from the content: two different sources never share one in a dataset.
    return attrs.evolve(source, key=f"src-{source.content_hash}") if keyed else source


sources = st.builds(_keyed, _unkeyed_sources, st.booleans())
source_tuples = _tuples(sources, min_size=1)


@st.composite
def periods(draw: st.DrawFn) -> dict[str, int | None]:
    since, until = draw(opt_years), draw(opt_years)
    if since is not None and until is not None and since > until:
        since, until = until, since
    return {"since": since, "until": until}


def _holder(draw: st.DrawFn) -> dict[str, str | None]:
    if draw(st.booleans()):
        return {"state": draw(states), "organization": None}
    return {"state": None, "organization": draw(ids)}


@st.composite
def participations(draw: st.DrawFn) -> iscm.Participation:
    return iscm.Participation(
        **_holder(draw),
        **draw(periods()),
        role=draw(st.sampled_from(iscm.ParticipantRole)),
        note=draw(opt_texts),
        sources=draw(source_tuples),
    )


@st.composite
def chairs(draw: st.DrawFn) -> iscm.Chair:
    return iscm.Chair(
        **_holder(draw),
        **draw(periods()),
        as_of=draw(st.none() | dates),
        note=draw(opt_texts),
        sources=draw(source_tuples),
    )


@st.composite
def associations(draw: st.DrawFn) -> iscm.Association:
    kind = draw(st.sampled_from(iscm.AssociationType))
    institutions = (
        draw(st.frozensets(ids, min_size=1, max_size=2))
        if kind is iscm.AssociationType.FORMAL
        else frozenset()
    )
    min_sources = 0 if kind is iscm.AssociationType.UNKNOWN else 1
    return iscm.Association(
        type=kind,
        institutions=institutions,
        note=draw(opt_texts),
        sources=draw(_tuples(sources, min_size=min_sources)),
    )


@st.composite
def secretariats(draw: st.DrawFn) -> iscm.Secretariat:
    organization = draw(st.none() | ids)
    name = draw(texts) if organization is None else draw(opt_texts)
    return iscm.Secretariat(
        organization=organization,
        name=name,
        partners=draw(id_sets),
        **draw(periods()),
        note=draw(opt_texts),
        sources=draw(source_tuples),
    )


localized_names = st.builds(
    iscm.LocalizedName,
    lang=st.from_regex(r"[a-z]{2}", fullmatch=True),
    name=texts,
    acronym=opt_texts,
    sources=source_tuples,
)
claims = st.builds(iscm.Claim, topic=ids, value=texts, note=opt_texts, sources=source_tuples)
membership_rules = st.builds(
    iscm.MembershipRule, rule=texts, organizations=id_sets, as_of=dates, sources=source_tuples
)


@st.composite
def mechanisms(draw: st.DrawFn, mechanism_id: st.SearchStrategy[str] = ids) -> iscm.Mechanism:
    status = draw(st.sampled_from(iscm.Status))
    established = draw(opt_years)
    status_since = None
    if status in (iscm.Status.DORMANT, iscm.Status.ENDED):
        status_since = draw(st.none() | st.integers(established or MIN_YEAR, MAX_YEAR))
    own_id = draw(mechanism_id)
    return iscm.Mechanism(
        id=own_id,
        acronym=draw(opt_texts),
        name=draw(texts),
        aliases=draw(_tuples(texts)),
        translations=draw(_tuples(localized_names)),
        level=draw(st.sampled_from(iscm.Level)),
        kind=draw(st.sampled_from(iscm.MechanismKind)),
        region=draw(texts),
        regions=draw(st.frozensets(st.sampled_from(iscm.Region))),
        description=draw(opt_texts),
        established=established,
        established_month=draw(st.none() | st.integers(1, 12)) if established else None,
        founding_event=draw(opt_texts),
        status=status,
        status_since=status_since,
        association=draw(associations()),
        participants=draw(_tuples(participations())),
        membership_rule=draw(st.none() | membership_rules),
        secretariat=draw(_tuples(secretariats())),
        chairs=draw(_tuples(chairs())),
        themes=draw(st.frozensets(st.sampled_from(iscm.Theme))),
        website=draw(st.none() | urls),
        predecessors=draw(id_sets.filter(lambda s: own_id not in s)),
        successors=draw(id_sets.filter(lambda s: own_id not in s)),
        claims=draw(_tuples(claims)),
        unknown=draw(st.frozensets(st.sampled_from(iscm.Aspect))),
        sources=draw(source_tuples),
    )


organizations = st.builds(
    iscm.Organization,
    id=ids,
    acronym=opt_texts,
    name=texts,
    aliases=_tuples(texts),
    parent=st.none() | ids,
    website=st.none() | urls,
    sources=source_tuples,
)


@st.composite
def engagements(draw: st.DrawFn) -> iscm.Engagement:
    organization = draw(ids)
    others = ids.filter(lambda i: i != organization)
    return iscm.Engagement(
        organization=organization,
        mechanism=draw(ids),
        role=draw(st.sampled_from(iscm.EngagementRole)),
        partners=draw(st.frozensets(others, max_size=2)),
        in_consultation_with=draw(st.frozensets(others, max_size=2)),
        scope=draw(opt_texts),
        through=draw(st.none() | ids),
        note=draw(opt_texts),
        **draw(periods()),
        sources=draw(source_tuples),
    )


publications = st.builds(
    iscm.Publication,
    id=ids,
    series=opt_texts,
    number=st.none() | st.integers(1, 500),
    title=texts,
    authors=_tuples(texts),
    year=opt_years,
    publisher=ids,
    url=st.none() | urls,
    sources=source_tuples,
)
instruments = st.builds(
    iscm.Instrument,
    id=ids,
    name=texts,
    acronym=opt_texts,
    adopted=opt_years,
    organization=ids,
    sources=source_tuples,
)
consultations = st.builds(
    iscm.TargetedConsultation,
    id=ids,
    organization=ids,
    subject=texts,
    instruments=st.frozensets(ids, min_size=1, max_size=2),
    mechanisms=id_sets,
    sources=source_tuples,
)
focal_points = st.builds(
    iscm.FocalPoint,
    organization=ids,
    functions=_tuples(texts, min_size=1),
    sources=source_tuples,
)
meetings = st.builds(
    iscm.Meeting,
    mechanism=ids,
    number=st.none() | st.integers(1, 50),
    year=years,
    date=st.none() | dates,
    place=opt_texts,
    host=opt_texts,
    theme=opt_texts,
    sources=source_tuples,
)

#: Every record class with a strategy for it.
RECORDS: dict[type, st.SearchStrategy] = {
    iscm.Source: sources,
    iscm.LocalizedName: localized_names,
    iscm.Participation: participations(),
    iscm.Association: associations(),
    iscm.Secretariat: secretariats(),
    iscm.Chair: chairs(),
    iscm.Claim: claims,
    iscm.MembershipRule: membership_rules,
    iscm.Mechanism: mechanisms(),
    iscm.Organization: organizations,
    iscm.Engagement: engagements(),
    iscm.Publication: publications,
    iscm.Instrument: instruments,
    iscm.TargetedConsultation: consultations,
    iscm.FocalPoint: focal_points,
    iscm.Meeting: meetings,
}


def _keyed_ids(draw: st.DrawFn, name_prefix: str, max_size: int) -> list[str]:
    """Ids for one table whose lookup keys (the id and the name built from it) are all distinct.

    Keys are folded, so 'a0' and 'a-0' would clash, and so would the id 'mechan-ism-a' with the
    name 'Mechanism a'.
    """
    chosen = draw(st.lists(ids, min_size=1, max_size=max_size, unique_by=fold))
    keys = [fold(k) for i in chosen for k in (i, f"{name_prefix} {i}")]
    assume(len(set(keys)) == len(keys))
    return chosen


@st.composite
def datasets(draw: st.DrawFn, max_mechanisms: int = 4) -> iscm.Dataset:
    """A small consistent dataset: unique ids and keys, every reference resolving."""
    org_ids = _keyed_ids(draw, "Organization", max_size=3)
    orgs = tuple(
        iscm.Organization(
            id=oid,
            name=f"Organization {oid}",
            kind=draw(st.sampled_from(iscm.OrganizationKind)),
            sources=draw(source_tuples),
        )
        for oid in org_ids
    )
    mech_ids = _keyed_ids(draw, "Mechanism", max_size=max_mechanisms)
    mechs = []
    for mid in mech_ids:
        role = draw(st.sampled_from(iscm.ParticipantRole))
        members = draw(st.lists(states, max_size=5, unique=True))
        mechs.append(
            iscm.Mechanism(
                id=mid,
                name=f"Mechanism {mid}",
                level=draw(st.sampled_from(iscm.Level)),
                kind=draw(st.sampled_from(iscm.MechanismKind)),
                region=draw(texts),
                status=draw(st.sampled_from(iscm.Status)),
                association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
                participants=tuple(
                    iscm.Participation(state=s, role=role, sources=draw(source_tuples))
                    for s in members
                ),
                sources=draw(source_tuples),
            )
        )
    engs = tuple(
        iscm.Engagement(
            organization=draw(st.sampled_from(org_ids)),
            mechanism=draw(st.sampled_from(mech_ids)),
            role=draw(st.sampled_from(iscm.EngagementRole)),
            sources=draw(source_tuples),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return iscm.Dataset(
        version="test", mechanisms=tuple(mechs), organizations=orgs, engagements=engs
    )


# -- the membership panel -------------------------------------------------------------------------

_panel_years = st.integers(1990, 2030)


@st.composite
def _panel_participations(draw: st.DrawFn) -> iscm.Participation:
    since, until = draw(st.none() | _panel_years), draw(st.none() | _panel_years)
    if since is not None and until is not None and since > until:
        since, until = until, since
    accessed = st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31))
    return iscm.Participation(
        state=draw(st.sampled_from(("FRA", "KEN", "PER", "NZL"))),
        role=draw(st.sampled_from(iscm.ParticipantRole)),
        since=since,
        until=until,
        sources=draw(_tuples(st.builds(_keyed, st.builds(
            iscm.Source, url=urls, title=texts, publisher=texts, accessed=accessed
        ), st.booleans()), min_size=1)),
    )  # fmt: skip


def _one_current_role(found: tuple[iscm.Participation, ...]) -> tuple[iscm.Participation, ...]:
    """Drop the current participations that would give a State a second current role."""
    role: dict[str | None, iscm.ParticipantRole] = {}
    return tuple(p for p in found if not p.current or role.setdefault(p.state, p.role) is p.role)


_panel_rules = st.builds(
    iscm.MembershipRule,
    rule=texts,
    as_of=st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)),
    sources=source_tuples,
)


@st.composite
def panel_datasets(draw: st.DrawFn) -> iscm.Dataset:
    """Datasets for the membership panel: dated participations (since, until, sources read in
    different years), founding and end years, dated lists and rules, and a dated version."""
    mechs = []
    for mid in draw(st.lists(st.sampled_from(("alpha", "beta", "gamma")), unique=True, max_size=3)):
        status = draw(st.sampled_from(iscm.Status))
        established = draw(st.none() | _panel_years)
        status_since = None
        if status in (iscm.Status.DORMANT, iscm.Status.ENDED):
            status_since = draw(st.none() | st.integers(established or 1990, 2030))
        mechs.append(
            iscm.Mechanism(
                id=mid,
                name=f"Mechanism {mid}",
                level=iscm.Level.REGIONAL,
                kind=iscm.MechanismKind.STATE_LED,
                region="Test",
                established=established,
                status=status,
                status_since=status_since,
                association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
                participants=_one_current_role(draw(_tuples(_panel_participations()))),
                participants_dated=draw(st.none() | _panel_years),
                membership_rule=draw(st.none() | _panel_rules),
                sources=draw(source_tuples),
            )
        )
    version = draw(st.sampled_from(("{}.12.06", "{}.01.31+overlay", "test"))).format(
        draw(_panel_years)
    )
    return iscm.Dataset(version=version, mechanisms=tuple(mechs))
