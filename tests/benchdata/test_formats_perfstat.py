"""perf stat text, -x, CSV and --json on real runs (perf 6.1.187; this guest has no hardware counters)."""

from __future__ import annotations

import math

import pytest
from formats_support import FIXTURES, fixture, notes, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect, uncounted

approx = pytest.approx
DIR = "perf-stat-6.1.187"


@pytest.mark.parametrize("name", ["before_r10.txt", "before_r10.csv", "before_r10.json", "before_once.json",
                                  "group_not_counted.csv"])
def test_every_shape_is_detected(name):
    assert detect(Source(name, FIXTURES / DIR / name)) == "perf-stat"


def test_text_with_repeats_is_the_mean_and_the_deviation_behind_perfs_plus_minus():
    # perf printed "1.94 msec task-clock ... ( +-  1.19% )" for 10 runs: +- is the standard error of the mean
    found = fixture(f"{DIR}/before_r10.txt")
    m = one(found, "./sort", "task-clock")
    assert (m.value, m.unit, m.sample_count, m.spread_kind) == (approx(1.94e-3), "s", 10, "stddev")
    assert m.half_width == approx(1.94e-3 * 0.0119 * math.sqrt(10))
    faults = one(found, "./sort", "page-faults")
    assert faults.value == 57 and faults.half_width == approx(57 * 0.0101 * math.sqrt(10))
    # "0.002532 +- 0.000355 seconds time elapsed"
    elapsed = one(found, "./sort", "time")
    assert elapsed.value == approx(0.002532) and elapsed.half_width == approx(0.000355 * math.sqrt(10))
    assert elapsed.source == f"{DIR}/before_r10.txt:15"
    assert one(found, "./sort", "context-switches").value == 2  # "2 context-switches ( +- 11.06% )"


def test_a_single_run_has_no_spread_and_keeps_user_time_but_not_a_zero_sys():
    found = fixture(f"{DIR}/before_once.txt")
    assert one(found, "./sort", "task-clock").value == approx(2.01e-3) and one(found, "./sort", "task-clock").low is None
    assert one(found, "./sort", "user time").value == approx(0.002258)
    assert not [m for m in found if m.metric == "system time"]  # "0.000000 seconds sys"


def test_csv_and_json_keep_perfs_standard_error():
    csv = one(fixture(f"{DIR}/after_r10.csv"), "program", "task-clock")  # "1.01,msec,task-clock,2.14%,..."
    assert csv.value == approx(1.01e-3) and csv.half_width == approx(1.01e-3 * 0.0214) and csv.spread_kind == "sem"
    js = one(fixture(f"{DIR}/before_r10.json"), "program", "task-clock")  # "counter-value" : "2.070053", "variance" : 0.96
    assert js.value == approx(2.070053e-3) and js.half_width == approx(2.070053e-3 * 0.0096)
    assert one(fixture(f"{DIR}/before_r10.json"), "program", "page-faults").value == 61


def test_counters_perf_could_not_count_are_listed_not_invented():
    path = f"{DIR}/group_not_counted.txt"
    assert uncounted(Source(path, FIXTURES / path)) == [
        ("task-clock", "<not counted>", 6), ("page-faults", "<not counted>", 7), ("cycles", "<not supported>", 8)]
    assert {m.metric for m in fixture(path)} == {"time", "user time"}
    csv = f"{DIR}/before_r10.csv"
    assert [e for e, _, _ in uncounted(Source(csv, FIXTURES / csv))] == ["cycles", "instructions", "branches",
                                                                          "branch-misses"]
    assert not [m for m in fixture(csv) if m.metric in ("cycles", "IPC")]  # no ratio from missing counters


def test_rendered_before_after_table():
    soup = rendered("bench", f"before: {DIR}/before_r10.txt\nafter: {DIR}/after_r10.txt\n"
                             "metrics: task-clock, page-faults")
    table = {r[1]: r[2:] for r in rows(soup)}
    # perf printed 1.94 and 1.00 msec task-clock, 57 and 63 page-faults
    assert [shown(c) for c in table["task-clock"][:2]] == [approx(1.94e-3), approx(1.00e-3)]
    assert [shown(c) for c in table["page-faults"][:2]] == [57, 63]
    assert all(" ± " in c for c in table["task-clock"][:2])
    assert verdict(table["task-clock"][2]) == "−48.5% 1.94× faster"
    assert "± is the standard deviation." in notes(soup)
