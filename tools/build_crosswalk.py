"""Compile the crosswalk table ``src/iscm/_crosswalk.py``: codes and regions to join on.

::

    python tools/build_crosswalk.py            # write the table
    python tools/build_crosswalk.py --check    # exit 1 if the table is not what the sources give

For every code of :data:`iscm._countries.COUNTRY_NAMES` (each ISO 3166-1 alpha-3 code, and
``XKX``) the table gives the alpha-2 code, the numeric code and the UN M49 region, sub-region and
intermediate region. Sources, each pinned or recorded in the generated module:

* ISO 3166-1 alpha-2 and numeric codes: pycountry (the same package and version that
  ``tools/build_states.py`` reads). The numeric code is kept as text, three digits with leading
  zeros ("004" for Afghanistan), as ISO 3166-1 and M49 write it.
* UN M49 regions: the M49 columns of OCHA's Countries & Territories Taxonomy, the CSV file that
  the PyPI package hdx-python-country ships (:data:`M49_SOURCE` pins the package, its version,
  the file and the date it was read). The file is read from the installed distribution's files;
  the package itself is never imported. ``pip install '.[test]'`` installs the pinned version.

A region is taken only from a row that M49 lists (a row with an M49 name and code). M49 has no row
for Kosovo, nor for Taiwan: the taxonomy places both in a region of its own accord, but without
an M49 code or name, so the table leaves their regions empty. Kosovo's alpha-2 code ``XK`` is
user-assigned like ``XKX`` and comes from the taxonomy's column of such codes; it has no numeric
code. Nothing in the table is typed by hand.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path
from typing import Final, NamedTuple

import pycountry

from iscm._countries import COUNTRY_NAMES, USER_ASSIGNED

TARGET = Path(__file__).resolve().parents[1] / "src" / "iscm" / "_crosswalk.py"


class Upstream(NamedTuple):
    """A published file read from a pinned version of a package."""

    package: str
    version: str
    file: str
    """The file's path inside the installed distribution."""
    read: str
    """The date the file was read and checked (ISO 8601)."""
    publisher: str
    home: str


#: The source of the M49 regions: package, version, file and the date it was read.
M49_SOURCE: Final = Upstream(
    package="hdx-python-country",
    version="4.2.5",
    file="hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv",
    read="2026-12-06",
    publisher="UN OCHA Humanitarian Data Exchange (HDX), Countries & Territories Taxonomy, "
    "M49 columns from the UN Statistics Division's Standard country or area codes for "
    "statistical use (M49), https://unstats.un.org/unsd/methodology/m49/",
    home="https://github.com/OCHA-DAP/hdx-python-country",
)

#: The taxonomy's columns this generator reads.
ALPHA_3 = "ISO 3166-1 Alpha 3-Codes"
USER_ALPHA_2 = "x Alpha2 codes"
USER_ALPHA_3 = "x Alpha3 codes"
M49_CODE = "m49 numerical code"
M49_NAME = "M49 English"
REGION = "Region Name"
SUBREGION = "Sub-region Name"
INTERMEDIATE = "Intermediate Region Name"

#: The generated record's fields, in order, each with the meaning the exports and docs show.
FIELDS: Final = (
    (
        "alpha_2",
        "ISO 3166-1 alpha-2 code (XK for Kosovo, user-assigned like XKX).",
    ),
    (
        "numeric",
        "ISO 3166-1 numeric code, which is also the State's UN M49 code: three digits as text, "
        'with leading zeros ("004"); empty for Kosovo, which has none.',
    ),
    (
        "region",
        "UN M49 region (Africa, Americas, Asia, Europe, Oceania); empty where M49 gives none "
        "(Antarctica) or has no row (Kosovo, Taiwan).",
    ),
    (
        "subregion",
        'UN M49 sub-region ("Sub-Saharan Africa"); empty where M49 gives none.',
    ),
    (
        "intermediate_region",
        'UN M49 intermediate region ("Eastern Africa"), which M49 gives only inside some '
        "sub-regions; empty elsewhere.",
    ),
)

Row = tuple[str | None, str | None, str | None, str | None, str | None]


def pycountry_version() -> str:
    return version("pycountry")


def m49_text() -> str:
    """The taxonomy file, read from the installed distribution of the pinned package."""
    try:
        dist = distribution(M49_SOURCE.package)
    except PackageNotFoundError:
        raise SystemExit(
            f"{M49_SOURCE.package} is not installed: pip install "
            f"'{M49_SOURCE.package}=={M49_SOURCE.version}' (or pip install '.[test]')"
        ) from None
    if dist.version != M49_SOURCE.version:
        raise SystemExit(
            f"{M49_SOURCE.package} {dist.version} is installed, the table is pinned to "
            f"{M49_SOURCE.version}: install that version, or move the pin in "
            "tools/build_crosswalk.py (M49_SOURCE) after checking the new file"
        )
    path = Path(str(dist.locate_file(M49_SOURCE.file)))
    return path.read_text(encoding="utf-8")


def m49_rows() -> dict[str, dict[str, str]]:
    """The taxonomy's rows by alpha-3 code (ISO's, or the user-assigned one for Kosovo)."""
    rows: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(m49_text())):
        code = row[ALPHA_3] or row[USER_ALPHA_3]
        if code:
            if code in rows:
                raise SystemExit(f"{M49_SOURCE.file}: two rows for {code}")
            rows[code] = row
    return rows


def in_m49(row: dict[str, str] | None) -> bool:
    """Whether M49 lists the row's country or area (it has an M49 name and code)."""
    return row is not None and bool(row[M49_NAME]) and bool(row[M49_CODE])


def table() -> dict[str, Row]:
    """The compiled table: alpha-3 code -> (alpha_2, numeric, region, subregion, intermediate)."""
    rows = m49_rows()
    result: dict[str, Row] = {}
    for code in sorted(COUNTRY_NAMES):
        row = rows.get(code)
        country = pycountry.countries.get(alpha_3=code)
        alpha_2: str | None
        numeric: str | None
        if country is not None:
            alpha_2, numeric = country.alpha_2, country.numeric
        elif code in USER_ASSIGNED and row is not None:
            alpha_2, numeric = row[USER_ALPHA_2] or None, None
        else:
            raise SystemExit(f"{code}: neither pycountry nor the taxonomy knows it")
        regions = (
            (row[REGION] or None, row[SUBREGION] or None, row[INTERMEDIATE] or None)
            if row is not None and in_m49(row)
            else (None, None, None)
        )
        result[code] = (alpha_2, numeric, *regions)
    return result


def numeric_differences() -> dict[str, tuple[str, str]]:
    """Codes whose pycountry numeric code differs from the taxonomy's M49 code: code ->
    (pycountry's, M49's padded to three digits). Rows without an M49 code are left out."""
    rows = m49_rows()
    found: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        row = rows.get(country.alpha_3)
        if row is not None and row[M49_CODE]:
            m49 = row[M49_CODE].zfill(3)
            if m49 != country.numeric:
                found[country.alpha_3] = (country.numeric, m49)
    return found


def _literal(value: str | None) -> str:
    if value is None:
        return "None"
    if '"' in value or "\\" in value:  # pragma: no cover - no name in the sources has them
        raise SystemExit(f"unexpected quote or backslash in {value!r}")
    return f'"{value}"'


def _docstring(text: str, indent: str) -> list[str]:
    """A docstring wrapped to the line length, as ruff formats it."""
    width = 100 - len(indent) - 3
    wrapped = textwrap.wrap(text, width=width, break_on_hyphens=False)
    if len(wrapped) == 1 and len(indent) + len(text) + 6 <= 100:
        return [f'{indent}"""{text}"""']
    return [
        f'{indent}"""{wrapped[0]}',
        *(f"{indent}{line}" for line in wrapped[1:]),
        f'{indent}"""',
    ]


def _entry(code: str, row: Row) -> list[str]:
    args = ", ".join(_literal(v) for v in row)
    line = f'    "{code}": Crosswalk({args}),'
    if len(line) <= 100:
        return [line]
    return [f'    "{code}": Crosswalk(', f"        {args}", "    ),"]


def render() -> str:
    text = m49_text()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    pin = M49_SOURCE
    about = f"generated by tools/{Path(__file__).name}; do not edit.\n\n" + "\n".join(
        textwrap.wrap(
            "Codes and regions to join the dataset's States with other country data, for "
            "every code of iscm._countries.COUNTRY_NAMES: ISO 3166-1 alpha-2 and numeric "
            f"codes from pycountry {pycountry_version()}; UN M49 region, sub-region and "
            f"intermediate region from {pin.file} in {pin.package} {pin.version} ({pin.home}): "
            f"{pin.publisher}; read {pin.read}. M49 has no row for Kosovo (XKX) or Taiwan "
            "(TWN): their regions are left empty. Kosovo's user-assigned alpha-2 code XK comes "
            "from the taxonomy's column of such codes.",
            width=96,
            break_on_hyphens=False,
        )
    )
    lines = [
        f'"""{about}',
        '"""',
        "",
        "from typing import Final, NamedTuple",
        "",
        f'PYCOUNTRY_VERSION: Final = "{pycountry_version()}"',
        f'M49_PACKAGE: Final = "{pin.package}"',
        f'M49_VERSION: Final = "{pin.version}"',
        f'M49_FILE: Final = "{pin.file}"',
        f'M49_READ: Final = "{pin.read}"',
        f'M49_SHA256: Final = "{digest}"',
        '"""SHA-256 of the taxonomy file as read (UTF-8)."""',
        "",
        "",
        "class Crosswalk(NamedTuple):",
        '    """A State\'s codes and UN M49 regions; None where the sources give none."""',
        "",
    ]
    for name, description in FIELDS:
        lines += [f"    {name}: str | None", *_docstring(description, "    ")]
    lines += [
        "",
        "",
        "#: Alpha-3 code -> its crosswalk record.",
        "CROSSWALK: Final[dict[str, Crosswalk]] = {",
    ]
    for code, row in table().items():
        lines += _entry(code, row)
    lines += ["}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python tools/build_crosswalk.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
