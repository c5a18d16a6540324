"""The benchmark runner runs and reports every ratio issues 7 and 14 set a target for, and the
floors beside them.

Nothing here is timed: the runner is smoke-run at its smallest settings and its output checked
for shape (sections, ratios that are finite and positive), so that it does not rot between the
full runs recorded in benchmarks/README.md.
"""

from __future__ import annotations

import importlib.util
import json
import math
import pathlib
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest

RUNNER = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"

pytestmark = [
    pytest.mark.skipif(not RUNNER.exists(), reason="needs the source tree"),
    pytest.mark.slow,
]


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("iscm_benchmarks_run", RUNNER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--runs", "1", "--max-scale", "2", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_every_section_ran(results: dict[str, Any]) -> None:
    for section in ("cold_start", "load", "lookups", "scale", "memory", "profile"):
        assert results[section], section
    assert set(results["scale"]) == {"1x", "2x"}


def test_ratios_with_targets_are_reported(results: dict[str, Any]) -> None:
    cold = results["cold_start"]["ratios"]
    if "pycountry-get" in results["cold_start"]["stats"]:
        assert "iscm-get / pycountry-get (median)" in cold
        assert "import attrs, cattrs / pycountry-get (median)" in cold
        for floor in ("python -c pass", "import attrs", "json read + parse"):
            assert f"floor: {floor} / pycountry-get (median)" in cold, floor
    assert "import iscm - python -c pass" in results["cold_start"]["above_floor_ms"]
    embedded = "embedded: json.loads + generated code / json.loads (median)"
    assert embedded in results["load"]["ratios"]
    assert "iscm.load / json.loads (median)" in results["load"]["ratios"]
    assert "retained / 5 MiB target" in results["memory"]["ratios"]
    ratios = [*cold.values(), *results["load"]["ratios"].values()]
    ratios += [r["per_record_vs_first"] for r in results["scale"].values()]
    assert all(math.isfinite(r) and r > 0 for r in ratios), ratios


def test_lookups_are_per_call_microseconds(results: dict[str, Any]) -> None:
    assert results["lookups"], "no lookups measured"
    assert all(math.isfinite(v) and v > 0 for v in results["lookups"].values())


def test_text_report_renders_every_table(results: dict[str, Any]) -> None:
    text = _runner().report(results)
    for title in ("== Ratios (the results) ==", "== Cold start", "== Scale", "== Memory"):
        assert title in text, title
    if "pycountry-get" in results["cold_start"]["stats"]:
        assert "cold: iscm-get / pycountry-get (median)" in text
