"""Each format's verdict equals what its own tool (or comparison script) printed, row by row.

The printed verdicts are read from the tools' own output files next to the data, so
a test cannot drift from what the tool said.
"""

from __future__ import annotations

import re

import pytest
from bench_support import FIXTURES, KINDS, block, make_context
from test_render import render, rows

from perfblog.authoring.importers import plan_criterion, plan_files
from perfblog.benchdata.adapters import Source, load
from perfblog.benchdata.compare import IMPROVED, NO_CHANGE, REGRESSED, SAME_DATA, TOO_FEW, compare
from perfblog.blocks import PerfblogError
from perfblog.blocks.dispatch import run

GB = "google-benchmark-1.7.1"
PLAIN = "criterion-0.3.6-plain"


def by_key(path):
    return {m.key: m for m in load(Source(path, FIXTURES / path))}


def compare_py(name):
    """compare.py's U-test lines: {benchmark: (time p, cpu p, 'N vs M', unreliable)}."""
    found = {}
    for line in (FIXTURES / GB / name).read_text().splitlines():
        m = re.match(r"^(\S+)_pvalue\s+([\d.]+)\s+([\d.]+)\s+U Test, Repetitions: (\d+ vs \d+)(.*)$", line)
        if m:
            found[m[1]] = (float(m[2]), float(m[3]), m[4], "Results unreliable" in m[5])
    return found


@pytest.mark.parametrize("name, before, after", [
    ("gbench_reps3.compare_py.txt", "gbench_before_reps3.json", "gbench_after_reps3.json"),
    ("gbench_reps10.compare_py.txt", "gbench_before_reps10.json", "gbench_after_reps10.json"),
])
def test_gbench_verdicts_are_compare_pys_u_test(name, before, after):
    printed = compare_py(name)
    assert printed
    old, new = by_key(f"{GB}/{before}"), by_key(f"{GB}/{after}")
    for bench, (time_p, cpu_p, counts, unreliable) in printed.items():
        for metric, p in (("time", time_p), ("cpu time", cpu_p)):
            c = compare(old[(bench, metric)], new[(bench, metric)])
            assert (c.rule, f"{c.p_value:.4f}") == ("gbench", f"{p:.4f}"), (bench, metric)
            if unreliable:  # "WARNING: Results unreliable! 9+ repetitions recommended."
                assert (c.verdict, c.reason) == (TOO_FEW, f"{counts} repetitions: too few for a test")
            else:  # compare.py marks p < alpha (0.05) as the significant colour
                assert c.significant == (p < 0.05), (bench, metric, c.verdict)


def test_gbench_rate_counters_share_the_cpu_times_verdict():
    old, new = by_key(f"{GB}/gbench_before_reps3.json"), by_key(f"{GB}/gbench_after_reps3.json")
    cpu = compare(old[("BM_SumBytes/4096", "cpu time")], new[("BM_SumBytes/4096", "cpu time")])
    for metric in ("throughput", "items/s"):
        c = compare(old[("BM_SumBytes/4096", metric)], new[("BM_SumBytes/4096", metric)])
        assert (c.verdict, c.p_value, c.reason) == (cpu.verdict, cpu.p_value, cpu.reason)


def test_go_count_10_is_benchstats_u_test():
    """benchstat itself (golang.org/x/perf) needs Go 1.25 and its modules, which this offline
    machine lacks, so its output is not recorded; the rule is benchmath's: U test, p ≤ 0.05, medians."""
    old, new = by_key("go-1.19.8/go_count10_before.txt"), by_key("go-1.19.8/go_count10_after.txt")
    expected = {("BenchmarkJoin", "time"): IMPROVED, ("BenchmarkJoin", "throughput"): IMPROVED,
                ("BenchmarkJoin", "memory"): IMPROVED, ("BenchmarkJoin", "allocations"): IMPROVED,
                ("BenchmarkFib20", "time"): NO_CHANGE}  # unchanged code: benchstat's "~"
    for key, verdict in expected.items():
        c = compare(old[key], new[key])
        assert (c.rule, c.verdict) == ("benchstat", verdict), key
    join = compare(old[("BenchmarkJoin", "time")], new[("BenchmarkJoin", "time")])
    assert join.p_value == pytest.approx(2 / 184756)  # no overlap in 10 vs 10: benchstat's "p=0.000 n=10"
    assert old[("BenchmarkJoin", "time")].estimator == "median"  # benchstat's centre


def test_go_count_5_no_overlap_is_significant():
    """Issue 12: a 46× faster BenchmarkJoin with no overlap read "no significant change (p = 0.05)"."""
    old, new = by_key("go-1.19.8/go_bench_before.txt"), by_key("go-1.19.8/go_bench_after.txt")
    c = compare(old[("BenchmarkJoin", "time")], new[("BenchmarkJoin", "time")])
    assert (c.verdict, f"{c.p_value:.4f}") == (IMPROVED, "0.0079")  # benchstat's minimum for 5 vs 5


# pyperf compare_to.txt: "fib(15): … 241.17x faster", "join<str> 100 words: … 7.08x faster",
# "Geometric mean: 41.33x faster" (both significant: no "Not significant!").
PYPERF = {"fib(15)": "241.17", "join<str> 100 words": "7.08"}


def test_pyperf_verdicts_and_geometric_mean_are_compare_tos():
    before, after = by_key("pyperf-2.11.0/before.json"), by_key("pyperf-2.11.0/after.json")
    for bench, factor in PYPERF.items():
        c = compare(before[(bench, "time")], after[(bench, "time")])
        assert (c.rule, c.verdict, f"{c.factor:.2f}") == ("pyperf", IMPROVED, factor)
    soup, _, _ = render("bench", "before: pyperf-2.11.0/before.json\nafter: pyperf-2.11.0/after.json\nsummary: yes")
    assert rows(soup)[-1][0] == "Geometric mean" and rows(soup)[-1][-1].split("×")[0].split()[-1] == "41.3"
    assert "Student's t-test, as pyperf compare_to" in soup.select_one(".pb-bench-notes").get_text()


def hyperfine_summary(name):
    """hyperfine's "Summary": (reference, {command: 'X.XX'}) from "X.XX ± Y times faster than 'cmd'"."""
    text = (FIXTURES / "hyperfine-1.15.0" / name).read_text().split("Summary", 1)[1]
    reference = re.search(r"'(.+)' ran", text)[1]
    return reference, dict((cmd, x) for x, cmd in re.findall(r"([\d.]+) ± [\d.]+ times faster than '(.+)'", text))


def test_hyperfine_parameter_scan_ratios_are_its_summary():
    reference, printed = hyperfine_summary("hf_scan_wide.stdout.txt")
    data = by_key("hyperfine-1.15.0/hf_scan_wide.json")
    for command, factor in printed.items():
        c = compare(data[(reference, "time")], data[(command, "time")])
        assert (c.rule, c.verdict, f"{c.factor:.2f}") == ("robust", REGRESSED, factor)
        low, high = c.factor_interval
        assert low < c.factor < high


def test_hyperfine_two_commands():
    """hyperfine's markdown export says 3.41 ± 0.51 for slow vs fast."""
    data = by_key("hyperfine-1.15.0/hf_two_commands.json")
    c = compare(data[("python3 slow.py", "time")], data[("python3 fast.py", "time")])
    assert (c.rule, c.verdict, f"{c.factor:.2f}") == ("robust", IMPROVED, "3.41")


def test_a_failing_command_is_flagged_in_the_table_the_log_and_import(tmp_path):
    """hyperfine -i timed `sys.exit(3)` ("Warning: Ignoring non-zero exit code.")."""
    failing = "python3 -c 'import sys; sys.exit(3)'"
    ctx = make_context()
    result = run(KINDS["bench"], block("bench", "file: hyperfine-1.15.0/hf_failing.json\nbaseline: python3 -c pass"), ctx)
    assert "failed runs: exit code 3 in 10 of 10 runs" in result.html
    assert [(n.name, n.message) for n in ctx.notices] == [
        ("failed-runs", f"{failing!r} (hyperfine-1.15.0/hf_failing.json [results[1]]): exit code 3 in 10 of 10 runs")]
    plan = plan_files("hyperfine", [FIXTURES / "hyperfine-1.15.0" / "hf_failing.json"], tmp_path, None)
    assert f"# warning: {failing!r} failed: exit code 3 in 10 of 10 runs" in plan.block.splitlines()


def test_pytest_benchmark_storage_files_and_json_of_the_same_runs_agree():
    """--benchmark-autosave keeps mean, stddev and rounds only; --benchmark-json of the same
    runs keeps every round: Welch from the summary and the U test must say the same."""
    d = "pytest-benchmark-5.3.1"
    storage = [by_key(f"{d}/storage_000{i}_{v}.json") for i, v in ((1, "before"), (2, "after"))]
    full = [by_key(f"{d}/same_runs_{v}.json") for v in ("before", "after")]
    for key in storage[0]:
        summary, raw = compare(*(s[key] for s in storage)), compare(*(f[key] for f in full))
        assert (summary.rule, raw.rule) == ("summary", "robust")
        assert summary.verdict == raw.verdict, key
        assert f"{summary.factor:.3f}" == f"{raw.factor:.3f}"  # the same means
    assert compare(storage[0][("test_join_words", "time")], storage[1][("test_join_words", "time")]).verdict == IMPROVED


def test_criterion_two_plain_runs_are_the_same_data_and_say_what_criterion_printed():
    printed = (FIXTURES / PLAIN / "run2.stdout.txt").read_text()
    tree = by_key_versions(f"{PLAIN}/two_plain_runs.target")
    for bench, line in (("fib 15", r"fib 15.*?change: \[(\S+) (\S+) (\S+)\]"),
                        ("sum_bytes/4KiB", r"sum_bytes/4KiB.*?time:.*?time:\s+\[(\S+) (\S+) (\S+)\]")):
        c = compare(tree[(bench, "time", "base")], tree[(bench, "time", "new")])
        assert c.verdict == SAME_DATA and "Criterion 0.3 copies new/ over base/" in c.reason
        shown = re.search(r"\[(\S+) (\S+) (\S+)\]$", c.reason).groups()
        want = re.search(line, printed, flags=re.S).groups()
        assert [float(x.rstrip("%").replace("\u2212", "-")) for x in shown] == pytest.approx(
            [float(x.rstrip("%")) for x in want], abs=6e-3)
    assert "Performance has improved." in printed and "Performance has regressed." in printed


def test_import_never_suggests_base_against_new(tmp_path):
    root = FIXTURES / PLAIN / "two_plain_runs.target"
    with pytest.raises(PerfblogError, match="hold the same run"):
        plan_criterion(root, tmp_path, ["base", "new"], [], "data/criterion")


def by_key_versions(path):
    return {(m.bench_id, m.metric, m.version): m for m in load(Source(path, FIXTURES / path))}

