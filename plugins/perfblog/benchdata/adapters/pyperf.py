"""pyperf JSON (``-o file.json``): runs of values per benchmark.

The samples are every run's ``values`` (calibration and warmup values are left
out, as pyperf does); the value is their mean ± stddev, what ``pyperf show``
prints. The unit comes from the metadata (``second``, ``byte``, ``integer``).
"""

from __future__ import annotations

from ..record import Measurement
from ._common import Source, field, from_samples, items

UNITS = {"second": "s", "byte": "B", "integer": "1"}
METRICS = {"second": "time", "byte": "memory", "integer": "count"}


def detect(src: Source) -> bool:
    data = src.json_object() or {}
    benches = data.get("benchmarks")
    return isinstance(benches, list) and "version" in data and all("runs" in b for b in benches)


def load(src: Source) -> list[Measurement]:
    data = src.json()
    common_meta = data.get("metadata") or {}
    found = []
    for i, bench in enumerate(items(data, "benchmarks", src)):
        key = f"benchmarks[{i}]"
        meta = {**common_meta, **(bench.get("metadata") or {})}
        name = field(meta, "name", src, f"{key}.metadata", kind=str)
        unit = meta.get("unit", "second")
        if unit not in UNITS:
            raise src.error(f"unknown pyperf unit {unit!r}", key=f"{key}.metadata.unit")
        values = [v for run in field(bench, "runs", src, key, kind=list) for v in run.get("values", [])]
        if not values:
            raise src.error(f"benchmark {name!r} has no values (only calibration runs)", key=key)
        found.append(from_samples(src, values, bench_id=name, metric=METRICS[unit], unit=UNITS[unit], key=key,
                                  rule="pyperf"))
    return found


def environment(src: Source) -> list[tuple[str, str]]:
    meta = src.json().get("metadata") or {}
    facts = [
        ("CPU", meta.get("cpu_model_name")),
        ("CPU count", meta.get("cpu_count")),
        ("CPU frequency", meta.get("cpu_freq")),
        ("CPU config", meta.get("cpu_config")),
        ("Platform", meta.get("platform")),
        ("Python", meta.get("python_version")),
        ("Host", meta.get("hostname")),
        ("ASLR", meta.get("aslr")),
        ("pyperf", meta.get("perf_version")),
    ]
    return [(k, str(v)) for k, v in facts if v not in (None, "")]
