"""Google Benchmark ``--benchmark_out_format=json``.

Rows are either ``iteration`` rows (one per repetition) or ``aggregate`` rows
(mean, median, stddev, cv, BigO...). With repetitions, the value is the mean ±
stddev of the iteration rows, which are also the samples. When only aggregates
were reported, the ``mean`` and ``stddev`` rows are used. ``cv`` rows are never
read as times: their "times" are fractions although ``time_unit`` names a unit.
Counters: ``bytes_per_second`` is throughput, ``items_per_second`` a rate (both
computed from the CPU time, so judged with it), and user counters are plain
numbers (rates when named ``*_per_second``; the JSON does not mark ``kIsRate``
counters, the block's ``rate-counters:`` does). Repetitions are judged by compare.py's
U test; aggregates-only files by Welch's test from mean, stddev and count.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..record import Measurement
from ._common import Source, field, from_samples, items, measurement

_NOT_COUNTERS = {
    "name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
    "repetition_index", "threads", "iterations", "real_time", "cpu_time", "time_unit",
    "aggregate_name", "aggregate_unit", "label", "error_occurred", "error_message",
    "big_o", "rms", "complexity_n",
}
_COUNTER_UNITS = {"bytes_per_second": ("throughput", "B/s"), "items_per_second": ("items/s", "1/s")}
_RATES_OF_CPU_TIME = {metric for metric, _ in _COUNTER_UNITS.values()}


def detect(src: Source) -> bool:
    data = src.json_object()
    return data is not None and "context" in data and "benchmarks" in data


def load(src: Source) -> list[Measurement]:
    iterations: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    aggregates: dict[str, dict[str, tuple[int, dict]]] = defaultdict(dict)
    for i, row in enumerate(items(src.json(), "benchmarks", src)):
        key = f"benchmarks[{i}]"
        name = field(row, "run_name", src, key, kind=str) if "run_name" in row else field(row, "name", src, key, kind=str)
        if row.get("error_occurred"):
            raise src.error(f"benchmark {name!r} failed: {row.get('error_message', 'no message')}", key=key)
        if row.get("run_type") == "aggregate":
            aggregates[name][field(row, "aggregate_name", src, key, kind=str)] = (i, row)
        else:
            iterations[name].append((i, row))
    found = []
    for name in dict.fromkeys([*iterations, *aggregates]):
        found.extend(_benchmark(src, name, iterations.get(name, []), aggregates.get(name, {})))
    return found


def _metrics(src: Source, i: int, row: dict) -> dict[str, tuple[str, float]]:
    """metric -> (unit, value) for one row."""
    key = f"benchmarks[{i}]"
    time_unit = field(row, "time_unit", src, key, kind=str)
    out = {
        "time": (time_unit, field(row, "real_time", src, key)),
        "cpu time": (time_unit, field(row, "cpu_time", src, key)),
    }
    for name, value in row.items():
        if name in _NOT_COUNTERS or not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        metric, unit = _COUNTER_UNITS.get(name, (name, "1/s" if name.endswith("_per_second") else "1"))
        out[metric] = (unit, value)
    return out


def _benchmark(src, name, iteration_rows, aggregate_rows) -> list[Measurement]:
    common = dict(bench_id=name, group=name.split("/")[0])
    rows = iteration_rows or ([aggregate_rows["mean"]] if "mean" in aggregate_rows else [])
    if not rows:
        return []  # only BigO/RMS rows: nothing comparable
    threads = rows[0][1].get("threads", 1)
    if threads != 1:
        common["params"] = {"threads": threads}
    per_row = [_metrics(src, i, row) for i, row in rows]
    first_index = rows[0][0]
    found = []
    for metric, (unit, _) in per_row[0].items():
        key = f"benchmarks[{first_index}].{metric}"
        values = [m[metric][1] for m in per_row if metric in m]
        if len(values) > 1:
            found.append(from_samples(src, values, metric=metric, unit=unit, key=key, rule="gbench", **common))
        elif iteration_rows or "stddev" not in aggregate_rows:
            found.append(measurement(src, metric=metric, unit=unit, value=values[0], key=key, estimator="mean",
                                     **common))
        else:  # aggregates only: mean ± stddev over the reported repetitions
            j, stddev_row = aggregate_rows["stddev"]
            spread = _metrics(src, j, stddev_row).get(metric, (unit, None))[1]
            found.append(
                measurement(
                    src, metric=metric, unit=unit, value=values[0], key=key, spread=spread,
                    spread_kind="stddev" if spread is not None else None,
                    sample_count=rows[0][1].get("repetitions"), estimator="mean", **common,
                )
            )
    return _judged_by_cpu_time(found)


def _judged_by_cpu_time(found: list[Measurement]) -> list[Measurement]:
    """bytes_per_second and items_per_second are amounts over the CPU time: one verdict with it."""
    cpu = next((m for m in found if m.metric == "cpu time"), None)
    if cpu is None:
        return found
    return [dataclasses.replace(m, basis=cpu) if m.metric in _RATES_OF_CPU_TIME else m for m in found]


def environment(src: Source) -> list[tuple[str, str]]:
    context = src.json().get("context") or {}
    caches = ", ".join(
        f"L{c.get('level')}{ {'Data': 'd', 'Instruction': 'i'}.get(c.get('type'), '')} {_size(c.get('size', 0))}"
        for c in context.get("caches") or []
    )
    facts = [
        ("Host", context.get("host_name")),
        ("CPUs", context.get("num_cpus")),
        ("CPU MHz", context.get("mhz_per_cpu")),
        ("CPU scaling", {True: "enabled", False: "disabled"}.get(context.get("cpu_scaling_enabled"))),
        ("Caches", caches),
        ("Load average", " ".join(f"{x:.2f}" for x in context.get("load_avg") or [])),
        ("Google Benchmark build", context.get("library_build_type")),
        ("Executable", context.get("executable")),
        ("Date", context.get("date")),
    ]
    return [(k, str(v)) for k, v in facts if v not in (None, "")]


def _size(size: int) -> str:
    return f"{size // 1024**2} MiB" if size >= 1024**2 and size % 1024**2 == 0 else f"{size // 1024} KiB"
