"""Invariants checked over every record of the embedded dataset."""

from __future__ import annotations

import collections
import datetime
import re

import pycountry
import pytest

import iscm
from iscm._countries import COUNTRY_NAMES, USER_ASSIGNED
from iscm._keys import fold
from iscm._loading import embedded_bytes

DATA = iscm.load()
MECHANISMS = DATA.mechanisms
by_id = {m.id: m for m in MECHANISMS}


def _records() -> list[object]:
    out: list[object] = []
    for table in (
        DATA.mechanisms,
        DATA.organizations,
        DATA.engagements,
        DATA.publications,
        DATA.instruments,
        DATA.consultations,
        DATA.focal_points,
        DATA.meetings,
    ):
        out.extend(table)
    for m in DATA.mechanisms:
        out.extend(m.participants)
        out.extend(m.secretariat)
        out.extend(m.chairs)
        out.extend(m.claims)
        out.extend(m.translations)
    return out


def test_data_file_is_the_converters_canonical_output() -> None:
    assert iscm.to_json(DATA).encode("utf-8") == embedded_bytes()


def test_country_table_matches_iso_3166_1() -> None:
    iso = {c.alpha_3 for c in pycountry.countries}
    assert set(COUNTRY_NAMES) - set(USER_ASSIGNED) == iso


@pytest.mark.parametrize("record", _records(), ids=lambda r: type(r).__name__)
def test_every_record_is_sourced(record: object) -> None:
    sources = record.sources  # type: ignore[attr-defined]
    assert sources, f"{record!r} has no source"
    for s in sources:
        assert s.url.startswith(("https://", "http://"))
        assert datetime.date(2020, 1, 1) <= s.accessed <= datetime.date.today()


def test_ids_are_unique_in_every_table() -> None:
    for table in (DATA.mechanisms, DATA.organizations, DATA.publications, DATA.instruments):
        ids = [r.id for r in table]
        assert len(ids) == len(set(ids))


def test_no_lookup_key_fits_two_mechanisms() -> None:
    owner: dict[str, str] = {}
    for m in MECHANISMS:
        for key in (m.id, *m.all_names):
            assert owner.setdefault(fold(key), m.id) == m.id, f"{key!r}: {owner[fold(key)]}, {m.id}"


@pytest.mark.parametrize("m", MECHANISMS, ids=lambda m: m.id)
def test_mechanism_invariants(m: iscm.Mechanism) -> None:
    assert not (m.member_states & m.observer_states)
    assert all(code in COUNTRY_NAMES for code in m.member_states | m.observer_states)
    if m.established is not None and m.status_since is not None:
        assert m.established <= m.status_since
    for p in m.participants:
        if p.since is not None and m.established is not None:
            assert p.since >= m.established - 1, p  # a founding member may predate formal launch
    for s in m.successors:
        assert m.id in by_id[s].predecessors, f"{m.id} -> {s} not mirrored"
    for p in m.predecessors:
        assert m.id in by_id[p].successors, f"{p} -> {m.id} not mirrored"
    if m.status is iscm.Status.ACTIVE:
        assert m.status_since is None
    if m.established is None:
        assert iscm.Aspect.ESTABLISHED in m.unknown
    if m.association.type is iscm.AssociationType.UNKNOWN:
        assert iscm.Aspect.ASSOCIATION in m.unknown
    if m.status is iscm.Status.UNKNOWN:
        assert iscm.Aspect.STATUS in m.unknown
    # participants in canonical order: members first, then States by code, then organizations.
    order = [
        (p.role is not iscm.ParticipantRole.MEMBER, p.state is None, p.participant)
        for p in m.participants
    ]
    assert order == sorted(order)
    adopted = collections.Counter(c.topic for c in m.claims if c.adopted)
    assert all(n == 1 for n in adopted.values()), f"two adopted claims: {adopted}"


def test_succession_is_acyclic() -> None:
    def walk(start: str) -> None:
        seen = {start}
        frontier = list(by_id[start].successors)
        while frontier:
            nxt = frontier.pop()
            assert nxt not in seen, f"cycle through {nxt}"
            seen.add(nxt)
            frontier.extend(by_id[nxt].successors)

    for m in MECHANISMS:
        walk(m.id)


@pytest.mark.parametrize("m", MECHANISMS, ids=lambda m: m.id)
def test_stated_member_counts_match_or_carry_a_discrepancy(m: iscm.Mechanism) -> None:
    counts = [c for c in m.claims if c.topic == "member-count" and c.adopted]
    members = [p for p in m.participants if p.role is iscm.ParticipantRole.MEMBER]
    ever_states = {p.state for p in members if p.state}
    ever_all = {p.participant for p in members}
    current_all = m.member_states | m.member_organizations
    # A count may be of current or (for ended mechanisms) former members, States or all.
    listed = {len(m.member_states), len(current_all), len(ever_states), len(ever_all)}
    for claim in counts:
        stated = re.match(r"\d+", claim.value)
        if stated is None or int(stated.group()) not in listed:
            assert claim.note, f"{m.id}: stated {claim.value}, listed {sorted(listed)}, no note"


def test_every_referenced_organization_exists() -> None:
    known = {o.id for o in DATA.organizations}
    for e in DATA.engagements:
        assert {e.organization, *e.partners, *e.in_consultation_with} <= known


def test_member_lists_of_active_rcps_and_irfs_are_nearly_all_known() -> None:
    active = [
        m
        for m in MECHANISMS
        if m.level is not iscm.Level.GLOBAL and m.is_iscm and m.status is iscm.Status.ACTIVE
    ]
    known = [m for m in active if m.member_states and iscm.Aspect.MEMBERS not in m.unknown]
    assert len(known) >= 0.9 * len(active), sorted({m.id for m in active} - {m.id for m in known})


NON_SOVEREIGN = [
    ("XKX", "prague-process"),
    ("HKG", "bali-process"),
    ("MAC", "bali-process"),
    ("NCL", "pidc"),
]


@pytest.mark.parametrize(("code", "mechanism"), NON_SOVEREIGN)
def test_non_sovereign_participants_are_kept_as_published(code: str, mechanism: str) -> None:
    assert code in DATA.get(mechanism).member_states
    notes = [p.note for p in DATA.get(mechanism).participants if p.state == code]
    assert notes
    assert notes[0]
