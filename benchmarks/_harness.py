"""The benchmark harness: targets, the scripts run in fresh interpreters, and helpers."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import timeit
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

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
from importlib.resources import files
raw = (files("iscm") / "data" / "iscm.json").read_bytes()
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

import iscm
from importlib.resources import files
iscm.converter  # the converter's code, imported and generated: measure the data, not the code
raw = (files("iscm") / "data" / "iscm.json").read_bytes()
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


def packaged_bytes() -> bytes:
    """The embedded data file's bytes, read the public way (importlib.resources)."""
    from importlib.resources import files

    return (files("iscm") / "data" / "iscm.json").read_bytes()


def table_classes() -> dict[str, type]:
    """Each table of a dataset (a tuple field of :class:`iscm.Dataset`) and its record class."""
    import iscm
    from iscm.schema import record_class

    hints = typing.get_type_hints(iscm.Dataset)
    return {
        f.name: cls
        for f in attrs.fields(iscm.Dataset)
        if typing.get_origin(hints[f.name]) is tuple
        and (cls := record_class(hints[f.name])) is not None
    }
