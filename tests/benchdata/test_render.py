"""The HTML the block renderers produce, parsed and checked like a reader (or a screen reader) would."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_support import CRITERION, FIXTURES, KINDS, block, make_context, render_kind
from bs4 import BeautifulSoup

from perfblog.blocks import PerfblogError


def render(kind: str, text: str, **context):
    ctx = make_context(**context)
    html = render_kind(kind, block(kind, text), ctx)
    return BeautifulSoup(html, "html.parser"), ctx, html


CRITERION_BLOCK = f"""
file: {CRITERION}
before: #before
after: #new
caption: Fibonacci, before and after
"""


def rows(soup):
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in soup.tbody.find_all("tr")]


def test_table_structure_caption_and_scopes():
    soup, ctx, _ = render("bench", CRITERION_BLOCK)
    figure = soup.find("figure")
    assert "pb-figure" in figure["class"] and "wide" in figure["class"]
    assert figure["id"].startswith("pb-block-1")
    assert soup.table.caption.get_text(strip=True) == "Fibonacci, before and after"
    assert [th["scope"] for th in soup.thead.find_all("th")] == ["col"] * 4
    assert all(tr.th["scope"] == "row" for tr in soup.tbody.find_all("tr"))
    assert ctx.assets == {"bench.css"}
    box = soup.table.find_parent("div")  # the theme's focusable scroll box for wide tables
    assert "pb-scroll" in box["class"] and box["tabindex"] == "0" and box["role"] == "region"
    assert box["aria-labelledby"] == soup.table.caption["id"]  # the region is named by its caption


def test_numbers_and_verdicts_match_the_criterion_output():
    soup, _, _ = render("bench", CRITERION_BLOCK)
    table = {r[0]: r[1:] for r in rows(soup)}
    # Criterion printed "time: [5.6145 ns 6.2194 ns 6.8346 ns]" (typical: the slope) and
    # "change: [-99.977% -99.975% -99.973%]", i.e. 3,744× … 4,384× faster
    assert table["fib 20"] == ["22.0 ± 1.0 µs", "6.22 ± 0.61 ns", "−99.98% 4,061× [3,744, 4,384] faster"]
    assert table["fibonacci/recursive/10"][2] == "no significant change (95% CI −7.7% … +15.8%)"
    assert table["sum_bytes/4KiB"][2] == "+124.6% 2.25× [1.95, 2.67] slower"  # [+95.133% +124.58% +167.01%]
    assert "Estimate: typical (slope)." in soup.select_one(".pb-bench-notes").get_text()


def test_improvement_and_regression_carry_sign_word_and_tone():
    soup, _, _ = render("bench", CRITERION_BLOCK)
    good = soup.select(".pb-verdict.pb-good")
    bad = soup.select(".pb-verdict.pb-bad")
    assert good and all(v.get_text().startswith("−") and "faster" in v.get_text() for v in good)
    assert bad and all(v.get_text().startswith("+") and "slower" in v.get_text() for v in bad)
    assert "p < 0.001" in bad[0]["title"]


def test_numbers_are_in_right_aligned_cells():
    soup, _, _ = render("bench", CRITERION_BLOCK)
    for tr in soup.tbody.find_all("tr"):
        assert [td.get("class") for td in tr.find_all("td")][:2] == [["pb-num"], ["pb-num"]]


def test_chart_is_an_accessible_image_with_ids_prefixed_by_the_block():
    soup, _, _ = render("bench", CRITERION_BLOCK)
    svg = soup.find("svg")
    assert svg["role"] == "img"
    title = svg.find("title")
    assert svg["aria-labelledby"] == title["id"] and title["id"].startswith("pb-block-1")
    assert all(el["id"].startswith("pb-block-1") for el in soup.find_all(id=True))
    assert not soup.find("script")
    labels = [t.get_text() for t in svg.find_all("text")]
    assert "After: 6.22 ns, 4,061× [3,744, 4,384] faster" in labels  # the bar says it in words, not only colour


def test_names_from_data_are_escaped(tmp_path):
    (tmp_path / "evil.csv").write_text(
        'benchmark,before,after\n"<script>alert(1)</script>",10 ms,5 ms\noperator<<,2 ms,2.1 ms\n'
    )
    soup, _, html = render("bench", "file: evil.csv\ncaption: <b>caption</b>", root=tmp_path)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert soup.tbody.th.get_text() == "<script>alert(1)</script>"
    assert [r[0] for r in rows(soup)] == ["<script>alert(1)</script>", "operator<<"]


def test_inline_table_compares_its_two_columns_untested():
    soup, _, _ = render("bench", "caption: Production\n\n| benchmark | before | after |\n|---|---|---|\n| p99 | 120 ms | 85 ms |")
    assert [th.get_text() for th in soup.thead.find_all("th")][1:3] == ["before", "after"]
    assert rows(soup) == [["p99", "120 ms", "85 ms", "−29.2% 1.41× faster (untested)"]]
    assert "no spread" in soup.select_one(".pb-bench-notes").get_text()


def test_results_table_relative_to_a_baseline_command():
    soup, _, _ = render("bench", "file: hyperfine-1.15.0/hf_two_commands.json\nbaseline: python3 slow.py")
    assert [th.get_text() for th in soup.thead.find_all("th")] == ["Benchmark", "Time", "vs python3 slow.py"]
    # hyperfine's own markdown says "3.41 ± 0.51" for slow relative to fast
    assert rows(soup)[1] == ["python3 fast.py", "123.6 ± 9.7 ms", "−70.7% 3.41× [3.11, 3.70] faster"]
    assert not soup.find("svg")


def test_quoted_ids_with_commas_and_template_brackets():
    text = ('file: google-benchmark-1.7.1/gbench_aggregates_only.json\n'
            'baseline: "BM_Count<std::map<std::string, int>>/1000"\n'
            'benchmarks: "BM_Count<std::unordered_map<std::string, int>>/1000", "BM_Count<std::map<std::string, int>>/1000"')
    soup, _, html = render("bench", text)
    assert "&lt;std::unordered_map&lt;std::string, int&gt;&gt;" in html
    assert rows(soup) == [
        ["BM_Count<std::unordered_map<std::string, int>>/1000", "18.7 ± 5.4 µs", "−57.7% 2.37× [1.34, 4.17] faster"],  # its own spread's digits
        ["BM_Count<std::map<std::string, int>>/1000", "44 ± 17 µs", ""],
    ]
    assert "Welch's t-test from the mean, standard deviation and count" in soup.select_one(".pb-bench-notes").get_text()


def test_memory_block_shows_bytes_and_allocations():
    soup, _, _ = render("memory", "before: go-1.19.8/go_bench_before.txt\nafter: go-1.19.8/go_bench_after.txt")
    table = {(r[0], r[1]): r[2:] for r in rows(soup)}
    assert table[("BenchmarkJoin", "memory")] == ["26,376 B", "512 B", "−98.1% 51.5× smaller"]  # exact, as go printed
    assert table[("BenchmarkJoin", "allocations")] == ["100", "1", "−99.0% 100× fewer"]
    assert table[("BenchmarkSum", "memory")] == ["0 B", "0 B", "no significant change (p = 1.0)"]


def test_benchmark_and_metric_selection_keeps_the_authors_order():
    soup, _, _ = render("bench", CRITERION_BLOCK + "benchmarks: sum_bytes/*, fib 20\nmetrics: throughput, time")
    assert [(r[0], r[1]) for r in rows(soup)] == [
        ("sum_bytes/4KiB", "throughput"), ("sum_bytes/4KiB", "time"), ("fib 20", "time")]


def test_journey_has_one_column_per_version_and_compares_with_baseline_and_previous():
    text = f"versions: Old = {CRITERION}#base, Baseline = {CRITERION}#before, Final = {CRITERION}#new\nbenchmarks: fib 20"
    soup, _, _ = render("journey", text)
    assert [th.get_text() for th in soup.thead.find_all("th")] == ["Benchmark", "Old", "Baseline", "Final"]
    final = soup.tbody.find_all("td")[2]
    steps = [s.get_text(" ", strip=True) for s in final.select(".pb-step")]
    assert steps == ["−18.0% 1.22× faster vs Old", "−99.98% 4,061× [3,744, 4,384] faster vs Baseline"]
    assert soup.caption.get_text() == "Optimization journey"


def test_journey_from_inline_columns():
    text = "caption: p99 in production\n\n| benchmark | v1 | v2 | v3 |\n|---|---|---|---|\n| p99 | 120 ms | 90 ms | 60 ms |"
    soup, _, _ = render("journey", text)
    cells = [[s.get_text(" ", strip=True) for s in td.select(".pb-step")] for td in soup.tbody.find_all("td")]
    assert cells == [[], ["−25.0% 1.33× faster (untested) vs v1"],
                     ["−50.0% 2.00× faster (untested) vs v1", "−33.3% 1.50× faster (untested) vs v2"]]


def test_environment_merges_files_and_what_the_author_states():
    text = ("file: google-benchmark-1.7.1/gbench_before_reps3.json, google-benchmark-1.7.1/gbench_after_reps3.json\n"
            "\nCPU governor: performance")
    soup, _, _ = render("environment", text, metadata={"environment": "Compiler: g++ 12.2.0"})
    table = {r[0]: r[1:] for r in rows(soup)}
    assert table["CPU governor"] == ["performance", "stated by the author"]
    assert table["Compiler"] == ["g++ 12.2.0", "stated by the author"]
    assert table["Google Benchmark build"] == [
        "debug", "google-benchmark-1.7.1/gbench_before_reps3.json, google-benchmark-1.7.1/gbench_after_reps3.json"]


def test_three_repetitions_are_too_few_as_compare_py_says():
    """compare.py: "U Test, Repetitions: 3 vs 3. WARNING: Results unreliable! 9+ repetitions recommended"."""
    text = ("before: google-benchmark-1.7.1/gbench_before_reps3.json\nafter: google-benchmark-1.7.1/gbench_after_reps3.json\n"
            "benchmarks: BM_StringAppend, BM_Fib/20\nmetrics: appends, time\nrate-counters: appends\n")
    soup, _, _ = render("bench", text)
    assert [r[-1] for r in rows(soup)] == ["3 vs 3 repetitions: too few for a test (p = 0.10)",
                                          "3 vs 3 repetitions: too few for a test (p = 0.20)",
                                          "3 vs 3 repetitions: too few for a test (p = 0.10)"]
    assert rows(soup)[0][2] == "1.016 ± 0.017 G/s"  # issue 12: its console printed 1015.66M/s


def test_chart_can_be_turned_off():
    soup, _, _ = render("bench", CRITERION_BLOCK + "chart: no")
    assert soup.find("svg") is None


def test_a_bench_figure_states_its_headline_candidate():
    soup, _, _ = render("bench", CRITERION_BLOCK)
    assert soup.figure["data-pb-headline"] == "4,061× faster (−99.98%)"
    listing, _, _ = render("bench", f"file: {CRITERION}#before")
    assert listing.figure["data-pb-headline"] == ""  # a bench block with nothing to claim says so
    memory, _, _ = render("memory", "before: go-1.19.8/go_bench_before.txt\nafter: go-1.19.8/go_bench_after.txt")
    assert not memory.figure.has_attr("data-pb-headline")  # the rule reads bench blocks only


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_renderer_is_registered(kind):
    assert callable(KINDS[kind].render)


def test_a_named_baseline_can_be_listed_on_its_own():
    """`file: tree#name` lists that Criterion baseline instead of the default (`new`)."""
    soup, _, _ = render("bench", f"file: {CRITERION}#before\nbenchmarks: fib 20\nchart: no")
    [[name, value]] = rows(soup)
    assert name == "fib 20"
    assert value == "22.0 ± 1.0 µs"  # before/estimates.json typical (slope)
    mean, _, _ = render("bench", f"file: {CRITERION}#before\nbenchmarks: fib 20\nchart: no\nestimate: mean")
    assert rows(mean)[0][1].startswith("21.13 ")  # its mean: 21129.157 ns
    soup, _, _ = render("bench", f"file: {CRITERION}\nbenchmarks: fib 20\nchart: no")
    assert rows(soup)[0][1].endswith(" ns")  # the default version is `new` (~5.2 ns)


def test_chart_is_wide_enough_for_its_longest_label_and_phone_sized_otherwise():
    from perfblog.benchdata.chart import CHAR_WIDTH, BarSpec, bar_chart

    label = "After: 147.7 MiB/s, 1.64× more throughput"
    chart = bar_chart([("top_words/small", [BarSpec(90.3, None, None, "before", "Before: 90.3 MiB/s"),
                                            BarSpec(147.7, None, None, "good", label)])])
    before, after = chart.groups[0].bars
    assert chart.width <= 390 - 2 * 16  # a phone's column: drawn unscaled, its 12 px text stays 12 px
    assert after.label == label and after.width < chart.width  # the longest bar fits, its whisker too
    assert chart.groups[0].label_y < before.label_y < before.y < after.label_y < after.y  # each label above its bar
    long = "A version with a very long name indeed: 147.7 MiB/s, 1.64× more throughput"
    wide = bar_chart([("row", [BarSpec(1.0, None, None, "good", long)])])
    assert wide.width >= CHAR_WIDTH * len(long)  # never clipped


def test_exact_counts_are_judged_without_a_statistical_test():
    table = "\n\n| benchmark | before (allocations) | after (allocations) |\n|---|---|---|\n| large | 601347 | 3206 |\n| tiny | 1000 | 1005 |"
    soup, _, _ = render("memory", "caption: Allocations per call\nexact: yes" + table)
    [large, tiny] = rows(soup)
    assert large[-1].endswith("fewer") and "untested" not in large[-1]
    assert tiny[-1] == "no significant change"  # +0.5% is under the 1% noise threshold
    assert "exact counts" in soup.get_text()
    with pytest.raises(PerfblogError, match="'exact' must be yes or no"):
        render("memory", "exact: maybe" + table)


def test_the_estimator_is_named_and_chosen():
    hf = "file: hyperfine-1.15.0/hf_two_commands.json\nbaseline: python3 slow.py\n"
    soup, _, _ = render("bench", hf)
    assert "Estimate: mean." in soup.select_one(".pb-bench-notes").get_text()  # hyperfine prints mean ± σ
    median, _, _ = render("bench", hf + "estimate: median")
    assert "Estimate: median." in median.select_one(".pb-bench-notes").get_text()
    assert rows(median)[0][1] != rows(soup)[0][1]
    with pytest.raises(PerfblogError, match="has no slope estimate; the data gives mean, median") as err:
        render("bench", hf + "estimate: slope")
    assert err.value.key == "estimate"


def test_criterion_estimators_by_name():
    base = f"file: {CRITERION}#before\nbenchmarks: fib 20\nchart: no\n"
    typical = rows(render("bench", base)[0])[0][1]
    assert rows(render("bench", base + "estimate: slope")[0])[0][1] == typical  # the typical value is the slope
    assert rows(render("bench", base + "estimate: median")[0])[0][1] != typical


def published(ctx, href: str) -> bytes:
    """What the build writes beside the page at the link ``href`` (bytes, or a copy of a data file)."""
    data = dict(ctx.files)[href]
    return data.read_bytes() if isinstance(data, Path) else data


def shown_cells(soup) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in soup.tbody.find_all("tr")]


def test_a_journey_offers_exactly_the_numbers_and_changes_it_shows_as_csv():
    import csv

    text = f"versions: Old = {CRITERION}#base, Baseline = {CRITERION}#before, Final = {CRITERION}#new\ncaption: Fib"
    soup, ctx, _ = render("journey", text)
    link = soup.find("a", string="the numbers shown, as CSV")
    table = list(csv.DictReader(published(ctx, link["href"]).decode().splitlines()))
    shown = shown_cells(soup)
    assert [r["benchmark"] for r in table] == [s[0] for s in shown] and len(table) == 4
    for row, cells in zip(table, shown):
        for label, cell in zip(("Old", "Baseline", "Final"), cells[1:]):
            value = f"{row[label + ' value']} ± {row[label + ' ±']} {row[label + ' unit']}"
            changes = [row[name] + name.partition(label)[2] for name in row if name.startswith(f"{label} vs ") and row[name]]
            assert cell == " ".join([value, *changes])  # the cell: its value, then each change "vs" the other
    assert set(table[0]) >= {"Final vs Old", "Final vs Baseline", "Baseline vs Old"} and "Baseline vs Baseline" not in table[0]


def test_tables_link_the_raw_files_their_numbers_came_from():
    soup, ctx, _ = render("bench", "before: catch2-2.13.10/report.xml\nafter: catch2-2.13.10/report.xml\nformat: catch2-xml")
    links = soup.select(".pb-bench-notes a[download]")
    raw = [a for a in links if a.get_text() == "catch2-2.13.10/report.xml"]
    assert len(raw) == 1 and raw[0]["href"].endswith(".xml.txt")  # served as text: an XML file could run scripts
    assert raw[0]["download"] == "catch2-2.13.10_report.xml.txt"  # saved under a name that says which
    assert published(ctx, raw[0]["href"]) == (FIXTURES / "catch2-2.13.10" / "report.xml").read_bytes()

    soup, ctx, _ = render("journey", f"versions: A = {CRITERION}#before, B = {CRITERION}#new\nbenchmarks: fib 20")
    names = [a.get_text() for a in soup.select(".pb-bench-notes p:-soup-contains('Raw data') a")]
    assert names == [f"{CRITERION}/fib 20/before/estimates.json", f"{CRITERION}/fib 20/new/estimates.json"]
    href = soup.find("a", string=names[1])["href"]
    assert href.endswith(".json") and published(ctx, href) == (FIXTURES / names[1]).read_bytes()

    soup, _, _ = render("memory", "\n| benchmark | before | after |\n|---|---|---|\n| peak | 3 MiB | 2 MiB |")
    assert "Raw data" not in soup.get_text()  # inline numbers have no file


def test_many_raw_files_fold_into_a_list_a_reader_opens():
    versions = ", ".join(f"{v} = {CRITERION}#{v}" for v in ("base", "before", "new"))
    soup, _, _ = render("journey", f"versions: {versions}\nbenchmarks: fib 20, fibonacci/recursive/10")
    folded = soup.select_one(".pb-bench-notes details")
    assert folded.summary.get_text() == "Raw data: 6 files"
    assert [a.get_text() for a in folded.select("a")][:2] == [f"{CRITERION}/fib 20/base/estimates.json",
                                                             f"{CRITERION}/fibonacci/recursive/10/base/estimates.json"]
