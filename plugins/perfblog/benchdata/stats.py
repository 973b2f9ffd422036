"""The tests the tools themselves run, through ``scipy.stats`` (what Google
Benchmark's ``compare.py`` and hyperfine's scripts import), plus the intervals
of ratios that go with them.

Each function names the tool whose call it reproduces, so a p-value here is the
p-value that tool prints for the same samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import functools

import numpy as np


@functools.cache
def scipy_stats():
    """scipy.stats, imported on first use: it takes over a second, and a site whose posts compare
    nothing (or a Pelican site that merely has perfblog installed) should not pay for it."""
    from scipy import stats

    return stats

Samples = Sequence[float]
#: benchstat computes the exact U distribution up to this many values per side (go-moremath).
EXACT_LIMIT = 50


@dataclass(frozen=True)
class Welch:
    """Welch's unequal-variances t-test of mean(b) − mean(a)."""

    difference: float
    standard_error: float
    df: float
    p_value: float

    def interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """The confidence interval of the difference."""
        if self.standard_error == 0.0:
            return self.difference, self.difference
        margin = scipy_stats().t.ppf(0.5 + confidence / 2, self.df) * self.standard_error
        return self.difference - margin, self.difference + margin


def welch_from_stats(mean_a: float, sd_a: float, n_a: int, mean_b: float, sd_b: float, n_b: int) -> Welch:
    """Welch's test from summary statistics alone (pytest-benchmark storage, gbench aggregates).

    Identical constant samples give p = 1, distinct constants p = 0.
    """
    diff = mean_b - mean_a
    se2 = sd_a**2 / n_a + sd_b**2 / n_b
    if se2 == 0.0:
        return Welch(diff, 0.0, math.inf, 0.0 if diff else 1.0)
    df = se2**2 / ((sd_a**2 / n_a) ** 2 / (n_a - 1) + (sd_b**2 / n_b) ** 2 / (n_b - 1))
    p = scipy_stats().ttest_ind_from_stats(mean_a, sd_a, n_a, mean_b, sd_b, n_b, equal_var=False).pvalue
    return Welch(diff, math.sqrt(se2), df, float(p))


def welch(a: Samples, b: Samples) -> Welch:
    """Welch's test on raw samples (Criterion's t statistic)."""
    if len(a) < 2 or len(b) < 2:
        raise ValueError("Welch's test needs at least two samples on each side")
    sd = [scipy_stats().tstd(x) if len(set(x)) > 1 else 0.0 for x in (a, b)]
    return welch_from_stats(math.fsum(a) / len(a), sd[0], len(a), math.fsum(b) / len(b), sd[1], len(b))


def student_p(a: Samples, b: Samples) -> float:
    """pyperf ``compare_to``: Student's two-sample t-test (pooled variance), two-sided."""
    if len(set(a)) == 1 and len(set(b)) == 1:
        return 1.0 if a[0] == b[0] else 0.0
    return float(scipy_stats().ttest_ind(a, b, equal_var=True).pvalue)


def u_test_gbench(a: Samples, b: Samples) -> float:
    """Google Benchmark ``compare.py``: ``mannwhitneyu(a, b, alternative="two-sided")``."""
    return float(scipy_stats().mannwhitneyu(a, b, alternative="two-sided").pvalue)


def u_test_benchstat(a: Samples, b: Samples) -> float:
    """benchstat (go-moremath ``MannWhitneyUTest``): exact without ties up to 50 values,
    else the normal approximation with tie and continuity corrections.

    go-moremath is exact for tied samples of up to 25 values too, SciPy is not:
    only there may the p-values differ (both give 1 for identical constants).
    """
    if len(set(a)) == 1 and list(set(a)) == list(set(b)):
        return 1.0
    ties = len(set(a) | set(b)) < len(a) + len(b)
    exact = not ties and max(len(a), len(b)) <= EXACT_LIMIT
    return float(scipy_stats().mannwhitneyu(a, b, alternative="two-sided", method="exact" if exact else "asymptotic").pvalue)


def smallest_u_p(n_a: int, n_b: int) -> float:
    """The smallest two-sided p-value a U test can reach with these counts."""
    return min(1.0, 2 / math.comb(n_a + n_b, n_a))


def bootstrap_ratio(a: Samples, b: Samples, median: bool = False, confidence: float = 0.95,
                    limit: int = 20_000) -> tuple[float, float] | None:
    """Percentile bootstrap interval of mean(b) / mean(a) (or of the medians).

    1,000 resamples of each side from a fixed seed, so a build is reproducible;
    None when a side has fewer than 2 values, holds a zero, or the sides hold
    more than ``limit`` values together (the cost grows with them).
    """
    if min(len(a), len(b)) < 2 or len(a) + len(b) > limit or min(min(a), min(b)) <= 0:
        return None
    # scipy.stats.bootstrap's percentile method for two independent samples, done directly: its
    # per-call overhead was most of a bench block's cost.
    centre = np.median if median else np.mean
    rng = np.random.default_rng(0)
    before, after = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    resampled_a = before[rng.integers(0, len(before), (1000, len(before)))]
    resampled_b = after[rng.integers(0, len(after), (1000, len(after)))]
    ratios = centre(resampled_b, axis=1) / centre(resampled_a, axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(ratios, [tail, 100 - tail])
    return float(low), float(high)


def ratio_from_stats(test: Welch, mean_a: float, sd_a: float, n_a: int, mean_b: float, sd_b: float, n_b: int,
                     confidence: float = 0.95) -> tuple[float, float] | None:
    """Interval of mean_b / mean_a from summary statistics: the delta method on the log ratio,
    with Welch's degrees of freedom (all that mean, standard deviation and count allow)."""
    if min(mean_a, mean_b) <= 0 or test.standard_error == 0.0:
        return None
    se = math.sqrt((sd_a / mean_a) ** 2 / n_a + (sd_b / mean_b) ** 2 / n_b)
    margin = scipy_stats().t.ppf(0.5 + confidence / 2, test.df) * se
    ratio = mean_b / mean_a
    return ratio * math.exp(-margin), ratio * math.exp(margin)


def geometric_mean(ratios: Sequence[float], intervals: Sequence[tuple[float, float] | None],
                   confidence: float = 0.95) -> tuple[float, tuple[float, float] | None]:
    """The geometric mean of ratios and, when every ratio has one, its interval.

    Each ratio's own interval gives its standard error on the log scale (width
    over 2z, normal approximation); the errors of independent benchmarks add in
    quadrature. The interval says how well these benchmarks' mean is measured,
    not how it would generalise to other benchmarks.
    """
    logs = [math.log(r) for r in ratios]
    centre = math.fsum(logs) / len(logs)
    if any(i is None for i in intervals):
        return math.exp(centre), None
    z = scipy_stats().norm.ppf(0.5 + confidence / 2)
    se = math.sqrt(math.fsum(((math.log(h) - math.log(lo)) / (2 * z)) ** 2 for lo, h in intervals)) / len(logs)
    return math.exp(centre), (math.exp(centre - z * se), math.exp(centre + z * se))
