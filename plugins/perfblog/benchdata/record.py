"""The one record every adapter produces and everything downstream consumes.

Like github-action-benchmark's extract step, each tool's output is mapped to a
common shape; comparison, formatting and rendering never look at a tool's own
format again.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The kinds of spread adapters record, and what "±" then means.
SPREAD_NAMES = {
    "ci95": "half the 95% confidence interval",
    "stddev": "the standard deviation",
    "range": "the tool's range (max − min)",
}


@dataclass(frozen=True)
class ToolChange:
    """A change the tool itself estimated (Criterion's ``change/estimates.json``).

    ``against`` holds the sources of the measurements it was computed against:
    the estimate is only used when the "before" side is one of them.
    ``inverted`` marks a measurement that is the reciprocal of the judged one
    (Criterion judges time; its throughput is bytes / time).
    """

    against: tuple[str, ...]
    value: float  # relative change of the mean, e.g. -0.25 for 25% lower
    low: float
    high: float
    inverted: bool = False


@dataclass(frozen=True)
class Measurement:
    """One benchmark's value for one metric, in base units (see ``units``).

    ``low``/``high`` bound the spread: the confidence interval itself for
    ``ci95``, else ``value`` ∓ the tool's ± figure. ``samples`` are the raw
    per-run values when the file holds them (they feed Welch's test).
    """

    bench_id: str
    metric: str  # "time", "cpu time", "memory", "allocations", "throughput", ...
    unit: str  # a base unit: s, B, 1, B/s, 1/s
    value: float
    source: str  # "file:line" or "file [key]": where the number came from
    low: float | None = None
    high: float | None = None
    spread_kind: str | None = None  # a key of SPREAD_NAMES (or ciNN for another level)
    samples: tuple[float, ...] | None = None
    sample_count: int | None = None
    direction: str = "lower"  # which way is better
    group: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    version: str | None = None  # a Criterion baseline or a table column; None for single-run files
    change: ToolChange | None = None

    @property
    def half_width(self) -> float | None:
        """The ± figure to print next to the value."""
        if self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2

    @property
    def key(self) -> tuple[str, str]:
        return (self.bench_id, self.metric)
