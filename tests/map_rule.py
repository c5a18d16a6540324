"""For the tests of the Country participation page (tests/test_docs_map.py,
tests/test_docs_browser.py): the page's rule computed again from the public API, and the page's
generator module, docs/_site_map.py (which is not a package module)."""

from __future__ import annotations

import importlib
import pathlib
import sys
from types import ModuleType

import iscm

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"


def import_site_map() -> ModuleType:
    """docs/_site_map.py, imported as the docs build imports it."""
    sys.path.insert(0, str(DOCS))
    try:
        return importlib.import_module("_site_map")
    finally:
        sys.path.remove(str(DOCS))


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
