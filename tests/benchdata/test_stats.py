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


def _sample_pairs():
    """Random, tied, constant-side and the fixtures' real sample pairs, small to large."""
    import numpy as np

    rng = np.random.default_rng(16)
    pairs = []
    for _ in range(300):
        n_a, n_b = (int(n) for n in rng.integers(2, 60, 2))
        pairs += [(list(rng.lognormal(0, 0.3, n_a)), list(rng.lognormal(0.1, 0.3, n_b))),
                  (list(rng.integers(0, 6, n_a) * 1.0), list(rng.integers(1, 7, n_b) * 1.0)),
                  (list(np.round(rng.normal(10, 1, n_a), 1)), list(np.round(rng.normal(10.4, 1, n_b), 1)))]
    pairs += [([5.0] * 6, list(rng.normal(5, 1, 7))), (list(range(2, 40)), list(range(30, 80)))]
    pairs += [(list(range(n)), list(np.arange(n) + 0.5)) for n in (2, 3, 8, 9, 25, 34, 50)]
    return pairs + _fixture_pairs()


def _fixture_pairs():
    from pathlib import Path

    from perfblog.benchdata.adapters import Source, load

    root = Path(__file__).parents[1] / "fixtures" / "bench"
    pairs = []
    for before, after in [("pytest-benchmark-5.3.1/pytest_benchmark_before.json", "pytest-benchmark-5.3.1/pytest_benchmark_after.json"),
                          ("go-1.19.8/go_bench_before.txt", "go-1.19.8/go_bench_after.txt")]:
        a, b = (load(Source(name, root / name)) for name in (before, after))
        after_by_key = {m.key: m for m in b}
        pairs += [(list(m.samples), list(after_by_key[m.key].samples)) for m in a
                  if m.samples and len(m.samples) > 1 and m.key in after_by_key]
    crit = [m for m in load(Source("criterion", root / "criterion-0.3.6/D_fast_vs_before.target/criterion"))
            if m.metric == "time"]
    by_version = {(m.bench_id, m.version): m.samples for m in crit}
    pairs += [(list(by_version[bench, "before"]), list(s)) for (bench, version), s in by_version.items()
              if version == "new" and (bench, "before") in by_version]
    assert len(pairs) > 10
    return pairs


def test_the_tests_give_scipy_stats_p_values():
    """Our arithmetic on scipy.special is scipy.stats' own: the same p-values, to 1e-12."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SciPy's precision warning on near-constant sides
        for a, b in _sample_pairs():
            ties = len(set(a) | set(b)) < len(a) + len(b)
            exact = not ties and max(len(a), len(b)) <= stats.EXACT_LIMIT
            benchstat = scipy_stats.mannwhitneyu(a, b, alternative="two-sided",
                                                 method="exact" if exact else "asymptotic").pvalue
            assert stats.u_test_benchstat(a, b) == pytest.approx(benchstat, rel=1e-12, abs=0), (a, b)
            gbench = scipy_stats.mannwhitneyu(a, b, alternative="two-sided").pvalue
            assert stats.u_test_gbench(a, b) == pytest.approx(gbench, rel=1e-12, abs=0), (a, b)
            if len(set(a)) > 1 and len(set(b)) > 1:
                assert stats.student_p(a, b) == pytest.approx(scipy_stats.ttest_ind(a, b).pvalue, rel=1e-12, abs=0)
                welch = stats.welch(a, b)
                theirs = scipy_stats.ttest_ind(a, b, equal_var=False)
                assert welch.p_value == pytest.approx(theirs.pvalue, rel=1e-12, abs=0)
                assert welch.df == pytest.approx(theirs.df, rel=1e-12)


@pytest.mark.parametrize("df", [1, 1.5, 2, 3.7, 9, 55.5, 1e3, 1e7])
@pytest.mark.parametrize("q", [0.6, 0.9, 0.95, 0.975, 0.995])
def test_quantiles_are_scipy_stats_quantiles(q, df):
    assert stats.t_quantile(q, df) == pytest.approx(scipy_stats.t.ppf(q, df), rel=1e-12)
    assert stats.normal_quantile(q) == pytest.approx(scipy_stats.norm.ppf(q), rel=1e-12)


def test_no_scipy_stats_on_the_build_path():
    import subprocess
    import sys

    code = ("import sys; from perfblog.benchdata import stats; "
            "stats.welch([1.0, 2, 3], [2.0, 3, 5]); stats.u_test_gbench([1.0, 2], [3.0, 4]); "
            "stats.bootstrap_ratio([1.0, 2], [3.0, 4]); print('scipy.stats' in sys.modules)")
    plugins = str(__import__("pathlib").Path(__file__).parents[2] / "plugins")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": plugins})
    assert out.stdout.strip() == "False"


def test_the_bootstrap_by_counts_is_the_bootstrap_by_resampled_values():
    """Means as one matrix product over how often each resample takes each value: the same
    resamples as drawing the values, the same interval to the last bits of a double."""
    import numpy as np

    before, after = np.asarray(BEFORE), np.asarray(AFTER)
    pick_a, pick_b = stats._resample_indices(len(BEFORE), len(AFTER))
    drawn = np.percentile(after[pick_b].mean(axis=1) / before[pick_a].mean(axis=1), [2.5, 97.5])
    assert stats.bootstrap_ratio(BEFORE, AFTER) == pytest.approx(tuple(drawn), rel=1e-12)
    big = [float(x) for x in range(1, 1200)]  # past CACHED: drawn each time, not kept
    assert stats.bootstrap_ratio(big, big) == pytest.approx((0.9, 1.1), abs=0.1)
