"""pytest-benchmark ``compare --csv``: one summary row per test and saved run, in seconds.

The value is ``mean`` ± ``stddev`` over ``rounds`` (the columns ``--columns``
kept). The file does not say which saved run a row comes from, and sorts rows
by ``--sort``, so a file comparing several runs cannot be split honestly: it is
refused, with the way out (one run per file, or the saved JSON). Ids are test
names as the JSON adapter makes them (``test_fib[15]``; the node id where two
modules share a name).
"""

from __future__ import annotations

import csv
import io

from ..record import Measurement
from ._common import Source, measurement, non_empty, number, unique_ids

HEADER = "name,"
COLUMNS = {"min", "max", "mean", "stddev", "median", "iqr", "outliers", "ops", "rounds", "iterations"}


def detect(src: Source) -> bool:
    if src.is_folder or src.looks_like_json():
        return False
    first = src.text().lstrip().split("\n", 1)[0].strip().split(",")
    return first[0] == "name" and len(first) > 1 and set(first[1:]) <= COLUMNS


def load(src: Source) -> list[Measurement]:
    reader = csv.DictReader(io.StringIO(src.text()))
    if "mean" not in (reader.fieldnames or []):
        raise src.error("has no 'mean' column: export it with pytest-benchmark compare --columns=mean,stddev,rounds",
                        line=1)
    rows = [(reader.line_num, row) for row in reader]
    names = [row["name"] for _, row in rows]
    for line, row in rows:
        if names.count(row["name"]) > 1:
            raise src.error(f"{row['name']} appears {names.count(row['name'])} times: compare --csv does not record "
                            "which saved run a row is, so give one run per file (pytest-benchmark compare 0001 "
                            "--csv=…) or the saved .benchmarks/…/NNNN_*.json files", line=line)
    short = [name.rsplit("::", 1)[-1] for name in names]
    found = []
    for (line, row), bench_id in zip(rows, unique_ids(short, lambda i: names[i])):
        stddev = number(row["stddev"], src, line, "the stddev") if row.get("stddev") else None
        found.append(measurement(
            src, bench_id=bench_id, metric="time", unit="s", line=line,
            value=number(row["mean"], src, line, "the mean"), spread=stddev,
            spread_kind="stddev" if stddev is not None else None,
            sample_count=int(number(row["rounds"], src, line, "rounds")) if row.get("rounds") else None))
    return non_empty(found, src)
