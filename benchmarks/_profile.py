"""Memory retained by a loaded dataset, and where the time of a load goes (cProfile)."""

from __future__ import annotations

import cProfile
import io
import pstats
from typing import Any

from _harness import (
    MEMORY_SCRIPT,
    TARGET_RETAINED_MIB,
    _run_json,
)

# -- memory and profile -------------------------------------------------------------------------


def memory(env: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = _run_json(MEMORY_SCRIPT, env)
    mib = 1024 * 1024
    result["ratios"] = {
        "retained / 5 MiB target": result["retained"] / (TARGET_RETAINED_MIB * mib),
        "retained / JSON bytes": result["retained"] / result["bytes"],
        "peak / JSON bytes": result["peak"] / result["bytes"],
    }
    return result


def _group(function: str) -> str:
    """The module a profiled function belongs to, by name: ``iscm.model``, ``cattrs``,
    ``attrs (generated code)``, ``json``, ``builtins`` (no file paths: modules may move)."""
    path = function.rsplit(":", 1)[0] if ":" in function else function
    if path.startswith("<"):
        words = path.strip("<>").split()
        return f"{words[0]} (generated code)" if words else "generated code"
    if path.startswith(("~", "{")):
        return "builtins"
    parts = path.removesuffix(".py").split("/")
    if parts[0] == "iscm":
        return ".".join(part for part in parts[:3] if part != "__init__")
    return parts[0] if len(parts) > 1 else "stdlib"


def profile(raw: bytes, top: int) -> list[dict[str, Any]]:
    import iscm

    iscm.load(raw)  # warm: the profile shows steady state, not hook generation
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(3):
        iscm.load(raw)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{_short(path)}:{line}({func})",
                "ncalls": ncalls // 3,
                "tottime_share": tottime / total,
                "cumtime_share": cumtime / total,
            }
        )
    rows.sort(key=lambda r: -r["tottime_share"])
    groups: dict[str, float] = {}
    for r in rows:
        name = _group(r["function"])
        groups[name] = groups.get(name, 0.0) + r["tottime_share"]
    summary = [
        {"function": f"[group] {name}", "ncalls": 0, "tottime_share": share, "cumtime_share": 0.0}
        for name, share in sorted(groups.items(), key=lambda kv: -kv[1])
    ]
    return summary + rows[:top]


def _short(path: str) -> str:
    for marker in ("site-packages/", "src/", "lib/python"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path
