"""Welch's t-test, with the Student t distribution computed here (no SciPy).

The two-sided p-value of t with ν degrees of freedom is the regularized
incomplete beta function I_x(ν/2, 1/2) at x = ν / (ν + t²) (Abramowitz &
Stegun 26.7.1 and 26.5.27). I_x is evaluated with its continued fraction and
the modified Lentz method (Numerical Recipes, 3rd ed., §6.4), accurate to
about 1e-12, far below any significance level. Quantiles (for confidence
intervals) invert it with Newton's method.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

_EPS = 1e-15
_TINY = 1e-300


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction for I_x(a, b) (modified Lentz)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= c * d
        if abs(c * d - 1.0) < _EPS:
            break
    return result


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with ``df`` degrees of freedom."""
    if math.isinf(t):
        return 0.0
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def _t_density(t: float, df: float) -> float:
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, for 0.5 < p < 1.

    Newton's method from the normal quantile: the CDF is concave above 0 and
    the normal quantile lies below the t quantile, so the steps climb to the
    root monotonically.
    """
    t = statistics.NormalDist().inv_cdf(p)
    for _ in range(100):
        step = (1.0 - t_two_sided_p(t, df) / 2.0 - p) / _t_density(t, df)
        t -= step
        if abs(step) <= 1e-13 * max(1.0, t):
            break
    return t


def _variance(xs, mean: float) -> float:
    """Sample variance in floats (``statistics.variance`` is exact but slow: it uses fractions)."""
    return math.fsum((x - mean) ** 2 for x in xs) / (len(xs) - 1)


@dataclass(frozen=True)
class Welch:
    """Welch's unequal-variances t-test of mean(b) − mean(a)."""

    difference: float  # mean(b) - mean(a)
    standard_error: float
    t: float
    df: float
    p_value: float

    def interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """The confidence interval of the difference."""
        if self.standard_error == 0.0:
            return self.difference, self.difference
        margin = t_quantile(0.5 + confidence / 2.0, self.df) * self.standard_error
        return self.difference - margin, self.difference + margin


def welch(a: tuple[float, ...] | list[float], b: tuple[float, ...] | list[float]) -> Welch:
    """Welch's test; identical constant samples give p = 1, distinct constants p = 0."""
    if len(a) < 2 or len(b) < 2:
        raise ValueError("Welch's test needs at least two samples on each side")
    mean_a, mean_b = statistics.fmean(a), statistics.fmean(b)
    var_a, var_b = _variance(a, mean_a), _variance(b, mean_b)
    diff = mean_b - mean_a
    se2 = var_a / len(a) + var_b / len(b)
    if se2 == 0.0:  # no noise at all: any difference is exact
        return Welch(diff, 0.0, math.copysign(math.inf, diff) if diff else 0.0, math.inf, 0.0 if diff else 1.0)
    df = se2**2 / ((var_a / len(a)) ** 2 / (len(a) - 1) + (var_b / len(b)) ** 2 / (len(b) - 1))
    t = diff / math.sqrt(se2)
    return Welch(diff, math.sqrt(se2), t, df, t_two_sided_p(t, df))
