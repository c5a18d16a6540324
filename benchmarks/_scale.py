"""The scale section: synthetic datasets of N renamed copies of the embedded one."""

from __future__ import annotations

import gc
import json
import time
import typing
from typing import Any

import attrs
from _harness import (
    _gc_collected,
    _per_call_us,
    _ratio,
    table_classes,
)
from _sections import lookup_cases

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

    def record(self, rec: dict[str, Any], cls: type) -> dict[str, Any]:
        """A copy of one record's plain form, renamed by what its fields' metadata says: a
        field that refers to a table of records with ids (``ref``) is renamed like those ids;
        names, acronyms and aliases of records with ids, and of translations, get the suffix;
        nested records are copied the same way; sources as :meth:`sources` says."""
        from iscm.schema import record_class

        hints = typing.get_type_hints(cls)
        named = "id" in attrs.fields_dict(cls) or cls.__name__ == "LocalizedName"
        new = dict(rec)
        for f in attrs.fields(cls):
            if f.name not in rec:
                continue
            value = rec[f.name]
            if f.name == "id" or f.metadata.get("ref") in RENAMED_TABLES:
                new[f.name] = self.ids(value) if isinstance(value, list) else self.id(value)
            elif f.name in ("name", "acronym") and named:
                new[f.name] = self.text(value)
            elif f.name == "aliases":
                new[f.name] = [self.text(a) for a in value]
            elif f.name == "sources":
                new[f.name] = self.sources(value)
            elif (inner := record_class(hints[f.name])) is not None:
                new[f.name] = (
                    [self.record(x, inner) for x in value]
                    if isinstance(value, list)
                    else self.record(value, inner)
                )
        return new

    def dataset(self, plain: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        classes = table_classes()
        return {
            table: [self.record(r, cls) for r in plain.get(table, ())]
            for table, cls in classes.items()
        }


#: The tables whose records have ids: references to them are renamed in a copy (States are not).
RENAMED_TABLES = frozenset(
    {"mechanisms", "organizations", "publications", "instruments", "consultations"}
)


def synthetic(plain: dict[str, Any], scale: int) -> dict[str, Any]:
    """The embedded dataset (copy 0, unchanged) plus ``scale - 1`` renamed copies."""
    tables = table_classes()
    out: dict[str, Any] = {k: v for k, v in plain.items() if k not in tables}
    for table in tables:
        out[table] = list(plain.get(table, ()))
    for n in range(1, scale):
        copy = _Copier(n).dataset(plain)
        for table in tables:
            out[table].extend(copy[table])
    return out


def _records(data: Any) -> int:
    return sum(len(getattr(data, t)) for t in table_classes())


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
