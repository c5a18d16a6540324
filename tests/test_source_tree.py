"""The source tree ``data/``: compiled into the package, lossless, small diffs, every rule checked.

The tree is the form people edit (one TOML file per record, sources by key); the package ships
the JSON that ``tools/build_data.py`` compiles from it.
"""

from __future__ import annotations

import datetime
import difflib
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import iscm
from iscm._loading import embedded_bytes
from iscm.model import content_hash
from strategies import datasets

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "data"
BEFORE = Path(__file__).parent / "data" / "iscm-2026.11.30-before-source-tree.json.gz"

pytestmark = pytest.mark.skipif(not TREE.is_dir(), reason="needs the repository's source tree")

if TREE.is_dir():
    from tools.build_data import compile_tree, write_tree


def _hash_keyed(form: dict[str, Any]) -> dict[str, Any]:
    """A JSON form with every source filed and cited under its content hash (keys dropped)."""
    table = form.get("sources", {})
    to_hash = {
        key: content_hash(
            v["url"], v["title"], v["publisher"], datetime.date.fromisoformat(v["accessed"])
        )
        for key, v in table.items()
    }

    def sub(node: Any, field: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: sub(v, k) for k, v in node.items()}
        if isinstance(node, list):
            if field == "sources":
                return [to_hash.get(x, x) if isinstance(x, str) else sub(x) for x in node]
            return [sub(x) for x in node]
        return node

    return {
        k: dict(sorted((to_hash[key], v) for key, v in table.items())) if k == "sources" else sub(v)
        for k, v in form.items()
    }


# -- the compiled file ------------------------------------------------------------------------


def test_packaged_json_is_what_the_tree_compiles_to() -> None:
    assert compile_tree(TREE) == embedded_bytes(), (
        "src/iscm/data/iscm.json is stale: run python tools/build_data.py"
    )


def test_the_same_tree_compiles_to_the_same_bytes_under_another_hash_seed() -> None:
    code = (
        "import sys; from tools.build_data import compile_tree; "
        "sys.stdout.buffer.write(compile_tree())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, env=env, cwd=ROOT
    ).stdout
    assert out == embedded_bytes()


def test_the_shipped_tree_breaks_no_rule() -> None:
    assert iscm.validate(TREE) == ()


def test_compiled_sources_are_cited_by_their_keys() -> None:
    form = json.loads(embedded_bytes())
    assert "iom-regional-consultative-process-overseas-employment" in form["sources"]
    assert all("key" not in entry for entry in form["sources"].values())


# -- the one-time migration and the JSON -> tree direction ------------------------------------


def test_migration_of_the_last_json_dataset_is_lossless(tmp_path: Path) -> None:
    """The dataset of 2026-11-30 (the last one edited as JSON), written as a tree and compiled,
    gives back the same bytes once sources are cited by hash again: every record, every fact,
    every citation."""
    before = gzip.decompress(BEFORE.read_bytes())
    write_tree(json.loads(before), tmp_path)
    compiled = json.loads(compile_tree(tmp_path))
    again = json.dumps(_hash_keyed(compiled), indent=2, ensure_ascii=False) + "\n"
    assert again.encode("utf-8") == before


@settings(max_examples=25)
@given(data=datasets())
def test_any_dataset_survives_the_trip_through_a_tree(data: iscm.Dataset) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        write_tree(iscm.converter.unstructure(data), Path(folder))
        back = iscm.load(folder)
    assert _hash_keyed(iscm.converter.unstructure(back)) == _hash_keyed(
        iscm.converter.unstructure(data)
    )


# -- small diffs ----------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TREE, tmp_path / "data"))


def _changed_lines(a: Path, b: Path) -> tuple[int, int]:
    """Files that differ, and lines added plus removed, between two trees."""
    files = lines = 0
    for old in sorted(a.rglob("*")):
        if not old.is_file():
            continue
        new = b / old.relative_to(a)
        diff = [
            line
            for line in difflib.unified_diff(
                old.read_text("utf-8").splitlines(), new.read_text("utf-8").splitlines(), n=0
            )
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ]
        if diff:
            files += 1
            lines += len(diff)
    return files, lines


def test_correcting_one_member_is_a_one_file_diff_of_at_most_three_lines(tmp_path: Path) -> None:
    edited = _copy(tmp_path)
    path = edited / "mechanisms" / "colombo-process.toml"
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if 'state = "THA", role = "member"' in line)
    new = old.replace(" }", ', until = 2026, note = "Left in 2026 (test edit)." }')
    path.write_text(text.replace(old, new), "utf-8")
    assert _changed_lines(TREE, edited) == (1, 2)
    shutil.copy(ROOT / "src" / "iscm" / "data" / "iscm.json", tmp_path / "before.json")
    (tmp_path / "after.json").write_bytes(compile_tree(edited))
    data = iscm.load(tmp_path / "after.json")
    assert "THA" not in data.get("colombo-process").member_states
    assert "THA" in iscm.load().get("colombo-process").member_states


def test_correcting_a_source_title_changes_one_line(tmp_path: Path) -> None:
    edited = _copy(tmp_path)
    path = edited / "sources.toml"
    text = path.read_text("utf-8")
    key = "iom-regional-consultative-process-overseas-employment"
    block = text[text.index(f"[{key}]") :]
    title_line = next(line for line in block.splitlines() if line.startswith("title = "))
    path.write_text(text.replace(title_line, 'title = "Colombo Process (IOM page)"', 1), "utf-8")
    assert _changed_lines(TREE, edited) == (1, 2)
    colombo = iscm.load(edited).get("colombo-process")
    cited = [s for s in colombo.sources if s.key == key]
    assert [s.title for s in cited] == ["Colombo Process (IOM page)"]


# -- every rule, reported with its file and path ----------------------------------------------

_SOURCE = {"url": "https://example.org/a", "title": "A", "publisher": "P", "accessed": "2026-01-02"}


def _mechanism(ident: str, **extra: Any) -> dict[str, Any]:
    record = {
        "id": ident,
        "name": f"Forum {ident}",
        "level": "regional",
        "kind": "state-led",
        "region": "Somewhere",
        "established": 2000,
        "status": "active",
        "association": {"type": "informal", "sources": ["src-a"]},
        "participants": [
            {"state": "ETH", "role": "member", "sources": ["src-a"]},
            {"state": "KEN", "role": "member", "sources": ["src-a"]},
        ],
        "sources": ["src-a"],
    }
    record.update(extra)
    return record


def _form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "version": "2026.01.02",
        "sources": {"src-a": dict(_SOURCE), "src-b": {**_SOURCE, "url": "https://example.org/b"}},
        "mechanisms": [_mechanism("alpha"), _mechanism("beta")],
        "organizations": [
            {"id": "org", "name": "An Org", "kind": "intergovernmental", "sources": ["src-b"]}
        ],
        "meetings": [{"mechanism": "alpha", "year": 2001, "sources": ["src-a"]}],
    }
    form.update(changes)
    return form


def _problems(tmp_path: Path, form: dict[str, Any]) -> tuple[str, ...]:
    tree = tmp_path / "tree"
    write_tree(form, tree, {k: k for k in form["sources"]})
    return iscm.validate(tree)


def test_the_crafted_base_tree_is_valid(tmp_path: Path) -> None:
    assert _problems(tmp_path, _form()) == ()


def _one(problems: tuple[str, ...], text: str, path: str) -> None:
    assert any(text in p and p.endswith(f"@ {path}") for p in problems), problems


def _two(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    return [_mechanism("alpha", **a), _mechanism("beta", **b)]


def test_one_sided_successor_link(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _form(mechanisms=_two({"successors": ["beta"]}, {})))
    _one(
        problems,
        "'beta' does not list 'alpha' as predecessor",
        "mechanisms/alpha.toml:$.successors",
    )


def test_one_sided_predecessor_link(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _form(mechanisms=_two({}, {"predecessors": ["alpha"]})))
    _one(
        problems, "'alpha' does not list 'beta' as successor", "mechanisms/beta.toml:$.predecessors"
    )


def test_succession_cycle(tmp_path: Path) -> None:
    links = {"successors": ["beta"], "predecessors": ["beta"]}
    back = {"successors": ["alpha"], "predecessors": ["alpha"]}
    problems = _problems(tmp_path, _form(mechanisms=_two(links, back)))
    _one(problems, "succession cycle alpha -> beta -> alpha", "mechanisms/alpha.toml:$.successors")
    _one(problems, "'beta' is both predecessor and successor", "mechanisms/alpha.toml:$.successors")


def test_successor_founded_before_its_predecessor(tmp_path: Path) -> None:
    mechanisms = _two({"successors": ["beta"]}, {"predecessors": ["alpha"], "established": 1990})
    problems = _problems(tmp_path, _form(mechanisms=mechanisms))
    _one(problems, "successor 'beta' was founded in 1990", "mechanisms/alpha.toml:$.successors")


def test_participation_before_founding(tmp_path: Path) -> None:
    early = [
        {"state": "ETH", "role": "member", "since": 1995, "sources": ["src-a"]},
        {"state": "KEN", "role": "member", "sources": ["src-a"]},
    ]
    problems = _problems(tmp_path, _form(mechanisms=_two({"participants": early}, {})))
    _one(
        problems,
        "before the mechanism was founded",
        "mechanisms/alpha.toml:$.participants[0].since",
    )


def test_a_claim_on_the_founding_year_explains_an_early_date(tmp_path: Path) -> None:
    early = [
        {"state": "ETH", "role": "member", "since": 1995, "sources": ["src-a"]},
        {"state": "KEN", "role": "member", "sources": ["src-a"]},
    ]
    claim = [{"topic": "established", "value": "1995", "adopted": False, "sources": ["src-a"]}]
    problems = _problems(
        tmp_path, _form(mechanisms=_two({"participants": early, "claims": claim}, {}))
    )
    assert problems == ()


def test_chair_and_meeting_after_the_end(tmp_path: Path) -> None:
    ended = {
        "status": "ended",
        "status_since": 2005,
        "chairs": [{"state": "ETH", "since": 2006, "sources": ["src-a"]}],
    }
    meetings = [{"mechanism": "alpha", "year": 2007, "sources": ["src-a"]}]
    problems = _problems(tmp_path, _form(mechanisms=_two(ended, {}), meetings=meetings))
    _one(problems, "after the mechanism ended (2005)", "mechanisms/alpha.toml:$.chairs[0].since")
    _one(problems, "dated 2007, after", "mechanisms/alpha.toml:$.meetings[0].year")


def test_duplicate_participation_and_alias(tmp_path: Path) -> None:
    twice = [
        {"state": "ETH", "role": "member", "sources": ["src-a"]},
        {"state": "ETH", "role": "member", "since": 2003, "sources": ["src-b"]},
    ]
    alpha = {"participants": twice, "aliases": ["Alpha", "Alpha"]}
    problems = _problems(tmp_path, _form(mechanisms=_two(alpha, {})))
    _one(problems, "duplicate participation of 'ETH'", "mechanisms/alpha.toml:$.participants[1]")
    _one(problems, "duplicate alias 'Alpha'", "mechanisms/alpha.toml:$.aliases[1]")


def test_a_source_nothing_cites(tmp_path: Path) -> None:
    sources = {**_form()["sources"], "src-c": {**_SOURCE, "url": "https://example.org/c"}}
    problems = _problems(tmp_path, _form(sources=sources))
    _one(problems, "source 'src-c' is cited by no record", "sources.toml:$.src-c")


def test_two_keys_for_the_same_source(tmp_path: Path) -> None:
    sources = {"src-a": dict(_SOURCE), "src-b": dict(_SOURCE)}
    problems = _problems(tmp_path, _form(sources=sources))
    _one(problems, "the same page as source 'src-a'", "sources.toml:$.src-b")


@pytest.mark.parametrize("version", ["2026-01-02", "v1", "2026.13.01", "2026.1.2"])
def test_version_not_in_the_documented_form(tmp_path: Path, version: str) -> None:
    problems = _problems(tmp_path, _form(version=version))
    _one(problems, "is not a date as YYYY.MM.DD", "dataset.toml:$.version")


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x85", "\u202e", "\u2066"])
def test_control_characters_in_text(tmp_path: Path, char: str) -> None:
    mechanisms = _two({"description": f"Fine{char}text"}, {})
    problems = _problems(tmp_path, _form(mechanisms=mechanisms))
    _one(problems, "control character", "mechanisms/alpha.toml:$.description")


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\u202e", "\u2066"])
def test_control_characters_in_urls(tmp_path: Path, char: str) -> None:
    sources = {**_form()["sources"], "src-b": {**_SOURCE, "url": f"https://example.org/{char}b"}}
    problems = _problems(tmp_path, _form(sources=sources))
    _one(problems, "control character", "sources.toml:$.src-b.url")


@pytest.mark.parametrize("accessed", ["1989-12-31", "2999-01-01"])
def test_implausible_access_dates(tmp_path: Path, accessed: str) -> None:
    sources = {
        **_form()["sources"],
        "src-b": {**_SOURCE, "url": "https://e.org/b", "accessed": accessed},
    }
    problems = _problems(tmp_path, _form(sources=sources))
    _one(problems, "is not plausible", "sources.toml:$.src-b.accessed")


def test_participants_out_of_canonical_order(tmp_path: Path) -> None:
    order = [
        {"state": "KEN", "role": "member", "sources": ["src-a"]},
        {"state": "ETH", "role": "member", "sources": ["src-a"]},
    ]
    problems = _problems(tmp_path, _form(mechanisms=_two({"participants": order}, {})))
    _one(problems, "participants out of order", "mechanisms/alpha.toml:$.participants[1]")


def test_two_adopted_claims_on_one_topic(tmp_path: Path) -> None:
    claim = {"topic": "established", "value": "2000", "adopted": True, "sources": ["src-a"]}
    problems = _problems(tmp_path, _form(mechanisms=_two({"claims": [claim, claim]}, {})))
    _one(problems, "2 adopted claims on 'established'", "mechanisms/alpha.toml:$.claims")


def test_missing_founding_year_must_be_listed_as_unknown(tmp_path: Path) -> None:
    alpha = _mechanism("alpha")
    del alpha["established"]
    problems = _problems(tmp_path, _form(mechanisms=[alpha, _mechanism("beta")]))
    _one(problems, "no founding year is unknown", "mechanisms/alpha.toml:$.unknown")


def test_a_stated_member_count_that_differs_needs_a_note(tmp_path: Path) -> None:
    claim = {"topic": "member-count", "value": "5 members", "adopted": True, "sources": ["src-a"]}
    problems = _problems(tmp_path, _form(mechanisms=_two({"claims": [claim]}, {})))
    _one(problems, "adopted member count '5 members'", "mechanisms/alpha.toml:$.claims[0]")


# -- problems that keep a tree from loading name the file -------------------------------------


def test_a_wrong_value_names_the_file_and_field(tmp_path: Path) -> None:
    wrong = [
        {"state": "ETH", "role": "boss", "sources": ["src-a"]},
        {"state": "KEN", "role": "member", "sources": ["src-a"]},
    ]
    problems = _problems(tmp_path, _form(mechanisms=_two({}, {"participants": wrong})))
    _one(problems, "not a valid ParticipantRole", "mechanisms/beta.toml:$.participants[0].role")


def test_an_unknown_source_key_names_the_file(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _form(mechanisms=_two({"sources": ["src-zzz"]}, {})))
    _one(problems, "unknown source id 'src-zzz'", "mechanisms/alpha.toml:$.sources[0]")


def test_a_meeting_problem_names_its_mechanism_file(tmp_path: Path) -> None:
    meetings = [{"mechanism": "beta", "year": 1700, "sources": ["src-a"]}]
    problems = _problems(tmp_path, _form(meetings=meetings))
    _one(problems, "a year from 1800", "mechanisms/beta.toml:$.meetings[0].year")


def test_a_file_named_other_than_its_id(tmp_path: Path) -> None:
    write_tree(_form(), tmp_path)
    (tmp_path / "mechanisms" / "alpha.toml").rename(tmp_path / "mechanisms" / "gamma.toml")
    problems = iscm.validate(tmp_path)
    _one(problems, "the file name must be the record's id", "mechanisms/gamma.toml:$.id")


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    write_tree(_form(), tmp_path)
    (tmp_path / "mechanisms" / "alpha.toml").write_text('id = "alpha\n', "utf-8")
    (tmp_path / "mechanisms" / "notes.txt").write_text("x", "utf-8")
    problems = iscm.validate(tmp_path)
    assert any(p.startswith("not TOML") and "line 1" in p for p in problems), problems
    _one(problems, "not a record file", "mechanisms/notes.txt")


def test_load_reads_a_tree_and_refuses_a_bad_one(tmp_path: Path) -> None:
    write_tree(_form(), tmp_path / "good", {"src-a": "src-a", "src-b": "src-b"})
    assert [m.id for m in iscm.load(tmp_path / "good").mechanisms] == ["alpha", "beta"]
    write_tree(
        _form(mechanisms=_two({"sources": ["nope"]}, {})),
        tmp_path / "bad",
        {"src-a": "src-a", "src-b": "src-b"},
    )
    with pytest.raises(iscm.DataError, match=r"mechanisms/alpha.toml:\$.sources\[0\]"):
        iscm.load(tmp_path / "bad")


def test_a_participant_holds_one_current_role(tmp_path: Path) -> None:
    roles = [
        {"state": "ETH", "role": "member", "sources": ["src-a"]},
        {"state": "KEN", "role": "member", "sources": ["src-a"]},
        {"state": "FRA", "role": "observer", "sources": ["src-a"]},
        {"state": "FRA", "role": "partner", "sources": ["src-a"]},
    ]
    problems = _problems(tmp_path, _form(mechanisms=_two({"participants": roles}, {})))
    _one(problems, "'FRA' is both observer and partner", "mechanisms/alpha.toml:$.participants")


def test_partners_and_invited_guests_are_neither_members_nor_observers(tmp_path: Path) -> None:
    roles = [
        {"state": "ETH", "role": "member", "sources": ["src-a"]},
        {"state": "KEN", "role": "member", "sources": ["src-a"]},
        {"state": "FRA", "role": "partner", "sources": ["src-a"]},
        {"state": "ITA", "role": "invited", "sources": ["src-a"]},
    ]
    write_tree(_form(mechanisms=_two({"participants": roles}, {})), tmp_path, None)
    alpha = iscm.load(tmp_path).get("alpha")
    assert alpha.member_states == {"ETH", "KEN"}
    assert alpha.observer_states == frozenset()
    assert [p.state for p in alpha.participants_in(iscm.ParticipantRole.PARTNER)] == ["FRA"]
    assert [p.state for p in alpha.participants_in(iscm.ParticipantRole.INVITED)] == ["ITA"]


def test_the_tree_holds_every_table_of_a_dataset() -> None:
    import attrs

    from iscm._tree import NESTED, TABLE_DIRS
    from iscm.dataset import TABLES

    tuple_fields = {f.name for f in attrs.fields(iscm.Dataset) if str(f.type).startswith("tuple[")}
    assert set(TABLES) == tuple_fields == set(TABLE_DIRS) | set(NESTED)


def test_open_ended_chair_terms_that_began_in_different_years(tmp_path: Path) -> None:
    chairs = [
        {"state": "ETH", "sources": ["src-a"]},
        {"state": "KEN", "since": 2024, "sources": ["src-a"]},
        {"state": "ETH", "since": 2025, "until": 2025, "sources": ["src-a"]},
    ]
    problems = _problems(tmp_path, _form(mechanisms=_two({"chairs": chairs}, {})))
    _one(problems, "open-ended chair term (undated)", "mechanisms/alpha.toml:$.chairs[0].until")


def test_co_chairs_sharing_a_start_are_fine(tmp_path: Path) -> None:
    chairs = [
        {"state": "ETH", "since": 2010, "until": 2012, "sources": ["src-a"]},
        {"state": "KEN", "since": 2012, "until": 2014, "sources": ["src-a"]},
        {"state": "DEU", "since": 2014, "sources": ["src-a"]},
        {"state": "MAR", "since": 2014, "sources": ["src-a"]},
    ]
    assert _problems(tmp_path, _form(mechanisms=_two({"chairs": chairs}, {}))) == ()


def test_overlapping_dated_chair_terms(tmp_path: Path) -> None:
    chairs = [
        {"state": "ETH", "since": 2010, "until": 2014, "sources": ["src-a"]},
        {"state": "KEN", "since": 2012, "until": 2016, "sources": ["src-a"]},
    ]
    problems = _problems(tmp_path, _form(mechanisms=_two({"chairs": chairs}, {})))
    _one(
        problems,
        "chair term 2012-2016 overlaps term 2010-2014",
        "mechanisms/alpha.toml:$.chairs[1]",
    )
