"""The merged frame tree and what is computed from it: layout, hot functions, call tree.

Everything here is in sample units; pixels are the presentation layer's business.
Children are kept in name order (as flamegraph.pl draws them), so every result
is independent of the input's order and the same input gives the same output.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate
from typing import NamedTuple

from .fmt import percent
from .folded import Frame, Profile, frame_of

ROOT = Frame("all")


class Node:
    """One frame at one call path, with inclusive (total) and exclusive (self) counts.

    ``children`` are kept in frame order (name, then kind), the order flamegraph.pl
    draws them in, so no walk over the tree ever depends on the order of the input.
    ``start`` is where the frame's box starts within its parent's, in samples.
    Callees too narrow to build (see ``build_tree``) are only counted:
    ``narrow`` of them, ``narrow_total`` samples together.
    """

    __slots__ = ("frame", "total", "self", "children", "start", "narrow", "narrow_total")

    def __init__(self, frame: Frame, total: float = 0, start: float = 0.0):
        self.frame = frame
        self.total: float = total
        self.self: float = 0
        self.children: dict[Frame, Node] = {}
        self.start = start
        self.narrow = 0
        self.narrow_total: float = 0.0

    def add(self, frame: Frame, total: float, start: float, limit: float) -> Node | None:
        """A callee ``total`` wide at ``start``: built if at least ``limit`` wide, else only counted."""
        if total >= limit:
            child = self.children[frame] = Node(frame, total, start)
            return child
        self.narrow += 1
        self.narrow_total += total
        return None


def build_tree(profile: Profile, min_share: float = 0.0) -> Node:
    """Merge all stacks into one tree under a synthetic 'all' root.

    A subtree narrower than ``min_share`` of the total is not built, only
    counted in its parent's ``narrow``, and its width is in the ``start`` of
    the siblings after it: the work follows the visible frames, not the file size.
    Stacks are partitioned level by level, the way the tree is drawn; sums
    are exact (math.fsum, or integers), so the order of lines in the file
    never changes a total.
    """
    root = Node(ROOT, profile.total)
    limit = root.total * min_share
    if profile.texts is not None:
        grow_from_text(root, profile.texts, limit)
        return root
    pending = [(root, 0, list(profile.stacks.items()))]
    while pending:
        node, depth, items = pending.pop()
        groups: dict[Frame, list[tuple[tuple[Frame, ...], float]]] = {}
        ending = []
        for item in items:
            stack = item[0]
            if len(stack) > depth:
                group = groups.get(stack[depth])
                if group is None:
                    groups[stack[depth]] = [item]
                else:
                    group.append(item)
            else:
                ending.append(item[1])
        node.self = math.fsum(ending)
        start = 0.0
        for frame in sorted(groups):
            group = groups[frame]
            total = math.fsum(count for _, count in group)
            child = node.add(frame, total, start, limit)
            if child:
                pending.append((child, depth + 1, group))
            start += total
    return root


def grow_from_text(root: Node, texts: dict[str, float], limit: float) -> None:
    """``build_tree`` for folded text, splitting off only the frames of the subtrees it builds.

    In the sorted texts, the stacks below a call path ``p`` (those starting
    ``p;``) are one run, ending before ``p<``: one bisection finds its end, so
    a narrow callee costs the same whatever lies under it. The stack that ends at
    ``p`` itself sorts before that run, not always next to it (``p.x`` and
    ``p::x`` sort between). With integer counts (the usual case) a run's
    total is a difference of running sums.
    """
    keys = sorted(texts)
    counts = [texts[key] for key in keys]
    running = list(accumulate(counts, initial=0)) if all(type(c) is int for c in counts) else None
    frames: dict[str, Frame] = {}
    start = 0
    if keys and not keys[0]:  # the empty stack: samples no frame is charged with
        root.self, start = float(counts[0]), 1
    pending = [(root, "", start, len(keys))]  # node, its path's text and ';' ('' at the root), its run

    def grown(path: str, at: int, own: float, lo: int, end: int) -> tuple:
        """A callee of the node whose texts' frames start at ``at``, as ``kids`` holds them."""
        name = path[at:]
        frame = frames.get(name) or frames.setdefault(name, frame_of(name))
        total = float(own + running[end] - running[lo]) if running else math.fsum([own, *counts[lo:end]])
        return frame, total, own, path, lo, end

    while pending:
        node, base, lo, hi = pending.pop()
        at = len(base)
        kids, ends = [], {}  # children; stacks that end at a child whose run is not found yet
        while lo < hi:
            key = keys[lo]
            cut = key.find(";", at)
            if cut >= 0:
                path = key[:cut]
                end = bisect_left(keys, path + "<", lo, hi)
                kids.append(grown(path, at, ends.pop(path, 0) if ends else 0, lo, end))
            elif lo + 1 < hi and keys[lo + 1].startswith(key + ";"):  # the usual: its run follows
                end = bisect_left(keys, key + "<", lo + 1, hi)
                kids.append(grown(key, at, counts[lo], lo + 1, end))
            else:
                ends[key] = counts[lo]
                end = lo + 1
            lo = end
        kids += [grown(path, at, own, 0, 0) for path, own in ends.items()]
        kids.sort()  # sorted texts give name order, but for 'p.x' before 'p' and kinds ('_[k]')
        start = 0.0
        for frame, total, own, path, lo, end in kids:
            child = node.add(frame, total, start, limit)
            if child:
                child.self = float(own)
                if lo < end:
                    pending.append((child, path + ";", lo, end))
            start += total


class Placed(NamedTuple):
    """A frame to draw: ``start`` is its left edge in samples from the graph's left."""

    node: Node
    depth: int
    start: float


def layout(root: Node, min_share: float) -> list[Placed]:
    """Frames at least ``min_share`` of the total wide, in depth-first pre-order.

    Pruned frames take their whole subtree with them, so the output grows with
    the visible frames only. The pre-order is relied on by flame.js: a frame's
    descendants are exactly the frames that follow it and are drawn above it.
    """
    limit = root.total * min_share
    placed: list[Placed] = []
    pending = [(root, 0, 0.0)]
    while pending:
        node, depth, start = pending.pop()
        placed.append(Placed(node, depth, start))
        ahead = [(child, depth + 1, start + child.start) for child in node.children.values()
                 if child.total >= limit and child.total > 0]
        pending.extend(reversed(ahead))
    return placed


def capped(placed: list[Placed], cap: int) -> tuple[list[Placed], int]:
    """At most ``cap`` frames: the widest, still in pre-order; and how many were dropped.

    A frame is never wider than its parent, so keeping frames wider than some
    limit keeps whole paths from the root: the result is still a flame graph.
    """
    if len(placed) <= cap:
        return placed, 0
    # Widest first, ties in pre-order: a parent always ranks before its children.
    ranked = sorted(range(len(placed)), key=lambda i: (-placed[i].node.total, i))
    keep = set(ranked[:cap])
    return [p for i, p in enumerate(placed) if i in keep], len(placed) - cap


# --- hot functions -------------------------------------------------------


class Shares(NamedTuple):
    self: float  # fraction of all samples where the function is the leaf
    total: float  # fraction of all samples where it is anywhere on the stack


def function_shares(profile: Profile) -> dict[str, Shares]:
    """Self and total share per function name; recursion counts a sample once."""
    grand = profile.total
    own: dict[str, float] = {}
    anywhere: dict[str, float] = {}
    for stack, count in profile.stacks.items():
        if not stack:
            continue
        own[stack[-1].name] = own.get(stack[-1].name, 0) + count
        for name in {frame.name for frame in stack}:
            anywhere[name] = anywhere.get(name, 0) + count
    return {name: Shares(own.get(name, 0) / grand, anywhere[name] / grand) for name in anywhere}


class HotRow(NamedTuple):
    name: str
    before: Shares | None  # None: a single profile, no comparison
    after: Shares


NOTHING = Shares(0.0, 0.0)


def hot_functions(after: Profile, before: Profile | None = None, top: int = 10) -> list[HotRow]:
    """The ``top`` functions by self share, in either profile, hottest first.

    Ranking by the larger of the two self shares keeps a hotspot that the
    change removed in the table, where it matters most.
    """
    new = function_shares(after)
    old = function_shares(before) if before else {}
    names = set(new) | set(old)

    def heat(name: str) -> tuple[float, str]:
        return (-max(new.get(name, NOTHING).self, old.get(name, NOTHING).self), name)

    hottest = sorted(names, key=heat)[:top]
    return [
        HotRow(name, old.get(name, NOTHING) if before else None, new.get(name, NOTHING))
        for name in hottest
    ]


# --- text call tree ------------------------------------------------------


class TreeRow(NamedTuple):
    """One line of the call tree: what it draws, and the numbers on it."""

    branch: str  # the "│   ├── " drawing before the name
    level: int  # levels below the root
    name: str  # a function, or "… 3 more frames below the threshold"
    total: str  # share of all the profile counts
    self: str = ""  # the function's own share, when it also calls others
    summary: bool = False  # the name says what was cut, not a function

    def line(self) -> str:
        own = f", self {self.self}" if self.self else ""
        return f"{self.branch}{self.name}{', ' if self.summary else ' '}{self.total}{own}"


def call_tree_rows(root: Node, depth: int, threshold: float) -> list[TreeRow]:
    """The 'Function Call Stack', drawn with ``├──``/``└──``, with percentages.

    Shows ``depth`` levels below the root, frames of at least ``threshold`` of
    the total, hottest first; what is cut is summarised, never silently dropped.
    """
    grand = root.total
    rows: list[TreeRow] = []

    def describe(node: Node, branch: str, level: int) -> TreeRow:
        own = percent(node.self / grand) if node.self and (node.children or node.narrow) else ""
        return TreeRow(branch, level, node.frame.name, percent(node.total / grand), own)

    def walk(node: Node, prefix: str, level: int) -> None:
        """List ``node``'s children, which are ``level`` levels below the root."""
        kids = sorted(node.children.values(), key=lambda n: (-n.total, n.frame))
        shown = [k for k in kids if k.total >= grand * threshold] if level <= depth else []
        rest = kids[len(shown) :]
        hidden = len(rest) + node.narrow
        count = len(shown) + bool(hidden)
        for index, kid in enumerate(shown):
            last = index == count - 1
            rows.append(describe(kid, prefix + ("└── " if last else "├── "), level))
            walk(kid, prefix + ("    " if last else "│   "), level + 1)
        if hidden:
            word = "frame" if hidden == 1 else "frames"
            cut = "below the threshold" if level <= depth else "below the depth limit"
            share = (sum(k.total for k in rest) + node.narrow_total) / grand
            rows.append(TreeRow(prefix + "└── ", level, f"… {hidden} more {word} {cut}", percent(share), summary=True))

    rows.append(describe(root, "", 0))
    walk(root, "", 1)
    return rows
