"""A latency distribution as tools print it: (percentile, seconds) points, for the latency block."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Percentiles:
    """``points``: (fraction 0..1, seconds, line) in file order; ``count``: values recorded, when known."""

    points: list[tuple[float, float, int]]
    count: int | None = None
    facts: tuple[str, ...] = ()  # what else the tool printed about the run ("4722 requests in 5.05s")

    def at(self, fraction: float) -> tuple[float, int] | None:
        """(seconds, line) at this percentile: the first point at or above it (HdrHistogram's reading)."""
        if self.count and fraction < 1 and 1 / (1 - fraction) > self.count:
            return None  # finer than the data resolves: that is just the maximum
        return next(((v, line) for p, v, line in self.points
                     if p >= fraction - 1e-12 and (p < 1 or fraction == 1)), None)  # the maximum is only "max"
