"""The t distribution and Welch's test, against published tables and their own invariants."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfblog.benchdata.stats import betainc, t_quantile, t_two_sided_p, welch

# Two-sided 5% critical values of Student's t (any statistics table).
CRITICAL_05 = {1: 12.7062, 2: 4.3027, 5: 2.5706, 10: 2.2281, 30: 2.0423, 120: 1.9799}


@pytest.mark.parametrize("df, t", CRITICAL_05.items())
def test_critical_values_give_five_percent(df, t):
    assert t_two_sided_p(t, df) == pytest.approx(0.05, abs=2e-5)
    assert t_quantile(0.975, df) == pytest.approx(t, abs=1e-4)


def test_large_df_is_normal():
    normal = statistics.NormalDist()
    for t in (0.5, 1.0, 1.96, 3.0):
        assert t_two_sided_p(t, 1e7) == pytest.approx(2 * (1 - normal.cdf(t)), rel=1e-5)


def test_betainc_edges_and_a_known_value():
    assert betainc(2, 3, 0) == 0 and betainc(2, 3, 1) == 1
    assert betainc(1, 1, 0.3) == pytest.approx(0.3)  # the uniform distribution
    assert betainc(2, 3, 0.4) == pytest.approx(0.5248)  # 1 - (1-x)^4 - 4x(1-x)^3


@settings(deadline=None)
@given(st.floats(0.51, 0.999), st.floats(1, 500))
def test_quantile_inverts_the_cdf(p, df):
    assert 1 - t_two_sided_p(t_quantile(p, df), df) / 2 == pytest.approx(p, abs=1e-9)


samples = st.lists(st.floats(1, 1000, allow_nan=False), min_size=2, max_size=30)


@settings(deadline=None)
@given(samples, samples)
def test_welch_is_symmetric(a, b):
    forward, backward = welch(a, b), welch(b, a)
    assert forward.p_value == pytest.approx(backward.p_value, abs=1e-12)
    assert forward.t == pytest.approx(-backward.t)
    assert 0 <= forward.p_value <= 1


@settings(deadline=None)
@given(samples)
def test_identical_samples_show_no_difference(a):
    result = welch(a, list(a))
    assert result.difference == 0 and result.p_value == pytest.approx(1)


def test_constant_samples():
    assert welch([512.0] * 5, [512.0] * 5).p_value == 1
    assert welch([26376.0] * 5, [512.0] * 5).p_value == 0
