"""The data rules that go beyond a record's shape: what ``iscm validate`` checks on top of loading.

Loading (:func:`iscm.load`) refuses data that does not fit the model: wrong types, unknown
fields, ids that do not resolve, a State both member and observer. The rules here hold the data
to the project's standards as well: links mirrored, lifetimes consistent, sources used and
unique, texts free of control characters and of spreadsheet formulas, unknowns declared. A
dataset can load and still break them; :func:`iscm.validate` reports both kinds, each with its path.

Each rule is a function of the dataset (and, for the source table, the raw form it was read
from) that yields :class:`Finding` tuples; :data:`RULES` lists them in the order they report.
"""

from __future__ import annotations

import collections
import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from iscm._spreadsheets import starts_like_formula
from iscm._tables import TABLES
from iscm.dataset import Dataset
from iscm.enums import Aspect, AssociationType, ParticipantRole, Status
from iscm.model import Mechanism, Source, holds_in

__all__ = ["RULES", "Finding", "check"]

#: The form of a dataset's version: the date of the data, ``YYYY.MM.DD``.
VERSION_PATTERN = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})")
#: The earliest access date a source may carry (no web page of interest was read earlier).
EARLIEST_ACCESS = datetime.date(1990, 1, 1)
#: C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@attrs.frozen
class Finding:
    """One rule broken: where (a table, a record's position in it, the path inside) and what."""

    table: str
    index: int
    path: str
    message: str


_Rule = Callable[[Dataset, dict[str, Any]], Iterator[Finding]]


def _mechanisms(data: Dataset) -> Iterator[tuple[int, Mechanism]]:
    return enumerate(data.mechanisms)


def linked_both_ways(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """A successor lists the mechanism as its predecessor, and the other way round."""
    by_id = {m.id: m for m in data.mechanisms}
    for i, m in _mechanisms(data):
        for s in sorted(m.successors):
            if s in by_id and m.id not in by_id[s].predecessors:
                yield Finding(
                    "mechanisms", i, ".successors", f"{s!r} does not list {m.id!r} as predecessor"
                )
        for p in sorted(m.predecessors):
            if p in by_id and m.id not in by_id[p].successors:
                yield Finding(
                    "mechanisms", i, ".predecessors", f"{p!r} does not list {m.id!r} as successor"
                )
        for both in sorted(m.predecessors & m.successors):
            yield Finding(
                "mechanisms", i, ".successors", f"{both!r} is both predecessor and successor"
            )


def succession_acyclic(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """No chain of successors leads back to where it started."""
    position = {m.id: i for i, m in _mechanisms(data)}
    by_id = {m.id: m for m in data.mechanisms}
    reported: set[frozenset[str]] = set()
    for start in sorted(by_id):
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            current, trail = stack.pop()
            for nxt in sorted(by_id[current].successors):
                if nxt == start:
                    cycle = frozenset(trail)
                    if cycle not in reported:
                        reported.add(cycle)
                        loop = " -> ".join((*trail, start))
                        yield Finding(
                            "mechanisms", position[start], ".successors", f"succession cycle {loop}"
                        )
                elif nxt in by_id and nxt not in trail:
                    stack.append((nxt, (*trail, nxt)))


def successors_follow(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """A successor is not founded before the mechanism it continues."""
    by_id = {m.id: m for m in data.mechanisms}
    for i, m in _mechanisms(data):
        for s in sorted(m.successors):
            later = by_id.get(s)
            if later and later.established and m.established and later.established < m.established:
                yield Finding(
                    "mechanisms",
                    i,
                    ".successors",
                    f"successor {s!r} was founded in {later.established}, before this mechanism "
                    f"({m.established})",
                )


def _explained(m: Mechanism, topic: str) -> bool:
    """Whether sources disagree on the topic (a claim the dataset did not adopt)."""
    return any(c.topic == topic and not c.adopted for c in m.claims)


def within_lifetime(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """Participations, chairs and meetings are not dated before the founding or after the end,
    unless a claim that the dataset did not adopt gives another founding year or status."""
    ends = {
        m.id: m.status_since
        for m in data.mechanisms
        if m.status in (Status.ENDED, Status.DORMANT) and m.status_since is not None
    }
    founded = {m.id: m.established for m in data.mechanisms if m.established is not None}
    by_id = {m.id: m for m in data.mechanisms}

    def out_of_life(mid: str, year: int | None) -> str | None:
        if year is None:
            return None
        if mid in founded and year < founded[mid] and not _explained(by_id[mid], "established"):
            return f"dated {year}, before the mechanism was founded ({founded[mid]})"
        if mid in ends and year > ends[mid] and not _explained(by_id[mid], "status"):
            return f"dated {year}, after the mechanism {by_id[mid].status.value} ({ends[mid]})"
        return None

    for i, m in _mechanisms(data):
        for j, p in enumerate(m.participants):
            if why := out_of_life(m.id, p.since):
                yield Finding("mechanisms", i, f".participants[{j}].since", why)
        for j, c in enumerate(m.chairs):
            if why := out_of_life(m.id, c.since):
                yield Finding("mechanisms", i, f".chairs[{j}].since", why)
    for k, meeting in enumerate(data.meetings):
        if meeting.mechanism in by_id and (why := out_of_life(meeting.mechanism, meeting.year)):
            yield Finding("meetings", k, ".year", why)


def no_duplicates(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """A participant holds a role once per period; a name is listed once in a record."""
    for i, m in _mechanisms(data):
        seen: dict[tuple[str, ParticipantRole], list[tuple[int | None, int | None]]] = {}
        for j, p in enumerate(m.participants):
            periods = seen.setdefault((p.participant, p.role), [])
            for since, until in periods:
                if _overlap(since, until, p.since, p.until):
                    yield Finding(
                        "mechanisms",
                        i,
                        f".participants[{j}]",
                        f"duplicate participation of {p.participant!r} as {p.role.value}",
                    )
                    break
            periods.append((p.since, p.until))
        names = [n for n in (m.name, m.acronym) if n]
        for j, alias in enumerate(m.aliases):
            if alias in names:
                yield Finding("mechanisms", i, f".aliases[{j}]", f"duplicate alias {alias!r}")
            names.append(alias)
    for i, o in enumerate(data.organizations):
        names = [n for n in (o.name, o.acronym) if n]
        for j, alias in enumerate(o.aliases):
            if alias in names:
                yield Finding("organizations", i, f".aliases[{j}]", f"duplicate alias {alias!r}")
            names.append(alias)


def _overlap(a0: int | None, a1: int | None, b0: int | None, b1: int | None) -> bool:
    low = max(a0 if a0 is not None else -1, b0 if b0 is not None else -1)
    return holds_in(a0, a1, low) and holds_in(b0, b1, low)


def chair_terms(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """Who chairs now is unambiguous: the open-ended terms (no ``until``) began together (co-chairs
    share a start), and dated terms of different periods do not overlap (a handover year may be
    shared)."""
    for i, m in _mechanisms(data):
        open_terms = [(j, c) for j, c in enumerate(m.chairs) if c.until is None]
        if len({c.since for _, c in open_terms}) > 1:
            latest = open_terms[-1][1].since
            for j, c in open_terms:
                if c.since != latest:
                    began = "undated" if c.since is None else f"since {c.since}"
                    yield Finding(
                        "mechanisms",
                        i,
                        f".chairs[{j}].until",
                        f"open-ended chair term ({began}) beside another open-ended term "
                        f"({'undated' if latest is None else f'since {latest}'}): close it",
                    )
        dated = [
            (j, c.since, c.until)
            for j, c in enumerate(m.chairs)
            if c.since is not None and c.until is not None
        ]
        for k, (j, a0, a1) in enumerate(dated):
            for jj, b0, b1 in dated[k + 1 :]:
                if (a0, a1) != (b0, b1) and a0 < b1 and b0 < a1:
                    yield Finding(
                        "mechanisms",
                        i,
                        f".chairs[{jj}]",
                        f"chair term {b0}-{b1} overlaps term {a0}-{a1} (chairs[{j}])",
                    )


def canonical_order(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """Participants are listed members first, then States by code, then organizations by id."""
    for i, m in _mechanisms(data):
        order = [
            (p.role is not ParticipantRole.MEMBER, p.state is None, p.participant)
            for p in m.participants
        ]
        for j in range(1, len(order)):
            if order[j] < order[j - 1]:
                yield Finding(
                    "mechanisms",
                    i,
                    f".participants[{j}]",
                    "participants out of order (members first, then States by code, then "
                    "organizations by id)",
                )
                break


def claims_and_unknowns(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """At most one adopted claim per topic; what is unknown is declared in ``unknown``; a stated
    member count matches the list or says why not."""
    for i, m in _mechanisms(data):
        adopted = collections.Counter(c.topic for c in m.claims if c.adopted)
        for topic, n in sorted(adopted.items()):
            if n > 1:
                yield Finding("mechanisms", i, ".claims", f"{n} adopted claims on {topic!r}")
        needs = (
            (m.established is None, Aspect.ESTABLISHED, "no founding year"),
            (m.association.type is AssociationType.UNKNOWN, Aspect.ASSOCIATION, "association"),
            (m.status is Status.UNKNOWN, Aspect.STATUS, "status"),
        )
        for missing, aspect, what in needs:
            if missing and aspect not in m.unknown:
                yield Finding(
                    "mechanisms",
                    i,
                    ".unknown",
                    f"{what} is unknown but {aspect.value!r} not listed",
                )
        yield from _member_counts(i, m)


def _member_counts(i: int, m: Mechanism) -> Iterator[Finding]:
    members = [p for p in m.participants if p.role is ParticipantRole.MEMBER]
    listed = {
        len(m.member_states),
        len(m.member_states | m.member_organizations),
        len({p.state for p in members if p.state}),
        len({p.participant for p in members}),
    }
    for j, claim in enumerate(m.claims):
        if claim.topic != "member-count" or not claim.adopted or claim.note:
            continue
        stated = re.match(r"\d+", claim.value)
        if stated is None or int(stated.group()) not in listed:
            yield Finding(
                "mechanisms",
                i,
                f".claims[{j}]",
                f"adopted member count {claim.value!r} differs from the list "
                f"({', '.join(map(str, sorted(listed)))}) and has no note",
            )


def version_form(data: Dataset, _form: dict[str, Any]) -> Iterator[Finding]:
    """The version is the date of the data, ``YYYY.MM.DD``."""
    match = VERSION_PATTERN.fullmatch(data.version)
    try:
        ok = match is not None and bool(datetime.date(*map(int, match.groups())))
    except ValueError:
        ok = False
    if not ok:
        yield Finding("", 0, "version", f"version {data.version!r} is not a date as YYYY.MM.DD")


def _cited(data: Dataset) -> Iterator[Source]:
    for record in _all_records(data):
        yield from getattr(record, "sources", ())


def _all_records(data: Dataset) -> Iterator[Any]:
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (tuple, list)):
            stack.extend(item)
        elif attrs.has(type(item)) and not isinstance(item, Source):
            yield item
            stack.extend(
                getattr(item, f.name)
                for f in attrs.fields(type(item))
                if f.init and f.name != "sources"
            )


def sources_used_and_unique(data: Dataset, form: dict[str, Any]) -> Iterator[Finding]:
    """Every source in the table is cited; a page is filed under one key; a key names one
    source; access dates are neither in the future nor before 1990."""
    cited: dict[str, Source] = {}
    for source in _cited(data):
        other = cited.setdefault(source.id, source)
        if other != source:
            yield Finding(
                "sources", 0, source.id, f"two different sources share the key {source.id!r}"
            )
    table = form.get("sources")
    names = sorted(table) if isinstance(table, dict) else []
    for name in names:
        if name not in cited:
            yield Finding("sources", 0, name, f"source {name!r} is cited by no record")
    by_url: dict[str, str] = {}
    today = datetime.date.today()
    for key in sorted(cited):
        source = cited[key]
        first = by_url.setdefault(source.url, key)
        if first != key:
            yield Finding("sources", 0, key, f"the same page as source {first!r} ({source.url})")
        if not EARLIEST_ACCESS <= source.accessed <= today:
            yield Finding(
                "sources", 0, f"{key}.accessed", f"accessed {source.accessed} is not plausible"
            )


def no_control_characters(data: Dataset, form: dict[str, Any]) -> Iterator[Finding]:
    """No text or address holds control characters or bidirectional overrides."""
    for table, i, path, text in _every_text(data):
        if found := CONTROL.search(text):
            what = "in text" if table != "sources" else ""
            yield Finding(table, i, path, f"control character {found.group()!r} {what}".rstrip())


def no_formula_start(data: Dataset, form: dict[str, Any]) -> Iterator[Finding]:
    """No text begins with ``=``, ``+``, ``-`` or ``@``, which a spreadsheet opening the CSV
    export would read as a formula (OWASP's CSV injection; a leading tab or carriage return is
    refused by :func:`no_control_characters`). The CSV writers neutralise such a cell too, for
    data that was never validated: see :mod:`iscm._spreadsheets`."""
    for table, i, path, text in _every_text(data):
        if starts_like_formula(text) and not CONTROL.match(text):
            yield Finding(
                table,
                i,
                path,
                f"text begins with {text[0]!r}, which a spreadsheet reads as a formula",
            )


def _every_text(data: Dataset) -> Iterator[tuple[str, int, str, str]]:
    """Every text of the dataset: (table, index, path, text); a source once, by its id."""
    for table in TABLES:
        for i, record in enumerate(getattr(data, table)):
            for path, text in _texts(record, ""):
                yield table, i, path, text
    seen: set[str] = set()
    for source in _cited(data):
        if source.id in seen:
            continue
        seen.add(source.id)
        for path, text in _texts(source, ""):
            yield "sources", 0, f"{source.id}{path}", text


def _texts(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, tuple):
        for j, item in enumerate(node):
            yield from _texts(item, f"{path}[{j}]")
    elif isinstance(node, frozenset):
        for item in sorted(node, key=str):
            yield from _texts(item, path)
    elif attrs.has(type(node)) and not (path and isinstance(node, Source)):
        for f in attrs.fields(type(node)):
            if f.init:
                yield from _texts(getattr(node, f.name), f"{path}.{f.name}")


#: Every rule, in the order its findings are reported.
RULES: tuple[_Rule, ...] = (
    version_form,
    linked_both_ways,
    succession_acyclic,
    successors_follow,
    within_lifetime,
    no_duplicates,
    chair_terms,
    canonical_order,
    claims_and_unknowns,
    sources_used_and_unique,
    no_control_characters,
    no_formula_start,
)


def check(data: Dataset, form: dict[str, Any] | None = None) -> list[Finding]:
    """Every finding of every rule on ``data`` (``form``: the raw form it was read from)."""
    raw = form if form is not None else {}
    return [finding for rule in RULES for finding in rule(data, raw)]
