"""MkDocs hooks: pages and figures generated from the model and the embedded data at build time.

Nothing made here is written into ``docs/``: the pages and images exist only in the build (and in
``mkdocs serve``), so they cannot go stale and the doctest run over ``docs/**/*.md`` never sees
them. Generated:

* ``reference/data-dictionary.md``: every record class, field, type, default and meaning (read
  with ``attrs.fields`` and, for the meaning, the attribute docstrings in the source, parsed with
  ``ast``), and every enum with its values and definitions;
* ``coverage/index.md``: per mechanism, which aspects are known, how many sources, the latest
  access date, the open gaps (``Mechanism.unknown``) and the claims not adopted, with links to the
  compilation notes in ``docs/coverage/``;
* ``figures.md`` and ``figures/*.png``: matplotlib figures drawn from ``iscm.load()``.

The package is imported from ``src/`` next to ``mkdocs.yml`` (so the site documents the source
tree it is built from, installed or not).
"""

# ruff: noqa: RUF001, PLR0911, PLR0915 - en dashes are wanted; figure code is long

from __future__ import annotations

import ast
import datetime
import enum
import html
import inspect
import io
import logging
import re
import sys
import types
import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.iscm")

ROOT = Path(__file__).resolve().parents[1]

# Okabe-Ito colours, safe for colour-blind readers; one per level, used by every figure.
LEVEL_COLOURS = {"regional": "#0072B2", "inter-regional": "#E69F00", "global": "#009E73"}
MEMBER_COLOUR, OBSERVER_COLOUR = "#0072B2", "#E69F00"


# -- mkdocs events --------------------------------------------------------------------------------


def on_config(config: Any) -> Any:
    src = str(Path(config.config_file_path).resolve().parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    import iscm

    data = iscm.load()
    notes = _coverage_notes(Path(config.docs_dir) / "coverage")
    pages = {
        "reference/data-dictionary.md": data_dictionary(data),
        "coverage/index.md": coverage_page(data, notes),
    }
    figures = make_figures(data)
    pages["figures.md"] = figures_page(data, figures)
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    for fig in figures:
        files.append(File.generated(config, f"figures/{fig.name}", content=fig.png))
    return files


CLI_MARKER = "<!-- iscm-cli-help -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    return markdown


def cli_reference() -> str:
    """The help of ``iscm`` and of each of its commands, as Markdown."""
    import argparse
    import os
    import subprocess

    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal width
    try:
        from iscm import cli

        parser = cli._parser()
    except (ImportError, AttributeError):
        log.info("cli reference: no iscm.cli._parser(); falling back to `python -m iscm --help`")
        text = subprocess.run(
            [sys.executable, "-m", "iscm", "--help"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        ).stdout
        return "\n".join(["```text", "$ iscm --help", text.rstrip(), "```", ""])
    out = ["```text", "$ iscm --help", parser.format_help().rstrip(), "```", ""]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += [
                    f"### iscm {name}",
                    "",
                    "```text",
                    f"$ iscm {name} --help",
                    sub.format_help().rstrip(),
                    "```",
                    "",
                ]
    return "\n".join(out)


# -- shared helpers -------------------------------------------------------------------------------


def label(m: Any) -> str:
    """A short label for a mechanism: an "X Process" name, its acronym, or its shortest name.

    Global initiatives, which IOM does not count as ISCMs, are marked with an asterisk.
    """
    names = (m.name, *m.aliases)
    # Acronyms of two or three letters (CP, RCM) say less than "Colombo Process".
    processes = [
        n
        for n in names
        if re.fullmatch(r"\w+ Process", n) and (m.acronym is None or len(m.acronym) <= 3)
    ]
    if processes:
        text = min(processes, key=len)
    elif m.acronym:
        text = m.acronym
    elif len(m.name) <= 32:
        text = m.name
    else:
        text = min(names, key=len)
    return str(text) + ("" if m.is_iscm else " *")


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return html.escape(text, quote=False).replace("|", "&#124;").replace("\n", " ")


def _walk(obj: Any) -> Iterator[Any]:
    """Every attrs instance inside ``obj`` (itself included), depth first."""
    import attrs

    if attrs.has(type(obj)):
        yield obj
        for a in attrs.fields(type(obj)):
            if a.name.startswith("_"):
                continue
            yield from _walk(getattr(obj, a.name))
    elif isinstance(obj, tuple | frozenset | list):
        for item in obj:
            yield from _walk(item)


def _sources_in(*records: Any) -> list[Any]:
    import iscm

    return [r for rec in records for r in _walk(rec) if isinstance(r, iscm.Source)]


# -- attribute docstrings -------------------------------------------------------------------------


def attribute_docs(module: types.ModuleType) -> dict[str, dict[str, str]]:
    """``{class name: {attribute: docstring}}`` for the string literals under class attributes."""
    path = inspect.getsourcefile(module)
    if path is None:
        return {}
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs = found.setdefault(node.name, {})
        body = node.body
        for stmt, nxt in zip(body, [*body[1:], None], strict=True):
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                name = stmt.target.id
            elif (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                name = stmt.targets[0].id
            else:
                continue
            if (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            ):
                docs[name] = inspect.cleandoc(nxt.value.value)
    return found


def _rst_to_md(text: str) -> str:
    """Sphinx roles and double back-quotes as Markdown code."""
    text = re.sub(r":(?:class|func|meth|data|attr|mod):`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def _one_paragraph(text: str) -> str:
    return " ".join(_rst_to_md(text).split())


# Meanings of recurring field names, shown (marked as generic) only where a field has no
# docstring of its own in the source; a docstring always wins. "Class.field" keys win over
# plain field names.
GENERIC_MEANINGS = {
    "id": "Stable identifier: lower-case words joined by hyphens.",
    "acronym": "Short form of the name, where one is in use.",
    "name": "Name in English.",
    "aliases": "Other names, short names and spellings in use.",
    "sources": (
        "The public documents that state the facts of this record, each with the day it was read."
    ),
    "since": "First year, where sources give it (None: not known).",
    "until": "Last year, set only once it has ended (None: still holds, or not known).",
    "note": "A remark about this record, in this project's words.",
    "state": "ISO 3166-1 alpha-3 code of a State (XKX for Kosovo).",
    "organization": "Id of an organization in `Dataset.organizations`.",
    "mechanism": "Id of a mechanism in `Dataset.mechanisms`.",
    "role": "The role held (see the vocabulary in the type column).",
    "partners": "Ids of the organizations that share the role.",
    "website": "Official website address.",
    "url": "Web address.",
    "title": "Title as published.",
    "publisher": "Who publishes the document.",
    "year": "Year.",
    "number": "Number in its series.",
    "level": "Regional, inter-regional or global (IOM's three levels).",
    "kind": "What sort of body or mechanism this is.",
    "status": "Whether it still meets.",
    "type": "Formal, informal or unknown.",
    "themes": "Thematic focus, from the closed vocabulary `Theme`.",
    "translations": "Names in other languages.",
    "established": "Year it began.",
    "established_month": "Month it began (1 to 12), where known.",
    "founding_event": "The meeting, declaration or act that started it.",
    "association": "Whether it is officially tied to an institution, and to which.",
    "participants": "Every member and observer, current and past, State or organization.",
    "membership_rule": (
        "Where membership follows a rule, the rule and the date of the expanded list."
    ),
    "predecessors": "Ids of the mechanisms this one continues or replaced.",
    "successors": "Ids of the mechanisms that continue or replaced this one.",
    "series": "The publication series.",
    "authors": "Authors, in the order printed.",
    "place": "Where it was held.",
    "theme": "The theme of the meeting, as announced.",
    "Claim.topic": "The fact the claim is about: `established`, `member-count`, `chair`, ...",
    "Claim.value": "What the source states, as text.",
    "Claim.adopted": "True for the claim the structured fields of the record follow.",
    "Instrument.adopted": "Year the instrument was adopted.",
    "MembershipRule.rule": "The rule, in words (e.g. every member State of the African Union).",
    "Chair.organization": "Id of the organization chairing (exactly one of state, organization).",
    "Chair.state": "ISO code of the State chairing (exactly one of state, organization).",
    "Participation.state": "ISO code of the State (exactly one of state, organization).",
    "Participation.organization": (
        "Id of the organization taking part (exactly one of state, organization)."
    ),
    "Engagement.organization": "Id of the organization that holds the role.",
    "Organization.kind": "What sort of body it is.",
    "Organization.name": "Full English name.",
    "Dataset.mechanisms": "Every mechanism, sorted by id.",
    "Dataset.organizations": "Every organization the records refer to, sorted by id.",
    "Dataset.engagements": "What organizations do in mechanisms, by mechanism, organization, role.",
    "Dataset.publications": "Research publications about ISCMs, sorted by id.",
    "Dataset.instruments": "Conventions and protocols the targeted consultations rest on.",
    "Dataset.consultations": "Targeted consultations held in global bodies, sorted by id.",
    "Dataset.focal_points": "Units that serve as an organization's focal point for ISCMs.",
    "Dataset.meetings": "Meetings of mechanisms, by mechanism, year and number.",
}


# -- type formatting ------------------------------------------------------------------------------


def _type_html(tp: Any, anchors: dict[str, str]) -> str:
    """A type annotation as HTML, with record and enum names linked to their sections."""
    if isinstance(tp, str):
        return html.escape(tp)
    if tp is type(None) or tp is None:
        return "None"
    if tp is Ellipsis:
        return "..."
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return " &#124; ".join(_type_html(a, anchors) for a in args)
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        inner = ", ".join(_type_html(a, anchors) for a in args)
        return f"{html.escape(name)}[{inner}]"
    if isinstance(tp, type):
        name = tp.__name__
        if tp.__module__ == "datetime":
            name = f"datetime.{name}"
        if name in anchors:
            return f'<a href="#{anchors[name]}">{name}</a>'
        return html.escape(name)
    return html.escape(str(tp))


def _field_types(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:
        return dict(getattr(cls, "__annotations__", {}))


def _default(a: Any) -> str:
    import attrs

    if a.default is attrs.NOTHING:
        return "required"
    if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
        made = a.default.factory()
        return "empty" if not made else html.escape(repr(made))
    if a.default in ((), frozenset()):
        return "empty"
    return html.escape(repr(a.default))


def _enum_users(classes: Iterable[type]) -> dict[type, list[str]]:
    """For each enum, the ``Class.field`` entries whose type mentions it."""
    import attrs

    users: defaultdict[type, list[str]] = defaultdict(list)

    def enums_in(tp: Any) -> Iterator[type]:
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            yield tp
        for arg in typing.get_args(tp):
            yield from enums_in(arg)

    for cls in classes:
        hints = _field_types(cls)
        for a in attrs.fields(cls):
            for e in enums_in(hints.get(a.name, a.type)):
                users[e].append(f"{cls.__name__}.{a.name}")
    return users


# -- page: data dictionary ------------------------------------------------------------------------


def data_dictionary(data: Any) -> str:
    import attrs

    import iscm
    from iscm import analysis, dataset, enums, model

    preferred = [
        "Mechanism",
        "Participation",
        "Association",
        "Secretariat",
        "Chair",
        "MembershipRule",
        "LocalizedName",
        "Claim",
        "Source",
        "Organization",
        "Engagement",
        "Meeting",
        "Publication",
        "Instrument",
        "TargetedConsultation",
        "FocalPoint",
    ]
    names = [n for n in preferred if n in model.__all__]
    names += [n for n in model.__all__ if n not in names]
    records = [getattr(model, n) for n in names if attrs.has(getattr(model, n))]
    results = [getattr(analysis, n) for n in analysis.__all__ if attrs.has(getattr(analysis, n))]
    vocab = [getattr(enums, n) for n in enums.__all__]
    anchors = {
        c.__name__: c.__name__.lower() for c in [*records, dataset.Dataset, *results, *vocab]
    }

    docs: dict[str, dict[str, str]] = {}
    for mod in (model, dataset, analysis, enums):
        docs.update(attribute_docs(mod))

    counts: Counter[str] = Counter(type(r).__name__ for r in _walk(data))

    out = [
        "# Data dictionary",
        "",
        f"Generated when this site was built, from the code of `iscm` {iscm.__version__} and the "
        f"embedded data version **{data.version}**. Every record is a frozen attrs class; the "
        "field names are also the keys of the JSON form (`iscm.to_json`), where fields left at "
        "their default are omitted. Types link to the record or vocabulary they name. A meaning "
        "in *italics* is a generic description of a field name that recurs across records; the "
        "field has no description of its own in the source yet.",
        "",
        "An aspect of a mechanism that has no value means *none* unless the aspect is listed in "
        "`Mechanism.unknown`, where it means *not known*.",
        "",
        "## Records",
        "",
    ]
    for cls in records:
        out += _class_section(cls, docs, anchors, counts)
    out += ["## The dataset", ""]
    out += _class_section(dataset.Dataset, docs, anchors, counts, skip_counts=True)
    out += [
        "## Analysis results",
        "",
        "Values returned by the functions of `iscm.analysis` (`most_overlapping`, "
        "`state_profile`, `profiles`, `membership_matrix`); they are not stored in the data.",
        "",
    ]
    for cls in results:
        out += _class_section(cls, docs, anchors, counts, skip_counts=True)

    users = _enum_users([*records, dataset.Dataset])
    out += [
        "## Vocabularies",
        "",
        "Closed lists of values. The strings in the *value* column are what the JSON form, the "
        "exports and the command line use.",
        "",
    ]
    for e in vocab:
        out += _enum_section(e, docs.get(e.__name__, {}), users.get(e, []), anchors)
    return "\n".join(out) + "\n"


def _class_section(
    cls: type,
    docs: dict[str, dict[str, str]],
    anchors: dict[str, str],
    counts: Counter[str],
    *,
    skip_counts: bool = False,
) -> list[str]:
    import attrs

    name = cls.__name__
    own = docs.get(name, {})
    hints = _field_types(cls)
    out = [f"### {name} {{#{anchors[name]}}}", ""]
    if cls.__doc__:
        out += [_rst_to_md(inspect.cleandoc(cls.__doc__)), ""]
    if not skip_counts:
        out += [f"In the embedded data: {counts.get(name, 0):,} records.", ""]
    out += ["| Field | Type | Default | Meaning |", "|---|---|---|---|"]
    for a in attrs.fields(cls):
        if a.name.startswith("_"):
            continue
        meaning = own.get(a.name)
        if meaning is not None:
            text = _cell(_one_paragraph(meaning))
        else:
            generic = GENERIC_MEANINGS.get(f"{name}.{a.name}") or GENERIC_MEANINGS.get(a.name)
            text = f"*{_cell(generic)}*" if generic else "—"
            if generic is None:
                log.info("data dictionary: %s.%s has no meaning", name, a.name)
        tp = _type_html(hints.get(a.name, a.type), anchors)
        out.append(f"| `{a.name}` | <code>{tp}</code> | {_default(a)} | {text} |")
    out.append("")
    public = [(n, obj) for n, obj in vars(cls).items() if not n.startswith("_")]
    computed = [(n, obj) for n, obj in public if isinstance(obj, property)]
    methods = [n for n, obj in public if isinstance(obj, types.FunctionType)]
    if computed:
        out += ["Computed from the fields:", "", "| Name | Meaning |", "|---|---|"]
        for n, obj in computed:
            doc = inspect.getdoc(obj) or ""
            first = _one_paragraph(doc.split("\n\n")[0]) if doc else "—"
            out.append(f"| `{n}` | {_cell(first)} |")
        out.append("")
    if methods:
        listed = ", ".join(f"`{n}()`" for n in methods)
        out += [f"Methods (see the [API reference](api.md)): {listed}.", ""]
    return out


def _enum_section(
    e: type[enum.Enum], member_docs: dict[str, str], users: list[str], anchors: dict[str, str]
) -> list[str]:
    name = e.__name__
    out = [f"### {name} {{#{anchors[name]}}}", ""]
    if e.__doc__:
        out += [_rst_to_md(inspect.cleandoc(e.__doc__)), ""]
    if users:
        out += ["Used by: " + ", ".join(f"`{u}`" for u in users) + ".", ""]
    short = any(isinstance(getattr(e, "short_name", None), property) for _ in [0])
    head = "| Value | Name | " + ("Short name | " if short else "") + "Definition |"
    out += [head, "|---|---|" + ("---|" if short else "") + "---|"]
    for member in e:
        definition = None
        if isinstance(getattr(e, "definition", None), property):
            definition = member.definition  # type: ignore[attr-defined]
        if definition is None:
            definition = member_docs.get(member.name)
        text = _cell(_one_paragraph(definition)) if definition else "—"
        row = f"| `{member.value}` | `{name}.{member.name}` | "
        if short:
            row += f"{_cell(member.short_name)} | "  # type: ignore[attr-defined]
        out.append(row + text + " |")
    out.append("")
    return out


# -- page: coverage and sources -------------------------------------------------------------------


def _coverage_notes(folder: Path) -> dict[str, tuple[str, str, str]]:
    """``{mechanism id: (note file name, heading anchor, note title)}`` from the notes' headings."""
    from markdown.extensions.toc import slugify

    found: dict[str, tuple[str, str, str]] = {}
    for path in sorted(folder.glob("*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        title_match = re.search(r"^# (.+)$", text, re.M)
        title = title_match.group(1).strip() if title_match else path.stem
        seen: Counter[str] = Counter()
        for heading in re.findall(r"^#{1,6} (.+?)\s*$", text, re.M):
            slug = slugify(heading, "-")
            n = seen[slug]
            seen[slug] += 1
            anchor = slug if n == 0 else f"{slug}_{n}"
            m = re.match(r"([a-z0-9]+(?:-[a-z0-9]+)*)\b", heading)
            if heading.startswith(("#",)) or m is None:
                continue
            found.setdefault(m.group(1), (path.name, anchor, title))
    return found


#: The mark shown for each state of :func:`iscm.analysis.coverage`.
SYMBOLS = {"recorded": "✓", "none": "–", "unknown": "?", "partial": "◐", "rule": "R"}


def coverage_page(data: Any, notes: dict[str, tuple[str, str, str]]) -> str:
    import iscm

    aspects = list(iscm.Aspect)
    eng_by: defaultdict[str, list[Any]] = defaultdict(list)
    for e in data.engagements:
        eng_by[e.mechanism].append(e)
    meet_by: defaultdict[str, list[Any]] = defaultdict(list)
    for mt in data.meetings:
        meet_by[mt.mechanism].append(mt)

    all_sources = _sources_in(data)
    urls = {s.url for s in all_sources}
    dates = sorted({s.accessed for s in all_sources})
    span = (
        (f"{dates[0].isoformat()}" if len(dates) == 1 else f"{dates[0]} to {dates[-1]}")
        if dates
        else "—"
    )

    from iscm.analysis import coverage

    states: dict[str, dict[Any, str]] = {
        m.id: {a: state.value for a, state in coverage(m).items()} for m in data.mechanisms
    }
    totals = {a: Counter(states[m.id][a] for m in data.mechanisms) for a in aspects}

    out = [
        "# Coverage and sources",
        "",
        f"Generated from data version **{data.version}** when this site was built: what the "
        f"dataset knows about each of its {len(data.mechanisms)} mechanisms, how many public "
        "documents back each record, and where sources disagree. The dataset cites "
        f"{len(urls):,} distinct documents in all, read {span}.",
        "",
        "Each mark says what the record holds for one aspect:",
        "",
        "- ✓ recorded;",
        "- – known to be none (e.g. no observers, no secretariat);",
        "- ? not known: no source was found (listed in `Mechanism.unknown`);",
        "- ◐ partly known: some values are recorded but the list is known to be incomplete;",
        "- R membership follows a rule (e.g. every AU member State), with no list expanded.",
        "",
        "The states are those of `iscm.analysis.coverage`, the function `iscm stats` reads too.",
        "",
        "*Sources* counts the distinct documents cited anywhere in the mechanism's record, its "
        "engagements and its meetings; *read* is the latest day one of them was read. *Conflicts* "
        "counts the claims the record keeps but does not follow; *reviewed* is the day the whole "
        "record was last checked against its sources. The compilation notes say what "
        "was searched and why a gap is still open.",
        "",
        "## Summary by aspect",
        "",
        "| Aspect | ✓ recorded | – none | ◐ partial | R rule | ? unknown |",
        "|---|---|---|---|---|---|",
    ]
    for a in aspects:
        t = totals[a]
        counts = " | ".join(str(t[s]) for s in ("recorded", "none", "partial", "rule", "unknown"))
        out.append(f"| {a.value} | {counts} |")
    out += ["", "## By mechanism", ""]
    header = "| Mechanism | Level | Status | " + " | ".join(a.value for a in aspects)
    header += " | Sources | Read | Reviewed | Conflicts | Notes |"
    out += [header, "|" + "---|" * (len(aspects) + 8)]
    for m in data.mechanisms:
        srcs = _sources_in(m, *eng_by[m.id], *meet_by[m.id])
        latest = max(s.accessed for s in srcs).isoformat()
        conflicts = sum(1 for c in m.claims if not c.adopted)
        marks = " | ".join(SYMBOLS[states[m.id][a]] for a in aspects)
        note = notes.get(m.id)
        note_link = f"[{note[0].removesuffix('.md')}]({note[0]}#{note[1]})" if note else "—"
        conflict_link = f"[{conflicts}](#{m.id})"
        reviewed = m.reviewed.isoformat() if m.reviewed else "not yet"
        out.append(
            f"| [{_cell(label(m))}](#{m.id}) `{m.id}` | {m.level.short_name} | {m.status.value} | "
            f"{marks} | {len({s.url for s in srcs})} | {latest} | {reviewed} | {conflict_link} | "
            f"{note_link} |"
        )
    out += [
        "",
        "## Open gaps and conflicting sources",
        "",
        "For each mechanism: the aspects no source was found for, and every claim the record "
        "keeps without following it, next to the claim it follows on the same topic.",
        "",
    ]
    for m in data.mechanisms:
        out += _mechanism_gaps(m, notes.get(m.id))
    return "\n".join(out) + "\n"


def _source_links(sources: Iterable[Any]) -> str:
    return ", ".join(f'[{_cell(s.publisher)}]({s.url} "{html.escape(s.title)}")' for s in sources)


def _mechanism_gaps(m: Any, note: tuple[str, str, str] | None) -> list[str]:
    out = [f"### {_cell(m.name)} {{#{m.id}}}", ""]
    facts = [f"`{m.id}`", m.level.short_name, m.status.value]
    if note:
        facts.append(f"notes: [{note[2]}]({note[0]}#{note[1]})")
    out += [" · ".join(facts), ""]
    if m.unknown:
        gaps = ", ".join(sorted(a.value for a in m.unknown))
        out += [f"**Not known:** {gaps}.", ""]
    else:
        out += ["**Not known:** nothing recorded as unknown.", ""]
    rejected = [c for c in m.claims if not c.adopted]
    if not rejected:
        out += ["**Conflicts:** none recorded.", ""]
        return out
    adopted: defaultdict[str, list[Any]] = defaultdict(list)
    for c in m.claims:
        if c.adopted:
            adopted[c.topic].append(c)
    out += ["**Conflicts:**", ""]
    for c in rejected:
        line = f"- `{c.topic}`: not followed: “{_cell(c.value)}” ({_source_links(c.sources)})"
        if adopted[c.topic]:
            kept = "; ".join(f"“{_cell(a.value)}”" for a in adopted[c.topic])
            line += f"; followed: {kept}"
        if c.note:
            line += f". {_cell(_one_paragraph(c.note))}"
        out.append(line)
    out.append("")
    return out


# -- figures --------------------------------------------------------------------------------------


class Figure(typing.NamedTuple):
    name: str
    title: str
    caption: str
    png: bytes
    alt: str


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=130, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _footer(ax: Any, data: Any, below: float = 30) -> None:
    """The data version under the bottom-right corner of ``ax``, ``below`` points down."""
    ax.annotate(
        f"iscm data version {data.version} · CC BY 4.0",
        xy=(1, 0),
        xycoords="axes fraction",
        xytext=(0, -below),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=7,
        color="#555555",
        annotation_clip=False,
    )


def make_figures(data: Any) -> list[Figure]:
    import matplotlib

    matplotlib.use("Agg")
    return [
        fig_timeline(data),
        fig_memberships(data),
        *[fig_heatmap(data, region) for region in ("africa", "americas")],
        fig_network(data),
    ]


def fig_timeline(data: Any) -> Figure:
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    import iscm

    now = int(data.version[:4])
    dated = [m for m in data.mechanisms if m.established is not None]
    undated = [m for m in data.mechanisms if m.established is None]
    dated.sort(key=lambda m: (m.established, m.established_month or 0, m.id), reverse=True)

    # Forums far older than the rest get a compressed axis of their own on the left.
    cut = 1975
    early = [m for m in dated if m.established < cut]
    start_right = 1980 if early else min(m.established for m in dated) - 2
    height = 0.27 * len(dated) + 1.6
    fig = MplFigure(figsize=(11, height))
    fig.subplots_adjust(top=1 - 0.55 / height, bottom=0.75 / height, left=0.3, right=0.97)
    if early:
        grid = fig.add_gridspec(1, 2, width_ratios=(1.2, 5), wspace=0.03)
        ax_l = fig.add_subplot(grid[0])
        ax = fig.add_subplot(grid[1], sharey=ax_l)
        axes = (ax_l, ax)
    else:
        ax_l, ax = None, fig.add_subplot()
        axes = (ax,)

    def end_of(m: Any) -> int:
        if m.status in (iscm.Status.ENDED, iscm.Status.DORMANT) and m.status_since:
            return int(m.status_since)
        return now

    looks = {
        iscm.Status.DORMANT: {"alpha": 0.45, "hatch": "////"},
        iscm.Status.UNKNOWN: {"alpha": 0.4},
    }
    for y, m in enumerate(dated):
        colour = LEVEL_COLOURS.get(m.level.value, "grey")
        start, end = m.established, end_of(m)
        for a in axes:
            a.barh(
                y,
                max(end - start, 0.6),
                left=start,
                height=0.62,
                color=colour,
                edgecolor=colour,
                linewidth=0.6,
                **looks.get(m.status, {}),
            )
            if m.status is iscm.Status.ENDED:
                a.plot([end], [y], marker="|", markersize=11, mew=2.2, color="black")
        text = str(start)
        if m.status is iscm.Status.ENDED:
            text += f"–{end}"
        elif m.status is iscm.Status.DORMANT:
            text += f", dormant since {m.status_since}" if m.status_since else ", dormant"
        elif m.status is iscm.Status.UNKNOWN:
            text += ", status unknown"
        ax.text(max(end, start_right) + 0.5, y, text, va="center", fontsize=7, color="#333333")

    first = axes[0]
    first.set_yticks(range(len(dated)), [label(m) for m in dated], fontsize=8)
    first.set_ylim(-0.7, len(dated) - 0.3)
    ax.set_xlim(start_right, now + 9)
    ax.set_xticks(range(start_right - start_right % 5 + 5, now + 1, 5))
    for a in axes:
        a.tick_params(axis="x", labelsize=8)
        a.grid(axis="x", color="#dddddd", linewidth=0.6)
        a.set_axisbelow(True)
        a.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.set_xlabel("Year", fontsize=9)
    if ax_l is not None:
        lo = min(m.established for m in early) - 6
        ax_l.set_xlim(lo, cut)
        ax_l.set_xticks([t for t in (1875, 1925) if t >= lo])
        ax_l.spines["right"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", left=False, labelleft=False)
        for a, x in ((ax_l, 1.0), (ax, 0.0)):  # the "//" marks of a broken axis
            a.plot(
                [x],
                [0],
                marker=[(-1, -1.6), (1, 1.6)],
                markersize=10,
                color="black",
                mew=1,
                transform=a.transAxes,
                clip_on=False,
            )
    handles = [Patch(color=c, label=f"{lv.replace('-', ' ')}") for lv, c in LEVEL_COLOURS.items()]
    handles += [
        Patch(facecolor="#999999", alpha=0.45, hatch="////", label="dormant"),
        Patch(facecolor="#999999", alpha=0.4, label="status unknown"),
        Line2D([], [], marker="|", markersize=11, mew=2.2, color="black", ls="", label="ended"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=True, framealpha=0.95)
    fig.suptitle(
        "When each mechanism began and, where it has, ended", fontsize=12, y=1 - 0.15 / height
    )
    _footer(ax, data, below=28)

    notes = []
    if undated:
        notes.append("Not shown, founding year unknown: " + ", ".join(label(m) for m in undated))
    if any(not m.is_iscm for m in data.mechanisms):
        notes.append(
            "* marks a global initiative held for context, which IOM does not count as an ISCM"
        )
    more = "".join(f" {n}." for n in notes)
    caption = (
        f"Every mechanism in the dataset with a known founding year ({len(dated)}), from the "
        "year it was established to the year it ended, to the year it went dormant where that "
        "is known, or else to the data year. Colour gives IOM's level; hatched bars are dormant "
        "mechanisms, pale bars those whose status is unknown, and a black tick marks an end. "
        f"Forums founded before {cut} (global bodies that discuss migration among other "
        f"things) are drawn on a compressed axis at the left.{more} Data version {data.version}."
    )
    return Figure(
        "timeline.png",
        "Timeline of mechanisms",
        caption,
        _png(fig),
        "Horizontal bars, one per mechanism, from its founding to its end or today",
    )


def fig_memberships(data: Any, top: int = 40) -> Figure:
    from matplotlib.figure import Figure as MplFigure

    import iscm

    # Memberships of mechanisms that have ended are left out, even where the record keeps the
    # participation open (no `until` year).
    ended = {m.id for m in data.mechanisms if m.status is iscm.Status.ENDED}
    rows = []
    from iscm.analysis import profiles as all_profiles

    for p in all_profiles(data):
        level_of = dict(p.levels)
        member = [level_of[i] for i in p.member_of if i not in ended]
        observer = [i for i in p.observer_of if i not in ended]
        if member:
            rows.append((p, member, len(observer)))
    rows.sort(key=lambda r: (-len(r[1]), -r[2], r[0].state))
    total_states = len(rows)
    cutoff = len(rows[min(top, len(rows)) - 1][1]) if rows else 0
    tied_out = sum(1 for r in rows[top:] if len(r[1]) == cutoff)
    rows = rows[:top]
    profiles = [r[0] for r in rows]
    fig = MplFigure(figsize=(10, 0.24 * len(rows) + 1.6))
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    left = [0] * len(rows)
    for lv in iscm.Level:
        counts = [r[1].count(lv) for r in rows]
        if not any(counts):
            continue
        ax.barh(
            ys,
            counts,
            left=left,
            color=LEVEL_COLOURS[lv.value],
            height=0.7,
            label=f"{lv.value.replace('-', ' ')} ({lv.short_name})",
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    for y, total, r in zip(ys, left, rows, strict=True):
        extra = f" (+{r[2]} as observer)" if r[2] else ""
        ax.text(total + 0.2, y, f"{total}{extra}", va="center", fontsize=7.5, color="#333333")
    ax.set_yticks(ys, [f"{p.name} ({p.state})" for p in profiles], fontsize=8)
    ax.set_ylim(-0.7, len(profiles) - 0.3)
    ax.set_xlim(0, max(left) * 1.18 + 1)
    ax.set_xlabel("Mechanisms the State is a current member of", fontsize=9)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"The {len(profiles)} States with the most ISCM memberships", fontsize=12)
    _footer(ax, data, below=28)
    caption = (
        f"How many mechanisms each State currently belongs to, for the {len(profiles)} States with "
        f"the most memberships (of {total_states} States that are a member anywhere), split by "
        "level. Mechanisms that have ended are left out. Observer seats are counted beside the "
        "bar, not in it. Ties are ordered by observer seats, then by ISO code"
        + (f"; {tied_out} more States also have {cutoff} and are not shown" if tied_out else "")
        + ". Global processes open to every State have no member list and "
        "add nothing here. Membership laid down by a rule (for example every African Union "
        "member in the Pan-African Forum) counts like any other. "
        f"Data version {data.version}."
    )
    return Figure(
        "memberships-per-state.png",
        "ISCM memberships per State",
        caption,
        _png(fig),
        "Bar chart of the number of memberships of the top States",
    )


def fig_heatmap(data: Any, region: str) -> Figure:
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Patch

    import iscm
    from iscm._countries import COUNTRY_NAMES

    reg = iscm.Region(region)
    # Rows: the member States of the mechanisms confined to the region. Columns: every
    # mechanism with participants from the region that has not ended and in which one of those
    # States takes part.
    confined = [m for m in data.mechanisms if m.regions == frozenset({reg})]
    states = sorted({s for m in confined for s in m.member_states})
    cols = [
        m
        for m in data.mechanisms
        if reg in m.regions
        and m.status is not iscm.Status.ENDED
        and (m.member_states | m.observer_states) & set(states)
    ]
    order = {iscm.Level.REGIONAL: 0, iscm.Level.INTER_REGIONAL: 1, iscm.Level.GLOBAL: 2}
    cols.sort(key=lambda m: (order.get(m.level, 3), -len(m.member_states & set(states)), m.id))
    from iscm.analysis import membership_matrix

    matrix = membership_matrix(data)
    col_idx = {mid: j for j, mid in enumerate(matrix.mechanisms)}
    row_idx = {s: i for i, s in enumerate(matrix.states)}

    def code(s: str, m: Any) -> int:
        role = matrix.cells[row_idx[s]][col_idx[m.id]] if s in row_idx else None
        return {iscm.ParticipantRole.MEMBER: 2, iscm.ParticipantRole.OBSERVER: 1}.get(role, 0)

    grid = [[code(s, m) for m in cols] for s in states]
    regional = [j for j, m in enumerate(cols) if m.level is iscm.Level.REGIONAL]
    # Group States by their pattern in the regional mechanisms so that blocks show.
    keyed = sorted(
        range(len(states)),
        key=lambda i: ([-grid[i][j] for j in regional], [-v for v in grid[i]], states[i]),
    )
    states = [states[i] for i in keyed]
    grid = [grid[i] for i in keyed]

    fig = MplFigure(figsize=(0.36 * len(cols) + 3.2, 0.2 * len(states) + 3.0))
    ax = fig.add_subplot()
    cmap = ListedColormap(["#f4f4f4", OBSERVER_COLOUR, MEMBER_COLOUR])
    ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)))
    ax.set_xticklabels(
        [label(m) + (" (dormant)" if m.status is iscm.Status.DORMANT else "") for m in cols],
        rotation=55,
        ha="left",
        va="bottom",
        rotation_mode="anchor",
        fontsize=8,
    )
    ax.xaxis.tick_top()
    for tick, m in zip(ax.get_xticklabels(), cols, strict=True):
        tick.set_color(LEVEL_COLOURS.get(m.level.value, "black"))
        tick.set_fontweight("bold")
    ax.set_yticks(range(len(states)), [f"{COUNTRY_NAMES[s]} ({s})" for s in states], fontsize=7)
    ax.set_xticks([x - 0.5 for x in range(1, len(cols))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(states))], minor=True)
    ax.grid(which="minor", color="white", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    if regional and len(regional) < len(cols):
        ax.axvline(max(regional) + 0.5, color="black", linewidth=1.2)
    handles = [
        Patch(color=MEMBER_COLOUR, label="member"),
        Patch(color=OBSERVER_COLOUR, label="observer"),
        Patch(facecolor="#f4f4f4", edgecolor="#bbbbbb", label="no current role"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        title="Role",
        title_fontsize=8,
    )
    name = region.replace("-", " ").title()
    fig.suptitle(f"{name}: who takes part where", fontsize=12, x=0.02, ha="left")
    _footer(ax, data, below=6)
    caption = (
        f"Current members and observers (States only) of the mechanisms with participants from "
        f"{name} that have not ended. Rows are the {len(states)} States that are members of at "
        f"least one mechanism whose participants all come from {name}; columns are regional "
        "processes "
        "(left of the black line, names in blue) then inter-regional forums (orange). Rows are "
        "grouped by their memberships in the regional processes so that each process's members "
        "form a block. Membership laid down by a rule is shown like listed membership. "
        f"Data version {data.version}."
    )
    return Figure(
        f"heatmap-{region}.png",
        f"Memberships in {name}",
        caption,
        _png(fig),
        f"Grid of {name} States against mechanisms, coloured by role",
    )


def _spring_layout(
    n: int, weights: dict[tuple[int, int], float], seed: int = 7, steps: int = 800
) -> Any:
    """Fruchterman-Reingold placement with weighted attraction; deterministic for a seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(n, 2))
    k = 1.0 / np.sqrt(max(n, 1))
    w = np.zeros((n, n))
    for (i, j), v in weights.items():
        w[i, j] = w[j, i] = v
    # Scale each pull by the degrees of its ends, so that a dense group of mechanisms that all
    # share members does not collapse into one spot.
    degree = np.maximum(w.sum(axis=1), 1e-9)
    w = w / np.sqrt(np.outer(degree, degree))
    temp = 0.25
    for _ in range(steps):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1) + 1e-9
        force = (k * k / dist**2)[:, :, None] * delta  # every pair pushes apart
        force -= (w * dist / k)[:, :, None] * delta  # linked pairs pull together
        disp = force.sum(axis=1) - 0.3 * pos  # a pull to the centre holds the parts together
        length = np.linalg.norm(disp, axis=-1)[:, None] + 1e-9
        pos += disp / length * np.minimum(length, temp)
        temp = max(temp * 0.993, 0.002)
    return pos


def _place_labels(fig: Any, ax: Any, pos: Any, texts: list[str], radii: list[float]) -> None:
    """Put each label beside its point where it overlaps no label and no point (greedy)."""
    import math

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    centres = ax.transData.transform(pos)
    px = fig.dpi / 72
    placed: list[Any] = []
    directions = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]

    def cost(box: Any, own: int) -> float:
        total = 0.0
        for other in placed:
            w = min(box.x1, other.x1) - max(box.x0, other.x0)
            h = min(box.y1, other.y1) - max(box.y0, other.y0)
            if w > 0 and h > 0:
                total += w * h
        for j, (cx, cy) in enumerate(centres):
            if j == own:
                continue
            r = radii[j] * px
            w = min(box.x1, cx + r) - max(box.x0, cx - r)
            h = min(box.y1, cy + r) - max(box.y0, cy - r)
            if w > 0 and h > 0:
                total += w * h
        return total

    order = sorted(range(len(texts)), key=lambda i: -radii[i])
    for i in order:
        best = None
        for dx, dy in directions:
            norm = math.hypot(dx, dy)
            gap = radii[i] + 2
            ha = "center" if dx == 0 else ("left" if dx > 0 else "right")
            va = "center" if dy == 0 else ("bottom" if dy > 0 else "top")
            t = ax.annotate(
                texts[i],
                pos[i],
                xytext=(gap * dx / norm, gap * dy / norm),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=8,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            box = t.get_window_extent(renderer)
            c = cost(box, i)
            if best is None or c < best[0]:
                if best is not None:
                    best[1].remove()
                best = (c, t, box)
            else:
                t.remove()
            if c == 0:
                break
        assert best is not None
        placed.append(best[2])


def fig_network(data: Any, threshold: float = 0.2) -> Figure:
    from iscm.analysis import most_overlapping

    import math

    import numpy as np
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D

    import iscm

    nodes = [m for m in data.mechanisms if m.member_states and m.status is not iscm.Status.ENDED]
    ids = [m.id for m in nodes]
    index = {mid: i for i, mid in enumerate(ids)}
    pairs = [
        o
        for o in most_overlapping(data, limit=len(ids) ** 2)
        if o.a in index and o.b in index and o.jaccard >= threshold
    ]
    linked = sorted({index[o.a] for o in pairs} | {index[o.b] for o in pairs})
    loners = [i for i in range(len(nodes)) if i not in set(linked)]
    # Lay out the linked mechanisms, then line up the ones with no link along the bottom.
    local = {i: n for n, i in enumerate(linked)}
    strong = {(local[index[o.a]], local[index[o.b]]): o.jaccard for o in pairs}
    sub = _spring_layout(len(linked), strong)
    pos = np.zeros((len(nodes), 2))
    pos[linked] = sub
    if loners:
        lo_x, hi_x = sub[:, 0].min(), sub[:, 0].max()
        step = (hi_x - lo_x) / max(len(loners), 1)
        for n, i in enumerate(loners):
            pos[i] = (lo_x + step * (n + 0.5), sub[:, 1].min() - 0.35 * (hi_x - lo_x))

    fig = MplFigure(figsize=(12, 10.5))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.03)
    ax = fig.add_subplot()
    for o in sorted(pairs, key=lambda o: o.jaccard):
        (x1, y1), (x2, y2) = pos[index[o.a]], pos[index[o.b]]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#555555",
            linewidth=0.4 + 4 * o.jaccard,
            alpha=0.2 + 0.6 * o.jaccard,
            zorder=1,
            solid_capstyle="round",
        )
    sizes = [30 + 9 * len(m.member_states) for m in nodes]
    ax.scatter(
        pos[:, 0],
        pos[:, 1],
        s=sizes,
        c=[LEVEL_COLOURS.get(m.level.value, "grey") for m in nodes],
        edgecolors="white",
        linewidths=1.2,
        zorder=2,
    )
    pad = 0.18 * (pos.max() - pos.min())
    ax.set_xlim(pos[:, 0].min() - pad, pos[:, 0].max() + pad)
    ax.set_ylim(pos[:, 1].min() - pad, pos[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    texts = [label(m) + (" (dormant)" if m.status is iscm.Status.DORMANT else "") for m in nodes]
    _place_labels(fig, ax, pos, texts, [math.sqrt(s) / 2 for s in sizes])
    handles = [
        Line2D([], [], marker="o", ls="", markersize=9, color=c, label=lv.replace("-", " "))
        for lv, c in LEVEL_COLOURS.items()
        if any(m.level.value == lv for m in nodes)
    ]
    handles += [
        Line2D(
            [],
            [],
            color="#555555",
            linewidth=0.4 + 4 * j,
            alpha=0.2 + 0.6 * j,
            label=f"Jaccard {j:.1f}",
        )
        for j in (threshold, 0.5, 1.0)
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color="#999999",
            markersize=math.sqrt(30 + 9 * n),
            label=f"{n} member States",
        )
        for n in (10, 50)
    ]
    ax.legend(
        handles=handles, loc="lower left", fontsize=8, frameon=True, labelspacing=1.3, borderpad=1
    )
    ax.set_title("Mechanisms linked by the member States they share", fontsize=12)
    _footer(ax, data, below=2)
    isolated = [label(nodes[i]) for i in loners]
    alone = (
        " Along the bottom, the mechanisms with no link that strong: " + ", ".join(isolated) + "."
        if isolated
        else ""
    )
    caption = (
        f"The {len(nodes)} mechanisms that have not ended and have a list of member States; a "
        "line joins two of them when their current member States overlap with a Jaccard "
        "similarity (shared members divided by the members of either) of at least "
        f"{threshold}, thicker and darker as it grows. Circle area grows with the number of "
        "member States; colour gives the level. The placement is force-directed, computed "
        "during the build (mechanisms that share many members pull together); distances carry "
        f"no other meaning.{alone} Data version {data.version}."
    )
    return Figure(
        "co-membership-network.png",
        "Co-membership network",
        caption,
        _png(fig),
        "Network of mechanisms joined by the member States they share",
    )


def figures_page(data: Any, figures: list[Figure]) -> str:
    out = [
        "# Figures",
        "",
        f"Drawn with matplotlib from the embedded data (version **{data.version}**) each time "
        "this site is built, so they always match the data. Click a figure to open it at full "
        "size. The figures are under the same licence as the data (CC BY 4.0); please cite the "
        "dataset and its version when you reuse them.",
        "",
    ]
    for n, fig in enumerate(figures, start=1):
        out += [
            f"## {fig.title}",
            "",
            f"[![{fig.alt}](figures/{fig.name})](figures/{fig.name})",
            "",
            f"**Figure {n}.** {fig.caption}",
            "",
        ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # render the figures into a folder, for looking at them
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/iscm-figures")
    target.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    import iscm

    for f in make_figures(iscm.load()):
        (target / f.name).write_bytes(f.png)
        print(target / f.name, datetime.date.today())
