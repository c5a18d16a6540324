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
    ["iscm", "iscm._keys", "iscm._loading", "iscm.dataset"],
)
def test_docstring_examples(module: str) -> None:
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=FLAGS)
    assert result.failed == 0
    assert iscm  # the package is importable alongside
