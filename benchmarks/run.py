"""Benchmarks of ``iscm``, side by side with reference points, reported as ratios.

Run from the repository root (stdlib only, plus iscm and, if installed, pycountry / iso3166)::

    python benchmarks/run.py             # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick     # smoke run (well under a minute)
    python benchmarks/run.py --json      # the same results as JSON on stdout

Every figure is paired with a reference measured in the same run (``python -c pass``, ``import
json``, pycountry, ``json.loads`` of the same bytes, the 10x dataset ...) and the report shows
the ratios: absolute times depend on the machine, ratios much less. Nothing here passes or fails;
the targets of issues 7 and 14 are printed next to the ratios for the reader.

Sections:

* cold start: fresh interpreters, warm-ups, interleaved runs, median and min;
* load: ``iscm.load(bytes)`` against ``json.loads`` of the same bytes, interleaved;
* lookups: hot ``get``/``organization``/``mechanisms_of``/``engagements_of``/``search``/
  ``filter`` in microseconds per call;
* scale: synthetic datasets of 10x, 100x, 1000x the embedded one (``--max-scale`` caps it);
* memory: tracemalloc peak and retained size of the loaded embedded dataset;
* profile: the top cProfile entries of ``iscm.load(bytes)``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = HERE.parent / "src"

# Targets from issues 7 and 14, shown next to the measured ratios (never checked).
TARGET_COLD_RATIO = 1.0
TARGET_COLD_BAR = 1.3  # issue 14: the bar below the target
TARGET_IMPORT_ABOVE_FLOOR_MS = 15.0
TARGET_LOAD_RATIO = 3.5
TARGET_LINEARITY = 0.20
TARGET_RETAINED_MIB = 5.0
# Target from issue 12: most_overlapping at 100x the data within 150x of its time at 1x.
TARGET_OVERLAP_100X = 150.0

COLD_COMMANDS: dict[str, str] = {
    "floor": "pass",
    "json": "import json",
    # Filled in with the data file's path by cold_start: reading and parsing it, nothing else.
    "json-read-parse": "import json; json.loads(open({data!r}, 'rb').read())",
    "attrs": "import attrs",
    "attrs-json": "import attrs, json; json.loads(open({data!r}, 'rb').read())",
    "attrs-cattrs": "import attrs, cattrs, cattrs.gen",
    "iscm-import": "import iscm",
    "iscm-get": 'import iscm; iscm.load().get("Colombo Process")',
    "pycountry-import": "import pycountry",
    "pycountry-get": 'import pycountry; pycountry.countries.get(alpha_3="DEU")',
    "iso3166-get": 'import iso3166; iso3166.countries.get("DEU")',
}
COLD_LABELS: dict[str, str] = {
    "floor": "python -c pass (floor)",
    "json": "import json",
    "json-read-parse": "read + json.loads of the embedded file (floor)",
    "attrs": "import attrs (floor: the model's classes are attrs classes)",
    "attrs-json": "import attrs + read + json.loads of the file (the two floors together)",
    "attrs-cattrs": "import attrs, cattrs, cattrs.gen (what the converter needs)",
    "iscm-import": "import iscm",
    "iscm-get": 'import iscm; iscm.load().get("Colombo Process")',
    "pycountry-import": "import pycountry",
    "pycountry-get": 'import pycountry; countries.get(alpha_3="DEU")',
    "iso3166-get": 'import iso3166; countries.get("DEU")',
}

# Split of one cold start, measured inside a fresh interpreter.
BREAKDOWN_SCRIPT = r"""
import json, sys, time
t0 = time.perf_counter()
import iscm
t1 = time.perf_counter()
import attrs
t2 = time.perf_counter()
import iscm.model
t3 = time.perf_counter()
import iscm.dataset
t4 = time.perf_counter()
from iscm._loading import embedded_bytes
raw = embedded_bytes()
t5 = time.perf_counter()
json.loads(raw)
t6 = time.perf_counter()
data = iscm.load()
t7 = time.perf_counter()
data.get("Colombo Process")
t8 = time.perf_counter()
print(json.dumps({
    "import iscm": t1 - t0,
    "import attrs": t2 - t1,
    "import iscm.model (enums, 16 attrs classes)": t3 - t2,
    "import iscm.dataset (Dataset class)": t4 - t3,
    "read embedded bytes": t5 - t4,
    "json.loads (for reference)": t6 - t5,
    "first iscm.load() (re-reads and parses the bytes)": t7 - t6,
    "first get": t8 - t7,
}))
"""

MODULES_SCRIPT = r"""
import json, sys
import iscm
WATCHED = ("attr", "cattrs", "cattrs.gen", "iscm._converter", "importlib.metadata")
after_import = {m: m in sys.modules for m in WATCHED}
iscm.load().get("Colombo Process")
after_get = {m: m in sys.modules for m in WATCHED}
print(json.dumps({"after import iscm": after_import, "after load().get": after_get}))
"""

MEMORY_SCRIPT = r"""
import gc, json, resource, sys, tracemalloc

def hwm():
    # VmHWM is this process's own peak; ru_maxrss also counts the parent's before exec.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

import iscm, iscm._converter
from iscm._loading import embedded_bytes
raw = embedded_bytes()
iscm.load(raw)  # hooks generated, caches warm: measure the data, not the code
gc.collect()
tracemalloc.start()
data = iscm.load(raw)
gc.collect()
retained, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
del data  # sources are interned weakly: a live dataset would lend its sources to the next one
gc.collect()
tracemalloc.start()
cached = iscm.load()
gc.collect()
retained_cached, peak_cached = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({
    "bytes": len(raw),
    "retained": retained,
    "peak": peak,
    "retained_embedded": retained_cached,
    "peak_embedded": peak_cached,
    "maxrss": hwm(),
}))
"""


# -- helpers ------------------------------------------------------------------------------------


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cold start means .pyc files exist, not none
    return env


def _available(module: str, env: dict[str, str]) -> bool:
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([sys.executable, "-c", probe], env=env, check=False).returncode == 0


def _run_json(script: str, env: dict[str, str]) -> Any:
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def _version(module: str, env: dict[str, str]) -> str | None:
    script = (
        "import importlib.metadata as m, sys\n"
        f"try: print(m.version({module!r}))\n"
        "except Exception: print('')"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    return out.stdout.strip() or None


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _per_call_us(fn: Callable[[], object], repeat: int, min_time: float) -> float:
    """Best time per call in microseconds (timeit's autorange, then ``repeat`` rounds)."""
    timer = timeit.Timer(fn)
    number = 1
    while True:  # like Timer.autorange, with our own minimum time
        took = timer.timeit(number)
        if took >= min_time:
            break
        number = max(number * 2, int(number * min_time / max(took, 1e-9)))
    best = min([took / number, *(t / number for t in timer.repeat(repeat - 1, number))])
    return best * 1e6


@contextmanager
def _gc_collected() -> Iterator[None]:
    gc.collect()
    yield
    gc.collect()


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


def load_vs_json(raw: bytes, reps: int) -> dict[str, Any]:
    """``iscm.load(bytes)`` against ``json.loads`` of the same bytes, interleaved."""
    import iscm
    from iscm.dataset import _check

    with _gc_collected():
        start = time.perf_counter()
        data = iscm.load(raw)
        first = time.perf_counter() - start
    loads: list[float] = []
    parses: list[float] = []
    loads_nogc: list[float] = []
    embedded: list[float] = []
    from iscm import _embedded_loader

    for _ in range(reps):
        with _gc_collected():  # what the first iscm.load() does with the embedded bytes
            gc.disable()
            try:
                start = time.perf_counter()
                _embedded_loader.build(json.loads(raw))
                embedded.append(time.perf_counter() - start)
            finally:
                gc.enable()
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
    for _ in range(max(3, reps // 2)):
        start = time.perf_counter()
        _check(data)  # the cross-record checks and the lookup keys
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
    try:  # the same lookup without the per-text cache (a first call, once the table is read)
        from iscm._states import _resolve

        uncached = _resolve.__wrapped__
        cases['state_code("Côte d\'Ivoire") uncached'] = lambda: uncached("Côte d'Ivoire")
    except (ImportError, AttributeError):  # an older iscm (--src)
        pass
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


# -- scale --------------------------------------------------------------------------------------


class _Copier:
    """Copy number ``n`` of the plain (unstructured) embedded dataset, with every key renamed.

    Ids get ``-s<n>``, names, acronyms and aliases `` S<n>``; every reference is renamed the same
    way, so the copy is consistent and its keys are unique. Inline sources get ``#s<n>`` on their
    URL (each copy cites its own pages); sources cited by id from a dataset's source table stay
    shared by all copies, as a real dataset's table would be. Parts that name nothing are shared
    between copies (the JSON text repeats them).
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._sources: dict[int, dict[str, Any]] = {}

    def id(self, value: str) -> str:
        return f"{value}-s{self.n}"

    def ids(self, values: list[str]) -> list[str]:
        return [self.id(v) for v in values]

    def text(self, value: str) -> str:
        return f"{value} S{self.n}"

    def sources(self, sources: list[Any]) -> list[Any]:
        out: list[Any] = []
        for s in sources:
            if isinstance(s, str):  # an id into the dataset's source table: shared by copies
                out.append(s)
                continue
            copy = self._sources.get(id(s))
            if copy is None:
                copy = dict(s, url=f"{s['url']}#s{self.n}")
                self._sources[id(s)] = copy
            out.append(copy)
        return out

    def record(
        self, rec: dict[str, Any], *, ids: tuple[str, ...] = (), lists: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        new = dict(rec)
        for key in ids:
            if new.get(key) is not None:
                new[key] = self.id(new[key])
        for key in lists:
            if key in new:
                new[key] = self.ids(new[key])
        for key in ("name", "acronym"):
            if isinstance(new.get(key), str) and "id" in rec:
                new[key] = self.text(new[key])
        if "aliases" in new:
            new["aliases"] = [self.text(a) for a in new["aliases"]]
        if "sources" in new:
            new["sources"] = self.sources(new["sources"])
        return new

    def mechanism(self, m: dict[str, Any]) -> dict[str, Any]:
        new = self.record(m, ids=("id",), lists=("predecessors", "successors"))
        if "translations" in m:
            new["translations"] = [
                dict(
                    t,
                    name=self.text(t["name"]),
                    sources=self.sources(t["sources"]),
                    **({"acronym": self.text(t["acronym"])} if "acronym" in t else {}),
                )
                for t in m["translations"]
            ]
        new["association"] = self.record(m["association"], lists=("institutions",))
        for key, ids, lists in (
            ("participants", ("organization",), ()),
            ("secretariat", ("organization",), ("partners",)),
            ("chairs", ("organization",), ()),
            ("claims", (), ()),
        ):
            if key in m:
                new[key] = [self.record(x, ids=ids, lists=lists) for x in m[key]]
        if "membership_rule" in m:
            new["membership_rule"] = self.record(m["membership_rule"], lists=("organizations",))
        return new

    def dataset(self, plain: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        rec = self.record
        return {
            "mechanisms": [self.mechanism(m) for m in plain["mechanisms"]],
            "organizations": [rec(o, ids=("id", "parent")) for o in plain["organizations"]],
            "engagements": [
                rec(
                    e,
                    ids=("organization", "mechanism", "through"),
                    lists=("partners", "in_consultation_with"),
                )
                for e in plain["engagements"]
            ],
            "publications": [rec(p, ids=("id", "publisher")) for p in plain["publications"]],
            "instruments": [rec(i, ids=("id", "organization")) for i in plain["instruments"]],
            "consultations": [
                rec(c, ids=("id", "organization"), lists=("instruments", "mechanisms"))
                for c in plain["consultations"]
            ],
            "focal_points": [rec(f, ids=("organization",)) for f in plain["focal_points"]],
            "meetings": [rec(mt, ids=("mechanism",)) for mt in plain["meetings"]],
        }


TABLES = (
    "mechanisms",
    "organizations",
    "engagements",
    "publications",
    "instruments",
    "consultations",
    "focal_points",
    "meetings",
)


def synthetic(plain: dict[str, Any], scale: int) -> dict[str, Any]:
    """The embedded dataset (copy 0, unchanged) plus ``scale - 1`` renamed copies."""
    out: dict[str, Any] = {k: v for k, v in plain.items() if k not in TABLES}
    for table in TABLES:
        out[table] = list(plain.get(table, ()))
    for n in range(1, scale):
        copy = _Copier(n).dataset(plain)
        for table in TABLES:
            out[table].extend(copy[table])
    return out


def _records(data: Any) -> int:
    return sum(len(getattr(data, t)) for t in TABLES)


def scale_runs(
    plain: dict[str, Any], scales: list[int], repeat: int, min_time: float
) -> dict[str, Any]:
    import iscm

    results: dict[str, Any] = {}
    for scale in scales:
        gen_start = time.perf_counter()
        text = iscm.to_json(synthetic(plain, scale))
        raw = text.encode("utf-8")
        del text
        gen_s = time.perf_counter() - gen_start
        loads: list[float] = []
        loads_nogc: list[float] = []
        # Small loads take milliseconds, where one preempted run would skew the ratio: best of 7.
        rounds = 7 if scale <= 10 else 1
        data = None
        for _ in range(rounds):
            for times, collect in ((loads, True), (loads_nogc, False)):
                data = None
                with _gc_collected():
                    if not collect:
                        gc.disable()
                    try:
                        start = time.perf_counter()
                        data = iscm.load(raw)
                        times.append(time.perf_counter() - start)
                    finally:
                        gc.enable()
        load_nogc_s = min(loads_nogc)
        with _gc_collected():
            start = time.perf_counter()
            json.loads(raw)
            parse_s = time.perf_counter() - start
        assert data is not None
        records = _records(data)
        lookups = {
            name: _per_call_us(fn, repeat, min_time)
            for name, fn in lookup_cases(data).items()
            if not (scale >= 100 and name.startswith("search"))
        }
        if scale >= 100:  # a linear scan of every name: one call only
            start = time.perf_counter()
            data.search("colombo prcess")
            lookups['search("colombo prcess")'] = (time.perf_counter() - start) * 1e6
        overlaps: list[float] = []
        for _ in range(rounds):
            with _gc_collected():
                start = time.perf_counter()
                iscm.analysis.most_overlapping(data, 10)
                overlaps.append(time.perf_counter() - start)
        results[f"{scale}x"] = {
            "scale": scale,
            "bytes": len(raw),
            "records": records,
            "mechanisms": len(data.mechanisms),
            "generate_and_to_json_s": gen_s,
            "load_s": min(loads),
            "json_loads_s": parse_s,
            "load_us_per_record": min(loads) / records * 1e6,
            "load_gc_disabled_s": load_nogc_s,
            "load_gc_disabled_us_per_record": load_nogc_s / records * 1e6,
            "json_loads_us_per_record": parse_s / records * 1e6,
            "load_vs_json_loads": _ratio(min(loads), parse_s),
            "lookups_us": lookups,
            "most_overlapping_s": min(overlaps),
        }
        del data, raw
        gc.collect()
    one = results.get("1x")
    for res in results.values():
        res["most_overlapping_vs_1x"] = (
            _ratio(res["most_overlapping_s"], one["most_overlapping_s"]) if one else float("nan")
        )
    base = results.get("10x") or results.get(f"{scales[0]}x")
    if base is not None:
        for res in results.values():
            res["per_record_vs_first"] = _ratio(
                res["load_us_per_record"], base["load_us_per_record"]
            )
            res["per_record_gc_disabled_vs_first"] = _ratio(
                res["load_gc_disabled_us_per_record"], base["load_gc_disabled_us_per_record"]
            )
            res["lookups_vs_first"] = {
                k: _ratio(v, base["lookups_us"][k])
                for k, v in res["lookups_us"].items()
                if k in base["lookups_us"]
            }
    return results


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


PROFILE_GROUPS = (
    ("<cattrs generated", "cattrs generated structure functions"),
    ("cattrs/", "cattrs library (lists, optionals, dispatch)"),
    ("<attrs generated", "attrs-generated __init__/__eq__"),
    ("attr/", "attrs library (validators)"),
    ("iscm/model.py", "iscm record validators and post-init checks"),
    ("iscm/_converter.py", "iscm converter hooks (strict types, enums, sources)"),
    ("iscm/dataset.py", "iscm Dataset: sorting, index, cross-record checks"),
    ("iscm/_keys.py", "iscm key folding"),
    ("iscm/_search.py", "iscm search index"),
    ("json/", "json decoding"),
    ("weakref.py", "weakref (source interning)"),
)


def _group(function: str) -> str:
    for marker, name in PROFILE_GROUPS:
        if marker in function:
            return name
    return "builtins and other stdlib" if function.startswith(("~", "3.")) else "other"


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


def _table(title: str, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
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
                "json.loads + generated code (how iscm.load() reads the embedded file)",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--max-scale",
        type=int,
        default=None,
        help="largest synthetic scale (default 300; 10 with --quick; 1000 needs ~10 GB)",
    )
    parser.add_argument("--runs", type=int, default=None, help="cold-start runs per command")
    parser.add_argument(
        "--src", type=Path, default=DEFAULT_SRC, help="the iscm source tree to measure"
    )
    parser.add_argument("--skip", action="append", default=[], help="section(s) to skip")
    args = parser.parse_args(argv)

    src = args.src.resolve()
    sys.path.insert(0, str(src))
    env = _env(src)
    import iscm
    from iscm._loading import embedded_bytes

    quick: bool = args.quick
    runs = args.runs or (5 if quick else 21)
    max_scale = args.max_scale or (10 if quick else 300)
    min_time = 0.02 if quick else 0.2
    repeat = 3 if quick else 5
    raw = embedded_bytes()
    results: dict[str, Any] = {
        "mode": "quick" if quick else "full",
        "src": str(src),
        "iscm_version": iscm.__version__,
        "commit": _commit(src),
        "machine": machine(env),
    }

    def step(name: str) -> bool:
        if name in args.skip:
            return False
        print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
        return True

    if step("cold"):
        results["cold_start"] = cold_start(env, runs=runs, warmups=1 if quick else 3)
    if step("load"):
        results["load"] = load_vs_json(raw, reps=5 if quick else 31)
    if step("lookups"):
        results["lookups"] = hot_lookups(iscm.load(), repeat, min_time)
    if step("scale"):
        scales = [s for s in (1, 10, 100, 300, 1000) if s <= max_scale]
        if max_scale not in scales:
            scales.append(max_scale)
        plain = iscm.converter.unstructure(iscm.load())
        results["scale"] = scale_runs(plain, sorted(scales), repeat, min_time)
        if max_scale < 1000:
            results["scale_note"] = (
                f"(scale capped at {max_scale}x by --max-scale or --quick; "
                "1000x takes several minutes and about 10 GB: --max-scale 1000)"
            )
    if step("memory"):
        results["memory"] = memory(env)
    if step("profile"):
        results["profile"] = profile(raw, top=12 if quick else 25)

    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    else:
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
