"""line_profiler's report (``kernprof -l -v script.py``, or ``python -m line_profiler x.lprof``).

One table per profiled function, under ``Timer unit:``, ``File:`` and
``Function: NAME at line N``; the columns are found from the header row
(``Line #  Hits  Time  Per Hit  % Time  Line Contents``), so wide numbers do
not break them. A line's cost is its Time, in the timer unit; shares are of
the function's total, as line_profiler's own % Time column.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...blocks import PerfblogError
from ..listing import Listing, SourceLine

TIMER = re.compile(r"^Timer unit: (\S+) s")
FUNCTION = re.compile(r"^Function: (?P<name>\S+) at line \d+")
FILE = re.compile(r"^File: (?P<file>.+?)\s*$")
UNITS = {"1e-06": "µs", "1e-09": "ns", "0.001": "ms", "1": "s"}


def read_line_profiler(path: Path) -> list[Listing]:
    listings: list[Listing] = []
    unit, file, contents = "µs", "", -1
    current: Listing | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := TIMER.match(raw):
            unit = UNITS.get(match[1], f"× {match[1]} s")
        elif match := FILE.match(raw):
            file = match["file"]
        elif match := FUNCTION.match(raw):
            current = Listing(match["name"], file, [], unit, 0.0, "time per line, of the function's total")
            listings.append(current)
        elif raw.startswith("Line #"):
            contents = raw.index("Line Contents")
        elif current is not None and contents > 0 and raw[:6].strip().isdigit():
            numbers = raw[:contents].split()
            cost = float(numbers[2]) if len(numbers) >= 3 else None
            current.lines.append(SourceLine(int(numbers[0]), raw[contents:], cost))
            current.total += cost or 0
    if not listings:
        raise PerfblogError("no 'Function:' tables: is this line_profiler output?", path=str(path))
    return listings
