"""Differential flame graphs with Brendan Gregg's semantics.

Widths come from the "after" profile, colours from how each frame's *self*
time changed: red grew, blue shrank. With ``normalize`` (the default) the
comparison is of shares of each profile's total, so a longer recording does not
paint everything red. ``negated`` takes widths from "before" instead, so code
paths that vanished stay visible (deep blue); red still means "grew".

A diff only means something when the two profiles share call paths. When a
refactoring renamed functions, most frames have no twin and the picture would
be all "new" and "gone"; ``match_ratio`` measures this so callers can refuse.
The price: a change that adds (or removes) code drawing more than half of a
graph is refused too, and shown as two graphs, which is the clearer view then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from .folded import Profile
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


def matched_area(a: Node, b: Node) -> float:
    """Share of ``a``'s drawn area (frame widths summed over all levels, the
    synthetic root left out) on call paths that also exist in ``b``."""
    drawn = matched = 0.0
    for node, twin in twins(a, b):
        if node is not a:
            drawn += node.total
            matched += node.total if twin else 0
    return matched / drawn if drawn else 1.0


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
    # Area, not frame count: hundreds of one-sample kernel stacks that differ
    # between runs must not outvote the hot paths. The smaller side counts,
    # because renamed code leaves a hole in both and either hole misleads.
    ratio = min(matched_area(base, other), matched_area(other, base))
    return Diff(base, changes, colour_levels(changes), ratio, normalize, negated)
