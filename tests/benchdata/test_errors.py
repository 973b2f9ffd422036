"""Bad input: every case is a PerfblogError naming the post line and key, and the data file and line."""

from __future__ import annotations

import pytest
from bench_support import CRITERION, FIXTURES, block, make_context, render_kind

from perfblog.benchdata.adapters import Source, load
from perfblog.blocks import PerfblogError

FENCE = 10  # the block's opening fence; option i (0-based) is on line FENCE + 1 + i


def fail(kind: str, text: str, root=FIXTURES, **context) -> PerfblogError:
    with pytest.raises(PerfblogError) as info:
        render_kind(kind, block(kind, text, FENCE), make_context(root, **context))
    return info.value


def write(tmp_path, name: str, text: str):
    (tmp_path / name).write_text(text)
    return tmp_path


def test_missing_file():
    err = fail("bench", "caption: x\nbefore: nope.json\nafter: nope.json")
    assert (err.line, err.key) == (12, "before") and "no such file: nope.json" in err.message


def test_path_outside_content():
    err = fail("bench", "file: ../../../etc/passwd")
    assert err.line == 11 and "outside the content folder" in err.message


def test_unknown_format_suggests_the_close_one():
    err = fail("bench", f"file: {CRITERION}\nformat: criterio")
    assert (err.line, err.key) == (12, "format")
    assert err.message.startswith("unknown format 'criterio' (did you mean 'criterion'?)")


def test_undetectable_format(tmp_path):
    err = fail("bench", "file: notes.txt", write(tmp_path, "notes.txt", "hello\n"))
    assert err.line == 11 and "notes.txt: cannot tell the format" in err.message


def test_malformed_json_gives_the_json_line(tmp_path):
    root = write(tmp_path, "bad.json", '{\n  "results": [\n    {"command": "a",, }\n  ]\n}\n')
    err = fail("bench", "format: hyperfine\nfile: bad.json", root)
    assert (err.line, err.key) == (12, "file")
    assert err.message.startswith("bad.json:3: malformed JSON: Expecting property name")


def test_json_missing_field_names_the_json_path(tmp_path):
    root = write(tmp_path, "hf.json", '{"results": [{"command": "a", "times": [1, 2]}]}')
    err = fail("bench", "file: hf.json", root)
    assert err.message == "hf.json [results[0]]: missing 'mean'"


def test_malformed_text_line(tmp_path):
    root = write(tmp_path, "go.txt", "pkg: x\nBenchmarkA-2   100   12.5 ns/op\nBenchmarkA-2   100   1x.5 ns/op\n")
    err = fail("bench", "file: go.txt", root)
    assert err.message == "go.txt:3: cannot read the ns/op value '1x.5'"


def test_malformed_bench_line(tmp_path):
    root = write(tmp_path, "b.txt", "test fib ... bench:       14107 ns/iter (+/- oops)\n")
    err = fail("bench", "file: b.txt\nformat: bencher", root)
    assert err.message.startswith("b.txt:1: cannot read the result of 'fib'")


def test_unknown_benchmark_suggests_close_names():
    err = fail("bench", f"file: {CRITERION}\nbenchmarks: fib 20, fib 21")
    assert (err.line, err.key) == (12, "benchmarks")
    assert "no benchmark result matches 'fib 21' in benchmarks (did you mean 'fib 20'?)" in err.message


def test_unknown_version_suggests_close_names():
    err = fail("bench", f"file: {CRITERION}\nbefore: #befor\nafter: #new")
    assert (err.line, err.key) == (12, "before") and "(did you mean 'before'?)" in err.message


def test_several_versions_need_a_choice(tmp_path):
    root = write(tmp_path, "j.csv", "benchmark,v1,v2,v3\nparse,3 ms,2 ms,1 ms\n")
    err = fail("bench", "file: j.csv", root)
    assert "holds several versions (v1, v2, v3)" in err.message


def test_unit_mismatch_between_before_and_after(tmp_path):
    root = write(tmp_path, "a.csv", "benchmark,value\nparse,3 ms\n")
    write(tmp_path, "b.csv", "benchmark,metric,value\nparse,time,3 MiB\n")
    err = fail("bench", "before: a.csv\nafter: b.csv", root)
    assert (err.line, err.key) == (12, "after")
    assert "unit mismatch for 'parse' time: a.csv:2 is a time (s), b.csv:2 a size (B)" in err.message


@pytest.mark.parametrize(
    "cell, problem",
    [("0 ms", "is 0 ms: it must be positive"), ("-3 ms", "is -3 ms: it must be positive"),
     ("nan ms", "cannot read 'nan ms'")],
)
def test_zero_negative_and_nan_values(tmp_path, cell, problem):
    root = write(tmp_path, "v.csv", f"benchmark,value\nparse,{cell}\n")
    err = fail("bench", "file: v.csv", root)
    assert err.message.startswith("v.csv:2: ") and problem in err.message


def test_nan_in_json(tmp_path):
    root = write(tmp_path, "hf.json", '{"results": [{"command": "a", "mean": NaN, "stddev": 0.1, "times": [1, 2]}]}')
    err = fail("bench", "file: hf.json", root)
    assert "hf.json [results[0]]" in err.message and "not a finite number" in err.message


@pytest.mark.parametrize(
    "name, text, fmt, problem",
    [
        ("empty.json", "", "hyperfine", "empty.json: is empty"),
        ("none.json", '{"results": []}', "hyperfine", "none.json [results]: holds no benchmark results"),
        ("none.txt", "PASS\nok  \texample.com/x\t0.01s\n", "go", "none.txt: holds no benchmark results"),
        ("none.csv", "benchmark,before,after\n", "csv", "holds no benchmark results"),
    ],
)
def test_empty_data(tmp_path, name, text, fmt, problem):
    err = fail("bench", f"file: {name}\nformat: {fmt}", write(tmp_path, name, text))
    assert problem in err.message


def test_inline_data_errors_point_at_the_post_line():
    # fence 10, caption 11, blank 12, header 13, rule 14, first row 15
    err = fail("bench", "caption: x\n\n| benchmark | before | after |\n|---|---|---|\n| p99 | 120 | 85 ms |")
    assert err.path.endswith("post.md") and err.line == 15
    assert "no unit for 'p99'" in err.message


def test_unknown_option_key():
    err = fail("bench", f"file: {CRITERION}\nbenchmark: fib 20")
    assert (err.line, err.key) == (12, "benchmark") and "did you mean 'benchmarks'" in err.message


def test_before_without_after():
    err = fail("bench", f"before: {CRITERION}#before")
    assert "'after' is missing" in err.message


def test_criterion_needs_a_folder():
    err = fail("bench", f"file: {CRITERION}/fib 20/new/estimates.json\nformat: criterion")
    assert "Criterion data is a folder" in err.message


def test_criterion_version_folder_is_explained():
    err = fail("bench", f"file: {CRITERION}/fib 20/new")
    assert "is one version of a benchmark" in err.message and "'#new'" in err.message


def test_better_names_an_existing_metric():
    err = fail("bench", f"file: {CRITERION}\nbetter: thruput = higher")
    assert (err.line, err.key) == (12, "better") and "no metric 'thruput'" in err.message


def test_bad_environment_line():
    err = fail("environment", "caption: x\n\nCPU AMD")
    assert err.line == 13 and "Key: value" in err.message


def test_adapter_errors_carry_the_data_file_and_line(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("\n\ntest a ... bench:   0 ns/iter (+/- 0)\n")
    with pytest.raises(PerfblogError) as info:
        load(Source("bench/x.txt", path), "libtest")
    assert str(info.value) == "bench/x.txt:3: the value of time of 'a' is 0 ns: it must be positive"
