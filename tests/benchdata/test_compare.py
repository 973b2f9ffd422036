"""Comparison arithmetic and verdicts: properties (hypothesis) and Criterion's own answers."""

from __future__ import annotations

import dataclasses
import math
import statistics

import pytest
from bench_support import CRITERION, FIXTURES
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from perfblog.benchdata.adapters import Source, load
from perfblog.benchdata.compare import (
    IMPROVED, NO_CHANGE, REGRESSED, SAME_DATA, UNTESTED, Thresholds, compare, headline, journey,
)
from perfblog.benchdata.record import Measurement
from perfblog.blocks import PerfblogError


def sampled(values, unit="s", direction="lower", source="x"):
    mean = statistics.fmean(values)
    sd = statistics.stdev(values)
    return Measurement("b", "time", unit, mean, source, mean - sd, mean + sd, "stddev",
                       tuple(values), len(values), direction)


def plain(value, unit="s", direction="lower", spread=None):
    low, high = (value - spread, value + spread) if spread is not None else (None, None)
    return Measurement("b", "time", unit, value, "x", low, high, "stddev" if spread else None,
                       direction=direction)


slow = settings(deadline=None)  # Welch's interval inverts the t CDF numerically
positive = st.floats(1e-9, 1e9, allow_nan=False, allow_infinity=False)
samples = st.lists(st.floats(1, 1000), min_size=2, max_size=25)


@given(positive, positive)
def test_change_and_factor_agree(before, after):
    c = compare(plain(before), plain(after))
    assert c.change == pytest.approx(after / before - 1)
    ratio = after / before
    assert c.factor == pytest.approx(max(ratio, 1 / ratio))
    assert c.word == ("faster" if after < before else "slower")


@given(positive, positive)
def test_swapping_sides_inverts_the_ratio(before, after):
    forward, backward = compare(plain(before), plain(after)), compare(plain(after), plain(before))
    assert forward.ratio * backward.ratio == pytest.approx(1)
    assert forward.factor == pytest.approx(backward.factor)


@slow
@given(samples, samples)
def test_both_sides_cannot_improve(a, b):
    assume(statistics.stdev(a) > 0 and statistics.stdev(b) > 0 and a != b)
    forward, backward = compare(sampled(a), sampled(b)), compare(sampled(b), sampled(a))
    assert forward.rule == "welch"
    assert not (forward.verdict == IMPROVED and backward.verdict == IMPROVED)
    assert not (forward.verdict == REGRESSED and backward.verdict == REGRESSED)


@slow
@given(samples, samples)
def test_direction_flips_the_verdict(a, b):
    assume(statistics.stdev(a) > 0 and statistics.stdev(b) > 0)
    lower = compare(sampled(a), sampled(b))
    higher = compare(sampled(a, "1/s", "higher"), sampled(b, "1/s", "higher"))
    swap = {IMPROVED: REGRESSED, REGRESSED: IMPROVED, NO_CHANGE: NO_CHANGE, SAME_DATA: SAME_DATA}
    assert higher.verdict == swap[lower.verdict]
    assert higher.word == ("less throughput" if lower.word == "faster" else "more throughput")


@slow
@given(samples)
def test_identical_samples_are_never_compared(a):
    assume(statistics.stdev(a) > 0)
    c = compare(sampled(a), sampled(list(a)))
    assert c.verdict == SAME_DATA and c.change == 0 and "the same run twice" in c.reason


@slow
@given(samples, st.floats(-0.0099, 0.0099))
def test_changes_inside_the_noise_threshold_are_not_claimed(a, shift):
    assume(statistics.stdev(a) > 0)
    c = compare(sampled(a), sampled([x * (1 + shift) for x in a]))
    assert c.verdict in (NO_CHANGE, SAME_DATA)


@slow
@given(st.floats(1, 100), st.floats(1.5, 100))
def test_clearly_separated_samples_are_significant(base, factor):
    a = [base * (1 + i / 1000) for i in range(10)]
    b = [x * factor for x in a]
    assert compare(sampled(a), sampled(b)).verdict == REGRESSED
    assert compare(sampled(b), sampled(a)).verdict == IMPROVED


def test_overlapping_intervals_are_no_change_and_no_spread_is_untested():
    assert compare(plain(100, spread=10), plain(95, spread=10)).verdict == NO_CHANGE
    c = compare(plain(100, spread=1), plain(80, spread=1))
    assert (c.rule, c.verdict) == ("intervals", IMPROVED)
    assert compare(plain(100), plain(80)).verdict == UNTESTED
    assert compare(plain(100), plain(100.5)).verdict == NO_CHANGE


def test_zero_sizes():
    zero = plain(0.0, unit="B")
    assert compare(zero, zero).change == 0
    assert math.isinf(compare(zero, plain(512.0, unit="B")).change)


def test_unit_mismatch_names_both_sources():
    with pytest.raises(PerfblogError, match="unit mismatch.*time.*size"):
        compare(plain(1.0), dataclasses.replace(plain(1.0, unit="B"), source="after.json:3"))


# --- Criterion: the same verdicts and p-values Criterion printed ---------------

CRIT = {(m.bench_id, m.metric, m.version): m for m in load(Source(CRITERION, FIXTURES / CRITERION))}


@pytest.mark.parametrize(
    "bench, verdict, printed",
    [  # from D_fast_vs_before.stdout.txt
        ("fib 20", IMPROVED, "change: [-99.977% -99.975% -99.973%] (p = 0.00 < 0.05)"),
        ("fibonacci/recursive/10", NO_CHANGE, "change: [-7.7065% +3.7191% +15.828%] (p = 0.53 > 0.05)"),
        ("fibonacci/recursive/15", IMPROVED, "change: [-99.584% -99.545% -99.504%] (p = 0.00 < 0.05)"),
        ("sum_bytes/4KiB", REGRESSED, "time:   [+95.133% +124.58% +167.01%] (p = 0.00 < 0.05)"),
    ],
)
def test_criterion_verdicts_match_criterion(bench, verdict, printed):
    c = compare(CRIT[(bench, "time", "before")], CRIT[(bench, "time", "new")])
    assert (c.rule, c.verdict) == ("criterion", verdict)
    low, mid, high = (float(x.rstrip("%")) for x in printed.split("[")[1].split("]")[0].split())
    assert (c.change_low * 100, c.change * 100, c.change_high * 100) == (
        pytest.approx(low, abs=6e-3), pytest.approx(mid, abs=6e-3), pytest.approx(high, abs=6e-3))
    assert f"{c.p_value:.2f}" == printed.split("p = ")[1][:4]


def test_criterion_throughput_change_is_the_reciprocal_criterion_prints():
    c = compare(CRIT[("sum_bytes/4KiB", "throughput", "before")], CRIT[("sum_bytes/4KiB", "throughput", "new")])
    # "thrpt:  [-62.548% -55.472% -48.753%]", "Performance has regressed."
    assert (c.rule, c.verdict) == ("criterion", REGRESSED)
    assert (c.change_low * 100, c.change * 100, c.change_high * 100) == (
        pytest.approx(-62.548, abs=6e-3), pytest.approx(-55.472, abs=6e-3), pytest.approx(-48.753, abs=6e-3))


def test_change_estimate_is_ignored_against_another_baseline():
    c = compare(CRIT[("fib 20", "time", "base")], CRIT[("fib 20", "time", "new")])
    assert c.rule == "welch"


def test_a_stricter_noise_threshold_changes_criterions_verdict_as_in_criterion():
    c = compare(CRIT[("sum_bytes/4KiB", "time", "before")], CRIT[("sum_bytes/4KiB", "time", "new")],
                Thresholds(noise=1.0))
    assert c.verdict == NO_CHANGE  # interval +95%…+167% is not entirely above +100%


# --- headline and journeys -----------------------------------------------------


def test_headline_is_the_largest_significant_improvement():
    comparisons = [compare(CRIT[(b, "time", "before")], CRIT[(b, "time", "new")])
                   for b in ("fibonacci/recursive/10", "fibonacci/recursive/15", "sum_bytes/4KiB")]
    assert headline(comparisons) == "220× faster (−99.5%)"
    assert headline(comparisons[2:]) is None


def test_journey_compares_with_the_baseline_and_the_previous_version():
    versions = [CRIT[("fibonacci/recursive/15", "time", v)] for v in ("base", "before", "new")]
    steps = journey(["base", "before", "new"], versions)
    assert steps[0].vs_baseline is None and steps[1].vs_previous is None
    means = [v.estimated("mean").value for v in versions]  # Criterion compares means
    assert steps[1].vs_baseline.change == pytest.approx(means[1] / means[0] - 1)
    assert steps[2].vs_previous.rule == "criterion"
    assert steps[2].vs_baseline.rule == "welch"
