"""cachegrind and callgrind output files from real runs (valgrind 3.19.0): exact counts."""

from __future__ import annotations

import pytest
from formats_support import FIXTURES, fixture, notes, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect

approx = pytest.approx
DIR = "valgrind-3.19.0"


@pytest.mark.parametrize("name, fmt", [("cachegrind.before.out", "cachegrind"), ("callgrind.after.out", "callgrind"),
                                       ("callgrind.after.cachesim.out", "callgrind")])
def test_detected(name, fmt):
    assert detect(Source(name, FIXTURES / DIR / name)) == fmt


def test_cachegrind_totals_are_what_valgrind_printed_and_exact():
    found = fixture(f"{DIR}/cachegrind.before.out")
    # cachegrind.before.stderr.txt: "I refs: 28,289,254", "D refs: 8,071,366 (4,044,984 rd + 4,026,382 wr)"
    ir = one(found, "./sort", "Ir")
    assert (ir.value, ir.low, ir.high, ir.unit) == (28289254, 28289254, 28289254, "1")
    assert one(found, "./sort", "Dr").value + one(found, "./sort", "Dw").value == 8071366
    assert one(found, "./sort", "D1mr").value == 1153 and one(found, "./sort", "D1mw").value == 622
    assert ir.source == f"{DIR}/cachegrind.before.out:4768"  # the summary: line


def test_functions_above_the_threshold_get_their_self_cost():
    found = fixture(f"{DIR}/cachegrind.after.out")
    functions = {m.bench_id for m in found} - {"./sort"}
    assert {"main", "cmp", "msort_with_tmp.part.0"} <= functions
    assert "printf" not in functions  # 29 Ir, under 0.1% of 1,583,666
    assert one(found, "cmp", "Ir").value == 342984


def test_callgrind_totals_self_costs_and_compressed_names():
    found = fixture(f"{DIR}/callgrind.after.out")
    assert one(found, "./sort", "Ir").value == 1582540  # "Collected : 1582540"
    # callgrind.after.annotate.txt (callgrind_annotate): "56,044 ( 3.54%) ...:main", "342,984 (21.67%) ...:cmp"
    assert one(found, "main", "Ir").value == 56044  # self cost: the calls= lines' inclusive costs are not added
    assert one(found, "cmp", "Ir").value == 342984  # "fn=(594) cmp", named once, then referred to by id
    assert one(found, "msort_with_tmp.part.0'2", "Ir").value == 886807  # callgrind's name for the recursion
    before = fixture(f"{DIR}/callgrind.before.out")
    assert one(before, "./sort", "Ir").value == 28288130


def test_miss_rates_match_valgrinds_summary():
    found = fixture(f"{DIR}/callgrind.after.cachesim.out")
    # callgrind.after.cachesim.stderr.txt: I1 miss rate 0.08%, D1 0.4%, LL 0.1%, Mispred rate 11.4%
    rate = lambda metric: one(found, "./sort", metric).value  # noqa: E731
    assert rate("I1 miss rate") == approx(1303 / 1582540) and round(rate("I1 miss rate") * 100, 2) == 0.08
    assert rate("D1 miss rate") == approx((950 + 1111) / (400762 + 187218)) and round(rate("D1 miss rate") * 100, 1) == 0.4
    assert round(rate("LL miss rate") * 100, 1) == 0.1
    assert rate("branch mispredict rate") == approx(30812 / 270063) and round(rate("branch mispredict rate") * 100, 1) == 11.4
    assert one(found, "./sort", "D1 miss rate").low == one(found, "./sort", "D1 miss rate").value  # exact too


def test_rendered_before_after_of_exact_counts():
    soup = rendered("bench", f"before: {DIR}/cachegrind.before.out\nafter: {DIR}/cachegrind.after.out\n"
                             "benchmarks: ./sort\nmetrics: Ir, D1mr")
    (ir, d1mr) = rows(soup)
    assert ir[:2] == ["./sort", "Ir"] and verdict(ir[4]) == "−94.4% 17.9× fewer"
    assert [shown(c) for c in ir[2:4]] == [approx(28289254, rel=5e-4), approx(1583666, rel=5e-4)]  # "I refs"
    assert d1mr[2:4] == ["1,153", "1,183"] and verdict(d1mr[4]) == "+2.6% 1.03× more"
    assert not any(n.startswith("±") for n in notes(soup))  # exact: nothing to explain
    assert soup.select(".pb-verdict.pb-good") and soup.select(".pb-verdict.pb-bad")
