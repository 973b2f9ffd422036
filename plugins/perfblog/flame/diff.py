"""Differential flame graphs with Brendan Gregg's semantics.

Widths come from the "after" profile, colours from how each frame's *self*
time changed: red grew, blue shrank. With ``normalize`` (the default) the
comparison is of shares of each profile's total, so a longer recording does not
paint everything red. ``negated`` takes widths from "before" instead, so code
paths that vanished stay visible (deep blue); red still means "grew".

A diff only means something when the two profiles share call paths. When a
refactoring renamed functions near the root, most frames have no twin and the
picture would be all "new" and "gone"; ``match_score`` measures this so callers
can refuse, and ``renamed`` lets an author map old names to new ones first.
A replaced callee (``sscanf`` gone, a digit loop new, both under the same
``parse`` caller) keeps most of each stack matched and diffs well; what
vanished and appeared is listed by ``elided`` so a diff never hides it.
Two builds of one program often differ only in the process name that
``perf script`` puts at the root (``tsparse_v0``, ``tsparse_v1``):
``aligned_root`` finds that so the caller can draw them as one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from .folded import Frame, Profile
from .tree import Node, build_tree

#: Below this match ratio a diff is more misleading than useful.
MIN_MATCH = 0.5
LEVELS = 5
NOISE = 0.02


class Change(NamedTuple):
    """A frame's self time before and after: shares when normalized, else counts."""

    before: float
    after: float
    paired: bool  # False: this call path exists in one profile only

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class Diff:
    root: Node  # the tree whose widths are drawn
    changes: dict[Node, Change]
    levels: dict[Node, int]  # see colour_levels; absent means 0
    match_ratio: float  # match_score of the less similar side
    normalized: bool
    negated: bool
    gone: list[tuple[tuple[str, ...], float]]  # elided paths of before, with their share of before
    new: list[tuple[tuple[str, ...], float]]  # and of after


def colour_levels(changes: dict[Node, Change]) -> dict[Node, int]:
    """-5..5 per frame: the sign is the direction, the size relative to the largest change.

    The size follows the square root of the ratio, so a modest growth next to a
    huge shrink still shows; changes under NOISE of the largest stay neutral.
    The frame's title gives the numbers either way.
    """
    largest = max((abs(c.delta) for c in changes.values()), default=0)
    return {
        node: math.ceil(LEVELS * math.sqrt(abs(c.delta) / largest)) * (1 if c.delta > 0 else -1)
        for node, c in changes.items()
        if largest and abs(c.delta) >= NOISE * largest
    }


def twins(a: Node, b: Node | None) -> Iterator[tuple[Node, Node | None]]:
    """Each node of ``a`` with the node at the same call path in ``b``, if any."""
    pending = [(a, b)]
    while pending:
        node, twin = pending.pop()
        yield node, twin
        for frame, child in node.children.items():
            pending.append((child, twin.children.get(frame) if twin else None))


def match_score(a: Node, b: Node) -> float:
    """How far down ``a``'s stacks ``b`` has the same call path, averaged by ``a``'s self time.

    For each frame with self time, the share of its stack's frames, from the
    root down, that ``b`` also has: 1 when the whole stack is in ``b``, 0.5
    when it parts ways halfway down. Self time, not frame count: hundreds of
    one-sample kernel stacks that differ between runs must not outvote the
    hot paths.
    """
    total = weighted = 0.0
    pending = [(a, b, 0, 0)]
    while pending:
        node, twin, depth, shared = pending.pop()
        for frame, child in node.children.items():
            other = twin.children.get(frame) if twin else None
            matched = shared + (other is not None)
            total += child.self
            weighted += child.self * matched / (depth + 1)
            pending.append((child, other, depth + 1, matched))
    return weighted / total if total else 1.0


def elided(a: Node, b: Node) -> list[tuple[tuple[str, ...], float]]:
    """The call paths of ``a`` that ``b`` lacks, cut where they part ways, with their share of ``a``.

    Widest first; a path's callees are part of it, not listed again.
    """
    found = []
    pending = [(a, b, ())]
    while pending:
        node, twin, path = pending.pop()
        for frame, child in node.children.items():
            other = twin.children.get(frame)
            if other is None:
                found.append(((*path, frame.name), child.total / a.total))
            else:
                pending.append((child, other, (*path, frame.name)))
    return sorted(found, key=lambda item: (-item[1], item[0]))


def root_shares(profile: Profile) -> dict[str, float]:
    shares: dict[str, float] = {}
    for stack, count in profile.stacks.items():
        if stack:
            shares[stack[0].name] = shares.get(stack[0].name, 0.0) + count / profile.total
    return shares


def aligned_root(before: Profile, after: Profile) -> tuple[str, str] | None:
    """(before's, after's) root frame names when they are one program under two names.

    That is: each profile's heaviest root frame holds most of its samples, and
    neither name is a root in the other profile (``perf script`` roots every
    stack at the command name, so two builds of one program never match).
    """
    old, new = root_shares(before), root_shares(after)
    if not old or not new:
        return None
    first, second = max(old, key=old.get), max(new, key=new.get)
    if first in new or second in old or old[first] < 0.5 or new[second] < 0.5:
        return None
    return first, second


def with_root(profile: Profile, old: str, new: str) -> Profile:
    """The profile with root frames named ``old`` named ``new``; frames below keep their names."""
    stacks: dict = {}
    for stack, count in profile.stacks.items():
        key = (Frame(new, stack[0].kind), *stack[1:]) if stack and stack[0].name == old else stack
        stacks[key] = stacks.get(key, 0.0) + count
    return Profile(stacks, profile.source, profile.unit)


def renamed(profile: Profile, names: dict[str, str]) -> Profile:
    """The profile with frames renamed (old -> new), the way authors sed folded stacks."""
    if not names:
        return profile
    stacks: dict = {}
    for stack, count in profile.stacks.items():
        key = tuple(Frame(names.get(f.name, f.name), f.kind) for f in stack)
        stacks[key] = stacks.get(key, 0.0) + count
    return Profile(stacks, profile.source, profile.unit)


def differential(
    before: Profile, after: Profile, normalize: bool = True, negated: bool = False
) -> Diff:
    old, new = build_tree(before), build_tree(after)
    base, other = (old, new) if negated else (new, old)

    def amount(node: Node | None, root: Node) -> float:
        if node is None:
            return 0.0
        return node.self / root.total if normalize else node.self

    changes = {}
    for node, twin in twins(base, other):
        mine, theirs = amount(node, base), amount(twin, other)
        paired = twin is not None
        changes[node] = Change(mine, theirs, paired) if negated else Change(theirs, mine, paired)
    # The smaller side counts: renamed code leaves a hole in both, and either hole misleads.
    ratio = min(match_score(base, other), match_score(other, base))
    return Diff(base, changes, colour_levels(changes), ratio, normalize, negated,
                elided(old, new), elided(new, old))
