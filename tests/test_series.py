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


HYPERFINE = ROOT / "tests" / "fixtures" / "bench" / "hyperfine-1.15.0" / "hf_two_commands.json"
MEASURED = "```bench\nfile: data/hf.json\nbaseline: python3 slow.py\n```\n"
SERIES_JOURNEY = "```journey\nseries: yes\ncaption: Where the series got\n```\n"


def measured_part(content: Path, slug: str, date: str, body: str, extra: str = "") -> None:
    """A part whose headline comes from real hyperfine output (python3 slow.py vs fast.py)."""
    part(content, slug, date, "JSON speed", extra)
    (content / "posts" / slug / "data").mkdir()
    (content / "posts" / slug / "data" / "hf.json").write_bytes(HYPERFINE.read_bytes())
    index = content / "posts" / slug / "index.md"
    index.write_text(index.read_text() + "\n" + body)


def journey_rows(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


def test_a_journey_spans_the_published_parts_of_the_series(tmp_path):
    import csv

    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    measured_part(content, "one", "2026-01-01", MEASURED)
    part(content, "two", "2026-01-02", "JSON speed", "Headline: 2× fewer allocations\n")
    part(content, "three", "2026-01-03", "JSON speed")
    measured_part(content, "wip", "2026-01-04", MEASURED + SERIES_JOURNEY, "Status: draft\n")
    measured_part(content, "four", "2026-01-05", SERIES_JOURNEY)
    site = build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides={"PATH": str(content)})
    assert site.error is None, site.problems()

    page = site.html("posts/four/index.html")
    assert page.select_one("figure.pb-bench:not(.pb-series-journey)") is None  # four has no bench table
    figure = page.select_one("figure.pb-series-journey")
    assert figure.table.caption.get_text() == "Where the series got"
    assert figure.find("a", class_="pb-permalink")["href"] == f"#{figure['id']}"
    rows = journey_rows(figure.table)
    one = site.html("posts/one/index.html").select_one(".headline").get_text(strip=True)
    assert rows == [
        ["1", "One", "python3 fast.py", "time", one, "hyperfine"],
        ["2", "Two", "", "", "2× fewer allocations (stated by the author; no data)", ""],
        ["3", "Three", "", "", "no headline result", ""],
        ["4", "Four", "", "", "no headline result", ""],  # its only block is this table
    ]
    assert [a["href"] for a in figure.select("tbody a")] == ["../../posts/one/", "../../posts/two/", "../../posts/three/"]
    assert figure.select_one("tbody [aria-current=page]").get_text() == "Four"
    link = figure.find("a", string="the numbers shown, as CSV")
    data = list(csv.reader((tmp_path / "out" / "posts" / "four" / link["href"]).read_text().splitlines()))
    assert data[0] == ["part", "post", "url", "benchmark", "metric", "result", "tool"]
    assert [[r[0], r[1], *r[3:]] for r in data[1:]] == rows and data[1][2] == "posts/one/"

    draft = site.html("drafts/wip/index.html").select_one("figure.pb-series-journey")
    assert [r[1] for r in journey_rows(draft.table)] == ["One", "Two", "Three", "Four"]  # the draft is no part
    assert "not listed in the series" in draft.select_one(".pb-bench-notes").get_text()

    series = site.html("series/json-speed/index.html").select_one("figure.pb-series-journey")
    assert [r[:2] + r[4:5] for r in journey_rows(series.table)] == [r[:2] + r[4:5] for r in rows]
    csv_link = series.find("a", string="the numbers shown, as CSV")["href"]
    assert csv_link == "../../series/json-speed/journey.csv"
    assert (tmp_path / "out" / "series" / "json-speed" / "journey.csv").read_bytes() == \
        (tmp_path / "out" / "posts" / "four" / link["href"]).read_bytes()


def test_a_series_journey_outside_a_series_or_with_data_is_told_at_its_line(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    part(content, "alone", "2026-01-01", None, "")
    index = content / "posts" / "alone" / "index.md"
    index.write_text(index.read_text() + "\n" + SERIES_JOURNEY)
    part(content, "mixed", "2026-01-02", "JSON speed")
    index = content / "posts" / "mixed" / "index.md"
    index.write_text(index.read_text() + "\n```journey\nseries: yes\nversions: a = x.json, b = y.json\n```\n")
    site = build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides={"PATH": str(content)})
    assert site.error is not None
    problems = site.problems()
    assert "/posts/alone/index.md:8: [series] 'series: yes' needs the post's own 'Series:' line" in "\n".join(problems)
    assert any("/posts/mixed/index.md:9: [series] a journey across the series" in p and "'versions:'" in p
               for p in problems)
