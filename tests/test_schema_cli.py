"""``iscm schema``, the schema beside ``export --format json``, and ``iscm --version``."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from importlib import resources
from typing import Any

import pytest

import iscm
from iscm import schema
from iscm._loading import embedded_version
from iscm.cli import main

SHIPPED = (resources.files("iscm") / "data" / "schema.json").read_text(encoding="utf-8")


def _validator(document: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.Draft202012Validator
    cls.check_schema(document)
    return cls(document, format_checker=cls.FORMAT_CHECKER)


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == SHIPPED
    assert json.loads(out) == schema.json_schema()


def test_the_schema_names_the_function_that_generates_it() -> None:
    description = schema.json_schema()["description"]
    assert "iscm.schema.json_schema()" in description
    assert "iscm.export.json_schema" not in SHIPPED
    assert callable(schema.json_schema)


def test_schema_output_writes_a_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert capsys.readouterr().out == f"{target}\n"
    assert target.read_text(encoding="utf-8") == SHIPPED


def test_schema_output_into_a_new_folder(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "new" / "iscm.schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema.json_schema()


def test_an_empty_output_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "iscm: --output is empty: name a file or folder (. is the current folder)\n"
    )


def test_an_existing_file_needs_force(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "schema.json"
    target.write_text("old\n", encoding="utf-8")
    assert main(["schema", "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"iscm: {target}: already exists (use --force to replace it)\n"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert main(["schema", "--output", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8") == SHIPPED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]  # no temporary file


def test_a_directory_is_not_a_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--output", str(tmp_path), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is a directory" in err


def test_export_json_writes_the_schema_beside_the_data(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "json", "--output", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(tmp_path / "iscm.json"),
        str(tmp_path / "schema.json"),
    ]
    document = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))
    assert document == schema.json_schema()
    data = json.loads((tmp_path / "iscm.json").read_text(encoding="utf-8"))
    errors = [e.message for e in _validator(document).iter_errors(data)]
    assert errors == []
    data["mechanisms"][0]["status"] = "sleeping"  # what a dashboard's check would catch
    assert [e.message for e in _validator(document).iter_errors(data)] != []


# -- --version -----------------------------------------------------------------------------------


def test_version_shows_the_code_and_the_data_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out == f"iscm {iscm.__version__} (data {iscm.load().version})\n"
    assert re.fullmatch(r"iscm \d+\.\d+\.\d+\S* \(data \d{4}\.\d{2}\.\d{2}\)\n", out)


def test_the_data_version_is_read_without_loading_the_data() -> None:
    code = (
        "import sys; from iscm._loading import embedded_version; v = embedded_version(); "
        "print(v, 'iscm.dataset' in sys.modules, 'attrs' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"{iscm.load().version} False False\n"
    assert embedded_version() == iscm.load().version


def test_version_from_the_installed_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iscm", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"iscm {iscm.__version__} (data {iscm.load().version})\n"
    assert result.stderr == ""
