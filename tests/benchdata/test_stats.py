"""The tools' tests, against SciPy and the tools' own published constants."""

from __future__ import annotations

import math

import pytest
from scipy import stats as scipy_stats

from perfblog.benchdata import stats

BEFORE = [10.2, 10.4, 10.1, 10.9, 10.3, 10.6, 10.2, 10.5]
AFTER = [9.1, 9.4, 9.0, 12.9, 9.2, 9.3, 9.5, 9.1]  # one slow outlier run

# benchmath/anone.go: uTestMinP, the smallest p of an n-vs-n U test.
BENCHSTAT_MIN_P = {2: 0.3333333333333333, 3: 0.1, 4: 0.02857142857142857, 5: 0.007936507936507936,
                   9: 4.113533525298231e-05}


@pytest.mark.parametrize("n, p", BENCHSTAT_MIN_P.items())
def test_smallest_u_p_is_benchstats_table(n, p):
    assert stats.smallest_u_p(n, n) == pytest.approx(p, rel=1e-12)
    assert stats.u_test_benchstat(list(range(n)), list(range(100, 100 + n))) == pytest.approx(p, rel=1e-12)


def test_welch_from_summary_statistics_is_welch_on_the_samples():
    raw = scipy_stats.ttest_ind(BEFORE, AFTER, equal_var=False).pvalue
    assert stats.welch(BEFORE, AFTER).p_value == pytest.approx(raw, rel=1e-12)


def test_student_is_scipys_pooled_t_test():
    assert stats.student_p(BEFORE, AFTER) == scipy_stats.ttest_ind(BEFORE, AFTER).pvalue


def test_constant_samples():
    assert stats.welch([1.0, 1.0], [1.0, 1.0]).p_value == 1.0
    assert stats.welch([1.0, 1.0], [2.0, 2.0]).p_value == 0.0
    assert stats.u_test_benchstat([3.0] * 5, [3.0] * 5) == 1.0


def test_bootstrap_interval_holds_its_ratio_and_is_reproducible():
    ratio = (sum(AFTER) / len(AFTER)) / (sum(BEFORE) / len(BEFORE))
    low, high = stats.bootstrap_ratio(BEFORE, AFTER)
    assert low < ratio < high and stats.bootstrap_ratio(BEFORE, AFTER) == (low, high)
    low, high = stats.bootstrap_ratio(BEFORE, AFTER, median=True)
    assert low < 9.25 / 10.35 < high < 0.95  # the medians' ratio; the one 12.9 run does not drag it up
    assert stats.bootstrap_ratio([1.0], AFTER) is None and stats.bootstrap_ratio([0.0, 1.0], AFTER) is None


def test_ratio_from_summary_statistics_is_the_delta_method():
    test = stats.welch_from_stats(10.0, 1.0, 10, 5.0, 0.5, 10)
    low, high = stats.ratio_from_stats(test, 10.0, 1.0, 10, 5.0, 0.5, 10)
    margin = scipy_stats.t.ppf(0.975, test.df) * math.sqrt(2 * 0.1**2 / 10)
    assert (low, high) == (pytest.approx(0.5 * math.exp(-margin)), pytest.approx(0.5 * math.exp(margin)))


def test_geometric_mean_interval_adds_the_log_errors_in_quadrature():
    z = scipy_stats.norm.ppf(0.975)
    intervals = [(2 / math.exp(2 * z * 0.1), 2 * math.exp(2 * z * 0.1)), (8 / math.exp(2 * z * 0.1), 8 * math.exp(2 * z * 0.1))]
    centre, (low, high) = stats.geometric_mean([2.0, 8.0], intervals)  # log standard errors 0.2 each
    assert centre == pytest.approx(4.0)
    assert (low, high) == pytest.approx((4 / math.exp(z * math.sqrt(0.08) / 2), 4 * math.exp(z * math.sqrt(0.08) / 2)))
    assert stats.geometric_mean([3.0, 2.0], [(2.9, 3.1), None]) == (pytest.approx(math.sqrt(6)), None)


def test_the_bootstrap_interval_agrees_with_scipys_percentile_bootstrap():
    """The direct resampling gives scipy.stats.bootstrap's interval, to resampling noise (1,000 resamples)."""
    import numpy as np
    from scipy.stats import bootstrap

    ours = stats.bootstrap_ratio(BEFORE, AFTER)
    theirs = bootstrap((np.asarray(BEFORE), np.asarray(AFTER)), lambda x, y, axis: np.mean(y, axis) / np.mean(x, axis),
                       n_resamples=20_000, method="percentile", rng=np.random.default_rng(1)).confidence_interval
    ratio = float(np.mean(AFTER) / np.mean(BEFORE))
    width = theirs.high - theirs.low
    assert abs(ours[0] - theirs.low) < 0.1 * width and abs(ours[1] - theirs.high) < 0.1 * width, (ours, theirs, ratio)
