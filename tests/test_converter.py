"""Invalid input always becomes a DataError that names the JSON path of each problem."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

import iscm

SRC = iscm.Source(
    url="https://example.org/a", title="T", publisher="P", accessed=datetime.date(2026, 11, 30)
)


def _valid() -> dict[str, Any]:
    """A small valid dataset in serialized form, for mutation."""
    mechanism = iscm.Mechanism(
        id="colombo-process",
        name="Colombo Process",
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="Asia",
        status=iscm.Status.ACTIVE,
        association=iscm.Association(type=iscm.AssociationType.INFORMAL, sources=(SRC,)),
        participants=(
            iscm.Participation(state="LKA", role=iscm.ParticipantRole.MEMBER, sources=(SRC,)),
        ),
        themes=frozenset({iscm.Theme.LABOUR_MIGRATION}),
        sources=(SRC,),
    )
    org = iscm.Organization(
        id="iom", name="IOM", kind=iscm.OrganizationKind.INTERGOVERNMENTAL, sources=(SRC,)
    )
    engagement = iscm.Engagement(
        organization="iom",
        mechanism="colombo-process",
        role=iscm.EngagementRole.TECHNICAL_SECRETARIAT,
        sources=(SRC,),
    )
    ds = iscm.Dataset(
        version="t", mechanisms=(mechanism,), organizations=(org,), engagements=(engagement,)
    )
    plain: dict[str, Any] = iscm.converter.unstructure(ds)
    return plain


def test_the_valid_fixture_is_valid() -> None:
    assert iscm.from_json(json.dumps(_valid()), iscm.Dataset).get("Colombo Process")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty document @ $"),
        ("   \n", "empty document @ $"),
        ('{"version": ', "not JSON"),
        ("[]", "expected an object, got an array @ $"),
        ("42", "expected an object, got an integer @ $"),
        ('"x"', "expected an object, got a string @ $"),
        ("null", "expected an object, got null @ $"),
        ("{}", "required field missing @ $.version"),
        ('{"version": 3}', "expected a string, got an integer @ $.version"),
        ('{"version": "t", "extra": 1}', "unknown field(s) ['extra'] @ $"),
        ('{"version": "t", "mechanisms": {}}', "expected an array, got an object @ $.mechanisms"),
        ('{"version": "t", "mechanisms": "ab"}', "expected an array, got a string @ $.mechanisms"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("1" * 5000, "not acceptable JSON"),
    ],
)
def test_invalid_documents(text: str, fragment: str) -> None:
    with pytest.raises(iscm.DataError) as info:
        iscm.from_json(text, iscm.Dataset)
    assert any(fragment in p for p in info.value.problems), info.value.problems


def test_invalid_utf8() -> None:
    with pytest.raises(iscm.DataError, match="not UTF-8"):
        iscm.from_json(b'{"version": "\xff"}', iscm.Dataset)


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d["mechanisms"][0].update(level="continental"), "$.mechanisms[0].level"),
        (lambda d: d["mechanisms"][0].update(established="2003"), "$.mechanisms[0].established"),
        (lambda d: d["mechanisms"][0].update(established=True), "$.mechanisms[0].established"),
        (lambda d: d["mechanisms"][0].pop("name"), "required field missing @ $.mechanisms[0].name"),
        (lambda d: d["mechanisms"][0].update(colour="red"), "unknown field(s) ['colour']"),
        (lambda d: d["mechanisms"][0].update(themes="labour-migration"), ".themes"),
        (lambda d: d["mechanisms"][0].update(themes=["x-y"]), "$.mechanisms[0].themes[0]"),
        (
            lambda d: next(iter(d["sources"].values())).update(accessed="30/11/2026"),
            "YYYY-MM-DD",
        ),
        (lambda d: d["mechanisms"][0]["sources"].append("no-such-id"), "unknown source id"),
        (lambda d: d.update(sources=[]), "expected an object of sources by id, got an array"),
        (lambda d: d["sources"].update(x={"url": "ftp://x"}), "@ $.sources"),
        (lambda d: d["mechanisms"][0].update(id="Colombo Process"), "must be an id matching"),
        (lambda d: d["mechanisms"].append(d["mechanisms"][0]), "duplicate id 'colombo-process'"),
        (lambda d: d["organizations"].clear(), "unknown organization 'iom' @ $.engagements[0]"),
    ],
)
def test_invalid_records_name_their_path(mutate: object, fragment: str) -> None:
    data = _valid()
    mutate(data)  # type: ignore[operator]
    with pytest.raises(iscm.DataError) as info:
        iscm.from_json(json.dumps(data), iscm.Dataset)
    assert any(fragment in p for p in info.value.problems), info.value.problems
    assert isinstance(info.value, ValueError)


def test_bad_iso_code_names_the_field_and_the_reason() -> None:
    data = _valid()
    data["mechanisms"][0]["participants"][0]["state"] = "ZZZ"  # type: ignore[index]
    with pytest.raises(iscm.DataError) as info:
        iscm.from_json(json.dumps(data), iscm.Dataset)
    (problem,) = info.value.problems
    assert "ISO 3166-1" in problem
    assert problem.endswith("@ $.mechanisms[0].participants[0].state")


def test_every_problem_is_reported_not_only_the_first() -> None:
    data = _valid()
    data["mechanisms"][0]["level"] = "x"  # type: ignore[index]
    data["mechanisms"][0]["status"] = "y"  # type: ignore[index]
    with pytest.raises(iscm.DataError) as info:
        iscm.from_json(json.dumps(data), iscm.Dataset)
    assert len(info.value.problems) == 2


def test_converter_is_private_not_the_global_one() -> None:
    import cattrs

    assert iscm.converter is not cattrs.global_converter
    assert iscm.converter is iscm.converter


def test_a_dataset_cites_each_source_once_by_id() -> None:
    data = _valid()
    (sid,) = data["sources"]
    assert data["mechanisms"][0]["sources"] == [sid]
    ds = iscm.from_json(json.dumps(data), iscm.Dataset)
    assert ds.mechanisms[0].sources[0].id == sid
    # A record on its own carries its sources inline.
    alone = iscm.converter.unstructure(ds.mechanisms[0])
    assert alone["sources"][0]["url"] == "https://example.org/a"


def test_inline_sources_are_read_inside_a_dataset_too() -> None:
    data = _valid()
    table = data.pop("sources")

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: [table[i] for i in v] if k == "sources" else inline(v) for k, v in node.items()
            }
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    ds = iscm.from_json(json.dumps(inline(data)), iscm.Dataset)
    assert ds.mechanisms[0].sources[0].url == "https://example.org/a"


def test_source_keys_in_a_file_are_kept_and_written_back() -> None:
    data = _valid()
    (sid,) = data["sources"]
    text = json.dumps(data).replace(sid, "my-label")
    ds = iscm.from_json(text, iscm.Dataset)
    assert ds.mechanisms[0].sources[0].key == "my-label"
    assert iscm.converter.unstructure(ds)["sources"].keys() == {"my-label"}


def test_a_source_named_by_its_content_hash_has_no_key() -> None:
    data = _valid()
    (sid,) = data["sources"]
    source = iscm.from_json(json.dumps(data), iscm.Dataset).mechanisms[0].sources[0]
    assert source.key is None
    assert source.id == source.content_hash == sid


def test_a_hex_key_that_is_not_the_content_hash_is_kept() -> None:
    data = _valid()
    (sid,) = data["sources"]
    text = json.dumps(data).replace(sid, "abcdef012345")
    source = iscm.from_json(text, iscm.Dataset).mechanisms[0].sources[0]
    assert source.key == "abcdef012345"


def test_a_table_entry_whose_key_field_differs_from_its_name_is_refused() -> None:
    data = _valid()
    (sid,) = data["sources"]
    data["sources"] = {"my-label": {**data["sources"][sid], "key": "other"}}
    text = json.dumps(data).replace(sid, "my-label")
    with pytest.raises(iscm.DataError, match="differs from its entry's name"):
        iscm.from_json(text, iscm.Dataset)
