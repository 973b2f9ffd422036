"""Series: part navigation on each part, a page per series, and the sitemap."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sitebuild import ROOT, build_site


def part(content: Path, slug: str, date: str, series: str | None, extra: str = "") -> None:
    folder = content / "posts" / slug
    folder.mkdir(parents=True)
    meta = f"Series: {series}\n" if series else ""
    (folder / "index.md").write_text(f"Title: {slug.title()}\nDate: {date}\nSlug: {slug}\n{meta}{extra}\nText.\n")


def test_parts_link_each_other_in_order_and_the_series_has_a_page(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    part(content, "one", "2026-01-01", "JSON speed")
    part(content, "three", "2026-01-02", "JSON speed", "Series_part: 3\n")
    part(content, "two", "2026-01-03", "JSON speed", "Series_part: 2\n")
    part(content, "alone", "2026-01-04", None)
    site = build_site(ROOT / "publishconf.py", tmp_path / "out", env={"SITEURL": "https://x.example"},
                      overrides={"PATH": str(content)})
    assert site.error is None, site.problems()
    nav = site.html("posts/two/index.html").find("nav", class_="series-nav")
    assert nav["aria-label"] == "Series: JSON speed"
    assert nav.find("strong").get_text() == "Part 1 of 3"  # numbered parts first, by number; then by date
    assert [li.get_text(strip=True) for li in nav.find("ol").find_all("li")] == ["Two", "Three", "One"]
    assert nav.find("a", rel="next")["href"] == "https://x.example/posts/three/"
    assert site.html("posts/alone/index.html").find("nav", class_="series-nav") is None
    page = site.html("series/json-speed/index.html")
    assert [a.get_text() for a in page.select("ol.series-parts a")] == ["Two", "Three", "One"]
    assert "https://x.example/series/json-speed/" in (tmp_path / "out" / "sitemap.xml").read_text()


def test_a_theme_without_perfblogs_pages_still_builds(tmp_path):
    """Another theme has no series.html or results.html: those pages are simply not written."""
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    part(content, "one", "2026-01-01", "JSON speed")
    site = build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides={"PATH": str(content), "THEME": "notmyidea", "TEMPLATE_PAGES": {}})
    assert site.error is None, site.problems()
    assert (tmp_path / "out" / "posts" / "one" / "index.html").exists()
    assert not (tmp_path / "out" / "series").exists() and not (tmp_path / "out" / "results").exists()


def test_a_draft_or_hidden_part_is_not_navigated_to(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    part(content, "one", "2026-01-01", "JSON speed")
    part(content, "wip", "2026-01-02", "JSON speed", "Status: draft\n")
    part(content, "secret", "2026-01-03", "JSON speed", "Status: hidden\n")
    site = build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides={"PATH": str(content)})
    assert site.error is None, site.problems()
    assert [li.get_text(strip=True) for li in site.html("posts/one/index.html").select(".series-nav ol li")] == ["One"]
    for page in ("drafts/wip/index.html", "posts/secret/index.html"):
        assert site.html(page).find("nav", class_="series-nav") is None
