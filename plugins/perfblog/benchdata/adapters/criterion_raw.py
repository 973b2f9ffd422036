"""Criterion 0.3's ``raw.csv``: one baseline's samples, without Criterion's estimates.

Each row is a sample: ``sample_measured_value`` over ``iteration_count``
iterations. The samples are the per-iteration averages, and the value is their
mean: the point estimate Criterion writes as ``mean`` in ``estimates.json``.
Criterion's confidence intervals and change estimate are not in this file
(name the ``target/criterion`` folder for them); verdicts use Welch's test on
the samples. A throughput is the amount per iteration over that time.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from ..record import Measurement
from . import criterion
from ._common import Source, from_samples, non_empty, number

HEADER = "group,function,value,throughput_num,throughput_type,sample_measured_value,unit,iteration_count"
THROUGHPUT = {"bytes": "Bytes", "elements": "Elements"}  # raw.csv spelling -> benchmark.json's


def detect(src: Source) -> bool:
    return not src.is_folder and src.text().lstrip().startswith(HEADER)


def load(src: Source) -> list[Measurement]:
    reader = csv.DictReader(io.StringIO(src.text()))
    samples: dict[str, list[float]] = defaultdict(list)
    first: dict[str, tuple[int, dict]] = {}
    for row in reader:
        line = reader.line_num
        bench_id = "/".join(p for p in (row["group"], row["function"], row["value"]) if p)
        first.setdefault(bench_id, (line, row))
        measured = number(row["sample_measured_value"], src, line, "sample_measured_value")
        samples[bench_id].append(measured / number(row["iteration_count"], src, line, "iteration_count"))
    found = []
    for bench_id, times in samples.items():
        line, row = first[bench_id]
        common = dict(bench_id=bench_id, group=row["group"], line=line)
        time = from_samples(src, times, metric="time", unit=row["unit"], **common)
        found.append(time)
        if row["throughput_type"]:  # the same figure as Criterion's thrpt line, judged by the time
            kind = THROUGHPUT.get(row["throughput_type"], row["throughput_type"])
            amount = number(row["throughput_num"], src, line, "throughput_num")
            found.append(criterion._throughput(src, src, {kind: amount}, time, common))
    return non_empty(found, src)
