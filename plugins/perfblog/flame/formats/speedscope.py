"""speedscope's JSON file format (py-spy ``--format speedscope``, and many exporters).

Spec: https://www.speedscope.app/file-format-schema.json. Frames are shared;
each profile is ``sampled`` (stacks of frame indices, root first, with
weights) or ``evented`` (open/close events at times). py-spy writes one profile
per thread; they are merged, as a flame graph of the whole program shows them.
Time units become ms (or stay ns/µs); ``bytes`` stays bytes.
"""

from __future__ import annotations

from pathlib import Path

from ..folded import Profile
from .common import TIME_UNITS, Stacks, located, read_json, shape_error

WHAT = "speedscope file"


def read_speedscope(path: Path, weight: str = "samples") -> Profile:
    data = read_json(path)
    try:
        names = [located(f["name"], f.get("file") or "") for f in data["shared"]["frames"]]
        profiles = data["profiles"]
    except (KeyError, TypeError):
        raise shape_error(path, WHAT, "it needs 'shared.frames' and 'profiles'") from None
    units = {p.get("unit", "none") for p in profiles}
    if len(units) > 1 or not units <= TIME_UNITS.keys():
        raise shape_error(path, WHAT, f"its profiles' units are {', '.join(sorted(units))}")
    unit, factor = TIME_UNITS[units.pop()] if units else ("samples", 1)
    stacks = Stacks()
    for profile in profiles:
        if profile.get("type") == "evented":
            add_evented(stacks, names, profile, factor)
        else:
            for sample, amount in zip(profile["samples"], profile["weights"]):
                stacks.add((names[i] for i in sample), amount * factor)
    return stacks.profile(path, unit, WHAT)


def add_evented(stacks: Stacks, names: list[str], profile: dict, factor: float) -> None:
    """Open ('O') and close ('C') events: the time between two events goes to the open stack."""
    open_frames: list[str] = []
    last = profile.get("startValue", 0)
    for event in profile["events"]:
        if open_frames and event["at"] > last:
            stacks.add(open_frames, (event["at"] - last) * factor)
        last = event["at"]
        if event["type"] == "O":
            open_frames.append(names[event["frame"]])
        elif open_frames:
            open_frames.pop()
