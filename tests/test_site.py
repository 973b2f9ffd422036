"""The bundled site, built with the project's own settings, as a reader gets it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from perfblog.glue.readingtime import estimate

POST = "posts/counting-words-faster/index.html"
PAGE_TYPES = {
    "index": "index.html",
    "article": POST,
    "page": "about/index.html",
    "archives": "archives/index.html",
    "year archive": "2026/index.html",
    "month archive": "2026/11/index.html",
    "tags": "tags/index.html",
    "tag": "tags/rust/index.html",
    "categories": "categories/index.html",
    "category": "categories/performance/index.html",
    "authors": "authors/index.html",
    "author": "authors/perfblog-team/index.html",
    "404": "404.html",
}


def test_build_is_clean(site):
    assert site.error is None
    assert site.problems() == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_uses_the_perfblog_theme(site, kind):
    soup = site.html(PAGE_TYPES[kind])
    assert soup.find("meta", attrs={"name": "generator"})["content"] == "perfblog"
    assert soup.find("link", rel="stylesheet", href=re.compile(r"theme/css/site\.css$"))
    assert soup.html["lang"] == "en"
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main" and soup.find("main", id="main")
    assert soup.find("header") and soup.find("nav", attrs={"aria-label": "Main"}) and soup.find("footer")
    assert len(soup.find_all("h1")) == 1
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert 20 < len(description) <= 203
    assert soup.find("meta", property="og:title")["content"]
    assert soup.find("link", rel="icon")["href"].endswith("favicon.svg")


def test_example_post_header(site):
    soup = site.html(POST)
    header = soup.find("article").find("header")
    assert "5×" in header.h1.get_text() or "faster" in header.h1.get_text()
    assert header.find("time")["datetime"].startswith("2026-11-27")
    assert header.find("a", rel="author").get_text() == "perfblog team"
    tags = [a.get_text() for a in header.find("ul", class_="tags").find_all("a")]
    assert "rust" in tags and "criterion" in tags
    minutes = int(header.find(class_="reading-time").get_text().split()[0])
    body = str(soup.find("div", class_="prose"))
    assert minutes == estimate(body).minutes
    assert minutes >= 5  # a long post: the estimate cannot be the 1-minute floor


def test_example_post_follows_the_template(site):
    soup = site.html(POST)
    headings = [h.get_text(" ", strip=True).removesuffix(" #") for h in soup.find_all("h2")]
    for section in ["TL;DR", "The Challenge", "The Investigation", "The Optimization Journey",
                    "Final Results", "Key Takeaways", "Recommendations", "Code References", "Appendix"]:
        assert section in headings, f"missing section {section!r}: {headings}"
    assert any("Dead End" in h.get_text() or "dead end" in h.get_text().lower() for h in soup.find_all("h3"))


def test_index_lists_the_post_with_reading_time(site):
    soup = site.html("index.html")
    card = soup.find("a", href=re.compile(r"posts/counting-words-faster/$")).find_parent("li", class_="card")
    assert card.find(class_="reading-time").get_text().endswith("min read")
    assert len(card.find("p").get_text()) > 40  # the summary


def test_no_page_references_a_third_party_host(site):
    for page in site.pages():
        soup = site.html(str(page.relative_to(site.output)))
        for tag in soup.find_all(["link", "script", "img", "iframe", "source", "object", "video", "audio"]):
            for attribute in ("href", "src", "data", "srcset"):
                value = tag.get(attribute) or ""
                assert not re.match(r"(https?:)?//", value), f"{page}: {tag}"


def test_wide_tables_and_code_scroll_in_their_own_focusable_box(site):
    soup = site.html(POST)
    tables = soup.find("div", class_="prose").find_all("table")
    assert len(tables) >= 2
    labels = []
    for table in tables:
        box = table.find_parent(attrs={"role": "region"})
        assert box and box["tabindex"] == "0" and box["role"] == "region"
        labels.append(box.get("aria-label") or box.get("aria-labelledby"))
    assert len(set(labels)) == len(labels), labels  # each scroll region has its own name
    for pre in soup.find_all("pre"):
        assert pre["tabindex"] == "0"


def test_code_is_highlighted(site):
    soup = site.html(POST)
    assert soup.select(".highlight pre span.k")  # Pygments keyword spans
    assert soup.find("link", href=re.compile(r"theme/css/code\.css$"))


def test_published_feed_is_atom_with_absolute_urls(published):
    assert published.error is None, published.problems()
    feed = ET.parse(published.output / "feeds" / "all.atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("a:entry", ns)
    assert entries
    for entry in entries:
        for link in entry.findall("a:link", ns):
            assert link.get("href").startswith("https://perf.example.org/blog/posts/")
        assert entry.find("a:title", ns).text
        assert entry.find("a:updated", ns) is not None or entry.find("a:published", ns) is not None


def test_published_pages_have_canonical_and_open_graph_urls(published):
    soup = published.html(POST)
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "https://perf.example.org/blog/posts/counting-words-faster/"
    assert soup.find("meta", property="og:url")["content"] == canonical
    assert soup.find("meta", property="og:type")["content"] == "article"
    feed_link = soup.find("link", rel="alternate", type="application/atom+xml")["href"]
    assert feed_link == "https://perf.example.org/blog/feeds/all.atom.xml"


def test_development_build_uses_relative_links(site):
    soup = site.html(POST)
    assert soup.find("link", rel="stylesheet")["href"].startswith("../../theme/")
