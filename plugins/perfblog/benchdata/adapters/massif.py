"""valgrind massif's ``massif.out.*``: the heap at its peak.

Massif samples the heap in snapshots and marks the one at the peak
(``heap_tree=peak``); its ``mem_heap_B`` is the peak heap ms_print draws, with
the allocator's overhead (``mem_heap_extra_B``) and, with ``--stacks=yes``,
the stacks beside it. The benchmark is the command (``cmd:``). Under valgrind a
deterministic program allocates the same every run, so the sizes are exact.
"""

from __future__ import annotations

from ..record import Measurement
from ._common import Source, measurement, non_empty, number

FIELDS = {"mem_heap_B": "peak heap", "mem_heap_extra_B": "peak heap overhead", "mem_stacks_B": "peak stacks"}


def detect(src: Source) -> bool:
    if src.is_folder or src.looks_like_json():
        return False
    head = src.text()[:1000]
    return head.startswith("desc:") and "\ntime_unit: " in head and "\nsnapshot=" in src.text()[:4000]


def load(src: Source) -> list[Measurement]:
    command, snapshot, peak = "program", {}, None
    for line, text in src.lines():
        key, _, value = text.partition("=")
        if text.startswith("cmd: "):
            command = text[5:].strip()
        elif key == "snapshot":
            snapshot = {}
        elif key in FIELDS:
            snapshot[key] = (number(value, src, line, key), line)
        elif text == "heap_tree=peak":
            peak = snapshot
    if peak is None:
        raise src.error("marks no peak snapshot (heap_tree=peak): did massif finish?")
    return non_empty([measurement(src, bench_id=command, metric=FIELDS[key], unit="B", value=value, spread=0.0,
                                  line=line)
                      for key, (value, line) in peak.items() if key != "mem_stacks_B" or value], src)
