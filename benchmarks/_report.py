"""The report: every section's figures as tables, targets beside the ratios."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _harness import (
    COLD_LABELS,
    TARGET_COLD_BAR,
    TARGET_COLD_RATIO,
    TARGET_IMPORT_ABOVE_FLOOR_MS,
    TARGET_LINEARITY,
    TARGET_LOAD_RATIO,
    TARGET_OVERLAP_100X,
    _version,
)

# -- report -------------------------------------------------------------------------------------


def _commit(src: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(src), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def machine(env: dict[str, str]) -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "nproc": os.cpu_count(),
        "packages": {
            name: _version(name, env)
            for name in ("attrs", "cattrs", "pycountry", "iso3166", "iscm-data")
        },
    }


def _table(title: str, rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = [f"\n== {title} ==", "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append(line)
    for r in rows:
        cells = [
            r[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)),
        ]
        out.append("  ".join(cells))
    return "\n".join(out)


def report(results: dict[str, Any]) -> str:  # noqa: PLR0915 - one table after another
    parts: list[str] = []
    rows: list[tuple[str, ...]]
    m = results["machine"]
    parts.append(
        f"iscm benchmarks ({results['mode']} run): Python {m['python']} on {m['platform']}, "
        f"{m['nproc']} CPUs; src={results['src']} (iscm {results['iscm_version']}, "
        f"commit {results['commit']})"
    )
    parts.append("packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()))

    ratios: list[tuple[str, ...]] = []
    cold = results.get("cold_start")
    if cold:
        for k, v in cold["ratios"].items():
            target = ""
            if k.startswith("iscm-get / pycountry-get"):
                target = f"<= {TARGET_COLD_RATIO} (bar {TARGET_COLD_BAR})"
            ratios.append((f"cold: {k}", f"{v:.2f}", target))
        for k, v in cold["above_floor_ms"].items():
            target = f"<= {TARGET_IMPORT_ABOVE_FLOOR_MS:.0f} ms"
            ratios.append((f"cold: {k}, ms (median)", f"{v:.2f}", target))
    load = results.get("load")
    if load:
        for k, v in load["ratios"].items():
            target = f"<= {TARGET_LOAD_RATIO}" if k.startswith("iscm.load / json") else ""
            ratios.append((f"load: {k}", f"{v:.2f}", target))
    scale = results.get("scale")
    if scale:
        for key, res in scale.items():
            target = f"{1 - TARGET_LINEARITY:.1f}..{1 + TARGET_LINEARITY:.1f}"
            first = "10x" if "10x" in scale else next(iter(scale))
            ratios.append(
                (
                    f"scale: load per record {key} / {first}",
                    f"{res['per_record_vs_first']:.2f}",
                    target,
                )
            )
        for key, res in scale.items():
            ratios.append(
                (
                    f"scale: load per record {key} / {first}, gc disabled",
                    f"{res['per_record_gc_disabled_vs_first']:.2f}",
                    "",
                )
            )
        for key, res in scale.items():
            ratios.append(
                (
                    f"scale: most_overlapping(10) {key} / 1x",
                    f"{res['most_overlapping_vs_1x']:.1f}",
                    f"<= {TARGET_OVERLAP_100X:.0f} at 100x" if key == "100x" else "",
                )
            )
    mem = results.get("memory")
    if mem:
        for k, v in mem["ratios"].items():
            ratios.append((f"memory: {k}", f"{v:.2f}", "<= 1" if "target" in k else ""))
    parts.append(_table("Ratios (the results)", ratios, ("ratio", "value", "target")))

    if cold:
        rows = [
            (
                COLD_LABELS[n],
                f"{s['median_ms']:.1f}",
                f"{s['min_ms']:.1f}",
                f"{s['median_ms'] / cold['stats']['floor']['median_ms']:.2f}",
            )
            for n, s in cold["stats"].items()
        ]
        runs = next(iter(cold["stats"].values()))["runs"]
        parts.append(
            _table(
                f"Cold start, fresh interpreter ({runs} interleaved runs after warm-ups)",
                rows,
                ("command", "median ms", "min ms", "x floor"),
            )
        )
        parts.append(
            _table(
                "Cold start split, in one fresh interpreter (median)",
                [(k, f"{v:.1f}") for k, v in cold["breakdown_ms"].items()],
                ("step", "ms"),
            )
        )
        imp = cold["importtime"]
        parts.append(
            _table(
                f"-X importtime of 'import iscm; iscm.load()', own time by package (median; "
                f"all imports {imp['total_ms']:.1f} ms)",
                [(k, f"{v:.1f}") for k, v in imp["own_ms_by_package"].items()],
                ("package or iscm module", "ms"),
            )
        )
        mods = cold["modules"]
        parts.append(
            "\nmodules loaded: "
            + "; ".join(
                f"{when}: " + ", ".join(f"{mod}={'yes' if on else 'no'}" for mod, on in d.items())
                for when, d in mods.items()
            )
        )
    if load:
        rows = [
            (
                "json.loads",
                f"{load['json_loads_ms']['median']:.2f}",
                f"{load['json_loads_ms']['min']:.2f}",
            ),
            (
                "iscm.load(bytes)",
                f"{load['iscm_load_ms']['median']:.2f}",
                f"{load['iscm_load_ms']['min']:.2f}",
            ),
            (
                "iscm.load(bytes), gc disabled",
                f"{load['iscm_load_gc_disabled_ms']['median']:.2f}",
                f"{load['iscm_load_gc_disabled_ms']['min']:.2f}",
            ),
            (
                "first iscm.load() in a fresh interpreter (the generated code's path)",
                f"{load['embedded_generated_ms']['median']:.2f}",
                f"{load['embedded_generated_ms']['min']:.2f}",
            ),
            (
                "iscm.load(bytes), first call in process",
                f"{load['iscm_load_first_call_ms']:.2f}",
                "",
            ),
        ]
        parts.append(
            _table(
                f"Load of the embedded bytes ({load['bytes']:,} B, "
                f"{load['reps']} interleaved reps)",
                rows,
                ("what", "median ms", "min ms"),
            )
        )
        parts.append(
            _table(
                "Where iscm.load(bytes) spends its time (median)",
                [
                    (k, f"{v:.2f}", f"{v / load['iscm_load_ms']['median']:.0%}")
                    for k, v in load["split_ms"].items()
                ],
                ("part", "ms", "share"),
            )
        )
    if "lookups" in results:
        rows = [(k, f"{v:.2f}") for k, v in results["lookups"].items()]
        parts.append(_table("Hot lookups on the embedded dataset", rows, ("call", "us/call")))
    if scale:
        keys = list(scale)
        rows = [
            ("JSON bytes", *(f"{scale[k]['bytes']:,}" for k in keys)),
            ("records (all tables)", *(f"{scale[k]['records']:,}" for k in keys)),
            (
                "generate + iscm.to_json, s",
                *(f"{scale[k]['generate_and_to_json_s']:.2f}" for k in keys),
            ),
            ("iscm.load(bytes), s", *(f"{scale[k]['load_s']:.3f}" for k in keys)),
            ("json.loads, s", *(f"{scale[k]['json_loads_s']:.3f}" for k in keys)),
            ("load us/record", *(f"{scale[k]['load_us_per_record']:.1f}" for k in keys)),
            ("  vs 10x", *(f"{scale[k]['per_record_vs_first']:.2f}" for k in keys)),
            (
                "load us/record, gc disabled",
                *(f"{scale[k]['load_gc_disabled_us_per_record']:.1f}" for k in keys),
            ),
            (
                "  vs 10x, gc disabled",
                *(f"{scale[k]['per_record_gc_disabled_vs_first']:.2f}" for k in keys),
            ),
            (
                "json.loads us/record",
                *(f"{scale[k]['json_loads_us_per_record']:.1f}" for k in keys),
            ),
            ("iscm.load / json.loads", *(f"{scale[k]['load_vs_json_loads']:.2f}" for k in keys)),
            (
                "most_overlapping(10), ms",
                *(f"{scale[k]['most_overlapping_s'] * 1e3:.2f}" for k in keys),
            ),
            ("  vs 1x", *(f"{scale[k]['most_overlapping_vs_1x']:.1f}" for k in keys)),
        ]
        for name in scale[keys[0]]["lookups_us"]:
            rows.append(
                (
                    f"{name[:46]} us",
                    *(f"{scale[k]['lookups_us'].get(name, float('nan')):.2f}" for k in keys),
                )
            )
        parts.append(
            _table("Scale (synthetic renamed copies of the embedded data)", rows, ("", *keys))
        )
        if results.get("scale_note"):
            parts.append(results["scale_note"])
    if mem:
        mib = 1024 * 1024
        rows = [
            ("embedded JSON", f"{mem['bytes'] / mib:.2f}"),
            ("retained by iscm.load(bytes) (tracemalloc)", f"{mem['retained'] / mib:.2f}"),
            ("peak during iscm.load(bytes) (tracemalloc)", f"{mem['peak'] / mib:.2f}"),
            (
                "retained by first iscm.load() (tracemalloc)",
                f"{mem['retained_embedded'] / mib:.2f}",
            ),
            ("peak during first iscm.load() (tracemalloc)", f"{mem['peak_embedded'] / mib:.2f}"),
            ("process max RSS", f"{mem['maxrss'] / mib:.1f}"),
        ]
        parts.append(_table("Memory of the embedded dataset", rows, ("what", "MiB")))
    if results.get("profile"):
        grouped = [r for r in results["profile"] if r["function"].startswith("[group] ")]
        rows = [(r["function"][8:], f"{r['tottime_share']:.1%}") for r in grouped]
        parts.append(
            _table("cProfile of iscm.load(bytes): own time by group", rows, ("group", "own"))
        )
        rows = [
            (
                r["function"][:80],
                str(r["ncalls"]),
                f"{r['tottime_share']:.1%}",
                f"{r['cumtime_share']:.1%}",
            )
            for r in results["profile"]
            if r not in grouped
        ]
        parts.append(
            _table(
                "cProfile of iscm.load(bytes), top by own time",
                rows,
                ("function", "calls", "own", "cum"),
            )
        )
    return "\n".join(parts)
