"""The generated loader of the embedded data (``iscm._embedded_loader``, written by
``tools/build_loader.py``) builds exactly what the converter builds, and is never stale."""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import iscm
from iscm import _embedded_loader as generated
from iscm import _loading
from strategies import (
    consultations,
    datasets,
    engagements,
    focal_points,
    instruments,
    mechanisms,
    meetings,
    organizations,
    publications,
)

ROOT = Path(__file__).resolve().parents[1]
MODULE = ROOT / "src" / "iscm" / "_embedded_loader.py"
needs_tree = pytest.mark.skipif(
    not (ROOT / "tools" / "build_loader.py").exists(), reason="needs the source tree"
)


def shape(value: Any) -> Any:
    """Every value with its exact type, recursively (``==`` alone lets a set equal a frozenset
    and an int equal a bool)."""
    if attrs.has(type(value)):
        fields = [a.name for a in attrs.fields(type(value)) if a.init]
        return (type(value).__name__, [(name, shape(getattr(value, name))) for name in fields])
    if isinstance(value, tuple):
        return ("tuple", [shape(v) for v in value])
    if isinstance(value, frozenset):
        return ("frozenset", sorted((shape(v) for v in value), key=repr))
    assert (
        value is None
        or type(value) in (str, int, bool, datetime.date)
        or isinstance(value, enum.Enum)
    ), type(value)
    return (type(value).__name__, value)


def both(raw: bytes) -> tuple[iscm.Dataset, iscm.Dataset]:
    """The dataset in ``raw`` read by the converter and by the generated code."""
    return iscm.load(raw), generated.build(json.loads(raw))


def assert_same(by_converter: iscm.Dataset, by_generated: iscm.Dataset) -> None:
    assert by_generated == by_converter
    assert shape(by_generated) == shape(by_converter)
    # The indexes the lookups use are the same too.
    for name in ("mechanisms", "mechanism_names", "organizations", "organization_names"):
        assert getattr(by_generated._index, name) == getattr(by_converter._index, name), name
    for name in ("by_state", "engagements", "by_level", "by_status", "by_region", "by_theme"):
        assert getattr(by_generated._index, name) == getattr(by_converter._index, name), name
    # Sources are shared, one object per entry of the source table, as the converter does.
    ids = {id(s) for m in by_generated.mechanisms for s in m.sources}
    assert len(ids) == len({s for m in by_generated.mechanisms for s in m.sources})


def test_the_embedded_file_reads_the_same_both_ways() -> None:
    raw = _loading.embedded_bytes()
    assert generated.matches(raw)
    assert_same(*both(raw))


def test_load_uses_the_generated_code_for_the_embedded_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    build = generated.build

    def counting(form: dict[str, Any]) -> iscm.Dataset:
        calls.append(1)
        return build(form)

    monkeypatch.setattr(generated, "build", counting)
    data = _loading._read_embedded()
    assert calls == [1]
    assert data == iscm.load(_loading.embedded_bytes())


def test_other_bytes_are_read_by_the_converter(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _loading.embedded_bytes()
    version = json.loads(raw)["version"]
    edited = raw.replace(f'"version": "{version}"'.encode(), b'"version": "9999.99.99"', 1)
    assert edited != raw
    assert len(edited) == len(raw)  # the same size: the checksum tells them apart
    assert not generated.matches(edited)
    monkeypatch.setattr(_loading, "embedded_bytes", lambda: edited)
    monkeypatch.setattr(generated, "build", None)  # would fail if called
    assert _loading._read_embedded().version == "9999.99.99"
    broken = raw.replace(b'"mechanisms"', b'"mechanismz"', 1)
    monkeypatch.setattr(_loading, "embedded_bytes", lambda: broken)
    with pytest.raises(iscm.DataError, match="unknown field"):
        _loading._read_embedded()


def test_a_model_changed_since_generation_sends_the_file_to_the_converter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert generated.CURRENT
    assert generated._setters(iscm.Meeting)
    monkeypatch.setitem(generated._FIELDS, iscm.Meeting, ("mechanism", "year", "place"))
    assert generated._setters(iscm.Meeting) == ()  # the fields differ: no setters
    monkeypatch.setattr(generated, "CURRENT", False)
    assert not generated.matches(_loading.embedded_bytes())


def test_the_converter_decides_if_the_generated_code_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing(form: dict[str, Any]) -> iscm.Dataset:
        raise KeyError("sources")

    monkeypatch.setattr(generated, "build", failing)
    assert _loading._read_embedded() == iscm.load(_loading.embedded_bytes())


@given(datasets())
def test_generated_datasets_read_the_same_both_ways(data: iscm.Dataset) -> None:
    assert_same(*both(iscm.to_json(data).encode()))


@st.composite
def every_table(draw: st.DrawFn) -> iscm.Dataset:
    """An overlay (references unchecked) with records of every kind, every field drawn."""

    def some(strategy: st.SearchStrategy[Any]) -> tuple[Any, ...]:
        return tuple(draw(st.lists(strategy, max_size=2)))

    try:
        return iscm.Dataset(
            version=draw(st.text(min_size=1, max_size=5)),
            overlay=True,
            mechanisms=some(mechanisms()),
            organizations=some(organizations),
            engagements=some(engagements()),
            publications=some(publications),
            instruments=some(instruments),
            consultations=some(consultations),
            focal_points=some(focal_points),
            meetings=some(meetings),
        )
    except iscm.DataError:  # two records sharing an id or a name
        assume(False)
        raise


@given(every_table())
def test_records_of_every_kind_read_the_same_both_ways(data: iscm.Dataset) -> None:
    assert_same(*both(iscm.to_json(data).encode()))


def test_the_module_says_it_is_generated() -> None:
    first = MODULE.read_text("utf-8").splitlines()[0]
    assert first.startswith("# generated by tools/build_loader.py; do not edit")


@needs_tree
def test_the_module_was_generated_for_this_model() -> None:
    from tools.build_loader import model_fingerprint

    assert model_fingerprint() == generated.MODEL_FINGERPRINT, (
        "the model changed: run python tools/build_loader.py"
    )


@needs_tree
def test_the_module_was_generated_for_this_data_file() -> None:
    raw = _loading.embedded_bytes()
    assert hashlib.sha256(raw).hexdigest() == generated.DATA_SHA256, (
        "the data file changed: run python tools/build_loader.py"
    )
    assert generated.matches(raw)


@needs_tree
def test_the_module_is_what_the_generator_writes() -> None:
    from tools.build_loader import DATA, generate

    assert MODULE.read_text("utf-8") == generate(DATA.read_bytes()), (
        "src/iscm/_embedded_loader.py is stale: run python tools/build_loader.py"
    )


@needs_tree
def test_the_fingerprint_sees_fields_types_and_defaults() -> None:
    from tools.build_loader import model_description

    @attrs.frozen
    class A:
        x: int = 0

    @attrs.frozen
    class B:  # another default
        x: int = 1

    @attrs.frozen
    class C:  # another type
        x: str = 0  # type: ignore[assignment]

    @attrs.frozen
    class D:  # another field
        x: int = 0
        y: int = 0

    found = {model_description([cls]).replace(cls.__qualname__, "") for cls in (A, B, C, D)}
    assert len(found) == 4


@needs_tree
def test_the_generator_refuses_a_type_it_has_no_rule_for() -> None:
    from tools.build_loader import _Writer

    with pytest.raises(TypeError, match="no rule for the type"):
        _Writer().value(dict[str, int], "v")


def test_the_data_file_is_read_without_the_loaders_get_data_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    direct = _loading.embedded_bytes()
    spec = iscm.__spec__
    assert spec is not None
    import importlib.resources

    used: list[str] = []
    files = importlib.resources.files

    def recording(package: str) -> Any:
        used.append(package)
        return files(package)

    monkeypatch.setattr(importlib.resources, "files", recording)
    assert _loading.embedded_bytes() == direct
    assert used == []  # the loader's get_data
    monkeypatch.setattr(spec, "origin", None)  # no path for get_data: importlib.resources
    assert _loading.embedded_bytes() == direct
    assert used == ["iscm"]


@pytest.mark.parametrize("trusted", [True, False], ids=["generated", "converter"])
def test_indexes_beyond_the_keys_are_built_once_on_first_use(
    monkeypatch: pytest.MonkeyPatch, trusted: bool
) -> None:
    import threading

    from iscm import dataset as ds

    built: list[int] = []
    build = ds._Index._build

    def counting(self: Any, data: iscm.Dataset) -> None:
        built.append(1)
        build(self, data)

    monkeypatch.setattr(ds._Index, "_build", counting)
    raw = _loading.embedded_bytes()
    data = generated.build(json.loads(raw)) if trusted else iscm.load(raw)
    assert data.get("Colombo Process").id == "colombo-process"
    assert built == []  # get needs only the mechanisms' keys
    barrier = threading.Barrier(8)
    seen: list[tuple[str, int, int]] = []

    def use() -> None:
        barrier.wait()
        seen.append(
            (
                data.organization("IOM").id,
                len(data.mechanisms_of("DEU")),
                len(iscm.analysis.profiles(data)),
            )
        )

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built == [1]
    assert len(seen) == 8
    assert len(set(seen)) == 1
    assert type(data._index) is ds._Index  # the dataset now holds the full index itself
    assert data.search("colombo", limit=1)[0].id == "colombo-process"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_folding_ascii_text_takes_a_shortcut_to_the_same_key(text: str) -> None:
    import re
    import unicodedata

    from iscm._keys import fold

    general = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKD", text).casefold())
    assert fold(text) == general
