"""vitest 3.2.7 bench --outputJson (tinybench results) from a real run."""

from __future__ import annotations

import pytest
from formats_support import FIXTURES, fixture, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect

approx = pytest.approx
PATH = "vitest-3.2.7/bench.json"


def test_detected():
    assert detect(Source(PATH, FIXTURES / PATH)) == "vitest"


def test_mean_and_deviation_in_milliseconds():
    m = one(fixture(PATH), "insertion sort", "time")
    # vitest.stdout.txt: "insertion sort  922.54  1.0113  2.9625  1.0840 ... ±0.88%  462" (ms)
    assert round(m.value * 1e3, 4) == 1.0840 and m.sample_count == 462
    assert m.half_width == approx(0.1044147613698174e-3) and m.group == "sort.bench.js > sort 2000 ints"
    assert round(1 / m.value, 2) == 922.54  # hz


def test_rendered_against_a_baseline():
    soup = rendered("bench", f"file: {PATH}\nbaseline: insertion sort")
    table = {r[0]: r[1:] for r in rows(soup)}
    assert shown(table["Array.prototype.sort"][0]) == approx(0.2225e-3, rel=2e-2)
    assert verdict(table["Array.prototype.sort"][1]).endswith("4.87× faster")  # vitest: "4.87x faster than insertion sort"
