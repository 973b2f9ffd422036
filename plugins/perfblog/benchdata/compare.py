"""Before/after comparisons with honest verdicts, and journeys across versions.

A change is claimed only when a rule says it is real. The rule is the tool's
own wherever the tool has one (the adapter names it in ``Measurement.rule``):

1. **criterion** — Criterion's change estimate for this very pair (its
   ``change/estimates.json``): p < significance and the 95% interval of the
   mean's change entirely beyond ±noise. Criterion does not save its p-value
   (it bootstraps the Welch t statistic); the analytic Welch p-value of the
   same samples agrees with what it prints. A pair with no estimate of its own
   gets the same test on the samples.
2. **A tool's test** (``TESTS``): Google Benchmark ``compare.py``'s and
   benchstat's Mann–Whitney U tests, pyperf's Student t-test, and for
   hyperfine and pytest-benchmark (no test of their own) the U test too,
   which a few slow outlier runs cannot sway. Each has its own minimum count.
3. **summary** — only mean, standard deviation and count (pytest-benchmark
   storage, gbench aggregates): Welch's test from those.
4. **welch** — raw samples without a tool rule: Welch's t-test.
5. **intervals** — non-overlapping intervals beyond ±noise.
6. **exact** — the author vouches the values are exact counts (``exact: yes``).
7. **none** — no spread at all: the change is shown, marked untested.

Two sides holding the very same samples are never compared (Criterion's
``base``/``new`` after a plain ``cargo bench``), and a metric derived from
another one's samples (throughput from time) takes that one's verdict.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..blocks import PerfblogError
from . import stats
from .format import format_change, format_factor
from .record import Measurement
from .units import BYTES, COUNT, RATE, THROUGHPUT, TIME, dimension_name

IMPROVED, REGRESSED, NO_CHANGE, UNTESTED = "improved", "regressed", "no change", "untested"
TOO_FEW, SAME_DATA = "too few", "same data"
NOISE_THRESHOLD = 0.01  # Criterion's default --noise-threshold
SIGNIFICANCE = 0.05  # Criterion's default --significance-level
GBENCH_OPTIMAL_REPETITIONS = 9  # compare.py's UTEST_OPTIMAL_REPETITIONS

#: What a move down / up is called, per base unit (the word follows the number,
#: the colour follows whether that move is good).
MOVES = {
    TIME: ("faster", "slower"),
    BYTES: ("smaller", "larger"),
    COUNT: ("fewer", "more"),
    THROUGHPUT: ("less throughput", "more throughput"),
    RATE: ("less throughput", "more throughput"),
}
#: Why two sides with the same samples happen, per rule.
SAME_DATA_HINTS = {
    "criterion": "after a plain `cargo bench` Criterion 0.3 copies new/ over base/; save the earlier run "
                 "with `--save-baseline NAME` and compare 'before: #NAME'",
}


@dataclass(frozen=True)
class Thresholds:
    noise: float = NOISE_THRESHOLD
    significance: float = SIGNIFICANCE
    exact: bool = False  # the author vouches that values without spread are exact


@dataclass(frozen=True)
class ToolTest:
    """A tool's own test on raw samples, and when it has too few of them."""

    label: str  # for the table's note
    p_value: Callable[[Sequence[float], Sequence[float]], float]
    too_few: Callable[[int, int, float], bool]  # (n before, n after, α)
    counted: str  # what a sample is called: "repetitions", "runs", ...
    inclusive: bool = False  # benchstat claims a change at p ≤ α, the others at p < α
    interval_agrees: bool = False  # also needs the shown ratio's interval to exclude 1 (our own rule)


def _u_cannot_reach(n_a: int, n_b: int, alpha: float) -> bool:
    """The smallest p the U test can give at these counts is above α (benchstat's warning)."""
    return stats.smallest_u_p(n_a, n_b) > alpha


TESTS = {
    "gbench": ToolTest("Mann–Whitney U test, as Google Benchmark's compare.py",
                       stats.u_test_gbench, lambda a, b, _: min(a, b) < GBENCH_OPTIMAL_REPETITIONS, "repetitions"),
    "benchstat": ToolTest("Mann–Whitney U test, as benchstat", stats.u_test_benchstat, _u_cannot_reach, "runs",
                          inclusive=True),
    "pyperf": ToolTest("Student's t-test, as pyperf compare_to", stats.student_p, lambda a, b, _: min(a, b) < 2,
                       "values"),
    "robust": ToolTest("Mann–Whitney U test (robust to outlier runs) and a 95% interval of the ratio beyond 1×",
                       stats.u_test_benchstat, _u_cannot_reach, "runs", interval_agrees=True),
}


@dataclass(frozen=True)
class Comparison:
    """``after`` relative to ``before``: ``ratio`` is after / before, ``change`` ratio − 1.

    Both are kept because 1 + (ratio − 1) loses digits for a 10⁶× speedup.
    ``change_low``/``change_high`` bound the change where the rule gives an
    interval of it; ``reason`` says why no test was possible.
    """

    before: Measurement
    after: Measurement
    ratio: float
    change_low: float | None
    change_high: float | None
    verdict: str
    rule: str  # criterion | a key of TESTS | summary | welch | intervals | exact | none
    p_value: float | None = None
    reason: str | None = None

    @property
    def change(self) -> float:
        return self.ratio - 1.0

    @property
    def significant(self) -> bool:
        return self.verdict in (IMPROVED, REGRESSED)

    @property
    def word(self) -> str:
        """'faster', 'slower', 'smaller', ... for the direction the number moved."""
        down, up = MOVES[self.after.unit]
        return down if self.change < 0 else up

    @property
    def factor(self) -> float:
        """How many times faster/slower etc. (≥ 1), e.g. 3.2 for a −68.9% time."""
        if self.ratio <= 0.0:
            return math.inf
        return max(self.ratio, 1.0 / self.ratio)

    @property
    def factor_interval(self) -> tuple[float, float] | None:
        """The interval of ``factor``, in the same orientation (low ≤ high)."""
        if self.change_low is None or self.change_high is None or self.change_low <= -1:
            return None
        low, high = 1 + self.change_low, 1 + self.change_high
        return (low, high) if self.ratio >= 1 else (1 / high, 1 / low)

    @property
    def improvement(self) -> float:
        """How many times better (> 1) or worse (< 1): the headline's ranking key."""
        if self.after.direction == "higher":
            return self.ratio
        return 1.0 / self.ratio if self.ratio > 0 else math.inf


def compare(before: Measurement, after: Measurement, thresholds: Thresholds = Thresholds()) -> Comparison:
    """Compare two measurements of the same metric, by the first rule that applies."""
    if before.unit != after.unit:
        raise PerfblogError(
            f"unit mismatch for {after.bench_id!r} {after.metric}: {before.source} is a "
            f"{dimension_name(before.unit)} ({before.unit}), {after.source} a "
            f"{dimension_name(after.unit)} ({after.unit})"
        )
    if before.basis is not None and after.basis is not None:
        return _derived(compare(before.basis, after.basis, thresholds), before, after)
    for rule in (_same, _criterion, _tool, _summary, _welch, _intervals, _exact):
        found = rule(before, after, thresholds)
        if found is not None:
            return found
    ratio = _ratio(before.value, after.value)
    verdict = NO_CHANGE if abs(ratio - 1) <= thresholds.noise else UNTESTED
    return Comparison(before, after, ratio, None, None, verdict, "none")


def _derived(basis: Comparison, before: Measurement, after: Measurement) -> Comparison:
    """Throughput = amount / time: the time's verdict, with reciprocal numbers
    (as Criterion prints its thrpt change)."""
    if basis.verdict == SAME_DATA:
        return _same(before, after, Thresholds()) or basis
    low, high = basis.change_low, basis.change_high
    if low is not None and high is not None and low > -1:
        low, high = 1 / (1 + high) - 1, 1 / (1 + low) - 1
    return dataclasses.replace(basis, before=before, after=after, ratio=1 / basis.ratio if basis.ratio else math.inf,
                               change_low=low, change_high=high)


def _same(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    if not before.samples or len(set(before.samples)) < 2 or before.samples != after.samples:
        return None  # equal constant counts (0 B/op each run) are results, not one run twice
    hint = SAME_DATA_HINTS.get(after.rule or "")
    reason = "the same run twice, nothing to compare" + (f" ({hint})" if hint else "")
    tool = after.change
    if tool is not None and not tool.against:  # what the tool found against the run it overwrote
        bounds = " ".join(_tool_percent(x) for x in (tool.low, tool.value, tool.high))
        reason += f"; the tool's own change against the previous run, no longer on disk: [{bounds}]"
    return Comparison(before, after, 1.0, None, None, SAME_DATA, after.rule or "none", reason=reason)


def _tool_percent(x: float) -> str:
    """A change as Criterion prints it: '−99.816%'."""
    return f"{x * 100:+.3f}%".replace("-", "\u2212")


def _criterion(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    tool = after.change
    if tool is None or before.source not in tool.against or not (_enough(before) and _enough(after)):
        return None
    p = stats.welch(before.samples, after.samples).p_value
    verdict = _verdict(p < t.significance, tool.low, tool.high, t, after.direction)
    return Comparison(before, after, 1.0 + tool.value, tool.low, tool.high, verdict, "criterion", p)


def _tool(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    test = TESTS.get(after.rule or "")
    if test is None or not (_enough(before) and _enough(after)):
        return None
    ratio = _ratio(before.value, after.value)
    p = test.p_value(before.samples, after.samples)
    n_a, n_b = len(before.samples), len(after.samples)
    interval = stats.bootstrap_ratio(before.samples, after.samples, median=after.estimator == "median")
    low, high = (interval[0] - 1, interval[1] - 1) if interval else (None, None)
    if test.too_few(n_a, n_b, t.significance):
        reason = f"{n_a} vs {n_b} {test.counted}: too few for a test"
        return Comparison(before, after, ratio, low, high, TOO_FEW, after.rule, p, reason)
    real = p <= t.significance if test.inclusive else p < t.significance
    if test.interval_agrees and low is not None:  # the runs differ, and the shown figure moved
        real = real and not low <= 0 <= high
    verdict = _verdict(real, ratio - 1, ratio - 1, Thresholds(noise=0.0), after.direction)
    return Comparison(before, after, ratio, low, high, verdict, after.rule, p)


def _summary(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    """Mean, standard deviation and count only: Welch's test is what they allow."""
    sides = (before, after)
    if any(m.samples or m.spread_kind != "stddev" or not m.sample_count or m.half_width is None for m in sides):
        return None
    ratio = _ratio(before.value, after.value)
    if min(m.sample_count for m in sides) < 2:
        reason = f"{before.sample_count} vs {after.sample_count} runs: too few for a test"
        return Comparison(before, after, ratio, None, None, TOO_FEW, "summary", reason=reason)
    figures = (before.value, before.half_width, before.sample_count, after.value, after.half_width, after.sample_count)
    test = stats.welch_from_stats(*figures)
    interval = stats.ratio_from_stats(test, *figures)
    low, high = (interval[0] - 1, interval[1] - 1) if interval else (None, None)
    verdict = _verdict(test.p_value < t.significance, ratio - 1, ratio - 1, t, after.direction)
    return Comparison(before, after, ratio, low, high, verdict, "summary", test.p_value)


def _welch(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    if not (_enough(before) and _enough(after)) or min(before.samples) <= 0:
        return None
    test = stats.welch(before.samples, after.samples)
    mean = math.fsum(before.samples) / len(before.samples)  # the test's own figures, whatever is shown
    low, high = (x / mean for x in test.interval())
    verdict = _verdict(test.p_value < t.significance, low, high, t, after.direction)
    ratio = _ratio(mean, math.fsum(after.samples) / len(after.samples))
    return Comparison(before, after, ratio, low, high, verdict, "welch", test.p_value)


def _intervals(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    if None in (before.low, before.high, after.low, after.high):
        return None
    ratio = _ratio(before.value, after.value)
    apart = before.high < after.low or after.high < before.low
    return Comparison(before, after, ratio, None, None, _verdict(apart, ratio - 1, ratio - 1, t, after.direction),
                      "intervals")


def _exact(before: Measurement, after: Measurement, t: Thresholds) -> Comparison | None:
    if not t.exact:
        return None
    ratio = _ratio(before.value, after.value)
    return Comparison(before, after, ratio, None, None, _verdict(True, ratio - 1, ratio - 1, t, after.direction),
                      "exact")


def _ratio(before: float, after: float) -> float:
    if before == 0.0:  # only sizes and counts may be zero
        return 1.0 if after == 0.0 else math.inf
    return after / before


def _enough(m: Measurement) -> bool:
    return m.samples is not None and len(m.samples) >= 2


def _verdict(real: bool, low: float, high: float, t: Thresholds, direction: str) -> str:
    """Criterion's ``compare_to_threshold``, gated by the rule's test."""
    if not real:
        return NO_CHANGE
    if high < -t.noise:
        return IMPROVED if direction == "lower" else REGRESSED
    if low > t.noise:
        return REGRESSED if direction == "lower" else IMPROVED
    return NO_CHANGE


@dataclass(frozen=True)
class Step:
    """One version in a journey, compared with the first and the previous one."""

    label: str
    measurement: Measurement | None
    vs_baseline: Comparison | None
    vs_previous: Comparison | None


def journey(
    labels: Sequence[str], measurements: Sequence[Measurement | None], thresholds: Thresholds = Thresholds()
) -> list[Step]:
    """Baseline → attempt 1 → … → final for one benchmark and metric."""
    steps = []
    baseline = measurements[0]
    for i, (label, current) in enumerate(zip(labels, measurements)):
        previous = measurements[i - 1] if i else None
        steps.append(
            Step(
                label,
                current,
                compare(baseline, current, thresholds) if i and baseline and current else None,
                compare(previous, current, thresholds) if i > 1 and previous and current else None,
            )
        )
    return steps


def headline(comparisons: Iterable[Comparison]) -> str | None:
    """The largest significant improvement, like "3.2× faster (−68.9%)", or None.

    Rule for a post: metadata ``headline:`` wins; else this function over the
    comparisons of the post's first ``bench`` block.
    """
    best = best_improvement(comparisons)
    if best is None:
        return None
    return f"{format_factor(best)} ({format_change(best.change)})"


def best_improvement(comparisons: Iterable[Comparison]) -> Comparison | None:
    """The largest significant improvement: the comparison a headline states."""
    return max((c for c in comparisons if c.verdict == IMPROVED), key=lambda c: c.improvement, default=None)
