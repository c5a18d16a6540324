"""The command line as a careless or hostile user meets it (issue 12).

Safe writes (never through a symbolic link, atomic, no silent overwrite), quiet ends on a closed
pipe, reported errors on a full or closed stdout, ``--data ""`` refused, control characters from
a user's dataset escaped in everything printed, and never a Python traceback.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pathlib
import re
import subprocess
import sys
from typing import Any

import attrs
import pytest

import iscm
import iscm._files
from iscm.cli import EXIT_BROKEN_PIPE, main

RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _run(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iscm", *args],
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        check=False,
        **kwargs,
    )


# -- writing files --------------------------------------------------------------------------------


def test_export_never_writes_through_a_planted_symlink(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "d"
    out.mkdir()
    (out / "mechanisms.csv").symlink_to(victim)
    for force in ([], ["--force"]):
        assert main(["export", "--format", "csv", "--output", str(out), *force]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "mechanisms.csv: is a symbolic link" in err
        assert victim.read_text() == "precious\n"
        assert (out / "mechanisms.csv").is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["mechanisms.csv"]  # nothing half-written


def test_export_refuses_an_existing_file_unless_forced(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "iscm.json"
    target.write_text("old\n")
    assert main(["export", "--format", "json", "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"iscm: {target}: already exists (use --force to replace it)\n"
    assert target.read_text() == "old\n"
    assert main(["export", "--format", "json", "--output", str(tmp_path), "--force"]) == 0
    assert iscm.load(target) == iscm.load()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["iscm.json", "schema.json"]  # no temporary file left


def test_export_writes_a_new_folder(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "new"
    assert main(["export", "--format", "datapackage", "--output", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert "datapackage.json" in names
    assert "mechanisms.csv" in names
    assert not [n for n in names if n.startswith(".")]


def _export_fails(out: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["export", "--format", "json", "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line
    return err


def test_export_to_a_target_that_is_a_directory(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "iscm.json").mkdir()
    assert "iscm.json: is a directory" in _export_fails(tmp_path, capsys)


def test_export_under_a_missing_parent(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _export_fails(tmp_path / "missing" / "deeper", capsys)
    assert "deeper: No such file or directory" in err
    assert not (tmp_path / "missing").exists()


def test_export_into_a_file(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert "file: is not a directory" in _export_fails(tmp_path / "file", capsys)


def test_a_full_disk_is_reported_and_leaves_the_old_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "iscm.json"
    target.write_text("old\n")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(iscm._files.os, "fsync", full)
    assert main(["export", "--format", "json", "--output", str(tmp_path), "--force"]) == 2
    err = capsys.readouterr().err
    assert err == "iscm: cannot write the output: No space left on device\n"
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iscm.json"]


def test_the_export_api_replaces_a_symlink_without_following_it(tmp_path: pathlib.Path) -> None:
    from iscm import export

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "mechanisms.csv").symlink_to(victim)
    with pytest.raises(OSError, match="symbolic link"):
        export.write_csv(iscm.load(), tmp_path)
    assert victim.read_text() == "precious\n"


# -- standard output ------------------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly() -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written (like `| head -0`)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "iscm", "list"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)
    assert proc.returncode == EXIT_BROKEN_PIPE
    assert proc.stderr == ""


def test_head_reads_the_first_line_and_iscm_ends_quietly(tmp_path: pathlib.Path) -> None:
    err = tmp_path / "err.txt"
    script = f'"$0" -m iscm list 2>"{err}" | head -1; echo "code=${{PIPESTATUS[0]}}"'
    proc = subprocess.run(
        ["bash", "-c", script, sys.executable],
        capture_output=True,
        text=True,
        check=False,
    )
    first, code = proc.stdout.splitlines()
    assert first.split()[:2] == ["id", "acronym"]
    assert code in ("code=0", f"code={EXIT_BROKEN_PIPE}")  # 0 if all fit in the pipe first
    assert err.read_text() == ""


def test_a_broken_pipe_in_process_gives_141(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Gone(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Gone())
    assert main(["list"]) == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stdout_is_reported() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "iscm", "stats"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr == "iscm: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_reported() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m iscm stats >&-",
        shell=True,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == "iscm: standard output is closed: nothing can be printed\n"


# -- arguments ------------------------------------------------------------------------------------


def test_an_empty_data_path_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", "", "list"]) == 2
    assert "the path is empty" in capsys.readouterr().err


def test_a_negative_limit_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "colombo", "--limit", "-5"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "iscm: limit must be 0 or more, got -5\n"


# -- control characters from a user's dataset ----------------------------------------------------

EVIL_NAME = "Evil \x1b]0;pwned\x07\x1b[2J Process \u202egnp.exe"
EVIL_NOTE = "Ends here.\x9b31m red \x7f"


@pytest.fixture
def evil(tmp_path: pathlib.Path) -> pathlib.Path:
    data = iscm.load()
    m = attrs.evolve(
        data.get("colombo-process"),
        name=EVIL_NAME,
        aliases=("Alias\x1b[5m",),
        description=EVIL_NOTE,
        predecessors=frozenset(),
        successors=frozenset(),
    )
    mine = iscm.Dataset(version="evil", mechanisms=(m,), organizations=data.organizations)
    path = tmp_path / "evil.json"
    path.write_text(iscm.to_json(mine), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "colombo-process"],
        ["show", "colombo-process", "--json"],
        ["list"],
        ["list", "--format", "csv"],
        ["list", "--format", "json"],
        ["search", "evil"],
        ["search", "evil", "--format", "json"],
        ["country", "LKA"],
        ["stats"],
        ["show", "Evil \x1b[2J"],  # not found: the key is echoed in the message
    ],
)
def test_control_characters_never_reach_the_terminal(
    evil: pathlib.Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    main(["--data", str(evil), *argv])
    captured = capsys.readouterr()
    assert not RAW_CONTROL.search(captured.out), captured.out
    assert not RAW_CONTROL.search(captured.err), captured.err
    if argv[0] == "show" and "--json" not in argv and captured.out:
        assert "Evil \\u001b]0;pwned\\u0007\\u001b[2J Process \\u202egnp.exe" in captured.out
        assert "Ends here.\\u009b31m red \\u007f" in captured.out


def test_escaped_json_output_still_holds_the_data(
    evil: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(evil), "show", "colombo-process", "--json"]) == 0
    record = iscm.from_json(capsys.readouterr().out, iscm.Mechanism)
    assert record.name == EVIL_NAME
    assert record.description == EVIL_NOTE
    assert main(["--data", str(evil), "list", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == EVIL_NAME


def test_validate_escapes_problems(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad\x1b[2J.json"
    path.write_text('{"version": "x", "colour\\u009b": 1}', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert not RAW_CONTROL.search(captured.out + captured.err)
    assert "bad\\u001b[2J.json" in captured.err


# -- never a traceback ----------------------------------------------------------------------------

HOSTILE = [
    ["show", ""],
    ["show", "\x00"],
    ["show", "a" * 100_000],
    ["country", ""],
    ["country", "\x1b"],
    ["search", ""],
    ["search", "x", "--limit", "0"],
    ["engagements", ""],
    ["list", "--member", "ZZZ"],
    ["list", "--engaged", ""],
    ["--data", "/nonexistent", "list"],
    ["--data", "/", "list"],
    ["--data", "/dev/null", "list"],
    ["validate", ""],
    ["validate", "/"],
    ["validate", "/dev/null"],
    ["validate", "a\x00b"],
]


@pytest.mark.parametrize("argv", HOSTILE, ids=[repr(a)[:40] for a in HOSTILE])
def test_hostile_arguments_end_with_a_code_not_an_exception(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(argv)
    assert code in (0, 1, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert not RAW_CONTROL.search(err)


def test_no_traceback_from_a_subprocess_with_hostile_arguments(tmp_path: pathlib.Path) -> None:
    for argv in (["--data", "", "stats"], ["show", "\x1b[2J"], ["validate", str(tmp_path)]):
        proc = _run(*argv)
        assert proc.returncode in (1, 2), proc
        assert "Traceback" not in proc.stderr
        assert proc.stderr.count("\n") >= 1
