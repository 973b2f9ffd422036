"""Google Benchmark's CSV reporter (``--benchmark_format=csv``, or ``--benchmark_out_format=csv``).

The same rows as its JSON, without ``run_type``: aggregates are the rows named
``NAME_mean``, ``_median``, ``_stddev`` and ``_cv`` (so a benchmark may not
itself be named like one). As for the JSON, repetitions
are the samples (mean ± stddev); with ``--benchmark_report_aggregates_only`` the
``_mean`` and ``_stddev`` rows are used. Metric names and counter units are the
JSON adapter's, so a CSV and a JSON run compare.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from ..record import Measurement
from ._common import Source, from_samples, measurement, non_empty, number
from .gbench import _COUNTER_UNITS

HEADER = "name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,error_message"
AGGREGATE = re.compile(r"^(?P<base>.+)_(?P<name>mean|median|stddev|cv)$")


def detect(src: Source) -> bool:
    return not src.is_folder and not src.looks_like_json() and any(t.startswith(HEADER) for _, t in src.lines())


def load(src: Source) -> list[Measurement]:
    text = src.text()
    start = text.index(HEADER)  # the console reporter may print its context first
    first_line = text.count("\n", 0, start) + 1
    reader = csv.DictReader(io.StringIO(text[start:]))
    runs: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    aggregates: dict[str, dict[str, tuple[int, dict]]] = defaultdict(dict)
    for row in reader:
        line = first_line + reader.line_num - 1
        if row["error_occurred"] == "true":
            raise src.error(f"benchmark {row['name']!r} failed: {row['error_message'] or 'no message'}", line=line)
        aggregate = AGGREGATE.match(row["name"])
        if aggregate:
            aggregates[aggregate["base"]][aggregate["name"]] = (line, row)
        else:
            runs[row["name"]].append((line, row))
    found = []
    for name in dict.fromkeys([*runs, *aggregates]):
        found.extend(_benchmark(src, name, runs.get(name, []), aggregates.get(name, {})))
    return non_empty(found, src)


def _metrics(src: Source, line: int, row: dict) -> dict[str, tuple[str, float]]:
    """metric -> (unit, value) for one row; empty cells are counters the run did not set."""
    unit = row["time_unit"]
    out = {"time": (unit, number(row["real_time"], src, line, "real_time")),
           "cpu time": (unit, number(row["cpu_time"], src, line, "cpu_time"))}
    for column, value in row.items():
        if value and column not in ("name", "iterations", "real_time", "cpu_time", "time_unit", "label",
                                    "error_occurred", "error_message"):
            metric, counter_unit = _COUNTER_UNITS.get(column, (column, "1/s" if column.endswith("_per_second") else "1"))
            out[metric] = (counter_unit, number(value, src, line, column))
    return out


def _benchmark(src: Source, name: str, runs: list[tuple[int, dict]], aggregates: dict) -> list[Measurement]:
    rows = runs or ([aggregates["mean"]] if "mean" in aggregates else [])
    per_row = [_metrics(src, line, row) for line, row in rows]
    found = []
    for metric, (unit, _) in (per_row[0] if per_row else {}).items():
        common = dict(bench_id=name, group=name.split("/")[0], metric=metric, unit=unit, line=rows[0][0])
        values = [m[metric][1] for m in per_row if metric in m]
        if len(values) > 1:
            found.append(from_samples(src, values, **common))
        elif runs or "stddev" not in aggregates:
            found.append(measurement(src, value=values[0], **common))
        else:
            line, row = aggregates["stddev"]
            spread = _metrics(src, line, row).get(metric, (unit, None))[1]
            found.append(measurement(src, value=values[0], spread=spread,
                                     spread_kind="stddev" if spread is not None else None,
                                     sample_count=int(rows[0][1]["iterations"]), **common))
    return found
