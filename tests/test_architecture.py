"""The shape of the package: dependencies run one way, and a field is declared in one place."""

from __future__ import annotations

import ast
import datetime
import json
import pathlib

import attrs

import iscm
from iscm import schema
from iscm._validators import _opt_year, field
from iscm.export._columns import model_columns

SRC = pathlib.Path(iscm.__file__).parent


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every module of the package -> the package's modules it imports, wherever the import is
    (top level, inside functions, under TYPE_CHECKING)."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:  # a submodule, or a name from the module itself
                    sub = f"{base}.{alias.name}"
                    found.add(sub if sub in modules else base)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = _imports()
    assert "iscm.dataset" in graph
    assert "iscm.analysis" in graph["iscm"]  # the walk sees imports at all

    def reaches_itself(start: str) -> bool:
        seen: set[str] = set()
        stack = list(graph[start])
        while stack:
            node = stack.pop()
            if node == start:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(graph[node])
        return False

    assert [name for name in sorted(graph) if reaches_itself(name)] == []


def test_the_dataset_knows_nothing_of_analysis_or_export() -> None:
    deps = _imports()["iscm.dataset"]
    assert not {d for d in deps if d.startswith(("iscm.analysis", "iscm.export", "iscm.cli"))}


def test_the_export_package_is_split_into_modules_under_400_lines() -> None:
    sizes = {p.name: len(p.read_text("utf-8").splitlines()) for p in (SRC / "export").glob("*.py")}
    assert len(sizes) >= 5
    assert max(sizes.values()) < 400, sizes


# -- a new field, declared once ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Extended(iscm.Mechanism):
    first_ministerial: int | None = field(default=None, validator=_opt_year)
    """Year of the first ministerial meeting (a field added for this test only)."""


def test_a_new_field_reaches_the_schema_the_tables_and_their_descriptions() -> None:
    defs: dict[str, dict[str, object]] = {}
    schema._record(_Extended, defs)
    prop = defs["_Extended"]["properties"]["first_ministerial"]  # type: ignore[index]
    assert (
        prop["description"]
        == "Year of the first ministerial meeting (a field added for this test only)."
    )
    assert prop["anyOf"][0] == {"$ref": "#/$defs/year"}
    columns = {c.name: c for c in model_columns(_Extended)}
    column = columns["first_ministerial"]
    assert column.type == "integer"
    assert column.description.startswith("Year of the first ministerial meeting")
    base = iscm.load().get("colombo-process")
    record = _Extended(**{a.name: getattr(base, a.name) for a in attrs.fields(iscm.Mechanism)
                          if a.init}, first_ministerial=2003)  # fmt: skip
    assert column.get(record) == 2003
    assert columns["established"].type == "integer"  # the old fields are still there
    json.dumps(defs)  # serializable


def test_field_formats_and_references_live_in_the_field_metadata() -> None:
    assert attrs.fields(iscm.Engagement).organization.metadata["ref"] == "organizations"
    assert attrs.fields(iscm.TargetedConsultation).instruments.metadata["ref"] == "instruments"
    assert attrs.fields(iscm.Mechanism).established.metadata["format"] == "year"
    assert attrs.fields(iscm.Participation).state.metadata["format"] == "state"
    assert attrs.fields(iscm.Source).accessed.metadata["format"] == "date"
    assert datetime.date  # the model's dates are real dates


def test_every_reference_field_is_checked_by_loading() -> None:
    from iscm._refs import ref_fields

    for cls in (iscm.Engagement, iscm.Participation, iscm.Chair, iscm.Meeting):
        assert ref_fields(cls)
    data = iscm.converter.unstructure(iscm.load())
    data["engagements"][0]["organization"] = "no-such-organization"
    problems = iscm.validate(json.dumps(data).encode())
    assert any("unknown organization 'no-such-organization' @ $.engagements[0].organization" in p
               for p in problems), problems  # fmt: skip
