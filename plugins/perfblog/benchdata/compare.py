"""Before/after comparisons with honest verdicts, and journeys across versions.

A change is claimed only when a rule says it is real; the rules, in order:

1. **criterion** — the "after" side carries Criterion's own change estimate,
   computed against this very "before" file. Criterion's rule, verbatim:
   p < significance (0.05) *and* the 95% interval of the mean's change lies
   entirely below −noise or above +noise (noise threshold 0.01); otherwise "no
   change". Criterion does not save its p-value: it bootstraps the Welch t
   statistic of the per-iteration samples. We compute the analytic Welch
   p-value of the same samples (``stats.welch``), which agrees with the value
   Criterion prints (0.53 vs 0.531 on the fixtures).
2. **welch** — both sides hold raw samples (≥ 2 each): Welch's t-test, with the
   same thresholds: p < significance and the 95% interval of the change (the
   interval of the difference of means over the "before" mean) beyond ±noise.
3. **intervals** — both sides carry an interval (CI or value ± spread): a change
   is real when the intervals do not overlap and it exceeds the noise threshold.
4. **exact** — the author declares the values exact (``exact: yes``: counts from
   a deterministic program, such as allocations per call): any change beyond
   the noise threshold is real.
5. **none** — no spread at all (hand-typed numbers): the change is shown but
   marked untested; below the noise threshold it is "no change".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..blocks import PerfblogError
from .format import format_change, format_factor
from .record import Measurement
from .stats import welch
from .units import BYTES, COUNT, RATE, THROUGHPUT, TIME, dimension_name

IMPROVED, REGRESSED, NO_CHANGE, UNTESTED = "improved", "regressed", "no change", "untested"
NOISE_THRESHOLD = 0.01  # Criterion's default --noise-threshold
SIGNIFICANCE = 0.05  # Criterion's default --significance-level

#: What a move down / up is called, per base unit (the word follows the number,
#: the colour follows whether that move is good).
MOVES = {
    TIME: ("faster", "slower"),
    BYTES: ("smaller", "larger"),
    COUNT: ("fewer", "more"),
    THROUGHPUT: ("less throughput", "more throughput"),
    RATE: ("less throughput", "more throughput"),
}


@dataclass(frozen=True)
class Thresholds:
    noise: float = NOISE_THRESHOLD
    significance: float = SIGNIFICANCE
    exact: bool = False  # the author vouches that values without spread are exact


@dataclass(frozen=True)
class Comparison:
    """``after`` relative to ``before``: ``ratio`` is after / before, ``change`` ratio − 1.

    Both are kept because 1 + (ratio − 1) loses digits for a 10⁶× speedup.
    """

    before: Measurement
    after: Measurement
    ratio: float
    change_low: float | None
    change_high: float | None
    verdict: str
    rule: str  # criterion | welch | intervals | none
    p_value: float | None = None

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
    ratio = _ratio(before.value, after.value)
    change = ratio - 1.0
    tool = after.change
    if tool is not None and before.source in tool.against and _enough(before.samples) and _enough(after.samples):
        p = welch(before.samples, after.samples).p_value
        low, high = tool.low, tool.high
        verdict = _verdict(p < thresholds.significance, low, high, thresholds, "lower")
        ratio = 1.0 + tool.value
        if tool.inverted:  # throughput = amount / time: same test, reciprocal numbers
            ratio, low, high = 1 / ratio, 1 / (1 + high) - 1, 1 / (1 + low) - 1
        return Comparison(before, after, ratio, low, high, verdict, "criterion", p)
    if _enough(before.samples) and _enough(after.samples) and before.value > 0:
        test = welch(before.samples, after.samples)
        low, high = (x / before.value for x in test.interval())
        verdict = _verdict(test.p_value < thresholds.significance, low, high, thresholds, after.direction)
        return Comparison(before, after, ratio, low, high, verdict, "welch", test.p_value)
    if None not in (before.low, before.high, after.low, after.high):
        apart = before.high < after.low or after.high < before.low
        verdict = _verdict(apart, change, change, thresholds, after.direction)
        return Comparison(before, after, ratio, None, None, verdict, "intervals")
    if thresholds.exact:
        verdict = _verdict(True, change, change, thresholds, after.direction)
        return Comparison(before, after, ratio, None, None, verdict, "exact")
    verdict = NO_CHANGE if abs(change) <= thresholds.noise else UNTESTED
    return Comparison(before, after, ratio, None, None, verdict, "none")


def _ratio(before: float, after: float) -> float:
    if before == 0.0:  # only sizes and counts may be zero
        return 1.0 if after == 0.0 else math.inf
    return after / before


def _enough(samples: tuple[float, ...] | None) -> bool:
    return samples is not None and len(samples) >= 2


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
    best = max((c for c in comparisons if c.verdict == IMPROVED), key=lambda c: c.improvement, default=None)
    if best is None:
        return None
    return f"{format_factor(best)} ({format_change(best.change)})"
