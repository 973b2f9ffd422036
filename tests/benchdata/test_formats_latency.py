"""The latency block: wrk --latency (4.1.0) and HdrHistogram .hgrm (2.2.2) percentiles from real runs."""

from __future__ import annotations

import pytest
from bench_support import block, make_context
from bs4 import BeautifulSoup
from formats_support import FIXTURES, shown, verdict

from perfblog.benchdata.adapters import Source, detect, hgrm, wrk
from perfblog.blocks import PerfblogError
from perfblog.blocks.dispatch import run
from perfblog.blocks.kinds import load_kinds
from perfblog.glue.plugin import DEFAULTS

approx = pytest.approx
KINDS = load_kinds(["perfblog.benchdata.latency"])
WRK, HDR = "wrk-4.1.0", "hdrhistogram-2.2.2"


def latency(text: str) -> BeautifulSoup:
    return BeautifulSoup(run(KINDS["latency"], block("latency", text), make_context()).html, "html.parser")


def table(soup: BeautifulSoup) -> dict[str, list[str]]:
    return {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in soup.tbody.find_all("tr")}


def test_the_block_is_a_default_feature():
    assert "perfblog.benchdata.latency" in DEFAULTS["PERFBLOG_FEATURES"]


def test_wrk_distribution_and_maximum():
    path = f"{WRK}/before_big.txt"
    found = wrk.load(Source(path, FIXTURES / path))
    # "50%  5.07ms", "99%  182.68ms"; Thread Stats "Latency 14.42ms 32.80ms 314.08ms"
    assert found.at(0.5) == (approx(5.07e-3), 7) and found.at(0.99)[0] == approx(182.68e-3)
    assert found.at(1.0)[0] == approx(314.08e-3) and found.at(0.999) is None
    assert found.facts == ("4722 requests in 5.05s", "935.25 requests/s")


def test_hgrm_reads_in_the_unit_the_block_names():
    path = f"{HDR}/before_big.hgrm"
    found = hgrm.load(Source(path, FIXTURES / path), "ms")
    # "1.443 0.500000000000 1003 2.00", "13.895 0.999023437500 ...", "#[Max = 113.663, Total count = 2000]"
    assert found.at(0.5)[0] == approx(1.443e-3) and found.at(0.999)[0] == approx(13.895e-3)
    assert found.at(1.0)[0] == approx(113.663e-3) and found.count == 2000
    assert found.at(0.9999) is None  # 2,000 values cannot resolve the 99.99th percentile


def test_rendered_before_after_table_and_spectrum():
    soup = latency(f"before: {HDR}/before_big.hgrm\nafter: {HDR}/after_small.hgrm\nunit: ms\ncaption: GET latency")
    rows = table(soup)
    assert list(rows) == ["p50", "p75", "p90", "p99", "p99.9", "max"]
    assert [shown(c) for c in rows["p99.9"][:2]] == [approx(13.895e-3, rel=5e-3), approx(29.4e-3, rel=5e-3)]
    assert verdict(rows["p50"][2]) == "−22.5% 1.29× faster (untested)"
    svg = soup.find("svg")
    assert svg["role"] == "img" and "Before dashed, After solid" in svg.title.get_text()
    assert [p["class"][-1] for p in svg.find_all("polyline")] == ["pb-lat-before", "pb-lat-after"]
    assert [t.get_text() for t in svg.find_all("text")][:4] == ["0%", "90%", "99%", "99.9%"]


def test_wrk_rows_follow_the_data_and_the_percentiles_option():
    soup = latency(f"before: {WRK}/before_big.txt\nafter: {WRK}/after_small.txt\npercentiles: 50, 99, max")
    rows = table(soup)
    assert list(rows) == ["p50", "p99", "max"]
    assert [shown(c) for c in rows["p99"][:2]] == [approx(182.68e-3, rel=5e-3), approx(23.89e-3, rel=5e-3)]
    assert "Before: 4722 requests in 5.05s, 935.25 requests/s." in soup.get_text()
    assert list(table(latency(f"file: {WRK}/after_small.txt\nchart: no"))) == ["p50", "p75", "p90", "p99", "max"]


@pytest.mark.parametrize("text, message", [
    (f"file: {HDR}/before_big.hgrm", "an .hgrm file does not say its unit"),
    (f"file: {WRK}/no_latency_flag.txt", "run wrk with --latency"),
    (f"file: {WRK}/before_big.txt\npercentiles: 50, median", "cannot read the percentile 'median'"),
    (f"before: {WRK}/before_big.txt", "'after' is missing"),
])
def test_mistakes_are_told(text, message):
    with pytest.raises(PerfblogError, match=message):
        latency(text)


def test_a_bench_block_points_at_the_latency_block():
    path = f"{WRK}/before_big.txt"
    with pytest.raises(PerfblogError, match="show its --latency percentiles with a 'latency' block"):
        detect(Source(path, FIXTURES / path))


def test_latency_table_links_its_numbers_and_the_raw_runs():
    ctx = make_context()
    html = run(KINDS["latency"], block("latency", f"before: {HDR}/before_big.hgrm\nafter: {HDR}/after_small.hgrm\n"
                                                    "unit: ms"), ctx).html
    soup = BeautifulSoup(html, "html.parser")
    found = {a.get_text(): a["href"] for a in soup.select(".pb-bench-notes a[download]")}
    lines = dict(ctx.files)[found["the numbers shown, as CSV"]].decode().splitlines()
    assert lines[0] == "benchmark,metric,Before value,Before ±,Before unit,After value,After ±,After unit,verdict"
    assert [line.split(",")[0] for line in lines[1:]] == list(table(soup))
    assert lines[1].endswith("1.29× faster (untested)")
    raw = found[f"{HDR}/before_big.hgrm"]
    assert raw.endswith(".hgrm.txt") and dict(ctx.files)[raw].read_bytes() == (FIXTURES / HDR / "before_big.hgrm").read_bytes()
