"""Every example in the README and the docs runs and prints what it shows."""

from __future__ import annotations

import doctest
import pathlib

import pytest

import iscm

ROOT = pathlib.Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("path", [p for p in FILES if p.exists()], ids=lambda p: p.name)
def test_examples_in_markdown(path: pathlib.Path) -> None:
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS)
    assert result.failed == 0


@pytest.mark.parametrize(
    "module",
    ["iscm", "iscm._keys", "iscm._loading", "iscm._states", "iscm.dataset"],
)
def test_docstring_examples(module: str) -> None:
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=FLAGS)
    assert result.failed == 0
    assert iscm  # the package is importable alongside


def _shell_examples() -> list[tuple[str, str]]:
    """Every `iscm ...` command line in the sh/bash/console blocks of the README and the docs."""
    found = []
    for path in FILES:
        if not path.exists():
            continue
        in_shell = False
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("```"):
                in_shell = not in_shell and stripped[3:] in ("sh", "bash", "console", "shell")
                continue
            command = stripped.removeprefix("$ ")
            if in_shell and command.startswith("iscm "):
                found.append((path.name, command))
    return found


SHELL_EXAMPLES = _shell_examples()


def test_there_are_shell_examples() -> None:
    assert len(SHELL_EXAMPLES) >= 10


@pytest.mark.parametrize(("page", "command"), SHELL_EXAMPLES, ids=[c for _, c in SHELL_EXAMPLES])
def test_shell_examples_run(
    page: str, command: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex
    import shutil

    from iscm.cli import main

    args = shlex.split(command, comments=True)[1:]
    monkeypatch.chdir(tmp_path)
    if args[0] == "validate" and args[1].rstrip("/") == "data":  # the repository's source tree
        shutil.copytree(ROOT / "data", tmp_path / "data")
    elif args[0] == "validate":  # give the example a file to check
        target = tmp_path / args[1]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(iscm.to_json(iscm.load()), encoding="utf-8")
    elif args[0] == "mentions":  # give the example a text to read
        (tmp_path / args[1]).write_text("The Rabat Process and MIDWA met.", encoding="utf-8")
    assert main(args) == 0, f"{page}: {command}"
