"""JSON that CI benchmark trackers read: Bencher Metric Format and github-action-benchmark's custom JSON.

* BMF (``bencher run --adapter json``): ``{"benchmark": {"measure": {"value": 1.0,
  "lower_value": 0.9, "upper_value": 1.1}}}``. Bencher's built-in measures carry
  their unit and direction (``latency`` in ns, lower is better; ``throughput``
  in operations per second, higher); any other measure is a plain number,
  lower-is-better unless the block says ``better:``.
* github-action-benchmark's ``customSmallerIsBetter`` / ``customBiggerIsBetter``:
  ``[{"name": ..., "value": ..., "unit": ..., "range": ..., "extra": ...}]``. The
  file does not say which way is better, the tool name does: so does the
  format name here (``custom-smaller-is-better`` or ``custom-bigger-is-better``).
  ``range`` ("3", "± 3", "+/- 3") is read as the value's ± figure, whose kind
  the format does not define; a unit perfblog does not know ("Percent") becomes
  the metric's name.
"""

from __future__ import annotations

import re
from typing import Callable

from ..record import Measurement
from ..units import parse_unit
from ._common import Source, field, measurement, non_empty, number
from .tabular import DEFAULT_METRIC

#: Bencher's built-in measures: slug -> (unit, better)
MEASURES = {"latency": ("ns", "lower"), "throughput": ("ops/s", "higher"),
            "build-time": ("s", "lower"), "file-size": ("B", "lower")}
RANGE = re.compile(r"^\s*(?:±|\+/-|\+-)?\s*(?P<value>[\d,.]+(?:[eE][-+]?\d+)?)\s*$")


def detect_bmf(src: Source) -> bool:
    data = src.json_object()
    return bool(data) and all(
        isinstance(measures, dict) and measures and all(isinstance(m, dict) and "value" in m for m in measures.values())
        for measures in data.values())


def load_bmf(src: Source) -> list[Measurement]:
    found = []
    for bench, measures in (src.json() or {}).items():
        for slug, result in measures.items():
            key = f"{bench}.{slug}"
            unit, better = MEASURES.get(slug, ("1", "lower"))
            low, high = result.get("lower_value"), result.get("upper_value")
            bounded = low is not None and high is not None
            found.append(measurement(src, bench_id=bench, metric=slug, unit=unit, key=key,
                                     value=field(result, "value", src, key), direction=better,
                                     low=low if bounded else None, high=high if bounded else None))
    return non_empty(found, src)


def detect_custom(src: Source) -> bool:
    """An array of ``{name, value, unit}``: which way is better needs the format name."""
    if src.is_folder or not src.looks_like_json():
        return False
    data = src.json()
    return isinstance(data, list) and bool(data) and all(isinstance(e, dict) and {"name", "value"} <= e.keys() for e in data)


def custom_loader(better: str) -> Callable[[Source], list[Measurement]]:
    def load(src: Source) -> list[Measurement]:
        data = src.json()
        if not isinstance(data, list):
            raise src.error("should be a JSON array of {name, value, unit} entries (github-action-benchmark's custom format)")
        found = []
        for i, entry in enumerate(data):
            key = f"[{i}]"
            name = field(entry, "name", src, key, kind=str)
            value = field(entry, "value", src, key, kind=(int, float, str))
            unit = str(entry.get("unit") or "1")
            known = _known(unit)
            spread = _range(src, entry.get("range"), key)
            found.append(measurement(
                src, bench_id=name, key=key, direction=better, unit=unit if known else "1",
                metric=DEFAULT_METRIC[parse_unit(unit).base] if known else unit,
                value=value if not isinstance(value, str) else number(value, src, what=f"the value of {name!r}"),
                spread=spread))
        return non_empty(found, src)

    return load


def _known(unit: str) -> bool:
    try:
        parse_unit(unit)
    except KeyError:
        return False
    return True


def _range(src: Source, text: object, key: str) -> float | None:
    if text is None or text == "":
        return None
    match = RANGE.match(str(text))
    if not match:
        raise src.error(f"cannot read the range {text!r}: write a number, like \"3\" or \"± 3\"", key=key)
    return number(match["value"], src, what="the range")
