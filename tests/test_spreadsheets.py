"""CSV for spreadsheets: ``--excel`` (a UTF-8 byte order mark), cells that would start a formula
(refused by ``iscm validate``, neutralised by every CSV writer), and ``--output ""`` refused."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pathlib
import subprocess
import sys
from typing import Any

import attrs
import pytest

import iscm
from iscm import export
from iscm._spreadsheets import FORMULA_START, neutralise, starts_like_formula
from iscm.cli import _csv_cell, main
from iscm.export._writers import _cell as _export_cell

BOM = b"\xef\xbb\xbf"
ROOT = pathlib.Path(__file__).resolve().parent.parent


# -- --excel on every command that writes CSV ----------------------------------------------------


@pytest.fixture
def report(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "report.txt"
    path.write_text("The Rabat Process and the Colombo Process met.", "utf-8")
    return path


COMMANDS = [
    ["list"],
    ["list", "--level", "regional"],
    ["search", "colombo"],
    ["country", "ETH"],
    ["country", "Morocco", "--with", "Senegal"],
    ["mentions", "REPORT"],
    ["meetings", "GRCP"],
    ["engagements", "IOM"],
    ["stats"],
    ["memberships"],
    ["memberships", "--level", "regional"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_excel_csv_starts_with_a_byte_order_mark_and_decodes(
    argv: list[str], report: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = [str(report) if a == "REPORT" else a for a in argv]
    assert main([*argv, "--format", "csv"]) == 0
    plain = capsysbinary.readouterr().out
    assert main([*argv, "--format", "csv", "--excel"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(BOM)
    assert not plain.startswith(BOM)  # only with --excel
    assert out == BOM + plain  # and nothing else changes
    text = out.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2, rows
    assert not rows[0][0].startswith("\ufeff")  # a reader that knows the mark drops it


@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize("argv", [["list"], ["memberships"], ["meetings"], ["stats"]])
def test_excel_without_csv_is_refused(
    argv: list[str], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--format", fmt, "--excel"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"iscm: --excel is for CSV output, not --format {fmt}\n"


def test_excel_with_an_ics_calendar_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["meetings", "--format", "ics", "--excel"]) == 2
    assert "--excel is for CSV output" in capsys.readouterr().err


def test_the_researchers_one_liner(tmp_path: pathlib.Path) -> None:
    """``iscm memberships --level regional --format csv --excel > rcp.csv``, in a real process
    whose stdout is a file, as the shell redirects it; UTF-8 even where the locale says
    otherwise (as a Windows code page would)."""
    target = tmp_path / "rcp.csv"
    argv = ["memberships", "--level", "regional", "--format", "csv", "--excel"]
    with target.open("wb") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "iscm", *argv],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        )
    assert proc.returncode == 0, proc.stderr
    raw = target.read_bytes()
    assert raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(iscm.load().memberships(level="regional"))
    assert {r["level"] for r in rows} == {"regional"}
    assert "Côte d'Ivoire" in {r["state_name"] for r in rows}  # "ô" as UTF-8, not Latin-1


@pytest.mark.parametrize("fmt", ["csv", "datapackage"])
def test_export_excel_puts_the_mark_at_the_start_of_each_csv_file(
    tmp_path: pathlib.Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, excel = tmp_path / "plain", tmp_path / "excel"
    assert main(["export", "--format", fmt, "--output", str(plain)]) == 0
    assert main(["export", "--format", fmt, "--output", str(excel), "--excel"]) == 0
    capsys.readouterr()
    csv_files = sorted(excel.glob("*.csv"))
    assert len(csv_files) == len(export.TABLES)
    for path in csv_files:
        raw = path.read_bytes()
        assert raw.startswith(BOM), path.name
        assert raw == BOM + (plain / path.name).read_bytes()
        raw.decode("utf-8")
    if fmt == "datapackage":
        descriptor = json.loads((excel / "datapackage.json").read_bytes())
        assert not (excel / "datapackage.json").read_bytes().startswith(BOM)
        for resource in descriptor["resources"]:
            raw = (excel / resource["path"]).read_bytes()
            assert resource["bytes"] == len(raw)
            assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()


def test_export_json_with_excel_is_refused(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "json", "--output", str(tmp_path / "x"), "--excel"]) == 2
    assert "--excel is for CSV output, not --format json" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_excel_is_in_every_csv_commands_help() -> None:
    import argparse

    from iscm.cli import parser

    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    writes_csv = {
        name
        for name, p in sub.choices.items()
        if any("--format" in a.option_strings and "csv" in (a.choices or ()) for a in p._actions)
    }
    assert writes_csv >= {"list", "search", "country", "mentions", "meetings", "engagements",
                          "stats", "memberships", "export"}  # fmt: skip
    for name in writes_csv:
        assert "--excel" in sub.choices[name].format_help(), name


# -- --output "" ----------------------------------------------------------------------------------


def test_an_empty_output_is_refused(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--output", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "iscm: --output is empty: name a file or folder (. is the current folder)\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


# -- cells that would start a formula ----------------------------------------------------------


def test_the_formula_characters_are_owasps() -> None:
    assert frozenset("=+-@\t\r") == FORMULA_START
    for text in ("=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert starts_like_formula(text)
        assert neutralise(text) == "'" + text
    for text in ("", "a=b", "1-2", "'=x", " =x", "Colombo Process"):
        assert not starts_like_formula(text)
        assert neutralise(text) == text


def test_numbers_are_never_touched() -> None:
    for value, shown in ((-5, "-5"), (-1.5, "-1.5"), (0, "0"), (2001, "2001")):
        assert _csv_cell(value) == shown
        assert _export_cell(value) == shown
    assert _csv_cell("-5") == "'-5"  # the same characters as text are neutralised
    assert _export_cell("-5") == "'-5"
    assert _export_cell(True) == "true"
    assert _csv_cell(None) == _export_cell(None) == ""


_SOURCE = {"url": "https://example.org/a", "title": "A", "publisher": "P", "accessed": "2026-01-02"}


def _form(description: str, title: str = "A") -> dict[str, Any]:
    """A small valid dataset in JSON form, with a mechanism description and a source title."""
    return {
        "version": "2026.01.02",
        "sources": {"src-a": {**_SOURCE, "title": title}},
        "mechanisms": [
            {
                "id": "alpha",
                "name": "Forum alpha",
                "level": "regional",
                "kind": "state-led",
                "region": "Somewhere",
                "established": 2000,
                "status": "active",
                "description": description,
                "association": {"type": "informal", "sources": ["src-a"]},
                "participants": [{"state": "ETH", "role": "member", "sources": ["src-a"]}],
                "sources": ["src-a"],
            }
        ],
    }


def test_the_crafted_dataset_is_valid_with_plain_text() -> None:
    assert iscm.validate(json.dumps(_form("A forum.")).encode()) == ()


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_validate_refuses_a_text_that_begins_like_a_formula(
    tmp_path: pathlib.Path, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(_form(f'{start}HYPERLINK("https://example.org","x")')), "utf-8")
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert out == (
        f"text begins with {start!r}, which a spreadsheet reads as a formula "
        "@ $.mechanisms[0].description\n"
    )


def test_validate_refuses_a_formula_in_a_source_and_a_leading_tab() -> None:
    problems = iscm.validate(json.dumps(_form("\tcmd", title="=1+1")).encode())
    assert "control character '\\t' in text @ $.mechanisms[0].description" in problems
    assert (
        "text begins with '=', which a spreadsheet reads as a formula @ $.sources.src-a.title"
        in (problems)
    )
    assert len(problems) == 2  # the tab is reported once, as a control character


@pytest.mark.skipif(not (ROOT / "data").is_dir(), reason="needs the repository's source tree")
def test_validate_names_the_file_and_field_in_a_source_tree(tmp_path: pathlib.Path) -> None:
    from tools.build_data import write_tree

    form = _form("=cmd|' /C calc'!A0")
    write_tree(form, tmp_path / "tree", {"src-a": "src-a"})
    assert iscm.validate(tmp_path / "tree") == (
        "text begins with '=', which a spreadsheet reads as a formula "
        "@ mechanisms/alpha.toml:$.description",
    )


def test_the_shipped_data_has_no_text_that_begins_like_a_formula() -> None:
    from iscm._rules import no_formula_start

    assert list(no_formula_start(iscm.load(), {})) == []


def _unvalidated() -> iscm.Dataset:
    """The embedded data with texts a spreadsheet would run, built in code: no rule checks it."""
    data = iscm.load()
    colombo = data.get("colombo-process")
    evil = attrs.evolve(colombo, name="=1+2", description="-2+3", acronym="@SUM(A1)")
    mechanisms = tuple(evil if m.id == colombo.id else m for m in data.mechanisms)
    return attrs.evolve(data, mechanisms=mechanisms)


def test_the_export_neutralises_a_formula_cell_and_leaves_numbers() -> None:
    data = _unvalidated()
    files = export.files(data, "csv")
    rows = list(csv.DictReader(io.StringIO(files["mechanisms.csv"].decode("utf-8"))))
    row = next(r for r in rows if r["id"] == "colombo-process")
    assert (row["name"], row["description"], row["acronym"]) == ("'=1+2", "'-2+3", "'@SUM(A1)")
    assert row["established"] == str(data.get("colombo-process").established)  # a number, as is
    names = list(csv.DictReader(io.StringIO(files["mechanism_names.csv"].decode("utf-8"))))
    assert "'=1+2" in {r["name"] for r in names if r["mechanism"] == "colombo-process"}
    assert all(r["n"].isdigit() for r in names)


def test_the_command_line_neutralises_a_formula_cell(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil.json"
    path.write_text(iscm.to_json(_unvalidated()), "utf-8")
    assert iscm.validate(path)  # validate refuses it ...
    assert main(["--data", str(path), "list", "--format", "csv"]) == 0  # ... loading does not
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    row = next(r for r in rows if r["id"] == "colombo-process")
    assert (row["name"], row["acronym"]) == ("'=1+2", "'@SUM(A1)")
    assert int(row["established"]) > 0
    assert main(["--data", str(path), "list", "--format", "json"]) == 0  # JSON keeps the text
    found = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == "colombo-process")
    assert found["name"] == "=1+2"


def test_export_panel_with_excel_begins_with_a_byte_order_mark(tmp_path: pathlib.Path) -> None:
    from iscm.cli import main

    plain, excel = tmp_path / "plain", tmp_path / "excel"
    assert main(["export", "--format", "panel", "--output", str(plain)]) == 0
    assert main(["export", "--format", "panel", "--excel", "--output", str(excel)]) == 0
    body = (plain / "membership_panel.csv").read_bytes()
    assert (excel / "membership_panel.csv").read_bytes() == b"\xef\xbb\xbf" + body
    assert body.startswith(b"state,mechanism,year,status")
