"""What the generated pages share: the log, colours, labels, table cells, walking records, and
the Figure value with its PNG writer and footer."""

from __future__ import annotations

import html
import io
import logging
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.iscm")

ROOT = Path(__file__).resolve().parents[1]

# Okabe-Ito colours, safe for colour-blind readers; one per level, used by every figure.
LEVEL_COLOURS = {"regional": "#0072B2", "inter-regional": "#E69F00", "global": "#009E73"}
MEMBER_COLOUR, OBSERVER_COLOUR = "#0072B2", "#E69F00"


def label(m: Any) -> str:
    """A short label for a mechanism: an "X Process" name, its acronym, or its shortest name.

    Global initiatives, which IOM does not count as ISCMs, are marked with an asterisk.
    """
    names = (m.name, *m.aliases)
    # Acronyms of two or three letters (CP, RCM) say less than "Colombo Process".
    processes = [
        n
        for n in names
        if re.fullmatch(r"\w+ Process", n) and (m.acronym is None or len(m.acronym) <= 3)
    ]
    if processes:
        text = min(processes, key=len)
    elif m.acronym:
        text = m.acronym
    elif len(m.name) <= 32:
        text = m.name
    else:
        text = min(names, key=len)
    return str(text) + ("" if m.is_iscm else " *")


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return html.escape(text, quote=False).replace("|", "&#124;").replace("\n", " ")


def _walk(obj: Any) -> Iterator[Any]:
    """Every attrs instance inside ``obj`` (itself included), depth first."""
    import attrs

    if attrs.has(type(obj)):
        yield obj
        for a in attrs.fields(type(obj)):
            if a.name.startswith("_"):
                continue
            yield from _walk(getattr(obj, a.name))
    elif isinstance(obj, tuple | frozenset | list):
        for item in obj:
            yield from _walk(item)


def _sources_in(*records: Any) -> list[Any]:
    import iscm

    return [r for rec in records for r in _walk(rec) if isinstance(r, iscm.Source)]


def rst_to_md(text: str) -> str:
    """Sphinx roles and double back-quotes as Markdown code."""
    text = re.sub(r":(?:class|func|meth|data|attr|mod):`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def one_paragraph(text: str) -> str:
    return " ".join(rst_to_md(text).split())


class Figure(typing.NamedTuple):
    name: str
    title: str
    caption: str
    png: bytes
    alt: str


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=130, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _footer(ax: Any, data: Any, below: float = 30) -> None:
    """The data version under the bottom-right corner of ``ax``, ``below`` points down."""
    ax.annotate(
        f"iscm data version {data.version} · CC BY 4.0",
        xy=(1, 0),
        xycoords="axes fraction",
        xytext=(0, -below),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=7,
        color="#555555",
        annotation_clip=False,
    )
