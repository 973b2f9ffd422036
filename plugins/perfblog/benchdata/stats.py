"""The tests the tools themselves run, computed as ``scipy.stats`` computes them (what
Google Benchmark's ``compare.py`` and hyperfine's scripts import), plus the
intervals of ratios that go with them.

Each function names the tool whose call it reproduces, so a p-value here is the
p-value that tool prints for the same samples. The arithmetic is SciPy's, step for
step, on ``scipy.special``'s distribution functions: importing ``scipy.stats`` and
going through its array-API wrappers cost more than the tests themselves.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np


@functools.cache
def special():
    """scipy.special, imported on first use: a site whose posts compare nothing (or a
    Pelican site that merely has perfblog installed) should not pay its quarter second."""
    from scipy import special

    return special


Samples = Sequence[float]
#: benchstat computes the exact U distribution up to this many values per side (go-moremath).
EXACT_LIMIT = 50
#: scipy.stats.mannwhitneyu's method="auto" is exact (without ties) while a side holds at most this many.
SCIPY_EXACT_LIMIT = 8


def t_quantile(q: float, df: float) -> float:
    """``scipy.stats.t.ppf(q, df)``."""
    return float(special().stdtrit(df, q))


def normal_quantile(q: float) -> float:
    """``scipy.stats.norm.ppf(q)``."""
    return float(special().ndtri(q))


def _t_p(t: float, df: float) -> float:
    """Two-sided p of a t statistic, as ``scipy.stats`` t-tests compute it."""
    return float(2 * special().stdtr(df, -abs(t)))


def _var(x: np.ndarray) -> float:
    """The sample variance (ddof=1) as ``scipy.stats`` computes it, rounding included."""
    d = x - x.mean()
    n = len(x)
    return float(np.mean(d * d) * (n / (n - 1)))


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
        margin = t_quantile(0.5 + confidence / 2, self.df) * self.standard_error
        return self.difference - margin, self.difference + margin


def welch_from_stats(mean_a: float, sd_a: float, n_a: int, mean_b: float, sd_b: float, n_b: int) -> Welch:
    """Welch's test from summary statistics alone (pytest-benchmark storage, gbench aggregates):
    ``scipy.stats.ttest_ind_from_stats(..., equal_var=False)``.

    Identical constant samples give p = 1, distinct constants p = 0.
    """
    diff = mean_b - mean_a
    vn_a, vn_b = sd_a * sd_a / n_a, sd_b * sd_b / n_b  # SciPy squares arrays, then raises scalars: ** 2
    if vn_a + vn_b == 0.0:
        return Welch(diff, 0.0, math.inf, 0.0 if diff else 1.0)
    df = (vn_a + vn_b) ** 2 / (vn_a ** 2 / (n_a - 1) + vn_b ** 2 / (n_b - 1))
    se = math.sqrt(vn_a + vn_b)
    return Welch(diff, se, df, _t_p((mean_a - mean_b) / se, df))


def welch(a: Samples, b: Samples) -> Welch:
    """Welch's test on raw samples (Criterion's t statistic), with ``scipy.stats.tstd``'s deviations."""
    if len(a) < 2 or len(b) < 2:
        raise ValueError("Welch's test needs at least two samples on each side")
    sd = [_var(np.asarray(x, dtype=float)) ** 0.5 if len(set(x)) > 1 else 0.0 for x in (a, b)]
    return welch_from_stats(math.fsum(a) / len(a), sd[0], len(a), math.fsum(b) / len(b), sd[1], len(b))


def student_p(a: Samples, b: Samples) -> float:
    """pyperf ``compare_to``: Student's two-sample t-test (pooled variance), two-sided,
    as ``scipy.stats.ttest_ind(a, b, equal_var=True)``."""
    if len(set(a)) == 1 and len(set(b)) == 1:
        return 1.0 if a[0] == b[0] else 0.0
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n_a, n_b = len(x), len(y)
    df = n_a + n_b - 2.0
    pooled = ((n_a - 1) * _var(x) + (n_b - 1) * _var(y)) / df
    return _t_p(float(x.mean() - y.mean()) / math.sqrt(pooled * (1.0 / n_a + 1.0 / n_b)), df)


def u_test_gbench(a: Samples, b: Samples) -> float:
    """Google Benchmark ``compare.py``: ``mannwhitneyu(a, b, alternative="two-sided")``
    (SciPy's method="auto": exact for a side of at most 8 values without ties)."""
    return _mann_whitney(a, b, exact=min(len(a), len(b)) <= SCIPY_EXACT_LIMIT)


def u_test_benchstat(a: Samples, b: Samples) -> float:
    """benchstat (go-moremath ``MannWhitneyUTest``): exact without ties up to 50 values,
    else the normal approximation with tie and continuity corrections.

    go-moremath is exact for tied samples of up to 25 values too, SciPy is not:
    only there may the p-values differ (both give 1 for identical constants).
    """
    if len(set(a)) == 1 and list(set(a)) == list(set(b)):
        return 1.0
    return _mann_whitney(a, b, exact=max(len(a), len(b)) <= EXACT_LIMIT)


def _mann_whitney(a: Samples, b: Samples, exact: bool) -> float:
    """``scipy.stats.mannwhitneyu(a, b, alternative="two-sided")``: ``method="exact"`` when
    ``exact`` and there are no ties, else ``method="asymptotic"``."""
    n_a, n_b = len(a), len(b)
    values, inverse, ties = np.unique(np.concatenate([np.asarray(a, dtype=float), np.asarray(b, dtype=float)]),
                                      return_inverse=True, return_counts=True)
    average_ranks = np.cumsum(ties) - (ties - 1) / 2
    u_a = float(average_ranks[inverse[:n_a]].sum()) - n_a * (n_a + 1) / 2
    u = max(u_a, n_a * n_b - u_a)
    if exact and len(values) == n_a + n_b:
        counts = _u_counts(min(n_a, n_b), max(n_a, n_b), n_a * n_b - int(u))
        p = 2 * float(np.cumsum(counts / special().binom(n_a + n_b, n_a))[-1])
    else:
        n = n_a + n_b
        tie_term = float(np.sum(ties.astype(float) ** 3 - ties))
        s = math.sqrt(n_a * n_b / 12 * ((n + 1) - tie_term / (n * (n - 1))))
        z = (u - n_a * n_b / 2 - 0.5) / s if s else -math.inf  # s = 0: every value tied, U at its mean
        p = 2 * float(special().ndtr(-z))
    return min(max(p, 0.0), 1.0)


def _u_counts(n_small: int, n_large: int, top: int) -> np.ndarray:
    """How many of the C(n_small + n_large, n_small) orderings give U = 0, 1, ... top, exactly.

    They are the coefficients of the Gaussian binomial, the product over i of
    (1 − q^(n_large+i)) / (1 − q^i): a strided running sum and a shifted difference
    per i. Every partial result counts orderings, so int64 holds it while the
    total does; beyond that, Python integers.
    """
    exact = np.int64 if math.comb(n_small + n_large, n_small) < 2**63 else object
    counts = np.zeros(top + 1, dtype=exact)
    counts[0] = 1
    for i in range(1, n_small + 1):
        padded = np.zeros(-(-(top + 1) // i) * i, dtype=exact)
        padded[:top + 1] = counts
        series = np.cumsum(padded.reshape(-1, i), axis=0).ravel()[:top + 1]  # ÷ (1 − q^i)
        shift = n_large + i
        counts = series.copy()
        if shift <= top:
            counts[shift:] -= series[:top + 1 - shift]  # × (1 − q^shift)
    return counts.astype(float)


def smallest_u_p(n_a: int, n_b: int) -> float:
    """The smallest two-sided p-value a U test can reach with these counts."""
    return min(1.0, 2 / math.comb(n_a + n_b, n_a))


RESAMPLES = 1000
CACHED = 1000  # values on both sides at most, for the resamples to be kept (8 MB of counts)


def _resample_indices(n_a: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    """Which values each of the resamples takes, from seed 0: a function of the sizes alone."""
    rng = np.random.default_rng(0)
    return rng.integers(0, n_a, (RESAMPLES, n_a)), rng.integers(0, n_b, (RESAMPLES, n_b))


@functools.lru_cache(maxsize=4)
def _kept_indices(n_a: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    """The same indices, drawn once per pair of sizes: drawing was most of a bootstrap's cost,
    and a table's rows usually share their sample counts."""
    return tuple(i.astype(np.int32) for i in _resample_indices(n_a, n_b))


@functools.lru_cache(maxsize=4)
def _kept_counts(n_a: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    """How often each resample takes each value, over its size: a resample's mean is then one row
    of a matrix product, not a gather of its values and a sum."""
    return tuple(_counts(picks) / picks.shape[1] for picks in _resample_indices(n_a, n_b))


def _counts(picks: np.ndarray) -> np.ndarray:
    rows, size = picks.shape
    offsets = (np.arange(rows)[:, None] * size + picks).ravel()
    return np.bincount(offsets, minlength=rows * size).reshape(rows, size).astype(float)


def bootstrap_ratio(a: Samples, b: Samples, median: bool = False, confidence: float = 0.95,
                    limit: int = 20_000) -> tuple[float, float] | None:
    """Percentile bootstrap interval of mean(b) / mean(a) (or of the medians).

    ``RESAMPLES`` of each side from a fixed seed, so a build is reproducible;
    None when a side has fewer than 2 values, holds a zero, or the sides hold
    more than ``limit`` values together (the cost grows with them).
    """
    if min(len(a), len(b)) < 2 or len(a) + len(b) > limit or min(min(a), min(b)) <= 0:
        return None
    # scipy.stats.bootstrap's percentile method for two independent samples, done directly: its
    # per-call overhead was most of a bench block's cost.
    before, after = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    sizes = len(before), len(after)
    if not median and sum(sizes) <= CACHED:
        weights_a, weights_b = _kept_counts(*sizes)
        ratios = (weights_b @ after) / (weights_a @ before)
    else:
        pick_a, pick_b = _kept_indices(*sizes) if sum(sizes) <= CACHED else _resample_indices(*sizes)
        centre = np.median if median else np.mean
        ratios = centre(after[pick_b], axis=1) / centre(before[pick_a], axis=1)
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
    margin = t_quantile(0.5 + confidence / 2, test.df) * se
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
    z = normal_quantile(0.5 + confidence / 2)
    se = math.sqrt(math.fsum(((math.log(h) - math.log(lo)) / (2 * z)) ** 2 for lo, h in intervals)) / len(logs)
    return math.exp(centre), (math.exp(centre - z * se), math.exp(centre + z * se))
