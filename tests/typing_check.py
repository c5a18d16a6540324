"""Static typing of the public API, checked by ``mypy --strict tests/typing_check.py`` in CI.

Nothing here runs as a test: each ``assert_type`` fails type checking if an annotation of the
public API regresses (the usual complaint about data libraries whose records have no types).
"""

from typing import assert_type

import iscm
from iscm import analysis


def check_types() -> None:
    data = iscm.load()
    assert_type(data, iscm.Dataset)
    assert_type(iscm.load(b"{}"), iscm.Dataset)
    mechanism = data.get("Colombo Process")
    assert_type(mechanism, iscm.Mechanism)
    assert_type(mechanism.level, iscm.Level)
    assert_type(mechanism.member_states, frozenset[str])
    assert_type(mechanism.participants, tuple[iscm.Participation, ...])
    assert_type(mechanism.chair, iscm.Chair | None)
    assert_type(mechanism.established, int | None)
    assert_type(data.organization("IOM"), iscm.Organization)
    assert_type(data.engagements_of("IOM"), tuple[iscm.Engagement, ...])
    assert_type(data.mechanisms_of("ETH"), tuple[iscm.Mechanism, ...])
    assert_type(data.filter(level=iscm.Level.REGIONAL), tuple[iscm.Mechanism, ...])
    assert_type(data.search("colombo"), tuple[iscm.Mechanism, ...])
    assert_type(data.as_of(2005), iscm.Dataset)
    rows = data.memberships(
        level=iscm.Level.REGIONAL, role="member", mechanism="MIDSA", state="ETH"
    )
    assert_type(rows, tuple[iscm.Membership, ...])
    assert_type(rows[0].state, str | None)
    assert_type(rows[0].role, iscm.ParticipantRole)
    assert_type(rows[0].since, int | None)
    assert_type(rows[0].sources, tuple[str, ...])
    assert_type(data.overlap("a", "b"), frozenset[str])
    assert_type(analysis.most_overlapping(data), tuple[iscm.Overlap, ...])
    assert_type(analysis.membership_matrix(data), iscm.MembershipMatrix)
    assert_type(analysis.state_profile(data, "ETH"), iscm.StateProfile)
    assert_type(data.merge(data), iscm.Dataset)
    assert_type(data.diff(data), iscm.DatasetDiff)
    assert_type(iscm.validate(b"{}"), tuple[str, ...])
    assert_type(iscm.to_json(mechanism), str)
    assert_type(iscm.from_json("{}", iscm.Mechanism), iscm.Mechanism)
    assert_type(iscm.from_json("{}", iscm.Dataset), iscm.Dataset)
