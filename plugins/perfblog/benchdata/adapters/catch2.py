"""Catch2 benchmarks (``BENCHMARK`` with ``CATCH_CONFIG_ENABLE_BENCHMARKING``): console and ``-r xml`` output.

Catch2 bootstraps the mean of its samples: the value is that mean with its
95% interval (``low mean`` … ``high mean`` in the console table, ``lowerBound``
… ``upperBound`` in the XML, whose values are nanoseconds). Benchmarks are
named as written; the XML also gives the test case, as the group.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..record import Measurement
from ..units import parse_unit
from ._common import Source, field, measurement, non_empty, number

FIRST = re.compile(r"^(?P<name>\S.*?)\s+(?P<samples>\d+)\s+(?P<iterations>\d+)\s+[\d.]+ \S+\s*$")
MEAN = re.compile(r"^\s+(?P<mean>[\d.]+) (?P<unit>\S+)\s+(?P<low>[\d.]+) (?P<low_unit>\S+)\s+"
                  r"(?P<high>[\d.]+) (?P<high_unit>\S+)\s*$")
HEADER = re.compile(r"^benchmark name\s+samples\s+iterations\s+estimated", re.M)


def detect_console(src: Source) -> bool:
    return not src.is_folder and not src.looks_like_json() and bool(HEADER.search(src.text()))


def load_console(src: Source) -> list[Measurement]:
    found, pending = [], None
    for line, text in src.lines():
        if pending and (mean := MEAN.match(text)):
            name, samples, at = pending
            scale = parse_unit(mean["unit"]).factor
            bounds = [number(mean[k], src, line) * parse_unit(mean[f"{k}_unit"]).factor / scale for k in ("low", "high")]
            found.append(measurement(src, bench_id=name, metric="time", unit=mean["unit"], line=at,
                                     value=number(mean["mean"], src, line), low=bounds[0], high=bounds[1],
                                     spread_kind="ci95", sample_count=samples))
            pending = None
        elif first := FIRST.match(text):
            pending = (first["name"], int(first["samples"]), line)
    return non_empty(found, src)


def detect_xml(src: Source) -> bool:
    return not src.is_folder and "<BenchmarkResults " in src.text()[:100000] and "<Catch" in src.text()[:500]


def load_xml(src: Source) -> list[Measurement]:
    try:
        root = ET.fromstring(src.text())
    except ET.ParseError as exc:
        raise src.error(f"malformed XML: {exc}", line=exc.position[0]) from None
    found = []
    for case in root.iter("TestCase"):
        for i, result in enumerate(case.iter("BenchmarkResults")):
            key = f"{case.get('name')}/BenchmarkResults[{i}]"
            mean = result.find("mean")
            if mean is None:
                raise src.error("has no <mean>", key=key)
            attrs = {k: float(v) for k, v in mean.attrib.items() if k in ("value", "lowerBound", "upperBound")}
            found.append(measurement(
                src, bench_id=result.get("name", "?"), group=case.get("name"), metric="time", unit="ns", key=key,
                value=field(attrs, "value", src, key), low=attrs.get("lowerBound"), high=attrs.get("upperBound"),
                spread_kind="ci95", sample_count=int(result.get("samples", "0")) or None))
    return non_empty(found, src)
