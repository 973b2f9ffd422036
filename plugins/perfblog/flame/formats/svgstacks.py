"""The stacks inside flame-graph SVGs drawn by flamegraph.pl, inferno, py-spy and cargo-flamegraph.

Each frame is a ``<g>`` with ``<title>name (1,234 samples, 5.67%)</title>`` and a
``<rect>`` whose y gives its depth and whose x and width place it inside its
caller. Counts come from the title (inferno also writes them as ``fg:w``);
a frame's self count is its count less its children's. Upside-down graphs
(icicles: py-spy, ``--inverted``) are told by where the widest frame, the
root, sits. Frames the tool pruned (``--minwidth``) are gone from the file, so
their samples become their caller's self time; the totals stay exact.
"""

from __future__ import annotations

import bisect
import html
import re
from pathlib import Path

from ...blocks import PerfblogError
from ..folded import Profile
from .common import Stacks

WHAT = "flame-graph SVG"
FRAME = re.compile(r"<g\b[^>]*>\s*<title>(?P<title>[^<]*)</title>\s*<rect\b(?P<rect>[^>]*)>", re.S)
TITLE = re.compile(r"^(?P<name>.*) \((?P<count>[\d,.]+) (?P<unit>[^,()]+), [\d.]+%\)$", re.S)
ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')


class Drawn:
    __slots__ = ("name", "count", "x", "width", "y", "children")

    def __init__(self, name: str, count: float, x: float, width: float, y: float):
        self.name, self.count, self.x, self.width, self.y = name, count, x, width, y
        self.children: list[Drawn] = []


def drawn_frames(text: str) -> tuple[list[Drawn], str]:
    frames, units = [], set()
    for match in FRAME.finditer(text):
        title = TITLE.match(html.unescape(match["title"]).strip())
        if not title:
            continue
        attrs = dict(ATTRIBUTE.findall(match["rect"]))
        x, width = attrs.get("fg:x", attrs.get("x", "0")), attrs.get("fg:w", attrs.get("width", "0"))
        frames.append(Drawn(title["name"], float(title["count"].replace(",", "")),
                            float(x.rstrip("%")), float(width.rstrip("%")), float(attrs.get("y", "0"))))
        units.add(title["unit"])
    return frames, units.pop() if len(units) == 1 else "samples"


def read_svg_stacks(path: Path, weight: str = "samples") -> Profile:
    frames, unit = drawn_frames(path.read_text(encoding="utf-8", errors="replace"))
    if not frames:
        raise PerfblogError("no flame-graph frames found (<title>name (N samples, P%)</title> with a <rect>)",
                            path=str(path))
    root = max(frames, key=lambda f: (f.width, f.count))
    rows = sorted({f.y for f in frames}, reverse=root.y == max(f.y for f in frames))
    depth_of = {y: depth for depth, y in enumerate(rows)}
    by_depth: dict[int, list[Drawn]] = {}
    for frame in sorted(frames, key=lambda f: f.x):
        by_depth.setdefault(depth_of[frame.y], []).append(frame)
    for depth, row in by_depth.items():
        callers = by_depth.get(depth - 1, [])
        starts = [c.x for c in callers]
        for frame in row:
            at = bisect.bisect_right(starts, frame.x + 1e-6) - 1
            if at >= 0:
                callers[at].children.append(frame)
    stacks = Stacks()
    top = by_depth[0]
    pending = [((), frame) for frame in top]
    while pending:
        path_names, frame = pending.pop()
        names = path_names if frame is root and len(top) == 1 else (*path_names, frame.name)
        own = frame.count - sum(child.count for child in frame.children)
        if own > 0:
            stacks.add(names, own)
        pending.extend((names, child) for child in frame.children)
    return stacks.profile(path, unit, WHAT)
