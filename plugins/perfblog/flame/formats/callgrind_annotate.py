"""``callgrind_annotate --auto=yes`` output: source files with each line's cost.

Each ``-- Auto-annotated source: PATH`` section lists the file's lines as
``COST  code`` (``.`` for a line without cost), with ``-- line N ---`` markers
where only parts of a file are shown, and ``COST  => file:function (Nx)``
lines after a line that calls out: the inclusive cost of those calls. A line's
cost here is its own cost plus its calls', so the ``sscanf`` line carries
everything sscanf did for it. Only the first event column is read (run
callgrind_annotate with one event, Ir by default, or ``--show=EVENT``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ...blocks import PerfblogError
from ..listing import Listing, SourceLine
from .callgrind import EVENT_UNITS

SOURCE = re.compile(r"^-- (?:Auto-annotated|User-annotated) source: (?P<path>.+?)\s*$")
LINE_MARK = re.compile(r"^-- line (\d+) -+")
COSTED = re.compile(r"^\s*(?P<cost>[\d,]+|\.)(?: \(\s*[\d.]+%\))?  (?P<rest>.*)$")
TOTAL = re.compile(r"^\s*(?P<cost>[\d,]+)(?: \(\s*[\d.]+%\))?\s+PROGRAM TOTALS")
EVENTS = re.compile(r"^Events shown:\s+(\S+)")


def read_callgrind_annotate(path: Path) -> list[Listing]:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    total, event = 0.0, "Ir"
    listings: list[Listing] = []
    current: Listing | None = None
    number = 0
    for raw in text:
        if current is None:
            if match := EVENTS.match(raw):
                event = match[1]
            elif match := TOTAL.match(raw):
                total = float(match["cost"].replace(",", ""))
        if match := SOURCE.match(raw):
            current = Listing(match["path"], match["path"], [], EVENT_UNITS.get(event, event), total,
                              f"{event}, including the calls each line makes")
            listings.append(current)
            number = 0
            continue
        if current is None or raw.startswith("---") or raw.strip() in ("", event):
            if current is not None and raw.startswith("---") and current.lines:
                current = None  # the section's closing rule
            continue
        if match := LINE_MARK.match(raw):
            number = int(match[1]) - 1
            continue
        match = COSTED.match(raw)
        if not match:
            continue
        cost = None if match["cost"] == "." else float(match["cost"].replace(",", ""))
        if match["rest"].startswith("=> "):
            last = current.lines[-1]
            current.lines[-1] = last._replace(cost=(last.cost or 0) + (cost or 0))
            continue
        number += 1
        current.lines.append(SourceLine(number, match["rest"], cost))
    if not total:
        raise PerfblogError("no 'PROGRAM TOTALS' line: is this callgrind_annotate output?", path=str(path))
    return listings
