"""The one cattrs converter of the library, and JSON in and out.

Importing this module imports cattrs; ``import iscm`` does not import it (the package reaches it
lazily), so that programs that only import the package pay nothing for serialization.

The converter is strict where cattrs is lenient by default: a string is not an int, ``"false"`` is
not a boolean, a string is not a list of characters, and unknown keys are errors. Sets are written
sorted and fields at their default are left out, so the output is canonical: the same data always
gives the same bytes, whatever the hash seed.
"""

from __future__ import annotations

import contextvars
import datetime
import enum
import json
import re
import typing
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
import cattrs.gen
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import BaseValidationError

from iscm._text import shorten
from iscm.dataset import Dataset
from iscm.errors import DataError
from iscm.model import FieldError, Source

T = TypeVar("T")


def _strict(expected: type, name: str) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        # bool is an int subclass: an int field must not take True.
        if type(value) is not expected:
            raise TypeError(f"expected {name}, got {_json_type(value)}")
        return value

    structure.strict = (expected, name)  # type: ignore[attr-defined]  # see _optional_scalar_factory
    return structure


def _structure_enum(value: Any, cls: type[enum.StrEnum]) -> enum.StrEnum:
    if type(value) is not str:
        raise TypeError(f"expected a string, got {_json_type(value)}")
    found = cls._value2member_map_.get(value)
    if found is not None:
        return found  # type: ignore[return-value]
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        message = f"{shorten(value)} is not a valid {cls.__name__} (one of {allowed})"
        raise ValueError(message) from None


def _unstructure_enum(value: enum.StrEnum) -> str:
    return value.value


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: Any, _: Any) -> datetime.date:
    if type(value) is not str:
        raise TypeError(f"expected a date as 'YYYY-MM-DD', got {_json_type(value)}")
    try:
        if _DATE.fullmatch(value) is None:  # fromisoformat also takes '20261130', '2026-W48-1'
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date as 'YYYY-MM-DD', got {shorten(value)}") from None


_NONE = type(None)


def _is_optional_scalar(t: Any) -> bool:
    args = typing.get_args(t)
    return len(args) == 2 and args[1] is _NONE and args[0] in (str, int)


def _optional_scalar_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    # Same as cattrs' own Optional handling, one call shorter: most fields are optional.
    inner = conv.get_structure_hook(typing.get_args(t)[0])
    kind = typing.get_args(t)[0]
    if getattr(inner, "strict", (None, ""))[0] is kind:  # our own hook: its check, inlined
        name = inner.strict[1]  # type: ignore[attr-defined]

        def structure_strict(value: Any, _: Any) -> Any:
            if value is None or type(value) is kind:
                return value
            raise TypeError(f"expected {name}, got {_json_type(value)}")

        return structure_strict

    def structure(value: Any, _: Any) -> Any:
        if value is None:
            return None
        return inner(value, kind)

    return structure


def _is_tuple(t: Any) -> bool:
    return typing.get_origin(t) is tuple


def _is_frozenset(t: Any) -> bool:
    return typing.get_origin(t) is frozenset


def _require_list(value: Any) -> None:
    if type(value) is not list:
        raise TypeError(f"expected an array, got {_json_type(value)}")


def _tuple_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    base = homogenous_tuple_structure_factory(t, conv)

    def structure(value: Any, cl: Any) -> Any:
        _require_list(value)
        return base(value, cl)

    if typing.get_args(t) != (Source, ...):
        return structure

    def structure_sources(value: Any, cl: Any) -> Any:
        # Fast path for the most common list in a dataset: ids found in the source table.
        table = _READING.get()
        if table is not None and type(value) is list:
            try:  # the table's keys are strings: anything else misses
                return tuple([table[v] for v in value])
            except (KeyError, TypeError):
                pass
        return structure(value, cl)  # anything else, with full error reporting

    return structure_sources


def _frozenset_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    (elem,) = typing.get_args(t)
    base = list_structure_factory(list[elem], conv)  # type: ignore[valid-type]

    def structure(value: Any, cl: Any) -> Any:
        _require_list(value)
        items = base(value, cl)
        result = frozenset(items)
        if len(result) != len(items):
            raise ValueError("duplicate items in a set")
        return result

    return structure


def _sorted(items: Any) -> list[Any]:
    # Items arrive already unstructured (strings for ids, enums and codes).
    return sorted(items)


# -- sources: one table per dataset -------------------------------------------------------------
#
# The data cites a few hundred pages thousands of times. A serialized Dataset therefore holds its
# sources once, in a table keyed by Source.id, and records cite them by that id; a record
# serialized on its own carries its sources inline. Both forms are read anywhere in a dataset.

_WRITING: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "iscm_source_table_out", default=None
)
_READING: contextvars.ContextVar[dict[str, Source] | None] = contextvars.ContextVar(
    "iscm_source_table_in", default=None
)
_SOURCE_FIELDS = len(attrs.fields(Source))


def _on_first_call(make: Callable[[], Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """A hook that generates the real one when first called.

    Generating the unstructure hooks of every record class (17 compiled functions) took about
    5 ms of each cold start, and a program that only reads data never needs them. Two threads
    racing on the first call both generate one, and either is correct.
    """
    hook: Callable[[Any], Any] | None = None

    def call(obj: Any) -> Any:
        nonlocal hook
        if hook is None:
            hook = make()
        return hook(obj)

    return call


def _source_hooks(
    conv: cattrs.Converter,
) -> tuple[Callable[[Any, Any], Source], Callable[[Source], Any]]:
    base_in = cattrs.gen.make_dict_structure_fn(
        Source, conv, _cattrs_forbid_extra_keys=conv.forbid_extra_keys
    )
    base_out = _on_first_call(lambda: cattrs.gen.make_dict_unstructure_fn(Source, conv))
    # Sources are immutable, so records may share one object per distinct source.
    cache: weakref.WeakValueDictionary[tuple[Any, ...], Source] = weakref.WeakValueDictionary()

    def structure(value: Any, cl: Any) -> Source:
        if type(value) is str:
            table = _READING.get()
            if table is None or value not in table:
                raise ValueError(f"unknown source id {value!r}")
            return table[value]
        if type(value) is not dict or len(value) != _SOURCE_FIELDS:
            return base_in(value, cl)  # reports what is wrong
        key = tuple(value.items())
        try:
            found = cache.get(key)
        except TypeError:  # an unhashable value: let the normal path report it
            found = None
        if found is None:
            found = cache[key] = base_in(value, cl)
        return found

    def unstructure(source: Source) -> Any:
        plain = base_out(source)
        table = _WRITING.get()
        if table is None:
            return plain
        plain.pop("key", None)  # in a table, the key is the entry's name
        if table.setdefault(source.id, plain) != plain:
            raise ValueError(f"two different sources share the id {source.id!r}")
        return source.id

    return structure, unstructure


_HASH = re.compile(r"[0-9a-f]{12}")


def _with_keys(raw: dict[str, Any]) -> dict[str, Any]:
    """A source table with each entry's name copied into its ``key`` (hash-named entries aside)."""
    out: dict[str, Any] = {}
    for name, entry in raw.items():
        out[name] = entry
        if type(entry) is dict and _HASH.fullmatch(name) is None:
            if "key" in entry and entry["key"] != name:
                raise ValueError(f"key {shorten(entry['key'])} differs from its entry's name")
            out[name] = {**entry, "key": name}
    return out


def _keyed(table: dict[str, Source]) -> dict[str, Source]:
    """Entries named by a hash that is not their content's (a hand-chosen hex key) keep it."""
    for name, source in table.items():
        if source.key is None and _HASH.fullmatch(name) and source.content_hash != name:
            table[name] = attrs.evolve(source, key=name)
    return table


def _dataset_hooks(
    conv: cattrs.Converter,
) -> tuple[Callable[[Any, Any], Dataset], Callable[[Dataset], Any]]:
    base_in = cattrs.gen.make_dict_structure_fn(
        Dataset, conv, _cattrs_forbid_extra_keys=conv.forbid_extra_keys
    )
    base_out = _on_first_call(
        lambda: cattrs.gen.make_dict_unstructure_fn(
            Dataset, conv, _cattrs_omit_if_default=conv.omit_if_default
        )
    )
    table_in = conv.get_structure_hook(dict[str, Source])
    # Entries of a table are distinct sources: no need for the shared-object cache of inline ones.
    entry_in = cattrs.gen.make_dict_structure_fn(
        Source, conv, _cattrs_forbid_extra_keys=conv.forbid_extra_keys
    )

    def read_table(raw: dict[str, Any]) -> dict[str, Source]:
        keyed = _with_keys(raw)
        try:
            return _keyed({name: entry_in(entry, Source) for name, entry in keyed.items()})
        except Exception:  # read again, with every problem and its path
            return _keyed(table_in(keyed, dict[str, Source]))

    def structure(value: Any, cl: Any) -> Dataset:
        if type(value) is not dict or "sources" not in value:
            return base_in(value, cl)
        rest = dict(value)
        raw = rest.pop("sources")
        if type(raw) is not dict:
            raise DataError(
                [f"expected an object of sources by id, got {_json_type(raw)} @ $.sources"]
            )
        try:
            table = read_table(raw)
        except BaseValidationError as exc:
            raise DataError(_problems(exc, "$.sources")) from None
        except (TypeError, ValueError) as exc:
            raise DataError([f"{exc} @ $.sources"]) from None
        token = _READING.set(table)
        try:
            return base_in(rest, cl)
        finally:
            _READING.reset(token)

    def unstructure(data: Dataset) -> Any:
        table: dict[str, Any] = {}
        token = _WRITING.set(table)
        try:
            plain: dict[str, Any] = base_out(data)
        finally:
            _WRITING.reset(token)
        head = {"version": plain.pop("version")}
        if table:
            head["sources"] = dict(sorted(table.items()))
        return {**head, **plain}

    return structure, unstructure


def make_converter() -> cattrs.Converter:
    """A new converter configured as the library's own (for tools that want to extend a copy)."""
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        omit_if_default=True,
        unstruct_collection_overrides={typing.AbstractSet: _sorted},
    )
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    # Hooks dispatch along the MRO: without this, the str hook would also catch the StrEnums.
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_unstructure_hook(enum.StrEnum, _unstructure_enum)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_structure_hook_factory(_is_optional_scalar, _optional_scalar_factory)
    conv.register_structure_hook_factory(_is_tuple, _tuple_factory)
    conv.register_structure_hook_factory(_is_frozenset, _frozenset_factory)
    source_in, source_out = _source_hooks(conv)
    conv.register_structure_hook(Source, source_in)
    conv.register_unstructure_hook(Source, source_out)
    dataset_in, dataset_out = _dataset_hooks(conv)
    conv.register_structure_hook(Dataset, dataset_in)
    conv.register_unstructure_hook(Dataset, dataset_out)
    return conv


CONVERTER = make_converter()
"""The library's converter: never ``cattrs.global_converter``."""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


_FIELD_MARK = "\x1f"


def _format(exc: BaseException, _type: Any) -> str:
    if isinstance(exc, FieldError):
        # A record's own check names its field: the path gets it appended in _problems.
        return f"{exc.message}{_FIELD_MARK}{exc.field}"
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    if isinstance(exc, (TypeError, ValueError)) and exc.args:
        return str(exc.args[0])
    return f"{type(exc).__name__}: {exc}"


def _problems(exc: BaseValidationError, path: str = "$") -> list[str]:
    problems = []
    for line in cattrs.transform_error(exc, path=path, format_exception=_format):
        message, marked, rest = line.partition(_FIELD_MARK)
        if marked:
            field, _, where = rest.partition(" @ ")
            message = f"{message} @ {where}.{field}"
        problems.append(message)
    return problems


def _find_data_error(exc: BaseException) -> DataError | None:
    # A FieldError is one field's problem among the others cattrs collected: not the whole story.
    if isinstance(exc, DataError) and not isinstance(exc, FieldError):
        return exc
    for sub in getattr(exc, "exceptions", ()):
        found = _find_data_error(sub)
        if found is not None:
            return found
    return None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # rare: find the key to name it
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {shorten(key)} in an object")
            seen.add(key)
    return obj


# An escaped UTF-16 surrogate, paired or not (a raw one cannot come from UTF-8 bytes).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(node: Any) -> str | None:
    """The first string in parsed JSON holding an unpaired surrogate, or None."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return item
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def parse_json(text: str | bytes | bytearray | memoryview) -> Any:
    """Parse JSON text (bytes must be UTF-8), raising DataError for anything that is not JSON.

    Stricter than ``json.loads``: duplicate keys in an object and unpaired UTF-16 surrogates
    (which no UTF-8 file can hold) are errors.
    """
    if isinstance(text, str):
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:
            raise DataError(
                ["text holds an unpaired surrogate, which UTF-8 cannot encode @ $"]
            ) from None
    else:
        raw = bytes(text)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError([f"not UTF-8: {exc.reason} at byte {exc.start} @ $"]) from None
    if not text or text.isspace():
        raise DataError(["empty document @ $"])
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DataError(
            [f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno} @ $"]
        ) from None
    except RecursionError:
        raise DataError(["nested too deeply @ $"]) from None
    except ValueError as exc:  # duplicate keys, an integer of thousands of digits
        raise DataError([f"not acceptable JSON: {exc} @ $"]) from None
    if _has_unicode_escape(raw) and _SURROGATE_ESCAPE.search(text):
        bad = _lone_surrogate(data)
        if bad is not None:
            raise DataError([f"unpaired surrogate in {shorten(bad)}: not valid Unicode @ $"])
    return data


def _has_unicode_escape(raw: bytes) -> bool:
    """Whether JSON text holds a ``\\u`` escape: a walk over its backslashes, which are few (a
    regular expression over the whole text took about 1 ms for the embedded file)."""
    at = raw.find(b"\\")
    while at != -1:
        if raw[at + 1 : at + 2] == b"u":
            return True
        at = raw.find(b"\\", at + 2)  # past the escaped character, which may be a backslash
    return False


def structure(data: Any, cls: type[T]) -> T:
    """Turn parsed JSON into ``cls``, raising DataError with every problem and its path."""
    if not isinstance(data, dict) and hasattr(cls, "__attrs_attrs__"):
        raise DataError([f"expected an object, got {_json_type(data)} @ $"])
    try:
        return CONVERTER.structure(data, cls)
    except BaseValidationError as exc:
        inner = _find_data_error(exc)
        if inner is not None:  # cross-record checks of a Dataset already carry their paths
            raise inner from None
        raise DataError(_problems(exc)) from None
    except DataError:
        raise
    except (TypeError, ValueError) as exc:
        raise DataError([f"{exc} @ $"]) from None


def unstructure(obj: Any) -> Any:
    """Turn a record or dataset into plain JSON-ready data."""
    return CONVERTER.unstructure(obj)


def to_json(obj: Any) -> str:
    """The canonical JSON text of a record or a dataset (sorted sets, two-space indent, newline)."""
    return json.dumps(unstructure(obj), indent=2, ensure_ascii=False) + "\n"


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Read JSON text (or UTF-8 bytes) into ``cls``; DataError lists every problem with its path."""
    return structure(parse_json(text), cls)
