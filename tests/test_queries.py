"""Query and analysis helpers: hand-checked cases from the data and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iscm
from iscm import analysis
from iscm.analysis import iom_overlap_statements
from strategies import datasets

DATA = iscm.load()
IDS = [m.id for m in DATA.mechanisms]
STATES = sorted({c for m in DATA.mechanisms for c in m.member_states | m.observer_states})
pairs = st.tuples(st.sampled_from(IDS), st.sampled_from(IDS))


# -- filter -------------------------------------------------------------------------------------


def test_filter_without_criteria_returns_everything() -> None:
    assert DATA.filter() == DATA.mechanisms


def test_filter_hand_checked_cases() -> None:
    assert {m.id for m in DATA.filter(member="ETH", level=iscm.Level.REGIONAL)} >= {
        "igad-rcp",
        "midcom",
        "rmfm",
    }
    assert [m.id for m in DATA.filter(engaged=("IOM", "administrative-host"))] == ["gfmd", "igc"]
    dormant = {m.id for m in DATA.filter(status="dormant")}
    assert "midcas" in dormant
    assert all(m.established < 2000 for m in DATA.filter(established_before=2000))
    assert all(m.established > 2015 for m in DATA.filter(established_after=2015))
    assert "quito-process" in {m.id for m in DATA.filter(established_after=2015)}


def test_filter_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="continental"):
        DATA.filter(level="continental")
    with pytest.raises(iscm.NotFoundError, match="no State matches"):
        DATA.filter(member="Narnia")
    with pytest.raises(iscm.NotFoundError):
        DATA.filter(engaged="No Such Organization")


@given(
    level=st.none() | st.sampled_from(iscm.Level),
    status=st.none() | st.sampled_from(iscm.Status),
    theme=st.none() | st.sampled_from(iscm.Theme),
    region=st.none() | st.sampled_from(iscm.Region),
    member=st.none() | st.sampled_from(STATES),
    before=st.none() | st.integers(1850, 2030),
)
def test_filter_matches_a_plain_scan(  # noqa: PLR0917 - one argument per criterion
    level: iscm.Level | None,
    status: iscm.Status | None,
    theme: iscm.Theme | None,
    region: iscm.Region | None,
    member: str | None,
    before: int | None,
) -> None:
    expected = tuple(
        m
        for m in DATA.mechanisms
        if (level is None or m.level is level)
        and (status is None or m.status is status)
        and (theme is None or theme in m.themes)
        and (region is None or region in m.regions)
        and (member is None or (member in m.member_states and m.status is not iscm.Status.ENDED))
        and (before is None or (m.established is not None and m.established < before))
    )
    got = DATA.filter(
        level=level,
        status=status,
        theme=theme,
        region=region,
        member=member,
        established_before=before,
    )
    assert got == expected


# -- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colombo prcess", "colombo-process"),
        ("Colombo Process", "colombo-process"),
        ("Conferencia Suramericana sobre Migraciones", "south-american-conference-on-migration"),
        ("proceso de puebla", "puebla-process"),
        ("processus de rabat", "rabat-process"),
        ("GFMD", "gfmd"),
        ("bali", "bali-process"),
        ("khartum process", "khartoum-process"),
        ("midsa", "midsa"),
    ],
)
def test_search_finds_the_mechanism_first(text: str, expected: str) -> None:
    assert DATA.search(text)[0].id == expected


def test_search_limit_and_empty_text() -> None:
    assert len(DATA.search("migration", limit=3)) == 3
    assert DATA.search("", limit=5) == ()
    assert DATA.search("---") == ()


@given(st.text(max_size=30))
def test_search_is_deterministic_and_bounded(text: str) -> None:
    first = DATA.search(text, limit=5)
    assert first == DATA.search(text, limit=5)
    assert len(first) <= 5
    assert len(set(first)) == len(first)


# -- as_of --------------------------------------------------------------------------------------


@given(st.integers(1990, 2026))
def test_as_of_never_adds_anything(year: int) -> None:
    view = DATA.as_of(year)
    full = {m.id: m for m in DATA.mechanisms}
    for m in view.mechanisms:
        original = full[m.id]
        assert m.established is None or m.established <= year
        assert {(p.participant, p.role) for p in m.participants} <= {
            (p.participant, p.role) for p in original.participants
        }
    assert set(view.engagements) <= set(DATA.engagements)


def test_as_of_hand_checked() -> None:
    ids_2005 = {m.id for m in DATA.as_of(2005).mechanisms}
    assert "colombo-process" in ids_2005  # established 2003
    assert "quito-process" not in ids_2005  # established 2018
    assert "pafom" not in ids_2005  # established 2015
    eu_celac = DATA.as_of(2015).get("eu-celac-migration-dialogue")
    assert "GBR" in eu_celac.member_states  # left with Brexit in 2020
    assert "GBR" not in DATA.get("eu-celac-migration-dialogue").member_states


# -- overlaps -----------------------------------------------------------------------------------


@given(pairs)
def test_overlap_is_symmetric(pair: tuple[str, str]) -> None:
    a, b = pair
    assert DATA.overlap(a, b) == DATA.overlap(b, a)
    assert DATA.overlap(a, b) <= DATA.get(a).member_states
    assert DATA.thematic_overlap(a, b) == DATA.thematic_overlap(b, a)


def test_overlap_of_rabat_and_khartoum() -> None:
    shared = DATA.overlap("Rabat Process", "Khartoum Process")
    assert {"FRA", "ITA", "DEU"} <= shared  # European partners of both
    assert "ETH" not in shared  # Khartoum only


def test_most_overlapping_is_ranked_by_jaccard() -> None:
    ranked = analysis.most_overlapping(DATA, 10)
    assert len(ranked) == 10
    scores = [o.jaccard for o in ranked]
    assert scores == sorted(scores, reverse=True)
    for o in ranked:
        a, b = DATA.get(o.a), DATA.get(o.b)
        assert o.a < o.b
        assert o.shared == a.member_states & b.member_states
        assert o.jaccard == len(o.shared) / len(a.member_states | b.member_states)


def test_membership_matrix_agrees_with_records() -> None:
    matrix = analysis.membership_matrix(DATA, level=iscm.Level.REGIONAL)
    assert matrix.role("ETH", "igad-rcp") is iscm.ParticipantRole.MEMBER
    assert matrix.role("FRA", "igad-rcp") is None
    rows = matrix.rows()
    assert rows[0][0] == "state"
    assert len(rows) == len(matrix.states) + 1
    for i, state in enumerate(matrix.states):
        for j, mid in enumerate(matrix.mechanisms):
            m = DATA.get(mid)
            role = matrix.cells[i][j]
            if role is iscm.ParticipantRole.MEMBER:
                assert state in m.member_states
            elif role is iscm.ParticipantRole.OBSERVER:
                assert state in m.observer_states
            else:
                assert state not in m.member_states | m.observer_states


@given(st.sampled_from(STATES))
def test_state_profile_counts(state: str) -> None:
    profile = analysis.state_profile(DATA, state)
    assert profile.count() == len(DATA.mechanisms_of(state))
    assert sum(profile.count(level) for level in iscm.Level) == profile.count()
    assert profile.count(role=iscm.ParticipantRole.OBSERVER) == len(
        DATA.mechanisms_of(state, iscm.ParticipantRole.OBSERVER)
    )


def test_profiles_are_ranked() -> None:
    profiles = analysis.profiles(DATA)
    counts = [len(p.member_of) for p in profiles]
    assert counts == sorted(counts, reverse=True)
    assert profiles[0].name


@given(datasets(), st.integers(1900, 2100))
def test_as_of_on_generated_datasets(ds: iscm.Dataset, year: int) -> None:
    view = ds.as_of(year)
    assert {m.id for m in view.mechanisms} <= {m.id for m in ds.mechanisms}
    for m in view.mechanisms:
        if m.status is iscm.Status.ENDED:  # ended that very year (or in an unknown year)
            continue
        for code in m.member_states:
            assert m in view.mechanisms_of(code)


def test_iom_overlap_statements() -> None:
    statements = iom_overlap_statements(DATA)
    assert len(statements) == 4
    first = statements[0]
    assert first.agrees
    assert int(first.computed) > 200
    assert all(s.source.startswith("https://www.iom.int/") for s in statements)
