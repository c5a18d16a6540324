"""Generated figure: the network of mechanisms joined by the member States they share."""

from __future__ import annotations

from typing import Any

from _site_common import LEVEL_COLOURS, Figure, _footer, _png, label


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
    import math

    import numpy as np
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D

    import iscm
    from iscm.analysis import most_overlapping

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
