"""Field validators of the records, and the metadata every field carries.

Validators are plain functions: composed attrs validators cost several calls per value, and the
embedded data holds thousands of values. Each raises :class:`FieldError` naming the field and the
rule.

Every field of a record is declared with :func:`field`, which records in the attrs field's
``metadata`` what the field holds, so that nothing else has to guess it from the field's name:

* ``"format"``: what a value is (``id``, ``state``, ``url``, ``lang``, ``year``, ``month``,
  ``positive``, ``date``, ``text``, ``boolean``...), taken from the validator unless given; the
  JSON Schema, the table export and the data dictionary read it;
* ``"ref"``: the table a value (or each item of a set) refers to (``"organizations"``,
  ``"mechanisms"``, ``"instruments"``), where it refers to one; the dataset's reference check and
  the export's foreign keys read it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, NoReturn

import attrs

from iscm._countries import COUNTRY_NAMES
from iscm._text import shorten
from iscm.errors import DataError

__all__ = ["FieldError", "field", "field_format", "field_ref"]

#: Pattern of every record id: lower-case words joined by single hyphens ("colombo-process").
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: Pattern of a language tag for localized names (ISO 639-1, e.g. "fr", "es", "pt").
LANG_PATTERN = r"[a-z]{2}"
#: Years the dataset accepts (the oldest forum held, the Red Cross and Red Crescent Conference,
#: first met in 1867).
MIN_YEAR, MAX_YEAR = 1800, 2100

# Validators are plain functions: composed attrs validators cost several calls per value, and the
# embedded data holds thousands of values. Each raises ValueError naming the field and the rule.
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
_ID_RE = re.compile(ID_PATTERN)
_LANG_RE = re.compile(LANG_PATTERN)
_URL_RE = re.compile(r"https?://\S+")


class FieldError(DataError):
    """A field's value breaks its rule; ``field`` names the field (for error paths).

    A :class:`~iscm.DataError`, so that constructing a record or a dataset with a bad value
    raises the library's one error type; ``message`` is the rule broken, without the path.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__([f"{message} @ $.{field}"])


def _fail(attribute: attrs.Attribute[Any], rule: str, value: Any) -> NoReturn:
    raise FieldError(attribute.name, f"{attribute.name!r} must be {rule}, got {shorten(value)}")


def _text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or not value:
        _fail(attribute, "a non-empty string", value)


def _id(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or _ID_RE.fullmatch(value) is None:
        _fail(attribute, f"an id matching {ID_PATTERN!r}", value)


def _url(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or _URL_RE.fullmatch(value) is None:
        _fail(attribute, "an http(s) URL", value)


def _lang(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or _LANG_RE.fullmatch(value) is None:
        _fail(attribute, "an ISO 639-1 language code", value)


def _state(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str or value not in COUNTRY_NAMES:
        _fail(attribute, "an ISO 3166-1 alpha-3 code (or XKX)", value)


def _year(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or not MIN_YEAR <= value <= MAX_YEAR:
        _fail(attribute, f"a year from {MIN_YEAR} to {MAX_YEAR}", value)


def _bool(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not bool:
        _fail(attribute, "true or false", value)


def _date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not datetime.date:
        _fail(attribute, "a date", value)


def _month(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or not 1 <= value <= 12:
        _fail(attribute, "a month from 1 to 12", value)


def _positive(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value < 1:
        _fail(attribute, "a positive integer", value)


def _optional(check: Validator) -> Validator:
    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    return validate


def _is(kind: type) -> Validator:
    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not kind:
            _fail(attribute, f"a {kind.__name__}", value)

    return validate


def _exactly(value: Any, kind: type) -> bool:
    # Exact type, not isinstance: a list is not a tuple, a bool is not an int.
    return type(value) is kind


def _collection(container: type, item: Validator, what: str, min_items: int = 0) -> Validator:
    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not _exactly(value, container):
            _fail(attribute, f"a {container.__name__} of {what}", value)
        if len(value) < min_items:
            _fail(attribute, f"a {container.__name__} of at least {min_items} {what}", value)
        for element in value:
            item(inst, attribute, element)

    validate.item = item  # type: ignore[attr-defined]
    return validate


# The optional checks most records run are spelled out (one call instead of two per value).


def _opt_text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not str or not value):
        _fail(attribute, "a non-empty string or null", value)


def _opt_id(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not str or _ID_RE.fullmatch(value) is None):
        _fail(attribute, f"an id matching {ID_PATTERN!r} or null", value)


def _opt_year(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or not MIN_YEAR <= value <= MAX_YEAR):
        _fail(attribute, f"a year from {MIN_YEAR} to {MAX_YEAR} or null", value)


def _opt_state(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not str or value not in COUNTRY_NAMES):
        _fail(attribute, "an ISO 3166-1 alpha-3 code (or XKX)", value)


_opt_date = _optional(_date)
_opt_url = _optional(_url)
_opt_positive = _optional(_positive)
_opt_month = _optional(_month)


def _ids(min_items: int = 0) -> Validator:
    return _collection(frozenset, _id, "ids", min_items)


def _texts(min_items: int = 0) -> Validator:
    return _collection(tuple, _text, "non-empty strings", min_items)


def _members_of(cls: type, *, min_items: int = 0) -> Validator:
    """A tuple of instances of exactly ``cls`` (checked inline: this runs for every record)."""

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not _exactly(value, tuple) or len(value) < min_items:
            _fail(attribute, f"a tuple of at least {min_items} {cls.__name__}", value)
        for element in value:
            if type(element) is not cls:
                _fail(attribute, f"a tuple of {cls.__name__}", value)

    return validate


def _enum_set(enum_cls: type) -> Validator:
    return _collection(frozenset, _is(enum_cls), enum_cls.__name__)


#: The format each validator checks, for fields that do not name one.
_FORMATS: dict[Any, str] = {}


def _formats() -> dict[Any, str]:
    if not _FORMATS:
        _FORMATS.update(
            {
                _text: "text",
                _opt_text: "text",
                _id: "id",
                _opt_id: "id",
                _url: "url",
                _opt_url: "url",
                _lang: "lang",
                _state: "state",
                _opt_state: "state",
                _year: "year",
                _opt_year: "year",
                _bool: "boolean",
                _date: "date",
                _opt_date: "date",
                _opt_month: "month",
                _opt_positive: "positive",
            }
        )
    return _FORMATS


def field(
    *,
    validator: Validator,
    format: str | None = None,
    ref: str | None = None,
    **kwargs: Any,
) -> Any:
    """An attrs field whose metadata says what it holds (see the module's docstring)."""
    item_format = _formats().get(getattr(validator, "item", None))
    meta = {"format": format or _formats().get(validator) or item_format}
    if ref is not None:
        meta["ref"] = ref
    return attrs.field(validator=validator, metadata=meta, **kwargs)


def field_format(attribute: attrs.Attribute[Any]) -> str | None:
    """What a field (or each item of a collection field) holds: its metadata ``"format"``."""
    value = attribute.metadata.get("format")
    return value if isinstance(value, str) else None


def field_ref(attribute: attrs.Attribute[Any]) -> str | None:
    """The table a field's values refer to (its metadata ``"ref"``), or None."""
    value = attribute.metadata.get("ref")
    return value if isinstance(value, str) else None
