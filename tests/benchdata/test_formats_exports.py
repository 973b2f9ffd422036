"""The other files supported tools write: hyperfine CSV and Markdown, Google Benchmark CSV,
pytest-benchmark compare --csv, Criterion's raw.csv. Real runs; values checked against what the tool printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from formats_support import FIXTURES, fixture, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect, load
from perfblog.blocks import PerfblogError

approx = pytest.approx
HF, GB, PB = "hyperfine-1.15.0-exports", "google-benchmark-1.7.1-csv", "pytest-benchmark-5.3.1-compare"
POST_CRITERION = Path(__file__).resolve().parents[2] / "content/posts/2026-11-27-word-count/data/criterion"


@pytest.mark.parametrize("path, fmt", [
    (f"{HF}/hf_named.csv", "hyperfine-csv"), (f"{HF}/hf_scan.md", "hyperfine-markdown"),
    ("hyperfine-1.15.0/hf_two_commands.md", "hyperfine-markdown"), (f"{GB}/sort_reps3.csv", "gbench-csv"),
    (f"{PB}/before.csv", "pytest-benchmark-csv"), (f"{PB}/0001_before.json", "pytest-benchmark"),
])
def test_detected(path, fmt):
    assert detect(Source(path, FIXTURES / path)) == fmt


def test_hyperfine_csv_and_markdown_hold_what_the_terminal_printed():
    # hf_named.stdout.txt: "Time (mean ± σ): 88.2 ms ± 1.6 ms [User: 62.8 ms, System: 24.7 ms]"
    csv = fixture(f"{HF}/hf_named.csv")
    m = one(csv, "before", "time")
    assert (round(m.value * 1e3, 1), round(m.half_width * 1e3, 1), m.spread_kind) == (88.2, 1.6, "stddev")
    assert round(one(csv, "before", "user time").value * 1e3, 1) == 62.8
    assert round(one(csv, "before", "system time").value * 1e3, 1) == 24.7
    md = one(fixture(f"{HF}/hf_named.md"), "after", "time")  # "| `after` | 97.8 ± 26.4 | ..."
    assert (md.value, md.half_width) == (approx(0.0978), approx(0.0264))
    scan = one(fixture(f"{HF}/hf_scan.csv"), "python3 slow.py 18", "time")
    assert dict(scan.params) == {"n": "18"} and scan.value == approx(0.08704678060000001)


def test_gbench_csv_repetitions_match_its_aggregate_rows():
    found = fixture(f"{GB}/sort_reps3.csv")
    m = one(found, "BM_InsertionSort/1000", "time")
    # the reporter's own rows: "BM_InsertionSort/1000_mean",3,88661.6,... and "_stddev",3,1267.12,...
    assert (m.value, m.half_width, m.sample_count) == (approx(88661.6e-9), approx(1267.12e-9, rel=1e-5), 3)
    assert one(found, "BM_StdSort/1000", "throughput").unit == "B/s"
    only = one(fixture(f"{GB}/sort_aggregates_only.csv"), "BM_InsertionSort/1000", "time")
    assert (only.value, only.half_width, only.sample_count) == (approx(89441.6e-9), approx(846.278e-9), 3)
    single = one(fixture(f"{GB}/sort.csv"), "BM_StdSort/4000", "items/s")  # ...,1.35424e+08,3.38561e+07,,,
    assert single.value == 3.38561e7 and single.direction == "higher"


def test_pytest_benchmark_csv_one_run_per_file():
    m = one(fixture(f"{PB}/before.csv"), "test_insertion", "time")
    # compare_two.stdout.txt (us): "test_insertion (0001_before) ... 2,662.5828 (161.54) 1,315.8009 ..."
    assert (round(m.value * 1e6, 4), round(m.half_width * 1e6, 4), m.sample_count) == (2662.5828, 1315.8009, 56)
    assert one(fixture(f"{PB}/before_columns.csv"), "test_builtin", "time").low is None  # --columns=min,mean,rounds
    with pytest.raises(PerfblogError, match="does not record which saved run") as err:
        fixture(f"{PB}/compare_two.csv")
    assert err.value.line == 2


def test_criterion_raw_csv_mean_is_criterions_point_estimate():
    raw = POST_CRITERION / "top_words/small/v0-baseline"
    [time, throughput] = load(Source("raw.csv", raw / "raw.csv"))
    estimate = json.loads((raw / "estimates.json").read_text())["mean"]["point_estimate"]  # ns
    assert time.value == approx(estimate * 1e-9, rel=1e-12) and time.sample_count == 100
    assert throughput.metric == "throughput" and throughput.value == approx(65536 / time.value)
    assert detect(Source("raw.csv", raw / "raw.csv")) == "criterion-raw"


def test_rendered_hyperfine_csv_and_pytest_benchmark_csv():
    soup = rendered("bench", f"file: {HF}/hf_named.csv\nbaseline: before")
    table = {r[0]: r[1:] for r in rows(soup)}
    assert shown(table["before"][0]) == approx(0.0882, rel=1e-3) and " ± " in table["before"][0]
    assert verdict(table["after"][1]) == "no significant change"  # 97.8 ± 26.4 ms overlaps 88.2 ± 1.6 ms
    pb = rendered("bench", f"before: {PB}/before.csv\nafter: {PB}/after.csv")
    cells = {r[0]: r[1:] for r in rows(pb)}
    assert [shown(c) for c in cells["test_builtin"][:2]] == [approx(17.8143e-6, rel=2e-2), approx(16.4822e-6, rel=2e-2)]


def test_go_over_several_packages_names_benchmarks_by_package():
    path = "go-1.19.8-packages/go_packages.txt"
    assert detect(Source(path, FIXTURES / path)) == "go-packages"
    found = fixture(path)
    slice_sum = one(found, "example.com/sums/sumslice.BenchmarkSum", "time")
    # "BenchmarkSum-2  10000  33594 ns/op", "48511  7877 ns/op", "93280  10594 ns/op" under pkg: .../sumslice
    assert sorted(slice_sum.samples) == [approx(7877e-9), approx(10594e-9), approx(33594e-9)]
    assert slice_sum.source == f"{path}:17"
    assert one(found, "example.com/sums/summap.BenchmarkBuild", "allocations").value == 64
    assert {m.bench_id for m in found} == {"example.com/sums/summap.BenchmarkSum", "example.com/sums/summap.BenchmarkBuild",
                                            "example.com/sums/sumslice.BenchmarkSum"}
    soup = rendered("bench", f"file: {path}\nbenchmarks: example.com/sums/*.BenchmarkSum")
    assert [r[0] for r in rows(soup)] == ["example.com/sums/summap.BenchmarkSum", "example.com/sums/sumslice.BenchmarkSum"]
