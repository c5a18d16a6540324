"""The country-participation page's map (docs/_site_map.py), without a browser: the geometry is
read and recoloured as the page says, the counts follow the package's rule, and States without a
shape are listed rather than lost."""

from __future__ import annotations

import pathlib
import re
import xml.etree.ElementTree as ET
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iscm
from map_rule import expected_counts, import_site_map

ROOT = pathlib.Path(__file__).resolve().parents[1]

pytest.importorskip("pycountry", reason="the map page reads alpha-2 codes from pycountry")

# A world of three territories in the package's layout: ids to drop, a nested group to keep.
TINY = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">
  <metadata>not a country</metadata>
  <g id="countries" style="fill:#ccc">
    <g class="et country map-element"><path id="p1" d="m 10,10 h 5 v 5 z"/></g>
    <g class="FR country map-element"><path id="p2" d="m 40,5 h 5 v 5 z"/>
      <circle id="c1" r="2" cx="42" cy="7"/></g>
    <g class="eh country map-element"><g transform="translate(1,2)"><path id="p3" d="m 1,1 h 1 z"/>
    </g></g>
  </g>
</svg>"""


@pytest.fixture(scope="module")
def site_map() -> ModuleType:
    return import_site_map()


def test_the_geometry_is_read_without_ids_or_namespaces(site_map: ModuleType) -> None:
    geo = site_map.parse_geometry(TINY)
    assert geo.view_box == "0 0 100 50"
    assert sorted(geo.shapes) == ["eh", "et", "fr"]  # codes lowercased; metadata skipped
    assert geo.shapes["et"] == '<path d="m10 10h5v5z" />'
    assert "<circle" in geo.shapes["fr"]
    assert '<g transform="translate(1,2)">' in geo.shapes["eh"]  # nested groups kept
    assert not any(re.search(r"\bid=|xmlns|ns0:", s) for s in geo.shapes.values())


def absolute_points(d: str) -> list[tuple[float, float]]:
    """Every point a path passes through or pulls towards (controls included), absolute."""
    tokens = re.findall(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    arity = {"m": 2, "l": 2, "c": 6, "h": 1, "v": 1, "z": 0}
    x = y = sx = sy = 0.0
    points, command, i = [], "", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "zZ":
                x, y = sx, sy
                points.append((x, y))
            continue
        n = arity[command.lower()]
        a = [float(t) for t in tokens[i : i + n]]
        i += n
        rel = command.islower()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if command.lower() == "h":
            x = ox + a[0]
        elif command.lower() == "v":
            y = oy + a[0]
        else:
            pairs = [(ox + a[k], oy + a[k + 1]) for k in range(0, n, 2)]
            points += pairs[:-1]
            x, y = pairs[-1]
        points.append((x, y))
        if command in "mM":
            sx, sy = x, y
            command = "l" if rel else "L"
    return points


@pytest.mark.parametrize(
    "d",
    [
        "m 10,10 h 5 v 5 z m 1.26,1.34 2.22,-2.07 3,3 z",
        "m 1287.49,391.318 c 0.55,-0.716 1.85,-0.365 2.3,0.288 -0.49,0.647 -1.31,0.987 "
        "-2.09,1.08 0,-0.461 -0.11,-0.917 -0.21,-1.368",
        "M 10.04,20.06 L 30.15,40.25 H 5.55 V 7.77 C 1.01,2.02 3.03,4.04 5.05,6.06 Z",
        " ".join(["m 0.04,0.04", *["l 0.04,0.04"] * 500]),  # 500 steps that each round to 0
    ],
)
def test_compacted_path_data_stays_within_rounding(site_map: ModuleType, d: str) -> None:
    short = site_map.compact_path(d, 1)
    before, after = absolute_points(d), absolute_points(short)
    assert len(before) == len(after)
    worst = max(max(abs(a - b), abs(c - e)) for (a, c), (b, e) in zip(before, after, strict=True))
    assert worst <= 0.05 + 1e-9  # errors do not add up along the path
    assert len(short) < len(d)


def test_path_data_it_cannot_read_is_kept(site_map: ModuleType) -> None:
    arc = "M 10,10 A 1 1 0 0 1 3 3"
    assert site_map.compact_path(arc) == arc


def test_each_shape_is_filled_by_its_states_count_class(site_map: ModuleType) -> None:
    geo = site_map.parse_geometry(TINY)
    rows = [
        site_map.Row("ETH", "Ethiopia", "et", ("a", "b", "c"), ("d",)),
        site_map.Row("FRA", "France", "fr", tuple("abcdefghijkl"), ()),
    ]
    svg = site_map.world_map_svg(rows, geo, {"eh": "Western Sahara"})
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    states = {g.get("data-state"): g for g in root.iter(f"{ns}g") if g.get("class") == "iscm-state"}
    assert states["ETH"].get("fill") == site_map.fill_for(4) == site_map.CLASSES[1][2]
    assert states["FRA"].get("fill") == site_map.fill_for(12) == site_map.CLASSES[-1][2]
    assert states[None].get("fill") == site_map.NONE_FILL  # Western Sahara: not in the table
    titles = [t.text for t in root.iter(f"{ns}title")]
    assert "Ethiopia (ETH): 4 ISCMs" in titles
    assert "Western Sahara: no current ISCM participation recorded" in titles
    # The footprints' base layer references every shape, and each shape has one id.
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert {f"iscm-geo-{c}" for c in geo.shapes} <= set(ids)


def test_count_classes_cover_every_count_once(site_map: ModuleType) -> None:
    assert site_map.fill_for(0) == site_map.NONE_FILL
    previous_high = 0
    for low, high, _ in site_map.CLASSES:
        assert low == previous_high + 1  # contiguous, no gaps or overlaps
        previous_high = high if high is not None else 10**6
    fills = [site_map.fill_for(n) for n in range(1, 40)]
    assert fills == sorted(fills, key=[c[2] for c in site_map.CLASSES].index)
    assert len(set(fills)) == len(site_map.CLASSES)


@given(count=st.integers(min_value=1, max_value=100_000))
def test_every_positive_count_falls_in_exactly_one_class(count: int) -> None:
    site_map = import_site_map()
    inside = [
        fill
        for low, high, fill in site_map.CLASSES
        if low <= count and (high is None or count <= high)
    ]
    assert inside == [site_map.fill_for(count)]
    assert site_map.fill_for(count) != site_map.NONE_FILL


def test_the_table_follows_the_packages_rule(site_map: ModuleType) -> None:
    data = iscm.load()
    rows = site_map.rows(data)
    assert {r.state: r.total for r in rows} == expected_counts(data)
    gcm = data.get("GCM").id
    assert all(gcm not in r.member_of + r.observer_of for r in rows)
    assert [r.total for r in rows] == sorted((r.total for r in rows), reverse=True)
    eth = next(r for r in rows if r.state == "ETH")
    assert eth.alpha_2 == "et"
    assert eth.name == "Ethiopia"
    assert iscm.analysis.state_profile(data, "XKX").alpha_2 == "XK"  # the map's "xk"


def test_a_state_without_a_shape_is_listed_as_not_drawn(site_map: ModuleType) -> None:
    data = iscm.load()
    geo = site_map.parse_geometry(TINY.replace('class="et country', 'class="zz country'))
    page = site_map.map_page(data, geo)
    line = next(x for x in page.splitlines() if x.startswith("**Not drawn**"))
    assert "Ethiopia (ETH)" in line
    assert "France (FRA)" not in line  # France has a shape in the tiny world
    assert '<tr data-state="ETH"' in page  # still in the table
    assert 'data-state="ETH"' not in page.split("<table")[0]  # but not on the map


def test_the_page_with_the_pinned_geometry(site_map: ModuleType) -> None:
    from importlib import metadata

    dist, version, _ = site_map.GEOMETRY
    try:
        installed = metadata.version(dist)
    except metadata.PackageNotFoundError:
        pytest.skip(f"{dist} (the docs extra) is not installed")
    assert installed == version
    data = iscm.load()
    geo = site_map.read_geometry()
    assert len(geo.shapes) > 240
    # The compacted shapes are the package's, within rounding.
    from importlib import metadata

    raw = pathlib.Path(str(metadata.distribution(dist).locate_file(site_map.GEOMETRY[2])))
    groups = re.findall(r'<g class="(\w+) country map-element">(.*?)</g>\s*(?=<g class|</g>)',
                        raw.read_text("utf-8"), re.S)  # fmt: skip
    assert len(groups) == len(geo.shapes)
    for code, original in groups:
        before = [p for d in re.findall(r' d="([^"]+)"', original) for p in absolute_points(d)]
        after = [
            p for d in re.findall(r' d="([^"]+)"', geo.shapes[code]) for p in absolute_points(d)
        ]
        assert len(before) == len(after), code
        pairs = zip(before, after, strict=True)
        worst = max((abs(a - b) + abs(c - e) for (a, c), (b, e) in pairs), default=0.0)
        assert worst <= 0.1 + 1e-9, code
    page = site_map.map_page(data, geo)
    counts = expected_counts(data)
    missing = [r.state for r in site_map.not_drawn(site_map.rows(data), geo)]
    assert (missing == []) == ("Every State in the table has a shape on the map." in page)
    assert page.count("<tr data-state=") == len(counts)
    assert f'data-state="ETH" data-count="{counts["ETH"]}"' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # no duplicate ids in the HTML
    svg = page[page.index('<svg class="iscm-world-map"') : page.index("</svg>") + 6]
    ET.fromstring(svg)
    assert site_map.GEOMETRY[0] in page  # the geometry is credited, with its licence
    assert "LGPL-3.0-or-later" in page


def test_a_wrong_geometry_version_stops_the_build(
    site_map: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist, _, path = site_map.GEOMETRY
    monkeypatch.setattr(site_map, "GEOMETRY", (dist, "0.0.0", path))
    with pytest.raises(RuntimeError, match=r"pinned to|needs"):
        site_map.read_geometry()
