"""Invariants checked over every record of the embedded dataset."""

from __future__ import annotations

import pycountry
import pytest

import iscm
from iscm._countries import COUNTRY_NAMES, USER_ASSIGNED
from iscm._loading import embedded_bytes

DATA = iscm.load()
MECHANISMS = DATA.mechanisms
by_id = {m.id: m for m in MECHANISMS}


def test_data_file_is_the_converters_canonical_output() -> None:
    assert iscm.to_json(DATA).encode("utf-8") == embedded_bytes()


def test_the_embedded_data_breaks_no_data_rule() -> None:
    """Every rule of ``iscm validate`` (see iscm._rules and tests/test_source_tree.py, which
    shows each one firing on crafted data) holds for the shipped file."""
    assert iscm.validate(embedded_bytes()) == ()


def test_country_table_matches_iso_3166_1() -> None:
    iso = {c.alpha_3 for c in pycountry.countries}
    assert set(COUNTRY_NAMES) - set(USER_ASSIGNED) == iso


def test_member_lists_of_active_rcps_and_irfs_are_nearly_all_known() -> None:
    active = [
        m
        for m in MECHANISMS
        if m.level is not iscm.Level.GLOBAL and m.is_iscm and m.status is iscm.Status.ACTIVE
    ]
    known = [m for m in active if m.member_states and iscm.Aspect.MEMBERS not in m.unknown]
    assert len(known) >= 0.9 * len(active), sorted({m.id for m in active} - {m.id for m in known})


def test_every_active_rcp_and_irf_says_what_its_participant_lists_follow() -> None:
    active = [
        m
        for m in MECHANISMS
        if m.level is not iscm.Level.GLOBAL and m.is_iscm and m.status is iscm.Status.ACTIVE
    ]
    assert active
    assert [m.id for m in active if not m.participants_follow] == []


NON_SOVEREIGN = [
    ("XKX", "prague-process"),
    ("HKG", "bali-process"),
    ("MAC", "bali-process"),
    ("NCL", "pidc"),
]


@pytest.mark.parametrize(("code", "mechanism"), NON_SOVEREIGN)
def test_non_sovereign_participants_are_kept_as_published(code: str, mechanism: str) -> None:
    assert code in DATA.get(mechanism).member_states
    notes = [p.note for p in DATA.get(mechanism).participants if p.state == code]
    assert notes
    assert notes[0]
