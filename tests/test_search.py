"""Search: Pagefind's index built by the production build, used in a real browser under a subpath."""

from __future__ import annotations

import pytest

from browser import serve
from sitebuild import ROOT, build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("search") / "out"
    output.mkdir()
    with serve(output, "/blog/") as base:
        built = build_site(ROOT / "publishconf.py", output, env={"SITEURL": base.rstrip("/")})
        assert built.error is None, built.problems()
        yield base


def test_the_production_build_writes_an_index_of_post_bodies(site, tmp_path_factory):
    folder = next(p for p in tmp_path_factory.getbasetemp().rglob("out") if (p / "pagefind").is_dir())
    assert (folder / "pagefind" / "pagefind-ui.js").is_file() and any((folder / "pagefind").glob("pagefind*.pf_meta"))


@pytest.mark.browser
def test_a_search_finds_the_post_and_shows_its_headline_under_the_subpath(site, browser):
    page = browser.new_page()
    try:
        page.goto(f"{site}search/")
        page.get_by_label("Search the posts").fill("hashing")  # labelled, not only titled
        result = page.locator(".pagefind-ui__result-link").first
        result.wait_for(timeout=10000)
        assert "Counting words" in result.inner_text() and "faster" in result.inner_text()  # title — headline
        assert result.get_attribute("href").startswith(f"{site}posts/counting-words-faster/")
    finally:
        page.close()


@pytest.mark.browser
def test_without_javascript_search_says_so(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}search/")
        assert "Search needs JavaScript" in page.inner_text("main")
    finally:
        context.close()
