"""The results index: every post's headline result, sortable and filterable with and without JavaScript."""

from __future__ import annotations

import pytest

from browser import serve

POSTS = {"counting-words-faster", "parsing-timestamps-faster"}


def rows(page) -> list[str]:
    return [tr["id"].removeprefix("result-") for tr in page.select("table.results tbody tr")]


def test_every_post_with_a_headline_is_listed_newest_first(site):
    page = site.html("results/index.html")
    assert set(rows(page)) == POSTS
    assert rows(page) == ["parsing-timestamps-faster", "counting-words-faster"]
    cells = {tr["id"]: [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select("tbody tr")}
    assert cells["result-parsing-timestamps-faster"][1:4] == ["8.34× faster (−88.0%)", "fixed-width (time)", "hyperfine"]
    assert cells["result-counting-words-faster"][2:4] == ["top_words/large (time)", "criterion"]


def test_views_without_javascript_sort_by_gain_and_filter_by_tag(site):
    gain = site.html("results/by-gain/index.html")
    assert rows(gain) == ["parsing-timestamps-faster", "counting-words-faster"]  # 8.34× before 1.56×
    assert gain.find("a", attrs={"aria-current": "page"}).get_text() == "largest gain first"
    assert rows(site.html("results/tags/c/index.html")) == ["parsing-timestamps-faster"]
    assert rows(site.html("results/tags/rust/index.html")) == ["counting-words-faster"]


def test_a_posts_headline_links_to_its_row(site):
    link = site.html("posts/counting-words-faster/index.html").find("a", class_="headline")
    assert link["href"].endswith("results/#result-counting-words-faster")


@pytest.mark.browser
def test_with_javascript_the_table_sorts_and_filters_in_place(site, browser):
    with serve(site.output) as base:
        page = browser.new_page()
        try:
            page.goto(f"{base}results/")
            order = lambda: page.eval_on_selector_all("tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.id)")
            page.get_by_role("button", name="Date").click()  # descending: newest first
            assert order() == ["result-parsing-timestamps-faster", "result-counting-words-faster"]
            page.get_by_role("button", name="Date").click()
            assert order() == ["result-counting-words-faster", "result-parsing-timestamps-faster"]
            page.get_by_label("Filter rows").fill("rust")
            assert order() == ["result-counting-words-faster"]
        finally:
            page.close()


def test_by_gain_puts_the_largest_factor_first_and_headlines_without_numbers_last():
    from datetime import datetime
    from types import SimpleNamespace

    from perfblog.blocks import Result
    from perfblog.glue.results import by_gain

    def post(name, factor, day):
        result = Result("b", "time", factor, 1 / factor - 1, "faster") if factor else None
        return SimpleNamespace(name=name, result=result, date=datetime(2026, 1, day))

    posts = [post("small", 1.2, 3), post("words", None, 4), post("big", 9.0, 1), post("mid", 3.0, 2)]
    assert [p.name for p in sorted(posts, key=by_gain)] == ["big", "mid", "small", "words"]
