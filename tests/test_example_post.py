"""The example post as a reader sees it: every block is there, and every number matches its file.

The expected values are computed here from the committed tool output in the post's folder
(Criterion's estimates.json, the counting allocator's allocs.txt, GNU time's peak-rss.txt,
the perf script profiles), independently of the renderers, and compared with the text of
the built page.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POST_DIR = ROOT / "content" / "posts" / "2026-11-27-word-count"
CRITERION = POST_DIR / "data" / "criterion" / "top_words"
POST = "posts/counting-words-faster/index.html"
BENCHMARKS = ["top_words/small", "top_words/large"]
MINUS = "\u2212"

#: The journey's columns: label shown -> Criterion baseline, in the order the post lists them.
JOURNEY = {
    "v0": "v0-baseline",
    "v1": "v1-no-alloc-rerun",
    "v2": "v2-fast-hash",
    "final": "final",
    "v3 (dead end)": "v3-btreemap",
}


# --- reading the committed files -------------------------------------------------------


def estimate(bench: str, version: str, kind: str = "typical") -> tuple[float, float, float]:
    """(point, low, high) of ``kind`` from a Criterion estimates.json, in ns (or a ratio for change/).

    "typical" is what Criterion prints as time: the slope under linear sampling, else the mean.
    """
    estimates = json.loads((CRITERION / bench.split("/")[1] / version / "estimates.json").read_text())
    data = estimates[kind] if kind != "typical" else estimates.get("slope") or estimates["mean"]
    ci = data["confidence_interval"]
    return data["point_estimate"], ci["lower_bound"], ci["upper_bound"]


def leaf_counts(profile: str) -> tuple[dict[str, int], int]:
    """Self (leaf-frame) samples per function of a perf script file, like data/perf-summary.txt Part 1."""
    counts: dict[str, int] = {}
    total = 0
    expect_leaf = False
    for line in (POST_DIR / "profiles" / profile).read_text().splitlines():
        if "cpu-clock:" in line:
            total += 1
            expect_leaf = True
        elif expect_leaf and line.strip():
            name = re.sub(r"\+0x[0-9a-f]+ \(.*$", "", line.strip().split(" ", 1)[1])
            counts[name] = counts.get(name, 0) + 1
            expect_leaf = False
    return counts, total


# --- formatting, by the rule documented in perfblog/benchdata/format.py ----------------


def supported_digits(value: float, half_width: float) -> int:
    """Significant digits the spread supports: up to its second significant digit."""
    return max(1, math.floor(math.log10(abs(value))) - math.floor(math.log10(half_width)) + 2)


def time_text(point: float, low: float, high: float, digits: int) -> str:
    """'28.43 ± 0.17 ms' for a value in ns shown with ``digits`` significant digits."""
    for unit, factor in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1.0)):
        if point >= factor:
            break
    scaled = point / factor
    decimals = max(digits - 1 - math.floor(math.log10(scaled)), 0)
    return f"{scaled:.{decimals}f} ± {(high - low) / 2 / factor:.{decimals}f} {unit}"


def shown_time(bench: str, version: str) -> str:
    """A table cell: the typical time to the digits its own interval supports."""
    point, low, high = estimate(bench, version)
    return time_text(point, low, high, min(4, supported_digits(point, (high - low) / 2)))


def factor_text(change: float, low: float, high: float) -> str:
    """'1.56× [1.55, 1.57]' for a Criterion change of the time and its interval."""
    return f"{1 / (1 + change):.2f}× [{1 / (1 + high):.2f}, {1 / (1 + low):.2f}]"


def pct(x: float) -> str:
    """'−35.8%': one decimal, a true minus sign."""
    return f"{'+' if x > 0 else MINUS}{abs(x) * 100:.1f}%"


# --- the page --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(site):
    assert site.error is None, site.problems()
    return site.html(POST)


@pytest.fixture(scope="module")
def prose(page):
    return page.find("div", class_="prose")


def text(node) -> str:
    return node.get_text(" ", strip=True)


def bench_figures(prose):
    return prose.select("figure.pb-bench")


def figure_by_caption(prose, start: str):
    found = [f for f in prose.select("figure.pb-figure") if f.find("caption") and text(f.find("caption")).startswith(start)]
    assert len(found) == 1, f"{len(found)} tables whose caption starts with {start!r}"
    return found[0]


def body_rows(figure) -> list[list[str]]:
    return [[text(c) for c in tr.find_all(["th", "td"])] for tr in figure.find("tbody").find_all("tr")]


def header_cells(figure) -> list[str]:
    return [text(th) for th in figure.find("thead").find_all("th")]


# --- the tests -------------------------------------------------------------------------


def test_build_log_has_no_warnings(site):
    assert site.error is None
    assert site.problems() == []


def test_every_table_has_a_caption_and_no_hand_typed_table_is_left(prose):
    tables = prose.find_all("table")
    captions = [text(t.caption) for t in tables if t.caption]
    assert len(captions) == len(tables) == 14, captions  # bench, memory (heap and RSS), journey, hot functions, environment
    assert all(len(c) > 20 for c in captions)
    # every table in the post is a rendered block: no plain Markdown table survives
    assert all(t.find_parent("figure", class_="pb-figure") for t in tables)
    source = (POST_DIR / "index.md").read_text()
    outside_blocks = re.sub(r"```(bench|memory|journey|environment)\n.*?```", "", source, flags=re.S)
    assert not re.search(r"^\|.*\|\s*$", outside_blocks, flags=re.M)
    # and the hand-typed call tree is gone: the Function Call Stack is a calltree block
    assert "├──" not in outside_blocks
    assert prose.select_one("figure.pb-calltree pre").get_text().count("wordcount::top_words_v0") == 1


def test_headline_is_criterions_final_vs_v0_on_the_large_corpus(site, page, prose):
    change, low, high = estimate("top_words/large", "change")
    expected = f"{1 / (1 + change):.2f}× faster ({pct(change)})"
    assert expected == "1.56× faster (−35.8%)"
    assert text(page.select_one("article header .headline")) == expected
    card = site.html("index.html").find("a", href=re.compile(r"posts/counting-words-faster/$")).find_parent("li")
    assert text(card.select_one(".headline")) == expected
    # no Headline: metadata: the badge comes from the documented rule, i.e. the first bench block,
    # which is the TL;DR's one-row comparison that the title's 1.56× refers to
    assert not re.search(r"^Headline:", (POST_DIR / "index.md").read_text(), flags=re.M | re.I)
    first = bench_figures(prose)[0]
    assert first.find_parent("div", class_="prose") and first.find_previous("h2").get_text().startswith("TL;DR")
    assert body_rows(first) == [[
        "top_words/large",
        shown_time("top_words/large", "v0-baseline"),
        shown_time("top_words/large", "new"),
        f"{pct(change)} {factor_text(change, low, high)} faster",
    ]]
    assert "Criterion's own test" in text(first)


def test_initial_baseline_lists_the_saved_v0_baseline(prose):
    source = (POST_DIR / "index.md").read_text()
    block = re.search(r"### Initial Baseline\n.*?```bench\n(.*?)```", source, flags=re.S).group(1)
    assert "file: data/criterion#v0-baseline" in block.splitlines()
    assert not re.search(r"^\|", block, flags=re.M)  # no hand-copied numbers left
    figure = figure_by_caption(prose, "v0 baseline")
    assert body_rows(figure) == [[b, shown_time(b, "v0-baseline")] for b in BENCHMARKS]
    assert body_rows(figure)[1][1] == "28.43 ± 0.17 ms"
    assert "data/criterion#v0-baseline" in text(figure)


@pytest.mark.parametrize(
    ("caption", "before", "after"),
    [
        ("Attempt 1", "v0-baseline", "v1-no-alloc-rerun"),
        ("Attempt 2", "v1-no-alloc-rerun", "v2-fast-hash"),
        ("Attempt 3", "v1-no-alloc-rerun", "v3-btreemap"),
        ("Attempt 4", "v2-fast-hash", "final"),
    ],
)
def test_each_attempt_shows_its_two_baselines(prose, caption, before, after):
    figure = figure_by_caption(prose, caption)
    rows = body_rows(figure)
    assert [r[0] for r in rows] == BENCHMARKS
    for side, version in ((1, before), (2, after)):
        assert [r[side] for r in rows] == [shown_time(b, version) for b in BENCHMARKS]
    for row, bench in zip(rows, BENCHMARKS):
        ratio = estimate(bench, after, "mean")[0] / estimate(bench, before, "mean")[0]  # Criterion compares means
        word = "faster" if ratio < 1 else "slower"
        assert row[3] == f"{pct(ratio - 1)} {max(ratio, 1 / ratio):.2f}× {word}"
    assert f"data/criterion#{before}, data/criterion#{after}" in text(figure)


def test_performance_comparison_uses_criterions_change_and_verdict(prose):
    figure = figure_by_caption(prose, "Final vs v0")
    rows = body_rows(figure)
    assert [r[:2] for r in rows] == [[b, m] for b in BENCHMARKS for m in ("time", "throughput")]
    for bench in BENCHMARKS:
        change, low, high = estimate(bench, "change")
        time_row, throughput_row = (r for r in rows if r[0] == bench)
        assert time_row[4] == f"{pct(change)} {factor_text(change, low, high)} faster"
        assert throughput_row[4] == f"{pct(1 / (1 + change) - 1)} {factor_text(change, low, high)} more throughput"
        # Criterion's change point is the relative change of the two means on disk
        means = [estimate(bench, v, "mean")[0] for v in ("new", "v0-baseline")]
        assert math.isclose(means[0] / means[1] - 1, change, rel_tol=1e-9)
    verdicts = figure.select(".pb-verdict")
    assert len(verdicts) == 4 and all("test: criterion" in v["title"] for v in verdicts)
    assert all("pb-good" in v["class"] for v in verdicts)
    assert "Significance: Criterion's own test" in text(figure)
    # throughput: corpus bytes (benchmark.json) per mean CPU second
    amount = json.loads((CRITERION / "large" / "new" / "benchmark.json").read_text())["throughput"]["Bytes"]
    mib_s = amount * 1e9 / estimate("top_words/large", "new")[0] / 2**20  # over the typical time
    assert rows[3][3].startswith(f"{mib_s:.1f} ± ") and rows[3][3].endswith("MiB/s")


def test_journey_lists_the_five_versions_in_order_with_changes(prose):
    figure = prose.select_one("figure.pb-journey")
    assert header_cells(figure) == ["Benchmark", *JOURNEY]
    rows = body_rows(figure)
    assert [r[0] for r in rows] == BENCHMARKS
    labels, versions = list(JOURNEY), list(JOURNEY.values())
    for col, version in enumerate(versions, start=1):
        for row, bench in zip(rows, BENCHMARKS):
            cell = row[col]
            assert cell.startswith(shown_time(bench, version)), cell
            if col > 1:
                ratio = estimate(bench, version, "mean")[0] / estimate(bench, "v0-baseline", "mean")[0]
                assert f"{pct(ratio - 1)} " in cell and "vs v0" in cell
            if col > 2:
                assert f"vs {labels[col - 2]}" in cell
    # the dead end is slower than everything before it, and says so in words
    assert all("slower" in r[-1] for r in rows)


def test_environment_values_come_from_environment_txt(prose):
    recorded = (POST_DIR / "data" / "environment.txt").read_text()
    figure = figure_by_caption(prose, "Test machine and tools")
    rows = body_rows(figure)
    assert len(rows) >= 10
    for key, value, _source in rows:
        assert value in recorded, (key, value)
    assert "data/environment.txt" in text(figure.caption)


def test_hot_functions_match_the_perf_script_files(prose):
    figure = figure_by_caption(prose, "Hot functions of v0")
    rows = {r[0]: r[1:] for r in body_rows(figure)}
    assert len(rows) == 12
    before, before_total = leaf_counts("before.perf.txt")
    after, after_total = leaf_counts("after.perf.txt")
    assert (before_total, after_total) == (1508, 1507)
    for name in ("core::hash::BuildHasher::hash_one", "__memcmp_evex_movbe", "<str>::to_lowercase", "malloc"):
        assert rows[name][0] == f"{100 * before[name] / before_total:.1f}%", name
    get_mut = "hashbrown::map::HashMap<K,V,S,A>::get_mut"
    assert rows[get_mut][:3] == ["0%", f"{100 * after[get_mut] / after_total:.1f}%",
                                 f"+{100 * after[get_mut] / after_total:.1f} pp, new"]
    v3 = figure_by_caption(prose, "Hot functions of v3")
    counts, total = leaf_counts("v3-btreemap.perf.txt")
    assert body_rows(v3)[0][:2] == ["wordcount::top_words_v3", f"{100 * counts['wordcount::top_words_v3'] / total:.1f}%"]


def test_two_independent_flame_graphs_and_a_diff(site, page, prose):
    graphs = prose.select("figure.pb-flame")
    plain = [g for g in graphs if not g.select_one(".pb-flame-legend")]
    diffs = [g for g in graphs if g.select_one(".pb-flame-legend")]
    assert len(plain) == 2 and len(diffs) == 1
    ids = [g["id"] for g in graphs]
    assert len(set(ids)) == 3
    for graph in graphs:  # every graph's ids carry its own prefix: nothing shared between graphs
        svg = graph.find("svg")
        assert svg["aria-labelledby"] == graph["id"] + "-cap" and graph.find(id=graph["id"] + "-cap")
        assert len(svg.find_all("g")) > 20
    all_ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))
    assert "1,508 samples" in text(plain[0].figcaption) and "1,507 samples" in text(plain[1].figcaption)
    assert "frame pointer" in text(plain[0].figcaption)  # the misleading allocator frames are explained
    # the diff was drawn, not refused: v0's function is renamed to the final one's so the
    # call trees line up, and the caption says so and why it must be read with care
    assert not prose.select(".pb-flame-mismatch, .pb-flame-warning")
    source = (POST_DIR / "index.md").read_text()
    diff_block = re.search(r"```flamegraph-diff\n(.*?)```", source, flags=re.S).group(1)
    assert "rename: wordcount::top_words_v0 = wordcount::top_words_final" in diff_block.splitlines()
    assert "renamed" in text(diffs[0].figcaption)
    grew = [g.title.get_text() for g in diffs[0].select("g.g5, g.g4")]  # something grew a lot
    assert grew and grew[0].startswith("hashbrown::map::HashMap<K,V,S,A>::get_mut")

    assert not prose.select("figure.pb-external-flame, iframe")  # no flamegraph.pl SVG, no sandboxed frame


def test_the_image_pair_is_criterions_own_plots(site, prose):
    pair = prose.select_one("figure.pb-compare")
    images = pair.select(".pb-compare-item img")
    assert [Path(i["src"]).name for i in images] == ["large-v0-pdf.svg", "large-final-pdf.svg"]
    assert all(len(i["alt"]) > 40 for i in images) and images[0]["alt"] != images[1]["alt"]
    assert [text(c) for c in pair.select(".pb-compare-item figcaption")] == ["Before (v0)", "After (final)"]
    assert pair.select_one(".pb-compare-controls")  # same size, so the slider is offered
    for image in images:
        assert (site.output / "posts" / "counting-words-faster" / image["src"]).resolve().is_file()
    # the caption says these are separate runs and quotes their means from Criterion's own output
    caption = text(pair.find("figcaption", recursive=False))
    assert "separate runs" in caption
    for name in ("plots-v0.stdout.txt", "plots-final-vs-v0.stdout.txt"):
        stdout = (POST_DIR / "data" / "plots" / name).read_text()
        mean = re.search(r"top_words/large\s+time:\s+\[\S+ \S+ (\S+) (ms)", stdout)
        assert f"{mean.group(1)} {mean.group(2)}" in caption, name
        assert f"data/plots/{name}" in caption


def test_plots_are_script_free_svgs_documented_in_the_readme():
    readme = (POST_DIR / "data" / "README.md").read_text()
    plots = sorted((POST_DIR / "data" / "plots").glob("*.svg"))
    assert [p.name for p in plots] == ["large-both-pdf.svg", "large-final-pdf.svg", "large-v0-pdf.svg"]
    sizes = set()
    for path in plots:
        svg = path.read_text()
        elements = set(re.findall(r"<([A-Za-z][\w:-]*)", svg))
        assert elements <= {"svg", "rect", "text", "polyline", "polygon", "circle"}, (path.name, elements)
        assert not re.search(r"<script|\bon\w+\s*=|href|/home/|/root/|/tmp/", svg, flags=re.I), path.name
        sizes.add(re.search(r'<svg width="(\d+)" height="(\d+)"', svg).groups())
        assert f"`plots/{path.name}`" in readme
    assert sizes == {("960", "540")}
    assert "Criterion.rs 0.3.6" in readme and "plotters" in readme and "--save-baseline v0-plots" in readme
    # the flamegraph.pl output and its CDDL script are gone for good
    assert not list((POST_DIR / "profiles").glob("*.svg"))
    source = (POST_DIR / "index.md").read_text() + readme
    assert "flamegraph.pl" not in source and "flamegraph-svg" not in source


def test_prose_times_are_the_rendered_means(prose):
    """Every time quoted in the prose is one the tables show (or names its file)."""
    shown = {f"{text(v)} {text(v.find_next_sibling(class_='pb-u'))}"
             for v in prose.select("table .pb-v") if v.find_next_sibling(class_="pb-u")}
    body = " ".join(text(p) for p in prose.find_all(["p", "li"], recursive=True)
                    if not p.find_parent("figure"))
    quoted = re.findall(r"(\d[\d,.]*\.\d+) (ms|µs)", body)
    assert quoted
    # differences of two shown times, with the subtraction written next to them in the prose
    derived = {"2.38 ms": ("20.84 ms", "18.46 ms")}
    for value, (a, b) in derived.items():
        assert a in shown and b in shown and f"{float(a.split()[0]) - float(b.split()[0]):.2f} ms" == value
    for number, unit in quoted:
        value = f"{number} {unit}"
        named_file = "676.2 µs" == value  # the first v1 run, quoted with its estimates.json path
        assert value in shown or value in derived or named_file, value
    first_v1 = estimate("top_words/small", "v1-no-alloc", "mean")  # the prose quotes its mean
    assert "676.2 µs" in body and f"{first_v1[0] / 1e3:.1f}" == "676.2"
