"""The generic text format, for numbers no supported tool writes: ``name: value unit`` lines.

::

    # a comment
    parse: 12.5 ± 0.3 ms            # a benchmark; its metric follows the unit (time)
    [top_words/small #v0]           # a benchmark (and optionally a version) for the lines below
    allocations: 9393               # here the name is the metric; no unit: a count
    bytes requested: 466937 B

``±`` (or ``+/-``) is the standard deviation. Units are perfblog's (``ns`` to
``min``, ``B`` to ``TiB``/``GiB``, ``MB/s``, ``ops/s``...); a value without a
unit is a count. A block's ``better:`` says which way is better where the unit
does not (counts are lower-is-better by default).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..record import Measurement
from ..units import parse_unit
from ._common import Source, measurement, non_empty, number
from .tabular import DEFAULT_METRIC

NUM = r"[-+−]?[\d,]*\.?\d+(?:[eE][-+]?\d+)?"
LINE = re.compile(rf'^(?P<name>[^\s#\[{{"][^:]*?)\s*:\s+(?P<value>{NUM})(?:\s*(?:±|\+/-|\+-)\s*(?P<spread>{NUM}))?'
                  r"(?:\s+(?P<unit>\S+))?\s*$")
SECTION = re.compile(r"^\[(?P<bench>[^\]#]+?)\s*(?:#(?P<version>[^\]]+))?\]\s*$")


def _content(src: Source) -> Iterator[tuple[int, str]]:
    return ((n, t.strip()) for n, t in src.lines() if t.strip() and not t.lstrip().startswith("#"))


def detect(src: Source) -> bool:
    """Every line a ``name: value`` or a ``[section]``, and one value at least; stops at the first
    other line, so a JSON or CSV file is turned down at its first line."""
    if src.is_folder:
        return False
    valued = False
    for _, text in _content(src):
        if LINE.match(text):
            valued = True
        elif not SECTION.match(text):
            return False
    return valued


def load(src: Source) -> list[Measurement]:
    found = []
    bench, version = None, None
    for line, text in _content(src):
        if section := SECTION.match(text):
            bench, version = section["bench"].strip(), (section["version"] or "").strip() or None
            continue
        match = LINE.match(text)
        if not match:
            raise src.error(f"cannot read {text!r}: write 'name: value unit' (or a '[benchmark]' heading)", line=line)
        unit = match["unit"] or "1"
        spread = number(match["spread"], src, line, "the spread") if match["spread"] else None
        found.append(measurement(
            src, bench_id=bench or match["name"], metric=match["name"] if bench else _metric(unit), unit=unit,
            value=number(match["value"], src, line), spread=spread,
            spread_kind="stddev" if spread is not None else None, line=line, version=version))
    return non_empty(found, src)


def _metric(unit: str) -> str:
    try:
        return DEFAULT_METRIC[parse_unit(unit).base]
    except KeyError:
        return "value"  # measurement() reports the unknown unit
