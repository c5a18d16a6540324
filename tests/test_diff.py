"""What changed between two datasets: ``Dataset.diff``, ``iscm.DatasetDiff`` and ``iscm diff``."""

from __future__ import annotations

import datetime
import json
import pathlib
import types
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iscm
from iscm._tables import TABLES
from iscm.cli import main
from iscm.diff import (
    ChairChange,
    FieldChange,
    MembershipChange,
    RecordChange,
    SourceChange,
    StatusChange,
)
from iscm.diff import diff as compare
from strategies import datasets, mechanisms

DATA = iscm.load()
MEMBER = iscm.ParticipantRole.MEMBER
OBSERVER = iscm.ParticipantRole.OBSERVER


def _with(data: iscm.Dataset, mechanism: iscm.Mechanism, **tables: Any) -> iscm.Dataset:
    """``data`` with one mechanism replaced (matched by id)."""
    mechs = tuple(mechanism if m.id == mechanism.id else m for m in data.mechanisms)
    return attrs.evolve(data, mechanisms=mechs, **tables)


def _without_member(m: iscm.Mechanism, code: str) -> iscm.Mechanism:
    kept = tuple(p for p in m.participants if not (p.state == code and p.role is MEMBER))
    assert len(kept) == len(m.participants) - 1
    return attrs.evolve(m, participants=kept)


def _source(n: int = 1) -> iscm.Source:
    return iscm.Source(
        url=f"https://example.org/{n}",
        title=f"Example {n}",
        publisher="Example",
        accessed=datetime.date(2026, 12, 1),
        key=f"example-{n}",
    )


# -- identical ----------------------------------------------------------------------------------


def test_a_dataset_and_itself_have_an_empty_diff() -> None:
    changes = DATA.diff(DATA)
    assert not changes
    assert len(changes) == 0
    assert changes.to_dict()["identical"] is True
    assert changes.rows() == []


def test_the_embedded_data_and_its_source_tree_are_identical() -> None:
    tree = iscm.load(pathlib.Path(__file__).resolve().parents[1] / "data")
    assert tree is not DATA
    assert not DATA.diff(tree)


def test_diff_takes_a_dataset_only() -> None:
    with pytest.raises(TypeError, match="diff\\(\\) takes a Dataset, got dict"):
        DATA.diff({})  # type: ignore[arg-type]


# -- memberships, chairs, statuses --------------------------------------------------------------


def test_a_removed_member_is_reported_by_code_and_mechanism() -> None:
    midsa = DATA.get("midsa")
    code = sorted(midsa.member_states)[0]
    changes = DATA.diff(_with(DATA, _without_member(midsa, code)))
    assert changes
    assert changes.memberships == (
        MembershipChange(mechanism="midsa", participant=code, role=MEMBER, change="left"),
    )
    assert changes.fields == ()  # the participation itself is not repeated as a field change
    assert changes.records == changes.chairs == changes.statuses == changes.sources == ()


def test_joined_and_left_by_role() -> None:
    """An observer that becomes a member left as an observer and joined as a member."""
    m = DATA.get("midsa")
    source = m.sources[0]
    before = attrs.evolve(
        m,
        participants=(
            *m.participants,
            iscm.Participation(state="FRA", role=OBSERVER, sources=(source,)),
        ),
    )
    after = attrs.evolve(
        m,
        participants=(
            *m.participants,
            iscm.Participation(state="FRA", role=MEMBER, sources=(source,)),
            iscm.Participation(organization="iom", role=OBSERVER, sources=(source,)),
        ),
    )
    changes = _with(DATA, before).diff(_with(DATA, after))
    assert [(c.participant, c.role, c.change) for c in changes.memberships] == [
        ("FRA", MEMBER, "joined"),
        ("FRA", OBSERVER, "left"),
        ("iom", OBSERVER, "joined"),
    ]
    assert changes.fields == ()


def test_a_participation_that_ends_is_a_departure_and_a_field_change() -> None:
    m = DATA.get("midsa")
    first = m.participants[0]
    ended = attrs.evolve(m, participants=(attrs.evolve(first, until=2025), *m.participants[1:]))
    changes = DATA.diff(_with(DATA, ended))
    assert changes.memberships == (
        MembershipChange(
            mechanism="midsa", participant=first.participant, role=first.role, change="left"
        ),
    )
    path = f"participants[{first.participant}/{first.role.value}].until"
    assert changes.fields == (
        FieldChange(table="mechanisms", key="midsa", path=path, old=None, new=2025),
    )


def test_a_new_chair_is_a_chair_change() -> None:
    m = next(m for m in DATA.mechanisms if m.chair is not None and m.chair.state != "FRA")
    old_holder = m.chair.state or m.chair.organization  # type: ignore[union-attr]
    chair = iscm.Chair(state="FRA", since=2026, sources=m.sources[:1])
    changes = DATA.diff(_with(DATA, attrs.evolve(m, chairs=(*m.chairs, chair))))
    assert changes.chairs == (ChairChange(mechanism=m.id, old=old_holder, new="FRA"),)
    assert changes.fields == ()  # the new chair's entry is the chair change
    assert changes.rows() == [
        {
            "change": "chair",
            "table": "mechanisms",
            "key": m.id,
            "path": "chairs",
            "value": f"{old_holder} -> FRA",
        }
    ]


def test_a_status_change() -> None:
    m = next(m for m in DATA.mechanisms if m.status is iscm.Status.ACTIVE)
    dormant = attrs.evolve(m, status=iscm.Status.DORMANT, status_since=2026)
    changes = DATA.diff(_with(DATA, dormant))
    assert changes.statuses == (
        StatusChange(mechanism=m.id, old=iscm.Status.ACTIVE, new=iscm.Status.DORMANT),
    )
    assert changes.fields == (
        FieldChange(table="mechanisms", key=m.id, path="status_since", old=None, new=2026),
    )
    assert changes.to_dict()["statuses"] == [{"mechanism": m.id, "old": "active", "new": "dormant"}]


# -- other fields -------------------------------------------------------------------------------


def test_changed_fields_are_reported_by_path_in_json_form() -> None:
    m = DATA.get("colombo-process")
    first = m.participants[0]
    extra = sorted(set(iscm.Theme) - m.themes)[:2]
    edited = attrs.evolve(
        m,
        acronym="C.P.",
        themes=m.themes | set(extra),
        association=attrs.evolve(m.association, note="A new note."),
        participants=(attrs.evolve(first, since=2003), *m.participants[1:]),
        reviewed=datetime.date(2026, 12, 24),
    )
    changes = DATA.diff(_with(DATA, edited))
    found = {c.path: (c.old, c.new) for c in changes.fields}
    assert found["acronym"] == (m.acronym, "C.P.")
    old_themes = sorted(t.value for t in m.themes)
    assert found["themes"][0] == old_themes
    assert found["themes"][1] == sorted([*old_themes, *(t.value for t in extra)])
    assert found["association.note"] == (m.association.note, "A new note.")
    assert found[f"participants[{first.participant}/{first.role.value}].since"] == (
        first.since,
        2003,
    )
    assert found["reviewed"][1] == "2026-12-24"
    assert {c.table for c in changes.fields} == {"mechanisms"}
    assert {c.key for c in changes.fields} == {"colombo-process"}
    assert changes.memberships == ()


def test_the_same_items_in_another_order_is_a_change_of_order() -> None:
    m = next(m for m in DATA.mechanisms if len(m.participants) >= 2)
    swapped = attrs.evolve(m, participants=(m.participants[1], m.participants[0],
                                            *m.participants[2:]))  # fmt: skip
    changes = DATA.diff(_with(DATA, swapped))
    assert len(changes.fields) == 1
    assert changes.fields[0].path == "participants"
    assert changes.fields[0].old[:2] == changes.fields[0].new[1::-1]


def test_version_and_overlay_are_fields_of_the_dataset() -> None:
    changes = DATA.diff(attrs.evolve(DATA, version="2027.01.01"))
    assert changes.fields == (
        FieldChange(table="dataset", key="", path="version", old=DATA.version, new="2027.01.01"),
    )
    assert (changes.old_version, changes.new_version) == (DATA.version, "2027.01.01")


# -- records and sources ------------------------------------------------------------------------


def test_records_added_and_removed() -> None:
    org = DATA.organizations[0]
    fewer = attrs.evolve(DATA, publications=DATA.publications[1:])
    new_org = attrs.evolve(org, id="example-organization", name="Example Organization",
                           acronym=None, aliases=())  # fmt: skip
    more = attrs.evolve(fewer, organizations=(*DATA.organizations, new_org))
    changes = DATA.diff(more)
    assert changes.records == (
        RecordChange(table="organizations", key="example-organization", change="added"),
        RecordChange(table="publications", key=DATA.publications[0].id, change="removed"),
    )
    assert more.diff(DATA).records == (
        RecordChange(table="organizations", key="example-organization", change="removed"),
        RecordChange(table="publications", key=DATA.publications[0].id, change="added"),
    )


def test_composite_keys_name_engagements() -> None:
    e = DATA.engagements[0]
    changes = DATA.diff(attrs.evolve(DATA, engagements=DATA.engagements[1:]))
    key = f"{e.organization}/{e.mechanism}/{e.role.value}/{e.scope or ''}"
    assert changes.records == (RecordChange(table="engagements", key=key, change="removed"),)


def test_sources_added_removed_and_changed() -> None:
    m = DATA.get("midsa")
    old = _with(DATA, attrs.evolve(m, sources=(*m.sources, _source(1))))
    new = _with(DATA, attrs.evolve(m, sources=(*m.sources, _source(2))))
    changes = old.diff(new)
    assert changes.sources == (
        SourceChange(id="example-1", change="removed", source=_source(1)),
        SourceChange(id="example-2", change="added", source=_source(2)),
    )
    # the record's list of sources changed too: it cites the other source
    assert {c.path for c in changes.fields} == {"sources[example-1]", "sources[example-2]"}
    assert changes.to_dict()["sources"][1]["source"]["accessed"] == "2026-12-01"


def _mechanism(mid: str, source: iscm.Source) -> iscm.Mechanism:
    return iscm.Mechanism(
        id=mid,
        name=f"Mechanism {mid}",
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="Somewhere",
        status=iscm.Status.ACTIVE,
        association=iscm.Association(type=iscm.AssociationType.INFORMAL, sources=(source,)),
        sources=(source,),
    )


def test_a_source_whose_content_changed_is_reported_once() -> None:
    """Under ``sources`` (its field, by id), not in every record that cites it."""
    cited = _source(1)
    newer = attrs.evolve(cited, accessed=datetime.date(2026, 12, 31))
    old = iscm.Dataset(version="t", mechanisms=(_mechanism("a", cited), _mechanism("b", cited)))
    new = iscm.Dataset(version="t", mechanisms=(_mechanism("a", newer), _mechanism("b", newer)))
    changes = old.diff(new)
    assert changes.fields == (
        FieldChange(
            table="sources", key="example-1", path="accessed", old="2026-12-01", new="2026-12-31"
        ),
    )
    assert changes.sources == ()
    assert changes.rows() == [
        {
            "change": "changed",
            "table": "sources",
            "key": "example-1",
            "path": "accessed",
            "value": "2026-12-01 -> 2026-12-31",
        }
    ]


# -- JSON form and properties -------------------------------------------------------------------


def test_the_json_form_has_stable_keys() -> None:
    m = DATA.get("midsa")
    code = sorted(m.member_states)[0]
    form = DATA.diff(_with(DATA, _without_member(m, code))).to_dict()
    assert list(form) == [
        "old_version",
        "new_version",
        "identical",
        "records",
        "memberships",
        "chairs",
        "statuses",
        "fields",
        "sources",
    ]
    assert form["memberships"] == [
        {"mechanism": "midsa", "participant": code, "role": "member", "change": "left"}
    ]
    assert json.loads(json.dumps(form)) == form


@given(datasets(), datasets())
def test_diff_is_empty_exactly_when_the_datasets_are_equal(
    a: iscm.Dataset, b: iscm.Dataset
) -> None:
    assert not a.diff(a)
    assert bool(a.diff(b)) == (a != b)
    assert bool(b.diff(a)) == (a != b)


def _tables(m: iscm.Mechanism) -> Any:
    tables: dict[str, Any] = {**dict.fromkeys(TABLES, ()), "mechanisms": (m,)}
    return types.SimpleNamespace(**tables, version="t", overlay=True)


@settings(max_examples=40)  # each example is a whole random mechanism: slow to draw
@given(mechanisms(mechanism_id=st.just("m")), mechanisms(mechanism_id=st.just("m")))
def test_two_versions_of_one_mechanism_differ_exactly_when_unequal(
    a: iscm.Mechanism, b: iscm.Mechanism
) -> None:
    """Every field of the model, nested records included, is compared. (The two tables stand
    in for datasets: a mechanism alone may not make one, e.g. an alias without letters.)"""
    old, new = _tables(a), _tables(b)
    changes = compare(old, new)
    assert bool(changes) == (a != b)
    assert changes.records == ()
    json.dumps(changes.to_dict())  # the JSON form is JSON
    # the reverse diff is the mirror image: joined for left, old for new
    reverse = compare(new, old)
    flip = {"joined": "left", "left": "joined"}
    assert {(c.participant, c.role, flip[c.change]) for c in reverse.memberships} == {
        (c.participant, c.role, c.change) for c in changes.memberships
    }
    forward = sorted(json.dumps([c.table, c.key, c.path, c.old, c.new]) for c in changes.fields)
    mirror = sorted(json.dumps([c.table, c.key, c.path, c.new, c.old]) for c in reverse.fields)
    assert forward == mirror


# -- the command line ---------------------------------------------------------------------------


def _edited_file(tmp_path: pathlib.Path) -> tuple[pathlib.Path, str]:
    """The embedded data with the first member State of MIDSA removed, as a JSON file."""
    form = json.loads(iscm.to_json(DATA))
    midsa = next(m for m in form["mechanisms"] if m["id"] == "midsa")
    index = next(i for i, p in enumerate(midsa["participants"])
                 if p["role"] == "member" and "state" in p)  # fmt: skip
    code = midsa["participants"].pop(index)["state"]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    return path, code


def test_cli_reports_a_removed_member_by_code_and_mechanism(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, code = _edited_file(tmp_path)
    assert main(["diff", "embedded", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{DATA.version} -> {DATA.version}: 1 change(s)"
    assert out[1].split() == ["change", "table", "key", "path", "value"]
    assert out[2].split() == ["left", "mechanisms", "midsa", "participants", "(member)", code]
    assert len(out) == 3


def test_cli_json_format_parses(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, code = _edited_file(tmp_path)
    assert main(["diff", str(path), "embedded", "--format", "json"]) == 1
    form = json.loads(capsys.readouterr().out)
    assert form["identical"] is False
    assert form["memberships"] == [
        {"mechanism": "midsa", "participant": code, "role": "member", "change": "joined"}
    ]


def test_cli_identical_datasets_exit_0(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "same.json"
    path.write_text(iscm.to_json(DATA), encoding="utf-8")
    assert main(["diff", "embedded", str(path)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", str(path), "embedded", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["identical"] is True


def test_cli_reads_a_source_tree(capsys: pytest.CaptureFixture[str]) -> None:
    tree = pathlib.Path(__file__).resolve().parents[1] / "data"
    assert main(["diff", str(tree), "embedded"]) == 0


@pytest.mark.parametrize("bad", ["missing.json", "", "broken.json", "invalid.json"])
def test_cli_a_bad_path_is_one_line_and_exit_2(
    bad: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "invalid.json").write_text('{"version": 1, "mechanisms": 2}', encoding="utf-8")
    target = str(tmp_path / bad) if bad else bad
    assert main(["diff", "embedded", target]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("iscm: ")
