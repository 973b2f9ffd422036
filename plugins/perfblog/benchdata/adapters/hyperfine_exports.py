"""hyperfine ``--export-csv`` and ``--export-markdown``: the summaries without per-run times.

Both hold, per command (or ``-n`` name), the mean ± standard deviation and, in
the CSV, user and system time and the ``parameter_*`` values of a scan. Neither
records the number of runs, so verdicts use the intervals; ``--export-json``
keeps the runs and supports Welch's test.
"""

from __future__ import annotations

import csv
import io
import re

from ..record import Measurement
from ._common import Source, measurement, non_empty, number

CSV_HEADER = "command,mean,stddev,median,user,system,min,max"
MD_HEADER = re.compile(r"^\|\s*Command\s*\|\s*Mean \[(?P<unit>[^\]]+)\]\s*\|")
MD_CELL = re.compile(r"^(?P<mean>[\d.,]+)(?: ± (?P<stddev>[\d.,]+))?$")


def detect_csv(src: Source) -> bool:
    return not src.is_folder and src.text().lstrip().startswith(CSV_HEADER)


def load_csv(src: Source) -> list[Measurement]:
    reader = csv.DictReader(io.StringIO(src.text()))
    found = []
    for row in reader:
        line = reader.line_num
        params = {k[len("parameter_"):]: v for k, v in row.items() if k.startswith("parameter_")}
        common = dict(bench_id=row["command"], unit="s", line=line, params=params)
        stddev = number(row["stddev"], src, line, "the stddev") if row["stddev"] else None
        found.append(measurement(src, metric="time", value=number(row["mean"], src, line, "the mean"), spread=stddev,
                                 spread_kind="stddev" if stddev is not None else None, **common))
        for metric, column in (("user time", "user"), ("system time", "system")):
            if number(row[column], src, line, f"the {column} time") > 0:
                found.append(measurement(src, metric=metric, value=number(row[column], src, line), **common))
    return non_empty(found, src)


def detect_markdown(src: Source) -> bool:
    return not src.is_folder and bool(MD_HEADER.match(src.text().lstrip()))


def load_markdown(src: Source) -> list[Measurement]:
    lines = [(n, t.strip()) for n, t in src.lines() if t.strip()]
    unit = MD_HEADER.match(lines[0][1])["unit"]
    found = []
    for line, text in lines[2:]:  # after the header and the |:---| rule
        cells = [c.strip() for c in text.strip("|").split("|")]
        cell = MD_CELL.match(cells[1])
        if not cell:
            raise src.error(f"cannot read the mean {cells[1]!r}: hyperfine writes 'mean ± stddev'", line=line)
        stddev = number(cell["stddev"], src, line, "the stddev") if cell["stddev"] else None
        found.append(measurement(src, bench_id=cells[0].strip("`"), metric="time", unit=unit, line=line,
                                 value=number(cell["mean"], src, line, "the mean"), spread=stddev,
                                 spread_kind="stddev" if stddev is not None else None))
    return non_empty(found, src)
