"""The annotate block: real callgrind_annotate and line_profiler output, costs in the text."""

from __future__ import annotations

from bs4 import BeautifulSoup

from flamehelp import FIXTURES, render
from perfblog.flame.formats.callgrind_annotate import read_callgrind_annotate
from perfblog.flame.formats.line_profiler import read_line_profiler


def test_callgrind_annotate_line_costs_include_their_calls():
    (listing,) = read_callgrind_annotate(FIXTURES / "tsparse-v0.callgrind-annotate.txt")
    assert listing.total == 27_874_445_482 and listing.unit == "instructions"
    sscanf = listing.lines[6]
    assert sscanf.number == 7 and sscanf.code.startswith("    sscanf(s, ")
    assert sscanf.cost == 72_000_004 + 20_482_634_751 + 756  # the line, then its two '=>' calls
    assert listing.lines[7].cost is None  # the call's second line has no cost


def test_line_profiler_report():
    (listing,) = read_line_profiler(FIXTURES / "wordcount.line-profiler.txt")
    assert (listing.name, listing.file, listing.unit) == ("count_with_list", "wc_lp.py", "µs")
    assert [line.cost for line in listing.lines[4:6]] == [5_564_630.8, 9_043_937.1]
    assert round(listing.total, 1) == 14_667_488.1


def rows(listing) -> list[list[str]]:
    return [[span.text for span in line.find_all("span", recursive=False)]
            for line in listing.select(".pb-annotate-line")]


def test_before_and_after_side_by_side_with_hot_lines_marked(content):
    body = "before: tsparse-v0.callgrind-annotate.txt\nafter: tsparse-v1.callgrind-annotate.txt"
    html, ctx = render("annotate", body, content)
    soup = BeautifulSoup(html, "html.parser")
    before, after = soup.select(".pb-annotate-listing")
    assert before.select_one(".pb-annotate-name").text == "Before tsparse_v0.c"
    hot = before.select(".pb-annotate-line.hot")
    assert [r[:3] for r in rows(before) if r[0] == "7"] == [["7", "20,554,635,511", "73.7% hot"]]
    assert "h5" in hot[0]["class"] and "sscanf" in hot[0].code.text
    assert '<code>    <span class="n">sscanf</span>' in html  # highlighted, indentation as written
    assert soup.figcaption.text == ("Cost per line (instructions: Ir, including the calls each line makes) and its share; "
                                      "lines of at least 5.0% are marked hot.")
    assert ctx.assets == {"flame.css"}


def test_cold_runs_fold_and_the_function_is_chosen(content):
    html, _ = render("annotate", "file: wordcount.line-profiler.txt\nhot: 10%\ncontext: 0", content)
    soup = BeautifulSoup(html, "html.parser")
    assert [r[:3] for r in rows(soup) if "hot" in r[2]] == [["15", "5,564,630.8", "37.9% hot"],
                                                             ["16", "9,043,937.1", "61.7% hot"]]
    folds = [d.summary.text for d in soup.select("details.pb-annotate-fold")]
    assert folds == ["lines 11–14: 4 cold lines", "lines 17–21: 5 cold lines"]
    assert soup.select_one(".pb-annotate-line code span")  # highlighted by Pygments


def test_every_line_shown_is_in_the_csv_with_its_code_and_the_listing_is_linked(content):
    import csv
    import io

    body = "before: tsparse-v0.callgrind-annotate.txt\nafter: tsparse-v1.callgrind-annotate.txt"
    html, ctx = render("annotate", body, content)
    soup = BeautifulSoup(html, "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select(".pb-data-notes a[download]")}
    table = list(csv.DictReader(io.StringIO(dict(ctx.files)[links["the numbers shown, as CSV"]].decode())))
    shown = [r for listing in soup.select(".pb-annotate-listing") for r in rows(listing)]
    assert [[r["line"], r["cost"], r["share"] + (" hot" if r["hot"] else "")] for r in table] == [s[:3] for s in shown]
    sscanf = next(r for r in table if r["listing"] == "Before" and r["line"] == "7")
    assert sscanf["code"].startswith("    sscanf(s, ") and sscanf["unit"] == "instructions"
    assert dict(ctx.files)[links["tsparse-v0.callgrind-annotate.txt"]].read_bytes() == \
        (FIXTURES / "tsparse-v0.callgrind-annotate.txt").read_bytes()
