"""V8 CPU profiles: ``node --cpu-prof`` and Chrome DevTools' saved ``.cpuprofile`` files.

A tree of ``nodes`` (``callFrame``, ``children`` ids), and ``samples``: the node
id of each sample's leaf, with ``timeDeltas`` in µs before each. Counts are
samples; ``weight: period`` uses the time deltas instead (µs). The synthetic
``(root)`` node is left out; ``(program)``, ``(idle)`` and ``(garbage
collector)`` stay, as DevTools shows them. An anonymous function is
``(anonymous)``, as in DevTools.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..folded import Profile
from .common import Stacks, located, read_json, shape_error

WHAT = "V8 .cpuprofile"


def read_cpuprofile(path: Path, weight: str = "samples") -> Profile:
    data = read_json(path)
    try:
        nodes = {node["id"]: node for node in data["nodes"]}
        samples = data["samples"]
        deltas = data.get("timeDeltas") or [1] * len(samples)
    except (KeyError, TypeError):
        raise shape_error(path, WHAT, "it needs 'nodes' and 'samples'") from None
    parent = {child: node_id for node_id, node in nodes.items() for child in node.get("children", ())}
    amounts: Counter = Counter()
    # Each delta is the time *before* a sample, so sample i is weighed by delta i+1 (the last by 0).
    for index, leaf in enumerate(samples):
        amounts[leaf] += 1 if weight == "samples" else max(deltas[index + 1] if index + 1 < len(deltas) else 0, 0)
    stacks = Stacks()
    for leaf, amount in amounts.items():
        names = []
        node_id = leaf
        while node_id in parent:  # the root has no parent, and is not drawn
            frame = nodes[node_id]["callFrame"]
            names.append(located(frame.get("functionName") or "(anonymous)", frame.get("url", "")))
            node_id = parent[node_id]
        stacks.add(reversed(names), amount)
    return stacks.profile(path, "samples" if weight == "samples" else "µs", WHAT)
