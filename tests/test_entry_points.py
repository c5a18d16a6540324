"""The API's entry points refuse bad arguments clearly (issue 12).

Loading ends in ``iscm.DataError`` whatever the argument; constructors raise the library's error,
not an internal one; ``merge`` and the queries name the argument they refuse; nothing reachable
from a loaded dataset can be changed; ``most_overlapping`` gives what comparing every pair gives.
Malformed documents and source arguments are in test_robustness.py.
"""

from __future__ import annotations

import _thread
import datetime
import gc
import json
import types
import weakref
from typing import Any

import attrs
import pytest

import iscm
import iscm._loading
from iscm import analysis
from iscm._loading import embedded_bytes

DATA = iscm.load()


# -- constructors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"version": "2026.11.30", "mechanisms": []}, "@ $.mechanisms"),
        ({"version": None}, "'version' must be a non-empty string, got None @ $.version"),
        ({"version": "2026.11.30", "overlay": "yes"}, "@ $.overlay"),
        ({"version": "2026.11.30", "organizations": (None,)}, "@ $.organizations"),
    ],
)
def test_dataset_constructor_raises_data_error(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(iscm.DataError) as info:
        iscm.Dataset(**kwargs)
    assert any(fragment in p for p in info.value.problems), info.value.problems


def test_record_constructor_raises_data_error_naming_the_field() -> None:
    with pytest.raises(iscm.DataError, match=r"@ \$\.url"):
        iscm.Source(url="ftp://x", title="T", publisher="P", accessed=datetime.date(2026, 1, 1))


def test_field_errors_inside_a_document_are_all_reported() -> None:
    """A FieldError is a DataError, yet one bad field does not hide the others."""
    doc = json.loads(embedded_bytes())
    doc["mechanisms"][0]["name"] = ""
    doc["mechanisms"][1]["name"] = ""
    with pytest.raises(iscm.DataError) as info:
        iscm.load(json.dumps(doc).encode("utf-8"))
    paths = [p.rpartition(" @ ")[2] for p in info.value.problems]
    assert paths == ["$.mechanisms[0].name", "$.mechanisms[1].name"]


# -- the problem list of a huge invalid file ------------------------------------------------------


def test_the_message_of_a_huge_problem_list_is_capped() -> None:
    doc = json.loads(embedded_bytes())
    for m in doc["mechanisms"]:
        for p in m.get("participants", ()):
            p["role"] = "boss"
    with pytest.raises(iscm.DataError) as info:
        iscm.load(json.dumps(doc).encode("utf-8"))
    err = info.value
    assert len(err.problems) > 1000  # every problem is kept
    message = str(err)
    assert len(message.splitlines()) == 1 + 100 + 1
    assert message.splitlines()[-1] == f"  ... and {len(err.problems) - 100} more"
    assert len(message) < 20_000


# -- the garbage collector ------------------------------------------------------------------------


def test_loading_a_users_dataset_leaves_the_collector_on_while_other_threads_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    def refuse() -> None:
        raise AssertionError("gc.disable() called")

    monkeypatch.setattr(gc, "disable", refuse)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert iscm.load(embedded_bytes()) == DATA
        assert iscm.validate(embedded_bytes()) == ()
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_single_threaded_load_restores_the_collector(enabled: bool) -> None:
    import threading

    assert threading.active_count() == 1
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert iscm.load(embedded_bytes()) == DATA
        assert gc.isenabled() is enabled
        with pytest.raises(iscm.DataError):
            iscm.load(b"{}")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_first_embedded_load_restores_the_collector(
    monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    monkeypatch.setattr(iscm._loading, "_embedded", None)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert iscm.load() == DATA
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_restored_when_the_embedded_load_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(iscm._loading, "_embedded", None)
    monkeypatch.setattr(iscm._loading, "embedded_bytes", lambda: b"{}")
    assert gc.isenabled()
    with pytest.raises(iscm.DataError):
        iscm.load()
    assert gc.isenabled()


# -- merge ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("other", [None, {}, "iscm.json", embedded_bytes()])
def test_merge_takes_a_dataset_only(other: object) -> None:
    with pytest.raises(TypeError, match=r"merge\(\) takes a Dataset, got "):
        DATA.merge(other)  # type: ignore[arg-type]


def _source() -> iscm.Source:
    return iscm.Source(
        url="https://example.org/x", title="T", publisher="P", accessed=datetime.date(2026, 1, 1)
    )


def _dangling_overlay() -> iscm.Dataset:
    engagement = iscm.Engagement(
        organization="nobody",
        mechanism="colombo-process",
        role=iscm.EngagementRole.OBSERVER,
        sources=(_source(),),
    )
    return iscm.Dataset(version="mine", engagements=(engagement,), overlay=True)


def test_merging_a_full_dataset_into_an_overlay_checks_the_result() -> None:
    overlay = _dangling_overlay()
    with pytest.raises(iscm.DataError, match="unknown organization 'nobody'"):
        overlay.merge(DATA)
    with pytest.raises(iscm.DataError, match="unknown organization 'nobody'"):
        DATA.merge(overlay)


def test_merging_two_overlays_gives_an_overlay() -> None:
    merged = _dangling_overlay().merge(iscm.Dataset(version="more", overlay=True))
    assert merged.overlay
    assert not DATA.merge(iscm.Dataset(version="none", overlay=True)).overlay


# -- query arguments ------------------------------------------------------------------------------

BAD_QUERIES: dict[str, tuple[Any, type[Exception], str]] = {
    "get(None)": (lambda d: d.get(None), TypeError, "key must be a string, got None"),
    "get(123)": (lambda d: d.get(123), TypeError, "key must be a string, got int"),
    "organization(b'IOM')": (lambda d: d.organization(b"IOM"), TypeError, "key must be a string"),
    "mechanisms_of(None)": (lambda d: d.mechanisms_of(None), TypeError, "state must be a string"),
    "mechanisms_of(role='boss')": (
        lambda d: d.mechanisms_of("LKA", "boss"),
        ValueError,
        "role must be one of",
    ),
    "engagements_of(role=1)": (
        lambda d: d.engagements_of("IOM", 1),
        TypeError,
        "role must be a EngagementRole",
    ),
    "state_profile(7)": (
        lambda d: analysis.state_profile(d, 7),
        TypeError,
        "state must be a string",
    ),
    "filter(established_before='2000')": (
        lambda d: d.filter(established_before="2000"),
        TypeError,
        "established_before must be an integer, got str",
    ),
    "filter(established_after=True)": (
        lambda d: d.filter(established_after=True),
        TypeError,
        "established_after must be an integer, got bool",
    ),
    "filter(engaged=('IOM',))": (
        lambda d: d.filter(engaged=("IOM",)),
        ValueError,
        "engaged must be an organization key or (organization, role), got a tuple of 1",
    ),
    "filter(engaged=('IOM', 'boss'))": (
        lambda d: d.filter(engaged=("IOM", "boss")),
        ValueError,
        "engaged role must be one of",
    ),
    "filter(engaged=['IOM'])": (
        lambda d: d.filter(engaged=["IOM"]),
        TypeError,
        "engaged must be a string, got list",
    ),
    "filter(level='continental')": (
        lambda d: d.filter(level="continental"),
        ValueError,
        "level must be one of",
    ),
    "filter(theme=3)": (lambda d: d.filter(theme=3), TypeError, "theme must be a Theme"),
    "filter(member=1)": (lambda d: d.filter(member=1), TypeError, "member must be a string"),
    "as_of('2000')": (
        lambda d: d.as_of("2000"),
        TypeError,
        "year must be an integer, got str",
    ),
    "as_of(2000.0)": (lambda d: d.as_of(2000.0), TypeError, "year must be an integer"),
    "most_overlapping(limit=-1)": (
        lambda d: analysis.most_overlapping(d, limit=-1),
        ValueError,
        "limit must be 0 or more, got -1",
    ),
    "most_overlapping(limit=2.5)": (
        lambda d: analysis.most_overlapping(d, limit=2.5),
        TypeError,
        "limit must be an integer",
    ),
    "most_overlapping(level='x')": (
        lambda d: analysis.most_overlapping(d, level="x"),
        ValueError,
        "level must be one of",
    ),
    "search(limit=-1)": (
        lambda d: d.search("colombo", limit=-1),
        ValueError,
        "limit must be 0 or more, got -1",
    ),
    "search(None)": (lambda d: d.search(None), TypeError, "text must be a string"),
    "membership_matrix(level=1)": (
        lambda d: analysis.membership_matrix(d, level=1),
        TypeError,
        "level must be a Level",
    ),
}


@pytest.mark.parametrize(("call", "error", "message"), BAD_QUERIES.values(), ids=BAD_QUERIES)
def test_bad_query_arguments_are_named(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        call(DATA)
    assert type(info.value) is error  # not a subclass such as KeyError or NotFoundError
    assert message in str(info.value)


def test_enum_arguments_take_their_string_values() -> None:
    assert analysis.most_overlapping(DATA, 3, level="regional") == analysis.most_overlapping(
        DATA, 3, level=iscm.Level.REGIONAL
    )
    assert analysis.most_overlapping(DATA, 3, level="regional")
    assert analysis.membership_matrix(DATA, level="global") == analysis.membership_matrix(
        DATA, level=iscm.Level.GLOBAL
    )
    assert DATA.mechanisms_of("ETH", "observer") == DATA.mechanisms_of(
        "ETH", iscm.ParticipantRole.OBSERVER
    )


def test_a_limit_of_zero_gives_nothing() -> None:
    assert analysis.most_overlapping(DATA, 0) == ()
    assert DATA.search("colombo", 0) == ()


# -- nothing reachable from a loaded dataset can be changed ---------------------------------------

# The index's reference back to its dataset (a weak reference, walked as the dataset itself) and
# the lock that guards building the indexes on first use hold no data of their own.
LEAVES = (
    str,
    int,
    float,
    bool,
    type(None),
    datetime.date,
    weakref.ref,
    type(_thread.allocate_lock()),
)


def _attributes(value: Any) -> list[str]:
    names: list[str] = []
    for cls in type(value).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    return [n for n in names if n not in ("__weakref__", "__dict__")]


def _walk_all(value: Any, seen: set[int]) -> None:
    """Every object reachable from ``value``, private attributes included, is immutable."""
    if id(value) in seen or isinstance(value, LEAVES):
        return
    seen.add(id(value))
    if isinstance(value, tuple | frozenset):
        for item in value:
            _walk_all(item, seen)
        return
    if isinstance(value, types.MappingProxyType):
        for k, v in value.items():
            _walk_all(k, seen)
            _walk_all(v, seen)
        return
    assert not hasattr(value, "__dict__"), type(value)
    names = _attributes(value)
    assert names, type(value)
    for name in names:
        if not hasattr(value, name):
            continue
        current = getattr(value, name)
        with pytest.raises((AttributeError, attrs.exceptions.FrozenInstanceError)):
            setattr(value, name, current)
        _walk_all(current, seen)


def test_no_object_reachable_from_a_loaded_dataset_is_mutable() -> None:
    data = iscm.load(embedded_bytes())
    data.search("colombo")  # builds the search index, which is then reachable too
    _walk_all(data, set())


def test_the_indexes_cannot_be_cleared_from_outside() -> None:
    data = iscm.load()
    index = data._index
    with pytest.raises(AttributeError):
        index.mechanisms.clear()  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        index.by_state[("LKA", iscm.ParticipantRole.MEMBER)] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        index.founded_ids.append("x")  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        index.search = None
    assert data.get("Colombo Process").id == "colombo-process"


# -- most_overlapping: the index gives what comparing every pair gives ----------------------------


def _every_pair(data: iscm.Dataset, level: iscm.Level | None = None) -> list[iscm.Overlap]:
    """The quadratic reference: every pair of mechanisms that have not ended."""
    pool = [
        m
        for m in data.mechanisms
        if m.member_states
        and m.status is not iscm.Status.ENDED
        and (level is None or m.level is level)
    ]
    pairs = []
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            if shared := a.member_states & b.member_states:
                union = len(a.member_states | b.member_states)
                pairs.append(
                    iscm.Overlap(a=a.id, b=b.id, shared=shared, jaccard=len(shared) / union)
                )
    pairs.sort(key=lambda o: (-o.jaccard, -len(o.shared), o.a, o.b))
    return pairs


def _with_copies(data: iscm.Dataset, copies: int) -> iscm.Dataset:
    """The dataset plus renamed copies of its mechanisms: many ties, identical member sets."""
    extra = [
        attrs.evolve(
            m,
            id=f"{m.id}-c{n}",
            name=f"{m.name} C{n}",
            acronym=None,
            aliases=(),
            translations=(),
            predecessors=frozenset(),
            successors=frozenset(),
        )
        for n in range(1, copies + 1)
        for m in data.mechanisms
    ]
    return attrs.evolve(data, mechanisms=(*data.mechanisms, *extra), consultations=())


@pytest.mark.parametrize("level", [None, iscm.Level.REGIONAL, iscm.Level.GLOBAL])
def test_most_overlapping_equals_every_pair_compared(level: iscm.Level | None) -> None:
    expected = _every_pair(DATA, level)
    assert list(analysis.most_overlapping(DATA, limit=len(expected) + 5, level=level)) == expected
    for limit in (0, 1, 7, 10):
        assert list(analysis.most_overlapping(DATA, limit, level=level)) == expected[:limit]


@pytest.mark.parametrize("year", [1995, 2005, 2015])
def test_most_overlapping_of_a_past_year(year: int) -> None:
    view = DATA.as_of(year)
    assert list(analysis.most_overlapping(view, limit=10**6)) == _every_pair(view)


def test_most_overlapping_breaks_ties_between_identical_memberships_by_id() -> None:
    data = _with_copies(DATA, 3)
    expected = _every_pair(data)
    for limit in (1, 10, 100, 1000, len(expected)):
        assert list(analysis.most_overlapping(data, limit)) == expected[:limit]
