"""The sections that time iscm against references: cold start, import time, load, lookups."""

from __future__ import annotations

import gc
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import (
    BREAKDOWN_SCRIPT,
    COLD_COMMANDS,
    MODULES_SCRIPT,
    _available,
    _gc_collected,
    _per_call_us,
    _ratio,
    _run_json,
    table_classes,
)

# -- sections -----------------------------------------------------------------------------------


def cold_start(env: dict[str, str], runs: int, warmups: int) -> dict[str, Any]:
    """Wall time of fresh interpreters, commands interleaved so that drift hits all alike."""
    names = [n for n in COLD_COMMANDS if not n.startswith(("pycountry", "iso3166"))]
    if _available("pycountry", env):
        names += ["pycountry-import", "pycountry-get"]
    if _available("iso3166", env):
        names.append("iso3166-get")
    times: dict[str, list[float]] = {n: [] for n in names}
    src = Path(env["PYTHONPATH"].split(os.pathsep)[0])
    commands = {**COLD_COMMANDS}
    for name in ("json-read-parse", "attrs-json"):
        commands[name] = commands[name].format(data=str(src / "iscm" / "data" / "iscm.json"))

    def once(name: str) -> float:
        start = time.perf_counter_ns()
        subprocess.run([sys.executable, "-c", commands[name]], env=env, check=True)
        return (time.perf_counter_ns() - start) / 1e6

    for _ in range(warmups):
        for name in names:
            once(name)
    for i in range(runs):
        order = names if i % 2 == 0 else names[::-1]
        for name in order:
            times[name].append(once(name))
    stats = {
        n: {"median_ms": statistics.median(t), "min_ms": min(t), "runs": len(t)}
        for n, t in times.items()
    }
    floor = stats["floor"]["median_ms"]
    ratios: dict[str, float] = {}
    if "pycountry-get" in stats:
        ref = stats["pycountry-get"]
        mine = stats["iscm-get"]
        ratios["iscm-get / pycountry-get (median)"] = _ratio(mine["median_ms"], ref["median_ms"])
        ratios["iscm-get / pycountry-get (min)"] = _ratio(mine["min_ms"], ref["min_ms"])
        ratios["iscm-get / pycountry-get, net of floor (median)"] = _ratio(
            mine["median_ms"] - floor, ref["median_ms"] - floor
        )
        ratios["import iscm / pycountry-get (median)"] = _ratio(
            stats["iscm-import"]["median_ms"], ref["median_ms"]
        )
        # The floors: what any design with attrs classes and JSON data pays before its first
        # record (benchmarks/README.md, "Reading the results").
        ratios["floor: python -c pass / pycountry-get (median)"] = _ratio(floor, ref["median_ms"])
        ratios["floor: import attrs / pycountry-get (median)"] = _ratio(
            stats["attrs"]["median_ms"], ref["median_ms"]
        )
        ratios["floor: json read + parse / pycountry-get (median)"] = _ratio(
            stats["json-read-parse"]["median_ms"], ref["median_ms"]
        )
        ratios["floor: import attrs + json read/parse / pycountry-get (median)"] = _ratio(
            stats["attrs-json"]["median_ms"], ref["median_ms"]
        )
        ratios["import attrs, cattrs / pycountry-get (median)"] = _ratio(
            stats["attrs-cattrs"]["median_ms"], ref["median_ms"]
        )
    if "iso3166-get" in stats:
        ratios["iscm-get / iso3166-get (median)"] = _ratio(
            stats["iscm-get"]["median_ms"], stats["iso3166-get"]["median_ms"]
        )
    ratios["iscm-get / floor (median)"] = _ratio(stats["iscm-get"]["median_ms"], floor)
    # A difference, not a ratio: noise can make it negative.
    above_floor = {"import iscm - python -c pass": stats["iscm-import"]["median_ms"] - floor}
    ratios["import iscm / import json (median)"] = _ratio(
        stats["iscm-import"]["median_ms"], stats["json"]["median_ms"]
    )
    breakdown_runs = [_run_json(BREAKDOWN_SCRIPT, env) for _ in range(max(3, runs // 4))]
    breakdown = {
        k: statistics.median(r[k] for r in breakdown_runs) * 1e3 for k in breakdown_runs[0]
    }
    return {
        "stats": stats,
        "ratios": ratios,
        "above_floor_ms": above_floor,
        "importtime": import_time(env, runs=max(3, runs // 4)),
        "modules": _run_json(MODULES_SCRIPT, env),
        "breakdown_ms": breakdown,
    }


def import_time(env: dict[str, str], runs: int) -> dict[str, Any]:
    """``-X importtime`` of a cold ``import iscm; iscm.load()``: own time by top-level package."""
    by_package: list[dict[str, float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import iscm; iscm.load()"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        totals: dict[str, float] = {}
        for line in out.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, _cumulative, name = (part.strip() for part in line[12:].split("|"))
            package = name.split(".")[0]
            if name.startswith("iscm."):
                package = name  # iscm's own modules, one by one
            totals[package] = totals.get(package, 0.0) + int(own) / 1e3
        by_package.append(totals)
    names = set().union(*by_package)
    median = {n: statistics.median(t.get(n, 0.0) for t in by_package) for n in names}
    top = sorted(median.items(), key=lambda kv: -kv[1])
    return {"own_ms_by_package": dict(top[:15]), "total_ms": sum(median.values())}


FIRST_LOAD_SCRIPT = r"""
import time
import iscm
start = time.perf_counter()
iscm.load()
print(time.perf_counter() - start)
"""


def load_vs_json(raw: bytes, reps: int, env: dict[str, str]) -> dict[str, Any]:
    """``iscm.load(bytes)`` against ``json.loads`` of the same bytes, interleaved; and the first
    ``iscm.load()`` of the embedded file in fresh interpreters (the generated code's path)."""
    import iscm

    with _gc_collected():
        start = time.perf_counter()
        data = iscm.load(raw)
        first = time.perf_counter() - start
    loads: list[float] = []
    parses: list[float] = []
    loads_nogc: list[float] = []
    embedded = [
        float(_run_json(FIRST_LOAD_SCRIPT, env)) for _ in range(min(reps, 7))
    ]  # what the first iscm.load() does with the embedded bytes, in a fresh interpreter
    for _ in range(reps):
        with _gc_collected():
            start = time.perf_counter()
            json.loads(raw)
            parses.append(time.perf_counter() - start)
        with _gc_collected():
            start = time.perf_counter()
            iscm.load(raw)
            loads.append(time.perf_counter() - start)
        with _gc_collected():
            gc.disable()
            try:
                start = time.perf_counter()
                iscm.load(raw)
                loads_nogc.append(time.perf_counter() - start)
            finally:
                gc.enable()
    index_times = []
    tables = {t: getattr(data, t) for t in table_classes()}
    for _ in range(max(3, reps // 2)):
        start = time.perf_counter()  # a new Dataset of the same records: cross-record checks,
        iscm.Dataset(version=data.version, **tables)  # sorting and lookup keys
        index_times.append(time.perf_counter() - start)
    load_ms = statistics.median(loads) * 1e3
    parse_ms = statistics.median(parses) * 1e3
    index_ms = statistics.median(index_times) * 1e3
    return {
        "bytes": len(raw),
        "reps": reps,
        "json_loads_ms": {"median": parse_ms, "min": min(parses) * 1e3},
        "iscm_load_ms": {"median": load_ms, "min": min(loads) * 1e3},
        "iscm_load_first_call_ms": first * 1e3,
        "embedded_generated_ms": {
            "median": statistics.median(embedded) * 1e3,
            "min": min(embedded) * 1e3,
        },
        "iscm_load_gc_disabled_ms": {
            "median": statistics.median(loads_nogc) * 1e3,
            "min": min(loads_nogc) * 1e3,
        },
        "split_ms": {
            "json.loads": parse_ms,
            "structure + record validators": load_ms - parse_ms - index_ms,
            "Dataset cross-record checks + lookup keys": index_ms,
        },
        "ratios": {
            "iscm.load / json.loads (median)": _ratio(load_ms, parse_ms),
            "iscm.load / json.loads (min)": _ratio(min(loads), min(parses)),
            "iscm.load gc-off / json.loads (median)": _ratio(
                statistics.median(loads_nogc) * 1e3, parse_ms
            ),
            "first iscm.load / json.loads (median)": _ratio(first * 1e3, parse_ms),
            "embedded: json.loads + generated code / json.loads (median)": _ratio(
                statistics.median(embedded) * 1e3, parse_ms
            ),
        },
    }


def _fold_variant(text: str) -> str:
    """An odd spelling of a key: accents dropped, case flipped, spacing doubled."""
    import unicodedata

    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return "  " + plain.swapcase().replace(" ", "  ") + " "


def _spellings(name: str) -> list[str]:
    """Every case variant of ``name``, bare and with a space before or after: distinct texts that
    read as the same State, more of them than ``state_code`` caches, so each call misses."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    out = []
    for mask in range(2 ** len(letters)):
        chars = list(name)
        for bit, i in enumerate(letters):
            if mask >> bit & 1:
                chars[i] = chars[i].swapcase()
        out += ["".join(chars), "".join(chars) + " ", " " + "".join(chars)]
    return out


def lookup_cases(data: Any) -> dict[str, Callable[[], object]]:
    """The hot queries, bound to one dataset."""
    import iscm

    alias = "Diálogo estructurado UE-ALC sobre migración"
    try:
        data.get(alias)
    except KeyError:  # data changed: take any non-ASCII translated name
        alias = next(
            t.name for m in data.mechanisms for t in m.translations if not t.name.isascii()
        )
    odd = _fold_variant(alias)
    assert data.get(odd) is data.get(alias), odd
    return {
        'get("colombo-process") by id': lambda: data.get("colombo-process"),
        'get("Colombo Process") by name': lambda: data.get("Colombo Process"),
        f"get({odd.strip()[:28]!r}...) alias, odd case/accents": lambda: data.get(odd),
        'organization("IOM")': lambda: data.organization("IOM"),
        'mechanisms_of("DEU")': lambda: data.mechanisms_of("DEU"),
        'engagements_of("IOM")': lambda: data.engagements_of("IOM"),
        'engagements_of("IOM", TECHNICAL_SECRETARIAT)': lambda: data.engagements_of(
            "IOM", iscm.EngagementRole.TECHNICAL_SECRETARIAT
        ),
        'search("colombo prcess")': lambda: data.search("colombo prcess"),
        'filter(level="regional")': lambda: data.filter(level="regional"),
        'filter(member="DEU", theme="labour-migration")': lambda: data.filter(
            member="DEU", theme="labour-migration"
        ),
    }


def _time_get_miss(data: Any) -> Callable[[], object]:
    def miss() -> object:
        try:
            return data.get("colmbo prcess")
        except KeyError as exc:
            return exc

    return miss


MENTION_TEXT = (
    "Ministers of the Rabat Process met the Abu Dhabi Dialogue (ADD) in Rabat; le Processus de "
    "Khartoum et la CRM aussi. Please add the cp figures; the Colombo Plan is another body. "
)


def hot_lookups(data: Any, repeat: int, min_time: float) -> dict[str, float]:
    import iscm

    cases = lookup_cases(data)
    cases['get("colmbo prcess") miss, with suggestions'] = _time_get_miss(data)
    cases['state_code("Côte d\'Ivoire") (issue 19 target: under 5 us)'] = lambda: iscm.state_code(
        "Côte d'Ivoire"
    )
    cases['state_code("ETH")'] = lambda: iscm.state_code("ETH")
    spellings = itertools.cycle(_spellings("Côte d'Ivoire"))  # more than the cache holds
    cases['state_code("Côte d\'Ivoire") uncached'] = lambda: iscm.state_code(next(spellings))
    cases["reference: dict lookup"] = lambda: {"a": 1}.get("a")
    results = {name: _per_call_us(fn, repeat, min_time) for name, fn in cases.items()}
    megabyte = (MENTION_TEXT * (1_000_000 // len(MENTION_TEXT) + 1))[:1_000_000]
    data.find_mentions("warm-up: the matcher is built on first use")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        data.find_mentions(megabyte)
        times.append(time.perf_counter() - start)
    results["find_mentions over 1 MB (issue 19 target: under 500000 us)"] = min(times) * 1e6
    return results
