"""The one record every adapter produces and everything downstream consumes.

Like github-action-benchmark's extract step, each tool's output is mapped to a
common shape; comparison, formatting and rendering never look at a tool's own
format again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

#: The kinds of spread adapters record, and what "±" then means.
SPREAD_NAMES = {
    "ci95": "half the 95% confidence interval",
    "stddev": "the standard deviation",
    "range": "the tool's range (max − min)",
    "mad": "the median absolute deviation",
    "iqr": "half the interquartile range",
}


@dataclass(frozen=True)
class ToolChange:
    """A change the tool itself estimated (Criterion's ``change/estimates.json``).

    ``against`` holds the sources of the measurements it was computed against:
    the estimate is only used when the "before" side is one of them.
    """

    against: tuple[str, ...]
    value: float  # relative change of the mean, e.g. -0.25 for 25% lower
    low: float
    high: float


@dataclass(frozen=True)
class Estimate:
    """Another estimator of the same runs (the median beside the mean), for ``estimate:``."""

    name: str
    value: float
    low: float | None = None
    high: float | None = None
    spread_kind: str | None = None


@dataclass(frozen=True)
class Measurement:
    """One benchmark's value for one metric, in base units (see ``units``).

    ``low``/``high`` bound the spread: the confidence interval itself for
    ``ci95``, else ``value`` ∓ the tool's ± figure. ``samples`` are the raw
    per-run values when the file holds them (they feed the tool's test, ``rule``).
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
    rule: str | None = None  # the tool's own test ("criterion" or a key of ``compare.TESTS``), set by the adapter
    estimator: str | None = None  # what ``value`` is: "mean", "median", "typical (slope)", ...
    alternatives: tuple[Estimate, ...] = ()  # other estimators ``estimate:`` may pick
    basis: Measurement | None = None  # the measurement this one is computed from (throughput: time)
    failures: tuple[str, ...] = ()  # what the tool recorded as failed ("exit code 3 in 3 of 3 runs")

    @property
    def half_width(self) -> float | None:
        """The ± figure to print next to the value."""
        if self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2

    def estimated(self, name: str) -> Measurement | None:
        """This measurement by another estimator, or None when the data has no such figure."""
        if self.estimator and _answers_to(self.estimator, name):
            return self
        found = next((e for e in self.alternatives if e.name == name), None)
        if found is None:
            return None
        return dataclasses.replace(self, value=found.value, low=found.low, high=found.high,
                                   spread_kind=found.spread_kind, estimator=found.name,
                                   basis=self.basis and self.basis.estimated(name))

    @property
    def key(self) -> tuple[str, str]:
        return (self.bench_id, self.metric)


def _answers_to(label: str, name: str) -> bool:
    """'typical (slope)' is what 'typical' and 'slope' ask for."""
    head, _, inner = label.partition(" (")
    return name in (label, head, inner.rstrip(")"))
