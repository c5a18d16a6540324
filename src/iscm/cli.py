"""The ``iscm`` command line: ``iscm list``, ``iscm show KEY``.

Results go to stdout, messages to stderr. Exit codes: 0 success, 1 key not found, 2 bad usage or
invalid data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from iscm._countries import COUNTRY_NAMES
from iscm._version import __version__
from iscm.enums import Level, Status
from iscm.errors import DataError, NotFoundError
from iscm.model import Mechanism

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iscm",
        description="Typed, cited data on inter-State consultation mechanisms on migration.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_list = sub.add_parser("list", help="list mechanisms, one per line")
    p_list.add_argument("--level", choices=[lv.value for lv in Level], help="only this level")
    p_list.add_argument("--status", choices=[s.value for s in Status], help="only this status")
    p_list.add_argument("--json", action="store_true", help="print the serialized records")

    p_show = sub.add_parser("show", help="show one mechanism by id, acronym or name")
    p_show.add_argument("key", help='id, acronym, name or alias, e.g. "Colombo Process"')
    p_show.add_argument("--json", action="store_true", help="print the serialized record")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    from iscm._loading import load

    try:
        data = load()
        if args.command == "list":
            selected = [
                m
                for m in data.mechanisms
                if (args.level is None or m.level.value == args.level)
                and (args.status is None or m.status.value == args.status)
            ]
            _print_list(selected, as_json=args.json, out=sys.stdout)
        elif args.command == "show":
            mech = data.get(args.key)
            if args.json:
                from iscm._converter import to_json

                sys.stdout.write(to_json(mech))
            else:
                sys.stdout.write(describe(mech))
    except NotFoundError as exc:
        print(f"iscm: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except DataError as exc:
        print(f"iscm: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _print_list(mechs: Sequence[Mechanism], *, as_json: bool, out: TextIO) -> None:
    if as_json:
        from iscm._converter import unstructure

        out.write(json.dumps(unstructure(list(mechs)), indent=2, ensure_ascii=False) + "\n")
        return
    for m in mechs:
        out.write(f"{m.id}\t{m.level.value}\t{m.status.value}\t{m.name}\n")


def _codes(codes: frozenset[str]) -> str:
    return ", ".join(f"{COUNTRY_NAMES[c]} ({c})" for c in sorted(codes))


def describe(m: Mechanism) -> str:
    """A readable multi-line account of a mechanism."""
    title = f"{m.name} ({m.acronym})" if m.acronym else m.name
    lines = [title, "=" * len(title), f"id:           {m.id}"]
    lines.append(f"level:        {m.level.value} ({m.level.short_name})")
    lines.append(f"kind:         {m.kind.value}")
    lines.append(f"region:       {m.region}")
    status = m.status.value + (f" since {m.status_since}" if m.status_since else "")
    lines.append(f"status:       {status}")
    lines.append(f"established:  {m.established if m.established else 'unknown'}")
    assoc = m.association
    inst = f" with {', '.join(sorted(assoc.institutions))}" if assoc.institutions else ""
    lines.append(f"association:  {assoc.type.value}{inst}")
    if m.aliases:
        lines.append(f"also called:  {'; '.join(m.aliases)}")
    if m.website:
        lines.append(f"website:      {m.website}")
    if m.description:
        lines.append("")
        lines.append(m.description)

    def group(label: str, value: str, unknown: bool) -> None:
        if value:
            lines.append(f"{label} {value}")
        elif unknown:
            lines.append(f"{label} unknown")
        else:
            lines.append(f"{label} none")

    from iscm.enums import Aspect

    lines.append("")
    members = m.member_states
    group(
        f"member States ({len(members)}):",
        _codes(members),
        Aspect.MEMBERS in m.unknown,
    )
    if m.member_organizations:
        lines.append(f"member organizations: {', '.join(sorted(m.member_organizations))}")
    group(
        f"observer States ({len(m.observer_states)}):",
        _codes(m.observer_states),
        Aspect.OBSERVERS in m.unknown,
    )
    if m.observer_organizations:
        lines.append(f"observer organizations: {', '.join(sorted(m.observer_organizations))}")
    current = [s for s in m.secretariat if s.until is None]
    group(
        "secretariat:",
        "; ".join(s.organization or s.name or "" for s in current),
        Aspect.SECRETARIAT in m.unknown,
    )
    chair = m.chair
    chair_text = ""
    if chair is not None:
        chair_text = chair.state or chair.organization or ""
        if chair.as_of:
            chair_text += f" (as of {chair.as_of.isoformat()})"
    group("chair:", chair_text, Aspect.CHAIR in m.unknown)
    group("themes:", ", ".join(sorted(t.value for t in m.themes)), Aspect.THEMES in m.unknown)
    lines.append("")
    lines.append("sources:")
    lines.extend(
        f"  - {s.url} ({s.publisher}, accessed {s.accessed.isoformat()})" for s in m.sources
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
