"""The command line, run in-process and as a subprocess."""

from __future__ import annotations

import json
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
    assert main(["list", "--level", "global"]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = [m for m in iscm.load().mechanisms if m.level is iscm.Level.GLOBAL]
    assert [line.split("\t")[0] for line in lines] == [m.id for m in expected]


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(iscm.load().mechanisms)


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
