"""The rule of the Country participation page, computed again from the public API for the tests
that check the page (tests/test_docs_map.py, tests/test_docs_browser.py)."""

from __future__ import annotations

import iscm


def expected_counts(data: iscm.Dataset) -> dict[str, int]:
    """Current member or observer seats per State (``profiles(current_only=True)``) in the
    mechanisms IOM counts as ISCMs (``Mechanism.is_iscm``); States with none are left out."""
    from iscm.analysis import profiles

    iscms = {m.id for m in data.mechanisms if m.is_iscm}
    counts = {}
    for p in profiles(data, current_only=True):
        n = len((set(p.member_of) | set(p.observer_of)) & iscms)
        if n:
            counts[p.state] = n
    return counts
