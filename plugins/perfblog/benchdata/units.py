"""Units: every measurement is stored in a base unit, and scaled only for display.

Tools print ``ns/op``, ``us``, ``MB/s`` or ``KiB``; comparing them safely needs one
base unit per dimension. The base units are ``s`` (time), ``B`` (bytes),
``1`` (a count, such as allocations), ``B/s`` (throughput) and ``1/s`` (a rate:
items, operations or requests per second).
"""

from __future__ import annotations

from dataclasses import dataclass

TIME, BYTES, COUNT, THROUGHPUT, RATE = "s", "B", "1", "B/s", "1/s"

#: Default direction per base unit: what "better" means when the tool does not say.
HIGHER_IS_BETTER = {THROUGHPUT, RATE}


@dataclass(frozen=True)
class Unit:
    """A unit as written, reduced to its base unit and a factor (value * factor = base)."""

    symbol: str
    base: str
    factor: float


_SPELLINGS: dict[str, tuple[str, float]] = {}


def _add(base: str, factor: float, *symbols: str) -> None:
    for symbol in symbols:
        _SPELLINGS[symbol] = (base, factor)


# Case matters (Mb is not MB), so each accepted spelling is listed.
_add(TIME, 1e-9, "ns", "ns/op", "ns/iter", "nanoseconds")
_add(TIME, 1e-6, "us", "µs", "μs", "us/op", "microseconds")
_add(TIME, 1e-3, "ms", "ms/op", "milliseconds")
_add(TIME, 1.0, "s", "s/op", "sec", "second", "seconds")
_add(TIME, 60.0, "min", "minutes")
_add(BYTES, 1.0, "B", "B/op", "byte", "bytes")
for _power, _prefix in enumerate("KMGT", start=1):
    _decimal = [_prefix, "k"] if _prefix == "K" else [_prefix]
    _add(BYTES, 1000.0**_power, *(f"{p}B" for p in _decimal))
    _add(BYTES, 1024.0**_power, f"{_prefix}iB")
    _add(THROUGHPUT, 1000.0**_power, *(f"{p}B/s" for p in _decimal))
    _add(THROUGHPUT, 1024.0**_power, f"{_prefix}iB/s")
    _add(RATE, 1000.0**_power, *(f"{p}/s" for p in _decimal))
_add(THROUGHPUT, 1.0, "B/s", "bytes/s")
_add(COUNT, 1.0, "1", "count", "integer", "allocs", "allocs/op", "allocations")
_add(RATE, 1.0, "1/s", "/s", "Hz", "ops/s", "op/s", "items/s", "req/s", "requests/s", "rps", "qps")


def parse_unit(text: str) -> Unit:
    """The ``Unit`` for ``text``; raises ``KeyError`` naming the unit when unknown."""
    key = text.strip()
    if key not in _SPELLINGS:
        raise KeyError(text)
    base, factor = _SPELLINGS[key]
    return Unit(text.strip(), base, factor)


def known_units() -> list[str]:
    return sorted(_SPELLINGS)


def default_direction(base: str) -> str:
    return "higher" if base in HIGHER_IS_BETTER else "lower"


# --- display ---------------------------------------------------------------

#: Display scales per base unit, smallest first: (symbol, factor to base).
_SCALES: dict[str, list[tuple[str, float]]] = {
    TIME: [("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)],
    BYTES: [("B", 1.0), ("KiB", 1024.0), ("MiB", 1024.0**2), ("GiB", 1024.0**3), ("TiB", 1024.0**4)],
    THROUGHPUT: [("B/s", 1.0), ("KiB/s", 1024.0), ("MiB/s", 1024.0**2), ("GiB/s", 1024.0**3)],
    RATE: [("/s", 1.0), ("k/s", 1e3), ("M/s", 1e6), ("G/s", 1e9)],
    COUNT: [("", 1.0), ("M", 1e6), ("G", 1e9)],  # 26,376 allocations reads better than 26.4 k
}


def display_scale(base: str, value: float) -> tuple[str, float]:
    """(symbol, factor) of the largest scale in which ``value`` is at least 1."""
    scales = _SCALES[base]
    chosen = scales[0]
    for symbol, factor in scales:
        if abs(value) >= factor:
            chosen = (symbol, factor)
    return chosen


def dimension_name(base: str) -> str:
    return {TIME: "time", BYTES: "size", COUNT: "count", THROUGHPUT: "throughput", RATE: "rate"}[base]
