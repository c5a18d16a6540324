"""Meetings as an iCalendar file (RFC 5545), written by the ``icalendar`` library.

Needs the extra: ``pip install "iscm-data[calendar]"``. One all-day VEVENT per meeting whose day
is known (meetings known only by year are left out); its UID is made of the mechanism id, the
day and the meeting's number, so the same meeting keeps its UID from one data version to the
next and a calendar application updates it rather than adding it twice. DTSTAMP is the day of
the data version, so the same data always gives the same bytes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from iscm._version import __version__

if TYPE_CHECKING:
    from iscm.dataset import Dataset
    from iscm.model import Meeting

__all__ = ["to_ics", "uid"]

# Control characters have no place in a calendar (and must not reach a terminal).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def uid(meeting: Meeting) -> str:
    """The stable UID of a dated meeting's event."""
    assert meeting.date is not None
    number = f"-{meeting.number}" if meeting.number is not None else ""
    return f"{meeting.mechanism}-{meeting.date.isoformat()}{number}@iscm-data"


def _stamp(version: str) -> datetime.datetime:
    try:
        day = datetime.datetime.strptime(version.split("+", maxsplit=1)[0], "%Y.%m.%d")
    except ValueError:
        day = datetime.datetime(2000, 1, 1)
    return day.replace(tzinfo=datetime.UTC)


def to_ics(data: Dataset, meetings: Iterable[Meeting]) -> bytes:
    """The iCalendar file of ``meetings`` (those with a known day)."""
    try:
        import icalendar
    except ImportError:  # pragma: no cover - the test extra installs it
        raise ValueError(
            'iCalendar output needs the extra: pip install "iscm-data[calendar]"'
        ) from None
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//iscm-data//iscm {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"ISCM meetings (data {data.version})")
    stamp = _stamp(data.version)
    for meeting in meetings:
        if meeting.date is None:
            continue
        mechanism = data.get(meeting.mechanism, default=None)
        name = mechanism.name if mechanism is not None else meeting.mechanism
        title = f"{name}: meeting {meeting.number}" if meeting.number else name
        event = icalendar.Event()
        event.add("uid", uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
        event.add("summary", _clean(title))
        if meeting.place:
            event.add("location", _clean(meeting.place))
        if meeting.theme:
            event.add("description", _clean(meeting.theme))
        event.add("url", meeting.sources[0].url)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
