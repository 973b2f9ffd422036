"""pprof profiles (``go test -cpuprofile``, ``go tool pprof -proto``): gzipped protobuf.

A small decoder for the fields of ``profile.proto``
(github.com/google/pprof/blob/main/proto/profile.proto) that a flame graph needs::

    Profile   1 sample_type: ValueType   2 sample: Sample   4 location: Location
              5 function: Function       6 string_table: string
    ValueType 1 type, 2 unit (string_table indexes)
    Sample    1 location_id (packed uint64, leaf first)   2 value (packed int64)
    Location  1 id   4 line: Line (inlined functions first, the caller last)
    Line      1 function_id
    Function  1 id   2 name (string_table index)

Everything else (mappings, labels, addresses, line numbers) is skipped by wire
type, so newer pprof files read too. ``weight: samples`` draws the
``samples``/``count`` value when there is one, ``weight: period`` the last
value (``cpu``/``nanoseconds`` for Go, pprof's own default).
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Iterator

from ...blocks import PerfblogError
from ..folded import Profile
from .common import TIME_UNITS, Stacks

WHAT = "pprof profile"
Fields = dict[int, list]


def varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data):
            raise ValueError("truncated varint")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if byte < 0x80:
            return value, at
        shift += 7


def fields(data: bytes) -> Fields:
    """Field number -> values: ints for varints, bytes for length-delimited fields."""
    found: Fields = {}
    for number, value in _wire(data):
        found.setdefault(number, []).append(value)
    return found


def _wire(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    at = 0
    while at < len(data):
        key, at = varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = varint(data, at)
        elif wire == 2:
            size, at = varint(data, at)
            value, at = data[at : at + size], at + size
        elif wire in (1, 5):  # fixed64, fixed32: not used by the fields read here
            at += 8 if wire == 1 else 4
            continue
        else:
            raise ValueError(f"unknown wire type {wire}")
        yield number, value


def packed(values: list) -> list[int]:
    """A repeated integer field, written packed (bytes) or one varint per value."""
    out: list[int] = []
    for value in values:
        if isinstance(value, int):
            out.append(value)
            continue
        at = 0
        while at < len(value):
            number, at = varint(value, at)
            out.append(number)
    return out


def first(found: Fields, number: int, default=0):
    return found.get(number, [default])[0]


def read_pprof(path: Path, weight: str = "samples") -> Profile:
    raw = path.read_bytes()
    try:
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        profile = fields(data)
    except (OSError, EOFError, zlib.error, ValueError) as error:
        raise PerfblogError(f"not a readable pprof profile: {error}", path=str(path)) from None
    strings = [s.decode("utf-8", "replace") for s in profile.get(6, [])]
    types = [fields(t) for t in profile.get(1, [])]
    if not types or not strings:
        raise PerfblogError("not a pprof profile: it has no sample types or strings", path=str(path))
    names = [(strings[first(t, 1)], strings[first(t, 2)]) for t in types]
    index = len(names) - 1
    if weight == "samples":
        index = next((i for i, (kind, unit) in enumerate(names) if kind == "samples" or unit == "count"), index)
    functions = {first(f, 1): strings[first(f, 2)] for f in map(fields, profile.get(5, []))}
    locations = {}
    for location in map(fields, profile.get(4, [])):
        inlined_first = [functions.get(first(fields(line), 1), "?") for line in location.get(4, [])]
        locations[first(location, 1)] = inlined_first or ["?"]
    unit, factor = TIME_UNITS.get(names[index][1], (names[index][1], 1))
    stacks = Stacks()
    for sample in map(fields, profile.get(2, [])):
        values = packed(sample.get(2, []))
        if index >= len(values) or not values[index]:
            continue
        leaf_first = [name for loc in packed(sample.get(1, [])) for name in locations.get(loc, ["?"])]
        stacks.add(reversed(leaf_first), values[index] * factor)
    return stacks.profile(path, unit, WHAT)
