"""The JSON Schema of the serialized dataset, generated from the attrs model.

``json_schema()`` describes what ``iscm.to_json(dataset)`` writes and ``iscm.load`` reads; the
package ships its output as ``iscm/data/schema.json`` (a test keeps the two equal), for tools in
other languages to validate files against.
"""

from __future__ import annotations

import datetime
import enum
import inspect
import types
import typing
from typing import Any, Final

import attrs

from iscm import _refs, model
from iscm._countries import COUNTRY_NAMES
from iscm._docs import field_description
from iscm._validators import field_format
from iscm.dataset import Dataset
from iscm.model import ID_PATTERN, LANG_PATTERN, MAX_YEAR, MIN_YEAR, Source

__all__ = ["field_descriptions", "json_schema", "record_class"]


record_class = _refs.record_class


def field_descriptions(cls: type) -> dict[str, str]:
    """What each field of a record class means: its docstring in the source, as written
    (the words the JSON Schema, the exported tables and the data dictionary show)."""
    from iscm._docs import attribute_docs

    return attribute_docs(cls)


#: Lists that must not be empty, besides ``sources`` (see _sources_required).
_MIN_ITEMS: Final[dict[tuple[str, str], int]] = {
    ("FocalPoint", "functions"): 1,
    ("TargetedConsultation", "instruments"): 1,
}


def _sources_required(owner: str) -> bool:
    """Whether a record class must cite a source: in the model, ``sources`` without a default."""
    cls = getattr(model, owner, None)
    if cls is None or not attrs.has(cls):
        return False
    sources = attrs.fields_dict(cls).get("sources")
    return sources is not None and sources.default is attrs.NOTHING


_FORMAT_DEFS: Final[dict[str, dict[str, Any]]] = {
    "id": {
        "description": "A record id: lower-case words joined by single hyphens.",
        "type": "string",
        "pattern": f"^(?:{ID_PATTERN})$",
    },
    "state": {
        "description": "An ISO 3166-1 alpha-3 code, or XKX (Kosovo).",
        "type": "string",
        "enum": sorted(COUNTRY_NAMES),
    },
    "url": {"description": "An http(s) URL.", "type": "string", "pattern": r"^https?://\S+$"},
    "lang": {
        "description": "An ISO 639-1 language code.",
        "type": "string",
        "pattern": f"^(?:{LANG_PATTERN})$",
    },
    "year": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
    "date": {"description": "A date as YYYY-MM-DD.", "type": "string", "format": "date"},
    "source_id": {
        "description": (
            "The key of a source in the dataset's source table (Source.id: its key, or a hash)."
        ),
        "type": "string",
    },
}
_INLINE_FORMATS: Final[dict[str, dict[str, Any]]] = {
    "boolean": {"type": "boolean"},
    "text": {"type": "string", "minLength": 1},
    "string": {"type": "string"},
    "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "positive": {"type": "integer", "minimum": 1},
    "integer": {"type": "integer"},
}
_STRING_FORMATS: Final = frozenset({"id", "state", "url", "lang", "string"})
_INT_FORMATS: Final = frozenset({"year", "month", "positive"})


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a serialized :class:`~iscm.Dataset`, i.e. of what
    ``iscm.to_json(dataset)`` writes and ``iscm.load`` reads.

    Generated from the attrs model: every record class is an object with
    ``additionalProperties: false`` whose fields without a default are required, enums are enums
    of their values, frozensets are arrays of unique items, optional fields may be null, ids follow
    :data:`iscm.model.ID_PATTERN` and dates have format ``date``. As the converter writes it, a
    dataset holds its sources once, in a ``sources`` object keyed by id, and its records cite them
    by id (a record may also carry a source inline). The schema cannot express the checks that span
    records (unique ids, references and source ids that resolve) or fields of one record. The
    package ships it as ``iscm/data/schema.json``.
    """
    defs: dict[str, dict[str, Any]] = {}
    _record(Dataset, defs)
    # The converter writes a dataset's sources once, in a table keyed by id, ahead of the records.
    properties = defs["Dataset"]["properties"]
    defs["Dataset"]["properties"] = {
        "version": properties.pop("version"),
        "sources": {
            "description": "The sources the records cite, once each, by id.",
            "type": "object",
            "additionalProperties": _record(Source, defs),
            "default": {},
        },
        **properties,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "iscm dataset",
        "description": (
            "The serialized form of iscm.Dataset, as written by iscm.to_json. Generated from the "
            "attrs model by iscm.schema.json_schema(); do not edit by hand."
        ),
        "$ref": "#/$defs/Dataset",
        "$defs": {name: defs[name] for name in sorted(defs)},
    }


def _doc(obj: object) -> str:
    text = inspect.cleandoc(obj.__doc__ or "")
    return " ".join(text.split("\n\n")[0].split())


def _record(cls: type, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # reserved first, in case a record contains itself
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in attrs.fields(cls):
            if not f.init:
                continue
            prop = _type(hints[f.name], name, f.name, defs, field_format(f))
            description = field_description(cls, f.name)
            if description:
                prop = {"description": description, **prop}
            if f.default is attrs.NOTHING:
                required.append(f.name)
            else:
                default = _default(f.default)
                if default is not _NO_DEFAULT:
                    prop = {**prop, "default": default}
            properties[f.name] = prop
        schema: dict[str, Any] = {"description": _doc(cls), "type": "object"}
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        defs[name] = schema
    return {"$ref": f"#/$defs/{name}"}


_NO_DEFAULT: Final = object()


def _default(default: Any) -> Any:
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return _NO_DEFAULT
        default = default.factory()
    if isinstance(default, (tuple, list, frozenset, set)) and not default:
        return []
    if default is None or isinstance(default, (bool, int, str)):
        return default
    return _NO_DEFAULT


def _type(
    tp: Any, owner: str, field_name: str, defs: dict[str, dict[str, Any]], fmt: str | None
) -> dict[str, Any]:
    """The schema of a value of type ``tp``; ``fmt`` is the field's metadata format."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(tp, owner, field_name, defs, fmt)
    if origin in (tuple, frozenset):
        return _array(tp, owner, field_name, defs, fmt)
    if isinstance(tp, type):
        if tp is Source:  # in a dataset, cited by id from its source table
            source = _record(tp, defs)
            return {"anyOf": [source, _ref_format("source_id", defs)]}
        if attrs.has(tp):
            return _record(tp, defs)
        if issubclass(tp, enum.Enum):
            return _enum(tp, defs)
        if tp is datetime.date:
            fmt = "date"
        elif tp is bool:
            fmt = "boolean"
        elif tp is int:
            fmt = fmt if fmt in _INT_FORMATS else "integer"
        elif tp is str:
            fmt = fmt if fmt in _STRING_FORMATS else "text"
        else:
            fmt = None
        if fmt is not None:
            return _ref_format(fmt, defs)
    raise TypeError(f"{owner}.{field_name}: cannot describe the type {tp!r}")


def _union(
    tp: Any, owner: str, field_name: str, defs: dict[str, dict[str, Any]], fmt: str | None
) -> dict[str, Any]:
    args = typing.get_args(tp)
    inner = [a for a in args if a is not type(None)]
    if len(inner) != 1:
        raise TypeError(f"{owner}.{field_name}: cannot describe the union {tp!r}")
    schema = _type(inner[0], owner, field_name, defs, fmt)
    if len(inner) == len(args):
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def _array(
    tp: Any, owner: str, field_name: str, defs: dict[str, dict[str, Any]], fmt: str | None
) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
        raise TypeError(f"{owner}.{field_name}: only tuple[X, ...] is supported, not {tp!r}")
    items = _type(args[0], owner, field_name, defs, fmt)
    array: dict[str, Any] = {"type": "array", "items": items}
    if origin is frozenset:
        array["uniqueItems"] = True
    least = _MIN_ITEMS.get((owner, field_name))
    if field_name == "sources" and _sources_required(owner):
        least = 1
    if least:
        array["minItems"] = least
    return array


def _enum(tp: type[enum.Enum], defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if tp.__name__ not in defs:
        defs[tp.__name__] = {
            "description": _doc(tp),
            "type": "string",
            "enum": [member.value for member in tp],
        }
    return {"$ref": f"#/$defs/{tp.__name__}"}


def _ref_format(fmt: str, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if fmt in _INLINE_FORMATS:
        return dict(_INLINE_FORMATS[fmt])
    defs.setdefault(fmt, _FORMAT_DEFS[fmt])
    return {"$ref": f"#/$defs/{fmt}"}
