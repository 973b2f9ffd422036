"""vitest ``bench --outputJson``: tinybench's results per benchmark, in milliseconds.

The value is tinybench's ``mean`` ± ``sd`` over ``sampleCount`` samples
(vitest's table prints the mean and the relative margin of error, ``rme``);
the group is the ``describe`` block's full name. Raw samples are not kept
(vitest writes ``"samples": []`` unless asked), so verdicts use the summary.
"""

from __future__ import annotations

from ..record import Measurement
from ._common import Source, field, items, measurement, non_empty


def detect(src: Source) -> bool:
    files = (src.json_object() or {}).get("files")
    return isinstance(files, list) and bool(files) and all(isinstance(f, dict) and "groups" in f for f in files)


def load(src: Source) -> list[Measurement]:
    found = []
    for i, file in enumerate(items(src.json(), "files", src)):
        for j, group in enumerate(field(file, "groups", src, f"files[{i}]", kind=list)):
            for k, result in enumerate(field(group, "benchmarks", src, f"files[{i}].groups[{j}]", kind=list)):
                key = f"files[{i}].groups[{j}].benchmarks[{k}]"
                samples = result.get("samples") or None
                found.append(measurement(
                    src, bench_id=field(result, "name", src, key, kind=str), group=group.get("fullName"),
                    metric="time", unit="ms", key=key, value=field(result, "mean", src, key),
                    spread=field(result, "sd", src, key), spread_kind="stddev", samples=samples,
                    sample_count=result.get("sampleCount")))
    return non_empty(found, src)
