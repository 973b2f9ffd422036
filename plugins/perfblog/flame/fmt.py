"""Stable number formatting, shared by the SVG, the tables and the call tree.

Fixed formats (never repr of a float) keep the output byte-for-byte the same
for the same input. Changes are spelled out with a sign and a word, so they
never rely on colour alone.
"""

from __future__ import annotations

from functools import lru_cache

MINUS = "\u2212"  # read as "minus" by screen readers, unlike a hyphen


def number(value: float) -> str:
    """At most one decimal, no trailing zeros: '12', '12.5'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=4096)  # a graph's frames share few totals: 1,246 among 16,371 frames
def count(value: float) -> str:
    """A sample count: '12,345', or '1,234.5' when counts are fractional."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=4096)
def quantity(value: float, unit: str) -> str:
    """'1 sample', '12 samples', '3 ms': singular when the unit is a plural word."""
    if value == 1 and unit.endswith("s") and len(unit) > 2:
        unit = unit[:-1]
    return f"{count(value)} {unit}"


@lru_cache(maxsize=4096)
def percent(share: float) -> str:
    """'12.3%'; two decimals under 1% so small shares do not all read '0.0%'; '0%' for none."""
    if share == 0:
        return "0%"
    return f"{fine(100 * share)}%"


def fine(value: float, sign: str = "") -> str:
    """One decimal, or two when one would show less than 1 (0.04 rather than 0.0)."""
    text = f"{value:{sign}.1f}"
    return text if abs(float(text)) >= 1 else f"{value:{sign}.2f}"


def share_change(before: float, after: float, word: str | None = None) -> str:
    """'+5.2 pp, grew', '−3.1 pp, shrank', '±0.00 pp, unchanged' (pp: percentage points).

    ``word`` replaces the direction word, e.g. with 'new' or 'gone'.
    """
    step = fine(100 * (after - before), "+")
    if float(step) == 0:
        return f"±{step[1:]} pp, {word or 'unchanged'}"
    return f"{step.replace('-', MINUS)} pp, {word or ('grew' if after > before else 'shrank')}"


def count_change(before: float, after: float) -> str:
    """'+18, grew', '−4, shrank' or '±0, unchanged' for raw counts."""
    if after == before:
        return "±0, unchanged"
    sign = "+" if after > before else MINUS
    return f"{sign}{count(abs(after - before))}, {'grew' if after > before else 'shrank'}"
