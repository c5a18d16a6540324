"""Memberships as a flat table: ``Dataset.memberships``, ``iscm.Membership`` and
``iscm memberships``."""

from __future__ import annotations

import collections
import csv
import io
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iscm
from iscm.cli import main
from iscm.export import source_id, tables
from strategies import datasets, source_tuples

DATA = iscm.load()
ROWS = DATA.memberships()
COLUMNS = [
    "mechanism",
    "mechanism_name",
    "level",
    "status",
    "state",
    "state_name",
    "organization",
    "organization_name",
    "role",
    "since",
    "until",
    "sources",
]


def _participation_key(mechanism: str, p: iscm.Participation) -> tuple[object, ...]:
    return (mechanism, p.state, p.organization, p.role, p.since, p.until,
            tuple(sorted({s.id for s in p.sources})))  # fmt: skip


def _row_key(r: iscm.Membership) -> tuple[object, ...]:
    return (r.mechanism, r.state, r.organization, r.role, r.since, r.until, r.sources)


# -- the row class -------------------------------------------------------------------------------


def test_the_fields_are_the_columns_in_order() -> None:
    assert [a.name for a in attrs.fields(iscm.Membership)] == COLUMNS
    assert "Membership" in iscm.__all__
    assert iscm.Membership is type(ROWS[0])


def test_the_row_class_is_frozen_slotted_keyword_only_and_documented() -> None:
    from iscm.schema import field_descriptions

    row = ROWS[0]
    assert "__dict__" not in dir(iscm.Membership)
    assert all(a.kw_only for a in attrs.fields(iscm.Membership))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        row.since = 1999  # type: ignore[misc]
    docs = field_descriptions(iscm.Membership)
    assert list(docs) == COLUMNS
    assert all(docs.values())


def test_fields_are_typed() -> None:
    for row in ROWS:
        assert isinstance(row.level, iscm.Level)
        assert isinstance(row.status, iscm.Status)
        assert isinstance(row.role, iscm.ParticipantRole)
        assert isinstance(row.sources, tuple)
        assert all(isinstance(s, str) for s in row.sources)
        assert row.since is None or isinstance(row.since, int)


# -- exhaustive over the shipped data ------------------------------------------------------------


def test_every_participation_of_every_mechanism_is_one_row() -> None:
    expected = collections.Counter(
        _participation_key(m.id, p) for m in DATA.mechanisms for p in m.participants
    )
    assert collections.Counter(_row_key(r) for r in ROWS) == expected
    assert len(ROWS) == sum(len(m.participants) for m in DATA.mechanisms)


def test_organizations_take_part_as_rows_of_their_own() -> None:
    orgs = [r for r in ROWS if r.organization is not None]
    assert orgs, "the shipped data has organization members and observers"
    names = {o.id: o.name for o in DATA.organizations}
    for r in orgs:
        assert r.state is None
        assert r.state_name is None
        assert r.organization_name == names[r.organization]
    eu = [r for r in orgs if r.organization == "eu" and r.mechanism == "abu-dhabi-dialogue"]
    assert [(r.role, r.organization_name) for r in eu] == [
        (iscm.ParticipantRole.OBSERVER, "European Union")
    ]


def test_state_rows_name_the_state_and_no_organization() -> None:
    for r in ROWS:
        if r.state is not None:
            assert r.organization is None
            assert r.organization_name is None
            assert r.state_name == iscm.STATE_NAMES[r.state]


def test_mechanism_columns_come_from_the_mechanism() -> None:
    by_id = {m.id: m for m in DATA.mechanisms}
    for r in ROWS:
        m = by_id[r.mechanism]
        assert (r.mechanism_name, r.level, r.status) == (m.name, m.level, m.status)


def test_sources_are_keys_of_the_source_table_sorted_once() -> None:
    table = {row["source_id"] for row in tables(DATA)["sources"]}
    assert all(r.sources for r in ROWS)
    for r in ROWS:
        assert list(r.sources) == sorted(set(r.sources))
        assert set(r.sources) <= table, r
    keyed = {source_id(s) for m in DATA.mechanisms for p in m.participants for s in p.sources}
    assert keyed == {s for r in ROWS for s in r.sources}


def test_rows_are_sorted_by_mechanism_participant_and_role() -> None:
    roles = list(iscm.ParticipantRole)

    def order(r: iscm.Membership) -> tuple[object, ...]:
        return (r.mechanism, r.state is None, r.state or r.organization, roles.index(r.role),
                r.since or -1, r.until or -1)  # fmt: skip

    assert list(ROWS) == sorted(ROWS, key=order)
    assert DATA.memberships() == ROWS  # the same every time


# -- filters -------------------------------------------------------------------------------------


def test_level_filter_takes_the_enum_or_its_value() -> None:
    regional = DATA.memberships(level="regional")
    assert regional == DATA.memberships(level=iscm.Level.REGIONAL)
    assert regional == tuple(r for r in ROWS if r.level is iscm.Level.REGIONAL)
    assert 0 < len(regional) < len(ROWS)


def test_role_filter_covers_every_participant_role() -> None:
    total = 0
    for role in iscm.ParticipantRole:
        found = DATA.memberships(role=role.value)
        assert found == tuple(r for r in ROWS if r.role is role)
        assert found, role
        total += len(found)
    assert total == len(ROWS)


def test_mechanism_filter_takes_any_key() -> None:
    by_acronym = DATA.memberships(mechanism="MIDSA")
    assert by_acronym == DATA.memberships(mechanism="Migration Dialogue for Southern Africa")
    assert by_acronym == tuple(r for r in ROWS if r.mechanism == "midsa")
    assert len(by_acronym) == len(DATA.get("midsa").participants)


def test_state_filter_reads_any_name_and_leaves_out_organizations() -> None:
    ethiopia = DATA.memberships(state="Éthiopie")
    assert ethiopia == DATA.memberships(state="ETH") == DATA.memberships(state="et")
    assert ethiopia == tuple(r for r in ROWS if r.state == "ETH")
    assert {r.mechanism for r in ethiopia if r.role is iscm.ParticipantRole.MEMBER} >= {
        "igad-rcp",
        "midcom",
    }


def test_filters_combine_with_and() -> None:
    found = DATA.memberships(level="inter-regional", role="observer", state="USA")
    assert found == tuple(
        r
        for r in ROWS
        if r.level is iscm.Level.INTER_REGIONAL
        and r.role is iscm.ParticipantRole.OBSERVER
        and r.state == "USA"
    )
    assert DATA.memberships(mechanism="MIDSA", level="global") == ()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"level": "continental"}, ValueError, "level must be one of"),
        ({"role": "chair"}, ValueError, "role must be one of"),
        ({"role": 1}, TypeError, "role must be a ParticipantRole"),
        ({"state": 231}, TypeError, "state must be a string"),
        ({"mechanism": None, "state": "Narnia"}, iscm.NotFoundError, "Narnia"),
        ({"mechanism": "colmbo prcess"}, iscm.NotFoundError, "did you mean"),
    ],
)
def test_invalid_arguments_are_refused_naming_them(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        DATA.memberships(**kwargs)  # type: ignore[arg-type]


def test_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        DATA.memberships("regional")  # type: ignore[misc]


# -- generated datasets --------------------------------------------------------------------------


@st.composite
def _with_organizations(draw: st.DrawFn) -> iscm.Dataset:
    """A generated dataset whose mechanisms also have organizations taking part."""
    data = draw(datasets())
    org_ids = [o.id for o in data.organizations]
    mechanisms = []
    for m in data.mechanisms:
        chosen = draw(st.lists(st.sampled_from(org_ids), max_size=2, unique=True))
        role = draw(st.sampled_from(iscm.ParticipantRole))
        extra = tuple(
            iscm.Participation(
                organization=o,
                role=role,
                until=draw(st.none() | st.just(2010)),
                sources=draw(source_tuples),
            )
            for o in chosen
        )
        mechanisms.append(attrs.evolve(m, participants=m.participants + extra))
    return attrs.evolve(data, mechanisms=tuple(mechanisms))


@given(_with_organizations(), st.sampled_from(iscm.ParticipantRole), st.sampled_from(iscm.Level))
def test_generated_datasets_give_one_row_per_participation(
    data: iscm.Dataset, role: iscm.ParticipantRole, level: iscm.Level
) -> None:
    rows = data.memberships()
    expected = collections.Counter(
        _participation_key(m.id, p) for m in data.mechanisms for p in m.participants
    )
    assert collections.Counter(_row_key(r) for r in rows) == expected
    assert data.memberships(role=role) == tuple(r for r in rows if r.role is role)
    assert data.memberships(level=level) == tuple(r for r in rows if r.level is level)
    cited = {row["source_id"] for row in tables(data)["sources"]}
    assert {s for r in rows for s in r.sources} <= cited
    names = {o.id: o.name for o in data.organizations}
    for r in rows:
        assert (r.state is None) != (r.organization is None)
        if r.organization is not None:
            assert r.organization_name == names[r.organization]


# -- the command line ----------------------------------------------------------------------------


def test_cli_csv_has_the_columns_in_order_and_one_line_per_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["memberships", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == COLUMNS
    assert len(rows) == len(ROWS) + 1
    first = dict(zip(COLUMNS, rows[1], strict=True))
    r = ROWS[0]
    assert first["mechanism"] == r.mechanism
    assert first["level"] == r.level.value
    assert first["sources"] == ";".join(r.sources)
    assert first["organization"] == ""  # None is an empty cell


def test_cli_filters_match_the_function(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["memberships", "--level", "regional", "--role", "observer", "--format", "json"]
    assert main(argv) == 0
    rows = json.loads(capsys.readouterr().out)
    expected = DATA.memberships(level="regional", role="observer")
    assert [(r["mechanism"], r["state"], r["organization"]) for r in rows] == [
        (r.mechanism, r.state, r.organization) for r in expected
    ]
    assert list(rows[0]) == COLUMNS
    assert all(isinstance(r["sources"], list) for r in rows)


def test_cli_mechanism_and_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["memberships", "--mechanism", "MIDSA", "--state", "Angola"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["mechanism", "mechanism_name", "level"]
    assert len(lines) == 2
    assert "AGO" in lines[1]
    assert "Angola" in lines[1]


def test_cli_no_match_still_prints_the_csv_header(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["memberships", "--mechanism", "MIDSA", "--level", "global", "--format", "csv"]) == 0
    )
    assert capsys.readouterr().out == ",".join(COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--state", "Narnia"], 1, "Narnia"),
        (["--mechanism", "colmbo prcess"], 1, "did you mean"),
    ],
)
def test_cli_unknown_keys_exit_1(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    assert main(["memberships", *argv]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_cli_refuses_a_role_or_level_outside_the_vocabulary(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["--role", "chair"], ["--level", "continental"]):
        with pytest.raises(SystemExit) as exc:
            main(["memberships", *argv])
        assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
