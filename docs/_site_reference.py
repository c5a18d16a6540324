"""Generated reference: the command line's help, and the data dictionary (every record, field,
type, default and meaning, read from the model and its docstrings)."""

from __future__ import annotations

import enum
import html
import inspect
import types
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from _site_common import _cell, _walk, one_paragraph, rst_to_md


def cli_reference() -> str:
    """The help of ``iscm`` and of each of its commands, as Markdown."""
    import argparse
    import os

    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal width
    try:
        from iscm import cli

        parser = cli.parser()
    except (ImportError, AttributeError) as exc:  # fail the build rather than lose the help
        raise RuntimeError(f"cli reference: no iscm.cli.parser(): {exc}") from exc
    out = ["```text", "$ iscm --help", parser.format_help().rstrip(), "```", ""]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += [
                    f"### iscm {name}",
                    "",
                    "```text",
                    f"$ iscm {name} --help",
                    sub.format_help().rstrip(),
                    "```",
                    "",
                ]
    return "\n".join(out)


# -- type formatting ------------------------------------------------------------------------------


def _type_html(tp: Any, anchors: dict[str, str]) -> str:  # noqa: PLR0911 - one return per kind
    """A type annotation as HTML, with record and enum names linked to their sections."""
    if isinstance(tp, str):
        return html.escape(tp)
    if tp is type(None) or tp is None:
        return "None"
    if tp is Ellipsis:
        return "..."
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return " &#124; ".join(_type_html(a, anchors) for a in args)
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        inner = ", ".join(_type_html(a, anchors) for a in args)
        return f"{html.escape(name)}[{inner}]"
    if isinstance(tp, type):
        name = tp.__name__
        if tp.__module__ == "datetime":
            name = f"datetime.{name}"
        if name in anchors:
            return f'<a href="#{anchors[name]}">{name}</a>'
        return html.escape(name)
    return html.escape(str(tp))


def _field_types(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:
        return dict(getattr(cls, "__annotations__", {}))


def _default(a: Any) -> str:
    import attrs

    if a.default is attrs.NOTHING:
        return "required"
    if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
        made = a.default.factory()
        return "empty" if not made else html.escape(repr(made))
    if a.default in ((), frozenset()):
        return "empty"
    return html.escape(repr(a.default))


def _enum_users(classes: Iterable[type]) -> dict[type, list[str]]:
    """For each enum, the ``Class.field`` entries whose type mentions it."""
    import attrs

    users: defaultdict[type, list[str]] = defaultdict(list)

    def enums_in(tp: Any) -> Iterator[type]:
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            yield tp
        for arg in typing.get_args(tp):
            yield from enums_in(arg)

    for cls in classes:
        hints = _field_types(cls)
        for a in attrs.fields(cls):
            for e in enums_in(hints.get(a.name, a.type)):
                users[e].append(f"{cls.__name__}.{a.name}")
    return users


# -- page: data dictionary ------------------------------------------------------------------------


def data_dictionary(data: Any) -> str:
    import attrs

    import iscm
    from iscm import analysis, dataset, enums, model

    # The records in the package's reading order (iscm.__all__), then any others of the model.
    preferred = [n for n in iscm.__all__ if n in model.__all__]
    names = [n for n in preferred if n in model.__all__]
    names += [n for n in model.__all__ if n not in names]
    records = [getattr(model, n) for n in names if attrs.has(getattr(model, n))]
    results = [getattr(analysis, n) for n in analysis.__all__ if attrs.has(getattr(analysis, n))]
    results.append(iscm.Membership)  # the rows of Dataset.memberships
    vocab = [getattr(enums, n) for n in enums.__all__]
    anchors = {
        c.__name__: c.__name__.lower() for c in [*records, dataset.Dataset, *results, *vocab]
    }

    from iscm.schema import field_descriptions

    docs: dict[str, dict[str, str]] = {
        c.__name__: field_descriptions(c) for c in [*records, dataset.Dataset, *results, *vocab]
    }

    counts: Counter[str] = Counter(type(r).__name__ for r in _walk(data))

    out = [
        "# Data dictionary",
        "",
        f"Generated when this site was built, from the code of `iscm` {iscm.__version__} and the "
        f"embedded data version **{data.version}**. Every record is a frozen attrs class; the "
        "field names are also the keys of the JSON form (`iscm.to_json`), where fields left at "
        "their default are omitted. Types link to the record or vocabulary they name; each "
        "meaning is the field's docstring in the source (`iscm.schema.field_descriptions`).",
        "",
        "An aspect of a mechanism that has no value means *none* unless the aspect is listed in "
        "`Mechanism.unknown`, where it means *not known*.",
        "",
        "## Records",
        "",
    ]
    for cls in records:
        out += _class_section(cls, docs, anchors, counts)
    out += ["## The dataset", ""]
    out += _class_section(dataset.Dataset, docs, anchors, counts, skip_counts=True)
    out += [
        "## Analysis results",
        "",
        "Values returned by the functions of `iscm.analysis` (`most_overlapping`, "
        "`state_profile`, `profiles`, `membership_matrix`) and by `Dataset.memberships` (one "
        "`Membership` row per participation); they are not stored in the data.",
        "",
    ]
    for cls in results:
        out += _class_section(cls, docs, anchors, counts, skip_counts=True)

    users = _enum_users([*records, dataset.Dataset])
    out += [
        "## Vocabularies",
        "",
        "Closed lists of values. The strings in the *value* column are what the JSON form, the "
        "exports and the command line use.",
        "",
    ]
    for e in vocab:
        out += _enum_section(e, docs.get(e.__name__, {}), users.get(e, []), anchors)
    return "\n".join(out) + "\n"


def _class_section(
    cls: type,
    docs: dict[str, dict[str, str]],
    anchors: dict[str, str],
    counts: Counter[str],
    *,
    skip_counts: bool = False,
) -> list[str]:
    import attrs

    name = cls.__name__
    own = docs.get(name, {})
    hints = _field_types(cls)
    out = [f"### {name} {{#{anchors[name]}}}", ""]
    if cls.__doc__:
        out += [rst_to_md(inspect.cleandoc(cls.__doc__)), ""]
    if not skip_counts:
        out += [f"In the embedded data: {counts.get(name, 0):,} records.", ""]
    out += ["| Field | Type | Default | Meaning |", "|---|---|---|---|"]
    for a in attrs.fields(cls):
        if a.name.startswith("_"):
            continue
        meaning = own.get(a.name)
        if meaning is None:  # every field has a docstring (tests/test_docs.py checks it)
            raise ValueError(f"data dictionary: {name}.{a.name} has no docstring in the source")
        text = _cell(one_paragraph(meaning))
        tp = _type_html(hints.get(a.name, a.type), anchors)
        out.append(f"| `{a.name}` | <code>{tp}</code> | {_default(a)} | {text} |")
    out.append("")
    public = [(n, obj) for n, obj in vars(cls).items() if not n.startswith("_")]
    computed = [(n, obj) for n, obj in public if isinstance(obj, property)]
    methods = [n for n, obj in public if isinstance(obj, types.FunctionType)]
    if computed:
        out += ["Computed from the fields:", "", "| Name | Meaning |", "|---|---|"]
        for n, obj in computed:
            doc = inspect.getdoc(obj) or ""
            first = one_paragraph(doc.split("\n\n")[0]) if doc else "—"
            out.append(f"| `{n}` | {_cell(first)} |")
        out.append("")
    if methods:
        listed = ", ".join(f"`{n}()`" for n in methods)
        out += [f"Methods (see the [API reference](api.md)): {listed}.", ""]
    return out


def _enum_section(
    e: type[enum.Enum], member_docs: dict[str, str], users: list[str], anchors: dict[str, str]
) -> list[str]:
    name = e.__name__
    out = [f"### {name} {{#{anchors[name]}}}", ""]
    if e.__doc__:
        out += [rst_to_md(inspect.cleandoc(e.__doc__)), ""]
    if users:
        out += ["Used by: " + ", ".join(f"`{u}`" for u in users) + ".", ""]
    short = any(isinstance(getattr(e, "short_name", None), property) for _ in [0])
    head = "| Value | Name | " + ("Short name | " if short else "") + "Definition |"
    out += [head, "|---|---|" + ("---|" if short else "") + "---|"]
    for member in e:
        definition = None
        if isinstance(getattr(e, "definition", None), property):
            definition = member.definition  # type: ignore[attr-defined]
        if definition is None:
            definition = member_docs.get(member.name)
        text = _cell(one_paragraph(definition)) if definition else "—"
        row = f"| `{member.value}` | `{name}.{member.name}` | "
        if short:
            row += f"{_cell(member.short_name)} | "  # type: ignore[attr-defined]
        out.append(row + text + " |")
    out.append("")
    return out
