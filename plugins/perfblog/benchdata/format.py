"""Numbers for people: auto-scaled units, precision the spread supports, signed changes.

Precision rule: each value is shown to the digit where its own spread's second
significant digit falls (6.2194 ± 0.61 ns → 6.22 ± 0.61 ns; 145.1 ± 9.6 ms stays
145.1 ± 9.6 ms whatever its neighbours' noise), at most 4 significant digits,
and 3 without a spread. Whole counts of bytes or things without spread are
exact and shown in full (26,376 B). Each cell is scaled to its own unit (ns,
µs, ms, s; B, KiB, MiB...), so a 4000× speedup stays readable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from .record import Measurement
from .units import BYTES, COUNT, display_scale

MAX_DIGITS, DEFAULT_DIGITS = 4, 3
MINUS = "\u2212"
EXACT_UNITS = {BYTES: "B", COUNT: ""}  # base units whose whole values are exact counts


@dataclass(frozen=True)
class Shown:
    """A formatted value: number, unit symbol and the ± figure (same unit), if any."""

    number: str
    unit: str
    spread: str | None

    def __str__(self) -> str:
        spread = f" ± {self.spread}" if self.spread else ""
        return f"{self.number}{spread} {self.unit}".rstrip()


def supported_digits(value: float, half_width: float | None) -> int | None:
    """Significant digits of ``value`` that its spread supports (2 digits of spread)."""
    if half_width is None or value == 0:
        return None
    if half_width == 0:
        return MAX_DIGITS
    return max(1, math.floor(math.log10(abs(value))) - math.floor(math.log10(half_width)) + 2)


def cell_digits(m: Measurement) -> int:
    """The digits ``m``'s own spread supports (``DEFAULT_DIGITS`` without one)."""
    supported = supported_digits(m.value, m.half_width)
    return min(supported, MAX_DIGITS) if supported else DEFAULT_DIGITS


def _decimals(scaled: float, digits: int) -> int:
    return digits - 1 - math.floor(math.log10(abs(scaled))) if scaled else 0


def _number(x: float, decimals: int) -> str:
    text = f"{round(x, decimals):,.{max(decimals, 0)}f}"
    return text.replace("-", MINUS)


def show(m: Measurement, digits: int) -> Shown:
    """``m`` in its own display scale, to ``digits`` significant digits; an exact
    count of bytes or things (no spread, a whole number) digit for digit: 26,376 B."""
    if m.unit in EXACT_UNITS and not m.half_width and float(m.value).is_integer():
        return Shown(f"{int(m.value):,}", EXACT_UNITS[m.unit], None)
    symbol, factor = display_scale(m.unit, m.value)
    decimals = _decimals(m.value / factor, digits)
    rounded = round(m.value / factor, decimals) * factor
    if rounded and display_scale(m.unit, rounded) != (symbol, factor):  # 999.96 ns -> 1.00 µs
        symbol, factor = display_scale(m.unit, rounded)
        decimals = _decimals(rounded / factor, digits)
    scaled = m.value / factor
    if not m.half_width and scaled == round(scaled):  # exact counts: 512 B, 100 allocations
        decimals = 0
    spread = None
    if m.half_width:
        hw = m.half_width / factor
        if round(hw, decimals) == 0:  # keep one significant digit rather than print ± 0
            decimals_hw = _decimals(hw, 1)
        else:
            decimals_hw = decimals
        spread = _number(hw, decimals_hw)
    return Shown(_number(scaled, decimals), symbol, spread)


def format_change(change: float) -> str:
    """'−68.9%', '+3.7%', '+0.43%'; never rounds a real change to ±100.0% or 0."""
    if math.isinf(change):
        return "from zero"
    pct = change * 100
    if pct == 0:
        return "0%"
    decimals = 1 if abs(pct) >= 1 else 2
    while decimals < 4 and pct != -100 and round(pct, decimals) == -100:
        decimals += 1
    sign = "+" if pct > 0 else MINUS
    return f"{sign}{abs(pct):,.{decimals}f}%"


def format_factor(comparison, interval: tuple[float, float] | None = None) -> str:
    """'3.21× faster', '1.56× [1.55, 1.57] faster', '4,061× faster'."""
    f = comparison.factor
    if math.isinf(f):
        return comparison.word
    decimals = 2 if f < 10 else 1 if f < 100 else 0
    low, high = (f"{x:,.{decimals}f}" for x in interval) if interval else ("", "")
    bounds = f" [{low}, {high}]" if low != high else ""  # identical runs: no interval to speak of
    return f"{f:,.{decimals}f}×{bounds} {comparison.word}"


def format_range(low: float, high: float) -> str:
    return f"{format_change(low)} … {format_change(high)}"


def format_p(p: float | None, alpha: float = 0.05) -> str | None:
    """'p = 0.53', 'p = 0.0079': two significant digits, more until the printed
    value sits on the same side of α as p itself (0.0496 is not 'p = 0.05')."""
    if p is None:
        return None
    if p < 0.001:
        return "p < 0.001"
    decimals = 1 - math.floor(math.log10(p))
    while decimals < 6 and _misread(p, round(p, decimals), alpha):
        decimals += 1
    return f"p = {p:.{decimals}f}"


def _misread(p: float, shown: float, alpha: float) -> bool:
    """Whether ``shown`` would be read on the other side of α than ``p`` (or as α itself)."""
    return (shown < alpha) != (p < alpha) or shown == alpha != p
