"""Reading on screens: captions never clipped, a visible cue where a table scrolls sideways."""

from __future__ import annotations

import pytest

from browser import serve

pytestmark = pytest.mark.browser

POST = "posts/counting-words-faster/"


@pytest.fixture(scope="module")
def base(site):
    with serve(site.output) as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_no_table_caption_is_cut_by_its_box(base, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(base + POST)
        cut = page.evaluate("""() => [...document.querySelectorAll('.pb-scroll caption')].filter(c => {
            const box = c.closest('.pb-scroll').getBoundingClientRect(), r = c.getBoundingClientRect();
            return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
        }).map(c => c.textContent.trim().slice(0, 60))""")
        assert cut == [], f"captions wider than their box at {width} px"
    finally:
        page.close()


def test_a_table_that_scrolls_on_a_phone_shows_a_cue(base, browser):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(base + POST)
        boxes = page.evaluate("""() => [...document.querySelectorAll('.pb-scroll')]
            .filter(b => b.scrollWidth > b.clientWidth + 1)
            .map(b => getComputedStyle(b).backgroundImage)""")
        assert boxes, "no table scrolls at 390 px: this test checks nothing"
        assert all(image.count("radial-gradient") == 2 for image in boxes)
    finally:
        page.close()


def test_every_block_figure_has_a_permalink_to_itself(site):
    page = site.html("posts/counting-words-faster/index.html")
    figures = page.select("figure.pb-figure[id]")
    assert len(figures) > 5
    for figure in figures:
        link = figure.find("a", class_="pb-permalink", recursive=False)
        assert link and link["href"] == f"#{figure['id']}" and link["aria-label"] == "Link to this figure"


def test_a_bench_table_offers_exactly_its_numbers_as_csv(site):
    import csv

    page = site.html("posts/parsing-timestamps-faster/index.html")
    figure = page.select_one("figure.pb-bench")
    link = figure.find("a", string="the numbers shown, as CSV")
    rows = list(csv.DictReader((site.output / "posts" / "parsing-timestamps-faster" / link["href"]).open()))
    shown = [[td.get_text(" ", strip=True) for td in tr.find_all(["th", "td"])] for tr in figure.select("tbody tr")]
    assert [r["benchmark"] for r in rows] == [s[0] for s in shown] == ["sscanf", "strptime", "fixed-width"]
    for row, cells in zip(rows, shown):
        value = f"{row['Time value']} ± {row['Time ±']} {row['Time unit']}"
        assert cells[1] == value and (row["verdict"] in cells[2])
