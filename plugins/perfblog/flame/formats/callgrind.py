"""Callgrind profiles (``valgrind --tool=callgrind``): a call graph, turned into stacks.

Format: https://valgrind.org/docs/manual/cl-format.html. The lines that matter:
``events:`` (the first event is drawn: Ir, instructions executed, by default),
``positions:`` (how many position columns start a cost line), ``fn=`` (the
function the following cost lines belong to), ``cfn=`` + ``calls=`` (a call;
the cost line right after it is the call's *inclusive* cost), and cost lines.
Names may be compressed: ``(12) name`` defines id 12, a later ``(12)`` reuses it;
functions, files and objects count their ids separately.

Self (exclusive) cost of a function: its cost lines that are not call costs.
Inclusive cost: self plus its calls' costs. Callgrind keeps no stacks, only
caller→callee edges, so stacks are rebuilt top-down: a function's cost
arriving along one path is split between its self cost and its callees in
proportion to their totals. This is exact when every function has one caller
(and what gprof2dot and callgrind's flame-graph converters do otherwise).
A call back into a function already on the path (recursion) is not followed,
and a call's cost is capped at what its callee spends outside the path: glibc's
start-up code is a cycle (``(below main)`` and ``__libc_start_main`` call each
other, each call's cost counting the whole program) that would otherwise halve
``main``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ...blocks import PerfblogError
from ..folded import Profile
from .common import Stacks

WHAT = "callgrind profile"
COMPRESSED = re.compile(r"^\((\d+)\)(?: (.*))?$")
EVENT_UNITS = {"Ir": "instructions"}
#: Which compressed-name table each key uses.
TABLES = {"fn": "fn", "cfn": "fn", "ob": "ob", "cob": "ob", **dict.fromkeys(("fl", "fi", "fe", "cfi", "cfl"), "fl")}
MAX_DEPTH = 128
SMALLEST = 1e-6  # of the total: a path carrying less is not followed into its callees


class CallGraph:
    """Self cost per function and inclusive cost per (caller, callee) edge, in one event."""

    def __init__(self) -> None:
        self.self: dict[str, float] = defaultdict(float)
        self.calls: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.event = "Ir"

    def inclusive(self, name: str) -> float:
        return self.self[name] + sum(self.calls[name].values())

    def onward(self, name: str, path: tuple[str, ...]) -> dict[str, float]:
        """``name``'s calls, less calls back into ``path`` (recursion, counted by the outer call)."""
        return {callee: cost for callee, cost in self.calls[name].items() if callee not in path}


def parse_callgrind(lines, source: str) -> CallGraph:
    graph = CallGraph()
    names: dict[tuple[str, str], str] = {}
    positions, function, callee, call_cost_next = 1, "", "", False

    def name_of(key: str, text: str) -> str:
        match = COMPRESSED.match(text)
        if not match:
            return text
        table = (TABLES[key], match[1])
        if match[2] is not None:
            names[table] = match[2]
        return names.get(table, text)

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line[0] == "#":
            continue
        if line[0].isdigit() or line[0] in "+-*":  # a cost line
            fields = line.split()
            try:
                cost = float(fields[positions]) if len(fields) > positions else 0.0
            except ValueError:
                raise PerfblogError(f"expected a cost line, got {line[:40]!r}", path=source, line=number) from None
            if call_cost_next:
                graph.calls[function][callee] += cost
                call_cost_next = False
            else:
                graph.self[function] += cost
            continue
        key, _, value = line.partition("=") if "=" in line.split(" ", 1)[0] else line.partition(":")
        value = value.strip()
        if key == "fn":
            function = name_of(key, value)
            graph.self[function] += 0
        elif key == "cfn":
            callee = name_of(key, value)
        elif key == "calls":
            call_cost_next = True
        elif key == "positions":
            positions = len(value.split())
        elif key == "events":
            graph.event = value.split()[0]
        elif key in TABLES:
            name_of(key, value)  # keeps the compressed-name table complete
    if not graph.self:
        raise PerfblogError("no functions found: is this a callgrind.out file?", path=source)
    return graph


def stacks_of(graph: CallGraph) -> Stacks:
    """Top-down from the functions whose cost is not all explained by their callers."""
    stacks = Stacks()
    incoming: dict[str, float] = defaultdict(float)
    for callees in graph.calls.values():
        for callee, cost in callees.items():
            incoming[callee] += cost
    total = sum(graph.self.values())
    pending = [((name,), graph.inclusive(name) - incoming[name]) for name in sorted(graph.self)]
    while pending:
        path, flow = pending.pop()
        name = path[-1]
        onward = graph.onward(name, path)
        onward = {callee: min(cost, graph.self[callee] + sum(graph.onward(callee, (*path, callee)).values()))
                  for callee, cost in onward.items()}
        whole = graph.self[name] + sum(onward.values())
        if flow <= 0:
            continue
        if flow < SMALLEST * total or whole <= 0:  # too thin to draw: its callees stay inside it
            stacks.add(path, flow)
            continue
        scale = flow / whole
        own = graph.self[name] * scale
        for callee, cost in onward.items():
            if len(path) < MAX_DEPTH:
                pending.append(((*path, callee), cost * scale))
            else:
                own += cost * scale
        if own:
            stacks.add(path, own)
    return stacks


def read_callgrind(path: Path, weight: str = "samples") -> Profile:
    with open(path, encoding="utf-8", errors="replace") as handle:
        graph = parse_callgrind(handle, str(path))
    return stacks_of(graph).profile(path, EVENT_UNITS.get(graph.event, graph.event), WHAT)
