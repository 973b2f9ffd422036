"""Read folded ("collapsed") stacks: one ``root;child;leaf count`` line per stack.

Folded stacks are what py-spy ``--format raw``, stackcollapse-perf.pl,
inferno-collapse-* and async-profiler's ``collapsed`` output have in common. The
reader streams: it keeps one dict entry per distinct stack, never the file, and
leaves each stack as its text: the tree splits only the frames it draws.

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

import io
import math
import re
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, TextIO

from ..blocks import PerfblogError

ANNOTATIONS = {"_[k]": "kernel", "_[j]": "jit", "_[i]": "inlined"}
FRACTION = re.compile(r"\d*\.\d+|\d+\.")
CHUNK = 1 << 20  # characters read at a time: the file is never in memory whole


class Frame(NamedTuple):
    """One function in a stack; ``kind`` ('', kernel, jit, inlined) only colours it."""

    name: str
    kind: str = ""


Stack = tuple[Frame, ...]


class Profile:
    """Weights per distinct stack (root first), duplicates merged.

    A folded file's profile keeps ``texts`` (``a;b;c`` -> weight) and makes
    ``stacks`` from them only when asked: a flame graph's tree never needs
    the frames of stacks too narrow to draw.
    """

    __slots__ = ("_stacks", "texts", "source", "unit")

    def __init__(self, stacks: dict[Stack, float] | None, source: str, unit: str = "samples",
                 texts: dict[str, float] | None = None):
        self._stacks = stacks
        self.texts = texts
        self.source = source  # where the profile came from, for messages
        self.unit = unit  # what the weights count: samples, ns, ms, bytes, instructions...

    @property
    def stacks(self) -> dict[Stack, float]:
        if self._stacks is None:
            self._stacks = intern_stacks(self.texts)
        return self._stacks

    @property
    def total(self) -> float:
        weights = self.texts if self._stacks is None else self._stacks
        return math.fsum(weights.values())  # exact, so independent of line order


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
        stack, space, token = raw.rpartition(" ")
        if token.isdigit() and token.isascii() and space and stack[:1] not in UNUSUAL_START:
            # the common line, 'a;b;c 12': nothing to strip, no comment, an integer count
            count: float = int(token)
        else:
            line = raw.rstrip()
            if number == 1:
                line = line.lstrip("\ufeff")
            if not line or line.lstrip().startswith("#"):
                continue
            cut = max(line.rfind(" "), line.rfind("\t"))
            found = parse_count(line[cut + 1 :]) if cut >= 0 else None
            if found is None:
                raise PerfblogError(
                    "expected 'frame;frame;... count' (the count is missing or not a number)",
                    path=source,
                    line=number,
                )
            stack, count = line[:cut], found
        stack = stack.rstrip(" \t").removesuffix(";")
        counts[stack] = counts.get(stack, 0) + count
    if not counts:
        raise PerfblogError("no stacks found: is this a folded-stacks file?", path=source)
    return Profile(None, source, texts=counts)


#: First characters after which a line may be blank, a comment or start with a BOM: the full rules apply.
UNUSUAL_START = frozenset(["", "#", "\ufeff"]) | {chr(c) for c in range(0x3001) if chr(c).isspace()}


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


def file_lines(handle: TextIO) -> Iterator[str]:
    """The lines of a file opened with ``newline=""``, read a chunk at a time, without their ends.

    Lines end at LF, CRLF or a lone CR, as Python's own line reading has them.
    """
    rest = ""
    while chunk := handle.read(CHUNK):
        chunk = rest + chunk
        end = chunk.rfind("\n") + 1
        rest, chunk = chunk[end:], chunk[:end - 1]
        if end:
            yield from split_lines(chunk)
    if rest:
        yield from split_lines(rest)


def split_lines(text: str) -> Iterable[str]:
    if "\r" not in text:
        return text.split("\n")
    return (line.rstrip("\r\n") for line in io.StringIO(text, newline=""))


def read_folded(path: Path) -> Profile:
    """Parse a folded-stacks file; bytes that are not UTF-8 become U+FFFD, not errors."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return parse_folded(file_lines(handle), source=str(path))
