"""HdrHistogram percentile distributions (``.hgrm``: ``outputPercentileDistribution``, wrk2 ``--u_latency``).

Rows are ``Value Percentile TotalCount 1/(1-Percentile)``; the footer gives
the count, mean and max. The file does not say its value unit (the writer
chose a scaling ratio), so the reader is told it: ``unit:`` in the block.
"""

from __future__ import annotations

import re

from ..units import parse_unit
from ._common import Source, number
from .percentiles import Percentiles

HEADER = re.compile(r"^\s*Value\s+Percentile\s+TotalCount\s+1/\(1-Percentile\)", re.M)
ROW = re.compile(r"^\s*(?P<value>[\d.]+)\s+(?P<percentile>[\d.]+)\s+(?P<count>\d+)(?:\s+[\d.]+|\s+inf)?\s*$")
FOOTER = re.compile(r"Total count\s*=\s*(?P<count>\d+)")


def detect(src: Source) -> bool:
    return not src.is_folder and bool(HEADER.search(src.text()[:2000]))


def load(src: Source, unit: str | None) -> Percentiles:
    if not unit:
        raise src.error("an .hgrm file does not say its unit: add 'unit: ms' (or us, ns, s) to the block", key="unit")
    try:
        factor = parse_unit(unit).factor
    except KeyError:
        raise src.error(f"unknown unit {unit!r}: use ns, us, ms or s", key="unit") from None
    points, count = [], None
    for line, text in src.lines():
        if match := ROW.match(text):
            points.append((number(match["percentile"], src, line), number(match["value"], src, line) * factor, line))
        elif match := FOOTER.search(text):
            count = int(match["count"])
    if not points:
        raise src.error("has no percentile rows (Value, Percentile, TotalCount)")
    return Percentiles(points, count=count)
