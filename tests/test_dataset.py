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


def test_every_name_of_every_mechanism_resolves_to_it() -> None:
    for m in DATA.mechanisms:
        assert m.all_names[0] == m.name
        for name in m.all_names:
            assert DATA.get(name) is m
    for o in DATA.organizations:
        for name in o.all_names:
            assert DATA.organization(name) is o


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
    if m.status is iscm.Status.ENDED:
        assert all(m not in DATA.mechanisms_of(code) for code in m.member_states)
        return
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
            if m.status is not iscm.Status.ENDED
            and any(p.state == code for p in m.participants_in(role))
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


def test_validate_returns_every_problem(tmp_path: object) -> None:
    import pathlib

    assert iscm.validate(iscm.to_json(DATA).encode()) == ()
    bad = iscm.to_json(DATA).replace('"level": "regional"', '"level": "continental"')
    problems = iscm.validate(bad.encode())
    assert len(problems) == sum(1 for m in DATA.mechanisms if m.level is iscm.Level.REGIONAL)
    assert all(".level" in p for p in problems)
    missing = pathlib.Path(str(tmp_path)) / "nothing.json"
    assert "cannot read" in iscm.validate(missing)[0]


def test_merge_overlays_corrections_and_additions() -> None:
    import attrs

    colombo = DATA.get("colombo-process")
    corrected = attrs.evolve(colombo, website="https://example.org/colombo")
    src = colombo.sources[0]
    new = iscm.Mechanism(
        id="my-new-dialogue",
        name="My New Dialogue on Migration",
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="Somewhere",
        status=iscm.Status.ACTIVE,
        association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
        participants=(
            iscm.Participation(state="ETH", role=iscm.ParticipantRole.MEMBER, sources=(src,)),
        ),
        sources=(src,),
    )
    with pytest.raises(iscm.DataError, match="unknown organization"):
        iscm.Dataset(version="mine", mechanisms=(corrected, new))
    mine = iscm.Dataset(version="mine", mechanisms=(corrected, new), overlay=True)
    with pytest.warns(iscm.MergeWarning, match="mechanisms: colombo-process"):
        merged = DATA.merge(mine)
    assert merged.version == f"{DATA.version}+mine"
    assert merged.get("colombo-process").website == "https://example.org/colombo"
    assert merged.get("My New Dialogue on Migration").id == "my-new-dialogue"
    assert len(merged.mechanisms) == len(DATA.mechanisms) + 1
    assert new in merged.mechanisms_of("ETH")
    assert DATA.get("colombo-process") is colombo  # the original is untouched


def test_merge_of_identical_records_warns_nothing() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert DATA.merge(DATA).mechanisms == DATA.mechanisms


def test_merge_conflict_raises_data_error() -> None:
    import attrs

    clash = attrs.evolve(DATA.get("colombo-process"), id="colombo-copy")  # same names, new id
    with pytest.raises(iscm.DataError, match="fits both"):
        DATA.merge(iscm.Dataset(version="x", mechanisms=(clash,), overlay=True))
