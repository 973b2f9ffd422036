"""Collapse raw ``perf script`` output into a Profile, as stackcollapse-perf.pl does.

``perf script`` prints each sample as an event line, then one indented line per
frame, leaf first, then a blank line::

    sortbench 12398   352.089153:    2004008 cpu-clock:ppp:
            11ff insertion_sort+0x39 (/tmp/pf/sortbench)
           2724a __libc_start_call_main+0x7a (/usr/lib/x86_64-linux-gnu/libc.so.6)

Choices, the same as stackcollapse-perf.pl unless said otherwise:

* the command name (spaces made ``_``) is the root frame;
* ``+0x..`` offsets are stripped; an ``[unknown]`` symbol is named after its
  object file (``[libc.so.6]``) when perf knows it;
* frames in the kernel (``[kernel.kallsyms]``, modules, vmlinux) get the kind
  ``kernel``, frames from ``/tmp/perf-PID.map`` the kind ``jit``;
* only the first event type is kept: adding up cycles and instructions is
  meaningless;
* **different from stackcollapse-perf.pl:** each sample weighs 1 by default, so
  counts are samples. ``weight="period"`` uses the event's period (for
  cpu-clock, nanoseconds) as the folded files made by stackcollapse-perf.pl do;
  the unit is then ``ns`` for the clock events and the event's name otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..blocks import PerfblogError
from .folded import Frame, Profile, Stack

EVENT = re.compile(r"^(?P<comm>\S.*?)\s+\d+(?:/\d+)?\s")
EVENT_TAIL = re.compile(r":\s*(?P<period>\d+)?\s+(?P<event>\S+):\s*$")
FRAME = re.compile(r"^\s+[0-9a-fA-F]+\s+(?P<symbol>.+) \((?P<dso>.*)\)$")
OFFSET = re.compile(r"\+0x[0-9a-fA-F]+$")
JIT_MAP = re.compile(r"/perf-\d+\.map$")
WEIGHTS = ("samples", "period")
CLOCKS = ("cpu-clock", "task-clock")


def frame_from(symbol: str, dso: str) -> Frame:
    """A frame from one callchain line's symbol and object file."""
    name = OFFSET.sub("", symbol)
    if name == "[unknown]" and dso != "[unknown]":
        name = f"[{dso.rsplit('/', 1)[-1]}]"
    if dso.endswith("vmlinux") or (dso.startswith("[") and dso != "[unknown]"):
        return Frame(name, "kernel")
    return Frame(name, "jit" if JIT_MAP.search(dso) else "")


def parse_perf_script(
    lines: Iterable[str], source: str = "<string>", weight: str = "samples"
) -> Profile:
    """Collapse ``perf script`` text; ``weight`` is 'samples' or 'period'."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}")
    stacks: dict[Stack, float] = {}
    frames: dict[tuple[str, str], Frame] = {}
    chosen_event = None
    root: Frame | None = None  # None: outside a sample, or in one we skip
    leaf_first: list[Frame] = []
    amount = 1

    def finish() -> None:
        if root is not None:
            stack = (root, *reversed(leaf_first))
            stacks[stack] = stacks.get(stack, 0) + amount

    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            finish()
            root, leaf_first = None, []
            continue
        if line.startswith("#"):
            continue
        if not line[0].isspace():
            finish()
            root, leaf_first = None, []
            head = EVENT.match(line)
            tail = EVENT_TAIL.search(line)
            if not head:
                continue
            event = tail["event"] if tail else None
            chosen_event = chosen_event or event
            if event != chosen_event:
                continue
            amount = int(tail["period"]) if weight == "period" and tail and tail["period"] else 1
            root = Frame(head["comm"].replace(" ", "_"))
            continue
        match = FRAME.match(line) if root is not None else None
        if match:
            key = (match["symbol"], match["dso"])
            leaf_first.append(frames.get(key) or frames.setdefault(key, frame_from(*key)))
    finish()
    if not stacks:
        raise PerfblogError("no samples found: is this 'perf script' output?", path=source)
    if not frames:
        raise PerfblogError("the samples have no call stacks, only the command name: record with "
                            "'perf record -g' (or --call-graph dwarf) and run 'perf script' again", path=source)
    if weight == "samples":
        return Profile(stacks, source)
    event = (chosen_event or "").split(":")[0]
    return Profile(stacks, source, "ns" if event in CLOCKS else event or "events")


def read_perf_script(path: Path, weight: str = "samples") -> Profile:
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return parse_perf_script(handle, source=str(path), weight=weight)
