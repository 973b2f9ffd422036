"""Read folded ("collapsed") stacks: one ``root;child;leaf count`` line per stack.

Folded stacks are what py-spy ``--format raw``, stackcollapse-perf.pl,
inferno-collapse-* and async-profiler's ``collapsed`` output have in common. The
reader streams: it keeps one dict entry per distinct stack, never the file.

Quirks of real files that are handled here:

* CRLF line ends, a UTF-8 byte order mark, blank lines and ``#`` comment lines;
* a TAB or any run of spaces before the count, and fractional counts;
* an empty stack: py-spy writes `` 3`` for samples it could not attribute;
  they count towards the total but draw no frame;
* frame names with spaces (``main (jsonish.py)``): only the last
  whitespace-separated token is the count;
* the annotations ``_[k]`` (kernel), ``_[j]`` (JIT) and ``_[i]`` (inlined) that
  stackcollapse-perf.pl appends: they become ``Frame.kind`` and leave the name;
* a ``;`` before the count, as ``heaptrack_print --flamegraph-file`` writes: no
  empty frame.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple

from ..blocks import PerfblogError

ANNOTATIONS = {"_[k]": "kernel", "_[j]": "jit", "_[i]": "inlined"}
FRACTION = re.compile(r"\d*\.\d+|\d+\.")


class Frame(NamedTuple):
    """One function in a stack; ``kind`` ('', kernel, jit, inlined) only colours it."""

    name: str
    kind: str = ""


Stack = tuple[Frame, ...]


@dataclass
class Profile:
    """Sample counts per distinct stack (root first), duplicates merged."""

    stacks: dict[Stack, float]
    source: str  # where the profile came from, for messages
    unit: str = "samples"  # what the weights count: samples, ns, ms, bytes, instructions...

    @property
    def total(self) -> float:
        return math.fsum(self.stacks.values())  # exact, so independent of line order


def frame_of(text: str) -> Frame:
    """A frame from its folded text, with any kind annotation moved out of the name."""
    kind = ANNOTATIONS.get(text[-4:])
    return Frame(text[:-4], kind) if kind else Frame(text)


def parse_count(token: str) -> float | None:
    """A non-negative finite count, or None when ``token`` is not one."""
    if token.isascii() and token.isdigit():
        return int(token)
    if FRACTION.fullmatch(token):
        value = float(token)
        return value if math.isfinite(value) else None
    return None


def parse_folded(lines: Iterable[str], source: str = "<string>") -> Profile:
    """Parse folded lines; raise PerfblogError located at the first bad line."""
    counts: dict[str, float] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line or line.lstrip().startswith("#"):
            continue
        cut = max(line.rfind(" "), line.rfind("\t"))
        count = parse_count(line[cut + 1 :]) if cut >= 0 else None
        if count is None:
            raise PerfblogError(
                "expected 'frame;frame;... count' (the count is missing or not a number)",
                path=source,
                line=number,
            )
        stack = line[:cut].rstrip(" \t").removesuffix(";")
        counts[stack] = counts.get(stack, 0) + count
    if not counts:
        raise PerfblogError("no stacks found: is this a folded-stacks file?", path=source)
    return Profile(intern_stacks(counts), source)


def intern_stacks(counts: dict[str, float]) -> dict[Stack, float]:
    """Split each distinct ``a;b;c`` once, sharing one Frame object per distinct frame."""
    frames: dict[str, Frame] = {}
    stacks: dict[Stack, float] = {}
    for text, count in counts.items():
        stack = tuple(
            frames.get(part) or frames.setdefault(part, frame_of(part))
            for part in text.split(";")
        ) if text else ()
        stacks[stack] = count
    return stacks


def read_folded(path: Path) -> Profile:
    """Parse a folded-stacks file; bytes that are not UTF-8 become U+FFFD, not errors."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return parse_folded(handle, source=str(path))
