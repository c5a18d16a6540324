"""What each field of the model means: the docstring written under it in the source.

The model documents every field with a string literal right below it (the attribute docstring
convention Sphinx and mkdocstrings read). This module reads those strings once per module, so that
the JSON Schema, the table export, the Data Package and the data dictionary describe a field with
the words written beside it, and nowhere else.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import sys

__all__ = ["attribute_docs", "field_description"]


@functools.cache
def _module_docs(module_name: str) -> dict[str, dict[str, str]]:
    """``{class name: {attribute: docstring}}`` for the class bodies of a module."""
    try:
        source = inspect.getsource(sys.modules[module_name])
    except (OSError, TypeError, KeyError):  # no source shipped: nothing to read
        return {}
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs = found.setdefault(node.name, {})
        body = node.body
        for stmt, nxt in zip(body, [*body[1:], None], strict=True):
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                name = stmt.target.id
            elif (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                name = stmt.targets[0].id
            else:
                continue
            if (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            ):
                docs[name] = inspect.cleandoc(nxt.value.value)
    return found


def attribute_docs(cls: type) -> dict[str, str]:
    """The attribute docstrings of a class: attribute name -> its docstring, as written."""
    return dict(_module_docs(cls.__module__).get(cls.__name__, {}))


def field_description(cls: type, name: str) -> str:
    """A field's docstring as one plain paragraph (Sphinx roles and double back-quotes become
    plain back-quoted code), or "" where it has none."""
    text = attribute_docs(cls).get(name, "")
    text = re.sub(r":(?:class|func|meth|data|attr|mod):`~?([^`]+)`", r"`\1`", text)
    return " ".join(text.replace("``", "`").split())
