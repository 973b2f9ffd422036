"""valgrind DHAT's JSON (``--dhat-out-file``): the totals it prints at exit.

Summed over its program points: allocations (``tbk``) and bytes allocated
(``tb``), the heap at its global peak (``gb``, DHAT's "At t-gmax"), what is
still live at exit (``eb``), and bytes read and written (``rb``, ``wb``). The
benchmark is the command. Exact counts, like every valgrind tool's.
"""

from __future__ import annotations

from ..record import Measurement
from ._common import Source, field, items, measurement

TOTALS = (("allocations", "tbk", "1"), ("bytes allocated", "tb", "B"), ("peak heap", "gb", "B"),
          ("peak heap blocks", "gbk", "1"), ("live at exit", "eb", "B"), ("bytes read", "rb", "B"),
          ("bytes written", "wb", "B"))


def detect(src: Source) -> bool:
    data = src.json_object()
    return data is not None and "dhatFileVersion" in data


def load(src: Source) -> list[Measurement]:
    data = src.json()
    points = items(data, "pps", src)
    command = data.get("cmd") or "program"
    return [measurement(src, bench_id=command, metric=metric, unit=unit, key=f"pps[*].{name}", spread=0.0,
                        value=sum(field(p, name, src, f"pps[{i}]") for i, p in enumerate(points) if name in p))
            for metric, name, unit in TOTALS if any(name in p for p in points)]
