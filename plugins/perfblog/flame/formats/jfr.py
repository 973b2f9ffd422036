"""Java Flight Recorder samples, as ``jfr print --json`` writes them (JDK 11+).

``jdk.ExecutionSample`` events hold a ``stackTrace`` whose ``frames`` are leaf
first, each a ``method`` with its class (``type.name``, slashes for dots).
Frames are named ``package.Class.method``, as async-profiler and JMC name them.
A stack JFR cut short (``truncated``: deeper than ``--stack-depth`` or the
recording's limit) is rooted at ``[truncated]``, so it never merges with a
real root. Each sample counts 1 (JFR samples every 10 or 20 ms per thread).
"""

from __future__ import annotations

from pathlib import Path

from ..folded import Profile
from .common import Stacks, read_json, shape_error

WHAT = "JFR JSON file (jfr print --json)"
SAMPLES = ("jdk.ExecutionSample", "jdk.NativeMethodSample")


def method_name(frame: dict) -> str:
    method = frame["method"]
    return f"{method['type']['name'].replace('/', '.')}.{method['name']}"


def read_jfr(path: Path, weight: str = "samples") -> Profile:
    data = read_json(path)
    try:
        events = data["recording"]["events"]
    except (KeyError, TypeError):
        raise shape_error(path, WHAT, "it needs 'recording.events'") from None
    stacks = Stacks()
    for event in events:
        trace = event.get("values", {}).get("stackTrace") if event.get("type") in SAMPLES else None
        if not trace:
            continue
        names = [method_name(frame) for frame in reversed(trace["frames"])]
        stacks.add(["[truncated]", *names] if trace.get("truncated") else names, 1)
    return stacks.profile(path, "samples", "JFR recording's execution samples")
