"""DHAT heap profiles (``valgrind --tool=dhat``, ``dhat.out.PID``: JSON, version 2).

Each program point (``pps``) is an allocation stack: ``fs`` indexes the frame
table ``ftbl``, the allocation point first; ``tb`` is the bytes it allocated
over the whole run, and the flame graph's widths are those bytes (a memory
flame graph of allocation volume, not of what stayed live). In ``copy`` mode the bytes are those copied; ``ad-hoc`` mode counts the
program's own units.
"""

from __future__ import annotations

from pathlib import Path

from ..folded import Profile
from .common import Stacks, read_json, shape_error, valgrind_frame

WHAT = "DHAT profile"


def read_dhat(path: Path, weight: str = "samples") -> Profile:
    data = read_json(path)
    try:
        frames = [valgrind_frame(text) for text in data["ftbl"]]
        points = data["pps"]
    except (KeyError, TypeError):
        raise shape_error(path, WHAT, "it needs 'pps' and 'ftbl'") from None
    stacks = Stacks()
    for point in points:
        stacks.add((frames[i] for i in reversed(point["fs"])), point["tb"])
    return stacks.profile(path, "units" if data.get("mode") == "ad-hoc" else "bytes", WHAT)
