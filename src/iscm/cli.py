"""The ``iscm`` command line (also ``python -m iscm``).

Results go to stdout, messages to stderr. Exit codes: 0 success, 1 a key was not found (for
``diff``: the datasets differ), 2 bad usage, invalid data or a file that cannot be read or
written, 141 the reader of the output went away (``iscm list | head -1``; nothing is printed).
Tabular output is a plain aligned table by default, or ``--format json`` or ``--format csv``;
nothing is coloured, so output can be piped or redirected as it is.

Everything printed goes through :func:`_write` or :func:`_err`, which escape control characters
(C0 but the line feed, DEL, C1, bidirectional overrides): text from a user's dataset never
reaches the terminal raw. Files are written by :func:`iscm.export.write_files` (atomic, never
through a symbolic link, an existing file only with ``--force``). In CSV output, a text cell that
a spreadsheet would run as a formula gets a ``'`` before it, and ``--excel`` puts a UTF-8 byte
order mark first (:mod:`iscm._spreadsheets` decides both).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from iscm import report
from iscm._spreadsheets import BOM, neutralise
from iscm.enums import Aspect, EngagementRole, Level, ParticipantRole, Region, Status, Theme
from iscm.errors import DataError, NotFoundError
from iscm.model import Mechanism

if TYPE_CHECKING:
    from iscm.analysis import StateProfile
    from iscm.dataset import Dataset

__all__ = ["main", "parser"]

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2
#: The reader of stdout went away: the shell's code for a process ended by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130
FORMATS = ("table", "json", "csv")
_EXCEL_HELP = (
    "a UTF-8 byte order mark, by which spreadsheets know the text is UTF-8 (in every CSV, a "
    "text cell that would start a formula gets a ' before it)"
)
Row = dict[str, Any]


def parser() -> argparse.ArgumentParser:
    """The command line's parser: every command with its options and help (the documentation
    prints each command's help from it)."""
    return _parser()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iscm",
        description="Typed, cited data on inter-State consultation mechanisms on migration.",
        epilog=(
            "Exit codes: 0 success, 1 key not found (diff: the datasets differ), 2 bad usage, "
            "invalid data or a file that cannot be read or written, 141 output pipe closed by "
            "its reader."
        ),
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show the code and data versions and exit"
    )
    parser.add_argument(
        "--data", metavar="FILE", help="use this dataset file instead of the embedded data"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    tabular = _tabular

    p = sub.add_parser("list", help="list mechanisms (filters combine with AND)")
    p.add_argument("--level", choices=[v.value for v in Level])
    p.add_argument("--status", choices=[v.value for v in Status])
    p.add_argument("--region", choices=[v.value for v in Region])
    p.add_argument("--theme", choices=[v.value for v in Theme])
    p.add_argument("--member", metavar="STATE", help="a member State: code or name (ETH, Ethiopia)")
    p.add_argument("--observer", metavar="STATE", help="an observer State: code or name")
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
    p.add_argument("code", metavar="STATE", help="a code or a name: ETH, ET, Ethiopia, Éthiopie")
    p.add_argument(
        "--with", dest="other", metavar="STATE", help="only the forums shared with this State"
    )
    tabular(p)

    p = sub.add_parser("mentions", help="find the mechanisms a text names")
    p.add_argument("file", help="a UTF-8 text file, or - for standard input")
    tabular(p)

    p = sub.add_parser("meetings", help="meetings of mechanisms, by date")
    p.add_argument("mechanism", nargs="?", help="id, acronym or name (all mechanisms if left out)")
    p.add_argument("--year", type=int, help="only the meetings held this year")
    tabular(p, (*FORMATS, "ics"))

    p = sub.add_parser("engagements", help="what an organization does in mechanisms")
    p.add_argument("organization", help="id, acronym or name, e.g. IOM")
    p.add_argument("--role", choices=[v.value for v in EngagementRole])
    tabular(p)

    p = sub.add_parser("stats", help="coverage: which facts are known for each mechanism")
    tabular(p)

    _add_memberships(sub)

    p = sub.add_parser("export", help="write the dataset for other tools")
    p.add_argument(
        "--format",
        choices=("datapackage", "json", "csv", "panel"),
        default="datapackage",
        help="panel: membership_panel.csv, State x mechanism x year",
    )
    p.add_argument(
        "--output",
        metavar="DIR",
        required=True,
        help="directory to write into (created if missing; its parent must exist)",
    )
    p.add_argument("--force", action="store_true", help="replace files that already exist")
    _excel(p, "with --format csv, datapackage or panel: begin each CSV file with ")

    p = sub.add_parser(
        "validate", help="check a dataset (a source tree folder or a JSON file); list every problem"
    )
    p.add_argument("file", help="a folder such as data/, or a JSON file")
    _add_schema_and_diff(sub)
    return parser


def _tabular(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
    """The options of a command whose output is a table: ``--format`` and ``--excel``."""
    p.add_argument("--format", choices=formats, default="table", help="output format")
    _excel(p, "with --format csv: begin the output with ")


def _excel(p: argparse.ArgumentParser, when: str) -> None:
    p.add_argument("--excel", action="store_true", help=f"{when}{_EXCEL_HELP}")


def _add_memberships(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "memberships",
        help="one row per participation (State or organization), for spreadsheets",
        description="One row per participation: members, observers, partners and invited "
        "guests, States and organizations, current and past; filters combine with AND.",
    )
    p.add_argument("--level", choices=[v.value for v in Level])
    p.add_argument("--role", choices=[v.value for v in ParticipantRole])
    p.add_argument("--mechanism", metavar="M", help="one mechanism: id, acronym or name")
    p.add_argument(
        "--state", metavar="S", help="one State: code or name (leaves out organizations)"
    )
    _tabular(p)


def _add_schema_and_diff(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the dataset's JSON form")
    p.add_argument("--output", metavar="FILE", help="write it to FILE instead")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = sub.add_parser(
        "diff",
        help="what changed between two datasets (exit 0 when identical, 1 when different)",
    )
    p.add_argument("old", metavar="OLD", help=f"the dataset to compare from: {_DIFF_ARGUMENT}")
    p.add_argument("new", metavar="NEW", help="the dataset to compare to (the same kinds)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")


_DIFF_ARGUMENT = (
    "a JSON file, a source tree folder such as data/, or 'embedded' (the installed data)"
)


class _Version(argparse.Action):
    """``--version``: ``iscm <code version> (data <data version>)``; the data's version is read
    only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from iscm import __version__
        from iscm._loading import embedded_version

        _write(f"{parser.prog} {__version__} (data {embedded_version()})\n")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Never raises, but for ``SystemExit`` from
    argument parsing (``--help``, ``--version``, bad usage: code 0 or 2)."""
    args = _parser().parse_args(argv)
    if sys.stdout is None:  # started with stdout closed (iscm stats >&-)
        _err("standard output is closed: nothing can be printed")
        return EXIT_USAGE
    try:
        code = _run(args)
        sys.stdout.flush()  # here, where a failure can still be reported
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # stdout full or gone, a file that cannot be written
        _err(_os_message(exc))
        _discard_stdout()
        return EXIT_USAGE
    except KeyboardInterrupt:
        _discard_stdout()
        return EXIT_INTERRUPTED
    return code


def _run(args: argparse.Namespace) -> int:
    from iscm import load

    try:
        _check_output_options(args)
        if args.command == "validate":
            return _validate(args.file)
        if args.command in _WITHOUT_DATA:  # no --data: they read what they are given
            return _WITHOUT_DATA[args.command](args)
        data = load(args.data) if args.data is not None else load()  # --data "" is refused
        command = _COMMANDS[args.command]
        return command(data, args)
    except NotFoundError as exc:
        _err(str(exc))
        return EXIT_NOT_FOUND
    except DataError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except ValueError as exc:  # e.g. an invalid ISO code, a negative --limit
        _err(str(exc))
        return EXIT_USAGE


def _check_output_options(args: argparse.Namespace) -> None:
    """Options about where and how output is written, checked for every command: ``--excel``
    only where CSV is written, and no empty ``--output`` (which would mean the current folder)."""
    if getattr(args, "output", None) == "":
        raise ValueError("--output is empty: name a file or folder (. is the current folder)")
    if getattr(args, "excel", False) and args.format not in ("csv", "datapackage", "panel"):
        raise ValueError(f"--excel is for CSV output, not --format {args.format}")


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return f"cannot write the output: {reason}"
    if isinstance(exc, FileExistsError):
        reason += " (use --force to replace it)"
    return f"{exc.filename}: {reason}"


def _discard_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a real file (tests capture it): nothing will be flushed at exit


# Control characters a terminal acts on: C0 but the line feed, DEL, C1, and the bidirectional
# marks and overrides (which reorder what is shown), with the line and paragraph separators.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(f"[\n{_CONTROL.pattern[1:-1]}]")


def _escape(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character shown as ``\\uXXXX`` (valid inside JSON strings
    too); line feeds are kept unless ``newlines`` is false."""
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _write(text: str) -> None:
    """Print to stdout (the one way results are printed)."""
    sys.stdout.write(_escape(text))


def _state(code: str) -> str:
    """``Ethiopia (ETH)``: a State's English short name with its code."""
    from iscm import STATE_NAMES

    return f"{STATE_NAMES[code]} ({code})"


def _err(message: str) -> None:
    """Print a message to stderr (the one way messages are printed)."""
    if sys.stderr is not None:
        sys.stderr.write(_escape(f"iscm: {message}") + "\n")


def _validate(path: str) -> int:
    from iscm import validate

    problems = validate(path)
    for problem in problems:
        _write(f"{problem}\n")
    if problems:
        _err(f"{path}: {len(problems)} problem(s)")
        return EXIT_USAGE
    _err(f"{path}: valid")
    return EXIT_OK


def _mechanism_row(data: Dataset, m: Mechanism, fmt: str) -> Row:
    count, why = report.members(data, m)
    row: Row = {
        "id": m.id,
        "acronym": m.acronym or "",
        "level": m.level.value,
        "status": m.status.value,
        "established": m.established,
        "members": count if fmt == "json" or count is not None else why,
    }
    if fmt == "json":
        row["members_note"] = why or None
    row["name"] = m.name
    return row


def _list(data: Dataset, args: argparse.Namespace) -> int:
    found = data.filter(
        level=args.level,
        status=args.status,
        region=args.region,
        theme=args.theme,
        member=args.member,
        observer=args.observer,
        engaged=args.engaged,
    )
    _emit([_mechanism_row(data, m, args.format) for m in found], args.format, excel=args.excel)
    return EXIT_OK


def _show(data: Dataset, args: argparse.Namespace) -> int:
    from iscm import to_json

    mech = data.get(args.key)
    if args.json:
        _write(to_json(mech))
    else:
        _write(report.describe(mech, data))
    return EXIT_OK


def _search(data: Dataset, args: argparse.Namespace) -> int:
    found = data.search(args.text, args.limit)
    _emit([_mechanism_row(data, m, args.format) for m in found], args.format, excel=args.excel)
    return EXIT_OK


def _country(data: Dataset, args: argparse.Namespace) -> int:
    if args.other is not None:
        return _shared(data, args)
    from iscm.analysis import state_profile

    profile = state_profile(data, args.code)
    rows: list[Row] = []
    for role, ids in (
        (ParticipantRole.MEMBER, profile.member_of),
        (ParticipantRole.OBSERVER, profile.observer_of),
    ):
        for mid in ids:
            m = data.get(mid)
            rows.append(
                {
                    "role": role.value,
                    "id": m.id,
                    "level": m.level.value,
                    "chair": report.chair(data, m),
                    "name": m.name,
                }
            )
    if args.format == "table":
        _write(f"{profile.name} ({profile.state}): member of {len(profile.member_of)}, "
               f"observer in {len(profile.observer_of)}\n")  # fmt: skip
        _write(f"{_codes(profile)}\n")
    _emit(rows, args.format, excel=args.excel)
    return EXIT_OK


def _codes(profile: StateProfile) -> str:
    """The State's other codes and UN M49 regions (``StateProfile``'s crosswalk), one line."""
    regions = " / ".join(
        r for r in (profile.region, profile.subregion, profile.intermediate_region) if r
    )
    return (f"alpha-2 {profile.alpha_2 or 'none'}, numeric {profile.numeric or 'none'}, "
            f"UN M49 region {regions or 'none'}")  # fmt: skip


def _shared(data: Dataset, args: argparse.Namespace) -> int:
    from iscm import state_code

    a, b = state_code(args.code), state_code(args.other)
    found = data.shared_mechanisms(a, b)
    rows = [report.shared_row(m, a, b) for m in found]
    if args.format == "table":
        _write(f"{_state(a)} and {_state(b)}: {len(found)} forums in common\n")
    _emit(rows, args.format, excel=args.excel)
    return EXIT_OK


def _mentions(data: Dataset, args: argparse.Namespace) -> int:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(args.file, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{args.file}: cannot be read as UTF-8 text ({exc})") from None
    rows = [
        {"id": m.mechanism, "start": m.start, "end": m.end, "text": m.text}
        for m in data.find_mentions(text)
    ]
    _emit(rows, args.format, excel=args.excel)
    return EXIT_OK


def _meetings(data: Dataset, args: argparse.Namespace) -> int:
    found = data.find_meetings(args.mechanism, year=args.year)
    if args.format == "ics":
        from iscm.export import to_ics

        sys.stdout.write(to_ics(data, found).decode("utf-8"))  # escaped by the calendar writer
        return EXIT_OK
    rows = [report.meeting_row(data, m) for m in found]
    _emit(rows, args.format, excel=args.excel)
    return EXIT_OK


def _engagements(data: Dataset, args: argparse.Namespace) -> int:
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
    _emit(rows, args.format, excel=args.excel)
    return EXIT_OK


def _coverage_row(m: Mechanism) -> Row:
    """A mechanism's line of ``iscm stats``: what is recorded per aspect (see
    :func:`iscm.analysis.coverage`), when it was reviewed, its sources and conflicts."""
    from iscm.analysis import coverage

    row: Row = {"id": m.id, "level": m.level.value, "status": m.status.value}
    row.update((aspect.value, state.value) for aspect, state in coverage(m).items())
    row["reviewed"] = m.reviewed.isoformat() if m.reviewed else ""
    row["sources"] = len({s.url for s in m.sources})
    row["conflicts"] = sum(1 for c in m.claims if not c.adopted)
    return row


def _stats(data: Dataset, args: argparse.Namespace) -> int:
    rows = [_coverage_row(m) for m in data.mechanisms]
    _emit(rows, args.format, excel=args.excel)
    if args.format == "table":
        listed = [m for m in data.mechanisms if m.level is not Level.GLOBAL and m.is_iscm]
        active = [m for m in listed if m.status is Status.ACTIVE]
        complete = [m for m in active if m.member_states and Aspect.MEMBERS not in m.unknown]
        known = [m for m in active if m.participants_known]
        reviewed = [m for m in data.mechanisms if m.reviewed is not None]
        share = f"{100 * len(known) / len(active):.0f}%" if active else "n/a"
        _write("\n")
        _write(f"{len(data.mechanisms)} mechanisms, {len(data.organizations)} organizations, "
               f"{len(data.engagements)} engagements, data version {data.version}\n")  # fmt: skip
        _write(f"active RCPs and IRFs with a member list: {len(complete)} of {len(active)}\n")
        _write(f"active RCPs and IRFs with members and observers complete: {len(known)} of "
               f"{len(active)} ({share})\n")  # fmt: skip
        _write(f"records reviewed against their sources: {len(reviewed)} of "
               f"{len(data.mechanisms)}\n")  # fmt: skip
    return EXIT_OK


def _memberships(data: Dataset, args: argparse.Namespace) -> int:
    from iscm._memberships import COLUMNS

    found = data.memberships(
        level=args.level, role=args.role, mechanism=args.mechanism, state=args.state
    )
    rows: list[Row] = []
    for r in found:
        row = {c: getattr(r, c) for c in COLUMNS}
        row["sources"] = list(r.sources) if args.format == "json" else ";".join(r.sources)
        rows.append(row)
    _emit(rows, args.format, excel=args.excel, columns=COLUMNS)
    return EXIT_OK


def _export(data: Dataset, args: argparse.Namespace) -> int:
    """Write every file, or none where one may not be written (checked first)."""
    import pathlib

    from iscm import to_json
    from iscm.export import write_files

    out = pathlib.Path(args.output)
    if args.format == "json":  # the data and the JSON Schema it follows, side by side
        from iscm._loading import embedded_bytes

        files = {
            "iscm.json": to_json(data).encode("utf-8"),
            "schema.json": embedded_bytes("schema.json"),
        }
    else:
        from iscm import export

        files = export.files(data, args.format, excel=args.excel)
    for path in write_files(out, files, replace=args.force):
        _write(f"{path}\n")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema the package ships (``iscm.schema.json_schema()``), or write it."""
    import pathlib

    from iscm._loading import embedded_bytes
    from iscm.export import write_files

    text = embedded_bytes("schema.json")
    if args.output is None:
        _write(text.decode("utf-8"))
        return EXIT_OK
    path = pathlib.Path(args.output)  # not empty: checked with the other output options
    for written in write_files(path.parent, {path.name: text}, replace=args.force):
        _write(f"{written}\n")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    """Compare two datasets; exit 0 when identical, 1 when not (as ``diff`` does)."""
    old, new = _dataset_at(args.old), _dataset_at(args.new)
    if old is None or new is None:
        return EXIT_USAGE
    changes = old.diff(new)
    if args.format == "json":
        _write(json.dumps(changes.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif changes:
        _write(f"{old.version} -> {new.version}: {len(changes)} change(s)\n")
        _emit(changes.rows(), "table", excel=False)
    return EXIT_NOT_FOUND if changes else EXIT_OK


def _dataset_at(where: str) -> Dataset | None:
    """``embedded`` or a path, loaded; None (after a one-line message) where it cannot be."""
    from iscm import load

    try:
        return load() if where == "embedded" else load(where)
    except DataError as exc:
        problems = exc.problems
        if len(problems) == 1:
            _err(f"{where or repr(where)}: {problems[0].removesuffix(' @ $')}")
        else:
            _err(f"{where}: {len(problems)} problems (iscm validate {where} lists them)")
        return None


_WITHOUT_DATA: dict[str, Callable[[argparse.Namespace], int]] = {
    "schema": _schema,
    "diff": _diff,
}

_COMMANDS: dict[str, Callable[[Dataset, argparse.Namespace], int]] = {
    "list": _list,
    "show": _show,
    "search": _search,
    "country": _country,
    "engagements": _engagements,
    "mentions": _mentions,
    "meetings": _meetings,
    "stats": _stats,
    "memberships": _memberships,
    "export": _export,
}


def _cell(value: Any) -> str:
    return "" if value is None else _escape(str(value), newlines=False)


def _csv_cell(value: Any) -> str:
    """A CSV cell: text that a spreadsheet would take for a formula gets a ``'`` before it
    (:func:`iscm._spreadsheets.neutralise`); numbers are left as they are."""
    if isinstance(value, str):  # enum values too (StrEnum)
        value = neutralise(value)
    return _cell(value)


def _utf8_stdout() -> None:
    """Make stdout write UTF-8 whatever the locale says (a Windows console or a redirected file
    would otherwise get the local code page, which cannot even encode the byte order mark)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        sys.stdout.flush()
        reconfigure(encoding="utf-8")


def _emit(
    rows: Sequence[Row], fmt: str, *, excel: bool, columns: Sequence[str] | None = None
) -> None:
    """Print rows as a table, JSON or CSV (``excel``: after a UTF-8 byte order mark).
    ``columns``, where given, are printed as a CSV header even when there is no row."""
    if fmt == "json":
        _write(json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv" and excel:
        _utf8_stdout()
        _write(BOM)  # even before an empty output: the file is UTF-8 all the same
    if not rows and not (fmt == "csv" and columns):
        return
    columns = list(rows[0]) if rows else list(columns or ())
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv_cell(r[c]) for c in columns] for r in rows])
        _write(buffer.getvalue())
        return
    widths = {c: max(len(c), *(len(_cell(r[c])) for r in rows)) for c in columns}
    last = columns[-1]
    lines = ["  ".join(c.ljust(widths[c]) if c != last else c for c in columns)]
    lines.extend(
        "  ".join(_cell(r[c]).ljust(widths[c]) if c != last else _cell(r[c]) for c in columns)
        for r in rows
    )
    _write("\n".join(lines) + "\n")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
