"""The documented generic formats: 'name: value unit' lines, Bencher Metric Format, github-action-benchmark custom JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_support import FIXTURES, fixture, one, rendered, rows, shown, verdict

from perfblog.benchdata.adapters import Source, detect, load
from perfblog.blocks import PerfblogError

approx = pytest.approx
POST_DATA = Path(__file__).resolve().parents[2] / "content" / "posts" / "2026-11-27-word-count" / "data"
CI = "ci-json-python-3.11.7"


def counts():
    return load(Source("data/allocs.counts", POST_DATA / "allocs.counts"))


def test_counts_file_holds_allocs_txt_numbers_per_version():
    assert detect(Source("data/allocs.counts", POST_DATA / "allocs.counts")) == "generic"
    found = counts()
    # allocs.txt: "v0  9393  0  9393  466937  221942" (small) and "final  3206  1  3206  395502  260306" (large)
    assert one(found, "top_words/small", "allocations", "v0").value == 9393
    assert one(found, "top_words/small", "bytes requested", "v0").value == 466937
    assert one(found, "top_words/large", "peak live heap", "final").value == 260306
    assert one(found, "top_words/large", "reallocations", "final").value == 1
    assert {m.version for m in found} == {"v0", "v1", "v2", "v3", "final"}
    assert one(found, "top_words/small", "allocations", "v0").unit == "1"


def test_lines_outside_a_heading_are_benchmarks_and_spread_is_stddev():
    # numbers from custom_smaller.json's run, written the generic way
    found = load(Source(None, inline="sort/insertion: 39.937 ± 1.7475 ms\nsort/builtin peak: 23984 B\n"))
    m = one(found, "sort/insertion", "time")
    assert m.value == approx(0.039937) and m.half_width == approx(0.0017475) and m.spread_kind == "stddev"
    assert one(found, "sort/builtin peak", "memory").value == 23984


def test_a_line_that_is_not_name_value_unit_is_located():
    with pytest.raises(PerfblogError, match="unknown unit 'apples'") as err:
        load(Source(None, inline="[top_words/small]\nallocations: 9393 apples\n", first_line=20), "generic")
    assert err.value.line == 21


def test_bmf_latency_is_nanoseconds_with_bounds():
    found = fixture(f"{CI}/bmf.json")
    m = one(found, "sort/builtin", "latency")  # "value": 143246.79996207124, "lower_value": 134438.33..., "upper_value": 154191.99...
    assert (m.value, m.low, m.high) == (approx(143246.79996207124e-9), approx(134438.33328589486e-9),
                                        approx(154191.99993023844e-9))
    assert m.direction == "lower" and detect(Source("bmf.json", FIXTURES / CI / "bmf.json")) == "bmf"


def test_custom_json_direction_comes_from_the_format_name():
    path = f"{CI}/custom_bigger.json"
    with pytest.raises(PerfblogError, match="format: custom-smaller-is-better"):
        detect(Source(path, FIXTURES / path))
    bigger = one(fixture(path, "customBiggerIsBetter"), "sort/builtin", "rate")  # "value": 6980.958738797511
    assert bigger.value == approx(6980.958738797511) and bigger.direction == "higher"
    smaller = fixture(f"{CI}/custom_smaller.json", "custom-smaller-is-better")
    m = one(smaller, "sort/insertion", "time")  # "value": 39.93679046667846, "range": "± 1.7475"
    assert m.value == approx(0.03993679046667846) and m.half_width == approx(0.0017475) and m.spread_kind is None
    assert one(smaller, "sort/builtin peak traced memory", "memory").value == 23984


def test_rendered_counts_and_custom_json():
    soup = rendered("memory", "file: data/allocs.counts\nbefore: #v0\nafter: #final\n"
                              "benchmarks: top_words/large\nmetrics: allocations\nexact: yes", root=POST_DATA.parent)
    [row] = rows(soup)
    assert [shown(c) for c in row[1:3]] == [601347, 3206] and verdict(row[3]) == "−99.5% 188× fewer"
    bigger = rendered("bench", f"file: {CI}/custom_bigger.json\nformat: customBiggerIsBetter\nbaseline: sort/insertion")
    builtin = rows(bigger)[1]
    assert shown(builtin[1]) == approx(6980.958738797511, rel=1e-3)
    assert verdict(builtin[2]) == "+27,779.7% 279× more throughput (untested)"
