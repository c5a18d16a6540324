"""A griffe extension for the API reference: make the package's docstrings read well as Markdown.

The docstrings are written for ``help()`` and doctest: examples are bare ``>>>`` lines and
cross-references use Sphinx roles (``:class:`Dataset```). Rendered as Markdown, ``>>>`` lines
would become nested block quotes and ``['a', 'b']`` in an output line would look like a link. This
extension fences every run of doctest lines as a ``pycon`` code block and turns Sphinx roles into
code spans. It changes only what mkdocstrings renders, never the source.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|data|attr|mod|exc|obj):`~?([^`]+)`")


def fence_doctests(text: str) -> str:
    """Wrap each run of ``>>>`` lines (with their ``...`` and output lines) in a code fence."""
    out: list[str] = []
    in_example = False
    for line in text.splitlines():
        stripped = line.strip()
        if not in_example and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_example = True
        elif in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        out.append(line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


class DocstringsAsMarkdown(griffe.Extension):
    """Fence doctest examples and replace Sphinx roles in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            value = _ROLE.sub(r"`\1`", obj.docstring.value)
            obj.docstring.value = fence_doctests(value)
