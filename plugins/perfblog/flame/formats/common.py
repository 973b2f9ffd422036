"""What the format readers share: stacks built frame by frame, JSON read with its error's line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from ...blocks import PerfblogError
from ..folded import Frame, Profile, Stack

#: Time units as profilers spell them -> (the unit perfblog shows, the factor to it).
TIME_UNITS = {
    "nanoseconds": ("ns", 1), "microseconds": ("µs", 1), "milliseconds": ("ms", 1), "seconds": ("ms", 1000),
    "bytes": ("bytes", 1), "none": ("samples", 1), "count": ("samples", 1), "samples": ("samples", 1),
}


class Stacks:
    """Weights per distinct stack, one shared Frame object per distinct name."""

    def __init__(self) -> None:
        self.weights: dict[Stack, float] = {}
        self._frames: dict[str, Frame] = {}

    def frame(self, name: str) -> Frame:
        return self._frames.get(name) or self._frames.setdefault(name, Frame(name))

    def add(self, names: Iterable[str], weight: float) -> None:
        """Add ``weight`` to the stack of ``names``, root first."""
        stack = tuple(self.frame(name) for name in names)
        self.weights[stack] = self.weights.get(stack, 0) + weight

    def profile(self, path: Path, unit: str, what: str) -> Profile:
        if not self.weights:
            raise PerfblogError(f"no samples found in this {what}", path=str(path))
        return Profile(self.weights, str(path), unit)


def read_json(path: Path) -> Any:
    """The parsed file; malformed JSON is an error at its own line."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise PerfblogError(f"malformed JSON: {error.msg}", path=str(path), line=error.lineno) from None


def located(name: str, url: str) -> str:
    """'name (file.py)': the file's last path part, as ``py-spy --nolineno`` writes it.

    Lines are left out so that one function is one frame, and the path so that
    no local folder (``/home/...``) reaches the page.
    """
    where = url.rstrip("/").rsplit("/", 1)[-1]
    return f"{name} ({where})" if where else name


def shape_error(path: Path, what: str, problem: str) -> PerfblogError:
    return PerfblogError(f"not a {what} as expected: {problem}", path=str(path))


VALGRIND_FRAME = re.compile(r"^(?:0x[0-9A-Fa-f]+: )?(?P<name>.*?)(?: \((?P<where>[^()]*)\))?$")


def valgrind_frame(text: str) -> str:
    """'0x1091C0: push (allocs.c:11)' -> 'push (allocs.c)'; '... malloc (in /lib/x.so)' -> 'malloc'.

    The address and line would make one function many frames; the object's
    path says nothing the name does not, and may be a local folder.
    """
    match = VALGRIND_FRAME.match(text.strip())
    name, where = match["name"], match["where"] or ""
    if not where or where.startswith("in "):
        return name
    return f"{name} ({where.rsplit(':', 1)[0]})"
