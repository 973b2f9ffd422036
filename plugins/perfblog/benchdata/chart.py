"""Geometry of the inline SVG bar chart that sits beside a comparison table.

One group per table row, one horizontal bar per version, whiskers for the
spread. Each group has its own linear scale from zero (benchmarks in one table
can differ by 1000×), and every bar is labelled with its value, so the chart
never relies on a shared axis or on colour. Labels sit above their bars, not
beside them, so the chart stays narrow enough (``WIDTH``) that a phone shows its
text at full size. Coordinates are whole pixels so edges stay crisp; colours
come from CSS classes (``bench.css``).
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 340  # the longest bar; wider only when a label needs it. A 390 px phone (358 px column) shows it unscaled
CHAR_WIDTH = 7  # generous average advance of the 12px system font, so labels are never clipped
LABEL_HEIGHT = 19  # a group's name
VALUE_HEIGHT = 15  # a bar's label, above the bar
BAR_HEIGHT = 15
BAR_GAP = 6
GROUP_GAP = 10


@dataclass(frozen=True)
class BarSpec:
    """What to draw: a value (base units), its interval, a CSS tone and a text label."""

    value: float
    low: float | None
    high: float | None
    tone: str  # before | after | good | bad | neutral
    label: str


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    tone: str
    label: str
    label_y: int
    whisker: tuple[int, int] | None  # x from, x to


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    groups: list[Group]


def bar_chart(groups: list[tuple[str, list[BarSpec | None]]]) -> Chart | None:
    """The laid-out chart, or None when no group has anything to draw."""
    laid_out, y = [], 0
    for label, specs in groups:
        present = [s for s in specs if s is not None]
        top = max((max(s.value, s.high or s.value) for s in present), default=0.0)
        if top <= 0:  # 0 B/op before and after: nothing to draw, the table says it
            continue
        scale = WIDTH / top
        label_y, y = y + LABEL_HEIGHT - 5, y + LABEL_HEIGHT
        bars = []
        for spec in present:
            width = max(1, round(spec.value * scale)) if spec.value > 0 else 0
            whisker = None
            if spec.low is not None and spec.high is not None:
                whisker = (round(max(spec.low, 0.0) * scale), round(spec.high * scale))
                whisker = whisker if whisker[1] - whisker[0] >= 2 else None  # too narrow to draw
            value_y, y = y + VALUE_HEIGHT - 4, y + VALUE_HEIGHT
            bars.append(Bar(y, width, spec.tone, spec.label, value_y, whisker))
            y += BAR_HEIGHT + BAR_GAP
        laid_out.append(Group(label, label_y, bars))
        y += GROUP_GAP
    if not laid_out:
        return None
    widest = max(CHAR_WIDTH * len(text) for group in laid_out for text in (group.label, *(b.label for b in group.bars)))
    # + 1: a whisker at the longest bar's end is a 1-unit stroke centred half a unit past it
    return Chart(max(WIDTH + 1, widest), y - GROUP_GAP - BAR_GAP, BAR_HEIGHT, laid_out)
