"""wrk ``--latency`` output: its latency distribution (50, 75, 90 and 99%), the maximum and totals.

wrk prints times with its own suffixes (``us``, ``ms``, ``s``, ``m``, ``h``).
Without ``--latency`` there is no distribution to read, and the error says so.
"""

from __future__ import annotations

import re

from ._common import Source, number
from .percentiles import Percentiles

HEADER = re.compile(r"^Running \S+ test @ (?P<url>\S+)", re.M)
POINT = re.compile(r"^\s+(?P<percent>[\d.]+)%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m|h)\s*$")
SECONDS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
TOTALS = re.compile(r"^\s*(?P<requests>\d+) requests in (?P<duration>[\d.]+\w+)")
RATE = re.compile(r"^Requests/sec:\s+(?P<rate>[\d.]+)")
MAX = re.compile(r"^\s+Latency\s+\S+\s+\S+\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m|h)\s")  # Thread Stats: Avg Stdev Max


def detect(src: Source) -> bool:
    return not src.is_folder and bool(HEADER.search(src.text()[:2000]))


def load(src: Source) -> Percentiles:
    points, facts, maximum = [], [], None
    for line, text in src.lines():
        if match := POINT.match(text):
            points.append((number(match["percent"], src, line) / 100,
                           number(match["value"], src, line) * SECONDS[match["unit"]], line))
        elif match := MAX.match(text):
            maximum = (1.0, number(match["value"], src, line) * SECONDS[match["unit"]], line)
        elif match := TOTALS.match(text):
            facts.append(f"{match['requests']} requests in {match['duration']}")
        elif match := RATE.match(text):
            facts.append(f"{match['rate']} requests/s")
    if not points:
        raise src.error("has no latency distribution: run wrk with --latency")
    return Percentiles(points + [maximum] if maximum else points, count=None, facts=tuple(facts))
