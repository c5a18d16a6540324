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
    [
        "iscm",
        "iscm._keys",
        "iscm._loading",
        "iscm._states",
        "iscm.dataset",
        "iscm.analysis",
        "iscm.report",
    ],
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
    if ">" in args:  # a redirection is the shell's business: the command's output is captured
        args = args[: args.index(">")]
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


def test_stats_and_the_coverage_page_agree_for_every_mechanism(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Both read iscm.analysis.coverage: the page's marks are the command's states."""
    import json
    import re
    import sys

    from iscm.cli import main

    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import _site_coverage as hooks
    finally:
        sys.path.remove(str(ROOT / "docs"))
    data = iscm.load()
    page = hooks.coverage_page(data, {})
    assert main(["stats", "--format", "json"]) == 0
    stats = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    aspects = [a.value for a in iscm.Aspect]
    seen = 0
    for line in page.splitlines():
        found = re.match(
            r"\| \[.*?\]\(#([a-z0-9-]+)\) `[a-z0-9-]+` \| [^|]+ \| [^|]+ \| (.*)", line
        )
        if not found:
            continue
        marks = [cell.strip() for cell in found.group(2).split("|")][: len(aspects)]
        expected = [hooks.SYMBOLS[stats[found.group(1)][a]] for a in aspects]
        assert marks == expected, found.group(1)
        seen += 1
    assert seen == len(data.mechanisms)


def test_a_coverage_note_heading_that_names_no_mechanism_stops_the_build(
    tmp_path: pathlib.Path,
) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from _site_coverage import coverage_notes
    finally:
        sys.path.remove(str(ROOT / "docs"))
    ids = [m.id for m in iscm.load().mechanisms]
    good = "# Notes\n\n## Per mechanism\n\n### midsa — Migration Dialogue\n\n## Other\n\n### x\n"
    (tmp_path / "good.md").write_text(good, "utf-8")
    assert coverage_notes(tmp_path, ids) == {
        "midsa": ("good.md", "midsa-migration-dialogue", "Notes")
    }
    (tmp_path / "bad.md").write_text(
        "## Per mechanism\n\n### Migration Dialogue (midsa)\n", "utf-8"
    )
    with pytest.raises(ValueError, match="must begin with the id"):
        coverage_notes(tmp_path, ids)


def test_the_api_reference_starts_with_load_dataset_and_mechanism() -> None:
    # The reference lists the package's names in the order of __all__, not grouped by kind.
    api = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    block = api[api.index("::: iscm\n") :].split("\n\n", 1)[0]
    assert "members_order: [__all__, source]" in block
    assert "group_by_category: false" in block
    assert iscm.__all__[:3] == ["load", "Dataset", "Mechanism"]
    assert len(set(iscm.__all__)) == len(iscm.__all__)


def test_no_page_hedges_about_commands_being_added() -> None:
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert "being added" not in text, path
