"""Malformed input never gets past ``iscm.load`` as anything but a DataError with JSON paths.

A corpus of malformed documents (built by mutating a small valid dataset), fuzzing over arbitrary
JSON and over random mutations of the embedded dataset, immutability of everything a user can
reach, and a query suite run with the network disabled. Cases already in test_converter.py are
not repeated here.
"""

from __future__ import annotations

import datetime
import gc
import io
import json
import os
import pathlib
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iscm
import iscm._loading
from iscm import analysis
from iscm._loading import embedded_bytes

Doc = dict[str, Any]
MARKER_URL = "https://example.org/robustness-marker"


def _source() -> iscm.Source:
    return iscm.Source(
        url=MARKER_URL, title="T", publisher="P", accessed=datetime.date(2026, 11, 30)
    )


def _valid() -> Doc:
    """A small valid dataset touching every table and most fields, in serialized form.

    Tables come out sorted by id: mechanisms ``colombo-process``, ``old-process``; organizations
    ``ilo``, ``iom``, ``ipd``.
    """
    src = (_source(),)
    colombo = iscm.Mechanism(
        id="colombo-process",
        acronym="CP",
        name="Colombo Process",
        aliases=("Regional Consultative Process on Overseas Employment",),
        translations=(iscm.LocalizedName(lang="fr", name="Processus de Colombo", sources=src),),
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="Asia",
        regions=frozenset({iscm.Region.ASIA}),
        established=2003,
        established_month=4,
        status=iscm.Status.ACTIVE,
        association=iscm.Association(
            type=iscm.AssociationType.FORMAL, institutions=frozenset({"iom"}), sources=src
        ),
        participants=(
            iscm.Participation(
                state="LKA", role=iscm.ParticipantRole.MEMBER, since=2003, sources=src
            ),
            iscm.Participation(state="IND", role=iscm.ParticipantRole.MEMBER, sources=src),
            iscm.Participation(organization="ilo", role=iscm.ParticipantRole.OBSERVER, sources=src),
        ),
        membership_rule=iscm.MembershipRule(
            rule="Every member State of the ILO in Asia",
            organizations=frozenset({"ilo"}),
            as_of=datetime.date(2026, 11, 30),
            sources=src,
        ),
        secretariat=(
            iscm.Secretariat(
                organization="iom", partners=frozenset({"ilo"}), since=2005, sources=src
            ),
        ),
        chairs=(iscm.Chair(state="LKA", since=2003, until=2005, sources=src),),
        themes=frozenset({iscm.Theme.LABOUR_MIGRATION, iscm.Theme.REMITTANCES}),
        website="https://www.colomboprocess.org/",
        predecessors=frozenset({"old-process"}),
        claims=(iscm.Claim(topic="established", value="2003", adopted=True, sources=src),),
        sources=src,
    )
    old = iscm.Mechanism(
        id="old-process",
        name="Old Process",
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="Asia",
        established=2000,
        status=iscm.Status.ENDED,
        status_since=2002,
        association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
        successors=frozenset({"colombo-process"}),
        sources=src,
    )
    orgs = (
        iscm.Organization(
            id="iom",
            acronym="IOM",
            name="International Organization for Migration",
            kind=iscm.OrganizationKind.INTERGOVERNMENTAL,
            sources=src,
        ),
        iscm.Organization(
            id="ilo",
            acronym="ILO",
            name="International Labour Organization",
            kind=iscm.OrganizationKind.UN_ENTITY,
            sources=src,
        ),
        iscm.Organization(
            id="ipd",
            name="International Partnerships Division",
            kind=iscm.OrganizationKind.UNIT,
            parent="iom",
            sources=src,
        ),
    )
    ds = iscm.Dataset(
        version="2026.11.30",
        mechanisms=(colombo, old),
        organizations=orgs,
        engagements=(
            iscm.Engagement(
                organization="iom",
                mechanism="colombo-process",
                role=iscm.EngagementRole.TECHNICAL_SECRETARIAT,
                partners=frozenset({"ilo"}),
                since=2005,
                sources=src,
            ),
        ),
        publications=(
            iscm.Publication(
                id="mrs-3",
                series="Migration Research Series",
                number=3,
                title="The Role of RCPs",
                year=2001,
                publisher="iom",
                sources=src,
            ),
        ),
        instruments=(
            iscm.Instrument(
                id="ilo-c143", name="C143", adopted=1975, organization="ilo", sources=src
            ),
        ),
        consultations=(
            iscm.TargetedConsultation(
                id="ilo-migrant-labour",
                organization="ilo",
                subject="Migrant workers.",
                instruments=frozenset({"ilo-c143"}),
                mechanisms=frozenset({"colombo-process"}),
                sources=src,
            ),
        ),
        focal_points=(
            iscm.FocalPoint(organization="ipd", functions=("Keeps the calendar.",), sources=src),
        ),
        meetings=(
            iscm.Meeting(
                mechanism="colombo-process",
                number=1,
                year=2003,
                date=datetime.date(2003, 4, 1),
                place="Colombo",
                host="LKA",
                sources=src,
            ),
        ),
    )
    plain: Doc = iscm.converter.unstructure(ds)
    return plain


VALID_TEXT = json.dumps(_valid(), indent=2)
VALID = VALID_TEXT.encode("utf-8")


def _expect_data_error(raw: bytes, fragment: str) -> iscm.DataError:
    """``iscm.load(raw)`` raises DataError naming ``fragment``, and changes nothing it keeps."""
    before = iscm.load()
    with pytest.raises(iscm.DataError) as info:
        iscm.load(raw)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.problems, err
    for problem in err.problems:
        assert " @ $" in problem, problem
    assert any(fragment in p for p in err.problems), err.problems
    # Nothing loaded partially: the cached dataset is untouched and still the one object.
    assert iscm._loading._embedded is before
    assert iscm.load() is before
    return err


def test_the_valid_fixture_is_valid() -> None:
    data = iscm.load(VALID)
    assert data.get("CP").id == "colombo-process"
    assert data.organization("ILO").id == "ilo"
    assert iscm.converter.unstructure(data) == _valid()


# -- raw documents --------------------------------------------------------------------------------


def _field(path: str, value: str) -> bytes:
    """The valid document with the JSON text ``value`` spliced in at ``path`` (dotted keys)."""
    placeholder = "\x00PLACEHOLDER\x00"
    doc = _valid()
    *parents, last = path.split(".")
    node: Any = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[last] = placeholder
    return json.dumps(doc).replace(json.dumps(placeholder), value).encode("utf-8")


DEEP = 100_000
RAW_CASES: dict[str, tuple[bytes, str]] = {
    "utf-8 BOM before a valid document": (b"\xef\xbb\xbf" + VALID, "BOM"),
    "a BOM alone": (b"\xef\xbb\xbf", "@ $"),
    "utf-16 encoded": (VALID_TEXT.encode("utf-16"), "not UTF-8"),
    "invalid utf-8 inside a key": (b'{"ver\xffsion": "t"}', "not UTF-8"),
    "overlong utf-8 encoding": (b'{"version": "\xc0\xaf"}', "not UTF-8"),
    "utf-8 encoded surrogate (CESU-8)": (b'{"version": "\xed\xa0\x80"}', "not UTF-8"),
    "truncated at half": (VALID[: len(VALID) // 2], "not JSON"),
    "truncated inside a string": (VALID[: VALID.index(b"Colombo") + 3], "not JSON"),
    "truncated one byte short": (VALID[:-1], "not JSON"),
    "trailing comma": (b'{"version": "t",}', "not JSON"),
    "single quotes": (b"{'version': 't'}", "not JSON"),
    "a comment": (b'{"version": "t" /* note */}', "not JSON"),
    "two documents": (VALID + VALID, "not JSON"),
    "trailing garbage": (VALID + b"x", "not JSON"),
    "raw control character in a string": (b'{"version": "a\x00b"}', "not JSON"),
    "top-level NaN": (b"NaN", "expected an object, got a number @ $"),
    "top-level Infinity": (b"Infinity", "expected an object, got a number @ $"),
    "top-level -Infinity": (b"-Infinity", "expected an object, got a number @ $"),
    "top-level float": (b"3.14", "expected an object, got a number @ $"),
    "top-level float overflowing to inf": (b"1e400", "expected an object, got a number @ $"),
    "top-level true": (b"true", "expected an object, got a boolean @ $"),
    "the valid dataset inside a list": (b"[" + VALID + b"]", "got an array @ $"),
    "deeply nested arrays in a field": (
        _field("mechanisms", "[" * DEEP + "]" * DEEP),
        "nested too deeply @ $",
    ),
    "deeply nested objects": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, "nested too deeply @ $"),
    "moderately nested arrays where a string belongs": (
        _field("mechanisms.0.aliases", "[" * 500 + "]" * 500),
        "@ $.mechanisms[0].aliases[0]",
    ),
    "5,000-digit integer in a field": (_field("mechanisms.0.established", "7" * 5000), "@ $"),
    "4,000-digit integer (parses) as a year": (
        _field("mechanisms.0.established", "7" * 4000),
        "@ $.mechanisms[0]",
    ),
    "NaN as a year": (_field("mechanisms.0.established", "NaN"), "$.mechanisms[0].established"),
    "Infinity as a meeting year": (_field("meetings.0.year", "Infinity"), "$.meetings[0].year"),
    "-Infinity as a number": (_field("publications.0.number", "-Infinity"), "$.publications[0]"),
    "float where an int belongs": (_field("mechanisms.0.established", "2003.0"), "established"),
    "negative zero where an int belongs": (_field("meetings.0.number", "-0.0"), "meetings[0]"),
    "huge string as an enum value": (
        _field("mechanisms.0.level", json.dumps("x" * 1_000_000)),
        "@ $.mechanisms[0].level",
    ),
    "huge string as an ISO code": (
        _field("mechanisms.0.participants.0.state", json.dumps("A" * 1_000_000)),
        "@ $.mechanisms[0].participants[0]",
    ),
    "huge string with spaces as an id": (
        _field("organizations.0.id", json.dumps("a " * 500_000)),
        "@ $.organizations[0]",
    ),
    "huge id that dangles": (
        _field("engagements.0.mechanism", json.dumps("a" * 1_000_000)),
        "@ $.engagements[0].mechanism",
    ),
}


@pytest.mark.parametrize(("raw", "fragment"), RAW_CASES.values(), ids=RAW_CASES.keys())
def test_malformed_document(raw: bytes, fragment: str) -> None:
    _expect_data_error(raw, fragment)


# -- mutations of the valid dataset ---------------------------------------------------------------

Mutation = Callable[[Doc], object]


def _m(d: Doc, i: int = 0) -> Doc:
    mechanism: Doc = d["mechanisms"][i]
    return mechanism


def _set(path: str, value: Any) -> Mutation:
    def mutate(d: Doc) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _pop(path: str) -> Mutation:
    def mutate(d: Doc) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        del node[last]

    return mutate


def _first_source(d: Doc) -> Doc:
    """The first source as serialized: in the dataset's source table, or inline in a record."""
    table = d.get("sources")
    if isinstance(table, dict) and table:
        found: Doc = next(iter(table.values()))
        return found
    found = d["mechanisms"][0]["sources"][0]
    return found


def _set_source(key: str, value: Any) -> Mutation:
    return lambda d: _first_source(d).__setitem__(key, value)


def _pop_source(key: str) -> Mutation:
    return lambda d: _first_source(d).pop(key)


MUTATIONS: dict[str, tuple[Mutation, str]] = {
    # wrong types
    "version null": (_set("version", None), "expected a string, got null @ $.version"),
    "name an object": (_set("mechanisms.0.name", {}), "got an object @ $.mechanisms[0].name"),
    "association a list": (_set("mechanisms.0.association", []), "$.mechanisms[0].association"),
    "association a string": (
        _set("mechanisms.0.association", "informal"),
        "$.mechanisms[0].association",
    ),
    "date a number": (
        _set_source("accessed", 20261130),
        "].accessed",
    ),
    "bool a string": (
        _set("mechanisms.0.translations.0.official", "true"),
        "$.mechanisms[0].translations[0].official",
    ),
    "participants an object": (
        _set("mechanisms.0.participants", {"0": {}}),
        "expected an array, got an object @ $.mechanisms[0].participants",
    ),
    # null where a list is required
    "participants null": (
        _set("mechanisms.0.participants", None),
        "got null @ $.mechanisms[0].participants",
    ),
    "aliases null": (_set("mechanisms.0.aliases", None), "got null @ $.mechanisms[0].aliases"),
    "themes null": (_set("mechanisms.0.themes", None), "got null @ $.mechanisms[0].themes"),
    "sources null": (_set("organizations.0.sources", None), "@ $.organizations[0].sources"),
    "sources empty": (_set("organizations.0.sources", []), "@ $.organizations[0]"),
    "unknown source id": (_set("organizations.0.sources", ["0123abcd"]), "@ $.organizations[0]"),
    "a source that is a number": (_set("organizations.0.sources", [7]), "@ $.organizations[0]"),
    # the dataset's source table (where the format has one; elsewhere an unknown key)
    "source table an array": (_set("sources", []), "@ $"),
    "source table null": (_set("sources", None), "@ $"),
    "source table entry a string": (_set("sources", {"x": "y"}), "@ $"),
    "functions empty": (_set("focal_points.0.functions", []), "@ $.focal_points[0]"),
    # bool where an int is required
    "meeting number true": (_set("meetings.0.number", True), "@ $.meetings[0].number"),
    "established_month false": (
        _set("mechanisms.0.established_month", False),
        "@ $.mechanisms[0].established_month",
    ),
    "publication year true": (_set("publications.0.year", True), "@ $.publications[0].year"),
    # unknown keys
    "unknown key in a source": (
        _set_source("lang", "en"),
        "unknown field(s) ['lang'] @ $.",
    ),
    "unknown key in an association": (
        _set("mechanisms.0.association.since", 2003),
        "@ $.mechanisms[0].association",
    ),
    "empty unknown key in a participation": (
        _set("mechanisms.0.participants.0.", 1),
        "@ $.mechanisms[0].participants[0]",
    ),
    "dunder key in an engagement": (
        _set("engagements.0.__class__", "x"),
        "@ $.engagements[0]",
    ),
    # bad enum values
    "role in the wrong case": (
        _set("mechanisms.0.participants.0.role", "Member"),
        "@ $.mechanisms[0].participants[0].role",
    ),
    "kind empty": (_set("mechanisms.0.kind", ""), "@ $.mechanisms[0].kind"),
    "theme null": (_set("mechanisms.0.themes", [None]), "@ $.mechanisms[0].themes[0]"),
    "engagement role an int": (_set("engagements.0.role", 3), "@ $.engagements[0].role"),
    "region in the wrong case": (_set("mechanisms.0.regions", ["Asia"]), "regions[0]"),
    # missing required fields
    "source url missing": (
        _pop_source("url"),
        "required field missing @ $.",
    ),
    "participation role missing": (
        _pop("mechanisms.0.participants.0.role"),
        "required field missing @ $.mechanisms[0].participants[0].role",
    ),
    "association missing": (
        _pop("mechanisms.0.association"),
        "required field missing @ $.mechanisms[0].association",
    ),
    "organization kind missing": (
        _pop("organizations.0.kind"),
        "required field missing @ $.organizations[0].kind",
    ),
    "engagement mechanism missing": (
        _pop("engagements.0.mechanism"),
        "required field missing @ $.engagements[0].mechanism",
    ),
    "meeting year missing": (_pop("meetings.0.year"), "required field missing @ $.meetings[0]"),
    # duplicates
    "duplicate organization id": (
        lambda d: d["organizations"].append(dict(d["organizations"][0], name="Other")),
        "duplicate id 'ilo' @ $.organizations",
    ),
    "duplicate publication id": (
        lambda d: d["publications"].append(d["publications"][0]),
        "duplicate id 'mrs-3' @ $.publications",
    ),
    "duplicate instrument id": (
        lambda d: d["instruments"].append(d["instruments"][0]),
        "duplicate id 'ilo-c143' @ $.instruments",
    ),
    "duplicate item in a set": (
        _set("mechanisms.0.themes", ["remittances", "remittances"]),
        "duplicate items in a set @ $.mechanisms[0].themes",
    ),
    "one key for two organizations": (
        _set("organizations.2.aliases", ["International Labour Organization"]),
        "fits both 'ilo' and 'ipd' @ $.organizations[2]",
    ),
    # dangling references
    "unknown predecessor": (
        _set("mechanisms.0.predecessors", ["nowhere"]),
        "unknown mechanism 'nowhere' @ $.mechanisms[0].predecessors",
    ),
    "engagement in an unknown mechanism": (
        _set("engagements.0.mechanism", "nowhere"),
        "unknown mechanism 'nowhere' @ $.engagements[0].mechanism",
    ),
    "unknown publisher": (
        _set("publications.0.publisher", "nobody"),
        "unknown organization 'nobody' @ $.publications[0].publisher",
    ),
    "unknown instrument": (
        _set("consultations.0.instruments", ["ilo-c999"]),
        "unknown instrument 'ilo-c999' @ $.consultations[0].instruments",
    ),
    "unknown parent": (
        _set("organizations.2.parent", "nobody"),
        "unknown organization 'nobody' @ $.organizations[2].parent",
    ),
    "unknown secretariat partner": (
        _set("mechanisms.0.secretariat.0.partners", ["nobody"]),
        "unknown organization 'nobody' @ $.mechanisms[0].secretariat[0]",
    ),
    "meeting of an unknown mechanism": (
        _set("meetings.0.mechanism", "nowhere"),
        "unknown mechanism 'nowhere' @ $.meetings[0].mechanism",
    ),
    "unknown focal point": (
        _set("focal_points.0.organization", "nobody"),
        "unknown organization 'nobody' @ $.focal_points[0].organization",
    ),
    # invalid ISO codes
    "lower-case ISO code": (
        _set("mechanisms.0.participants.0.state", "lka"),
        "ISO 3166-1 alpha-3",
    ),
    "alpha-2 code": (
        _set("mechanisms.0.participants.0.state", "LK"),
        "@ $.mechanisms[0].participants[0]",
    ),
    "numeric code": (
        _set("mechanisms.0.participants.0.state", "144"),
        "@ $.mechanisms[0].participants[0]",
    ),
    "empty code": (_set("mechanisms.0.participants.0.state", ""), "participants[0]"),
    "chair with an unknown code": (
        _set("mechanisms.0.chairs.0.state", "XXX"),
        "@ $.mechanisms[0].chairs[0]",
    ),
    # rules across fields of one record
    "since after until": (
        _set("mechanisms.0.chairs.0.since", 2010),
        "since (2010) is after until (2005) @ $.mechanisms[0].chairs[0]",
    ),
    "month without year": (_pop("mechanisms.0.established"), "@ $.mechanisms[0]"),
    "status_since while active": (
        _set("mechanisms.0.status_since", 2010),
        "@ $.mechanisms[0]",
    ),
    "formal association without institutions": (
        _set("mechanisms.0.association.institutions", []),
        "@ $.mechanisms[0].association",
    ),
    "participation with a State and an organization": (
        _set("mechanisms.0.participants.0.organization", "ilo"),
        "@ $.mechanisms[0].participants[0]",
    ),
    "mechanism its own predecessor": (
        _set("mechanisms.0.predecessors", ["colombo-process"]),
        "@ $.mechanisms[0]",
    ),
    "organization its own partner": (
        _set("engagements.0.partners", ["iom"]),
        "@ $.engagements[0]",
    ),
    "member and observer at once": (
        lambda d: _m(d)["participants"].append(dict(_m(d)["participants"][0], role="observer")),
        "'LKA' is both member and observer @ $.mechanisms[0].participants",
    ),
    # values out of range or badly formed
    "impossible date": (
        _set("mechanisms.0.membership_rule.as_of", "2026-02-30"),
        "@ $.mechanisms[0].membership_rule.as_of",
    ),
    "date null": (_set_source("accessed", None), "].accessed"),
    "number zero": (
        _set("publications.0.number", 0),
        "0 @ $.publications[0]",
    ),
    "year before 1800": (_set("mechanisms.0.established", 1799), "1799 @ $.mechanisms[0]"),
    "three-letter language": (
        _set("mechanisms.0.translations.0.lang", "fra"),
        "@ $.mechanisms[0].translations[0]",
    ),
    "ftp website": (_set("mechanisms.0.website", "ftp://x.org"), "@ $.mechanisms[0]"),
    "name empty": (_set("organizations.0.name", ""), "@ $.organizations[0]"),
    "key with no letters": (_set("organizations.0.aliases", ["--"]), "@ $.organizations"),
}


@pytest.mark.parametrize(("mutate", "fragment"), MUTATIONS.values(), ids=MUTATIONS.keys())
def test_malformed_record(mutate: Mutation, fragment: str) -> None:
    doc = _valid()
    mutate(doc)
    _expect_data_error(json.dumps(doc).encode("utf-8"), fragment)


# -- arguments that are not a dataset source (issue 12) -------------------------------------------


class _FsPath:
    """An os.PathLike whose path is bytes (the loaders take text paths only)."""

    def __fspath__(self) -> bytes:
        return b"/tmp/x.json"


def _released() -> memoryview:
    view = memoryview(b"{}")
    view.release()
    return view


ARGUMENT_CASES: dict[str, tuple[Callable[[], object], str]] = {
    "a path with a NUL byte": (lambda: "a\x00b", "NUL character"),
    "a pathlib path with a NUL byte": (lambda: pathlib.Path("a\x00b"), "NUL character"),
    "an int (not taken for a file descriptor)": (lambda: 0, "got int @ $"),
    "a negative int": (lambda: -1, "got int @ $"),
    "a bool": (lambda: True, "got bool @ $"),
    "a float": (lambda: 1.5, "got float @ $"),
    "a dict (parsed JSON)": (_valid, "got dict @ $"),
    "a list": (lambda: [VALID], "got list @ $"),
    "a BytesIO": (lambda: io.BytesIO(VALID), "got BytesIO @ $"),
    "a StringIO": (lambda: io.StringIO(VALID_TEXT), "got StringIO @ $"),
    "a Dataset": (lambda: iscm.load(VALID), "got Dataset @ $"),
    "a PathLike giving bytes": (_FsPath, "must be text"),
    "an empty path": (lambda: "", "the path is empty @ $"),
    "an empty pathlib path (the current folder)": (pathlib.Path, "holds no dataset.toml"),
    "a missing file": (lambda: "/nonexistent/iscm.json", "No such file"),
    "a folder that is not a source tree": (lambda: pathlib.Path(__file__).parent, "holds no"),
    "a released memoryview": (_released, "cannot read the bytes"),
}


@pytest.mark.parametrize(("make", "fragment"), ARGUMENT_CASES.values(), ids=ARGUMENT_CASES.keys())
def test_bad_source_arguments_end_in_data_error(make: Callable[[], object], fragment: str) -> None:
    before = iscm.load()
    with pytest.raises(iscm.DataError) as info:
        iscm.load(make())  # type: ignore[arg-type]
    problems = info.value.problems
    assert problems, info.value
    assert all(p.endswith(" @ $") for p in problems), problems
    assert any(fragment in p for p in problems), problems
    # validate returns the same problems instead of raising
    assert iscm.validate(make()) == problems  # type: ignore[arg-type]
    assert iscm.load() is before


def test_an_int_source_does_not_read_or_close_the_callers_descriptor(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "d.json"
    path.write_bytes(VALID)
    fd = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(iscm.DataError, match="got int"):
            iscm.load(fd)  # type: ignore[arg-type]
        assert os.read(fd, 1) == VALID[:1]  # still open, nothing read from it
    finally:
        os.close(fd)


def test_the_corpus_is_large_enough() -> None:
    assert len(RAW_CASES) + len(MUTATIONS) + len(ARGUMENT_CASES) >= 80


def test_a_failed_load_keeps_no_records_alive() -> None:
    doc = _valid()
    doc["meetings"][0]["year"] = "2003"  # fails after every other record is built
    gc.collect()
    try:
        iscm.load(json.dumps(doc).encode("utf-8"))
    except iscm.DataError:
        pass
    else:  # pragma: no cover
        pytest.fail("no DataError")
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, iscm.Source) and o.url == MARKER_URL]
    assert alive == []


# -- strictness gaps found by the corpus (the lead decides; see the report of issue 7) -----------


def test_duplicate_object_keys_are_rejected() -> None:
    _expect_data_error(b'{"version": "a", "version": "b"}', "@ $")


def test_lone_surrogates_are_rejected() -> None:
    raw = _field("mechanisms.0.name", '"Colombo \\ud800"')
    try:
        data = iscm.load(raw)
    except iscm.DataError:
        return
    iscm.to_json(data).encode("utf-8")  # UnicodeEncodeError: surrogates not allowed
    pytest.fail("a lone surrogate loaded")  # pragma: no cover


@pytest.mark.parametrize("text", ["20261130", "2026-W48-1"])
def test_dates_other_than_yyyy_mm_dd_are_rejected(text: str) -> None:
    doc = _valid()
    _first_source(doc)["accessed"] = text
    _expect_data_error(json.dumps(doc).encode("utf-8"), "YYYY-MM-DD")


def test_cross_record_paths_point_into_the_input_as_written() -> None:
    doc = _valid()
    doc["mechanisms"].reverse()  # old-process first: a valid dataset need not be sorted
    doc["mechanisms"][1]["predecessors"] = ["nowhere"]  # colombo-process, now at index 1
    _expect_data_error(json.dumps(doc).encode("utf-8"), "@ $.mechanisms[1].predecessors")


# -- fuzzing ------------------------------------------------------------------------------------

# Keys the model knows, so that arbitrary JSON often reaches deep into the converter.
KNOWN_KEYS = sorted(
    {"version", *(a.name for a in attrs.fields(iscm.Dataset) if a.init)}
    | {
        a.name
        for cls in (
            iscm.Mechanism,
            iscm.Organization,
            iscm.Engagement,
            iscm.Participation,
            iscm.Source,
            iscm.Association,
            iscm.Meeting,
            iscm.Publication,
            iscm.TargetedConsultation,
            iscm.Secretariat,
            iscm.Chair,
        )
        for a in attrs.fields(cls)
    }
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(1790, 2110)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["colombo-process", "iom", "LKA", "regional", "member", "2026-11-30"])
    | st.just(MARKER_URL)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=30,
)


def _load_or_data_error(text: str | bytes, cls: type = iscm.Dataset) -> object:
    try:
        return iscm.from_json(text, cls)
    except iscm.DataError as err:
        error = err
    assert error.problems
    assert all(" @ $" in p for p in error.problems), error.problems
    return error


@given(json_values)
def test_arbitrary_json_gives_a_dataset_or_a_data_error(value: Any) -> None:
    text = json.dumps(value)
    _load_or_data_error(text)
    _load_or_data_error(text.encode("utf-8"))


@given(
    st.sampled_from(
        [
            iscm.Mechanism,
            iscm.Organization,
            iscm.Engagement,
            iscm.Participation,
            iscm.Source,
            iscm.Meeting,
            iscm.Association,
        ]
    ),
    json_values,
)
def test_arbitrary_json_gives_a_record_or_a_data_error(cls: type, value: Any) -> None:
    _load_or_data_error(json.dumps(value), cls)


@given(st.binary(max_size=64))
def test_arbitrary_bytes_give_a_dataset_or_a_data_error(raw: bytes) -> None:
    _load_or_data_error(raw)


EMBEDDED = embedded_bytes()


def _mutate(doc: Any, data: st.DataObject) -> None:
    """Walk down from the root to a random node and break it in one of a few ways."""
    node = doc
    while True:
        children = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        if not children:
            break
        key = data.draw(st.sampled_from(children))
        child = node[key]
        deeper = isinstance(child, dict | list) and child
        if deeper and data.draw(st.integers(0, 3)) > 0:
            node = child
            continue
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate", "add-key", "wrap"]))
        if action == "delete":
            del node[key]
        elif action == "replace":
            node[key] = data.draw(json_values)
        elif action == "duplicate" and isinstance(node, list):
            node.insert(key, child)
        elif action == "add-key" and isinstance(child, dict):
            child[data.draw(st.sampled_from(KNOWN_KEYS))] = data.draw(json_values)
        else:
            node[key] = [child]
        return
    # an empty container: fill it with junk
    if isinstance(node, dict):
        node[data.draw(st.sampled_from(KNOWN_KEYS))] = data.draw(json_values)
    else:
        node.append(data.draw(json_values))


@pytest.mark.slow
@settings(suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large))
@given(st.data())
def test_mutated_embedded_dataset_loads_or_raises_data_error(data: st.DataObject) -> None:
    doc = json.loads(EMBEDDED)
    for _ in range(data.draw(st.integers(1, 3))):
        _mutate(doc, data)
    before = iscm.load()
    result = _load_or_data_error(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert isinstance(result, iscm.Dataset | iscm.DataError)
    assert iscm.load() is before


# -- immutability -------------------------------------------------------------------------------

IMMUTABLE_LEAVES = (str, int, float, bool, type(None), datetime.date)


def _walk(value: Any, seen: set[int]) -> None:
    """Every value reachable through public fields is immutable (or a frozen record)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, IMMUTABLE_LEAVES):
        return
    if isinstance(value, tuple | frozenset):
        for item in value:
            _walk(item, seen)
        return
    cls = type(value)
    assert attrs.has(cls), f"{cls.__name__} is not a record: {value!r:.80}"
    assert not hasattr(value, "__dict__"), cls  # slotted: no new attributes either
    for a in attrs.fields(cls):
        if a.name.startswith("_"):
            continue
        _walk(getattr(value, a.name), seen)


def test_everything_reachable_from_the_dataset_is_immutable() -> None:
    _walk(iscm.load(), set())


def test_records_cannot_be_changed() -> None:
    data = iscm.load()
    mech = data.get("colombo-process")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mech.name = "x"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del mech.name  # type: ignore[misc]
    with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
        mech.colour = "red"  # type: ignore[attr-defined]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mech.participants += mech.participants  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mech.sources[0].url = "https://evil.example"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        mech.association.type = iscm.AssociationType.UNKNOWN  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        data.organization("IOM").name = "x"  # type: ignore[misc]


def test_collections_cannot_be_changed() -> None:
    data = iscm.load()
    mech = data.get("colombo-process")
    with pytest.raises(AttributeError):
        mech.aliases.append("x")  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        mech.themes.add(iscm.Theme.DIASPORA)  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        mech.member_states.discard("LKA")  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        mech.participants[0] = mech.participants[0]  # type: ignore[index]
    with pytest.raises(AttributeError):
        data.engagements_of("IOM").append(None)  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        data.mechanisms_of("LKA").clear()  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        data.filter(level="regional").sort()  # type: ignore[attr-defined]


@pytest.mark.parametrize("table", [a.name for a in attrs.fields(iscm.Dataset) if a.init])
def test_tables_of_the_cached_dataset_cannot_be_changed_or_replaced(table: str) -> None:
    data = iscm.load()
    value = getattr(data, table)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(data, table, ())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(data, table)
    if isinstance(value, tuple):
        with pytest.raises(AttributeError):
            value.append(None)  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            value[0:0] = (None,)  # type: ignore[index]
    assert getattr(iscm.load(), table) is value


def test_enums_cannot_be_changed() -> None:
    with pytest.raises(AttributeError):
        iscm.Level.REGIONAL = "continental"  # type: ignore[misc]
    assert iscm.Level("regional") is iscm.Level.REGIONAL


def test_the_cached_dataset_equals_a_fresh_load_after_all_attempts() -> None:
    assert iscm.load() == iscm.load(embedded_bytes())


# -- no network ---------------------------------------------------------------------------------


def _no_network(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("network access attempted")


def _query_suite() -> None:
    data = iscm.load()
    assert data.get("Colombo Process").id == "colombo-process"
    assert data.get("colombo-process") is data.get("COLOMBO   process")
    with pytest.raises(iscm.NotFoundError):
        data.get("colmbo prcess")
    iom = data.organization("IOM")
    assert data.engagements_of(iom.id)
    assert data.engagements_of("IOM", iscm.EngagementRole.ADMINISTRATIVE_HOST)
    assert data.mechanisms_of("lka")
    assert data.filter(level="regional", member="LKA")
    assert data.search("colombo prcess", limit=1)[0].id == "colombo-process"
    assert data.as_of(2005).mechanisms
    data.overlap("rabat-process", "khartoum-process")
    assert analysis.most_overlapping(data, limit=3)
    assert analysis.membership_matrix(data).states
    assert analysis.profiles(data)
    mech = data.get("Colombo Process")
    assert iscm.from_json(iscm.to_json(mech), iscm.Mechanism) == mech
    assert iscm.load(iscm.to_json(data).encode("utf-8")) == data


def test_queries_need_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("socket", "create_connection", "getaddrinfo", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, _no_network)
    # Read the embedded data again with the network off, not from the cache.
    monkeypatch.setattr(iscm._loading, "_embedded", None)
    _query_suite()


def test_a_fresh_interpreter_needs_no_network() -> None:
    code = (
        "import socket\n"
        "def no(*a, **k): raise SystemExit('network access attempted')\n"
        "for n in ('socket', 'create_connection', 'getaddrinfo', 'socketpair', 'fromfd'):\n"
        "    setattr(socket, n, no)\n"
        "import iscm\n"
        "d = iscm.load()\n"
        "d.get('Colombo Process'); d.search('rabat'); d.filter(level='global')\n"
        "d.engagements_of('IOM'); d.mechanisms_of('DEU'); iscm.to_json(d)\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": ":".join(p for p in sys.path if p)},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
