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
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the modules beside this one

from _harness import (
    DEFAULT_SRC,
    _env,
    packaged_bytes,
)
from _profile import memory, profile
from _report import _commit, machine, report
from _scale import scale_runs
from _sections import cold_start, hot_lookups, load_vs_json


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

    quick: bool = args.quick
    runs = args.runs or (5 if quick else 21)
    max_scale = args.max_scale or (10 if quick else 300)
    min_time = 0.02 if quick else 0.2
    repeat = 3 if quick else 5
    raw = packaged_bytes()
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
        results["load"] = load_vs_json(raw, reps=5 if quick else 31, env=env)
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
