"""The membership panel (State x mechanism x year): no member or observer year without dated
evidence, over the shipped data, crafted datasets for each rule, and generated datasets; its CSV
export and pandas frame."""

from __future__ import annotations

import csv
import datetime
import io
import pathlib
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given

import iscm
from iscm import export
from iscm._panel import EVIDENCE, PANEL_COLUMNS, data_year
from iscm.analysis import PanelYear, membership_panel
from iscm.cli import main
from iscm.enums import PanelStatus, ParticipantRole, Status
from strategies import panel_datasets

MEMBER, OBSERVER, NONE, UNKNOWN = (
    PanelStatus.MEMBER,
    PanelStatus.OBSERVER,
    PanelStatus.NONE,
    PanelStatus.UNKNOWN,
)
HELD = (MEMBER, OBSERVER)
DATA = iscm.load()
PANEL = membership_panel(DATA)


# -- the independent reading of the rules that the checks below use ------------------------------


def _end(m: iscm.Mechanism) -> int | None:
    return m.status_since if m.status is Status.ENDED else None


def _evidence_years(m: iscm.Mechanism, p: iscm.Participation, year: int) -> list[int]:
    """Every dated piece of evidence for one participation, as years (the widest reading: any
    dated list, rule or source counts, whether or not the rule picks it)."""
    found = [y for y in (p.since, p.until) if y is not None]
    if p.current:
        dated = [s.accessed.year for s in p.sources]
        if m.participants_dated is not None:
            dated.append(m.participants_dated)
        if m.membership_rule is not None:
            dated.append(m.membership_rule.as_of.year)
        end = _end(m)
        found += [min(d, end) if end is not None else d for d in dated if d <= year]
    return found


def _check_supported(data: iscm.Dataset, panel: Sequence[PanelYear]) -> None:
    """Every member or observer year is backed by a participation in that role whose dated
    evidence starts no later than that year and which had not ended before it; never before
    founding nor after the data year; ``none`` only after some ``until``."""
    year = data_year(data)
    by_id = {m.id: m for m in data.mechanisms}
    for row in panel:
        m = by_id[row.mechanism]
        assert year is not None
        assert row.year <= year, row
        assert m.established is None or row.year >= m.established, row
        assert m.existed_in(row.year), row
        parts = [p for p in m.participants if p.state == row.state]
        if row.status in HELD:
            assert any(
                p.role.value == row.status.value
                and min(_evidence_years(m, p, year), default=year + 1) <= row.year
                and (p.until is None or row.year <= p.until)
                and (p.since is None or row.year >= p.since)
                for p in parts
            ), row
        if row.status is NONE:
            assert any(p.until is not None and p.until < row.year for p in parts), row
        assert (row.evidence is None) == (row.status is UNKNOWN), row
        assert row.evidence is None or row.evidence in EVIDENCE, row


def _check_shape(data: iscm.Dataset, panel: Sequence[PanelYear]) -> None:
    """One row per (State, mechanism, year); for each pair, the years run without a gap to the
    data year or the mechanism's end, from the founding year where it is known."""
    keys = [(r.state, r.mechanism, r.year) for r in panel]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys)
    year = data_year(data)
    years: dict[tuple[str, str], list[int]] = {}
    for r in panel:
        years.setdefault((r.state, r.mechanism), []).append(r.year)
    by_id = {m.id: m for m in data.mechanisms}
    for (state, mid), found in years.items():
        m = by_id[mid]
        assert found == list(range(found[0], found[-1] + 1)), (state, mid)
        if m.established is not None:
            assert found[0] == m.established, (state, mid)
        end = _end(m)
        assert year is not None
        assert found[-1] == (min(year, end) if end is not None else year), (state, mid)
    expected = {
        (p.state, m.id)
        for m in data.mechanisms
        for p in m.participants
        if p.state is not None and p.role in (ParticipantRole.MEMBER, ParticipantRole.OBSERVER)
    }
    assert set(years) <= expected
    founded = {
        (s, mid)
        for s, mid in expected
        if (e := by_id[mid].established) is not None and year is not None and e <= year
    }
    assert founded <= set(years)


# -- the shipped data ----------------------------------------------------------------------------


def test_no_member_or_observer_year_before_the_evidence_or_founding_in_the_shipped_data() -> None:
    assert len(PANEL) > 10_000
    _check_supported(DATA, PANEL)


def test_the_shipped_panel_has_one_row_per_state_mechanism_year() -> None:
    _check_shape(DATA, PANEL)


def test_statuses_come_from_the_vocabulary_and_all_four_occur() -> None:
    assert [s.value for s in PanelStatus] == ["member", "observer", "none", "unknown"]
    assert {r.status for r in PANEL} == set(PanelStatus)


def test_years_after_until_are_none_unless_another_participation_holds() -> None:
    year = data_year(DATA)
    assert year == 2026
    checked = 0
    for m in DATA.mechanisms:
        for p in m.participants:
            if (
                p.state is None
                or p.until is None
                or p.role
                not in (
                    ParticipantRole.MEMBER,
                    ParticipantRole.OBSERVER,
                )
            ):
                continue
            others = [o for o in m.participants if o.state == p.state and o is not p]
            for r in PANEL:
                if r.state == p.state and r.mechanism == m.id and r.year > p.until:
                    if not others:
                        assert r.status is NONE, r
                        checked += 1
                    else:
                        assert r.status is not MEMBER or any(
                            o.role is ParticipantRole.MEMBER for o in others
                        ), r
    assert checked > 20


def test_a_worked_example_on_the_budapest_process() -> None:
    rows = {r.year: r for r in PANEL if r.state == "BGD" and r.mechanism == "budapest-process"}
    assert min(rows) == DATA.get("budapest-process").established == 1993
    assert rows[2014].status is UNKNOWN  # a member up to 2015, with no earlier date
    assert (rows[2015].status, rows[2015].evidence) == (MEMBER, "until")  # member beats observer
    assert (rows[2016].status, rows[2016].evidence) == (OBSERVER, "since")
    assert rows[2017].status is OBSERVER  # the year of the list the record follows
    assert rows[2018].status is UNKNOWN  # no dated evidence after that list
    assert max(rows) == 2026


# -- crafted datasets, one rule each ---------------------------------------------------------------


def _source(year: int = 2010, key: str = "src") -> iscm.Source:
    return iscm.Source(
        url=f"https://example.org/{key}",
        title="A list",
        publisher="Example",
        accessed=datetime.date(year, 5, 1),
        key=key,
    )


def _part(
    state: str = "KEN",
    role: ParticipantRole = ParticipantRole.MEMBER,
    since: int | None = None,
    until: int | None = None,
    read: int = 2010,
) -> iscm.Participation:
    return iscm.Participation(
        state=state, role=role, since=since, until=until, sources=(_source(read, f"s{read}"),)
    )


def _panel(
    *parts: iscm.Participation,
    established: int | None = 2000,
    status: Status = Status.ACTIVE,
    status_since: int | None = None,
    dated: int | None = None,
    rule: int | None = None,
    version: str = "2010.12.06",
) -> dict[int, tuple[str, str | None]]:
    """The panel of one mechanism with these participations, for State KEN: year -> (status,
    evidence)."""
    mechanism = iscm.Mechanism(
        id="m",
        name="Mechanism m",
        level=iscm.Level.REGIONAL,
        kind=iscm.MechanismKind.STATE_LED,
        region="Test",
        established=established,
        status=status,
        status_since=status_since,
        association=iscm.Association(type=iscm.AssociationType.UNKNOWN),
        participants=parts,
        participants_dated=dated,
        membership_rule=(
            iscm.MembershipRule(
                rule="Every member", as_of=datetime.date(rule, 3, 1), sources=(_source(rule, "r"),)
            )
            if rule is not None
            else None
        ),
        sources=(_source(),),
    )
    eu = iscm.Organization(
        id="eu", name="European Union", kind=iscm.OrganizationKind.REGIONAL, sources=(_source(),)
    )
    data = iscm.Dataset(version=version, mechanisms=(mechanism,), organizations=(eu,))
    panel = membership_panel(data)
    _check_supported(data, panel)
    _check_shape(data, panel)
    return {r.year: (r.status.value, r.evidence) for r in panel if r.state == "KEN"}


def _runs(years: dict[int, tuple[str, str | None]]) -> list[tuple[int, int, str]]:
    """The panel as runs of one status: (first year, last year, status)."""
    runs: list[tuple[int, int, str]] = []
    for y in sorted(years):
        status = years[y][0]
        if runs and runs[-1][2] == status and runs[-1][1] == y - 1:
            runs[-1] = (runs[-1][0], y, status)
        else:
            runs.append((y, y, status))
    return runs


def test_since_holds_from_that_year_to_the_data_year() -> None:
    years = _panel(_part(since=2004, read=2010))
    assert _runs(years) == [(2000, 2003, "unknown"), (2004, 2010, "member")]
    assert years[2004][1] == "since"


def test_without_since_only_the_years_sources_were_read_hold() -> None:
    years = _panel(_part(read=2008))
    assert _runs(years) == [
        (2000, 2007, "unknown"),
        (2008, 2008, "member"),
        (2009, 2010, "unknown"),
    ]
    assert years[2008][1] == "source"


def test_sources_read_in_several_years_hold_between_them() -> None:
    part = iscm.Participation(
        state="KEN", role=ParticipantRole.MEMBER, sources=(_source(2005, "a"), _source(2009, "b"))
    )
    assert _runs(_panel(part)) == [
        (2000, 2004, "unknown"),
        (2005, 2009, "member"),
        (2010, 2010, "unknown"),
    ]


def test_years_after_until_are_none() -> None:
    years = _panel(_part(since=2002, until=2006))
    assert _runs(years) == [(2000, 2001, "unknown"), (2002, 2006, "member"), (2007, 2010, "none")]
    assert years[2007][1] == "until"


def test_an_end_without_a_start_holds_only_in_its_last_year() -> None:
    years = _panel(_part(until=2006))
    assert _runs(years) == [(2000, 2005, "unknown"), (2006, 2006, "member"), (2007, 2010, "none")]
    assert years[2006][1] == "until"


def test_a_dated_list_dates_a_current_participation_not_the_reading() -> None:
    years = _panel(_part(read=2010), dated=2005)
    assert _runs(years) == [
        (2000, 2004, "unknown"),
        (2005, 2005, "member"),
        (2006, 2010, "unknown"),
    ]
    assert years[2005][1] == "list"
    # joined after the list: the list says nothing of it; its sources do
    assert _runs(_panel(_part(since=2007, read=2010), dated=2005)) == [
        (2000, 2006, "unknown"),
        (2007, 2010, "member"),
    ]


def test_a_membership_rule_dates_the_list_it_expands_to() -> None:
    data_rows = _panel(_part(read=2010), rule=2006)
    assert _runs(data_rows) == [
        (2000, 2005, "unknown"),
        (2006, 2006, "member"),
        (2007, 2010, "unknown"),
    ]
    assert data_rows[2006][1] == "list"


def test_no_year_before_founding_even_with_an_earlier_since() -> None:
    assert _runs(_panel(_part(since=1995), established=2000)) == [(2000, 2010, "member")]


def test_an_unknown_founding_year_starts_the_panel_at_the_first_evidence() -> None:
    years = _panel(_part(since=2004), _part("FRA", read=2009), established=None)
    assert _runs(years) == [(2004, 2010, "member")]


def test_an_ended_mechanism_stops_and_its_current_members_count_when_it_ended() -> None:
    years = _panel(_part(read=2010), status=Status.ENDED, status_since=2006)
    assert _runs(years) == [(2000, 2005, "unknown"), (2006, 2006, "member")]


def test_a_dormant_mechanism_runs_to_the_data_year() -> None:
    years = _panel(_part(since=2003), status=Status.DORMANT, status_since=2006)
    assert _runs(years) == [(2000, 2002, "unknown"), (2003, 2010, "member")]


def test_observer_then_member_and_member_wins_the_shared_year() -> None:
    years = _panel(
        _part(role=ParticipantRole.OBSERVER, since=2003, until=2006),
        _part(since=2006),
    )
    assert _runs(years) == [
        (2000, 2002, "unknown"),
        (2003, 2005, "observer"),
        (2006, 2010, "member"),
    ]


def test_after_leaving_an_undated_return_is_unknown_not_none() -> None:
    years = _panel(_part(since=2001, until=2003), _part(role=ParticipantRole.OBSERVER, read=2009))
    assert _runs(years) == [
        (2000, 2000, "unknown"),
        (2001, 2003, "member"),
        (2004, 2008, "unknown"),
        (2009, 2009, "observer"),
        (2010, 2010, "unknown"),
    ]


def test_partners_invited_guests_and_organizations_give_no_rows() -> None:
    org = iscm.Participation(
        organization="eu", role=ParticipantRole.MEMBER, since=2001, sources=(_source(),)
    )
    assert _panel(_part(role=ParticipantRole.PARTNER, since=2001), org) == {}
    assert _panel(_part(role=ParticipantRole.INVITED, since=2001)) == {}


def test_evidence_after_the_data_year_is_not_used() -> None:
    assert set(_panel(_part(read=2012))) == set(range(2000, 2011))
    assert {s for s, _e in _panel(_part(read=2012)).values()} == {"unknown"}


def test_the_data_year_is_the_version_year_or_the_latest_reading() -> None:
    assert max(_panel(_part(since=2001), version="2008.01.31+mine")) == 2008
    assert max(_panel(_part(since=2001, read=2009), version="mine")) == 2009
    assert _panel(_part(since=2001), established=2011) == {}


@given(panel_datasets())
def test_no_member_or_observer_year_precedes_its_evidence(data: iscm.Dataset) -> None:
    panel = membership_panel(data)
    _check_supported(data, panel)
    _check_shape(data, panel)


# -- the export ------------------------------------------------------------------------------------


def test_the_columns_start_with_the_four_tools_expect() -> None:
    names = [n for n, _doc in PANEL_COLUMNS]
    assert names[:4] == ["state", "mechanism", "year", "status"]
    assert [a.name for a in PanelYear.__attrs_attrs__] == names


def test_export_format_panel_writes_the_panel(tmp_path: pathlib.Path) -> None:
    assert main(["export", "--format", "panel", "--output", str(tmp_path / "a")]) == 0
    assert main(["export", "--format", "panel", "--output", str(tmp_path / "b")]) == 0
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["membership_panel.csv"]
    raw = (tmp_path / "a" / "membership_panel.csv").read_bytes()
    assert raw == (tmp_path / "b" / "membership_panel.csv").read_bytes()
    assert raw == export.files(DATA, "panel")["membership_panel.csv"]
    assert raw.startswith(b"state,mechanism,year,status,evidence,evidence_source\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert len(rows) == len(PANEL) + 1
    assert rows[1:] == [[("" if v is None else str(v)) for v in r.row()] for r in PANEL]
    # refuses to overwrite without --force, like every export
    assert main(["export", "--format", "panel", "--output", str(tmp_path / "a")]) != 0


def test_the_pandas_frame_equals_the_csv() -> None:
    pandas = pytest.importorskip("pandas")
    frame = export.to_pandas(DATA)["membership_panel"]
    assert list(frame.columns) == [n for n, _doc in PANEL_COLUMNS]
    assert str(frame["year"].dtype) == "int64"
    assert list(frame["status"].cat.categories) == [s.value for s in PanelStatus]
    raw = export.files(DATA, "panel")["membership_panel.csv"]
    read = pandas.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    cells = [["" if pandas.isna(v) else str(v) for v in frame[c]] for c in frame.columns]
    assert [dict(zip(frame.columns, r, strict=True)) for r in zip(*cells, strict=True)] == (
        read.to_dict("records")
    )


def test_the_panel_figures() -> None:
    counts = Counter(r.status for r in PANEL)
    assert sum(counts.values()) == len(PANEL)
    # Most State-years are unknown: only 130 of the State participations give a start year.
    assert counts[UNKNOWN] > counts[MEMBER] > counts[OBSERVER] > 0
    assert counts[NONE] > 0


def test_the_docstring_example_runs() -> None:
    import doctest

    import iscm._panel

    result = doctest.testmod(iscm._panel, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
