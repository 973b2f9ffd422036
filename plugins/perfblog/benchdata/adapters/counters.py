"""Ratios of counters that tools print beside the counts (IPC, miss rates).

Computed only when both counters were counted; exact counts (zero-width
intervals, as valgrind's) give an exact ratio, anything else an untested one.
"""

from __future__ import annotations

import dataclasses

from ..record import Measurement

#: (metric, numerator events, denominator events, better)
RATIOS = (
    ("IPC", ("instructions",), ("cycles",), "higher"),
    ("branch-miss rate", ("branch-misses",), ("branches",), "lower"),
    ("cache-miss rate", ("cache-misses",), ("cache-references",), "lower"),
    ("L1-dcache miss rate", ("L1-dcache-load-misses",), ("L1-dcache-loads",), "lower"),
    ("I1 miss rate", ("I1mr",), ("Ir",), "lower"),
    ("D1 miss rate", ("D1mr", "D1mw"), ("Dr", "Dw"), "lower"),
    ("LL miss rate", ("ILmr", "DLmr", "DLmw"), ("Ir", "Dr", "Dw"), "lower"),
    ("branch mispredict rate", ("Bcm", "Bim"), ("Bc", "Bi"), "lower"),
)


def ratios(found: list[Measurement]) -> list[Measurement]:
    """``found`` plus every ratio whose counters are all present, per benchmark and version."""
    by_key = {(m.bench_id, m.version, m.metric): m for m in found}
    runs = list(dict.fromkeys((m.bench_id, m.version) for m in found))
    derived = []
    for bench_id, version in runs:
        for metric, top, bottom, better in RATIOS:
            parts = [by_key.get((bench_id, version, e)) for e in (*top, *bottom)]
            if None in parts:
                continue
            tops, bottoms = parts[:len(top)], parts[len(top):]
            denominator = sum(m.value for m in bottoms)
            if denominator:
                derived.append(_ratio(tops[0], metric, sum(m.value for m in tops) / denominator, parts, better))
    return found + derived


def _ratio(first: Measurement, metric: str, value: float, parts: list[Measurement], better: str) -> Measurement:
    exact = all(m.low == m.high == m.value for m in parts)
    return dataclasses.replace(first, metric=metric, unit="1", value=value, low=value if exact else None,
                               high=value if exact else None, spread_kind=None, samples=None, sample_count=None,
                               direction=better)
