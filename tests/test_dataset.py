"""Lookups on the Dataset: keys, errors with suggestions, indexes, caching."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iscm
from strategies import datasets

DATA = iscm.load()


def test_load_returns_one_cached_object() -> None:
    assert iscm.load() is iscm.load() is DATA


@pytest.mark.parametrize(
    "key",
    [
        "Asia - EU Dialogue on Labour Migration",
        "asia-eu dialogue on labour migration",
        "ASIA EU DIALOGUE ON LABOUR MIGRATION",
        "  asia\u2013eu   dialogue on labour migration ",
        "asia-eu-dialogue",
    ],
)
def test_get_ignores_case_accents_whitespace_and_punctuation(key: str) -> None:
    assert DATA.get(key).id == "asia-eu-dialogue"


def test_get_by_acronym_and_alias() -> None:
    assert DATA.get("rcm").id == "puebla-process"
    assert DATA.get("Pan African Forum") is DATA.get("Intra-Regional Forum on Migration in Africa")


def test_unknown_key_raises_not_found_with_suggestions() -> None:
    with pytest.raises(iscm.NotFoundError) as info:
        DATA.get("colmbo process")
    err = info.value
    assert isinstance(err, KeyError)
    assert err.suggestions[0] == "Colombo Process"
    assert "did you mean 'Colombo Process'" in str(err)


def test_unknown_key_without_close_match() -> None:
    with pytest.raises(iscm.NotFoundError) as info:
        DATA.get("zzzzzzzzzzzz")
    assert info.value.suggestions == ()
    assert str(info.value) == "no mechanism matches 'zzzzzzzzzzzz'"


def test_organization_lookup() -> None:
    assert DATA.organization("iom").acronym == "IOM"
    assert DATA.organization("International Organization for Migration").id == "iom"
    with pytest.raises(iscm.NotFoundError, match="no organization matches"):
        DATA.organization("nobody at all")


def test_engagements_of_filters_by_role() -> None:
    everything = DATA.engagements_of("IOM")
    hosts = DATA.engagements_of("IOM", iscm.EngagementRole.ADMINISTRATIVE_HOST)
    assert set(hosts) <= set(everything)
    assert {e.mechanism for e in hosts} == {"igc", "gfmd"}
    assert all(e.organization == "iom" for e in everything)
    assert isinstance(everything, tuple)


def test_mechanisms_of_rejects_invalid_codes() -> None:
    with pytest.raises(ValueError, match="ISO 3166-1"):
        DATA.mechanisms_of("Ethiopia")
    with pytest.raises(ValueError, match="ISO 3166-1"):
        DATA.mechanisms_of("ZZZ")


def test_mechanisms_of_is_case_insensitive() -> None:
    assert DATA.mechanisms_of("eth") == DATA.mechanisms_of("ETH")


@pytest.mark.parametrize("m", DATA.mechanisms, ids=lambda m: m.id)
def test_mechanisms_of_agrees_with_member_lists(m: iscm.Mechanism) -> None:
    for code in m.member_states:
        assert m in DATA.mechanisms_of(code)
    for code in m.observer_states:
        assert m in DATA.mechanisms_of(code, iscm.ParticipantRole.OBSERVER)


@given(datasets(), st.sampled_from(sorted(iscm._countries.COUNTRY_NAMES)))
def test_mechanisms_of_matches_a_full_scan(ds: iscm.Dataset, code: str) -> None:
    for role in iscm.ParticipantRole:
        scan = tuple(
            m
            for m in ds.mechanisms
            if code
            in (m.member_states if role is iscm.ParticipantRole.MEMBER else m.observer_states)
        )
        assert ds.mechanisms_of(code, role) == scan


@given(datasets())
def test_every_key_of_every_record_resolves_to_it(ds: iscm.Dataset) -> None:
    for m in ds.mechanisms:
        assert ds.get(m.id) is m
        assert ds.get(m.name) is m
    for o in ds.organizations:
        assert ds.organization(o.id) is o


def test_tables_are_sorted_and_immutable() -> None:
    ids = [m.id for m in DATA.mechanisms]
    assert ids == sorted(ids)
    assert isinstance(DATA.mechanisms, tuple)
    with pytest.raises(AttributeError):
        DATA.mechanisms = ()  # type: ignore[misc]


def test_a_key_shared_by_two_records_is_an_error() -> None:
    a = DATA.get("colombo-process")
    import attrs

    b = attrs.evolve(a, id="copy", aliases=(), translations=(), acronym=None)
    with pytest.raises(iscm.DataError, match="fits both"):
        iscm.Dataset(version="t", mechanisms=(a, b), organizations=DATA.organizations)


def test_first_load_from_many_threads_returns_one_object() -> None:
    import iscm._loading as loading

    saved = loading._embedded
    loading._embedded = None
    try:
        results: list[iscm.Dataset] = []
        barrier = threading.Barrier(8)

        def worker() -> None:
            barrier.wait()
            results.append(iscm.load())

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 8
        assert all(r is results[0] for r in results)
    finally:
        loading._embedded = saved


def test_load_from_path_and_bytes(tmp_path: object) -> None:
    import pathlib

    text = iscm.to_json(DATA)
    path = pathlib.Path(str(tmp_path)) / "copy.json"
    path.write_text(text, encoding="utf-8")
    assert iscm.load(path) == DATA
    assert iscm.load(text.encode()) == DATA
    assert iscm.load(path) is not DATA
