"""The ``iscm`` command line (also ``python -m iscm``).

Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a key was not found, 2 bad
usage or invalid data. Tabular output is a plain aligned table by default, or ``--format json``
or ``--format csv``; nothing is coloured, so output can be piped or redirected as it is.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from iscm._countries import COUNTRY_NAMES
from iscm._version import __version__
from iscm.enums import Aspect, EngagementRole, Level, ParticipantRole, Region, Status, Theme
from iscm.errors import DataError, NotFoundError
from iscm.model import Mechanism

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "json", "csv")
Row = dict[str, Any]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iscm",
        description="Typed, cited data on inter-State consultation mechanisms on migration.",
        epilog="Exit codes: 0 success, 1 key not found, 2 bad usage or invalid data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data", metavar="FILE", help="use this dataset file instead of the embedded data"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def tabular(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=FORMATS, default="table", help="output format")

    p = sub.add_parser("list", help="list mechanisms (filters combine with AND)")
    p.add_argument("--level", choices=[v.value for v in Level])
    p.add_argument("--status", choices=[v.value for v in Status])
    p.add_argument("--region", choices=[v.value for v in Region])
    p.add_argument("--theme", choices=[v.value for v in Theme])
    p.add_argument("--member", metavar="CODE", help="ISO 3166-1 alpha-3 code of a member State")
    p.add_argument("--observer", metavar="CODE", help="ISO code of an observer State")
    p.add_argument("--engaged", metavar="ORG", help="organization with a role in the mechanism")
    tabular(p)

    p = sub.add_parser("show", help="show one mechanism by id, acronym, name or alias")
    p.add_argument("key", help='e.g. "Colombo Process", MIDSA, rabat-process')
    p.add_argument("--json", action="store_true", help="print the serialized record")

    p = sub.add_parser("search", help="rank mechanisms by how well their names match TEXT")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=10)
    tabular(p)

    p = sub.add_parser("country", help="the mechanisms a State takes part in")
    p.add_argument("code", help="ISO 3166-1 alpha-3 code, e.g. ETH")
    tabular(p)

    p = sub.add_parser("engagements", help="what an organization does in mechanisms")
    p.add_argument("organization", help="id, acronym or name, e.g. IOM")
    p.add_argument("--role", choices=[v.value for v in EngagementRole])
    tabular(p)

    p = sub.add_parser("stats", help="coverage: which facts are known for each mechanism")
    tabular(p)

    p = sub.add_parser("export", help="write the dataset for other tools")
    p.add_argument("--format", choices=("datapackage", "json", "csv"), default="datapackage")
    p.add_argument("--output", metavar="DIR", required=True, help="directory to write into")

    p = sub.add_parser(
        "validate", help="check a dataset (a source tree folder or a JSON file); list every problem"
    )
    p.add_argument("file", help="a folder such as data/, or a JSON file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    from iscm._loading import load

    try:
        if args.command == "validate":
            return _validate(args.file)
        data = load(args.data) if args.data else load()
        command: Callable[[Any, argparse.Namespace], int] = _COMMANDS[args.command]
        return command(data, args)
    except NotFoundError as exc:
        _err(str(exc))
        return EXIT_NOT_FOUND
    except DataError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except ValueError as exc:  # e.g. an invalid ISO code
        _err(str(exc))
        return EXIT_USAGE


def _err(message: str) -> None:
    print(f"iscm: {message}", file=sys.stderr)


def _validate(path: str) -> int:
    from iscm._loading import validate

    problems = validate(path)
    for problem in problems:
        print(problem)
    if problems:
        _err(f"{path}: {len(problems)} problem(s)")
        return EXIT_USAGE
    _err(f"{path}: valid")
    return EXIT_OK


def _mechanism_row(m: Mechanism) -> Row:
    return {
        "id": m.id,
        "acronym": m.acronym or "",
        "level": m.level.value,
        "status": m.status.value,
        "established": m.established,
        "members": len(m.member_states),
        "name": m.name,
    }


def _list(data: Any, args: argparse.Namespace) -> int:
    found = data.filter(
        level=args.level,
        status=args.status,
        region=args.region,
        theme=args.theme,
        member=args.member,
        observer=args.observer,
        engaged=args.engaged,
    )
    _emit([_mechanism_row(m) for m in found], args.format)
    return EXIT_OK


def _show(data: Any, args: argparse.Namespace) -> int:
    mech = data.get(args.key)
    if args.json:
        from iscm._converter import to_json

        sys.stdout.write(to_json(mech))
    else:
        sys.stdout.write(describe(mech))
    return EXIT_OK


def _search(data: Any, args: argparse.Namespace) -> int:
    _emit([_mechanism_row(m) for m in data.search(args.text, args.limit)], args.format)
    return EXIT_OK


def _country(data: Any, args: argparse.Namespace) -> int:
    profile = data.state_profile(args.code)
    rows: list[Row] = []
    for role, ids in (
        (ParticipantRole.MEMBER, profile.member_of),
        (ParticipantRole.OBSERVER, profile.observer_of),
    ):
        for mid in ids:
            m = data.get(mid)
            rows.append({"role": role.value, "id": m.id, "level": m.level.value, "name": m.name})
    if args.format == "table":
        print(f"{profile.name} ({profile.state}): member of {len(profile.member_of)}, "
              f"observer in {len(profile.observer_of)}")  # fmt: skip
    _emit(rows, args.format)
    return EXIT_OK


def _engagements(data: Any, args: argparse.Namespace) -> int:
    role = EngagementRole(args.role) if args.role else None
    rows = [
        {
            "organization": e.organization,
            "mechanism": e.mechanism,
            "role": e.role.value,
            "scope": e.scope or "",
            "partners": ";".join(sorted(e.partners)),
            "in_consultation_with": ";".join(sorted(e.in_consultation_with)),
            "since": e.since,
            "until": e.until,
        }
        for e in data.engagements_of(args.organization, role)
    ]
    _emit(rows, args.format)
    return EXIT_OK


#: The aspects shown by ``iscm stats``, with how to tell that each is known.
_ASPECTS: tuple[tuple[str, Aspect, Callable[[Mechanism], bool]], ...] = (
    ("established", Aspect.ESTABLISHED, lambda m: m.established is not None),
    ("status", Aspect.STATUS, lambda m: m.status is not Status.UNKNOWN),
    ("association", Aspect.ASSOCIATION, lambda m: m.association.type.value != "unknown"),
    ("members", Aspect.MEMBERS, lambda m: bool(m.member_states or m.member_organizations)),
    ("observers", Aspect.OBSERVERS, lambda m: bool(m.observer_states or m.observer_organizations)),
    ("secretariat", Aspect.SECRETARIAT, lambda m: bool(m.secretariat)),
    ("chair", Aspect.CHAIR, lambda m: bool(m.chairs)),
    ("themes", Aspect.THEMES, lambda m: bool(m.themes)),
    ("website", Aspect.WEBSITE, lambda m: m.website is not None),
)


def coverage(m: Mechanism) -> Row:
    """Per aspect: "yes" (known, with a value), "none" (known to be empty) or "unknown"."""
    row: Row = {"id": m.id, "level": m.level.value, "status": m.status.value}
    for name, aspect, known in _ASPECTS:
        if known(m):
            row[name] = "yes"
        elif aspect in m.unknown:
            row[name] = "unknown"
        elif name == "members" and m.membership_rule is not None:
            row[name] = "rule"
        else:
            row[name] = "none"
    row["reviewed"] = m.reviewed.isoformat() if m.reviewed else ""
    row["sources"] = len({s.url for s in m.sources})
    row["conflicts"] = sum(1 for c in m.claims if not c.adopted)
    return row


def _stats(data: Any, args: argparse.Namespace) -> int:
    rows = [coverage(m) for m in data.mechanisms]
    _emit(rows, args.format)
    if args.format == "table":
        listed = [m for m in data.mechanisms if m.level is not Level.GLOBAL and m.is_iscm]
        active = [m for m in listed if m.status is Status.ACTIVE]
        complete = [m for m in active if m.member_states and Aspect.MEMBERS not in m.unknown]
        known = [m for m in active if m.participants_known]
        reviewed = [m for m in data.mechanisms if m.reviewed is not None]
        print()
        print(f"{len(data.mechanisms)} mechanisms, {len(data.organizations)} organizations, "
              f"{len(data.engagements)} engagements, data version {data.version}")  # fmt: skip
        print(f"active RCPs and IRFs with a member list: {len(complete)} of {len(active)}")
        share = f"{100 * len(known) / len(active):.0f}%" if active else "n/a"
        print(f"active RCPs and IRFs with members and observers complete: {len(known)} of "
              f"{len(active)} ({share})")  # fmt: skip
        print(f"records reviewed against their sources: {len(reviewed)} of {len(data.mechanisms)}")
    return EXIT_OK


def _export(data: Any, args: argparse.Namespace) -> int:
    import pathlib

    out = pathlib.Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    if args.format == "json":
        from iscm._converter import to_json

        target = out / "iscm.json"
        target.write_text(to_json(data), encoding="utf-8")
        written = [target]
    else:
        from iscm import export

        if args.format == "csv":
            written = export.write_csv(data, out)
        else:
            written = [*export.write_csv(data, out), export.write_datapackage(data, out)]
    for path in written:
        print(path)
    return EXIT_OK


_COMMANDS: dict[str, Callable[[Any, argparse.Namespace], int]] = {
    "list": _list,
    "show": _show,
    "search": _search,
    "country": _country,
    "engagements": _engagements,
    "stats": _stats,
    "export": _export,
}


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _emit(rows: Sequence[Row], fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        return
    columns = list(rows[0])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(r[c]) for c in columns] for r in rows])
        sys.stdout.write(buffer.getvalue())
        return
    widths = {c: max(len(c), *(len(_cell(r[c])) for r in rows)) for c in columns}
    last = columns[-1]
    print("  ".join(c.ljust(widths[c]) if c != last else c for c in columns))
    for r in rows:
        print(
            "  ".join(_cell(r[c]).ljust(widths[c]) if c != last else _cell(r[c]) for c in columns)
        )


def _codes(codes: frozenset[str]) -> str:
    return ", ".join(f"{COUNTRY_NAMES[c]} ({c})" for c in sorted(codes))


def describe(m: Mechanism) -> str:
    """A readable multi-line account of a mechanism."""
    lines = _facts(m)
    if m.description:
        lines.extend(["", m.description])
    lines.append("")
    lines.extend(_who(m))
    disputed = [c for c in m.claims if not c.adopted]
    if disputed:
        lines.extend(["", "claims not adopted (sources disagree):"])
        lines.extend(f"  - {c.topic}: {c.value}" for c in disputed)
    lines.extend(["", "sources:"])
    lines.extend(
        f"  - {s.url} ({s.publisher}, accessed {s.accessed.isoformat()})" for s in m.sources
    )
    return "\n".join(lines) + "\n"


def _facts(m: Mechanism) -> list[str]:
    title = f"{m.name} ({m.acronym})" if m.acronym else m.name
    status = m.status.value + (f" since {m.status_since}" if m.status_since else "")
    assoc = m.association
    inst = f" with {', '.join(sorted(assoc.institutions))}" if assoc.institutions else ""
    lines = [
        title,
        "=" * len(title),
        f"id:           {m.id}",
        f"level:        {m.level.value} ({m.level.short_name})",
        f"kind:         {m.kind.value}",
        f"region:       {m.region}",
        f"status:       {status}",
        f"established:  {m.established if m.established else 'unknown'}",
        f"association:  {assoc.type.value}{inst}",
    ]
    if m.aliases:
        lines.append(f"also called:  {'; '.join(m.aliases)}")
    if m.website:
        lines.append(f"website:      {m.website}")
    lines.append(f"reviewed:     {m.reviewed.isoformat() if m.reviewed else 'not yet'}")
    return lines


def _who(m: Mechanism) -> list[str]:
    """Members, observers, secretariat, chair and themes; empty ones say none or unknown."""
    lines: list[str] = []

    def group(label: str, value: str, aspect: Aspect) -> None:
        shown = value or ("unknown" if aspect in m.unknown else "none")
        lines.append(f"{label} {shown}")

    if not m.member_states and m.membership_rule is not None:
        lines.append("member States: not listed; see the membership rule")
    else:
        group(f"member States ({len(m.member_states)}):", _codes(m.member_states), Aspect.MEMBERS)
    if m.member_organizations:
        lines.append(f"member organizations: {', '.join(sorted(m.member_organizations))}")
    if m.membership_rule is not None:
        lines.append(f"membership rule: {m.membership_rule.rule}")
    observers = _codes(m.observer_states)
    group(f"observer States ({len(m.observer_states)}):", observers, Aspect.OBSERVERS)
    if m.observer_organizations:
        lines.append(f"observer organizations: {', '.join(sorted(m.observer_organizations))}")
    for role, label in (
        (ParticipantRole.PARTNER, "partners"),
        (ParticipantRole.INVITED, "invited"),
    ):
        held = m.participants_in(role)
        if held:
            lines.append(f"{label} ({len(held)}): {', '.join(p.participant for p in held)}")
    current = [s.organization or s.name or "" for s in m.secretariat if s.until is None]
    group("secretariat:", "; ".join(current), Aspect.SECRETARIAT)
    chair_text = ""
    if m.chair is not None:
        chair_text = m.chair.state or m.chair.organization or ""
        if m.chair.as_of:
            chair_text += f" (as of {m.chair.as_of.isoformat()})"
    group("chair:", chair_text, Aspect.CHAIR)
    group("themes:", ", ".join(sorted(t.value for t in m.themes)), Aspect.THEMES)
    return lines


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
