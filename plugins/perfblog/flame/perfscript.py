"""Collapse raw ``perf script`` output into a Profile, as stackcollapse-perf.pl does.

``perf script`` prints each sample as an event line, then one indented line per
frame, leaf first, then a blank line::

    sortbench 12398   352.089153:    2004008 cpu-clock:ppp:
            11ff insertion_sort+0x39 (/tmp/pf/sortbench)
           2724a __libc_start_call_main+0x7a (/usr/lib/x86_64-linux-gnu/libc.so.6)

Choices, the same as stackcollapse-perf.pl unless said otherwise:

* the command name (spaces made ``_``) is the root frame;
* ``+0x..`` offsets are stripped; an ``[unknown]`` symbol is named after its
  object file (``[libc.so.6]``) when perf knows it;
* frames in the kernel (``[kernel.kallsyms]``, modules, vmlinux) get the kind
  ``kernel``, frames from ``/tmp/perf-PID.map`` the kind ``jit``;
* only the first event type is kept: adding up cycles and instructions is
  meaningless;
* **different from stackcollapse-perf.pl:** each sample weighs 1 by default, so
  counts are samples. ``weight="period"`` uses the event's period (for
  cpu-clock, nanoseconds) as the folded files made by stackcollapse-perf.pl do;
  the unit is then ``ns`` for the clock events and the event's name otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..blocks import PerfblogError
from .folded import CHUNK, UNUSUAL_START, Frame, Profile, Stack, split_lines

EVENT = re.compile(r"^(?P<comm>\S.*?)\s+\d+(?:/\d+)?\s")
EVENT_TAIL = re.compile(r":\s*(?P<period>\d+)?\s+(?P<event>\S+):\s*$")
FRAME = re.compile(r"^\s+[0-9a-fA-F]+\s+(?P<symbol>.+) \((?P<dso>.*)\)$")
OFFSET = re.compile(r"\+0x[0-9a-fA-F]+$")
JIT_MAP = re.compile(r"/perf-\d+\.map$")
WEIGHTS = ("samples", "period")
CLOCKS = ("cpu-clock", "task-clock")
INDENT = frozenset(" \t")  # how perf script indents a call chain line
TAILS_KEPT = 4096  # distinct event line tails remembered


def frame_from(symbol: str, dso: str) -> Frame:
    """A frame from one callchain line's symbol and object file."""
    name = OFFSET.sub("", symbol)
    if name == "[unknown]" and dso != "[unknown]":
        name = f"[{dso.rsplit('/', 1)[-1]}]"
    if dso.endswith("vmlinux") or (dso.startswith("[") and dso != "[unknown]"):
        return Frame(name, "kernel")
    return Frame(name, "jit" if JIT_MAP.search(dso) else "")


def parse_perf_script(
    lines: Iterable[str], source: str = "<string>", weight: str = "samples"
) -> Profile:
    """Collapse ``perf script`` text; ``weight`` is 'samples' or 'period'."""
    collapser = Collapser(weight)
    collapser.feed(lines)
    return collapser.profile(source)


class Collapser:
    """The samples of ``perf script`` text, merged per distinct stack as they stream by.

    ``feed`` takes any lines; ``feed_block`` takes one sample (the text between
    blank lines) and remembers its call chain's text, so the frames of a chain
    that recurs (the same return addresses: a hot loop) are parsed once.
    """

    def __init__(self, weight: str):
        if weight not in WEIGHTS:
            raise ValueError(f"weight must be one of {WEIGHTS}")
        self.weight = weight
        # (root, call chain) -> weight; a chain is its text (see self.chains) or its frames
        self.weights: dict[tuple[Frame, str | Stack], int] = {}
        self.frames: dict[tuple[str, str], Frame] = {}
        self.chains: dict[str, Stack] = {}  # a call chain's text -> its frames, root first
        self.roots: dict[str, Frame] = {}  # a command name -> its frame
        self.lines: dict[str, Frame | None] = {}  # a call chain line -> its frame
        self.tails: dict[str, tuple[str | None, str | None]] = {}  # see sample()
        self.chosen_event: str | None = None

    def sample(self, line: str) -> tuple[Frame | None, int]:
        """The root frame (None: a sample to skip) and the weight of a sample's event line.

        An EVENT_TAIL match starts at a ``:``, so the text from the line's first
        one decides it; that text recurs (only the pid and the time come before
        it), so it is read once.
        """
        head = EVENT.match(line)
        if not head:
            return None, 1
        cut = line.find(":")
        tail = line[cut:] if cut >= 0 else ""
        found = self.tails.get(tail)
        if found is None:
            match = EVENT_TAIL.search(tail)
            found = (match["event"], match["period"]) if match else (None, None)
            if len(self.tails) < TAILS_KEPT:  # periods that vary (cycles) would fill it
                self.tails[tail] = found
        event, period = found
        self.chosen_event = self.chosen_event or event
        if event != self.chosen_event:
            return None, 1
        amount = int(period) if self.weight == "period" and period else 1
        comm = head["comm"]
        return self.roots.get(comm) or self.roots.setdefault(comm, Frame(comm.replace(" ", "_"))), amount

    def frame(self, line: str) -> Frame | None:
        match = FRAME.match(line)
        if not match:
            return None
        key = (match["symbol"], match["dso"])
        return self.frames.get(key) or self.frames.setdefault(key, frame_from(*key))

    def line_frame(self, line: str) -> Frame | None:
        """``frame`` of a chain line, once per distinct line: callers' lines recur in many chains."""
        if line not in self.lines:
            self.lines[line] = self.frame(line.rstrip())
        return self.lines[line]

    def add(self, root: Frame, chain: str | Stack, amount: int) -> None:
        key = (root, chain)
        self.weights[key] = self.weights.get(key, 0) + amount

    def feed(self, lines: Iterable[str]) -> None:
        """Any lines: blank lines end a sample, so does the next event line."""
        root: Frame | None = None  # None: outside a sample, or in one we skip
        leaf_first: list[Frame] = []
        amount = 1
        for raw in lines:
            line = raw.rstrip()
            if not line.strip() or not line[0].isspace() and not line.startswith("#"):
                if root is not None:
                    self.add(root, tuple(reversed(leaf_first)), amount)
                root, leaf_first = None, []
                if line.strip():
                    root, amount = self.sample(line)
                continue
            if root is not None and not line.startswith("#"):
                frame = self.frame(line)
                if frame:
                    leaf_first.append(frame)
        if root is not None:
            self.add(root, tuple(reversed(leaf_first)), amount)

    def feed_block(self, block: str) -> None:
        """One sample without its blank lines and CRs; anything unusual goes through ``feed``."""
        head, _, chain = block.partition("\n")
        if head[:1] in UNUSUAL_START:
            self.feed(block.split("\n"))
            return
        known = chain in self.chains
        lines = [] if known or not chain else chain.split("\n")
        if not known and any(line[:1] not in INDENT or not line.strip() for line in lines):
            self.feed(block.split("\n"))  # a second event line, or a blank one, inside
            return
        root, amount = self.sample(head.rstrip())
        if root is None:
            return
        if not known:
            found = [frame for frame in map(self.line_frame, lines) if frame]
            self.chains[chain] = tuple(reversed(found))
        key = (root, chain)  # self.add, inlined: this runs once per sample
        self.weights[key] = self.weights.get(key, 0) + amount

    def feed_text(self, text: str) -> None:
        """Whole samples; CRLF text (no blank line is '\\n\\n' there) goes line by line."""
        if "\r" in text:
            self.feed(split_lines(text))
            return
        for block in text.split("\n\n"):
            if block := block.strip("\n"):
                self.feed_block(block)

    def profile(self, source: str) -> Profile:
        stacks: dict[Stack, float] = {}
        for (root, chain), amount in self.weights.items():
            stack = (root, *(self.chains[chain] if isinstance(chain, str) else chain))
            stacks[stack] = stacks.get(stack, 0) + amount
        if not stacks:
            raise PerfblogError("no samples found: is this 'perf script' output?", path=source)
        if not self.frames:
            raise PerfblogError("the samples have no call stacks, only the command name: record with "
                                "'perf record -g' (or --call-graph dwarf) and run 'perf script' again", path=source)
        if self.weight == "samples":
            return Profile(stacks, source)
        event = (self.chosen_event or "").split(":")[0]
        return Profile(stacks, source, "ns" if event in CLOCKS else event or "events")


def read_perf_script(path: Path, weight: str = "samples") -> Profile:
    """Stream the file a chunk at a time, one sample (a block between blank lines) at a time."""
    collapser = Collapser(weight)
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        rest = ""
        while chunk := handle.read(CHUNK):
            chunk = rest + chunk
            end = chunk.rfind("\n\n")
            if end < 0:
                rest = chunk
                continue
            rest = chunk[end + 2 :]
            collapser.feed_text(chunk[:end])
        collapser.feed_text(rest)
    return collapser.profile(str(path))
