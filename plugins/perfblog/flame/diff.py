"""Differential flame graphs with Brendan Gregg's semantics.

Widths come from the "after" profile, colours from how each frame's *self*
time changed: red grew, blue shrank. With ``normalize`` (the default) the
comparison is of shares of each profile's total, so a longer recording does not
paint everything red. ``negated`` takes widths from "before" instead, so code
paths that vanished stay visible (deep blue); red still means "grew".

A diff only means something when the two profiles share call paths. When a
refactoring renamed functions, most frames have no twin and the picture would
be all "new" and "gone"; ``match_ratio`` measures this so callers can refuse,
and ``renamed`` lets an author map old names to new ones first.
The price: a change that adds (or removes) code drawing more than half of a
graph is refused too, and shown as two graphs, which is the clearer view then.
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
    match_ratio: float
    normalized: bool
    negated: bool


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


def anchored_share(a: Node, b: Node) -> float:
    """Share of ``a``'s self time spent in frames whose *caller* path also exists in ``b``.

    New code under a known caller (a hash lookup replacing a linear search
    inside the same loop) is anchored and diffs well; code under a renamed
    ancestor is not, however many shared start-up frames sit above it.
    """
    total = anchored = 0.0
    pending = [(a, b)]
    while pending:
        node, twin = pending.pop()
        for frame, child in node.children.items():
            total += child.self
            anchored += child.self if twin is not None else 0.0
            pending.append((child, twin.children.get(frame) if twin else None))
    return anchored / total if total else 1.0


def renamed(profile: Profile, names: dict[str, str]) -> Profile:
    """The profile with frames renamed (old -> new), the way authors sed folded stacks."""
    if not names:
        return profile
    stacks: dict = {}
    for stack, count in profile.stacks.items():
        key = tuple(Frame(names.get(f.name, f.name), f.kind) for f in stack)
        stacks[key] = stacks.get(key, 0.0) + count
    return Profile(stacks, profile.source)


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
    # Self time, not frame count: hundreds of one-sample kernel stacks that
    # differ between runs must not outvote the hot paths. The smaller side
    # counts, because renamed code leaves a hole in both and either hole misleads.
    ratio = min(anchored_share(base, other), anchored_share(other, base))
    return Diff(base, changes, colour_levels(changes), ratio, normalize, negated)
