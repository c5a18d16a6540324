"""The export: tidy tables, CSV, the Data Package, the JSON Schema, pandas and networkx."""

from __future__ import annotations

import copy
import csv
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile
from collections import Counter
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

import iscm
from iscm import analysis, export
from iscm import schema as schema_module
from iscm._spreadsheets import neutralise
from iscm.model import MAX_YEAR
from strategies import RECORDS, datasets

REGENERATE = (
    "PYTHONPATH=src python -c \"import json, iscm.schema as e; open('src/iscm/data/schema.json', "
    "'w', encoding='utf-8').write(json.dumps(e.json_schema(), indent=2, ensure_ascii=False) "
    "+ '\\n')\""
)


@pytest.fixture(scope="module")
def data() -> iscm.Dataset:
    return iscm.load()


@pytest.fixture(scope="module")
def tables(data: iscm.Dataset) -> dict[str, export.Table]:
    return export.tables(data)


def _key(row: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row[c] for c in columns)


def _parse(kind: str, text: str) -> Any:
    """A CSV cell back to the value of :func:`export.tables` (as its COLUMNS type says)."""
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        assert text in ("true", "false")
        return text == "true"
    if kind == "date":
        assert datetime.date.fromisoformat(text).isoformat() == text
    return text


def _read_csv(path: pathlib.Path, table: str) -> tuple[dict[str, Any], ...]:
    columns = export.COLUMNS[table]
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert header == list(columns)
        return tuple(
            {name: _parse(columns[name][0], cell) for name, cell in zip(header, cells, strict=True)}
            for cells in reader
        )


# -- the tables ---------------------------------------------------------------------------------


def test_every_table_and_column_is_documented(tables: dict[str, export.Table]) -> None:
    assert list(tables) == list(export.TABLES) == list(export.COLUMNS)
    required = {
        "mechanisms", "mechanism_names", "participations", "engagements", "engagement_links",
        "organizations", "secretariats", "chairs", "claims", "themes", "meetings",
        "publications", "instruments", "consultations", "sources", "citations",
    }  # fmt: skip
    assert required <= set(tables)
    for name, columns in export.COLUMNS.items():
        assert export.TABLES[name].strip()
        assert set(export.PRIMARY_KEYS[name]) <= set(columns)
        for column, (kind, description) in columns.items():
            assert kind in ("string", "integer", "number", "boolean", "date"), (name, column)
            assert description.strip(), (name, column)
        for fields, target, target_fields in export.FOREIGN_KEYS[name]:
            assert set(fields) <= set(columns)
            assert tuple(target_fields) == export.PRIMARY_KEYS[target]


def _check_table_shapes(tables: dict[str, export.Table]) -> None:
    types = {"string": str, "date": str, "integer": int, "number": (int, float), "boolean": bool}
    for name, rows in tables.items():
        columns = export.COLUMNS[name]
        primary = export.PRIMARY_KEYS[name]
        for row in rows:
            assert list(row) == list(columns), name
            for column, value in row.items():
                kind = columns[column][0]
                if value is None:
                    assert column not in primary, (name, column)
                    continue
                assert isinstance(value, types[kind]), (name, column, value)
                assert kind in ("boolean", "number") or not isinstance(value, bool), (name, column)
                if kind == "date":
                    datetime.date.fromisoformat(str(value))
        keys = Counter(_key(row, primary) for row in rows)
        assert not [k for k, n in keys.items() if n > 1], f"duplicate primary keys in {name}"


def test_rows_have_the_documented_columns_types_and_unique_keys(
    tables: dict[str, export.Table],
) -> None:
    _check_table_shapes(tables)


def _check_references(tables: dict[str, export.Table]) -> None:
    for name, rows in tables.items():
        for fields, target, target_fields in export.FOREIGN_KEYS[name]:
            known = {_key(row, target_fields) for row in tables[target]}
            for row in rows:
                ref = _key(row, fields)
                if None not in ref:
                    assert ref in known, f"{name}.{fields}={ref} not in {target}"
    # citations point at a row through (table, record): the row's primary key joined with "/".
    keys = {
        name: {"/".join(map(str, _key(row, export.PRIMARY_KEYS[name]))) for row in rows}
        for name, rows in tables.items()
    }
    for row in tables["citations"]:
        assert row["record"] in keys[str(row["table"])], row


def test_every_foreign_key_resolves(tables: dict[str, export.Table]) -> None:
    _check_references(tables)


@given(datasets())
def test_random_datasets_give_consistent_tables(dataset: iscm.Dataset) -> None:
    found = export.tables(dataset)
    _check_table_shapes(found)
    _check_references(found)
    assert len(found["mechanisms"]) == len(dataset.mechanisms)


def _source_refs(obj: Any) -> list[iscm.Source]:
    """Every source a record or dataset cites, with repeats, by walking the attrs model."""
    if isinstance(obj, iscm.Source):
        return [obj]
    if isinstance(obj, (tuple, frozenset)):
        return [s for item in obj for s in _source_refs(item)]
    if attrs.has(type(obj)):
        return [
            s for f in attrs.fields(type(obj)) if f.init for s in _source_refs(getattr(obj, f.name))
        ]
    return []


def test_row_counts_follow_the_dataset(data: iscm.Dataset, tables: dict[str, export.Table]) -> None:
    m = data.mechanisms
    counts = {
        "mechanisms": len(m),
        "mechanism_names": sum(1 + len(x.aliases) + len(x.translations) for x in m),
        "participations": sum(len(x.participants) for x in m),
        "secretariats": sum(len(x.secretariat) for x in m),
        "chairs": sum(len(x.chairs) for x in m),
        "claims": sum(len(x.claims) for x in m),
        "themes": sum(len(x.themes) for x in m),
        "engagements": len(data.engagements),
        "engagement_links": sum(len(e.partners | e.in_consultation_with) for e in data.engagements),
        "organizations": len(data.organizations),
        "meetings": len(data.meetings),
        "publications": len(data.publications),
        "instruments": len(data.instruments),
        "consultations": len(data.consultations),
        "focal_points": len(data.focal_points),
    }  # fmt: skip
    assert {name: len(tables[name]) for name in counts} == counts
    refs = _source_refs(data)
    assert len(tables["citations"]) == len(refs)
    assert len(tables["sources"]) == len(set(refs))
    ids = [row["source_id"] for row in tables["sources"]]
    assert len(set(ids)) == len(ids)
    assert {export.source_id(s) for s in refs} == set(ids)


def test_source_ids_are_the_data_files(data: iscm.Dataset, tables: dict[str, export.Table]) -> None:
    cited = json.loads(iscm.to_json(data)).get("sources", {})
    assert [row["source_id"] for row in tables["sources"]] == sorted(
        cited,
        key=lambda k: (
            cited[k]["url"],
            cited[k]["accessed"],
            cited[k]["title"],
            cited[k]["publisher"],
        ),
    )


def test_a_view_of_a_mechanism(data: iscm.Dataset, tables: dict[str, export.Table]) -> None:
    colombo = data.get("Colombo Process")
    (row,) = [r for r in tables["mechanisms"] if r["id"] == colombo.id]
    assert row["level"] == "regional"
    assert row["member_state_count"] == len(colombo.member_states)
    themes = [r["theme"] for r in tables["themes"] if r["mechanism"] == colombo.id]
    assert themes == sorted(t.value for t in colombo.themes)
    members = {
        r["state"]
        for r in tables["participations"]
        if r["mechanism"] == colombo.id and r["role"] == "member" and r["current"]
    }
    assert members == colombo.member_states


def test_output_does_not_depend_on_the_hash_seed(tmp_path: pathlib.Path) -> None:
    code = (
        "import hashlib, sys, iscm, iscm.export as e; h = hashlib.sha256(); "
        "[h.update(p.read_bytes()) for p in e.write_csv(iscm.load(), sys.argv[1])]; "
        "h.update(e.write_datapackage(iscm.load(), sys.argv[1]).read_bytes()); print(h.hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / seed)],
            check=True, capture_output=True, text=True, env=env,
        )  # fmt: skip
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# -- CSV ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_csv_round_trip(
    data: iscm.Dataset, tables: dict[str, export.Table], tmp_path: pathlib.Path
) -> None:
    paths = export.write_csv(data, tmp_path / "out")
    assert [p.name for p in paths] == [f"{name}.csv" for name in export.TABLES]
    for name, path in zip(export.TABLES, paths, strict=True):
        raw = path.read_bytes()
        assert b"\r\n" not in raw.replace(b'"\r\n', b"")  # line ends are \n
        assert raw.endswith(b"\n")
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert _read_csv(path, name) == tables[name], name


@pytest.mark.slow
@given(st.data())
def test_csv_round_trip_of_random_records(data: st.DataObject) -> None:
    # An overlay does not need its references to resolve: almost any records make a dataset.
    try:
        dataset = iscm.Dataset(
            version="test",
            overlay=True,
            mechanisms=(data.draw(RECORDS[iscm.Mechanism]),),
            organizations=(data.draw(RECORDS[iscm.Organization]),),
            engagements=(data.draw(RECORDS[iscm.Engagement]),),
            publications=(data.draw(RECORDS[iscm.Publication]),),
            instruments=(data.draw(RECORDS[iscm.Instrument]),),
            consultations=(data.draw(RECORDS[iscm.TargetedConsultation]),),
            focal_points=(data.draw(RECORDS[iscm.FocalPoint]),),
            meetings=(data.draw(RECORDS[iscm.Meeting]),),
        )
    except iscm.DataError:  # e.g. a random name without a letter or digit
        reject()
    found = export.tables(dataset)
    _check_table_shapes(found)
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in zip(found, export.write_csv(dataset, tmp), strict=True):
            # Text a spreadsheet would run as a formula is written after a "'" (see
            # iscm._spreadsheets); iscm validate refuses such text, random records do not.
            expected = tuple(
                {k: neutralise(v) if isinstance(v, str) else v for k, v in row.items()}
                for row in found[name]
            )
            assert _read_csv(path, name) == expected, name


# -- Data Package ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(data: iscm.Dataset, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return export.write_datapackage(data, tmp_path_factory.mktemp("package"))


def test_datapackage_descriptor(data: iscm.Dataset, package: pathlib.Path) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "iscm"
    assert descriptor["version"] == data.version
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert "IOM" in descriptor["sources"][0]["title"]
    assert [r["name"] for r in descriptor["resources"]] == list(export.TABLES)
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == list(export.COLUMNS[resource["name"]])
        assert schema["primaryKey"] == list(export.PRIMARY_KEYS[resource["name"]])
        assert (package.parent / resource["path"]).is_file()
    mechanisms = descriptor["resources"][list(export.TABLES).index("participations")]
    targets = {fk["reference"].get("resource") for fk in mechanisms["schema"]["foreignKeys"]}
    assert {"mechanisms", "organizations", "states"} <= targets


def test_datapackage_validates_with_frictionless(package: pathlib.Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:20]


def test_frictionless_catches_a_broken_reference(
    package: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    frictionless = pytest.importorskip("frictionless")
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in package.parent.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    participations = broken / "participations.csv"
    header, first, *rest = participations.read_text(encoding="utf-8").split("\n")
    first = "no-such-mechanism" + first[first.index(",") :]
    participations.write_text("\n".join([header, first, *rest]), encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    errors = {e.type for task in report.tasks for e in task.errors}
    assert "foreign-key" in errors


# -- JSON Schema ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return schema_module.json_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_shipped_schema_file_is_the_generated_one(schema: dict[str, Any]) -> None:
    shipped = (resources.files("iscm") / "data" / "schema.json").read_text(encoding="utf-8")
    expected = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    assert shipped == expected, f"src/iscm/data/schema.json is stale; regenerate:\n{REGENERATE}"


def test_schema_is_generated_from_the_model(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert schema["$ref"] == "#/$defs/Dataset"
    for cls in (iscm.Dataset, *RECORDS):
        entry = defs[cls.__name__]
        assert entry["additionalProperties"] is False
        init = [f for f in attrs.fields(cls) if f.init]
        names = [f.name for f in init]
        if cls is iscm.Dataset:  # the converter adds the source table after the version
            names.insert(1, "sources")
        assert list(entry["properties"]) == names
        assert entry.get("required", []) == [f.name for f in init if f.default is attrs.NOTHING]
    for enum_cls in (iscm.Level, iscm.Status, iscm.Theme, iscm.EngagementRole, iscm.Aspect):
        assert defs[enum_cls.__name__]["enum"] == [m.value for m in enum_cls]
    assert defs["id"]["pattern"] == f"^(?:{iscm.model.ID_PATTERN})$"
    assert defs["date"]["format"] == "date"
    themes = defs["Mechanism"]["properties"]["themes"]
    assert themes["uniqueItems"] is True
    assert themes["items"] == {"$ref": "#/$defs/Theme"}


def test_schema_validates_the_embedded_data(data: iscm.Dataset, validator: Any) -> None:
    errors = [e.message for e in validator.iter_errors(json.loads(iscm.to_json(data)))]
    assert errors == []


def _mechanism(doc: dict[str, Any]) -> dict[str, Any]:
    mechanism: dict[str, Any] = doc["mechanisms"][0]
    return mechanism


def _a_source(doc: dict[str, Any]) -> dict[str, Any]:
    """A source object of the document: in its source table, or inline in a record."""
    table = doc.get("sources")
    source: dict[str, Any] = next(iter(table.values())) if table else _mechanism(doc)["sources"][0]
    return source


MUTATIONS = {
    "unknown top-level key": lambda d: d.update(extra=1),
    "unknown nested key": lambda d: _mechanism(d).update(colour="blue"),
    "bad enum value": lambda d: _mechanism(d).update(level="planetary"),
    "bad theme": lambda d: _mechanism(d)["themes"].append("astrology"),
    "bad id": lambda d: _mechanism(d).update(id="Not An Id"),
    "missing required field": lambda d: _mechanism(d).pop("name"),
    "bad state code": lambda d: _mechanism(d)["participants"][0].update(state="ZZZ"),
    "year out of range": lambda d: _mechanism(d).update(established=MAX_YEAR + 1),
    "no sources": lambda d: _mechanism(d).update(sources=[]),
    "string for an integer": lambda d: _mechanism(d).update(established="1996"),
    "bad date": lambda d: _a_source(d).update(accessed="30/11/2026"),
    "duplicate set item": lambda d: _mechanism(d).update(regions=["asia", "asia"]),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_schema_rejects_a_mutated_copy(data: iscm.Dataset, validator: Any, mutation: str) -> None:
    doc = copy.deepcopy(json.loads(iscm.to_json(data)))
    MUTATIONS[mutation](doc)
    assert not validator.is_valid(doc)
    with pytest.raises(iscm.DataError):  # the library agrees
        iscm.from_json(json.dumps(doc), iscm.Dataset)


@given(st.data())
def test_schema_accepts_every_valid_record(
    schema: dict[str, Any], validator: Any, data: st.DataObject
) -> None:
    cls = data.draw(st.sampled_from(sorted(RECORDS, key=lambda c: c.__name__)))
    record = data.draw(RECORDS[cls])
    sub = validator.evolve(schema={**schema, "$ref": f"#/$defs/{cls.__name__}"})
    doc = json.loads(iscm.to_json(record))
    assert [e.message for e in sub.iter_errors(doc)] == []


@given(datasets())
def test_schema_accepts_random_datasets(validator: Any, dataset: iscm.Dataset) -> None:
    assert [e.message for e in validator.iter_errors(json.loads(iscm.to_json(dataset)))] == []


def _first(data: iscm.Dataset, cls: type) -> Any:
    """The first record of ``cls`` in the data."""
    found: list[Any] = []

    def walk(obj: Any) -> None:
        if type(obj) is cls:
            found.append(obj)
        if isinstance(obj, (tuple, frozenset)):
            for item in obj:
                walk(item)
        elif attrs.has(type(obj)):
            for f in attrs.fields(type(obj)):
                if f.init:
                    walk(getattr(obj, f.name))

    walk(data)
    return found[0]


def test_schema_constraints_are_the_models(schema: dict[str, Any], data: iscm.Dataset) -> None:
    """Where the schema narrows a type (ids, codes, years, non-empty lists), the model rejects a
    value outside it too: the schema is never stricter than the model."""
    bad = {
        "#/$defs/id": "Not An Id",
        "#/$defs/state": "ZZZ",
        "#/$defs/url": "ftp://example.org",
        "#/$defs/lang": "eng",
        "#/$defs/year": MAX_YEAR + 1,
    }
    checked = 0
    for cls in RECORDS:
        record = _first(data, cls)
        for name, prop in schema["$defs"][cls.__name__]["properties"].items():
            plain = prop.get("anyOf", [prop])[0]
            value: Any = attrs.NOTHING
            if plain.get("$ref") in bad:
                value = bad[plain["$ref"]]
            elif plain.get("type") == "array" and plain["items"].get("$ref") in bad:
                value = frozenset({bad[plain["items"]["$ref"]]})
                if not isinstance(getattr(record, name), frozenset):
                    value = (bad[plain["items"]["$ref"]],)
            elif plain.get("minItems") == 1:
                value = type(getattr(record, name))()
            elif plain.get("minLength") == 1:
                value = ""
            if value is attrs.NOTHING:
                continue
            with pytest.raises((ValueError, TypeError)):
                attrs.evolve(record, **{name: value})
            checked += 1
    assert checked > 60


# -- pandas and networkx --------------------------------------------------------------------------


def test_to_pandas_gives_the_same_tables(
    data: iscm.Dataset, tables: dict[str, export.Table]
) -> None:
    pytest.importorskip("pandas")
    frames = export.to_pandas(data)
    assert list(frames) == [*tables, "membership_panel"]  # the panel: see test_panel.py
    for name, frame in frames.items():
        if name == "membership_panel":
            continue
        assert len(frame) == len(tables[name]), name
        assert list(frame.columns) == list(export.COLUMNS[name]), name
    assert str(frames["participations"]["since"].dtype) == "Int64"
    assert str(frames["participations"]["current"].dtype) == "boolean"
    assert str(frames["chairs"]["as_of"].dtype).startswith("datetime64")
    counts = frames["mechanisms"].set_index("id")["member_state_count"]
    assert counts["colombo-process"] == len(data.get("colombo-process").member_states)


def test_to_networkx_is_the_current_state_mechanism_graph(
    data: iscm.Dataset, tables: dict[str, export.Table]
) -> None:
    pytest.importorskip("networkx")
    graph = export.to_networkx(data)
    ended = {m.id for m in data.mechanisms if m.status is iscm.Status.ENDED}
    pairs = {
        (row["state"], row["mechanism"], row["role"])
        for row in tables["participations"]
        if row["state"] is not None and row["current"] and row["mechanism"] not in ended
    }
    assert graph.number_of_edges() == len(pairs)
    states = {state for state, _m, _r in pairs}
    assert graph.number_of_nodes() == len(tables["mechanisms"]) + len(states)
    for state, mechanism, role in pairs:
        assert graph.edges[("state", state), ("mechanism", mechanism)]["role"] == role
    assert graph.nodes["mechanism", "colombo-process"]["level"] == "regional"
    assert graph.nodes["state", "LKA"]["name"] == "Sri Lanka"
    assert ended  # ended mechanisms are nodes without edges, as in co_membership
    assert all(graph.degree["mechanism", m] == 0 for m in ended)


def test_co_membership_weights_are_shared_member_states(data: iscm.Dataset) -> None:
    pytest.importorskip("networkx")
    graph = export.co_membership(data)
    assert graph.number_of_nodes() == len(data.mechanisms)
    expected = {}
    going = [m for m in data.mechanisms if m.status is not iscm.Status.ENDED]
    for i, a in enumerate(going):
        for b in going[i + 1 :]:
            if shared := a.member_states & b.member_states:
                expected[(a.id, b.id)] = len(shared)
    assert graph.number_of_edges() == len(expected)
    for (a, b), weight in expected.items():
        assert graph.edges[("mechanism", a), ("mechanism", b)]["weight"] == weight
    edge = graph.edges[("mechanism", "khartoum-process"), ("mechanism", "rabat-process")]
    assert set(edge["states"]) == data.overlap("rabat-process", "khartoum-process")


def test_co_membership_and_most_overlapping_agree_on_ended_mechanisms(data: iscm.Dataset) -> None:
    """One rule (issue 12): a mechanism that has ended overlaps with nothing, in both."""
    pytest.importorskip("networkx")
    ended = [m for m in data.mechanisms if m.status is iscm.Status.ENDED and m.member_states]
    assert ended  # the rule is tested on real records
    graph = export.co_membership(data)
    for m in ended:
        assert graph.degree(("mechanism", m.id)) == 0
    ranked = analysis.most_overlapping(data, limit=10**6)
    edges = {
        (a[1], b[1]) if a[1] < b[1] else (b[1], a[1]): attrs
        for a, b, attrs in graph.edges(data=True)
    }
    assert {(o.a, o.b) for o in ranked} == set(edges)
    for o in ranked:
        assert edges[(o.a, o.b)]["jaccard"] == o.jaccard
        assert set(edges[(o.a, o.b)]["states"]) == o.shared


@pytest.mark.parametrize(
    ("module", "call"),
    [
        ("pandas", export.to_pandas),
        ("networkx", export.to_networkx),
        ("networkx", export.co_membership),
    ],
)
def test_a_missing_extra_names_it(
    data: iscm.Dataset, monkeypatch: pytest.MonkeyPatch, module: str, call: Any
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=rf'pip install "iscm-data\[{module}\]"'):
        call(data)


def test_importing_the_export_imports_nothing_heavy() -> None:
    code = (
        "import sys, iscm.export; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'networkx', 'numpy', 'cattrs', 'frictionless', 'jsonschema'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_moved_dataset_methods_warn_and_delegate(data: iscm.Dataset) -> None:
    pytest.importorskip("pandas")
    nx = pytest.importorskip("networkx")
    with pytest.warns(DeprecationWarning, match=r"iscm\.export\.to_pandas"):
        frames = data.to_pandas()  # type: ignore[attr-defined]
    assert set(frames) == {*export.tables(data), "membership_panel"}
    with pytest.warns(DeprecationWarning, match=r"iscm\.export\.to_networkx"):
        graph = data.to_networkx()  # type: ignore[attr-defined]
    assert nx.is_bipartite(graph)
    with pytest.warns(DeprecationWarning, match="to_networkx"):
        projected = data.to_networkx(projection=True)  # type: ignore[attr-defined]
    assert set(projected.edges) == set(export.co_membership(data).edges)
    for name, call in (
        ("most_overlapping", lambda: data.most_overlapping(3)),  # type: ignore[attr-defined]
        ("membership_matrix", data.membership_matrix),  # type: ignore[attr-defined]
        ("state_profile", lambda: data.state_profile("ETH")),  # type: ignore[attr-defined]
        ("profiles", data.profiles),  # type: ignore[attr-defined]
    ):
        with pytest.warns(DeprecationWarning, match=rf"iscm\.analysis\.{name}"):
            old = call()
        new = {
            "most_overlapping": lambda: analysis.most_overlapping(data, 3),
            "membership_matrix": lambda: analysis.membership_matrix(data),
            "state_profile": lambda: analysis.state_profile(data, "ETH"),
            "profiles": lambda: analysis.profiles(data),
        }[name]()
        assert old == new
