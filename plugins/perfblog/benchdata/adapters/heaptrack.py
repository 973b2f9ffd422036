"""``heaptrack_print``'s summary: the lines it ends with.

``calls to allocation functions``, ``temporary memory allocations``, ``peak
heap memory consumption``, ``peak RSS (including heaptrack overhead)`` and
``total memory leaked``; heaptrack prints sizes with 1000-based suffixes (a
4096-byte leak is "4.10K"). The benchmark is the ``Debuggee command``.
"""

from __future__ import annotations

import re

from ..record import Measurement
from ._common import Source, measurement, non_empty, number

SUMMARY = {
    "calls to allocation functions": ("allocations", False),
    "temporary memory allocations": ("temporary allocations", False),
    "peak heap memory consumption": ("peak heap", True),
    "peak RSS (including heaptrack overhead)": ("peak RSS with heaptrack", True),
    "total memory leaked": ("leaked", True),
}
LINE = re.compile(r"^(?P<label>[a-zA-Z() ]+): (?P<value>[\d.]+)(?P<suffix>[KMGT]?)B?\b")
SUFFIX = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
COMMAND = re.compile(r"^Debuggee command was: (?P<command>.*)$")


def detect(src: Source) -> bool:
    return not src.is_folder and not src.looks_like_json() and "\npeak heap memory consumption: " in src.text()


def load(src: Source) -> list[Measurement]:
    command, found = "program", []
    for line, text in src.lines():
        if match := COMMAND.match(text):
            command = match["command"].strip()
        elif (match := LINE.match(text)) and match["label"] in SUMMARY:
            metric, size = SUMMARY[match["label"]]
            value = number(match["value"], src, line) * SUFFIX[match["suffix"]]
            found.append(measurement(src, bench_id=command, metric=metric, unit="B" if size else "1",
                                     value=round(value) if not size else value, line=line))
    return non_empty(found, src)
