"""Generated figures: the timeline, the memberships, the regional heatmaps, and the page that
shows them with the network of :mod:`_site_network`."""

# ruff: noqa: RUF001, PLR0915 - en dashes are wanted; figure code is long

from __future__ import annotations

from typing import Any

from _site_common import LEVEL_COLOURS, MEMBER_COLOUR, OBSERVER_COLOUR, Figure, _footer, _png, label
from _site_network import fig_network


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
        axes: tuple[Any, ...] = (ax_l, ax)
    else:
        ax_l, ax = None, fig.add_subplot()
        axes = (ax,)

    def end_of(m: Any) -> int:
        if m.status in (iscm.Status.ENDED, iscm.Status.DORMANT) and m.status_since:
            return int(m.status_since)
        return now

    looks: dict[Any, dict[str, Any]] = {
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
    handles: list[Any] = [
        Patch(color=c, label=f"{lv.replace('-', ' ')}") for lv, c in LEVEL_COLOURS.items()
    ]
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
    from iscm.analysis import profiles as all_profiles

    # Current memberships only: profiles() leaves out mechanisms that have ended, and
    # participations that have.
    rows = []
    for p in all_profiles(data, current_only=True):
        level_of = dict(p.levels)
        member = [level_of[i] for i in p.member_of]
        observer = list(p.observer_of)
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
    from iscm import STATE_NAMES as COUNTRY_NAMES

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
        if role is None:
            return 0
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
