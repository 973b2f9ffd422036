"""Display rules: scaling, digits limited by the spread, signed changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfblog.benchdata.format import cell_digits, format_change, format_p, show, supported_digits
from perfblog.benchdata.record import Measurement
from perfblog.benchdata.units import display_scale, parse_unit


def m(value, spread=None, unit="s"):
    low, high = (value - spread, value + spread) if spread is not None else (None, None)
    return Measurement("b", "time", unit, value, "x", low, high, "stddev" if spread is not None else None)


def test_digits_follow_the_spread():
    assert supported_digits(6.2194, 0.61) == 3
    assert supported_digits(568.04, 286.2) == 2
    assert supported_digits(5, 30) == 1
    assert str(show(m(6.2194e-9, 0.61e-9), 3)) == "6.22 ± 0.61 ns"
    assert str(show(m(0.56804, 0.2862), 2)) == "570 ± 290 ms"


def test_each_cell_keeps_the_digits_of_its_own_spread():
    assert cell_digits(m(6.2194e-9, 0.61e-9)) == 3 and cell_digits(m(0.56804, 0.2862)) == 2
    assert str(show(m(0.1451, 0.0096), cell_digits(m(0.1451, 0.0096)))) == "145.1 ± 9.6 ms"  # not "150 ± 10"
    assert cell_digits(m(1.0)) == 3  # nothing to go by


def test_each_cell_scales_to_its_own_unit():
    assert str(show(m(21129.157e-9), 3)) == "21.1 µs"
    assert str(show(m(999.96e-9), 3)) == "1.00 µs"  # rounding crosses into the next unit
    assert str(show(m(0.5, unit="s"), 3)) == "500 ms"
    assert str(show(m(26376.0, 0.0, "B"), 4)) == "26,376 B"  # an exact count, digit for digit
    assert str(show(m(26376.0, 12.0, "B"), 4)) == "25.76 ± 0.01 KiB"
    assert str(show(m(512.0, 0.0, "B"), 4)) == "512 B"
    assert str(show(m(100.0, 0.0, "1"), 4)) == "100"
    assert str(show(m(3.24e9, unit="B/s"), 3)) == "3.02 GiB/s"


def test_tiny_spread_keeps_one_digit_instead_of_zero():
    assert str(show(m(1.4e-6, 0.004e-6), 2)) == "1.4 ± 0.004 µs"


def test_changes_are_signed_and_never_round_to_a_false_100():
    assert format_change(-0.9997537816190304) == "−99.98%"
    assert format_change(0.03719) == "+3.7%"
    assert format_change(-0.0043) == "−0.43%"
    assert format_change(0.0) == "0%"
    assert format_change(-1.0) == "−100.0%"


def test_p_values():
    assert format_p(0.531) == "p = 0.53" and format_p(0.004) == "p = 0.0040" and format_p(1e-9) == "p < 0.001"
    assert format_p(0.0496) == "p = 0.0496" and format_p(0.0504) == "p = 0.0504"  # never "p = 0.05"
    assert format_p(0.1) == "p = 0.10" and format_p(0.007936507936507936) == "p = 0.0079"


@given(st.floats(1e-10, 1e12), st.integers(1, 4))
def test_shown_value_is_the_value_rounded(value, digits):
    shown = show(m(value), digits)
    factor = parse_unit(shown.unit).factor
    assert float(shown.number.replace(",", "")) * factor == pytest.approx(value, rel=10 ** (1 - digits))
    assert display_scale("s", value)[0] in ("ns", "µs", "ms", "s")
