"""Each adapter on real tool output; expected values were read from the files by hand."""

from __future__ import annotations

import pytest
from bench_support import CRITERION, FIXTURES

from perfblog.benchdata.adapters import ADAPTERS, Source, detect, environment, load
from perfblog.blocks import PerfblogError

approx = pytest.approx


def measurements(path: str, fmt: str | None = None):
    return load(Source(path, FIXTURES / path), fmt)


def one(found, bench_id, metric="time", version=None):
    [m] = [m for m in found if m.bench_id == bench_id and m.metric == metric and m.version == version]
    return m


@pytest.mark.parametrize(
    "path, fmt",
    [
        (CRITERION, "criterion"),
        ("hyperfine-1.15.0/hf_named.json", "hyperfine"),
        ("pytest-benchmark-5.3.1/pytest_benchmark_before.json", "pytest-benchmark"),
        ("google-benchmark-1.7.1/gbench_before_reps3.json", "gbench"),
        ("go-1.19.8/go_bench_before.txt", "go"),
        ("libtest-nightly-1.97.0/libtest_bench.stdout.txt", "libtest"),
        ("pyperf-2.11.0/before.json", "pyperf"),
    ],
)
def test_format_is_detected(path, fmt):
    assert detect(Source(path, FIXTURES / path)) == fmt


def test_bencher_lines_are_not_guessed():
    path = "criterion-0.3.6-bencher/crit_bencher.stdout.txt"
    with pytest.raises(Exception, match="format: bencher"):
        detect(Source(path, FIXTURES / path))


class TestCriterion:
    found = measurements(CRITERION)

    def test_versions_are_the_baseline_folders(self):
        assert {m.version for m in self.found} == {"base", "before", "new"}
        assert len({m.bench_id for m in self.found}) == 4

    def test_id_with_a_space_and_the_typical_value_criterion_prints(self):
        m = one(self.found, "fib 20", version="new")  # "time:   [5.6145 ns 6.2194 ns 6.8346 ns]": the slope
        assert m.estimator == "typical (slope)"
        assert (m.low, m.value, m.high) == (approx(5.6145e-9, rel=1e-4), approx(6.2194e-9, rel=1e-4),
                                            approx(6.8346e-9, rel=1e-4))
        mean = m.estimated("mean")
        assert mean.value == approx(5.202386834452356e-9, rel=1e-12) and mean.estimator == "mean"
        assert (mean.low, mean.high) == (approx(4.835949687338069e-9, rel=1e-12), approx(5.5885629341173795e-9, rel=1e-12))
        assert m.spread_kind == "ci95" and m.unit == "s" and m.direction == "lower"
        assert m.source == f"{CRITERION}/fib 20/new/estimates.json"

    def test_samples_are_per_iteration_averages(self):
        m = one(self.found, "fib 20", version="new")
        assert m.sample_count == 100
        assert m.samples[0] == approx(500353.0 / 91753.0 * 1e-9, rel=1e-12)

    def test_group_and_value_ids(self):
        m = one(self.found, "fibonacci/recursive/15", version="before")
        assert m.group == "fibonacci"
        assert dict(m.params) == {"function_id": "recursive", "value_str": "15"}
        assert m.estimated("mean").value == approx(2388.37e-9, rel=1e-3)

    def test_change_estimate_is_attached_to_new_and_knows_its_baseline(self):
        m = one(self.found, "sum_bytes/4KiB", version="new")
        assert m.change.value == 1.2457619269578966
        assert (m.change.low, m.change.high) == (0.9513333124315446, 1.6700674306390852)
        assert m.change.against == (f"{CRITERION}/sum_bytes/4KiB/before/estimates.json",)
        assert one(self.found, "sum_bytes/4KiB", version="before").change is None

    def test_throughput_is_bytes_over_time(self):
        m = one(self.found, "sum_bytes/4KiB", "throughput", version="before")
        assert m.unit == "B/s" and m.direction == "higher"
        assert m.value == approx(4096 / 1165.519225870589e-9, rel=1e-12)  # over the typical time
        assert m.estimated("mean").value == approx(4096 / 1262.841324258094e-9, rel=1e-12)
        assert m.estimated("mean").low == approx(4096 / 1367.3320447521135e-9, rel=1e-12)
        assert m.basis == one(self.found, "sum_bytes/4KiB", version="before")  # judged by its time


class TestHyperfine:
    def test_named_commands(self):
        found = measurements("hyperfine-1.15.0/hf_named.json")
        before = one(found, "before")
        assert before.value == 0.5680437689
        assert before.half_width == approx(0.2861998395219586)
        assert before.samples[0] == 0.477614299 and before.sample_count == 10
        assert one(found, "before", "user time").value == 0.3793992

    def test_parameters(self):
        found = measurements("hyperfine-1.15.0/hf_param_scan.json")
        m = one(found, "python3 fib.py 21")
        assert dict(m.params) == {"n": "21"}
        assert m.value == 0.0986187901
        assert m.half_width == approx(0.007961010255226497)


class TestPytestBenchmark:
    found = measurements("pytest-benchmark-5.3.1/pytest_benchmark_after.json")

    def test_groups_params_and_stats(self):
        m = one(self.found, "test_fib[20]")
        assert m.group == "math" and dict(m.params) == {"n": "20"}
        assert m.value == 1.7487863016114136e-06
        assert m.half_width == approx(1.4705125922393822e-06)
        assert m.sample_count == 45 and len(m.samples) == 45

    def test_ungrouped(self):
        m = one(self.found, "test_join_words")
        assert m.group is None and m.params == ()
        assert m.value == 9.78679904111942e-05

    def test_environment(self):
        facts = dict(environment(Source("p", FIXTURES / "pytest-benchmark-5.3.1/pytest_benchmark_after.json")))
        assert facts["CPU"] == "AMD EPYC"
        assert facts["Python"] == "CPython 3.11.7"
        assert facts["Commit"] == "unversioned"


class TestGoogleBenchmark:
    found = measurements("google-benchmark-1.7.1/gbench_before_reps3.json")

    def test_iteration_rows_are_samples_and_aggregates_agree(self):
        m = one(self.found, "BM_Fib/10")
        assert [s * 1e9 for s in m.samples] == approx([107.93348124339776, 205.50014159969757, 154.35331120066996])
        assert m.value == approx(1.5592897801458841e-07, rel=1e-12)  # the file's own _mean row
        assert m.sample_count == 3

    def test_time_unit_is_honoured(self):
        m = one(self.found, "BM_SumBytes/4096")
        assert m.value == approx(1.5419082319044677e-06, rel=1e-12)  # "us" in the file

    def test_counters(self):
        assert one(self.found, "BM_SumBytes/4096", "throughput").value == approx(2918330643.522148, rel=1e-12)
        assert one(self.found, "BM_SumBytes/4096", "items/s").unit == "1/s"
        assert one(self.found, "BM_StringAppend", "appends").value == approx(1015660450.6709356, rel=1e-12)

    def test_cv_rows_are_not_read_as_times(self):
        assert not [m for m in self.found if "_cv" in m.bench_id or "_mean" in m.bench_id]
        assert min(m.value for m in self.found if m.metric == "time") > 1e-8

    def test_aggregates_only_use_the_mean_and_stddev_rows(self):
        found = measurements("google-benchmark-1.7.1/gbench_aggregates_only.json")
        m = one(found, "BM_Count<std::map<std::string, int>>/1000")
        assert m.value == approx(44297.089518826906e-9, rel=1e-12)
        assert m.half_width == approx(17334.119134773482e-9, rel=1e-12)
        assert m.samples is None and m.sample_count == 5 and m.spread_kind == "stddev"
        assert one(found, "BM_Count<std::map<std::string, int>>/1000", "items/s").value == approx(60223678.534103036)
        assert len(found) == 6  # time, cpu time, items/s for two benchmarks; cv rows never

    def test_environment(self):
        facts = dict(environment(Source("g", FIXTURES / "google-benchmark-1.7.1/gbench_before_reps3.json")))
        assert facts["Google Benchmark build"] == "debug"
        assert facts["CPUs"] == "2"
        assert facts["Caches"] == "L1d 32 KiB, L1i 32 KiB, L2 1 MiB, L3 32 MiB"


class TestGo:
    found = measurements("go-1.19.8/go_bench_after.txt")

    def test_count_runs_are_samples_and_procs_suffix_is_stripped(self):
        m = one(self.found, "BenchmarkFib/n=10")
        assert [s * 1e9 for s in m.samples] == approx([36.17, 9.146, 7.955, 8.306, 10.52])
        assert m.source == "go-1.19.8/go_bench_after.txt:5"
        assert m.group == "BenchmarkFib" and dict(m.params) == {"n": "10"}

    def test_memory_allocations_and_throughput(self):
        assert one(self.found, "BenchmarkJoin", "memory").value == 512
        assert one(self.found, "BenchmarkJoin", "allocations").value == 1
        assert one(self.found, "BenchmarkFib/n=20", "allocations").value == 0
        sum_ = one(self.found, "BenchmarkSum", "throughput")
        assert sum_.samples[0] == approx(15111.87e6) and sum_.direction == "higher"

    def test_environment(self):
        facts = environment(Source("go", FIXTURES / "go-1.19.8/go_bench_after.txt"))
        assert facts == [("OS", "linux"), ("Architecture", "amd64"), ("Package", "example.com/fibbench"),
                         ("CPU", "AMD EPYC")]


    def test_a_benchmark_that_failed_in_some_runs_keeps_its_other_runs_and_says_so(self):
        flaky = one(measurements("go-1.19.8/go_flaky.txt"), "BenchmarkFlaky")
        assert [s * 1e9 for s in flaky.samples] == approx([16.19, 16.11])
        assert flaky.failures == ("--- FAIL at line 9",)
        assert one(measurements("go-1.19.8/go_flaky.txt"), "BenchmarkJoin").failures == ()

    @pytest.mark.parametrize("path, line", [("go-1.19.8/go_fail.txt", 7), ("go-1.19.8/go_fail_verbose.txt", 10)])
    def test_a_benchmark_that_failed_in_every_run_is_an_error_at_its_line(self, path, line):
        with pytest.raises(PerfblogError) as error:
            measurements(path)
        assert error.value.line == line and "BenchmarkBroken failed (--- FAIL) in every run" in error.value.message

    def test_a_file_cut_off_while_a_benchmark_ran_is_an_error_at_its_last_line(self, tmp_path):
        lines = (FIXTURES / "go-1.19.8/go_bench_before.txt").read_bytes().splitlines(keepends=True)
        cut = next(i for i, text in enumerate(lines) if text.startswith(b"BenchmarkJoin")) + 1
        (tmp_path / "cut.txt").write_bytes(b"".join(lines[:cut - 1]) + lines[cut - 1].split(b"\t")[0] + b"\n")
        with pytest.raises(PerfblogError) as error:
            load(Source("cut.txt", tmp_path / "cut.txt"), "go")
        assert error.value.line == cut and "the run was cut off" in error.value.message


class TestRust:
    def test_libtest_decimals_separators_and_range(self):
        found = measurements("libtest-nightly-1.97.0/libtest_bench.stdout.txt")
        m = one(found, "fib_recursive_20")
        assert m.value == approx(13588.34e-9) and m.half_width == approx(1184.85e-9)
        assert m.spread_kind == "range" and m.source.endswith(":4")
        assert one(found, "vec_push_1k", "throughput").value == 13961e6

    def test_criterion_bencher_ids_with_spaces_and_brackets(self):
        found = measurements("criterion-0.3.6-bencher/crit_bencher.stdout.txt", "bencher")
        assert [m.bench_id for m in found] == ["fib 20", "fibonacci/iterative/10", "fibonacci/iterative/15", "Vec<u64>/push 1k"]
        m = one(found, "fib 20")
        assert m.value == approx(14107e-9) and m.half_width == approx(410e-9) and m.spread_kind == "stddev"


class TestPyperf:
    def test_values_of_all_runs(self):
        found = measurements("pyperf-2.11.0/after.json")
        m = one(found, "join<str> 100 words")
        assert m.sample_count == 20
        assert m.samples[:2] == (7.686625022888718e-07, 5.34734889984104e-07)

    def test_mean_matches_pyperf_show(self):
        # compare_to.txt: "[before] 78.0 us +- 22.0 us -> [after] 323 ns +- 70 ns"
        before = one(measurements("pyperf-2.11.0/before.json"), "fib(15)")
        after = one(measurements("pyperf-2.11.0/after.json"), "fib(15)")
        assert round(before.value * 1e6, 1) == 78.0 and round(before.half_width * 1e6, 1) == 22.0
        assert round(after.value * 1e9) == 323 and round(after.half_width * 1e9, -1) == 70

    def test_environment(self):
        facts = dict(environment(Source("p", FIXTURES / "pyperf-2.11.0/after.json")))
        assert facts["pyperf"] == "2.11.0" and facts["CPU count"] == "2"


class TestTables:
    def test_wide_markdown_table_with_units_in_cells_and_header(self):
        text = "| benchmark | before | after (ms) |\n|---|---:|---:|\n| p99 latency | 120 ± 4 ms | 85 |\n| RSS | 512 MiB | — |"
        found = load(Source(None, inline=text, first_line=20), "table")
        assert [(m.bench_id, m.version, m.value) for m in found] == [
            ("p99 latency", "before", approx(0.120)), ("p99 latency", "after", approx(0.085)),
            ("RSS", "before", 512 * 1024**2),
        ]
        assert found[0].half_width == approx(0.004) and found[0].source == "inline:22"
        assert found[2].metric == "memory"

    def test_long_csv(self, tmp_path):
        path = tmp_path / "prod.csv"
        path.write_text("benchmark,version,metric,value,unit,low,high\ncheckout,v1,latency,12.5,ms,12.1,12.9\n")
        [m] = load(Source("prod.csv", path))
        assert (m.bench_id, m.version, m.metric, m.value) == ("checkout", "v1", "latency", 0.0125)
        assert (m.low, m.high, m.spread_kind) == (approx(0.0121), approx(0.0129), "ci95")


def test_every_adapter_is_registered():  # at least these (other tools' adapters come and go)
    assert set(ADAPTERS) >= {"criterion", "hyperfine", "pytest-benchmark", "gbench", "go", "libtest", "bencher",
                             "pyperf", "csv", "table"}
