"""Source heat listings: each line of a source file with its cost, from a profiler's annotated output.

``Listing`` is what the ``annotate`` block draws; the readers are in
``formats/callgrind_annotate.py`` and ``formats/line_profiler.py``, and
``read_listing`` picks one by the text's first lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..blocks import PerfblogError


class SourceLine(NamedTuple):
    number: int
    code: str
    cost: float | None  # None: the profiler gave this line no cost at all


@dataclass
class Listing:
    """One file's (or one function's) lines with costs; ``total`` is what shares are of."""

    name: str  # the file (callgrind_annotate) or the function (line_profiler)
    file: str  # the source file's name, which picks the syntax highlighter
    lines: list[SourceLine]
    unit: str
    total: float
    what: str  # how the cost was measured, for the caption


def chosen(listings: list[Listing], wanted: str, path: Path, key: str) -> Listing:
    """The listing named ``wanted`` (its end, e.g. 'tsparse_v0.c'), or else the costliest."""
    if not listings:
        raise PerfblogError("no annotated source in this file", path=str(path))
    if not wanted:
        return max(listings, key=lambda item: sum(line.cost or 0 for line in item.lines))
    for listing in listings:
        if listing.name == wanted or listing.name.endswith("/" + wanted):
            return listing
    names = ", ".join(listing.name.rsplit("/", 1)[-1] for listing in listings)
    raise PerfblogError(f"'{wanted}' is not annotated in {path.name}; it annotates {names}", key=key)
