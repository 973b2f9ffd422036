"""Open a profile file in whichever text format it is in."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from .folded import Profile, read_folded
from .perfscript import FRAME, read_perf_script

FORMATS = ("auto", "folded", "perf-script")
SNIFF_LINES = 200


def sniff_format(path: Path) -> str:
    """'perf-script' when an indented callchain line shows up early, else 'folded'.

    Folded lines never start with an address after indentation, while every
    ``perf script -g`` sample does within its first few lines.
    """
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in islice(handle, SNIFF_LINES):
            if line[:1].isspace() and FRAME.match(line.rstrip()):
                return "perf-script"
    return "folded"


def load_profile(path: Path, fmt: str = "auto", weight: str = "samples") -> Profile:
    """Read ``path`` as ``fmt`` (one of FORMATS); ``weight`` applies to perf script only."""
    if fmt == "auto":
        fmt = sniff_format(path)
    if fmt == "perf-script":
        return read_perf_script(path, weight)
    return read_folded(path)
