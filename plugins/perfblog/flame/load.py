"""Open a profile file in whichever text format it is in."""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path

from ..blocks import PerfblogError
from .folded import Profile, read_folded
from .perfscript import FRAME, read_perf_script

FORMATS = ("auto", "folded", "perf-script")
SNIFF_LINES = 200
#: A perf script sample line: command, pid[/tid], optional [cpu], then a timestamp and a colon.
EVENT_LINE = re.compile(r"^\S.*?\s+\d+(?:/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s")


def sniff_format(path: Path) -> str:
    """'perf-script' when an indented callchain line shows up early, else 'folded'.

    Folded lines never start with an address after indentation, while every
    ``perf script -g`` sample does within its first few lines; without ``-g``
    the sample lines themselves (command, pid, timestamp) give it away.
    """
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in islice(handle, SNIFF_LINES):
            if (line[:1].isspace() and FRAME.match(line.rstrip())) or EVENT_LINE.match(line):
                return "perf-script"
    return "folded"


def load_profile(path: Path, fmt: str = "auto", weight: str = "samples") -> Profile:
    """Read ``path`` as ``fmt`` (one of FORMATS); ``weight`` applies to perf script only."""
    if fmt == "auto":
        fmt = sniff_format(path)
    profile = read_perf_script(path, weight) if fmt == "perf-script" else read_folded(path)
    if not profile.total:
        raise PerfblogError("every stack has a count of 0: there is nothing to draw", path=str(path))
    return profile
