"""Massif heap profiles (``valgrind --tool=massif``, ``massif.out.PID``): the peak's heap tree.

A massif.out file is a list of snapshots; the ``heap_tree=peak`` one (else the
last ``detailed`` one) holds a tree of live heap bytes at that moment::

    n2: 934426 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.
     n1: 320000 0x1091C0: push (allocs.c:11)
      n0: 320000 0x1092E1: main (allocs.c:37)

``nK:`` has K children, indented one space deeper, and a node's bytes are its
children's sum. The tree grows from the allocation functions towards ``main``,
so each path to a leaf (``n0``), read backwards, is a stack weighing the
leaf's bytes (massif's "N places, all below massif's threshold" leaves become
a frame of their own).
Widths are live bytes at the peak, the memory flame graph ``ms_print`` has no
picture for.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...blocks import PerfblogError
from ..folded import Profile
from .common import Stacks, valgrind_frame

WHAT = "massif profile"
NODE = re.compile(r"^(?P<indent> *)n(?P<children>\d+): (?P<bytes>\d+) (?P<name>.*)$")
BELOW = re.compile(r"^in (\d+) places?, (?:all )?below massif's threshold.*$")


def chosen_tree(lines: list[str]) -> int:
    """The index of the first line of the peak's tree, else of the last detailed tree."""
    trees = [i for i, line in enumerate(lines) if line.startswith("heap_tree=") and line.strip() != "heap_tree=empty"]
    peak = [i for i in trees if lines[i].strip() == "heap_tree=peak"]
    if not trees:
        raise ValueError("no detailed snapshot: run massif with --detailed-freq, or let the program allocate")
    return (peak or trees)[-1] + 1


def read_massif(path: Path, weight: str = "samples") -> Profile:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    try:
        start = chosen_tree(lines)
    except ValueError as error:
        raise PerfblogError(str(error), path=str(path)) from None
    stacks = Stacks()
    path_names: list[str] = []  # the callers so far, allocation function first
    for number in range(start, len(lines)):
        match = NODE.match(lines[number])
        if not match:
            break
        depth = len(match["indent"])
        below = BELOW.match(match["name"])
        name = f"[{below[1]} places below massif's threshold]" if below else valgrind_frame(match["name"])
        del path_names[depth:]
        path_names.append(name)
        own = int(match["bytes"]) if match["children"] == "0" else 0
        if depth and own:
            stacks.add(reversed(path_names[1:]), own)
    return stacks.profile(path, "bytes", WHAT)
