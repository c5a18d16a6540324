"""The model and the converter: round trips, immutability, and strict structuring."""

from __future__ import annotations

import datetime
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iscm
from strategies import RECORDS, datasets

SRC = iscm.Source(
    url="https://example.org/page", title="T", publisher="P", accessed=datetime.date(2026, 11, 30)
)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
def test_every_model_class_is_frozen_slotted_keyword_only(cls: type) -> None:
    assert attrs.has(cls)
    assert "__dict__" not in dir(cls)  # slotted
    assert all(a.kw_only for a in attrs.fields(cls))
    for a in attrs.fields(cls):
        origin = getattr(a.type, "__origin__", None)
        assert origin is not list, f"{cls.__name__}.{a.name} is a list"
        assert a.type is not list, f"{cls.__name__}.{a.name} is a list"


def test_every_public_model_class_has_a_strategy() -> None:
    public = [getattr(iscm, n) for n in iscm.__all__]
    model_classes = {
        c for c in public if isinstance(c, type) and attrs.has(c) and c.__module__ == "iscm.model"
    }
    assert model_classes == set(RECORDS)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_through_json(cls: type, data: st.DataObject) -> None:
    record = data.draw(RECORDS[cls])
    assert iscm.from_json(iscm.to_json(record), cls) == record


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_through_structure(cls: type, data: st.DataObject) -> None:
    record = data.draw(RECORDS[cls])
    conv = iscm.converter
    plain = conv.unstructure(record)
    assert conv.structure(plain, cls) == record
    # The unstructured form is pure JSON: plain types only, unchanged by a JSON round trip.
    assert _plain_types_only(plain)
    assert json.loads(json.dumps(plain)) == plain


def _plain_types_only(value: object) -> bool:
    if isinstance(value, dict):
        return all(type(k) is str and _plain_types_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_types_only(v) for v in value)
    return value is None or type(value) in (str, int, bool, float)


@given(datasets())
def test_dataset_round_trip(ds: iscm.Dataset) -> None:
    assert iscm.from_json(iscm.to_json(ds), iscm.Dataset) == ds


@given(datasets())
def test_serialization_is_canonical(ds: iscm.Dataset) -> None:
    text = iscm.to_json(ds)
    assert iscm.to_json(iscm.from_json(text, iscm.Dataset)) == text
    assert text.endswith("}\n")


@given(st.frozensets(st.sampled_from(iscm.Theme)))
def test_sets_are_written_sorted(themes: frozenset[iscm.Theme]) -> None:
    record = iscm.Mechanism(
        id="x",
        name="X",
        level=iscm.Level.GLOBAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="r",
        status=iscm.Status.ACTIVE,
        association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
        themes=themes,
        sources=(SRC,),
    )
    written = iscm.converter.unstructure(record).get("themes", [])
    assert written == sorted(t.value for t in themes)


def test_records_cannot_be_changed() -> None:
    rec = iscm.Participation(state="FRA", role=iscm.ParticipantRole.MEMBER, sources=(SRC,))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rec.state = "DEU"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rec.sources.append(SRC)  # type: ignore[attr-defined]


def test_records_are_hashable() -> None:
    rec = iscm.Participation(state="FRA", role=iscm.ParticipantRole.MEMBER, sources=(SRC,))
    assert hash(rec) == hash(attrs.evolve(rec))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"state": "FRA", "organization": "eu"}, "exactly one"),
        ({}, "exactly one"),
        ({"state": "XXX"}, "ISO 3166-1"),
        ({"state": "fra"}, "ISO 3166-1"),
        ({"state": "FRA", "since": 2010, "until": 2001}, "after until"),
        ({"state": "FRA", "sources": ()}, "at least 1 Source"),
        ({"organization": "Not An Id"}, "must be an id matching"),
    ],
)
def test_participation_rejects(kwargs: dict[str, object], message: str) -> None:
    kwargs = {"role": iscm.ParticipantRole.MEMBER, "sources": (SRC,), **kwargs}
    with pytest.raises(ValueError, match=message):
        iscm.Participation(**kwargs)  # type: ignore[arg-type]


def test_association_rules() -> None:
    with pytest.raises(ValueError, match="names at least one institution"):
        iscm.Association(type=iscm.AssociationType.FORMAL, sources=(SRC,))
    with pytest.raises(ValueError, match="only a formal"):
        iscm.Association(
            type=iscm.AssociationType.INFORMAL, institutions=frozenset({"au"}), sources=(SRC,)
        )
    with pytest.raises(ValueError, match="cites at least one source"):
        iscm.Association(type=iscm.AssociationType.INFORMAL)
    assert iscm.Association(type=iscm.AssociationType.UNKNOWN).sources == ()


def test_level_definitions_and_short_names() -> None:
    assert [lv.value for lv in iscm.Level] == ["regional", "inter-regional", "global"]
    assert {lv.short_name for lv in iscm.Level} == {"RCP", "IRF", "global process"}
    for lv in iscm.Level:
        assert len(lv.definition) > 80


def test_enum_values_are_the_contract() -> None:
    assert {r.name: r.value for r in iscm.EngagementRole} == {
        "MEMBER": "member",
        "LEAD": "lead",
        "COORDINATOR": "coordinator",
        "OBSERVER": "observer",
        "TECHNICAL_SECRETARIAT": "technical-secretariat",
        "SECRETARIAT_SUPPORT": "secretariat-support",
        "ADMINISTRATIVE_HOST": "administrative-host",
    }
    assert {r.value for r in iscm.ParticipantRole} == {"member", "observer", "partner", "invited"}
    assert all(t.definition for t in iscm.Theme)
    assert not iscm.MechanismKind.GLOBAL_INITIATIVE.is_iscm


def test_member_and_observer_state_properties() -> None:
    def part(code: str, role: iscm.ParticipantRole, until: int | None = None) -> iscm.Participation:
        return iscm.Participation(state=code, role=role, until=until, sources=(SRC,))

    m = iscm.Mechanism(
        id="x",
        name="X",
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="r",
        status=iscm.Status.ACTIVE,
        association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
        participants=(
            part("FRA", iscm.ParticipantRole.MEMBER),
            part("GBR", iscm.ParticipantRole.MEMBER, until=2020),
            part("NOR", iscm.ParticipantRole.OBSERVER),
            iscm.Participation(organization="eu", role=iscm.ParticipantRole.MEMBER, sources=(SRC,)),
        ),
        sources=(SRC,),
    )
    assert m.member_states == frozenset({"FRA"})
    assert m.observer_states == frozenset({"NOR"})
    assert m.member_organizations == frozenset({"eu"})
    assert isinstance(m.member_states, frozenset)
