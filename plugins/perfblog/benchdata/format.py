"""Numbers for people: auto-scaled units, precision the spread supports, signed changes.

Precision rule: a value is shown to the digit where its spread's second
significant digit falls (6.2194 ± 0.61 ns → 6.22 ± 0.61 ns); a column uses the
fewest digits any of its cells supports (so precision is consistent within a
column and never exceeds what the noise allows), at most 4 significant digits,
and 3 when nothing in the column has a spread. Each cell is scaled to its own
unit (ns, µs, ms, s; B, KiB, MiB...), so a 4000× speedup stays readable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from .record import Measurement
from .units import display_scale

MAX_DIGITS, DEFAULT_DIGITS = 4, 3
MINUS = "\u2212"


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


def column_digits(measurements: Iterable[Measurement | None]) -> int:
    supported = [d for m in measurements if m and (d := supported_digits(m.value, m.half_width))]
    return min(min(supported), MAX_DIGITS) if supported else DEFAULT_DIGITS


def _decimals(scaled: float, digits: int) -> int:
    return digits - 1 - math.floor(math.log10(abs(scaled))) if scaled else 0


def _number(x: float, decimals: int) -> str:
    text = f"{round(x, decimals):,.{max(decimals, 0)}f}"
    return text.replace("-", MINUS)


def show(m: Measurement, digits: int) -> Shown:
    """``m`` in its own display scale, to ``digits`` significant digits."""
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


def format_factor(comparison) -> str:
    """'3.21× faster', '1.04× slower', '4,061× faster'."""
    f = comparison.factor
    if math.isinf(f):
        return comparison.word
    decimals = 2 if f < 10 else 1 if f < 100 else 0
    return f"{f:,.{decimals}f}× {comparison.word}"


def format_range(low: float, high: float) -> str:
    return f"{format_change(low)} … {format_change(high)}"


def format_p(p: float | None) -> str | None:
    if p is None:
        return None
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"
