"""``memray stats --json``: the totals of one ``memray run``.

Allocations (``total_num_allocations``), bytes allocated
(``total_bytes_allocated``) and the peak (``metadata.peak_memory``). The
benchmark is the program memray ran, from ``metadata.command_line`` without
memray's own options (``memray run -o out.bin app.py`` is ``app.py``), so
runs saved to different files compare.
"""

from __future__ import annotations

import shlex

from ..record import Measurement
from ._common import Source, field, measurement

TAKES_VALUE = {"-o", "--output", "-p", "--live-port"}


def detect(src: Source) -> bool:
    data = src.json_object()
    return data is not None and "total_bytes_allocated" in data and "metadata" in data


def load(src: Source) -> list[Measurement]:
    data = src.json()
    meta = field(data, "metadata", src, "metadata", kind=dict)
    program = _program(meta.get("command_line") or "")
    return [
        measurement(src, bench_id=program, metric="allocations", unit="1", key="total_num_allocations",
                    value=field(data, "total_num_allocations", src, "total_num_allocations")),
        measurement(src, bench_id=program, metric="bytes allocated", unit="B", key="total_bytes_allocated",
                    value=field(data, "total_bytes_allocated", src, "total_bytes_allocated")),
        measurement(src, bench_id=program, metric="peak memory", unit="B", key="metadata.peak_memory",
                    value=field(meta, "peak_memory", src, "metadata.peak_memory")),
    ]


def _program(command_line: str) -> str:
    words = shlex.split(command_line)
    i = words.index("run") + 1 if "run" in words else 0
    while i < len(words) and words[i].startswith("-") and words[i] != "-m":
        i += 2 if words[i] in TAKES_VALUE else 1
    return " ".join(words[i:]) or "program"
