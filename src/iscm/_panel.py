"""The State x mechanism x year membership panel: the one rule for which years the data's dated
evidence supports a State's membership or observer status.

:func:`iscm.analysis.membership_panel` is the public entry point; the CSV of ``iscm export
--format panel``, the ``membership_panel`` frame of :func:`iscm.export.to_pandas` and the
documentation's page on the panel all read the rows built here. The rules, in words, are on that
page (docs/panel.md) and in :func:`membership_panel`'s docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from attrs import frozen

from iscm.dataset import Dataset
from iscm.enums import PanelStatus, ParticipantRole, Status
from iscm.model import Mechanism, Participation

__all__ = ["PANEL_COLUMNS", "EVIDENCE", "PanelYear", "data_year", "membership_panel"]

#: The kinds of evidence a panel row rests on (its ``evidence`` column).
EVIDENCE: Final = ("since", "until", "list", "source")

#: The panel's columns, in order, with what each holds: the four that tools expect, then the
#: evidence. Read by the CSV writer, the pandas frame and the documentation.
PANEL_COLUMNS: Final = (
    ("state", "ISO 3166-1 alpha-3 code of the State (XKX for Kosovo)."),
    ("mechanism", "Id of the mechanism."),
    ("year", "The calendar year."),
    ("status", "member, observer, none or unknown: what dated evidence supports that year."),
    (
        "evidence",
        "What the status rests on: since (the participation's start year), until (its end "
        "year), list (the date of the mechanism's dated participant list or membership rule), "
        "source (the access date of a source that lists the State); empty where unknown.",
    ),
    (
        "evidence_source",
        "Id of the source (as in sources.csv) behind the evidence: the first source the "
        "participation cites, or the membership rule's; empty where unknown.",
    ),
)

_RANK: Final = {
    PanelStatus.MEMBER: 3,
    PanelStatus.OBSERVER: 2,
    PanelStatus.UNKNOWN: 1,
    PanelStatus.NONE: 0,
}
_VERSION: Final = re.compile(r"(\d{4})\.\d{1,2}\.\d{1,2}(?:\D|$)")


@frozen(kw_only=True)
class PanelYear:
    """One row of the membership panel: a State's status in a mechanism in one year."""

    state: str
    """ISO 3166-1 alpha-3 code of the State (XKX for Kosovo)."""
    mechanism: str
    """Id of the mechanism."""
    year: int
    """The calendar year."""
    status: PanelStatus
    """What dated evidence supports in that year (member, observer, none or unknown)."""
    evidence: str | None
    """What the status rests on: ``since``, ``until``, ``list`` or ``source``; None where the
    status is unknown."""
    evidence_source: str | None
    """Id of the source behind the evidence (:attr:`iscm.Source.id`); None where unknown."""

    def row(self) -> tuple[str, str, int, str, str | None, str | None]:
        """The row's values in :data:`PANEL_COLUMNS` order (the status as its string)."""
        status = self.status.value
        return (self.state, self.mechanism, self.year, status, self.evidence, self.evidence_source)


@frozen
class _Span:
    """What one participation supports: ``role`` from ``first`` to ``last`` (inclusive; no year
    where ``first`` is None), then ``none`` where it ended, else ``unknown``."""

    role: PanelStatus
    first: int | None
    last: int | None
    ended: bool
    evidence: str
    source: str

    def status(self, year: int) -> tuple[PanelStatus, str | None, str | None]:
        if self.first is None or self.last is None or year < self.first:
            return PanelStatus.UNKNOWN, None, None
        if year <= self.last:
            return self.role, self.evidence, self.source
        if self.ended:
            return PanelStatus.NONE, "until", self.source
        return PanelStatus.UNKNOWN, None, None


def data_year(data: Dataset) -> int | None:
    """The year the panel runs up to: the year of the data version (``2026.12.06`` gives 2026).

    A version that does not start with a date falls back to the latest year in which a source of
    a State's participation was read; a dataset with no such source gives None (no panel).
    """
    found = _VERSION.match(data.version)
    if found:
        return int(found.group(1))
    years = [s.accessed.year for m in data.mechanisms for p in m.participants
             if p.state is not None for s in p.sources]  # fmt: skip
    return max(years, default=None)


def _end(mechanism: Mechanism) -> int | None:
    """The year a mechanism ended, where it has ended and the year is known."""
    if mechanism.status is Status.ENDED:
        return mechanism.status_since
    return None


def _span(mechanism: Mechanism, p: Participation, year: int) -> _Span:
    """The years one member or observer participation is evidenced, up to ``year``."""
    role = PanelStatus.MEMBER if p.role is ParticipantRole.MEMBER else PanelStatus.OBSERVER
    source = p.sources[0].id
    if p.until is not None:  # ended: held from since (else only in its last year) to until
        first = p.since if p.since is not None else p.until
        kind = "since" if p.since is not None else "until"
        return _Span(role, first, p.until, True, kind, source)
    listed, list_source = _list_year(mechanism)
    if listed is not None and (p.since is None or listed >= p.since):
        dates, kind = [listed], "list"
        source = list_source or source
    else:  # the year each of its sources was read, which listed the State then
        dates, kind = [s.accessed.year for s in p.sources], "source"
    dates = [d for d in dates if d <= year]  # evidence dated after the data year never counts
    end = _end(mechanism)
    if end is not None:  # the current participants of an ended mechanism: members when it ended
        dates = [min(d, end) for d in dates]
    if p.since is not None:
        return _Span(role, p.since, max([p.since, *dates]), False, "since", p.sources[0].id)
    if not dates:
        return _Span(role, None, None, False, kind, source)
    return _Span(role, min(dates), max(dates), False, kind, source)


def _list_year(mechanism: Mechanism) -> tuple[int | None, str | None]:
    """The year of the mechanism's dated participant list, and the source that gives it: the
    document its lists follow (``participants_dated``), else the date its membership rule's
    expanded list was true."""
    if mechanism.participants_dated is not None:
        return mechanism.participants_dated, None
    rule = mechanism.membership_rule
    if rule is not None:
        return rule.as_of.year, rule.sources[0].id
    return None, None


def _mechanism_rows(mechanism: Mechanism, year: int) -> Iterator[PanelYear]:
    spans: dict[str, list[_Span]] = {}
    for p in mechanism.participants:
        if p.state is not None and p.role in (ParticipantRole.MEMBER, ParticipantRole.OBSERVER):
            spans.setdefault(p.state, []).append(_span(mechanism, p, year))
    if not spans:
        return
    start = mechanism.established
    if start is None:  # never invent a founding year: start at the first dated evidence
        firsts = [s.first for group in spans.values() for s in group if s.first is not None]
        if not firsts:
            return
        start = min(firsts)
    years = [y for y in range(start, year + 1) if mechanism.existed_in(y)]
    for state in sorted(spans):
        for y in years:
            # The strongest status any of the State's participations supports that year.
            found = [s.status(y) for s in spans[state]]
            status, evidence, source = max(found, key=lambda f: _RANK[f[0]])
            yield PanelYear(
                state=state,
                mechanism=mechanism.id,
                year=y,
                status=status,
                evidence=evidence,
                evidence_source=source,
            )


def membership_panel(data: Dataset) -> tuple[PanelYear, ...]:
    """The membership panel: one row per State that ever took part in a mechanism as a member
    or an observer, per year the mechanism existed, up to the year of the data version.

    Rows are sorted by State, mechanism and year. A year is ``member`` or ``observer`` only
    where dated evidence supports it; the rules, in order:

    * a participation with ``since`` holds from that year; one that has ended (``until``) holds
      to that year, and without ``since`` only in that year;
    * a participation that has not ended holds up to the year of its latest dated evidence: the
      year of the mechanism's dated participant list (``participants_dated``, else the date of
      its membership rule's list) where that is not before ``since``, else the years in which
      its sources, which list the State, were read; without ``since`` it holds from the
      earliest of them. In a mechanism that has ended, the evidence counts for the year it
      ended (its current participants are its members when it ended);
    * before a participation's first evidence the year is ``unknown``, never ``member``; after
      ``until`` it is ``none``; after the last evidence of a participation that has not ended
      it is ``unknown``;
    * a State with several participations takes, each year, the strongest: member, then
      observer, then unknown, then none;
    * years run from the founding year (``established``) to the data year, while the mechanism
      existed (:meth:`iscm.Mechanism.existed_in`); where the founding year is unknown they start
      at the first dated evidence. Participations as partner or invited guest are not
      memberships and give no rows.

    >>> import iscm
    >>> from iscm.analysis import membership_panel
    >>> first = membership_panel(iscm.load())[0]
    >>> first.state, first.mechanism, first.year, first.status.value, first.evidence
    ('ABW', 'caribbean-migration-consultations', 2016, 'member', 'since')
    """
    year = data_year(data)
    if year is None:
        return ()
    rows = [r for m in data.mechanisms for r in _mechanism_rows(m, year)]
    rows.sort(key=lambda r: (r.state, r.mechanism, r.year))
    return tuple(rows)
