"""valgrind ``cachegrind.out.*`` and ``callgrind.out.*``: exact event counts.

Both files list costs per function under an ``events:`` header (``Ir``, and
with cache or branch simulation ``D1mr``, ``Bcm``...). The program's totals are
the benchmark named by ``cmd:`` (callgrind's ``totals:``, which is what it
prints as "Collected", else ``summary:``); each function's self cost is a
benchmark of its own, for functions holding at least 0.1% of the first event
(cg_annotate's default threshold on its primary event, normally ``Ir``). Counts from a simulation are deterministic, so they
are recorded exact: a zero-width interval, and any change beyond the noise
threshold is real. Miss rates are added by ``counters.ratios``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..record import Measurement
from ._common import Source, measurement, non_empty, number
from .counters import ratios

THRESHOLD = 0.001  # cg_annotate --threshold=0.1 (percent)
COMPRESSED = re.compile(r"^\((?P<id>\d+)\)\s*(?P<name>.*)$")


def _head(src: Source) -> str:
    if src.is_folder or src.looks_like_json():
        return ""
    head = src.text()[:2000]
    return head if re.search(r"^events: ", head, re.M) else ""


def detect_cachegrind(src: Source) -> bool:
    head = _head(src)
    return bool(re.search(r"^cmd: ", head, re.M)) and "# callgrind format" not in head


def detect_callgrind(src: Source) -> bool:
    return "# callgrind format" in _head(src)


def load(src: Source) -> list[Measurement]:
    events: list[str] = []
    positions, command, totals, totals_line = 1, "program", None, None
    self_cost: dict[str, list[int]] = defaultdict(lambda: [0] * len(events))
    names: dict[str, str] = {}
    function, skip_next = "???", False
    for line, text in src.lines():
        head = text[:1]
        if head and (head.isdigit() or head in "+-*"):
            if skip_next:  # the inclusive cost of the call on the line before
                skip_next = False
                continue
            costs = self_cost[function]
            for i, value in enumerate(text.split()[positions:]):
                costs[i] += int(value)
        elif text.startswith("fn="):
            function = _name(text[3:], names)
        elif text.startswith("cfn="):
            _name(text[4:], names)  # may define a compressed name
        elif text.startswith("calls="):
            skip_next = True
        elif text.startswith("events:"):
            events = text.split()[1:]
        elif text.startswith("positions:"):
            positions = len(text.split()) - 1
        elif text.startswith("cmd:"):
            command = text[4:].strip()
        elif text.startswith(("totals:", "summary:")) and (totals is None or text.startswith("totals:")):
            totals, totals_line = [int(number(v, src, line)) for v in text.split()[1:]], line
    if totals is None:
        raise src.error("has no 'summary:' or 'totals:' line: did valgrind finish?")
    found = [_exact(src, command, event, value, totals_line) for event, value in zip(events, totals)]
    for function, costs in self_cost.items():
        if costs[0] >= THRESHOLD * totals[0]:
            found.extend(_exact(src, function, event, value, None, key=f"fn={function}")
                         for event, value in zip(events, costs))
    return non_empty(ratios(found), src)


def _name(spec: str, names: dict[str, str]) -> str:
    """A function name, resolving callgrind's ``(id) name`` compression."""
    match = COMPRESSED.match(spec.strip())
    if not match:
        return spec.strip()
    if match["name"]:
        names[match["id"]] = match["name"]
    return names.get(match["id"], spec.strip())


def _exact(src: Source, bench_id: str, event: str, value: int, line: int | None, key: str | None = None) -> Measurement:
    return measurement(src, bench_id=bench_id, metric=event, unit="1", value=value, spread=0.0, line=line, key=key)
