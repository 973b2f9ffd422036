"""Every profile figure links the numbers it shows, as CSV, and the profile it was read from."""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup

from flamehelp import FIXTURES, render
from perfblog.blocks.context import csv_bytes


def links(html: str) -> dict[str, str]:
    """Link text → href of the data notes under the figures."""
    soup = BeautifulSoup(html, "html.parser")
    return {a.get_text(): a["href"] for a in soup.select(".pb-data-notes a[download]")}


def table(ctx, href: str) -> list[dict[str, str]]:
    data = dict(ctx.files)[href]
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_a_flame_graph_links_its_frames_as_csv_and_its_profile(content):
    html, ctx = render("flamegraph", "file: perf-before.folded", content)
    found = links(html)
    rows = table(ctx, found["the numbers shown, as CSV"])
    titles = [g.title.get_text() for g in BeautifulSoup(html, "html.parser").select("svg g")]
    assert len(rows) == len(titles) > 10
    for row, title in zip(rows, titles):  # the same numbers each frame's tooltip shows, in drawing order
        assert title.startswith(row["function"]) and row["share of all"] in title and row["total"] in title
        assert row["call path"].split(";")[-1] == row["function"]
    assert rows[0]["depth"] == "0" and rows[0]["share of all"] == "100.0%"
    raw = found["perf-before.folded"]
    assert raw.endswith(".folded.txt")  # served as text, whatever the suffix
    assert dict(ctx.files)[raw].read_bytes() == (FIXTURES / "perf-before.folded").read_bytes()


def test_a_diff_graph_csv_has_each_frames_change(content):
    html, ctx = render("flamegraph-diff", "before: perf-before.folded\nafter: perf-after.folded", content)
    found = links(html)
    rows = table(ctx, found["the numbers shown, as CSV"])
    titles = [g.title.get_text() for g in BeautifulSoup(html, "html.parser").select("svg g")]
    assert len(rows) == len(titles)
    for row, title in zip(rows, titles):
        assert f"{row['self before']} → {row['self after']} ({row['self change']})" in title
    assert {"perf-before.folded", "perf-after.folded"} <= set(found)


def test_side_by_side_graphs_each_link_their_frames_and_the_profiles_once(content):
    body = "before: tsparse-v0.perf.txt\nafter: pyspy-after.folded\nfallback: side-by-side"
    html, ctx = render("flamegraph-diff", body, content)
    soup = BeautifulSoup(html, "html.parser")
    csvs = [a["href"] for a in soup.select(".pb-data-notes a") if a.get_text() == "the numbers shown, as CSV"]
    assert [h.rsplit("-", 1)[-1] for h in csvs] == ["before.csv", "after.csv"]
    raw = [a.get_text() for a in soup.select(".pb-data-notes a") if a.get_text() != "the numbers shown, as CSV"]
    assert raw == ["tsparse-v0.perf.txt", "pyspy-after.folded"]


def test_hot_functions_csv_is_the_table(content):
    html, ctx = render("hotfunctions", "before: perf-before.folded\nafter: perf-after.folded\ntop: 5", content)
    soup = BeautifulSoup(html, "html.parser")
    shown = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in soup.select("tbody tr")]
    rows = table(ctx, links(html)["the numbers shown, as CSV"])
    assert [list(r.values()) for r in rows] == shown and len(shown) == 5
    assert list(rows[0]) == ["function", "self before", "self after", "self change", "total before", "total after",
                             "total change"]


def test_call_tree_csv_has_one_row_per_line(content):
    html, ctx = render("calltree", "file: perf-before.folded\ndepth: 3", content)
    lines = BeautifulSoup(html, "html.parser").select_one("pre").get_text().splitlines()
    rows = table(ctx, links(html)["the numbers shown, as CSV"])
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines):
        assert row["function"] in line and line.rstrip().endswith(row["self share"] or row["share of all"])
    assert max(int(r["level"]) for r in rows) <= 4  # summaries sit one level below the last shown


def test_csv_cells_a_spreadsheet_would_run_are_made_inert():
    rows = list(csv.reader(io.StringIO(csv_bytes(["a"], [["=cmd|' /C calc'!A0"], ["@SUM(A1)"], ["-5.2"], ["+12%"],
                                                          ["-2+3=1"], ["main"]]).decode())))
    assert [r[0] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "'@SUM(A1)", "-5.2", "+12%", "'-2+3=1", "main"]


def test_csv_cells_read_back_as_written():
    """What the csv module reads is what went in: commas, quotes, line breaks, a lone empty cell."""
    cells = [["f(a, b)", 'say "hi"', "two\nlines", "cr\rhere"], [""], ["", ""], ["1,234", "12.5%", "é → ü"]]
    data = csv_bytes(["=HYPERLINK(x)", "b"], cells)
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert rows == [["'=HYPERLINK(x)", "b"], *cells]
    assert data.count(b"\n") == len(cells) + 2  # the break inside a quoted cell, and one per row
