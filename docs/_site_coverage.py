# ruff: noqa: RUF001 - the page shows en dashes
"""Generated page: coverage and sources (what each record holds, per aspect, by
:func:`iscm.analysis.coverage`; its sources, conflicts and open gaps)."""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from _site_common import _cell, _sources_in, label, one_paragraph

# -- page: coverage and sources -------------------------------------------------------------------


def coverage_notes(folder: Path, known: Iterable[str] = ()) -> dict[str, tuple[str, str, str]]:
    """``{mechanism id: (note file name, heading anchor, note title)}`` from the notes' headings.

    The rule (docs/contributing.md): in a note's "## Per mechanism" section, every "###" heading
    begins with the id of the mechanism it is about. A heading there that begins with no known id
    stops the build (``ValueError``), instead of silently losing its link on the coverage page.
    """
    ids = frozenset(known)
    from markdown.extensions.toc import slugify  # type: ignore[import-untyped, unused-ignore]

    found: dict[str, tuple[str, str, str]] = {}
    for path in sorted(folder.glob("*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        title_match = re.search(r"^# (.+)$", text, re.M)
        title = title_match.group(1).strip() if title_match else path.stem
        seen: Counter[str] = Counter()
        section = ""
        for hashes, heading in re.findall(r"^(#{1,6}) (.+?)\s*$", text, re.M):
            if len(hashes) == 2:
                section = heading
            lead = re.match(r"[a-z0-9]+(?:-[a-z0-9]+)*", heading)
            first = lead.group() if lead else ""
            if ids and len(hashes) == 3 and section == "Per mechanism" and first not in ids:
                raise ValueError(
                    f"docs/coverage/{path.name}: the heading {heading!r} must begin with the id "
                    "of the mechanism it is about"
                )
            slug = slugify(heading, "-")
            n = seen[slug]
            seen[slug] += 1
            anchor = slug if n == 0 else f"{slug}_{n}"
            if not first or (ids and first not in ids):
                continue
            found.setdefault(first, (path.name, anchor, title))
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
            line += f". {_cell(one_paragraph(c.note))}"
        out.append(line)
    out.append("")
    return out
