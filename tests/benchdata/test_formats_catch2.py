"""Catch2 2.13.10 benchmark output, console table and XML reporter, from real runs."""

from __future__ import annotations

import pytest
from formats_support import FIXTURES, fixture, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect

approx = pytest.approx
DIR = "catch2-2.13.10"


@pytest.mark.parametrize("name, fmt", [("console.txt", "catch2"), ("report.xml", "catch2-xml")])
def test_detected(name, fmt):
    assert detect(Source(name, FIXTURES / DIR / name)) == fmt


def test_console_mean_and_its_interval_in_their_own_units():
    m = one(fixture(f"{DIR}/console.txt"), "insertion sort", "time")
    # "281.187 us    91.0976 us    1.22815 ms" (mean, low mean, high mean), 50 samples
    assert (m.value, m.low, m.high) == (approx(281.187e-6), approx(91.0976e-6), approx(1.22815e-3))
    assert (m.spread_kind, m.sample_count, m.source) == ("ci95", 50, f"{DIR}/console.txt:16")


def test_xml_values_are_nanoseconds():
    m = one(fixture(f"{DIR}/report.xml"), "std::sort", "time")
    # <mean value="19260.4" lowerBound="6636.72" upperBound="50351.7" ci="0.95"/>
    assert (m.value, m.low, m.high) == (approx(19260.4e-9), approx(6636.72e-9), approx(50351.7e-9))
    assert m.group == "sorting 1000 ints" and m.sample_count == 50


def test_rendered():
    soup = rendered("bench", f"file: {DIR}/report.xml\nbaseline: insertion sort")
    table = {r[0]: r[1:] for r in rows(soup)}
    assert shown(table["std::sort"][0]) == approx(19260.4e-9, rel=5e-2)  # to the digits its interval allows
    assert verdict(table["std::sort"][1]) == "−89.6% 9.63× faster"  # the 95% intervals do not overlap
