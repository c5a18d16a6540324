"""The command line, run in-process and as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

import iscm
from iscm.cli import main


def test_show_prints_a_readable_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Colombo Process"]) == 0
    out = capsys.readouterr().out
    assert "id:           colombo-process" in out
    assert "sources:" in out


def test_show_json_is_the_serialized_record(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "MIDSA", "--json"]) == 0
    out = capsys.readouterr().out
    assert iscm.from_json(out, iscm.Mechanism) == iscm.load().get("midsa")


def test_show_unknown_key_exits_1_with_message_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "colmbo process"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "did you mean 'Colombo Process'" in captured.err


def test_list_filters_by_level(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--level", "global", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    expected = [m for m in iscm.load().mechanisms if m.level is iscm.Level.GLOBAL]
    assert [r["id"] for r in rows] == [m.id for m in expected]


def test_list_filters_combine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--member", "eth", "--level", "regional", "--format", "json"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    expected = iscm.load().filter(member="ETH", level=iscm.Level.REGIONAL)
    assert ids == [m.id for m in expected]
    assert "igad-rcp" in ids


def test_list_table_is_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["id", "acronym", "level"]
    assert "\x1b[" not in out
    assert len(out.splitlines()) == len(iscm.load().mechanisms) + 1


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(iscm.load().mechanisms)


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "colombo prcess", "--limit", "1", "--format", "csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["id"] == "colombo-process"


def test_country(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["country", "ETH", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    members = {r["id"] for r in rows if r["role"] == "member"}
    assert members == {m.id for m in iscm.load().mechanisms_of("ETH")}


def test_country_unknown_state_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["country", "Narnia"]) == 1
    assert "no State matches 'Narnia'" in capsys.readouterr().err


def test_engagements(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["engagements", "IOM", "--role", "administrative-host", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["mechanism"] for r in rows} == {"gfmd", "igc"}


def test_engagements_unknown_organization_exits_1() -> None:
    assert main(["engagements", "Nobody Anywhere"]) == 1


def test_stats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len(iscm.load().mechanisms)
    assert {r["members"] for r in rows} <= {c.value for c in iscm.Coverage}


def test_validate(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_text(iscm.to_json(iscm.load()), encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text(good.read_text().replace('"role": "member"', '"role": "boss"', 2))
    assert main(["validate", str(bad)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert all("@ $.mechanisms[" in line for line in out)
    assert main(["validate", str(tmp_path / "missing.json")]) == 2


def test_export_json_round_trips(tmp_path: pathlib.Path) -> None:
    assert main(["export", "--format", "json", "--output", str(tmp_path)]) == 0
    assert iscm.load(tmp_path / "iscm.json") == iscm.load()


def test_data_option_reads_a_user_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.json"
    path.write_text(iscm.to_json(iscm.Dataset(version="mine")), encoding="utf-8")
    assert main(["--data", str(path), "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_bad_usage_exits_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["list", "--level", "continental"])
    assert info.value.code == 2


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "iscm", "show", "gfmd"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Global Forum on Migration and Development" in proc.stdout


def test_show_says_when_members_follow_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "GFMD"]) == 0
    out = capsys.readouterr().out
    assert "member States: not listed; see the membership rule" in out
    assert "member States (0): none" not in out


def test_stats_reports_complete_participants_and_reviewed_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from iscm.cli import main

    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    data = iscm.load()
    active = [
        m
        for m in data.mechanisms
        if m.level is not iscm.Level.GLOBAL and m.is_iscm and m.status is iscm.Status.ACTIVE
    ]
    known = sum(m.participants_known for m in active)
    assert f"members and observers complete: {known} of {len(active)}" in out
    reviewed = sum(m.reviewed is not None for m in data.mechanisms)
    assert f"records reviewed against their sources: {reviewed} of {len(data.mechanisms)}" in out


def test_participants_known_needs_members_and_observers_known() -> None:
    import attrs

    m = iscm.load().get("midsa")
    known = attrs.evolve(m, unknown=frozenset())
    assert known.participants_known
    assert not attrs.evolve(known, unknown=frozenset({iscm.Aspect.OBSERVERS})).participants_known
    assert not attrs.evolve(known, unknown=frozenset({iscm.Aspect.MEMBERS})).participants_known
    assert not attrs.evolve(known, participants=()).participants_known
